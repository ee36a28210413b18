//! The step-by-step load the app uses: the same result as a whole load, a
//! preview of the first procedures, and the quick path for clean procedures
//! finding exactly what the careful path finds.

use procedure_catalog::catalog::load::Loader;
use procedure_catalog::catalog::{Loaded, load};
use serde_json::{Value, json};

fn spine() -> Value {
    serde_json::from_str(include_str!("../public/catalogs/spine.json")).unwrap()
}

/// How many procedures the spine catalog has.
fn spine_total() -> usize {
    spine()["procedures"].as_array().unwrap().len()
}

fn bytes(catalog: &Value) -> Vec<u8> {
    serde_json::to_vec(catalog).unwrap()
}

fn messages(loaded: &Loaded) -> Vec<String> {
    loaded.problems.iter().map(ToString::to_string).collect()
}

/// The spine catalog with a type error, an unknown facet value, a blank text
/// and a dangling related id, each in a different procedure.
fn broken_spine() -> Value {
    let mut catalog = spine();
    let procedures = catalog["procedures"].as_array_mut().unwrap();
    procedures[3]["title"] = json!(7);
    procedures[10]["facets"]["indication"] = json!(["tumour"]);
    procedures[20]["summary"] = json!(" \t ");
    procedures[11]["related"][0]["id"] = json!("no-such-procedure");
    catalog
}

#[test]
fn a_load_in_small_steps_equals_a_whole_load() {
    let bytes = bytes(&broken_spine());
    let whole = load(&bytes, None).unwrap();
    let total = spine_total();
    for step in [1, 7, 64] {
        let mut loader = Loader::new(&bytes).unwrap();
        assert_eq!(loader.total(), total);
        let mut rounds = 0;
        while !loader.decode(step) {
            rounds += 1;
            assert_eq!(loader.decoded(), rounds * step);
        }
        assert_eq!(loader.decoded(), total);
        // The checks in steps too.
        let unchecked = loader.read_all();
        let mut checks = unchecked.checks(None);
        let mut rounds = 0;
        while !checks.step(step) {
            rounds += 1;
            assert_eq!(checks.checked(), rounds * step);
        }
        assert_eq!(checks.checked(), total);
        let verdict = checks.done();
        let stepped = unchecked.assemble(verdict);
        assert_eq!(stepped.catalog, whole.catalog, "step {step}");
        assert_eq!(messages(&stepped), messages(&whole), "step {step}");
    }
    assert_eq!(
        whole.catalog.procedures.len(),
        total - 4,
        "{:#?}",
        messages(&whole)
    );
    assert_eq!(whole.error_count(), 4, "{:#?}", messages(&whole));
}

/// The catalog-wide problem found after the procedures' own keeps its place
/// after them, however the checks were cut.
#[test]
fn a_catalog_wide_problem_keeps_its_place_in_steps() {
    let mut catalog = broken_spine();
    catalog["notices"] = json!([]);
    catalog["procedures"][5]["codes"] = json!([{"system": "CPT", "code": "63101"}]);
    let bytes = bytes(&catalog);
    let whole = load(&bytes, None).unwrap();
    assert!(
        messages(&whole)
            .iter()
            .any(|m| m.starts_with("error: notices:")),
        "{:#?}",
        messages(&whole)
    );
    for step in [1, 5] {
        let unchecked = Loader::new(&bytes).unwrap().read_all();
        let mut checks = unchecked.checks(None);
        while !checks.step(step) {}
        let verdict = checks.done();
        let stepped = unchecked.assemble(verdict);
        assert_eq!(messages(&stepped), messages(&whole), "step {step}");
    }
}

