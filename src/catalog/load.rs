//! From catalog bytes to a checked [`Catalog`] the app can show.
//!
//! Only unreadable input stops a load ([`LoadError`]): bytes that are not
//! UTF-8 JSON, a root that is not an object, or a format version this build
//! does not read. Everything else becomes a [`Problem`]; entries with errors
//! are left out and every other entry is kept, so one bad procedure never
//! hides the good ones.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::IgnoredAny;
use serde_json::Value;
use serde_json::error::Category;
use serde_json::value::RawValue;

use super::codes::OfficialCodes;
use super::cut::{Cut, RootCut};
use super::decode::{Decoded, decode};
use super::interned::Pool;
use super::model::{Catalog, FORMAT_VERSION, Facet, IndexTerm, Note, Procedure, Source};
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

/// The lists of a catalog; everything else at the top is its header.
const LISTS: [&str; 5] = ["sources", "notes", "facets", "procedures", "index"];

/// The deepest nesting of lists and objects the JSON parser follows
/// (serde_json's recursion limit, which keeps a file from exhausting the
/// stack).
pub const MAX_DEPTH: usize = 127;

/// One entry of a list in the file, decoded.
///
/// A large catalog holds one per procedure until its checks are done, so
/// what most procedures need is kept small: the path is made when asked
/// for, and the id is read from the procedure itself.
pub(crate) struct Entry<T> {
    /// The entry as JSON, kept only when a check needs it: always for
    /// sources and facets, and for procedures that took the careful path
    /// (see [`Loader::decode`]).
    pub raw: Option<Box<Value>>,
    /// The entry's `id` as written, for an entry with `raw` (even if the
    /// entry is broken).
    id: Option<String>,
    /// The list it is in (`procedures`) and its place there.
    list: &'static str,
    index: u32,
    pub decoded: Decoded<T>,
}

/// What has an `id`: sources, notes, facets and procedures.
pub(crate) trait Keyed {
    fn key(&self) -> &str;
}

impl Keyed for Note {
    fn key(&self) -> &str {
        &self.id
    }
}

/// Index terms have no id; they are named by their place in the list.
impl Keyed for IndexTerm {
    fn key(&self) -> &str {
        ""
    }
}

impl Keyed for Source {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Facet {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Procedure {
    fn key(&self) -> &str {
        &self.id
    }
}

impl<T: Keyed> Entry<T> {
    /// The entry's `id`, when it has a textual one.
    pub fn id(&self) -> Option<&str> {
        match &self.raw {
            Some(_) => self.id.as_deref(),
            None => self.decoded.value.as_ref().map(Keyed::key),
        }
    }

    /// Where the entry is in the file, e.g. `procedures[3]`.
    pub fn path(&self) -> String {
        format!("{}[{}]", self.list, self.index)
    }

    fn from_value(raw: Value, list: &'static str, index: usize) -> Self
    where
        T: serde::de::DeserializeOwned,
    {
        let index = place(index);
        let decoded = decode::<T>(&raw, &format!("{list}[{index}]"));
        let id = raw.get("id").and_then(Value::as_str).map(str::to_owned);
        Entry {
            raw: Some(Box::new(raw)),
            id,
            list,
            index,
            decoded,
        }
    }
}

/// A place in a list, which holds fewer than 4 billion entries: a file of
/// that many would not fit in the memory that reads it.
fn place(index: usize) -> u32 {
    u32::try_from(index).expect("fewer than 4 billion entries in a list")
}

/// Reads a catalog. `codes`, when given, is used to check that ICD-10 codes
/// exist and carry their official titles.
pub fn load(bytes: &[u8], codes: Option<&OfficialCodes>) -> Result<Loaded, LoadError> {
    let mut loader = Loader::new(bytes)?;
    while !loader.decode(usize::MAX) {}
    Ok(loader.finish(codes))
}

/// A catalog load that can be done in steps, so that an app can show
/// progress and the first procedures while the rest are decoded.
///
/// [`Loader::new`] reads the file's structure and its header, sources and
/// facets; [`Loader::decode`] decodes procedures a batch at a time;
/// [`Loader::finish`] runs the checks that look across entries.
///
/// Procedures are decoded straight from their JSON text into the format's
/// types, which is several times faster than going through a JSON tree. Only
/// a procedure that fails that, has a blank text or carries unverified marks
/// is decoded again through a tree, where every problem is found with its
/// path. The file's text is never turned into one tree, which keeps the
/// memory a load needs close to the size of the file.
pub struct Loader<'a> {
    problems: Vec<Problem>,
    header_raw: Value,
    header: Catalog,
    sources: Vec<Entry<Source>>,
    notes: Vec<Entry<Note>>,
    facets: Vec<Entry<Facet>>,
    raw_procedures: Vec<&'a RawValue>,
    procedures: Vec<Entry<Procedure>>,
    /// The index's JSON text, read once the procedures are.
    raw_index: Option<&'a RawValue>,
    /// The ids procedures repeat, shared between them.
    pool: Pool,
}

/// Procedure `i` of the file, decoded from its text.
fn decode_procedure(raw: &RawValue, i: usize) -> Entry<Procedure> {
    let text = raw.get();
    match serde_json::from_str::<Procedure>(text) {
        Ok(mut procedure) if procedure.unverified.is_empty() && !has_blank_text(text) => {
            procedure.shrink_to_fit();
            Entry {
                raw: None,
                id: None,
                list: "procedures",
                index: place(i),
                decoded: Decoded {
                    value: Some(procedure),
                    problems: Vec::new(),
                    patched: Vec::new(),
                },
            }
        }
        _ => Entry::from_value(tree(raw), "procedures", i),
    }
}

impl<'a> Loader<'a> {
    /// Reads the file's structure: stops only on what makes it unreadable.
    pub fn new(bytes: &'a [u8]) -> Result<Self, LoadError> {
        Self::with_scan(bytes, None)
    }

