//! The corpus of broken catalogs: one file per case in
//! `tests/fixtures/broken/` (its README.md lists them), and the cases too big
//! to commit, made here: a 10 MB string, deep nesting, 300,000 procedures.
//!
//! For each, `load` (what the app runs, without code sets) and `catalog
//! validate` (with the official code sets) give the message an author sees,
//! naming the place: line and column or byte, JSON path, procedure id. Every
//! valid procedure of a partly broken catalog is kept.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use procedure_catalog::catalog::codes::OfficialCodes;
use procedure_catalog::catalog::generate::{Options, generate};
use procedure_catalog::catalog::load::MAX_DEPTH;
use procedure_catalog::catalog::official::{official_codes, pcs_rows};
use procedure_catalog::catalog::{LoadError, Loaded, load};
use serde_json::{Value, json};

fn codes() -> &'static OfficialCodes {
    static CODES: OnceLock<OfficialCodes> = OnceLock::new();
    CODES.get_or_init(official_codes)
}

const DIR: &str = "tests/fixtures/broken";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap()
}

/// Runs `catalog validate` on `path`: exit code and everything printed.
fn validate(path: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_catalog"))
        .args(["validate", path])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// A file under the system's temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("catalog-corpus-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn errors(loaded: &Loaded) -> Vec<String> {
    let mut errors: Vec<String> = loaded
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(ToString::to_string)
        .collect();
    errors.sort();
    errors
}

fn kept(loaded: &Loaded) -> Vec<&str> {
    loaded
        .catalog
        .procedures
        .iter()
        .map(|p| p.id.as_str())
        .collect()
}

/// Asserts the errors (in any order) and the procedures kept (in file order).
#[track_caller]
fn assert_loaded(loaded: &Loaded, expected_errors: &[&str], expected_kept: &[&str]) {
    let mut expected: Vec<String> = expected_errors.iter().map(|e| e.to_string()).collect();
    expected.sort();
    assert_eq!(errors(loaded), expected);
    assert_eq!(kept(loaded), expected_kept);
    assert_eq!(
        loaded.skipped(),
        loaded.procedures_in_file - expected_kept.len()
    );
}

/// Asserts that `catalog validate` exits with `code` on fixture `name` and
/// prints each of `lines` (after the file name) and the summary line, if any.
#[track_caller]
fn assert_tool(name: &str, code: i32, lines: &[&str], summary: &str) {
    let path = format!("{DIR}/{name}");
    let (exit, out) = validate(&path);
    assert_eq!(exit, code, "{out}");
    for line in lines.iter().chain([&summary]).filter(|l| !l.is_empty()) {
        let line = format!("{path}: {line}\n");
        assert!(out.contains(&line), "expected\n  {line}in\n{out}");
    }
}

const CORPECTOMY: &str = "corpectomy-thoracic-example";
const ADD_ON: &str = "corpectomy-additional-segment-example";
const LAMINECTOMY: &str = "laminectomy-lumbar-example";
const DISCECTOMY: &str = "discectomy-lumbar-example";

#[test]
fn the_fixtures_are_the_documented_ones() {
    let readme = std::fs::read_to_string(format!("{DIR}/README.md")).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 11, "{files:?}");
    for file in files {
        assert!(
            readme.contains(&format!("`{file}`")),
            "{file} is not listed in {DIR}/README.md"
        );
    }
}

#[test]
fn truncated_json_names_the_line_and_column_where_it_ends() {
    let bytes = fixture("truncated.json");
    let text = std::str::from_utf8(&bytes).unwrap();
    let last_line = text.rsplit('\n').next().unwrap();
    // The place is the file's last character.
    let (line, column) = (text.matches('\n').count() + 1, last_line.len());
    let err = load(&bytes, None).unwrap_err();
    assert_eq!(
        err,
        LoadError::Syntax {
            line,
            column,
            message: "EOF while parsing a string".into()
        }
    );
    let message = format!(
        "line {line}, column {column}: not valid JSON: EOF while parsing a string; fix the JSON syntax there (a JSON linter or editor shows the spot)"
    );
    assert_eq!(err.to_string(), message);
    assert_tool("truncated.json", 1, &[&format!("error: {message}")], "");
}

