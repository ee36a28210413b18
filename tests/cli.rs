//! The `catalog` command-line tool as an author uses it.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn catalog(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_catalog"))
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("catalog-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn validate_passes_a_valid_catalog_showing_its_warnings() {
    let (code, out) = catalog(&["validate", "tests/fixtures/example.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("tests/fixtures/example.json: warning: facets[0].values[1].codes[0].code: `S22.0` is a category header"), "{out}");
    assert!(
        out.contains(
            "tests/fixtures/example.json: 2 procedures, 2 valid, 0 left out; 0 errors, 1 warning"
        ),
        "{out}"
    );
}

#[test]
fn validate_fails_with_every_error_listed() {
    let broken = include_str!("fixtures/example.json")
        .replace(
            "\"spinal-metastasis\", \"vertebral-fracture\"",
            "\"tumour\", \"vertebral-fracture\"",
        )
        .replace(
            "\"reviewed\": \"2026-11-20\",\n      \"unverified\"",
            "\"reviewed\": \"yesterday\",\n      \"unverified\"",
        );
    let path = temp_file("broken.json", &broken);
    let (code, out) = catalog(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error: procedure `corpectomy-thoracic-example`: procedures[0].facets.indication[0]: unknown indication `tumour`"), "{out}");
    assert!(out.contains("error: procedure `corpectomy-thoracic-example`: procedures[0].reviewed: `yesterday` is not a date"), "{out}");
    assert!(
        out.contains("2 procedures, 1 valid, 1 left out; 2 errors, 1 warning"),
        "{out}"
    );
}

#[test]
fn validate_reports_unreadable_files_and_checks_every_file() {
    let bad = temp_file("syntax.json", "{\n  \"format_version\": 1,\n  oops\n}");
    let (code, out) = catalog(&[
        "validate",
        bad.to_str().unwrap(),
        "tests/fixtures/example.json",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("syntax.json: error: line 3, column 3: not valid JSON: key must be a string"),
        "{out}"
    );
    assert!(
        out.contains("tests/fixtures/example.json: 2 procedures, 2 valid"),
        "{out}"
    );
    let (code, out) = catalog(&["validate", "no/such/file.json"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("no/such/file.json: cannot read the file"),
        "{out}"
    );
}

#[test]
fn validate_can_skip_the_code_sets() {
    let broken = include_str!("fixtures/example.json").replace("0PB40ZZ", "0PB40ZY");
    let path = temp_file("pcs.json", &broken);
    let (code, out) = catalog(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ICD-10-PCS code `0PB40ZY` is not in the official 2025 code set"),
        "{out}"
    );
    let (code, out) = catalog(&["validate", "--no-code-sets", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn schema_prints_the_json_schema() {
    let (code, out) = catalog(&["schema"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["title"], "Catalog");
    assert!(
        schema["$defs"]["Procedure"]["required"]
            .as_array()
            .unwrap()
            .contains(&"summary".into())
    );
}

#[test]
fn stats_counts_facet_values_and_gaps() {
    let (code, out) = catalog(&["stats", "tests/fixtures/example.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("tests/fixtures/example.json: 2 procedures"),
        "{out}"
    );
    assert!(
        out.contains(
            "Spinal region (region)\n        2  Thoracic (thoracic)\n        1  Lumbar (lumbar)"
        ),
        "{out}"
    );
    assert!(out.contains("Indication (indication)\n        1  Spinal metastasis (spinal-metastasis)\n        1  Thoracic vertebral fracture (vertebral-fracture)\n        1  (no value)"), "{out}");
    assert!(out.contains("Procedures without codes: 0"), "{out}");
}
