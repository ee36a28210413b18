//! Every validation rule, each shown by a catalog that breaks it and the
//! message an author sees. The base is `tests/fixtures/example.json`, the
//! complete example of docs/catalog-format.md, which must stay valid.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;

use procedure_catalog::catalog::codes::OfficialCodes;
use procedure_catalog::catalog::official::official_codes;
use procedure_catalog::catalog::validate::url_problem;
use procedure_catalog::catalog::{LoadError, Loaded, load};
use serde_json::{Value, json};

fn codes() -> &'static OfficialCodes {
    static CODES: OnceLock<OfficialCodes> = OnceLock::new();
    CODES.get_or_init(official_codes)
}

fn example() -> Value {
    serde_json::from_str(include_str!("fixtures/example.json")).unwrap()
}

/// Loads the example after `change`.
fn with(change: impl FnOnce(&mut Value)) -> Loaded {
    let mut catalog = example();
    change(&mut catalog);
    load(&serde_json::to_vec(&catalog).unwrap(), Some(codes())).expect("readable")
}

fn messages(loaded: &Loaded) -> Vec<String> {
    loaded.problems.iter().map(ToString::to_string).collect()
}

/// Asserts that `loaded` reports exactly `expected` among its problems.
#[track_caller]
fn reports(loaded: &Loaded, expected: &str) {
    let all = messages(loaded);
    assert!(
        all.iter().any(|m| m == expected),
        "expected\n  {expected}\namong\n  {}",
        all.join("\n  ")
    );
}

fn first_procedure(catalog: &mut Value) -> &mut Value {
    &mut catalog["procedures"][0]
}

const P0: &str = "procedure `corpectomy-thoracic-example`: procedures[0]";

#[test]
fn the_example_is_valid_with_one_warning() {
    let loaded = with(|_| {});
    assert_eq!(loaded.error_count(), 0, "{:?}", messages(&loaded));
    assert_eq!(loaded.catalog.procedures.len(), 2);
    assert_eq!(
        messages(&loaded),
        [
            "warning: facets[0].values[1].codes[0].code: `S22.0` is a category header, not a billable code; prefer billable codes where one fits"
        ]
    );
}

#[test]
fn syntax_errors_give_line_and_column() {
    let err = load(
        b"{\n  \"format_version\": 1,\n  \"title\": \"x\"\n  \"publisher\": 2\n}",
        None,
    )
    .unwrap_err();
    assert_eq!(
        err,
        LoadError::Syntax {
            line: 4,
            column: 3,
            message: "expected `,` or `}`".into()
        }
    );
    assert!(
        err.to_string()
            .starts_with("line 4, column 3: not valid JSON: expected `,` or `}`")
    );
}

#[test]
fn truncated_json_is_a_syntax_error() {
    let text = include_str!("fixtures/example.json");
    let err = load(&text.as_bytes()[..text.len() / 2], None).unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err}");
    assert!(err.to_string().contains("EOF while parsing"), "{err}");
}

#[test]
fn empty_files_and_non_objects_stop_the_load() {
    assert_eq!(load(b"  \n", None).unwrap_err(), LoadError::Empty);
    assert!(
        load(b"", None)
            .unwrap_err()
            .to_string()
            .starts_with("the catalog file is empty")
    );
    assert_eq!(load(b"[1, 2]", None).unwrap_err(), LoadError::NotAnObject);
}

#[test]
fn invalid_utf8_names_line_and_byte() {
    let err = load(b"{\n\"title\": \"\xff\"}", None).unwrap_err();
    assert_eq!(
        err,
        LoadError::NotUtf8 {
            line: 2,
            offset: 12
        }
    );
    assert!(err.to_string().contains("save it as UTF-8"));
}

#[test]
fn a_byte_order_mark_is_ignored_with_a_warning() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(include_bytes!("fixtures/example.json"));
    let loaded = load(&bytes, None).unwrap();
    assert_eq!(loaded.catalog.procedures.len(), 2);
    assert!(messages(&loaded)[0].contains("byte-order mark"));
}

#[test]
fn format_version_must_be_present_and_one() {
    let mut catalog = example();
    catalog.as_object_mut().unwrap().remove("format_version");
    let err = load(&serde_json::to_vec(&catalog).unwrap(), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`format_version` is missing; add `\"format_version\": 1` at the top of the catalog"
    );
    catalog["format_version"] = json!(2);
    let err = load(&serde_json::to_vec(&catalog).unwrap(), None).unwrap_err();
    assert_eq!(
        err,
        LoadError::UnsupportedFormatVersion { found: "2".into() }
    );
    assert!(err.to_string().contains("this app reads version 1"));
}