#[test]
fn wrong_types_name_the_path_and_keep_the_other_procedures() {
    let expected = [
        "error: catalog_version: invalid type: floating point `2026.1`, expected a string",
        "error: procedure `corpectomy-additional-segment-example`: procedures[1].title: invalid type: integer `42`, expected a string",
        "error: procedure `corpectomy-additional-segment-example`: procedures[1].billing.add_on: invalid type: string \"yes\", expected a boolean",
        "error: procedure `discectomy-lumbar-example`: procedures[3].codes: invalid type: map, expected a sequence",
    ];
    let loaded = load(&fixture("wrong-types.json"), None).unwrap();
    assert_loaded(&loaded, &expected, &[CORPECTOMY, LAMINECTOMY]);
    assert_eq!(
        loaded.catalog.catalog_version, "",
        "the header is shown with what could be read"
    );
    assert_eq!(loaded.catalog.title, "Example spine catalog");
    assert_tool(
        "wrong-types.json",
        1,
        &expected,
        "4 procedures, 2 valid, 2 left out; 4 errors, 1 warning",
    );
}

#[test]
fn missing_fields_are_named_with_their_path() {
    let expected = [
        "error: publisher: missing required field `publisher`",
        "error: procedure `corpectomy-thoracic-example`: procedures[0].team.roles[1].specialty: missing required field `specialty`",
        "error: procedure `corpectomy-additional-segment-example`: procedures[1].summary: missing required field `summary`",
        "error: procedures[3].id: missing required field `id`",
    ];
    let loaded = load(&fixture("missing-fields.json"), None).unwrap();
    assert_loaded(&loaded, &expected, &[LAMINECTOMY]);
    assert_tool(
        "missing-fields.json",
        1,
        &expected,
        "4 procedures, 1 valid, 3 left out; 4 errors, 1 warning",
    );
}

#[test]
fn a_duplicate_id_leaves_out_the_later_entry_only() {
    let expected = [
        "error: sources[1].id: source id `cms-icd10pcs` is used twice; give each source its own id",
        "error: procedure `laminectomy-lumbar-example`: procedures[3].id: procedure id `laminectomy-lumbar-example` is used by an earlier procedure; ids must be unique",
        "error: procedure `laminectomy-lumbar-example`: procedures[3].related[0].id: a procedure cannot be related to itself",
    ];
    let loaded = load(&fixture("duplicate-ids.json"), None).unwrap();
    assert_loaded(&loaded, &expected, &[CORPECTOMY, ADD_ON, LAMINECTOMY]);
    assert_eq!(loaded.catalog.sources.len(), 1);
    assert_eq!(loaded.catalog.sources[0].title, "ICD-10-PCS 2025");
    assert_tool(
        "duplicate-ids.json",
        1,
        &expected,
        "4 procedures, 3 valid, 1 left out; 3 errors, 1 warning",
    );
}

#[test]
fn dangling_related_ids_are_named_with_a_suggestion() {
    let expected = [
        "error: procedure `corpectomy-additional-segment-example`: procedures[1].billing.primary_procedures[0]: primary procedure `corpectomy-thoracic-missing` is not in this catalog",
        "error: procedure `discectomy-lumbar-example`: procedures[3].related[0].id: related procedure `laminectomy-lumbr-example` is not in this catalog; did you mean `laminectomy-lumbar-example`?",
    ];
    let loaded = load(&fixture("dangling-related.json"), None).unwrap();
    assert_loaded(&loaded, &expected, &[CORPECTOMY, LAMINECTOMY]);
    assert_tool(
        "dangling-related.json",
        1,
        &expected,
        "4 procedures, 2 valid, 2 left out; 2 errors, 1 warning",
    );
}

#[test]
fn unknown_facet_values_are_named_with_the_facet() {
    let expected = [
        "error: procedure `laminectomy-lumbar-example`: procedures[2].facets.region[1]: unknown region `sacral`; use a value declared in facet `region`",
        "error: procedure `discectomy-lumbar-example`: procedures[3].facets.indication[0]: unknown indication `spinal-metastasys`; did you mean `spinal-metastasis`?; use a value declared in facet `indication`",
        "error: procedure `discectomy-lumbar-example`: procedures[3].facets.regoin: unknown facet `regoin`; did you mean `region`?; declare it under `facets` or remove it here",
    ];
    let loaded = load(&fixture("unknown-facet-values.json"), None).unwrap();
    assert_loaded(&loaded, &expected, &[CORPECTOMY, ADD_ON]);
    assert_tool(
        "unknown-facet-values.json",
        1,
        &expected,
        "4 procedures, 2 valid, 2 left out; 3 errors, 1 warning",
    );
}

