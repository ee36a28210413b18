//! From catalog bytes to a checked [`Catalog`] the app can show.
//!
//! Only unreadable input stops a load ([`LoadError`]): bytes that are not
//! UTF-8 JSON, a root that is not an object, or a format version this build
//! does not read. Everything else becomes a [`Problem`]; entries with errors
//! are left out and every other entry is kept, so one bad procedure never
//! hides the good ones.

use std::fmt;

use serde_json::Value;

use super::codes::OfficialCodes;
use super::decode::{Decoded, decode};
use super::model::{Catalog, FORMAT_VERSION, Facet, Procedure, Source};
use super::problem::{Problem, shorten};
use super::validate;

/// A catalog that could be read, with what was wrong in it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The catalog with only its valid sources, facets and procedures.
    pub catalog: Catalog,
    /// Every problem found, errors first (within a severity, in the order the checks ran).
    pub problems: Vec<Problem>,
    /// How many procedures the file holds, valid or not.
    pub procedures_in_file: usize,
}

impl Loaded {
    /// Procedures left out because of errors.
    pub fn skipped(&self) -> usize {
        self.procedures_in_file - self.catalog.procedures.len()
    }

    /// Number of problems that are errors.
    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

/// Why a catalog could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The file has no content.
    Empty,
    /// The bytes are not UTF-8.
    NotUtf8 {
        /// Line of the first bad byte (1-based).
        line: usize,
        /// Byte offset of the first bad byte.
        offset: usize,
    },
    /// Lists and objects nested deeper than the JSON parser follows.
    TooDeep {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The text is not JSON.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser expected.
        message: String,
    },
    /// The JSON is not an object at the top.
    NotAnObject,
    /// `format_version` is absent.
    MissingFormatVersion,
    /// `format_version` names a version this build does not read.
    UnsupportedFormatVersion {
        /// The version as written in the file.
        found: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Empty => write!(
                f,
                "the catalog file is empty; it must hold a JSON object with `format_version`, `title`, `facets` and `procedures`"
            ),
            LoadError::NotUtf8 { line, offset } => write!(
                f,
                "line {line} (byte {offset}): the file is not UTF-8 text; save it as UTF-8 and try again"
            ),
            LoadError::TooDeep { line, column } => write!(
                f,
                "line {line}, column {column}: lists and objects are nested more than {MAX_DEPTH} levels deep, more than this app reads (a catalog needs 7 at most); remove the extra nesting there"
            ),
            LoadError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "line {line}, column {column}: not valid JSON: {message}; fix the JSON syntax there (a JSON linter or editor shows the spot)"
            ),
            LoadError::NotAnObject => write!(
                f,
                "the catalog must be a JSON object (`{{ \"format_version\": {FORMAT_VERSION}, ... }}`), not a list or a single value"
            ),
            LoadError::MissingFormatVersion => write!(
                f,
                "`format_version` is missing; add `\"format_version\": {FORMAT_VERSION}` at the top of the catalog"
            ),
            LoadError::UnsupportedFormatVersion { found } if found.parse::<u64>().is_err() => {
                write!(
                    f,
                    "`format_version` must be the whole number {FORMAT_VERSION}, not {found}; write `\"format_version\": {FORMAT_VERSION}`"
                )
            }
            LoadError::UnsupportedFormatVersion { found } => write!(
                f,
                "`format_version` is {found}, but this app reads version {FORMAT_VERSION}; convert the catalog to version {FORMAT_VERSION} or use an app that reads version {found}"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The deepest nesting of lists and objects the JSON parser follows
/// (serde_json's recursion limit, which keeps a file from exhausting the
/// stack).
pub const MAX_DEPTH: usize = 127;

/// One entry of a list in the file, decoded.
pub(crate) struct Entry<'a, T> {
    pub raw: &'a Value,
    pub path: String,
    pub decoded: Decoded<T>,
}

impl<T> Entry<'_, T> {
    /// The entry's `id`, when it has a textual one.
    pub fn id(&self) -> Option<&str> {
        self.raw.get("id").and_then(Value::as_str)
    }
}

