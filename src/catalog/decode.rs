//! Turning JSON values into the format's types while collecting *every* type
//! error, not only the first one serde stops at.
//!
//! serde reports one error and gives up. For a catalog author that means one
//! fix per run, so after a failure we patch the offending value with a
//! stand-in and decode again, until the value decodes or the budget of rounds
//! runs out. Only errors outside stand-ins are reported, so every reported
//! problem is real. An entry with any error is still reported as failed: the
//! patched value is used only to look for further problems.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

use super::problem::{Problem, did_you_mean};

/// Rounds of patch-and-retry before giving up on one entry.
const MAX_ROUNDS: usize = 400;

/// The outcome of decoding one entry.
pub struct Decoded<T> {
    /// The entry as the type it should be; when `problems` is not empty this
    /// is the patched stand-in, fit for further checks but not for use.
    pub value: Option<T>,
    /// Every type error found, with its JSON path.
    pub problems: Vec<Problem>,
    /// Paths that hold stand-ins; checks on them would report noise.
    pub patched: Vec<String>,
}

/// Decodes `value` (found at `base`) into `T`, reporting every type error.
pub fn decode<T: DeserializeOwned>(value: &Value, base: &str) -> Decoded<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => Decoded {
            value: Some(t),
            problems: Vec::new(),
            patched: Vec::new(),
        },
        Err(first) => decode_with_patches(value.clone(), base, first),
    }
}