#[test]
fn invalid_codes_are_named_and_the_tool_also_checks_the_code_sets() {
    let shapes = [
        "error: facets[0].values[0].codes[0].code: `C7951` is not a valid ICD-10-CM code: expected a letter, a digit, a character, then a dot and up to four more (e.g. `C79.51`); did you mean `C79.51`?",
        "error: procedure `corpectomy-thoracic-example`: procedures[0].codes[1].code: `0pb40zz` is not a valid ICD-10-PCS code: expected seven digits or capital letters, no I or O (e.g. `0PB40ZZ`); did you mean `0PB40ZZ`?",
        "error: procedure `laminectomy-lumbar-example`: procedures[2].codes[0].code: `6304` is not a valid CPT code: expected five characters: four digits then a digit, F, T or U (e.g. `63101`)",
    ];
    let not_in_set = "error: procedure `discectomy-lumbar-example`: procedures[3].codes[1].code: ICD-10-PCS code `0SB20ZY` is not in the official 2025 code set";
    let bytes = fixture("invalid-codes.json");

    // The app checks shapes only, so the well-shaped unknown code is kept.
    let loaded = load(&bytes, None).unwrap();
    assert_loaded(&loaded, &shapes, &[ADD_ON, DISCECTOMY]);
    assert!(
        loaded.catalog.facet("indication").is_none(),
        "a facet with a bad code is left out whole"
    );

    let checked = load(&bytes, Some(codes())).unwrap();
    let mut all = shapes.to_vec();
    all.push(not_in_set);
    assert_loaded(&checked, &all, &[ADD_ON]);
    assert_tool(
        "invalid-codes.json",
        1,
        &all,
        "4 procedures, 1 valid, 3 left out; 4 errors, 1 warning",
    );
}

#[test]
fn invalid_utf8_names_the_line_and_byte() {
    let bytes = fixture("invalid-utf8.json");
    let offset = bytes.iter().position(|&b| b == 0xE9).unwrap();
    let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
    assert!(
        line > 1 && offset > 100,
        "the bad byte is inside the file: line {line}, byte {offset}"
    );
    let err = load(&bytes, None).unwrap_err();
    assert_eq!(err, LoadError::NotUtf8 { line, offset });
    let message = format!(
        "line {line} (byte {offset}): the file is not UTF-8 text; save it as UTF-8 and try again"
    );
    assert_eq!(err.to_string(), message);
    assert_tool("invalid-utf8.json", 1, &[&format!("error: {message}")], "");

    // Behind a byte-order mark the byte is still counted from the file's start.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&bytes);
    assert_eq!(
        load(&with_bom, None).unwrap_err(),
        LoadError::NotUtf8 {
            line,
            offset: offset + 3
        }
    );
}

#[test]
fn a_byte_order_mark_is_a_warning_and_everything_is_kept() {
    let loaded = load(&fixture("bom.json"), Some(codes())).unwrap();
    assert_eq!(
        loaded.problems[0].to_string(),
        "warning: the file starts with a byte-order mark; it was ignored, but save the file as UTF-8 without BOM"
    );
    assert_loaded(&loaded, &[], &[CORPECTOMY, ADD_ON, LAMINECTOMY, DISCECTOMY]);
    assert_tool(
        "bom.json",
        0,
        &[
            "warning: the file starts with a byte-order mark; it was ignored, but save the file as UTF-8 without BOM",
        ],
        "4 procedures, 4 valid, 0 left out; 0 errors, 2 warnings",
    );
}

#[test]
fn an_empty_file_says_what_a_catalog_must_hold() {
    let message = "the catalog file is empty; it must hold a JSON object with `format_version`, `title`, `facets` and `procedures`";
    let err = load(&fixture("empty.json"), None).unwrap_err();
    assert_eq!(err, LoadError::Empty);
    assert_eq!(err.to_string(), message);
    assert_tool("empty.json", 1, &[&format!("error: {message}")], "");
}

#[test]
fn zero_procedures_is_a_valid_catalog() {
    let loaded = load(&fixture("zero-procedures.json"), None).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.procedures_in_file, 0);
    assert_eq!(loaded.catalog.facets.len(), 2);
    assert_tool(
        "zero-procedures.json",
        0,
        &[],
        "0 procedures, 0 valid, 0 left out; 0 errors, 1 warning",
    );
}