#[test]
fn wrong_types_name_the_path_and_skip_only_that_procedure() {
    let loaded = with(|c| first_procedure(c)["title"] = json!(42));
    reports(
        &loaded,
        &format!("error: {P0}.title: invalid type: integer `42`, expected a string"),
    );
    assert_eq!(loaded.catalog.procedures.len(), 1);
    assert_eq!(loaded.skipped(), 1);
}

#[test]
fn every_type_error_of_a_procedure_is_reported() {
    let loaded = with(|c| {
        let p = first_procedure(c);
        p["title"] = json!(42);
        p["steps"][1]["detail"] = json!(false);
        p["billing"]["add_on"] = json!("no");
    });
    reports(
        &loaded,
        &format!("error: {P0}.title: invalid type: integer `42`, expected a string"),
    );
    reports(
        &loaded,
        &format!("error: {P0}.steps[1].detail: invalid type: boolean `false`, expected a string"),
    );
    reports(
        &loaded,
        &format!("error: {P0}.billing.add_on: invalid type: string \"no\", expected a boolean"),
    );
}

#[test]
fn missing_required_fields_are_named() {
    let loaded = with(|c| {
        first_procedure(c)
            .as_object_mut()
            .unwrap()
            .remove("summary");
        c.as_object_mut().unwrap().remove("publisher");
    });
    reports(
        &loaded,
        &format!("error: {P0}.summary: missing required field `summary`"),
    );
    reports(
        &loaded,
        "error: publisher: missing required field `publisher`",
    );
    assert_eq!(loaded.catalog.procedures.len(), 1);
}

#[test]
fn unknown_fields_suggest_the_intended_one() {
    let loaded = with(|c| {
        let p = first_procedure(c).as_object_mut().unwrap();
        let summary = p.remove("summary").unwrap();
        p.insert("sumary".into(), summary);
    });
    reports(
        &loaded,
        &format!("error: {P0}.sumary: unknown field `sumary`; did you mean `summary`?"),
    );
}

#[test]
fn unknown_code_systems_suggest_the_intended_one() {
    let loaded = with(|c| first_procedure(c)["codes"][0]["system"] = json!("CTP"));
    reports(
        &loaded,
        &format!("error: {P0}.codes[0].system: unknown value `CTP`; did you mean `CPT`?"),
    );
}

#[test]
fn procedure_ids_are_unique() {
    let loaded = with(|c| {
        let copy = c["procedures"][0].clone();
        c["procedures"].as_array_mut().unwrap().push(copy);
    });
    reports(
        &loaded,
        "error: procedure `corpectomy-thoracic-example`: procedures[2].id: procedure id `corpectomy-thoracic-example` is used by an earlier procedure; ids must be unique",
    );
    assert_eq!(
        loaded.catalog.procedures.len(),
        2,
        "the first keeps its place"
    );
}

#[test]
fn procedure_ids_are_lowercase_words() {
    let loaded = with(|c| first_procedure(c)["id"] = json!("Corpectomy Thoracic"));
    reports(
        &loaded,
        "error: procedure `Corpectomy Thoracic`: procedures[0].id: procedure id `Corpectomy Thoracic` must be lowercase letters, digits and single hyphens; did you mean `corpectomy-thoracic`?",
    );
}

#[test]
fn procedure_ids_are_never_a_bare_code() {
    let loaded = with(|c| first_procedure(c)["id"] = json!("63101"));
    reports(
        &loaded,
        "error: procedure `63101`: procedures[0].id: id `63101` is a bare code; ids must name the procedure in words so they survive code changes, e.g. `thoracic-corpectomy-from-63101`",
    );
}

#[test]
fn facet_values_must_be_declared() {
    let loaded =
        with(|c| first_procedure(c)["facets"]["indication"][0] = json!("spinal-metastasys"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.facets.indication[0]: unknown indication `spinal-metastasys`; did you mean `spinal-metastasis`?; use a value declared in facet `indication`"
        ),
    );
}

