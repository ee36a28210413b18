//! The catalogs the `catalog` tool builds: the whole ICD-10-PCS Medical and
//! Surgical code set (`import-pcs`) and synthetic catalogs (`generate`). Both
//! must load through the one validator with no errors.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::process::Command;
use std::sync::OnceLock;

use procedure_catalog::catalog::codes::OfficialCodes;
use procedure_catalog::catalog::generate::{Options, generate};
use procedure_catalog::catalog::import_pcs::{import, official_definitions};
use procedure_catalog::catalog::official::{PcsRow, official_codes, pcs_rows};
use procedure_catalog::catalog::pcs_guidelines::official_guidelines;
use procedure_catalog::catalog::pcs_index::{index_rows, read};
use procedure_catalog::catalog::{Catalog, IndexTerm, Loaded, load};

const FACETS: [&str; 6] = [
    "body-system",
    "operation",
    "body-part",
    "approach",
    "device",
    "qualifier",
];

fn rows() -> &'static [PcsRow] {
    static ROWS: OnceLock<Vec<PcsRow>> = OnceLock::new();
    ROWS.get_or_init(pcs_rows)
}

fn codes() -> &'static OfficialCodes {
    static CODES: OnceLock<OfficialCodes> = OnceLock::new();
    CODES.get_or_init(official_codes)
}

fn pcs_catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        import(
            rows(),
            &official_definitions(),
            &read(&index_rows()),
            &official_guidelines(),
        )
        .catalog
    })
}

/// Serialises `catalog` as the tool writes it and loads it back with the
/// official code sets, failing with every error found.
fn load_checked(catalog: &Catalog) -> Loaded {
    let bytes = serde_json::to_vec(catalog).unwrap();
    let loaded = load(&bytes, Some(codes())).unwrap();
    let errors: Vec<String> = loaded
        .problems
        .iter()
        .filter(|p| p.is_error())
        .take(20)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    loaded
}

#[test]
fn the_importer_yields_one_procedure_per_code() {
    let catalog = pcs_catalog();
    assert_eq!(catalog.procedures.len(), 68_367);
    let ids: HashSet<&str> = catalog.procedures.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), 68_367, "ids are unique");
    let facet_ids: Vec<&str> = catalog.facets.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(facet_ids, FACETS);
    for procedure in &catalog.procedures {
        for facet in FACETS {
            assert_eq!(
                procedure.values(facet).len(),
                1,
                "{}: {facet}",
                procedure.id
            );
        }
        assert!(!procedure.summary.trim().is_empty(), "{}", procedure.id);
        assert_eq!(procedure.sources, ["cms-icd10pcs-2025"]);
    }
}

#[test]
fn the_seed_code_has_its_official_title_and_axes() {
    let catalog = pcs_catalog();
    let seed = catalog
        .procedure("pcs-0pb40zz")
        .expect("0PB40ZZ is imported");
    let title = "Excision of Thoracic Vertebra, Open Approach";
    assert_eq!(seed.title, title);
    assert_eq!(seed.codes.len(), 1);
    assert_eq!(seed.codes[0].system.name(), "ICD-10-PCS");
    assert_eq!(seed.codes[0].code, "0PB40ZZ");
    assert_eq!(seed.codes[0].title.as_deref(), Some(title));
    let label = |facet: &str| catalog.value_label(facet, &seed.values(facet)[0]);
    assert_eq!(label("body-system"), "Upper Bones");
    assert_eq!(label("operation"), "Excision");
    assert_eq!(label("body-part"), "Thoracic Vertebra");
    assert_eq!(label("approach"), "Open");
    assert_eq!(label("device"), "No Device");
    assert_eq!(label("qualifier"), "No Qualifier");
    assert_eq!(seed.values("operation"), ["excision"]);
    assert_eq!(seed.values("body-part"), ["thoracic-vertebra"]);
    assert_eq!(
        seed.summary,
        "Excision of the thoracic vertebra (body system: Upper Bones), open approach, no device. \
         Excision means cutting out or off, without replacement, a portion of a body part."
    );
}

#[test]
fn operations_and_approaches_carry_their_official_definitions() {
    let catalog = pcs_catalog();
    let definitions = official_definitions();
    for (facet, official) in [
        ("operation", &definitions.operations),
        ("approach", &definitions.approaches),
    ] {
        let values = &catalog.facet(facet).unwrap().values;
        assert_eq!(values.len(), official.len(), "{facet}");
        for value in values {
            let (_, definition) = official
                .iter()
                .find(|(label, _)| *label == value.label)
                .unwrap_or_else(|| panic!("{facet} `{}` has an official definition", value.label));
            assert_eq!(value.description.as_deref(), Some(definition.as_str()));
        }
    }
    let all: usize = catalog.facets.iter().map(|f| f.values.len()).sum();
    assert!(all > 1_000, "{all} facet values");
}