    /// [`Loader::new`] for a file whose nesting was already checked as it
    /// arrived (see [`NestingScan`]), which saves a pass over its bytes.
    pub fn with_scan(bytes: &'a [u8], scan: Option<&NestingScan>) -> Result<Self, LoadError> {
        Self::open(bytes, scan)?.finish()
    }

    /// [`Loader::with_scan`] in steps: the checks of the whole file first,
    /// then the cut of the file into its values, a few at a time
    /// ([`Opening::step`]).
    pub fn open(bytes: &'a [u8], scan: Option<&NestingScan>) -> Result<Opening<'a>, LoadError> {
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
        // Parts are read on their own later, each within the parser's limit,
        // so the limit is checked once for the whole file here.
        let deepest = scan
            .and_then(|scan| scan.outcome(whole))
            .unwrap_or_else(|| too_deep(text));
        if let Some((line, column)) = deepest {
            return Err(LoadError::TooDeep { line, column });
        }
        Ok(Opening {
            problems,
            text,
            cut: RootCut::new(text),
        })
    }

    /// The rest of [`Loader::open`], once the file is cut.
    fn from_root(
        mut problems: Vec<Problem>,
        Root {
            keys: root,
            procedures,
        }: Root<'a>,
    ) -> Result<Self, LoadError> {
        match root.get("format_version").map(|raw| tree(raw)) {
            None => return Err(LoadError::MissingFormatVersion),
            Some(v) if v.as_u64() == Some(u64::from(FORMAT_VERSION)) => {}
            Some(v) => {
                return Err(LoadError::UnsupportedFormatVersion {
                    found: shorten(&v.to_string()),
                });
            }
        }

        // The header is decoded on its own, with the three lists emptied, so
        // that a broken list entry never counts against the header.
        let mut header_raw: serde_json::Map<String, Value> = root
            .iter()
            .filter(|(key, _)| !LISTS.contains(&key.as_str()))
            .map(|(key, raw)| (key.clone(), tree(raw)))
            .collect();
        for list in LISTS {
            header_raw.insert(list.into(), Value::Array(Vec::new()));
        }
        let header_raw = Value::Object(header_raw);
        let decoded = decode::<Catalog>(&header_raw, "");
        problems.extend(decoded.problems);
        let mut header = decoded.value.unwrap_or_else(untitled);
        header.sources.clear();
        header.notes.clear();
        header.facets.clear();
        header.procedures.clear();
        header.index.clear();

        let sources = small_list::<Source>(root.get("sources"), "sources", false, &mut problems);
        let notes = small_list::<Note>(root.get("notes"), "notes", false, &mut problems);
        let facets = small_list::<Facet>(root.get("facets"), "facets", true, &mut problems);
        let raw_procedures = match procedures {
            None => {
                problems.push(missing_list("procedures"));
                Vec::new()
            }
            Some(Listed::List(items)) => items,
            Some(Listed::Not(found)) => {
                problems.push(not_a_list("procedures", found));
                Vec::new()
            }
        };
        let procedures = Vec::with_capacity(raw_procedures.len());
        Ok(Loader {
            problems,
            header_raw,
            header,
            sources,
            notes,
            facets,
            raw_procedures,
            procedures,
            raw_index: root.get("index").copied(),
            pool: Pool::new(),
        })
    }

    /// Number of procedures in the file, valid or not.
    pub fn total(&self) -> usize {
        self.raw_procedures.len()
    }

    /// Number of procedures decoded so far.
    pub fn decoded(&self) -> usize {
        self.procedures.len()
    }

    /// Decodes up to `count` more procedures; true once all are decoded.
    pub fn decode(&mut self, count: usize) -> bool {
        let start = self.procedures.len();
        let end = start.saturating_add(count).min(self.raw_procedures.len());
        let (raw_procedures, procedures) = (&self.raw_procedures, &mut self.procedures);
        self.pool.scope(|| {
            for (i, raw) in raw_procedures.iter().enumerate().take(end).skip(start) {
                procedures.push(decode_procedure(raw, i));
            }
        });
        end == self.raw_procedures.len()
    }

    /// The header, the facets and up to `count` of the procedures decoded so
    /// far that have no type error: enough to show while the rest loads.
    /// Checks across entries have not run yet, so a few of these may still
    /// be left out of the finished catalog.
    pub fn preview(&self, count: usize) -> Catalog {
        let mut catalog = self.header.clone();
        catalog.sources = valid(&self.sources).collect();
        catalog.notes = valid(&self.notes).collect();
        catalog.facets = valid(&self.facets).collect();
        catalog.procedures = valid(&self.procedures).take(count).collect();
        catalog
    }

    /// Decodes what is left and runs every check.
    pub fn finish(self, codes: Option<&OfficialCodes>) -> Loaded {
        let unchecked = self.read_all();
        let verdict = unchecked.checks(codes).done();
        unchecked.assemble(verdict)
    }

    /// Decodes what is left: the catalog is then ready for its checks.
    pub fn read_all(mut self) -> Unchecked {
        while !self.decode(usize::MAX) {}
        let index = index_terms(self.raw_index, &mut self.problems);
        Unchecked {
            problems: self.problems,
            header_raw: self.header_raw,
            header: self.header,
            sources: self.sources,
            notes: self.notes,
            facets: self.facets,
            procedures: self.procedures,
            index,
        }
    }
}

/// A catalog read to the end, waiting for the checks that look across
/// entries: [`Unchecked::checks`] runs them (in steps if need be), and
/// [`Unchecked::assemble`] keeps the entries that passed.
pub struct Unchecked {
    problems: Vec<Problem>,
    header_raw: Value,
    header: Catalog,
    sources: Vec<Entry<Source>>,
    notes: Vec<Entry<Note>>,
    facets: Vec<Entry<Facet>>,
    procedures: Vec<Entry<Procedure>>,
    index: Vec<Entry<IndexTerm>>,
}

impl Unchecked {
    /// The checks of this catalog, ready to run.
    pub fn checks<'a>(&'a self, codes: Option<&'a OfficialCodes>) -> Checks<'a> {
        Checks(validate::Checks::new(
            &self.header_raw,
            &self.header,
            validate::Entries {
                sources: &self.sources,
                notes: &self.notes,
                facets: &self.facets,
                procedures: &self.procedures,
                index: &self.index,
            },
            codes,
        ))
    }