#[test]
fn facets_must_be_declared() {
    let loaded = with(|c| first_procedure(c)["facets"]["regoin"] = json!(["thoracic"]));
    reports(
        &loaded,
        &format!(
            "error: {P0}.facets.regoin: unknown facet `regoin`; did you mean `region`?; declare it under `facets` or remove it here"
        ),
    );
}

#[test]
fn related_ids_must_resolve() {
    let loaded = with(|c| {
        first_procedure(c)["related"][0]["id"] = json!("corpectomy-additional-segment-exampel")
    });
    reports(
        &loaded,
        &format!(
            "error: {P0}.related[0].id: related procedure `corpectomy-additional-segment-exampel` is not in this catalog; did you mean `corpectomy-additional-segment-example`?"
        ),
    );
    let loaded =
        with(|c| first_procedure(c)["related"][0]["id"] = json!("corpectomy-thoracic-example"));
    reports(
        &loaded,
        &format!("error: {P0}.related[0].id: a procedure cannot be related to itself"),
    );
}

#[test]
fn add_ons_name_existing_primaries() {
    let add_on = "procedure `corpectomy-additional-segment-example`: procedures[1]";
    let loaded = with(|c| c["procedures"][1]["billing"]["primary_procedures"] = json!(["nowhere"]));
    reports(
        &loaded,
        &format!(
            "error: {add_on}.billing.primary_procedures[0]: primary procedure `nowhere` is not in this catalog"
        ),
    );
    let loaded = with(|c| c["procedures"][1]["billing"]["primary_procedures"] = json!([]));
    reports(
        &loaded,
        &format!(
            "error: {add_on}.billing.primary_procedures: an add-on must name the primary procedures it is reported with"
        ),
    );
}

#[test]
fn billing_facts_follow_cms_conventions() {
    let add_on = "procedure `corpectomy-additional-segment-example`: procedures[1]";
    let loaded = with(|c| first_procedure(c)["billing"]["global_period"] = json!("90"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.billing.global_period: `90` is not a global period; use one of 000, 010, 090, MMM, XXX, YYY, ZZZ"
        ),
    );
    let loaded = with(|c| c["procedures"][1]["billing"]["global_period"] = json!("090"));
    reports(
        &loaded,
        &format!(
            "warning: {add_on}.billing.global_period: add-ons carry global period ZZZ, not 090"
        ),
    );
    let loaded = with(|c| first_procedure(c)["billing"]["modifiers"][0]["code"] = json!("-62"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.billing.modifiers[0].code: modifier `-62` is not two digits or capital letters (e.g. `62`, `XS`)"
        ),
    );
    let loaded = with(|c| {
        c["procedures"][1]["billing"]["modifiers"] =
            json!([{"code": "51", "name": "Multiple procedures", "when": "always"}])
    });
    reports(
        &loaded,
        &format!(
            "warning: {add_on}.billing.modifiers[0].code: modifier 51 is never reported on an add-on"
        ),
    );
}

#[test]
fn dates_must_be_real() {
    let loaded = with(|c| {
        first_procedure(c)["reviewed"] = json!("2026-02-30");
        c["updated"] = json!("20 Nov 2026");
        c["sources"][0]["accessed"] = json!("2026-13-01");
    });
    reports(
        &loaded,
        &format!(
            "error: {P0}.reviewed: `2026-02-30` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20"
        ),
    );
    reports(
        &loaded,
        "error: updated: `20 Nov 2026` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
    );
    reports(
        &loaded,
        "error: sources[0].accessed: `2026-13-01` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
    );
}

#[test]
fn codes_follow_their_system_format() {
    let loaded = with(|c| first_procedure(c)["codes"][1]["code"] = json!("0pb40zz"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.codes[1].code: `0pb40zz` is not a valid ICD-10-PCS code: expected seven digits or capital letters, no I or O (e.g. `0PB40ZZ`); did you mean `0PB40ZZ`?"
        ),
    );
    let loaded = with(|c| first_procedure(c)["codes"][0]["code"] = json!("631010"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.codes[0].code: `631010` is not a valid CPT code: expected five characters: four digits then a digit, F, T or U (e.g. `63101`)"
        ),
    );
}

#[test]
fn icd10_codes_must_exist_in_the_2025_code_sets() {
    let loaded = with(|c| first_procedure(c)["codes"][1]["code"] = json!("0PB40ZY"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.codes[1].code: ICD-10-PCS code `0PB40ZY` is not in the official 2025 code set"
        ),
    );
    let loaded = with(|c| c["facets"][0]["values"][0]["codes"][0]["code"] = json!("C79.59"));
    reports(
        &loaded,
        "error: facets[0].values[0].codes[0].code: ICD-10-CM code `C79.59` is not in the official 2025 code set; its category `C79.5` is",
    );
}