#[test]
fn the_preview_holds_the_first_procedures_that_decoded() {
    let catalog = broken_spine();
    let bytes = bytes(&catalog);
    let mut loader = Loader::new(&bytes).unwrap();
    loader.decode(6);
    let preview = loader.preview(4);
    let ids: Vec<&str> = preview.procedures.iter().map(|p| p.id.as_str()).collect();
    let expected: Vec<&str> = [0, 1, 2, 4]
        .iter()
        .map(|&i| catalog["procedures"][i]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected, "procedure 3 has a type error");
    assert_eq!(
        preview.facets.len(),
        catalog["facets"].as_array().unwrap().len()
    );
    assert_eq!(preview.title, catalog["title"].as_str().unwrap());
    assert_eq!(loader.preview(100).procedures.len(), 5, "only decoded ones");
}

/// Blank texts hide in many spellings; each must be found in a procedure
/// that otherwise decodes cleanly (and so takes the quick path).
#[test]
fn blank_texts_are_found_however_they_are_written() {
    for (written, blank) in [
        (r#""""#, true),
        (r#""   ""#, true),
        (r#""\t\n""#, true),
        (r#""\u0020\u00a0""#, true),
        ("\"\u{a0}\u{2003}\"", true),
        (r#""\"""#, false),
        (r#""a\nb""#, false),
        (r#""\\""#, false),
        ("\"\u{e9}\"", false),
    ] {
        let mut catalog = spine();
        let procedure = &mut catalog["procedures"][6];
        assert!(
            procedure
                .get("unverified")
                .is_none_or(|u| u.as_array().unwrap().is_empty())
        );
        procedure["summary"] = json!("@@SUMMARY@@");
        let text = String::from_utf8(bytes(&catalog))
            .unwrap()
            .replace(r#""@@SUMMARY@@""#, written);
        let loaded = load(text.as_bytes(), None).unwrap();
        let id = catalog["procedures"][6]["id"].as_str().unwrap();
        let expected = format!(
            "error: procedure `{id}`: procedures[6].summary: text is empty; write it or remove the field"
        );
        assert_eq!(
            messages(&loaded).contains(&expected),
            blank,
            "{written}: {:#?}",
            messages(&loaded)
        );
        assert_eq!(
            loaded.catalog.procedures.len(),
            if blank {
                spine_total() - 1
            } else {
                spine_total()
            },
            "{written}"
        );
    }
}

#[test]
fn the_structure_is_checked_before_any_procedure() {
    assert!(Loader::new(b"[1, 2]").is_err());
    assert!(Loader::new(b"{\"format_version\": 1, ").is_err());
    let loader = Loader::new(
        br#"{"format_version": 1, "title": "t", "facets": [], "procedures": [{}, {}, 3]}"#,
    )
    .unwrap();
    assert_eq!(loader.total(), 3);
    assert_eq!(loader.decoded(), 0);
    let loaded = loader.finish(None);
    assert_eq!(loaded.procedures_in_file, 3);
    assert!(loaded.catalog.procedures.is_empty());
}

#[test]
fn a_prefix_of_a_catalog_gives_its_first_whole_procedures() {
    use procedure_catalog::catalog::load::prefix_catalog;
    let text = String::from_utf8(bytes(&spine())).unwrap();
    let ids: Vec<String> = spine()["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    let facets = spine()["facets"].as_array().unwrap().len();
    let start = text.find("\"procedures\"").unwrap();
    let sixth = text.find(&format!("\"id\":\"{}\"", ids[6])).unwrap();
    let mut last = 0;
    for cut in (0..sixth).step_by(11).chain([text.len()]) {
        let Some(cut_text) = prefix_catalog(&text.as_bytes()[..cut], 5) else {
            assert!(last == 0, "a longer prefix never gives less");
            continue;
        };
        assert!(cut > start);
        let mut loader = Loader::new(&cut_text).unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
        loader.decode(usize::MAX);
        let preview = loader.preview(10);
        let got: Vec<&str> = preview.procedures.iter().map(|p| p.id.as_str()).collect();
        assert!((1..=5).contains(&got.len()), "cut at {cut}: {got:?}");
        assert!(got.len() >= last, "cut at {cut}");
        assert_eq!(
            got,
            ids[..got.len()]
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
        assert_eq!(preview.facets.len(), facets);
        last = got.len();
    }
    assert_eq!(last, 5);
}

#[test]
fn a_prefix_is_read_by_structure_not_by_text() {
    use procedure_catalog::catalog::load::prefix_catalog;
    // "procedures" as a value, escaped quotes and brackets inside strings.
    let text = br#"{"format_version": 1, "title": "procedures", "publisher": "a \"[{\" b", "facets": [], "procedures" : [ {"id": "a]"}, {"id": "b"}, {"id": "c""#;
    let cut = prefix_catalog(text, 9).unwrap();
    let value: Value = serde_json::from_slice(&cut).unwrap();
    assert_eq!(value["procedures"], json!([{"id": "a]"}, {"id": "b"}]));
    assert_eq!(value["title"], "procedures");
    assert!(prefix_catalog(br#"{"format_version": 1, "procedures": []}"#, 3).is_none());
    assert!(prefix_catalog(br#"{"format_version": 1, "procedures": [ {"id": "#, 3).is_none());
    assert!(prefix_catalog(b"", 3).is_none());
    assert!(prefix_catalog(br#"{"procedures": 7, "x": [1, 2]}"#, 3).is_none());
    let whole = prefix_catalog(br#"{"procedures": [1, 2]}"#, 9).unwrap();
    assert_eq!(whole, br#"{"procedures": [1, 2]}"#);
}

/// The nesting check made on a download as it arrives finds what the
/// loader's own check finds, however the bytes were cut.
#[test]
fn the_nesting_scan_of_a_download_agrees_with_a_whole_load() {
    use procedure_catalog::catalog::load::NestingScan;
    let deep = |open: &str, close: &str, depth: usize| {
        format!(
            "{{\"format_version\": 1,\n \"title\": \"a \\\" [{{ b\",\n \"facets\": [],\n \"procedures\": [{}{}]}}",
            open.repeat(depth),
            close.repeat(depth)
        )
    };
    let mut files: Vec<Vec<u8>> = vec![
        deep("[", "]", 200).into_bytes(),
        deep("{\"a\":", "}", 126).into_bytes(),
        deep("[", "]", 125).into_bytes(),
        deep("[\n", "]", 130).into_bytes(),
        bytes(&spine()),
        b"{\"a\": \"[[[[\\\\\", \"b\": [[[]]]}".to_vec(),
        b"  ".to_vec(),
        b"\xEF\xBB".to_vec(),
    ];
    let with_bom: Vec<Vec<u8>> = files
        .iter()
        .map(|f| [b"\xEF\xBB\xBF".as_slice(), f].concat())
        .collect();
    files.extend(with_bom);
    let outcome = |loaded: Result<Loader<'_>, procedure_catalog::catalog::LoadError>| {
        loaded.map(|l| messages(&l.finish(None)))
    };
    for file in &files {
        let whole = outcome(Loader::new(file));
        for piece in [1, 2, 3, 7, 4096] {
            let mut scan = NestingScan::new();
            for bytes in file.chunks(piece) {
                scan.advance(bytes);
            }
            assert_eq!(
                outcome(Loader::with_scan(file, Some(&scan))),
                whole,
                "{} in pieces of {piece}",
                String::from_utf8_lossy(&file[..file.len().min(40)])
            );
            // A scan of part of the file is not used for the whole.
            let mut part = NestingScan::new();
            part.advance(&file[..file.len() / 2]);
            assert_eq!(outcome(Loader::with_scan(file, Some(&part))), whole);
        }
    }
    // The scan itself finds the place, with or without a byte-order mark.
    for file in [&files[0], &files[8]] {
        let mut scan = NestingScan::new();
        for bytes in file.chunks(5) {
            scan.advance(bytes);
        }
        let Err(procedure_catalog::catalog::LoadError::TooDeep { line, column }) =
            Loader::new(file)
        else {
            panic!("the deep file is refused");
        };
        assert_eq!((line, column), (4, 142));
        assert_eq!(scan.too_deep(), Some((line, column)));
    }
}
