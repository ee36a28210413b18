//! What the project ships is valid: every catalog in `public/catalogs/` and
//! the published JSON Schema.
#![cfg(not(target_arch = "wasm32"))]

use procedure_catalog::catalog::official::official_codes;
use procedure_catalog::catalog::{json_schema, load};

#[test]
fn every_shipped_catalog_is_valid() {
    let codes = official_codes();
    let mut checked = 0;
    for entry in std::fs::read_dir("public/catalogs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json")
            || path.file_name().is_some_and(|n| n == "manifest.json")
        {
            continue;
        }
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
        catalog.procedures.len() >= 60,
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