#[test]
fn icd10_titles_must_be_the_official_ones() {
    let loaded =
        with(|c| first_procedure(c)["codes"][1]["title"] = json!("Excision of thoracic vertebra"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.codes[1].title: title differs from the official one; use \"Excision of Thoracic Vertebra, Open Approach\""
        ),
    );
}

#[test]
fn cpt_codes_carry_no_descriptor() {
    let loaded = with(|c| first_procedure(c)["codes"][0]["title"] = json!("Some descriptor"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.codes[0].title: CPT codes carry no title (CPT descriptors are the AMA's copyright); remove `title` and describe the procedure in the summary in your own words"
        ),
    );
}

#[test]
fn the_cpt_notice_is_required_when_cpt_codes_are_cited() {
    let loaded = with(|c| c["notices"] = json!([]));
    reports(
        &loaded,
        "error: notices: the catalog cites CPT codes, so `notices` must include \"CPT® is a registered trademark of the American Medical Association.\"",
    );
    assert_eq!(
        loaded.catalog.procedures.len(),
        2,
        "a header error leaves the procedures alone"
    );
}

#[test]
fn text_must_not_be_empty_or_blank() {
    let loaded = with(|c| {
        first_procedure(c)["summary"] = json!("   ");
        first_procedure(c)["risks"][1] = json!("");
    });
    reports(
        &loaded,
        &format!("error: {P0}.summary: text is empty; write it or remove the field"),
    );
    reports(
        &loaded,
        &format!("error: {P0}.risks[1]: text is empty; write it or remove the field"),
    );
    assert_eq!(loaded.catalog.procedures.len(), 1);
}

#[test]
fn sources_are_web_links_with_unique_ids_and_are_declared() {
    let loaded = with(|c| c["sources"][0]["url"] = json!("javascript:alert(1)"));
    reports(
        &loaded,
        "error: sources[0].url: `javascript:alert(1)` is not an http or https address; only web links are allowed",
    );
    assert!(
        loaded.catalog.sources.is_empty(),
        "a bad source is left out"
    );
    let loaded = with(|c| {
        let copy = c["sources"][0].clone();
        c["sources"].as_array_mut().unwrap().push(copy);
    });
    reports(
        &loaded,
        "error: sources[1].id: source id `cms-icd10pcs` is used twice; give each source its own id",
    );
    let loaded = with(|c| first_procedure(c)["sources"][0] = json!("cms-icd10-pcs"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.sources[0]: source `cms-icd10-pcs` is not declared under the catalog's `sources`; did you mean `cms-icd10pcs`?"
        ),
    );
}

#[test]
fn facets_and_their_values_are_unique() {
    let loaded = with(|c| {
        let copy = c["facets"][1].clone();
        c["facets"].as_array_mut().unwrap().push(copy);
    });
    reports(
        &loaded,
        "error: facets[2].id: facet id `region` is declared twice; merge the two facets",
    );
    let loaded = with(|c| {
        let copy = c["facets"][1]["values"][0].clone();
        c["facets"][1]["values"].as_array_mut().unwrap().push(copy);
    });
    reports(
        &loaded,
        "error: facets[1].values[2].id: value `thoracic` is declared twice in facet `region`",
    );
}

#[test]
fn unverified_marks_name_a_real_field() {
    let loaded = with(|c| first_procedure(c)["unverified"][0]["field"] = json!("billing.global"));
    reports(
        &loaded,
        &format!(
            "error: {P0}.unverified[0].field: `billing.global` names no field of this procedure; use a path such as `summary`, `codes[0]` or `billing.global_period`"
        ),
    );
}

#[test]
fn lists_must_be_lists() {
    let loaded = with(|c| c["procedures"] = json!({"id": "x"}));
    reports(
        &loaded,
        "error: procedures: `procedures` must be a list (`[ ... ]`), found an object",
    );
    assert_eq!(loaded.procedures_in_file, 0);
}

#[test]
fn cards_without_codes_or_sources_are_warned_about() {
    let loaded = with(|c| {
        first_procedure(c)
            .as_object_mut()
            .unwrap()
            .remove("sources");
        first_procedure(c)["codes"] = json!([]);
    });
    reports(
        &loaded,
        &format!("warning: {P0}.codes: no codes; add the codes that report this procedure"),
    );
    reports(
        &loaded,
        &format!("warning: {P0}.sources: no sources; cite what this card rests on"),
    );
    assert_eq!(
        loaded.catalog.procedures.len(),
        2,
        "warnings do not leave procedures out"
    );
}

#[test]
fn a_catalog_with_a_few_broken_procedures_keeps_all_the_others() {
    let loaded = with(|c| {
        let good = c["procedures"][1].clone();
        let list = c["procedures"].as_array_mut().unwrap();
        for i in 0..10 {
            let mut p = good.clone();
            p["id"] = json!(format!("extra-{i}"));
            if i % 4 == 0 {
                p["facets"]["region"] = json!(["cervical"]);
            }
            list.push(p);
        }
    });
    let left_out: Vec<&str> = loaded
        .problems
        .iter()
        .filter(|p| p.is_error())
        .filter_map(|p| p.procedure.as_deref())
        .collect();
    assert_eq!(left_out, ["extra-0", "extra-4", "extra-8"]);
    assert_eq!(loaded.catalog.procedures.len(), 12 - 3);
    assert_eq!(loaded.skipped(), 3);
}

#[test]
fn code_set_checks_are_skipped_without_code_sets() {
    let mut catalog = example();
    first_procedure(&mut catalog)["codes"][1]["code"] = json!("0PB40ZY");
    let loaded = load(&serde_json::to_vec(&catalog).unwrap(), None).unwrap();
    assert_eq!(loaded.error_count(), 0);
}

#[test]
fn words_shaped_like_codes_are_not_bare_codes() {
    let loaded = with(|c| first_procedure(c)["id"] = json!("lumbars"));
    assert!(
        !messages(&loaded).iter().any(|m| m.contains("bare code")),
        "{:?}",
        messages(&loaded)
    );
    let loaded = with(|c| first_procedure(c)["id"] = json!("0pb40zz"));
    reports(
        &loaded,
        "error: procedure `0pb40zz`: procedures[0].id: id `0pb40zz` is a bare code; ids must name the procedure in words so they survive code changes, e.g. `thoracic-corpectomy-from-0pb40zz`",
    );
}

#[test]
fn a_duplicate_facet_does_not_hide_errors_in_the_first() {
    let loaded = with(|c| {
        let copy = c["facets"][1].clone();
        c["facets"].as_array_mut().unwrap().push(copy);
        first_procedure(c)["facets"]["region"] = json!(["nowhere"]);
    });
    reports(
        &loaded,
        &format!(
            "error: {P0}.facets.region[0]: unknown region `nowhere`; use a value declared in facet `region`"
        ),
    );
}

#[test]
fn stand_ins_for_type_errors_cause_no_further_noise() {
    let loaded = with(|c| {
        first_procedure(c)["codes"] = json!([{"system": "XYZ", "code": "1"}]);
        first_procedure(c).as_object_mut().unwrap().remove("id");
    });
    let all = messages(&loaded);
    assert!(
        all.iter()
            .any(|m| m.contains("procedures[0].codes[0].system: unknown value `XYZ`")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|m| m.contains("procedures[0].id: missing required field `id`")),
        "{all:?}"
    );
    assert!(
        !all.iter()
            .any(|m| m.contains("no codes") || m.contains("bare code")),
        "{all:?}"
    );
}

#[test]
fn a_textual_format_version_gets_a_plain_message() {
    let mut catalog = example();
    catalog["format_version"] = json!("1");
    let err = load(&serde_json::to_vec(&catalog).unwrap(), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`format_version` must be the whole number 1, not \"1\"; write `\"format_version\": 1`"
    );
}

#[test]
fn pcs_codes_outside_the_bundled_section_are_not_called_missing() {
    let loaded = with(|c| {
        first_procedure(c)["codes"][1] = json!({"system": "ICD-10-PCS", "code": "BR00ZZZ"})
    });
    reports(
        &loaded,
        &format!(
            "warning: {P0}.codes[1].code: `BR00ZZZ` is outside the Medical and Surgical section (codes starting with 0), the only ICD-10-PCS section bundled; it was not checked"
        ),
    );
    assert_eq!(loaded.error_count(), 0);
}

#[test]
fn hostile_text_is_only_text_and_only_web_links_pass() {
    // The catalog the end-to-end test `hostile.spec.js` serves: HTML, script
    // and handler payloads in every text field are valid text. Only the
    // `javascript:` source and the procedure whose id is markup are refused.
    let loaded = load(include_bytes!("fixtures/hostile.json"), None).expect("readable");
    let errors: Vec<String> = loaded
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "error: sources[1].url: `javascript:alert(1)` is not an http or https address; only web links are allowed",
            "error: procedure `bad id <img src=x onerror=alert(1)>`: procedures[3].id: procedure id `bad id <img src=x onerror=alert(1)>` must be lowercase letters, digits and single hyphens; did you mean `bad-id-img-src-x-onerror-alert-1`?",
        ]
    );
    let catalog = &loaded.catalog;
    assert_eq!(catalog.procedures.len(), 3);
    assert_eq!(catalog.title, "Catalog title <img src=x onerror=alert(1)>");
    assert_eq!(
        catalog.procedures[0].title,
        "Procedure 1 title \"><svg onload=alert(1)>"
    );
    assert_eq!(
        catalog
            .sources
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["hostile-source"]
    );
}