#[test]
fn the_whole_pcs_catalog_is_valid() {
    // About 15 s in a debug build; the release tool takes about 5 s.
    let loaded = load_checked(pcs_catalog());
    assert_eq!(loaded.catalog.procedures.len(), 68_367);
    assert!(
        loaded.problems.is_empty(),
        "{:?}",
        loaded.problems.iter().take(5).collect::<Vec<_>>()
    );
}

#[test]
fn the_generator_gives_the_same_bytes_for_the_same_seed() {
    let options = Options {
        count: 1_000,
        seed: 2026,
    };
    let a = serde_json::to_vec(&generate(&options, rows())).unwrap();
    let b = serde_json::to_vec(&generate(&options, rows())).unwrap();
    assert!(a == b, "same seed, same bytes");
    let other = serde_json::to_vec(&generate(
        &Options {
            seed: 2027,
            ..options
        },
        rows(),
    ))
    .unwrap();
    assert!(a != other, "another seed, another catalog");
}

#[test]
fn generated_catalogs_have_the_requested_count_and_are_valid() {
    for count in [0, 1, 2, 3_000] {
        let catalog = generate(&Options { count, seed: 9 }, rows());
        assert_eq!(catalog.procedures.len(), count);
        let loaded = load_checked(&catalog);
        assert_eq!(loaded.catalog.procedures.len(), count);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    }
}

#[test]
fn generated_catalogs_look_like_the_spine_catalog_at_scale() {
    let catalog = generate(
        &Options {
            count: 3_000,
            seed: 5,
        },
        rows(),
    );
    let facet = |id: &str| catalog.facet(id).unwrap().values.len();
    assert_eq!(facet("indication"), 20);
    assert_eq!(facet("region"), 4);
    assert_eq!(facet("approach"), 8);
    assert_eq!(facet("procedure-type"), 8);
    assert_eq!(facet("specialty"), 4);
    assert_eq!(facet("body-part"), 200);
    let procedures = &catalog.procedures;
    let share = |test: &dyn Fn(&procedure_catalog::catalog::Procedure) -> bool| {
        procedures.iter().filter(|p| test(p)).count() * 100 / procedures.len()
    };
    let add_ons = share(&|p| p.is_add_on());
    assert!((5..=15).contains(&add_ons), "{add_ons}% add-ons");
    let with_pcs = share(&|p| p.codes.iter().any(|c| c.system.name() == "ICD-10-PCS"));
    assert!((25..=45).contains(&with_pcs), "{with_pcs}% with ICD-10-PCS");
    assert!(
        procedures
            .iter()
            .all(|p| p.codes.iter().any(|c| c.system.name() == "CPT"))
    );
    let words: HashSet<&str> = procedures
        .iter()
        .flat_map(|p| p.title.split(' ').chain(p.summary.split(' ')))
        .collect();
    assert!(words.len() > 150, "{} distinct words", words.len());
}

#[test]
fn the_tool_writes_a_generated_catalog_that_validates() {
    let dir = std::env::temp_dir().join(format!("catalog-import-{}", std::process::id()));
    let out = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_catalog"))
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {text}");
        text
    };
    for name in ["a.json", "b.json"] {
        let text = run(&[
            "generate",
            "--count",
            "300",
            "--seed",
            "11",
            "--out",
            &out(name),
        ]);
        assert!(text.contains("wrote 300 procedures"), "{text}");
    }
    let a = std::fs::read(out("a.json")).unwrap();
    assert_eq!(a, std::fs::read(out("b.json")).unwrap());
    assert!(!a.contains(&b'\n'), "compact JSON");
    let text = run(&["validate", &out("a.json")]);
    assert!(
        text.contains("300 procedures, 300 valid, 0 left out; 0 errors, 0 warnings"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

// The Index and the Guidelines, read from their bundled files.

fn term<'a>(catalog: &'a Catalog, path: &[&str], see: Option<&str>) -> &'a IndexTerm {
    catalog
        .index
        .iter()
        .find(|t| t.term == path && t.see.as_deref() == see)
        .unwrap_or_else(|| panic!("no index term {path:?} (see {see:?})"))
}

fn prefixes(term: &IndexTerm) -> Vec<&str> {
    term.codes.iter().map(|c| c.prefix.as_str()).collect()
}