    /// The catalog with only the entries that passed `verdict`'s checks.
    pub fn assemble(self, verdict: Verdict) -> Loaded {
        let Unchecked {
            mut problems,
            mut header,
            sources,
            notes,
            facets,
            procedures,
            index,
            ..
        } = self;
        let Verdict(verdict) = verdict;
        let procedures_in_file = procedures.len();
        problems.extend(verdict.problems);
        header.sources = keep(sources, &verdict.bad_sources);
        header.notes = keep(notes, &verdict.bad_notes);
        header.facets = keep(facets, &verdict.bad_facets);
        header.procedures = keep(procedures, &verdict.bad_procedures);
        header.index = keep(index, &verdict.bad_terms);

        // Errors first; the sort is stable, so each severity keeps check order.
        problems.sort_by_key(|p| p.severity);
        Loaded {
            catalog: header,
            problems,
            procedures_in_file,
        }
    }
}

/// The checks of an [`Unchecked`] catalog, run a batch of procedures at a time.
pub struct Checks<'a>(validate::Checks<'a>);

impl Checks<'_> {
    /// Number of procedures checked so far.
    pub fn checked(&self) -> usize {
        self.0.checked()
    }

    /// Checks up to `count` more procedures; true once all are checked.
    pub fn step(&mut self, count: usize) -> bool {
        self.0.step(count)
    }