#[test]
fn only_complete_http_and_https_addresses_are_links() {
    for url in [
        "https://www.cms.gov/x",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/Path",
        "https://example.org/?q=<script>alert(1)</script>",
    ] {
        assert_eq!(url_problem(url), None, "{url}");
    }
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "/relative/path",
        "https:evil.example",
        "http:/evil.example",
        "https://",
        "https:///x",
        "https:// evil.example",
        "https://evil.example/\"><svg onload=alert(1)>",
    ] {
        assert!(url_problem(url).is_some(), "{url:?} must be refused");
    }
}

// Notes and index terms.

#[test]
fn notes_and_index_terms_of_the_example_are_kept() {
    let loaded = with(|_| {});
    let catalog = &loaded.catalog;
    assert_eq!(catalog.notes.len(), 1);
    assert_eq!(catalog.index.len(), 2);
    let notes = catalog.notes_of(&catalog.procedures[0]);
    assert_eq!(
        notes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
        ["pcs-vertebral-body-removal"]
    );
    assert!(catalog.notes_of(&catalog.procedures[1]).is_empty());
}

#[test]
fn a_note_id_that_names_no_note_is_an_error_that_leaves_its_procedure_out() {
    let loaded = with(|c| first_procedure(c)["notes"] = json!(["pcs-vertebral-body-remova"]));
    reports(
        &loaded,
        &format!(
            "error: {P0}.notes[0]: note `pcs-vertebral-body-remova` is not declared under the catalog's `notes`; did you mean `pcs-vertebral-body-removal`?"
        ),
    );
    assert_eq!(loaded.catalog.procedures.len(), 1);
}

