//! Property tests of loading and validation: `load` never panics, on any
//! bytes and on valid catalogs broken at random; what it returns holds
//! together; generated catalogs load whole; and breaking k procedures of a
//! catalog leaves out exactly those k.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::sync::OnceLock;

use procedure_catalog::catalog::generate::{Options, generate};
use procedure_catalog::catalog::official::{PcsRow, pcs_rows};
use procedure_catalog::catalog::{Catalog, LoadError, Loaded, Procedure, Severity, load};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn rows() -> &'static [PcsRow] {
    static ROWS: OnceLock<Vec<PcsRow>> = OnceLock::new();
    ROWS.get_or_init(pcs_rows)
}

fn example() -> Value {
    serde_json::from_str(include_str!("fixtures/example.json")).unwrap()
}

const BOM_WARNING: &str = "the file starts with a byte-order mark; it was ignored, but save the file as UTF-8 without BOM";

/// What must hold of any load result, given the JSON that was loaded (when
/// the bytes were JSON).
fn consistent(
    result: &Result<Loaded, LoadError>,
    json: Option<&Value>,
) -> Result<(), TestCaseError> {
    let loaded = match result {
        Ok(loaded) => loaded,
        Err(error) => {
            prop_assert!(!error.to_string().is_empty());
            return Ok(());
        }
    };
    let kept = loaded.catalog.procedures.len();
    prop_assert!(kept <= loaded.procedures_in_file);
    prop_assert!(
        loaded.skipped() == 0 || loaded.error_count() > 0,
        "left out without an error"
    );
    let mut severity = Severity::Error;
    for problem in &loaded.problems {
        prop_assert!(!problem.message.trim().is_empty(), "{:?}", problem);
        prop_assert!(
            !problem.path.is_empty() || problem.message == BOM_WARNING,
            "no path: {:?}",
            problem
        );
        prop_assert!(problem.severity >= severity, "errors come first");
        severity = problem.severity;
        prop_assert!(!problem.to_string().is_empty());
    }
    let mut ids = HashSet::new();
    for procedure in &loaded.catalog.procedures {
        prop_assert!(ids.insert(&procedure.id), "kept twice: {}", procedure.id);
    }
    // A kept procedure is exactly one of the file's, never a patched one.
    if let Some(list) = json
        .and_then(|j| j.get("procedures"))
        .and_then(Value::as_array)
    {
        let as_written: Vec<Procedure> = list
            .iter()
            .filter_map(|p| serde_json::from_value(p.clone()).ok())
            .collect();
        for procedure in &loaded.catalog.procedures {
            prop_assert!(as_written.contains(procedure), "changed: {}", procedure.id);
        }
    }
    Ok(())
}