    /// Runs what is left and returns the outcome.
    pub fn done(self) -> Verdict {
        Verdict(self.0.done())
    }
}

/// What the checks of a catalog found, for [`Unchecked::assemble`].
pub struct Verdict(validate::Verdict);

/// The entries that decoded without a type error.
fn valid<T: Clone>(entries: &[Entry<T>]) -> impl Iterator<Item = T> + '_ {
    entries
        .iter()
        .filter(|e| e.decoded.problems.is_empty())
        .filter_map(|e| e.decoded.value.clone())
}

/// The start of a catalog file, cut after its first `count` complete
/// procedures and closed, as a catalog text [`Loader`] reads; `None` while
/// `prefix` does not reach the end of the first procedure.
///
/// This lets an app show the first procedures of a large catalog while the
/// rest is still downloading. Only what comes before the procedures (the
/// header, sources and facets, as the format's files are written) is kept.
pub fn prefix_catalog(prefix: &[u8], count: usize) -> Option<Vec<u8>> {
    let n = prefix.len();
    let skip_space = |mut j: usize| {
        while j < n && prefix[j].is_ascii_whitespace() {
            j += 1;
        }
        j
    };
    let mut depth = 0usize;
    let mut in_list = false;
    let mut complete = 0;
    let mut cut = 0;
    let mut i = 0;
    while i < n {
        match prefix[i] {
            b'"' => {
                let Some(end) = string_end(prefix, i) else {
                    break;
                };
                if depth == 1 && !in_list && &prefix[i + 1..end] == b"procedures" {
                    let colon = skip_space(end + 1);
                    if colon < n && prefix[colon] == b':' {
                        let open = skip_space(colon + 1);
                        if open >= n || prefix[open] != b'[' {
                            return None;
                        }
                        in_list = true;
                        depth = 2;
                        cut = open;
                        i = open + 1;
                        continue;
                    }
                }
                i = end;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if in_list && depth == 2 => {
                if prefix[cut + 1..i].iter().any(|b| !b.is_ascii_whitespace()) {
                    complete += 1;
                    cut = i;
                }
                break;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if in_list && depth == 2 => {
                complete += 1;
                cut = i;
                if complete == count {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if complete == 0 {
        return None;
    }
    let mut text = prefix[..cut].to_vec();
    text.extend_from_slice(b"]}");
    Some(text)
}

/// Line and column (1-based, in bytes) of the first bracket or brace that
/// opens a level deeper than [`MAX_DEPTH`], outside strings.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut scan = NestingScan {
        start: Some(0),
        ..NestingScan::new()
    };
    scan.advance(text.as_bytes());
    scan.deepest
}

/// The nesting check [`Loader::new`] makes, made on a file's bytes as they
/// arrive, so that a large download has been checked by the time it ends.
/// It is given each piece in turn and keeps none of them.
#[derive(Debug, Clone)]
pub struct NestingScan {
    /// The file's first bytes, while too few to tell a byte-order mark.
    first: Vec<u8>,
    /// Where the text starts (after a byte-order mark), once known.
    start: Option<usize>,
    /// Bytes received so far, byte-order mark included.
    received: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    line: usize,
    /// Where the current line starts, in the text.
    line_start: usize,
    /// The first place nested too deep, as line and column.
    deepest: Option<(usize, usize)>,
}

impl Default for NestingScan {
    fn default() -> Self {
        Self::new()
    }
}

impl NestingScan {
    /// A scan of a file whose first bytes have yet to arrive.
    pub fn new() -> Self {
        NestingScan {
            first: Vec::new(),
            start: None,
            received: 0,
            depth: 0,
            in_string: false,
            escaped: false,
            line: 1,
            line_start: 0,
            deepest: None,
        }
    }

    /// Scans `piece`, the bytes that arrived since the last call.
    pub fn advance(&mut self, piece: &[u8]) {
        let at = self.received;
        self.received += piece.len();
        let start = match self.start {
            Some(start) => start,
            None => {
                // Whether the file starts with a byte-order mark is known
                // once three bytes are in, or fewer that cannot begin one.
                let wanted = BOM.len() - self.first.len();
                self.first
                    .extend_from_slice(&piece[..piece.len().min(wanted)]);
                if self.first.len() < BOM.len() && BOM.starts_with(&self.first) {
                    return;
                }
                let start = if self.first.starts_with(BOM) {
                    BOM.len()
                } else {
                    0
                };
                self.start = Some(start);
                // The bytes of earlier pieces, held back until now.
                let first = std::mem::take(&mut self.first);
                self.scan(&first[start.min(at)..at], start.min(at), start);
                start
            }
        };
        let skip = start.saturating_sub(at).min(piece.len());
        self.scan(&piece[skip..], at + skip, start);
    }

    /// Scans `bytes`, found at `at` in the file whose text starts at `start`.
    fn scan(&mut self, bytes: &[u8], at: usize, start: usize) {
        if self.deepest.is_some() {
            return;
        }
        for (i, &byte) in bytes.iter().enumerate() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if byte == b'\\' {
                    self.escaped = true;
                } else if byte == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            let i = at + i;
            match byte {
                b'"' => self.in_string = true,
                b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        self.deepest = Some((self.line, i - start - self.line_start + 1));
                        return;
                    }
                }
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                b'\n' => {
                    self.line += 1;
                    self.line_start = i - start + 1;
                }
                _ => {}
            }
        }
    }

    /// The first place nested deeper than [`MAX_DEPTH`] so far, as line and
    /// column (1-based, in bytes, after any byte-order mark).
    pub fn too_deep(&self) -> Option<(usize, usize)> {
        self.deepest
    }

    /// The place nested too deep in `bytes`, or `None` for none; unknown
    /// (`None` outside) unless `bytes` is exactly what was scanned.
    fn outcome(&self, bytes: &[u8]) -> Option<Option<(usize, usize)>> {
        (self.start.is_some() && self.received == bytes.len()).then_some(self.deepest)
    }
}

/// A catalog file being cut into its values (see [`Loader::open`]).
pub struct Opening<'a> {
    problems: Vec<Problem>,
    text: &'a str,
    cut: RootCut<'a>,
}