#[test]
fn a_facet_value_and_an_index_term_may_refer_to_notes_and_are_checked_alike() {
    let loaded = with(|c| {
        c["facets"][1]["values"][0]["notes"] = json!(["pcs-vertebral-body-removal"]);
        c["index"][1]["notes"] = json!(["nowhere"]);
    });
    assert!(
        loaded.catalog.facets[1].values[0].notes == ["pcs-vertebral-body-removal"],
        "{:?}",
        messages(&loaded)
    );
    reports(
        &loaded,
        "error: index[1].notes[0]: note `nowhere` is not declared under the catalog's `notes`",
    );
    assert_eq!(loaded.catalog.index.len(), 1, "the broken term is left out");
    // The value's notes apply to every procedure with that value.
    let catalog = &loaded.catalog;
    assert_eq!(catalog.notes_of(&catalog.procedures[1]).len(), 1);
}

#[test]
fn a_note_nothing_refers_to_is_a_warning() {
    let loaded = with(|c| {
        first_procedure(c).as_object_mut().unwrap().remove("notes");
        c["index"][0].as_object_mut().unwrap().remove("notes");
    });
    reports(
        &loaded,
        "warning: notes[0].id: note `pcs-vertebral-body-removal` is not referred to by any procedure, facet value or index term; refer to it under `notes` or remove it",
    );
    assert_eq!(loaded.error_count(), 0);
}