/// Reads a catalog. `codes`, when given, is used to check that ICD-10 codes
/// exist and carry their official titles.
pub fn load(bytes: &[u8], codes: Option<&OfficialCodes>) -> Result<Loaded, LoadError> {
    let mut problems = Vec::new();
    let whole = bytes;
    let bytes = match bytes.strip_prefix(BOM) {
        Some(rest) => {
            problems.push(Problem::warning("", "the file starts with a byte-order mark; it was ignored, but save the file as UTF-8 without BOM"));
            rest
        }
        None => bytes,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        LoadError::NotUtf8 {
            line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
            // Counted in the file, byte-order mark included.
            offset: offset + (whole.len() - bytes.len()),
        }
    })?;
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        if message == "recursion limit exceeded" {
            LoadError::TooDeep {
                line: e.line(),
                column: e.column(),
            }
        } else {
            LoadError::Syntax {
                line: e.line(),
                column: e.column(),
                message: message.to_owned(),
            }
        }
    })?;
    let Value::Object(object) = &root else {
        return Err(LoadError::NotAnObject);
    };
    match object.get("format_version") {
        None => return Err(LoadError::MissingFormatVersion),
        Some(v) if v.as_u64() == Some(u64::from(FORMAT_VERSION)) => {}
        Some(v) => {
            return Err(LoadError::UnsupportedFormatVersion {
                found: shorten(&v.to_string()),
            });
        }
    }

    // The header is decoded on its own, with the three lists emptied, so that
    // a broken list entry never counts against the header.
    // Only the header's own fields are copied: cloning the whole object
    // would copy every procedure just to read a title.
    const LISTS: [&str; 3] = ["sources", "facets", "procedures"];
    let mut header: serde_json::Map<String, Value> = object
        .iter()
        .filter(|(key, _)| !LISTS.contains(&key.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for list in LISTS {
        header.insert(list.into(), Value::Array(Vec::new()));
    }
    let header = decode::<Catalog>(&Value::Object(header), "");
    problems.extend(header.problems);
    let mut catalog = header.value.unwrap_or_else(untitled);
    catalog.sources.clear();
    catalog.facets.clear();
    catalog.procedures.clear();

    let sources = entries::<Source>(object.get("sources"), "sources", false, &mut problems);
    let facets = entries::<Facet>(object.get("facets"), "facets", true, &mut problems);
    let procedures =
        entries::<Procedure>(object.get("procedures"), "procedures", true, &mut problems);
    let procedures_in_file = procedures.len();

    let verdict = validate::check(&root, &catalog, &sources, &facets, &procedures, codes);
    problems.extend(verdict.problems);
    catalog.sources = keep(sources, &verdict.bad_sources);
    catalog.facets = keep(facets, &verdict.bad_facets);
    catalog.procedures = keep(procedures, &verdict.bad_procedures);

    // Errors first; the sort is stable, so each severity keeps check order.
    problems.sort_by_key(|p| p.severity);
    Ok(Loaded {
        catalog,
        problems,
        procedures_in_file,
    })
}

fn untitled() -> Catalog {
    Catalog {
        format_version: FORMAT_VERSION,
        title: "Untitled catalog".into(),
        publisher: String::new(),
        catalog_version: String::new(),
        updated: String::new(),
        license: String::new(),
        notices: Vec::new(),
        sources: Vec::new(),
        facets: Vec::new(),
        procedures: Vec::new(),
    }
}

fn entries<'a, T: serde::de::DeserializeOwned>(
    list: Option<&'a Value>,
    name: &str,
    required: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Entry<'a, T>> {
    match list {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let path = format!("{name}[{i}]");
                let decoded = decode::<T>(raw, &path);
                Entry { raw, path, decoded }
            })
            .collect(),
        Some(other) => {
            let found = match other {
                Value::Object(_) => "an object",
                Value::String(_) => "text",
                Value::Number(_) => "a number",
                Value::Bool(_) => "true/false",
                _ => "null",
            };
            problems.push(Problem::error(
                name,
                format!("`{name}` must be a list (`[ ... ]`), found {found}"),
            ));
            Vec::new()
        }
        None if required => {
            problems.push(Problem::error(
                name,
                format!("missing required field `{name}`; add `\"{name}\": []` and fill it"),
            ));
            Vec::new()
        }
        None => Vec::new(),
    }
}

fn keep<T>(entries: Vec<Entry<'_, T>>, bad: &[bool]) -> Vec<T> {
    entries
        .into_iter()
        .zip(bad)
        .filter(|(_, bad)| !**bad)
        .filter_map(|(entry, _)| entry.decoded.value)
        .collect()
}