impl<'a> Opening<'a> {
    /// Cuts up to `count` more values (each procedure is one); true once
    /// the cut is over.
    pub fn step(&mut self, count: usize) -> bool {
        self.cut.step(count)
    }

    /// Bytes of the file's text cut so far, of [`Opening::len`].
    pub fn position(&self) -> usize {
        self.cut.position()
    }

    /// Bytes of the file's text.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True for a file with no text (never: [`Loader::open`] refuses one).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The loader of the file, ready to decode its entries.
    ///
    /// A file the cut gave up on is read again in one pass, which finds the
    /// first syntax error with its place, or a list given in another shape.
    pub fn finish(self) -> Result<Loader<'a>, LoadError> {
        let Opening {
            problems,
            text,
            cut,
        } = self;
        let root = match cut.finish() {
            Some(Cut { keys, procedures }) => Root {
                keys,
                procedures: procedures.map(Listed::List),
            },
            None => match serde_json::from_str(text) {
                Ok(root) => root,
                Err(e) if e.classify() == Category::Data => {
                    // Readable JSON of the wrong shape, unless the syntax is
                    // also broken further on; that is the first thing to fix.
                    return Err(match serde_json::from_str::<IgnoredAny>(text) {
                        Err(e) if e.classify() != Category::Data => syntax(&e),
                        _ => LoadError::NotAnObject,
                    });
                }
                Err(e) => return Err(syntax(&e)),
            },
        };
        Loader::from_root(problems, root)
    }
}

/// The top of a catalog file: each key's JSON text, except the procedures,
/// which are cut into their own texts in the same pass.
struct Root<'a> {
    keys: BTreeMap<String, &'a RawValue>,
    procedures: Option<Listed<'a>>,
}