#[test]
fn notes_need_unique_ids_and_declared_sources() {
    let loaded = with(|c| {
        let note = c["notes"][0].clone();
        c["notes"].as_array_mut().unwrap().push(note);
        c["notes"][0]["sources"] = json!(["cms-icd10-pcs"]);
    });
    reports(
        &loaded,
        "error: notes[0].sources[0]: source `cms-icd10-pcs` is not declared under the catalog's `sources`; did you mean `cms-icd10pcs`?",
    );
    reports(
        &loaded,
        "error: notes[1].id: note id `pcs-vertebral-body-removal` is used twice; give each note its own id",
    );
}

#[test]
fn a_broken_note_is_reported_once_not_at_every_reference() {
    let loaded = with(|c| c["notes"][0]["txt"] = json!("typo"));
    let all = messages(&loaded);
    assert!(
        all.iter()
            .any(|m| m.contains("notes[0].txt: unknown field `txt`")),
        "{all:?}"
    );
    assert!(
        !all.iter()
            .any(|m| m.contains("is not declared under the catalog's `notes`")),
        "{all:?}"
    );
    assert_eq!(loaded.catalog.procedures.len(), 2);
}

#[test]
fn an_index_term_must_name_procedures() {
    let loaded = with(|c| {
        c["index"][1].as_object_mut().unwrap().remove("procedures");
        c["index"][0]["term"] = json!([]);
    });
    reports(
        &loaded,
        "error: index[1]: the term names no procedures; add `codes` (code prefixes) or `procedures` (ids), or remove the term",
    );
    reports(
        &loaded,
        "error: index[0].term: the term is empty; write the term and its subterms, main term first, e.g. [\"Fusion\", \"Lumbar Vertebral\"]",
    );
    assert!(loaded.catalog.index.is_empty());
    assert_eq!(
        loaded.catalog.procedures.len(),
        2,
        "procedures are untouched"
    );
}

#[test]
fn an_index_term_whose_prefix_or_id_matches_nothing_is_a_warning() {
    let loaded = with(|c| {
        c["index"][0]["codes"] = json!([
            { "system": "ICD-10-PCS", "prefix": "0QB" },
            { "system": "CPT", "prefix": "631" },
            { "system": "ICD-10-PCS", "prefix": "631" }
        ]);
        c["index"][1]["procedures"][1] = json!("corpectomy-additional-segment-exampel");
    });
    reports(
        &loaded,
        "warning: index[0].codes[0].prefix: no ICD-10-PCS code of this catalog's procedures starts with `0QB`; the term finds nothing there",
    );
    reports(
        &loaded,
        "warning: index[0].codes[2].prefix: no ICD-10-PCS code of this catalog's procedures starts with `631`; the term finds nothing there",
    );
    reports(
        &loaded,
        "warning: index[1].procedures[1]: procedure `corpectomy-additional-segment-exampel` is not in this catalog; did you mean `corpectomy-additional-segment-example`?; the term finds nothing there",
    );
    assert!(
        !messages(&loaded)
            .iter()
            .any(|m| m.contains("index[0].codes[1]")),
        "CPT 631… matches 63101"
    );
    assert_eq!(loaded.error_count(), 0);
}

#[test]
fn a_repeated_index_term_is_a_warning() {
    let loaded = with(|c| {
        let term = c["index"][1].clone();
        c["index"].as_array_mut().unwrap().push(term);
    });
    reports(
        &loaded,
        "warning: index[2].term: the term `Vertebrectomy` (see Corpectomy) repeats index[1]; merge the two",
    );
}

#[test]
fn an_index_term_with_a_blank_subterm_is_left_out() {
    let loaded = with(|c| c["index"][0]["term"][1] = json!("  "));
    reports(
        &loaded,
        "error: index[0].term[1]: text is empty; write it or remove the field",
    );
    assert_eq!(loaded.catalog.index.len(), 1);
}

#[test]
fn a_code_axis_is_named_by_one_facet_from_character_one() {
    let loaded = with(|c| {
        c["facets"][0]["axis"] = json!({ "system": "ICD-10-PCS", "character": 4 });
        c["facets"][1]["axis"] = json!({ "system": "ICD-10-PCS", "character": 4 });
    });
    reports(
        &loaded,
        "error: facets[1].axis.character: facet `indication` already names character 4 of ICD-10-PCS codes; each character has one facet",
    );
    let loaded =
        with(|c| c["facets"][1]["axis"] = json!({ "system": "ICD-10-PCS", "character": 0 }));
    reports(
        &loaded,
        "error: facets[1].axis.character: characters are counted from 1 (the first character of the code)",
    );
}
