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

/// A built site in a folder of its own: `index.html` with the stand-in's
/// marker, and `catalogs/` with the manifest and its default catalog.
fn temp_site(name: &str, page: &str, manifest: Option<&str>) -> std::path::PathBuf {
    let site = std::env::temp_dir().join(format!("catalog-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(site.join("catalogs")).unwrap();
    std::fs::write(site.join("index.html"), page).unwrap();
    std::fs::copy(
        "tests/fixtures/hostile.json",
        site.join("catalogs/hostile.json"),
    )
    .unwrap();
    if let Some(manifest) = manifest {
        std::fs::write(site.join("catalogs/manifest.json"), manifest).unwrap();
    }
    site
}

const MANIFEST: &str = r#"{"default": "hostile", "catalogs": [{"id": "hostile", "title": "T", "url": "catalogs/hostile.json", "description": "D"}]}"#;
const PAGE: &str = "<main><!-- the default catalog's heading (catalog boot-page) --><p class=\"loading\">Starting…</p></main>";

#[test]
fn boot_page_writes_the_default_catalog_s_heading_as_text() {
    let site = temp_site("boot", PAGE, Some(MANIFEST));
    let (code, out) = catalog(&["boot-page", "--site", site.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let page = std::fs::read_to_string(site.join("index.html")).unwrap();
    let hostile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/hostile.json").unwrap())
            .unwrap();
    let title = hostile["title"].as_str().unwrap();
    assert!(
        title.contains('<'),
        "the fixture's title holds markup: {title}"
    );
    assert!(
        page.starts_with(
            "<main><p class=\"catalog-title\" id=\"boot-title\" data-catalog=\"hostile\">"
        ),
        "{page}"
    );
    assert!(
        page.ends_with("</span></p><p class=\"loading\">Starting…</p></main>"),
        "{page}"
    );
    // The catalog's markup is escaped: the only elements are the page's and the line's.
    assert!(!page.contains(title), "{page}");
    assert!(
        page.contains(
            &title
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;")
        ),
        "{page}"
    );
    assert_eq!(page.matches('<').count(), 8, "{page}");

    // A site whose default catalog changes gets the new one's heading.
    std::fs::copy(
        "tests/fixtures/example.json",
        site.join("catalogs/example.json"),
    )
    .unwrap();
    std::fs::write(
        site.join("catalogs/manifest.json"),
        MANIFEST.replace("hostile", "example"),
    )
    .unwrap();
    let (code, out) = catalog(&["boot-page", "--site", site.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let page = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(page.starts_with("<main><p class=\"catalog-title\" id=\"boot-title\" data-catalog=\"example\">Example spine catalog<span"), "{page}");
    assert!(
        !page.contains("hostile") && !page.contains("Catalog title"),
        "{page}"
    );
    assert_eq!(page.matches("catalog-title").count(), 1, "{page}");

    // A default catalog that can no longer be read leaves no stale heading.
    std::fs::remove_file(site.join("catalogs/example.json")).unwrap();
    let (code, out) = catalog(&["boot-page", "--site", site.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("left without the default catalog's heading: cannot read"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("index.html")).unwrap(),
        PAGE
    );
}

#[test]
fn boot_page_leaves_a_site_without_a_manifest_as_it_is() {
    let site = temp_site("boot-bare", PAGE, None);
    let (code, out) = catalog(&["boot-page", "--site", site.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("left without the default catalog's heading: cannot read"),
        "{out}"
    );
    assert!(out.contains("manifest.json"), "{out}");
    assert_eq!(
        std::fs::read_to_string(site.join("index.html")).unwrap(),
        PAGE
    );
}

#[test]
fn boot_page_fails_on_a_page_without_the_marker() {
    let site = temp_site("boot-unmarked", "<main></main>", Some(MANIFEST));
    let (code, out) = catalog(&["boot-page", "--site", site.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("index.html: the page has no"), "{out}");
    assert_eq!(
        std::fs::read_to_string(site.join("index.html")).unwrap(),
        "<main></main>"
    );
}