/// A list's items as JSON texts, or the kind of value found instead.
enum Listed<'a> {
    List(Vec<&'a RawValue>),
    Not(&'static str),
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Root<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Keys<'a> {
            type Value = Root<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Root<'a>, M::Error> {
                let mut root = Root {
                    keys: BTreeMap::new(),
                    procedures: None,
                };
                // A key given twice keeps its last value, as in a JSON tree.
                while let Some(key) = map.next_key::<String>()? {
                    if key == "procedures" {
                        root.procedures = Some(map.next_value()?);
                    } else {
                        root.keys.insert(key, map.next_value()?);
                    }
                }
                Ok(root)
            }
        }
        deserializer.deserialize_map(Keys(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Listed<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Items<'a> {
            type Value = Listed<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<S: serde::de::SeqAccess<'de>>(
                self,
                mut seq: S,
            ) -> Result<Listed<'a>, S::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element::<&'a RawValue>()? {
                    items.push(item);
                }
                Ok(Listed::List(items))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Listed<'a>, M::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Listed::Not("an object"))
            }
            fn visit_str<E>(self, _: &str) -> Result<Listed<'a>, E> {
                Ok(Listed::Not("text"))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Listed<'a>, E> {
                Ok(Listed::Not("true/false"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Listed<'a>, E> {
                Ok(Listed::Not("a number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Listed<'a>, E> {
                Ok(Listed::Not("a number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Listed<'a>, E> {
                Ok(Listed::Not("a number"))
            }
            fn visit_unit<E>(self) -> Result<Listed<'a>, E> {
                Ok(Listed::Not("null"))
            }
        }
        deserializer.deserialize_any(Items(std::marker::PhantomData))
    }
}

/// Index of the quote that closes the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn syntax(e: &serde_json::Error) -> LoadError {
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
}

/// `raw` as a JSON tree; `raw` was checked when the file was read.
fn tree(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// True when some JSON string in `json` is empty or only white space, as a
/// key or a value: such an entry is decoded the careful way, which reports
/// where. Strings with escapes are unescaped to be sure.
fn has_blank_text(json: &str) -> bool {
    let bytes = json.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        let mut escaped = false;
        while end < bytes.len() && bytes[end] != b'"' {
            if bytes[end] == b'\\' {
                escaped = true;
                end += 1;
            }
            end += 1;
        }
        let content = &json[start..end.min(json.len())];
        let blank = if escaped {
            serde_json::from_str::<String>(&json[i..(end + 1).min(json.len())])
                .map_or(true, |s| s.trim().is_empty())
        } else {
            content.trim().is_empty()
        };
        if blank {
            return true;
        }
        i = end + 1;
    }
    false
}

fn missing_list(name: &str) -> Problem {
    Problem::error(
        name,
        format!("missing required field `{name}`; add `\"{name}\": []` and fill it"),
    )
}

/// How a problem names the kind of a JSON value that is not a list.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::String(_) => "text",
        Value::Number(_) => "a number",
        Value::Bool(_) => "true/false",
        _ => "null",
    }
}

fn not_a_list(name: &str, found: &str) -> Problem {
    Problem::error(
        name,
        format!("`{name}` must be a list (`[ ... ]`), found {found}"),
    )
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
        notes: Vec::new(),
        facets: Vec::new(),
        procedures: Vec::new(),
        index: Vec::new(),
    }
}