/// Every place in `value`, as a list of keys and indexes.
fn places(value: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                at.push(json!(key));
                places(item, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(json!(i));
                places(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(value: &'a mut Value, at: &[Value]) -> &'a mut Value {
    at.iter().fold(value, |node, step| match step {
        Value::String(key) => &mut node[key.as_str()],
        step => &mut node[step.as_u64().unwrap() as usize],
    })
}

/// One random change to a JSON document.
#[derive(Debug, Clone)]
enum Mutation {
    /// Removes the field or list item.
    Remove,
    /// Puts another value, of any type, in its place.
    Replace(Value),
    /// Renames a field (a typo).
    Rename(String),
    /// Adds a field the format does not have.
    AddField(String, Value),
    /// Repeats a list item.
    Duplicate,
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("   "),
            Just("2026-02-30"),
            Just("CPT"),
            Just("ICD-10-CM"),
            Just("0pb40zz"),
            Just("C7951"),
            Just("javascript:alert(1)"),
            Just("corpectomy-thoracic-example"),
            Just("corpectomy-additional-segment-example"),
            Just("thoracic"),
            Just("add-on"),
            Just("ZZZ"),
            Just("procedures[9]"),
        ]
        .prop_map(|s| json!(s)),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_$]{1,12}",
        Just("procedures[0]".to_owned()),
        Just("procedures[9]".to_owned()),
        Just("facets[9]".to_owned()),
        Just("sources[9]".to_owned()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Remove),
        any_json().prop_map(Mutation::Replace),
        field_name().prop_map(Mutation::Rename),
        (field_name(), any_json()).prop_map(|(k, v)| Mutation::AddField(k, v)),
        Just(Mutation::Duplicate),
    ]
}

/// Applies `mutation` at the place `pick` chooses among `value`'s places.
fn mutate(value: &mut Value, pick: prop::sample::Index, mutation: Mutation) {
    let mut all = Vec::new();
    places(value, &mut Vec::new(), &mut all);
    let at = pick.get(&all).clone();
    match (mutation, at.split_last()) {
        (Mutation::Replace(new), _) => *node(value, &at) = new,
        (Mutation::AddField(key, new), _) => {
            if let Value::Object(map) = node(value, &at) {
                map.insert(key, new);
            }
        }
        (Mutation::Remove, Some((last, parent))) => match (node(value, parent), last) {
            (Value::Object(map), Value::String(key)) => {
                map.remove(key);
            }
            (Value::Array(items), Value::Number(i)) => {
                items.remove(i.as_u64().unwrap() as usize);
            }
            _ => {}
        },
        (Mutation::Rename(name), Some((Value::String(key), parent))) => {
            if let Value::Object(map) = node(value, parent)
                && let Some(item) = map.remove(key)
            {
                map.insert(name, item);
            }
        }
        (Mutation::Duplicate, Some((Value::Number(i), parent))) => {
            if let Value::Array(items) = node(value, parent) {
                let i = i.as_u64().unwrap() as usize;
                let copy = items[i].clone();
                items.insert(i, copy);
            }
        }
        _ => {}
    }
}

/// How the mutated document is written out.
#[derive(Debug, Clone)]
enum Ending {
    Whole,
    /// Cut after this share (in thousandths) of its bytes.
    Truncated(u16),
    /// With a byte-order mark in front.
    Bom,
    /// One byte replaced.
    Byte(u16, u8),
}

fn ending() -> impl Strategy<Value = Ending> {
    prop_oneof![
        6 => Just(Ending::Whole),
        1 => (0u16..1000).prop_map(Ending::Truncated),
        1 => Just(Ending::Bom),
        1 => (0u16..1000, any::<u8>()).prop_map(|(at, b)| Ending::Byte(at, b)),
    ]
}

fn write(value: &Value, pretty: bool, ending: &Ending) -> Vec<u8> {
    let mut bytes = if pretty {
        serde_json::to_vec_pretty(value).unwrap()
    } else {
        serde_json::to_vec(value).unwrap()
    };
    let at = |share: u16| bytes.len() * share as usize / 1000;
    match *ending {
        Ending::Whole => {}
        Ending::Truncated(share) => bytes.truncate(at(share)),
        Ending::Bom => {
            let mut with_bom = b"\xEF\xBB\xBF".to_vec();
            with_bom.append(&mut bytes);
            bytes = with_bom;
        }
        Ending::Byte(share, byte) => {
            let i = at(share);
            bytes[i] = byte;
        }
    }
    bytes
}

/// Breaks one procedure (given as JSON) in a way that is an error in that
/// procedure alone: its id and everything other procedures refer to stay.
fn break_procedure(procedure: &mut Value, how: u8) {
    let p = procedure.as_object_mut().unwrap();
    match how % 8 {
        0 => drop(p.insert("title".into(), json!(42))),
        1 => drop(p.remove("summary")),
        2 => drop(p.insert("sumary".into(), json!("a typo of a field"))),
        3 => drop(p.insert("reviewed".into(), json!("2026-02-30"))),
        4 => drop(p.insert("facets".into(), json!({"regoin": ["lumbar"]}))),
        5 => drop(p.insert("codes".into(), json!([{"system": "CPT", "code": "6310"}]))),
        6 => drop(p.insert("summary".into(), json!("   "))),
        _ => drop(p.insert("steps".into(), json!("first this, then that"))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_bytes_load_or_say_why(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        consistent(&load(&bytes, None), None)?;
    }

    #[test]
    fn any_json_loads_or_says_why(value in any_json(), wrap in any::<bool>()) {
        // Bare, or as the catalog's single procedure.
        let value = if wrap {
            let mut catalog = example();
            catalog["procedures"] = json!([value]);
            catalog
        } else {
            value
        };
        let bytes = serde_json::to_vec(&value).unwrap();
        consistent(&load(&bytes, None), Some(&value))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn a_valid_catalog_broken_at_random_loads_or_says_why(
        changes in proptest::collection::vec((any::<prop::sample::Index>(), mutation()), 1..5),
        pretty in any::<bool>(),
        ending in ending(),
    ) {
        let mut catalog = example();
        for (pick, change) in changes {
            mutate(&mut catalog, pick, change);
        }
        let bytes = write(&catalog, pretty, &ending);
        let result = load(&bytes, None);
        consistent(&result, matches!(ending, Ending::Whole | Ending::Bom).then_some(&catalog))?;
        if let (Ending::Whole, Err(error)) = (&ending, &result) {
            // Whole JSON is read past the syntax; only the root can stop it.
            prop_assert!(
                matches!(error, LoadError::NotAnObject | LoadError::MissingFormatVersion | LoadError::UnsupportedFormatVersion { .. }),
                "{}", error
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn a_generated_catalog_loads_whole_and_round_trips(count in 0usize..60, seed in any::<u64>()) {
        let catalog = generate(&Options { count, seed }, rows());
        let bytes = serde_json::to_vec(&catalog).unwrap();
        prop_assert_eq!(&serde_json::from_slice::<Catalog>(&bytes).unwrap(), &catalog);
        let loaded = load(&bytes, None).unwrap();
        prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        prop_assert_eq!(loaded.procedures_in_file, count);
        prop_assert_eq!(&loaded.catalog, &catalog);
    }

    #[test]
    fn breaking_k_procedures_leaves_out_exactly_those(
        count in 1usize..60,
        seed in any::<u64>(),
        broken in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        let catalog = generate(&Options { count, seed }, rows());
        let mut json = serde_json::to_value(&catalog).unwrap();
        let list = json["procedures"].as_array_mut().unwrap();
        let mut broken_ids = HashSet::new();
        for (pick, how) in broken {
            let i = pick.index(count);
            break_procedure(&mut list[i], how);
            broken_ids.insert(catalog.procedures[i].id.clone());
        }
        let loaded = load(&serde_json::to_vec(&json).unwrap(), None).unwrap();

        let expected: Vec<&str> = catalog
            .procedures
            .iter()
            .map(|p| p.id.as_str())
            .filter(|id| !broken_ids.contains(*id))
            .collect();
        let kept: Vec<&str> = loaded.catalog.procedures.iter().map(|p| p.id.as_str()).collect();
        prop_assert_eq!(kept, expected);
        prop_assert_eq!(loaded.skipped(), broken_ids.len());
        for problem in loaded.problems.iter().filter(|p| p.is_error()) {
            let id = problem.procedure.as_deref().unwrap_or_default();
            prop_assert!(broken_ids.contains(id), "{}", problem);
        }
        let reported: HashSet<&str> = loaded.problems.iter().filter_map(|p| p.procedure.as_deref()).collect();
        for id in &broken_ids {
            prop_assert!(reported.contains(id.as_str()), "{} broken but not reported", id);
        }
    }
}