#[test]
fn the_index_names_laminectomy_and_appendectomy_by_their_tables() {
    let catalog = pcs_catalog();
    for (see, prefix) in [
        ("Excision, Upper Bones", "0PB"),
        ("Excision, Lower Bones", "0QB"),
        ("Release, Central Nervous System and Cranial Nerves", "00N"),
        ("Release, Peripheral Nervous System", "01N"),
    ] {
        assert_eq!(
            prefixes(term(catalog, &["Laminectomy"], Some(see))),
            [prefix]
        );
    }
    assert_eq!(
        prefixes(term(catalog, &["Appendectomy"], Some("Excision, Appendix"))),
        ["0DBJ"]
    );
    assert_eq!(
        prefixes(term(
            catalog,
            &["Appendectomy"],
            Some("Resection, Appendix")
        )),
        ["0DTJ"]
    );
}

#[test]
fn nested_subterms_keep_their_path_and_continued_rows_join_their_term() {
    let catalog = pcs_catalog();
    assert_eq!(
        prefixes(term(
            catalog,
            &["Fusion", "Lumbar Vertebral", "2 or more"],
            None
        )),
        ["0SG1"]
    );
    // "Wrist" opens at the end of one row and its subterms follow on the
    // next, "(continued)" row.
    assert_eq!(
        prefixes(term(catalog, &["Fusion", "Wrist", "Left"], None)),
        ["0RGP"]
    );
    // Codes of other sections (new technology) are not placed.
    assert!(
        !catalog
            .index
            .iter()
            .flat_map(|t| &t.codes)
            .any(|c| !c.prefix.starts_with('0'))
    );
}

#[test]
fn a_see_without_codes_takes_the_codes_of_the_term_it_names() {
    let catalog = pcs_catalog();
    let arthrodesis = term(catalog, &["Arthrodesis"], Some("Fusion, Upper Joints"));
    assert_eq!(prefixes(arthrodesis), ["0RG"]);
    let biopsy = term(
        catalog,
        &["Biopsy"],
        Some("Excision with qualifier Diagnostic"),
    );
    assert!(biopsy.codes.len() > 1_000);
    // Whole codes, every one an excision with the qualifier Diagnostic.
    let titles: std::collections::HashMap<&str, &str> = rows()
        .iter()
        .map(|r| (r.code.as_str(), r.qualifier.as_str()))
        .collect();
    for code in &biopsy.codes {
        assert_eq!(
            titles[code.prefix.as_str()],
            "Diagnostic",
            "{}",
            code.prefix
        );
        assert_eq!(&code.prefix[2..3], "B", "{} is an excision", code.prefix);
    }
}

#[test]
fn use_lines_are_synonyms_of_the_body_part_and_device_values_they_name() {
    let catalog = pcs_catalog();
    for value in ["cervical-vertebra", "thoracic-vertebra", "lumbar-vertebra"] {
        let synonyms = &catalog.facet_value("body-part", value).unwrap().synonyms;
        assert!(
            synonyms.iter().any(|s| s == "Vertebral lamina"),
            "{value}: {synonyms:?}"
        );
    }
    let device = catalog
        .facet("device")
        .unwrap()
        .values
        .iter()
        .find(|v| {
            v.synonyms
                .iter()
                .any(|s| s == "Fusion screw (compression)(lag)(locking)")
        })
        .expect("the Device Key names the internal fixation device");
    assert_eq!(device.label, "Internal Fixation Device");
}

#[test]
fn guidelines_are_notes_on_the_values_they_govern() {
    let catalog = pcs_catalog();
    let fusion = catalog.facet_value("operation", "fusion").unwrap();
    assert_eq!(
        fusion.notes[..4],
        [
            "pcs-operation-fusion",
            "pcs-guideline-b3-10a",
            "pcs-guideline-b3-10b",
            "pcs-guideline-b3-10c"
        ]
    );
    let note = catalog.note("pcs-guideline-b3-10a").unwrap();
    assert_eq!(
        note.title,
        "Guideline B3.10a: Fusion procedures of the spine"
    );
    let definition = catalog.note("pcs-operation-fusion").unwrap();
    assert!(
        definition.text.starts_with("Definition: Joining together portions of an articular body part rendering the articular body part immobile"),
        "{}",
        definition.text
    );
    assert!(
        definition.text.contains("\nExamples: "),
        "{}",
        definition.text
    );
    // A lumbar fusion card shows the fusion guidelines; an excision does not.
    let fusion_card = catalog
        .procedures
        .iter()
        .find(|p| p.id == "pcs-0sg00aj")
        .unwrap();
    let ids: Vec<&str> = catalog
        .notes_of(fusion_card)
        .iter()
        .map(|n| n.id.as_str())
        .collect();
    assert!(ids.contains(&"pcs-guideline-b3-10c"), "{ids:?}");
    assert!(ids.contains(&"pcs-guideline-b4-5"), "Lower Joints: {ids:?}");
    let excision = catalog
        .procedures
        .iter()
        .find(|p| p.id == "pcs-0pb40zz")
        .unwrap();
    let ids: Vec<&str> = catalog
        .notes_of(excision)
        .iter()
        .map(|n| n.id.as_str())
        .collect();
    assert!(!ids.contains(&"pcs-guideline-b3-10c"), "{ids:?}");
    assert!(ids.contains(&"pcs-guideline-b3-8"), "{ids:?}");
}

