//! Catalog bytes into `load`, two ways: the input as a whole file (what a
//! catalog author or a server can hand the app), and the input spliced into
//! the procedure list of a small catalog of the generator's shape, so that
//! mutations reach the procedure rules instead of stopping at the header.
//! Whatever the bytes, loading must not panic, and what it returns must hold
//! together: kept procedures are counted, have unique ids, and every problem
//! reads as a message. A loaded catalog is indexed too, as the app does next.

#![no_main]

use std::collections::HashSet;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use procedure_catalog::catalog::codes::OfficialCodes;
use procedure_catalog::catalog::generate::{Options, generate};
use procedure_catalog::catalog::official::official_codes;
use procedure_catalog::catalog::{LoadError, Loaded, Severity, load};
use procedure_catalog::search::CatalogIndex;

fn codes() -> &'static OfficialCodes {
    static CODES: OnceLock<OfficialCodes> = OnceLock::new();
    CODES.get_or_init(official_codes)
}

/// A generated catalog of three procedures as compact JSON, cut just before
/// the `]}` that closes its procedure list (the last field it writes).
fn generated_prefix() -> &'static [u8] {
    static PREFIX: OnceLock<Vec<u8>> = OnceLock::new();
    PREFIX.get_or_init(|| {
        let catalog = generate(&Options { count: 3, seed: 1 }, &[]);
        let mut json = serde_json::to_vec(&catalog).expect("a catalog serialises");
        assert!(json.ends_with(b"]}"), "procedures is the last field");
        json.truncate(json.len() - 2);
        json
    })
}

fn check(result: Result<Loaded, LoadError>) {
    let loaded = match result {
        Ok(loaded) => loaded,
        Err(error) => {
            assert!(!error.to_string().is_empty());
            return;
        }
    };
    let kept = loaded.catalog.procedures.len();
    assert!(kept <= loaded.procedures_in_file);
    if kept < loaded.procedures_in_file {
        assert!(loaded.error_count() > 0, "left out without an error");
    }
    let mut ids = HashSet::new();
    for procedure in &loaded.catalog.procedures {
        assert!(
            ids.insert(procedure.id.as_str()),
            "kept twice: {}",
            procedure.id
        );
    }
    let mut severity = Severity::Error;
    for problem in &loaded.problems {
        assert!(!problem.message.is_empty(), "{problem:?}");
        assert!(problem.severity >= severity, "errors come first");
        severity = problem.severity;
        assert!(!problem.to_string().is_empty());
    }
    let index = CatalogIndex::build(&loaded.catalog);
    assert_eq!(index.len(), kept);
}

fuzz_target!(|data: &[u8]| {
    check(load(data, None));

    let prefix = generated_prefix();
    let mut spliced = Vec::with_capacity(prefix.len() + data.len() + 3);
    spliced.extend_from_slice(prefix);
    spliced.push(b',');
    spliced.extend_from_slice(data);
    spliced.extend_from_slice(b"]}");
    check(load(&spliced, Some(codes())));
});