fn small_list<T: serde::de::DeserializeOwned + Keyed>(
    list: Option<&&RawValue>,
    name: &'static str,
    required: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Entry<T>> {
    match list.map(|raw| tree(raw)) {
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, raw)| Entry::from_value(raw, name, i))
            .collect(),
        Some(other) => {
            problems.push(not_a_list(name, kind(&other)));
            Vec::new()
        }
        None if required => {
            problems.push(missing_list(name));
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// The index's terms. A large catalog's index holds tens of thousands, so
/// each is decoded straight from its text, as procedures are; only a term
/// that fails that or has a blank text goes through a tree, where every
/// problem is found with its path.
fn index_terms(list: Option<&RawValue>, problems: &mut Vec<Problem>) -> Vec<Entry<IndexTerm>> {
    let Some(items) = list.and_then(|raw| serde_json::from_str::<Vec<&RawValue>>(raw.get()).ok())
    else {
        // Not a list: reported as any list is.
        return small_list(list.as_ref(), "index", false, problems);
    };
    items
        .iter()
        .enumerate()
        .map(
            |(i, item)| match serde_json::from_str::<IndexTerm>(item.get()) {
                Ok(term) if !has_blank_text(item.get()) => Entry {
                    raw: None,
                    id: None,
                    list: "index",
                    index: place(i),
                    decoded: Decoded {
                        value: Some(term),
                        problems: Vec::new(),
                        patched: Vec::new(),
                    },
                },
                _ => Entry::from_value(tree(item), "index", i),
            },
        )
        .collect()
}

fn keep<T>(entries: Vec<Entry<T>>, bad: &[bool]) -> Vec<T> {
    entries
        .into_iter()
        .zip(bad)
        .filter(|(_, bad)| !**bad)
        .filter_map(|(entry, _)| entry.decoded.value)
        .collect()
}

// proptest is a native dev-dependency only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    use super::*;

    /// Keys and texts of a file's top, as the one-pass read finds them;
    /// `Err` for a file it refuses, with the procedures as `Err(kind)` when
    /// they are not a list.
    type Texts = (Vec<(String, String)>, Option<Result<Vec<String>, String>>);

    fn one_pass(text: &str) -> Result<Texts, ()> {
        let root: Root = serde_json::from_str(text).map_err(|_| ())?;
        Ok((
            root.keys
                .iter()
                .map(|(k, v)| (k.clone(), v.get().to_owned()))
                .collect(),
            root.procedures.map(|listed| match listed {
                Listed::List(items) => Ok(items.iter().map(|i| i.get().to_owned()).collect()),
                Listed::Not(kind) => Err(kind.to_owned()),
            }),
        ))
    }

    fn stepwise(text: &str, count: usize) -> Option<Texts> {
        let mut cut = RootCut::new(text);
        while !cut.step(count) {}
        let cut = cut.finish()?;
        Some((
            cut.keys
                .iter()
                .map(|(k, v)| (k.clone(), v.get().to_owned()))
                .collect(),
            cut.procedures
                .map(|items| Ok(items.iter().map(|i| i.get().to_owned()).collect())),
        ))
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "[a-z\"\\\\\u{e9}\u{1F600} \n]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z\"]{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
            ]
        })
    }

    /// A catalog-shaped file: an object with a few keys and, most often, a
    /// list of procedures.
    fn file() -> impl Strategy<Value = String> {
        (
            prop::collection::btree_map("title|facets|x|a\"b|\u{e9}", value(), 0..4),
            prop::option::weighted(0.8, prop::collection::vec(value(), 0..6)),
            any::<bool>(),
        )
            .prop_map(|(keys, procedures, pretty)| {
                let mut root: Map<String, Value> = keys.into_iter().collect();
                root.remove("procedures");
                if let Some(items) = procedures {
                    root.insert("procedures".into(), Value::Array(items));
                }
                let root = Value::Object(root);
                if pretty {
                    serde_json::to_string_pretty(&root).unwrap()
                } else {
                    serde_json::to_string(&root).unwrap()
                }
            })
    }

    /// `text` with one character taken out or put in at `at` (a fraction of
    /// its length or, `near_structure`, of its brackets, braces, commas,
    /// colons and quotes, where the grammar is most easily broken).
    fn mutate(text: &str, at: f64, insert: Option<char>, near_structure: bool) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        let mut places: Vec<usize> = (0..chars.len())
            .filter(|&i| "{}[],:\"".contains(chars[i]))
            .collect();
        if !near_structure || places.is_empty() {
            places = (0..=chars.len()).collect();
        }
        let i = places[((places.len() as f64 * at) as usize).min(places.len() - 1)];
        match insert {
            Some(c) => chars.insert(i, c),
            None if i < chars.len() => {
                chars.remove(i);
            }
            None => {}
        }
        chars.into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn the_stepwise_cut_reads_a_well_formed_file_as_the_one_pass_does(
            text in file(),
            count in 1usize..5,
        ) {
            let cut = stepwise(&text, count);
            prop_assert!(cut.is_some(), "gave up on {text}");
            prop_assert_eq!(Ok(cut.unwrap()), one_pass(&text));
        }

        #[test]
        fn the_stepwise_cut_never_reads_a_broken_file_otherwise(
            text in file(),
            at in 0.0f64..1.0,
            insert in prop::option::of(prop::sample::select(
                vec!['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '1', 'e', '-', 'x'],
            )),
            near_structure in any::<bool>(),
            count in 1usize..5,
        ) {
            let text = mutate(&text, at, insert, near_structure);
            if let Some(cut) = stepwise(&text, count) {
                prop_assert_eq!(Ok(cut), one_pass(&text), "{}", text);
            }
        }
    }
}