#[test]
fn every_code_axis_of_the_pcs_catalog_is_named() {
    let catalog = pcs_catalog();
    let axes: Vec<u8> = catalog
        .facets
        .iter()
        .filter_map(|f| f.axis.map(|a| a.character))
        .collect();
    assert_eq!(axes, [2, 3, 4, 5, 6, 7]);
}

// Searching the imported catalog by the words coders type.

fn found(catalog: &Catalog, text: &str) -> (Vec<usize>, Vec<Option<String>>) {
    use procedure_catalog::search::{CatalogIndex, Query, evaluate, found_by};
    static INDEX: OnceLock<CatalogIndex> = OnceLock::new();
    let index = INDEX.get_or_init(|| CatalogIndex::build(catalog));
    let results = evaluate(
        index,
        &Query {
            text: text.into(),
            ..Query::default()
        },
        None,
    );
    let order: Vec<usize> = results.order.iter().map(|&p| p as usize).collect();
    let why = order
        .iter()
        .map(|&p| found_by(catalog, index, &results, p).map(|f| f.line()))
        .collect();
    (order, why)
}

#[test]
fn laminectomy_finds_every_code_of_its_index_tables_and_says_why() {
    let catalog = pcs_catalog();
    let (order, why) = found(catalog, "laminectomy");
    let codes: HashSet<&str> = order
        .iter()
        .map(|&p| catalog.procedures[p].codes[0].code.as_str())
        .collect();
    let expected: HashSet<&str> = rows()
        .iter()
        .map(|r| r.code.as_str())
        .filter(|c| {
            ["0PB", "0QB", "00N", "01N"]
                .iter()
                .any(|t| c.starts_with(t))
        })
        .collect();
    assert_eq!(codes, expected);
    let lumbar = order
        .iter()
        .position(|&p| catalog.procedures[p].codes[0].code == "0QB00ZZ")
        .unwrap();
    assert_eq!(
        why[lumbar].as_deref(),
        Some("Index: Laminectomy → see Excision, Lower Bones 0QB")
    );
    assert!(why.iter().all(Option::is_some), "every result says why");
}

#[test]
fn appendectomy_and_vertebral_lamina_find_their_index_targets() {
    let catalog = pcs_catalog();
    let (order, why) = found(catalog, "appendectomy");
    assert!(!order.is_empty());
    for (&p, why) in order.iter().zip(&why) {
        let code = &catalog.procedures[p].codes[0].code;
        assert!(
            code.starts_with("0DBJ") || code.starts_with("0DTJ"),
            "{code}"
        );
        assert!(
            why.as_deref()
                .unwrap()
                .starts_with("Index: Appendectomy → see "),
            "{why:?}"
        );
    }
    // The Body Part Key: vertebral lamina is coded to the vertebra.
    let (order, why) = found(catalog, "vertebral lamina");
    assert!(!order.is_empty());
    let excision = order
        .iter()
        .position(|&p| catalog.procedures[p].codes[0].code == "0QB00ZZ")
        .expect("lumbar vertebra excision");
    assert_eq!(
        why[excision].as_deref(),
        Some("Vertebral lamina → Body part: Lumbar Vertebra")
    );
    for &p in &order {
        let part = catalog.procedures[p].values("body-part");
        assert!(
            part.iter().any(|v| v.ends_with("-vertebra")),
            "{}: {part:?}",
            catalog.procedures[p].id
        );
    }
}

#[test]
fn exact_codes_and_titles_rank_before_index_matches() {
    let catalog = pcs_catalog();
    // "fusion" is in titles (Fusion of …) and in the Index (Fusion › …,
    // Arthrodesis see Fusion): the title matches come first.
    let (order, why) = found(catalog, "arthrodesis");
    assert!(!order.is_empty());
    assert!(why.iter().all(Option::is_some));
    let (order, why) = found(catalog, "fusion");
    let first_via_index = why
        .iter()
        .position(Option::is_some)
        .expect("some results come from the Index only");
    assert!(first_via_index > 0);
    for &p in &order[..first_via_index] {
        let title = &catalog.procedures[p].title;
        assert!(title.to_lowercase().contains("fusion"), "{title}");
    }
}