fn decode_with_patches<T: DeserializeOwned>(
    mut value: Value,
    base: &str,
    first: serde_path_to_error::Error<serde_json::Error>,
) -> Decoded<T> {
    let mut problems = Vec::new();
    // Stand-in paths (as segment lists) with how many stand-ins were tried.
    let mut stand_ins: Vec<(Vec<Step>, usize)> = Vec::new();
    let mut error = first;
    for _ in 0..MAX_ROUNDS {
        let mut at = steps(error.path());
        let message = error.inner().to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();

        if let Some(field) = quoted_after(&message, "missing field `") {
            at.push(Step::Key(field.to_owned()));
            if !under_stand_in(&stand_ins, &at) {
                problems.push(Problem::error(
                    join(base, &at),
                    format!("missing required field `{field}`"),
                ));
            }
            if !place_stand_in(&mut value, &mut stand_ins, at) {
                break;
            }
        } else if let Some(field) = quoted_after(&message, "unknown field `") {
            if at.last() != Some(&Step::Key(field.to_owned())) {
                at.push(Step::Key(field.to_owned()));
            }
            if !under_stand_in(&stand_ins, &at) {
                let expected = expected_names(&message);
                problems.push(Problem::error(
                    join(base, &at),
                    format!(
                        "unknown field `{field}`{}",
                        hint_or_list(field, &expected, "allowed fields")
                    ),
                ));
            }
            if !remove(&mut value, &at) {
                break;
            }
        } else {
            if !under_stand_in(&stand_ins, &at) {
                problems.push(Problem::error(join(base, &at), friendly(&message)));
            }
            if !place_stand_in(&mut value, &mut stand_ins, at) {
                break;
            }
        }
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => {
                return Decoded {
                    value: Some(t),
                    problems,
                    patched: stand_ins.iter().map(|(s, _)| join(base, s)).collect(),
                };
            }
            Err(next) => error = next,
        }
    }
    Decoded {
        value: None,
        problems,
        patched: stand_ins.iter().map(|(s, _)| join(base, s)).collect(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

fn steps(path: &serde_path_to_error::Path) -> Vec<Step> {
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(Step::Index(*index)),
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// `base` followed by `steps` as a JSON path: `procedures[3].codes[0].system`.
fn join(base: &str, steps: &[Step]) -> String {
    let mut path = base.to_owned();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

fn under_stand_in(stand_ins: &[(Vec<Step>, usize)], at: &[Step]) -> bool {
    stand_ins.iter().any(|(s, _)| at.starts_with(s))
}

/// Stand-ins tried in turn until one has the type the field wants. Objects
/// come last but one so that a missing struct gets a chance to fill itself in.
const STAND_INS: [fn() -> Value; 6] = [
    || Value::Null,
    || Value::String(String::new()),
    || Value::Array(Vec::new()),
    || Value::Bool(false),
    || Value::from(0),
    || Value::Object(Map::new()),
];

/// Puts the next stand-in at `at`. When none fits there (an enum, say), the
/// value that holds `at` gets stand-ins instead. Returns false when nothing
/// is left to try.
fn place_stand_in(
    value: &mut Value,
    stand_ins: &mut Vec<(Vec<Step>, usize)>,
    mut at: Vec<Step>,
) -> bool {
    let tried = match stand_ins.iter_mut().find(|(s, _)| *s == at) {
        Some((_, tried)) => {
            *tried += 1;
            *tried
        }
        None => {
            stand_ins.push((at.clone(), 0));
            0
        }
    };
    match STAND_INS.get(tried) {
        Some(make) => set(value, &at, make()),
        None => {
            at.pop();
            !at.is_empty() && place_stand_in(value, stand_ins, at)
        }
    }
}

fn set(value: &mut Value, at: &[Step], new: Value) -> bool {
    let Some((last, parents)) = at.split_last() else {
        return false;
    };
    let mut node = value;
    for step in parents {
        node = match (node, step) {
            (Value::Object(map), Step::Key(k)) => match map.get_mut(k) {
                Some(v) => v,
                None => return false,
            },
            (Value::Array(items), Step::Index(i)) => match items.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (node, last) {
        (Value::Object(map), Step::Key(k)) => {
            map.insert(k.clone(), new);
            true
        }
        (Value::Array(items), Step::Index(i)) if *i < items.len() => {
            items[*i] = new;
            true
        }
        _ => false,
    }
}

fn remove(value: &mut Value, at: &[Step]) -> bool {
    let Some((Step::Key(key), parents)) = at.split_last() else {
        return false;
    };
    let mut node = value;
    for step in parents {
        node = match (node, step) {
            (Value::Object(map), Step::Key(k)) => match map.get_mut(k) {
                Some(v) => v,
                None => return false,
            },
            (Value::Array(items), Step::Index(i)) => match items.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match node {
        Value::Object(map) => map.remove(key).is_some(),
        _ => false,
    }
}

fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next()
}

/// The names serde lists after "expected one of".
fn expected_names(message: &str) -> Vec<String> {
    message
        .split_once("expected one of ")
        .map(|(_, list)| {
            list.split(", ")
                .map(|name| name.trim_matches('`').to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn hint_or_list(wrong: &str, names: &[String], what: &str) -> String {
    let hint = did_you_mean(wrong, names.iter().map(String::as_str));
    if !hint.is_empty() || names.is_empty() {
        hint
    } else {
        format!("; {what}: {}", names.join(", "))
    }
}

/// serde's message with a suggestion added for unknown enum values.
fn friendly(message: &str) -> String {
    if let Some(variant) = quoted_after(message, "unknown variant `") {
        let expected = expected_names(message);
        return format!(
            "unknown value `{variant}`{}",
            hint_or_list(variant, &expected, "allowed values")
        );
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{Code, Procedure};
    use serde_json::json;

    #[test]
    fn a_valid_value_decodes_without_problems() {
        let d = decode::<Code>(&json!({"system": "CPT", "code": "63101"}), "x");
        assert!(d.problems.is_empty());
        assert_eq!(d.value.unwrap().code, "63101");
    }

    #[test]
    fn reports_every_type_error_in_one_entry() {
        let d = decode::<Procedure>(
            &json!({
                "id": "p",
                "title": 5,
                "summary": ["not", "text"],
                "codes": [{"system": "CPT", "code": "1"}, {"system": "CTP", "code": "2"}],
                "sumary": "typo"
            }),
            "procedures[0]",
        );
        let messages: Vec<String> = d
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect();
        assert!(
            messages.contains(
                &"procedures[0].title: invalid type: integer `5`, expected a string".into()
            ),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("procedures[0].summary: invalid type: sequence")),
            "{messages:?}"
        );
        assert!(
            messages.contains(
                &"procedures[0].codes[1].system: unknown value `CTP`; did you mean `CPT`?".into()
            ),
            "{messages:?}"
        );
        assert!(
            messages.contains(
                &"procedures[0].sumary: unknown field `sumary`; did you mean `summary`?".into()
            ),
            "{messages:?}"
        );
        assert_eq!(messages.len(), 4, "{messages:?}");
    }

    #[test]
    fn reports_each_missing_required_field() {
        let d = decode::<Procedure>(&json!({"id": "p"}), "procedures[1]");
        let paths: Vec<&str> = d.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["procedures[1].title", "procedures[1].summary"]);
        assert!(
            d.problems
                .iter()
                .all(|p| p.message.starts_with("missing required field"))
        );
    }
}
