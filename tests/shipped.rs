//! What the project ships is valid: every catalog in `public/catalogs/` and
//! the published JSON Schema; the catalogs are written in American English.
#![cfg(not(target_arch = "wasm32"))]

use procedure_catalog::catalog::official::official_codes;
use procedure_catalog::catalog::{json_schema, load};
use serde_json::Value;

/// Every catalog file in `public/catalogs/` (the manifest is not a catalog).
fn shipped_catalogs() -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir("public/catalogs")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "json")
                && path.file_name().is_none_or(|n| n != "manifest.json")
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_shipped_catalog_is_valid() {
    let codes = official_codes();
    let mut checked = 0;
    for path in shipped_catalogs() {
        let loaded = load(&std::fs::read(&path).unwrap(), Some(&codes))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let errors: Vec<String> = loaded
            .problems
            .iter()
            .filter(|p| p.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            path.display(),
            errors.join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 1);
}

#[test]
fn the_spine_catalog_is_complete() {
    let loaded = load(
        &std::fs::read("public/catalogs/spine.json").unwrap(),
        Some(&official_codes()),
    )
    .unwrap();
    let catalog = &loaded.catalog;
    assert!(
        catalog.procedures.len() >= 110,
        "{}",
        catalog.procedures.len()
    );
    let facet_ids: Vec<&str> = catalog.facets.iter().map(|f| f.id.as_str()).collect();
    for wanted in [
        "indication",
        "region",
        "approach",
        "procedure-type",
        "specialty",
    ] {
        assert!(facet_ids.contains(&wanted), "facet {wanted} missing");
    }
    let indication = &catalog.facets[0];
    assert_eq!(indication.id, "indication");
    assert!(indication.values.len() >= 12);
    assert!(
        indication.values.iter().all(|v| !v.codes.is_empty()),
        "every indication links ICD-10-CM codes"
    );
    assert!(
        catalog
            .notices
            .iter()
            .any(|n| n == "CPT® is a registered trademark of the American Medical Association.")
    );

    let seed = catalog
        .procedures
        .iter()
        .find(|p| p.id == "corpectomy-lateral-extracavitary-thoracic")
        .expect("the seed procedure");
    assert!(seed.codes.iter().any(|c| c.code == "63101"));
    assert!(seed.codes.iter().any(|c| c.code == "0PB40ZZ"));
    assert!(seed.steps.len() >= 7);
    let team = seed.team.as_ref().expect("team");
    assert!(team.roles.len() >= 2 && team.co_surgery.as_deref().is_some_and(|t| t.contains("62")));
    let billing = seed.billing.as_ref().expect("billing");
    assert_eq!(billing.global_period.as_deref(), Some("090"));
    assert!(billing.modifiers.iter().any(|m| m.code == "62"));
    let related: Vec<&str> = seed.related.iter().map(|r| r.id.as_str()).collect();
    let by_code = |code: &str| {
        catalog
            .procedures
            .iter()
            .find(|p| p.codes.iter().any(|c| c.code == code))
            .map(|p| p.id.as_str())
            .unwrap()
    };
    for code in ["63103", "22854", "22532", "22842"] {
        assert!(
            related.contains(&by_code(code)),
            "seed relates to the {code} card"
        );
    }
    assert!(
        !seed.sources.is_empty()
            && seed.reviewed.is_some()
            && !seed.risks.is_empty()
            && !seed.contraindications.is_empty()
    );
}

#[test]
fn the_published_schema_is_up_to_date() {
    let published = std::fs::read_to_string("public/schema/catalog-v1.schema.json").unwrap();
    assert!(
        published == json_schema(),
        "public/schema/catalog-v1.schema.json is stale: run `cargo run --bin catalog -- schema > public/schema/catalog-v1.schema.json`"
    );
}

/// Word fragments found only in British spellings (anaesthesia, tumour,
/// haemorrhage, oesophagus, paediatric, orthopaedic, colour, centre, ...).
const BRITISH_FRAGMENTS: &[&str] = &[
    "anaesth",
    "tumour",
    "oesoph",
    "paediat",
    "orthopaed",
    "oedem",
    "ischaem",
    "leukaem",
    "aetiol",
    "diarrhoea",
    "dyspnoea",
    "oestr",
    "colour",
    "favour",
    "behaviour",
    "labour",
    "neighbour",
    "manoeuv",
    "programme",
    "isation",
    "centre",
    "fibre",
    "litre",
    "metre",
    "calibre",
    "sulph",
    "artefact",
    "judgement",
    "travell",
    "labell",
    "signall",
    "modell",
    "counsell",
    "tunnell",
    "channell",
    "chisell",
    "fuelled",
    "ageing",
    "defence",
    "licence",
    "practise",
];

/// Word beginnings found only in British spellings (haematoma, anaemia, foetal, grey).
const BRITISH_BEGINNINGS: &[&str] = &["haem", "anaem", "foet", "grey"];

/// Stems whose British verb forms end in -ise, -ised, -ises, -ising
/// (localise, stabilised, recognises, immobilising, ...). Listed one by one
/// because many English words end in -ise in both spellings (exercise,
/// compromise, excise, revise).
const BRITISH_ISE_STEMS: &[&str] = &[
    "recogn",
    "stabil",
    "mobil",
    "local",
    "minim",
    "maxim",
    "optim",
    "util",
    "organ",
    "real",
    "visual",
    "steril",
    "cauter",
    "catheter",
    "categor",
    "priorit",
    "standard",
    "summar",
    "special",
    "emphas",
    "general",
    "neutral",
    "normal",
    "hospital",
    "random",
    "character",
    "hypothes",
    "synthes",
    "anesthet",
    "sensit",
    "immun",
    "capital",
    "memor",
    "custom",
    "apolog",
    "critic",
    "cannul",
    "vascular",
    "fibrin",
    "pressur",
    "sympath",
    "theor",
    "symbol",
    "final",
    "authori",
    "harmon",
    "trivial",
    "legal",
    "ideal",
    "vapor",
    "crystal",
    "ion",
];

/// Whether `word` (lowercase letters) is a British spelling.
fn is_british(word: &str) -> bool {
    BRITISH_FRAGMENTS.iter().any(|f| word.contains(f))
        || BRITISH_BEGINNINGS.iter().any(|b| word.starts_with(b))
        || ["ise", "ised", "ises", "ising"].iter().any(|ending| {
            word.strip_suffix(ending)
                .is_some_and(|stem| BRITISH_ISE_STEMS.iter().any(|s| stem.ends_with(s)))
        })
        || ["analys", "paralys", "catalys"].iter().any(|stem| {
            ["e", "ed", "ing"]
                .iter()
                .any(|end| word == format!("{stem}{end}"))
        })
        || word == "cancelled"
        || word == "cancelling"
}

/// Every British spelling in the strings of `value`, with the JSON path of
/// the string it is in. The titles and publishers of the catalog's sources
/// are left alone: they name other people's works and organizations as
/// those write them (the American Academy of Orthopaedic Surgeons).
fn british_spellings(value: &Value, path: &str, found: &mut Vec<String>) {
    if path.starts_with(".sources[") && (path.ends_with("].title") || path.ends_with("].publisher"))
    {
        return;
    }
    match value {
        Value::String(text) => {
            for word in text
                .split(|c: char| !c.is_alphabetic())
                .map(str::to_lowercase)
                .filter(|w| is_british(w))
            {
                found.push(format!("{path}: `{word}`"));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                british_spellings(item, &format!("{path}[{i}]"), found);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                british_spellings(item, &format!("{path}.{key}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn the_spelling_check_knows_british_forms_from_american_ones() {
    for british in [
        "anaesthesia",
        "anaesthetic",
        "tumour",
        "haemorrhage",
        "haematoma",
        "haemostasis",
        "localisation",
        "centre",
        "centred",
        "paediatric",
        "orthopaedic",
        "oesophagus",
        "oesophageal",
        "recognises",
        "stabilise",
        "immobilised",
        "mobilising",
        "colour",
        "fibre",
        "centimetres",
        "manoeuvred",
        "tunnelled",
        "analyse",
        "grey",
        "oedema",
    ] {
        assert!(is_british(british), "{british} is British");
    }
    for american in [
        "anesthesia",
        "tumor",
        "hemorrhage",
        "hematoma",
        "localization",
        "center",
        "pediatric",
        "orthopedic",
        "esophagus",
        "recognizes",
        "stabilize",
        "immobilized",
        "color",
        "fiber",
        "centimeters",
        "maneuvered",
        "tunneled",
        "analyze",
        "analyses",
        "gray",
        "edema",
        "cancellous",
        "exercise",
        "compromise",
        "excise",
        "incises",
        "revising",
        "otherwise",
        "precise",
        "advise",
        "organism",
        "specialist",
        "realistic",
        "parameter",
        "disc",
        "promise",
        "raise",
        "arising",
        "supervise",
        "premise",
        "diameter",
    ] {
        assert!(!is_british(american), "{american} is American");
    }
}

#[test]
fn shipped_catalogs_are_written_in_american_english() {
    let mut checked = 0;
    for path in shipped_catalogs() {
        let catalog: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let mut found = Vec::new();
        british_spellings(&catalog, "", &mut found);
        assert!(
            found.is_empty(),
            "{} has British spellings; write them the American way (anesthesia, tumor, hemorrhage, localization, center, pediatric, orthopedic, esophagus, -ize):\n{}",
            path.display(),
            found.join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 1);
}