fn example() -> Value {
    serde_json::from_str(include_str!("fixtures/example.json")).unwrap()
}

const TEN_MB: usize = 10 * 1024 * 1024;

/// What a problem shows of a long quoted text: its start and its length.
fn shown(text: &str) -> String {
    format!(
        "{}… ({} characters)",
        text.chars().take(100).collect::<String>(),
        text.chars().count()
    )
}

#[test]
fn a_ten_megabyte_summary_is_kept() {
    let mut catalog = example();
    let summary = "Text pasted many times over. ".repeat(TEN_MB / 29 + 1);
    catalog["procedures"][1]["summary"] = json!(summary);
    let bytes = serde_json::to_vec(&catalog).unwrap();
    assert!(bytes.len() > TEN_MB);
    let loaded = load(&bytes, None).unwrap();
    assert_eq!(loaded.error_count(), 0, "{:?}", errors(&loaded));
    assert_eq!(kept(&loaded), [CORPECTOMY, ADD_ON]);
    assert_eq!(loaded.catalog.procedures[1].summary, summary);
}

#[test]
fn a_ten_megabyte_value_in_the_wrong_place_is_named_briefly() {
    let big = "x".repeat(TEN_MB);
    let mut catalog = example();
    catalog["procedures"][0]["facets"]["region"] = json!([big]);
    let add_on = catalog["procedures"][1].clone();
    let list = catalog["procedures"].as_array_mut().unwrap();
    list.push(add_on.clone());
    list[2]["id"] = json!(format!("X{big}"));
    list.push(add_on);
    list[3]["id"] = json!("add-on-copy");
    list[3]["billing"]["add_on"] = json!(big);
    let bytes = serde_json::to_vec(&catalog).unwrap();
    let started = Instant::now();
    let loaded = load(&bytes, None).unwrap();
    eprintln!("loading {} MB: {:?}", bytes.len() >> 20, started.elapsed());

    let id = format!("X{big}");
    let expected = [
        format!(
            "error: procedure `{CORPECTOMY}`: procedures[0].facets.region[0]: unknown region `{}`; use a value declared in facet `region`",
            shown(&big)
        ),
        format!(
            "error: procedure `add-on-copy`: procedures[3].billing.add_on: invalid type: string \"{}\", expected a boolean",
            shown(&big)
        ),
        format!(
            "error: procedure `{}`: procedures[2].id: procedure id `{}` must be lowercase letters, digits and single hyphens; did you mean `{}`?",
            shown(&id),
            shown(&id),
            shown(&id.to_lowercase())
        ),
    ];
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_loaded(&loaded, &expected, &[ADD_ON]);
    for problem in &loaded.problems {
        assert!(problem.to_string().len() < 1_000, "{problem}");
    }

    let file = TempFile::new("ten-mb.json", &bytes);
    let (exit, out) = validate(file.path());
    assert_eq!(exit, 1);
    assert!(out.len() < 4_000, "{} bytes printed", out.len());
    for line in expected {
        assert!(out.contains(line), "{line}");
    }
}

/// `open` opening brackets, then as many closing ones.
fn nested(open: usize) -> String {
    "[".repeat(open) + &"]".repeat(open)
}

#[test]
fn nesting_up_to_the_limit_is_read_and_deeper_is_refused_with_its_place() {
    assert_eq!(
        load(nested(MAX_DEPTH).as_bytes(), None).unwrap_err(),
        LoadError::NotAnObject,
        "{MAX_DEPTH} levels are read"
    );
    let err = load(nested(MAX_DEPTH + 1).as_bytes(), None).unwrap_err();
    assert_eq!(
        err,
        LoadError::TooDeep {
            line: 1,
            column: MAX_DEPTH + 1
        }
    );
    assert_eq!(
        err.to_string(),
        "line 1, column 128: lists and objects are nested more than 127 levels deep, more than this app reads (a catalog needs 7 at most); remove the extra nesting there"
    );
}

#[test]
fn deep_nesting_inside_a_procedure_is_named_without_overflowing_the_stack() {
    // As deep as the parser reads: the catalog, the list, the procedure,
    // then the nested lists of an unknown field.
    let mut catalog = serde_json::to_string_pretty(&example()).unwrap();
    let at = catalog.find("\"risks\"").unwrap();
    catalog.insert_str(
        at,
        &format!("\"nested\": {},\n      ", nested(MAX_DEPTH - 3)),
    );
    let loaded = load(catalog.as_bytes(), None).unwrap();
    assert_loaded(
        &loaded,
        &[
            "error: procedure `corpectomy-thoracic-example`: procedures[0].nested: unknown field `nested`; allowed fields: id, title, aliases, codes, summary, facets, steps, team, billing, related, contraindications, risks, sources, notes, reviewed, unverified",
        ],
        &[ADD_ON],
    );

    // Far deeper: a million levels stop the load where the limit is crossed.
    let mut catalog = serde_json::to_string_pretty(&example()).unwrap();
    let line = 1 + catalog[..at].matches('\n').count();
    let column = at - catalog[..at].rfind('\n').unwrap() + "\"nested\": ".len() + MAX_DEPTH - 3;
    catalog.insert_str(at, &format!("\"nested\": {},\n      ", nested(1_000_000)));
    let err = load(catalog.as_bytes(), None).unwrap_err();
    assert_eq!(err, LoadError::TooDeep { line, column });

    let file = TempFile::new("deep.json", catalog.as_bytes());
    let (exit, out) = validate(file.path());
    assert_eq!(exit, 1);
    assert!(
        out.contains(&format!(
            "error: line {line}, column {column}: lists and objects are nested more than 127 levels deep"
        )),
        "{out}"
    );
}

#[test]
fn three_hundred_thousand_procedures_all_load() {
    const COUNT: usize = 300_000;
    let started = Instant::now();
    let catalog = generate(
        &Options {
            count: COUNT,
            seed: 7,
        },
        &pcs_rows(),
    );
    let bytes = serde_json::to_vec(&catalog).unwrap();
    let ids: Vec<String> = catalog.procedures.iter().map(|p| p.id.clone()).collect();
    drop(catalog);
    eprintln!(
        "generated {COUNT} procedures ({} MB) in {:?}",
        bytes.len() >> 20,
        started.elapsed()
    );

    let started = Instant::now();
    let loaded = load(&bytes, None).unwrap();
    eprintln!("loaded them in {:?}", started.elapsed());
    assert!(loaded.problems.is_empty(), "{:?}", &loaded.problems[..1]);
    assert_eq!(loaded.procedures_in_file, COUNT);
    assert_eq!(loaded.catalog.procedures.len(), COUNT);
    assert!(
        loaded.catalog.procedures.iter().map(|p| &p.id).eq(&ids),
        "every procedure, in file order"
    );
    drop(loaded);

    let file = TempFile::new("300k.json", &bytes);
    drop(bytes);
    let started = Instant::now();
    let (exit, out) = validate(file.path());
    eprintln!("`catalog validate` took {:?}", started.elapsed());
    assert_eq!(exit, 0, "{out}");
    assert!(
        out.contains("300000 procedures, 300000 valid, 0 left out; 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn keys_spelled_like_list_items_do_not_break_the_load() {
    let mut catalog = example();
    for key in ["procedures[5]", "facets[7]", "sources[9]"] {
        catalog[key] = json!("");
    }
    let loaded = load(&serde_json::to_vec(&catalog).unwrap(), None).unwrap();
    assert!(
        errors(&loaded).contains(
            &"error: procedures[5]: unknown field `procedures[5]`; did you mean `procedures`?"
                .to_owned()
        ),
        "{:?}",
        errors(&loaded)
    );
    assert_eq!(kept(&loaded), [CORPECTOMY, ADD_ON]);
}

#[test]
fn a_multibyte_character_in_a_diagnosis_code_is_a_shape_error() {
    let mut catalog = example();
    catalog["procedures"][1]["codes"] = json!([{"system": "ICD-10-CM", "code": "a€1"}]);
    let loaded = load(&serde_json::to_vec(&catalog).unwrap(), None).unwrap();
    assert_loaded(
        &loaded,
        &[
            "error: procedure `corpectomy-additional-segment-example`: procedures[1].codes[0].code: `a€1` is not a valid ICD-10-CM code: expected a letter, a digit, a character, then a dot and up to four more (e.g. `C79.51`)",
        ],
        &[CORPECTOMY],
    );
}
