//! The rules a catalog must follow beyond its JSON types.
//!
//! [`Checks`] sees every decoded entry and reports every problem it finds;
//! an entry with an error is marked bad and left out of the loaded catalog.
//! This is the one validator: the command-line tool and the app both reach it
//! through [`crate::catalog::load`].

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};

use serde_json::Value;

use super::codes::{OfficialCodes, format_problem, well_formed};
use super::load::Entry;
use super::model::{Catalog, Code, CodeSystem, Facet, IndexTerm, Note, Procedure, Source};
use super::problem::{Problem, did_you_mean};
use crate::search::text::{code_key, code_key_into};

/// What the rules found.
pub(crate) struct Verdict {
    pub problems: Vec<Problem>,
    pub bad_sources: Vec<bool>,
    pub bad_notes: Vec<bool>,
    pub bad_facets: Vec<bool>,
    pub bad_procedures: Vec<bool>,
    pub bad_terms: Vec<bool>,
}

/// The decoded entries of a catalog's lists.
pub(crate) struct Entries<'a> {
    pub sources: &'a [Entry<Source>],
    pub notes: &'a [Entry<Note>],
    pub facets: &'a [Entry<Facet>],
    pub procedures: &'a [Entry<Procedure>],
    pub index: &'a [Entry<IndexTerm>],
}

/// Global periods as the CMS fee schedule writes them.
pub const GLOBAL_PERIODS: [&str; 7] = ["000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"];

/// The notice a catalog that cites CPT codes must carry.
pub const CPT_NOTICE: &str = "CPT® is a registered trademark of the American Medical Association.";

/// The checks of one catalog, run over its procedures a batch at a time so
/// that an app can stay responsive while a large catalog is checked. The
/// problems come out in the same order whatever the batches.
pub(crate) struct Checks<'a> {
    procedures: &'a [Entry<Procedure>],
    notes: &'a [Entry<Note>],
    index: &'a [Entry<IndexTerm>],
    codes: Option<&'a OfficialCodes>,
    source_ids: HashMap<&'a str, usize>,
    broken_sources: HashSet<&'a str>,
    note_ids: NoteIds<'a>,
    /// Declared values in order (for hints) and as a set (for lookups: a
    /// facet such as ICD-10-PCS body parts has hundreds of values).
    facet_values: HashMap<&'a str, Vec<&'a str>>,
    value_sets: HashMap<&'a str, FxHashSet<&'a str>>,
    broken_facets: HashSet<&'a str>,
    all_ids: FxHashSet<&'a str>,
    procedure_ids: FxHashSet<&'a str>,
    /// The next procedure to check.
    next: usize,
    /// Reported after the procedures' problems.
    missing_cpt_notice: bool,
    verdict: Verdict,
}

impl<'a> Checks<'a> {
    /// Runs the checks of the header, sources and facets, and the type and
    /// blank-text checks of every entry; the procedures' own rules wait for
    /// [`Checks::step`].
    pub(crate) fn new(
        root: &'a Value,
        header: &'a Catalog,
        entries: Entries<'a>,
        codes: Option<&'a OfficialCodes>,
    ) -> Self {
        let Entries {
            sources,
            notes,
            facets,
            procedures,
            index,
        } = entries;
        let mut problems = Vec::new();
        let mut bad_sources = vec![false; sources.len()];
        let mut bad_notes = vec![false; notes.len()];
        let mut bad_facets = vec![false; facets.len()];
        let mut bad_procedures = vec![false; procedures.len()];
        let mut bad_terms = vec![false; index.len()];

        // Type errors found while decoding.
        for (entry, bad) in sources.iter().zip(&mut bad_sources) {
            *bad |= !entry.decoded.problems.is_empty();
            problems.extend(entry.decoded.problems.iter().cloned());
        }
        for (entry, bad) in notes.iter().zip(&mut bad_notes) {
            *bad |= !entry.decoded.problems.is_empty();
            problems.extend(entry.decoded.problems.iter().cloned());
        }
        for (entry, bad) in facets.iter().zip(&mut bad_facets) {
            *bad |= !entry.decoded.problems.is_empty();
            problems.extend(entry.decoded.problems.iter().cloned());
        }
        for (entry, bad) in procedures.iter().zip(&mut bad_procedures) {
            *bad |= !entry.decoded.problems.is_empty();
            problems.extend(
                entry
                    .decoded
                    .problems
                    .iter()
                    .map(|p| p.clone().in_procedure(entry.id())),
            );
        }
        for (entry, bad) in index.iter().zip(&mut bad_terms) {
            *bad |= !entry.decoded.problems.is_empty();
            problems.extend(entry.decoded.problems.iter().cloned());
        }

        // Empty or whitespace-only text anywhere, except where a stand-in sits.
        let patched: HashSet<&str> = sources
            .iter()
            .flat_map(|e| &e.decoded.patched)
            .chain(notes.iter().flat_map(|e| &e.decoded.patched))
            .chain(facets.iter().flat_map(|e| &e.decoded.patched))
            .chain(procedures.iter().flat_map(|e| &e.decoded.patched))
            .chain(index.iter().flat_map(|e| &e.decoded.patched))
            .map(String::as_str)
            .collect();
        // `root` holds the header with the lists emptied; each entry that may
        // hold a blank text kept its JSON (see `Loader::decode`).
        let entries = sources
            .iter()
            .map(|e| (e.raw.as_deref(), e.path()))
            .chain(notes.iter().map(|e| (e.raw.as_deref(), e.path())))
            .chain(facets.iter().map(|e| (e.raw.as_deref(), e.path())))
            .chain(
                procedures
                    .iter()
                    .filter(|e| e.raw.is_some())
                    .map(|e| (e.raw.as_deref(), e.path())),
            )
            .chain(index.iter().map(|e| (e.raw.as_deref(), e.path())));
        let parts = std::iter::once((root, String::new()))
            .chain(entries.filter_map(|(raw, path)| raw.map(|raw| (raw, path))));
        for (value, mut path) in parts {
            walk_strings(value, &mut path, &mut |path, text| {
                if text.trim().is_empty() && !patched.contains(path) {
                    let mut problem =
                        Problem::error(path, "text is empty; write it or remove the field");
                    // A top-level key can be spelled like a list item (`"procedures[5]"`),
                    // so the index may name no entry.
                    if let Some(i) =
                        list_index(path, "procedures").filter(|&i| i < procedures.len())
                    {
                        problem = problem.in_procedure(procedures[i].id());
                        bad_procedures[i] = true;
                    } else if let Some(i) = list_index(path, "facets").filter(|&i| i < facets.len())
                    {
                        bad_facets[i] = true;
                    } else if let Some(i) =
                        list_index(path, "sources").filter(|&i| i < sources.len())
                    {
                        bad_sources[i] = true;
                    } else if let Some(i) = list_index(path, "notes").filter(|&i| i < notes.len()) {
                        bad_notes[i] = true;
                    } else if let Some(i) = list_index(path, "index").filter(|&i| i < index.len()) {
                        bad_terms[i] = true;
                    }
                    problems.push(problem);
                }
            });
        }

        // Catalog header.
        if !header.updated.is_empty()
            && let Some(p) = date_problem("updated", &header.updated)
        {
            problems.push(p);
        }

        // Sources.
        let mut source_ids: HashMap<&str, usize> = HashMap::new();
        for (i, entry) in sources.iter().enumerate() {
            let Some(source) = &entry.decoded.value else {
                continue;
            };
            let mut here = Vec::new();
            id_rule(&entry.path(), &source.id, "source", &mut here);
            if source_ids.insert(&source.id, i).is_some() {
                here.push(Problem::error(
                    format!("{}.id", entry.path()),
                    format!(
                        "source id `{}` is used twice; give each source its own id",
                        source.id
                    ),
                ));
            }
            if let Some(url) = &source.url
                && let Some(message) = url_problem(url)
            {
                here.push(Problem::error(format!("{}.url", entry.path()), message));
            }
            if let Some(accessed) = &source.accessed {
                here.extend(date_problem(
                    &format!("{}.accessed", entry.path()),
                    accessed,
                ));
            }
            if here.iter().any(Problem::is_error) {
                bad_sources[i] = true;
            }
            problems.extend(here);
        }

        // Sources that failed are reported once; references to them are not
        // errors again. A duplicate of a good source is not "broken": the
        // good one stands.
        let broken_sources: HashSet<&str> = sources
            .iter()
            .zip(&bad_sources)
            .filter(|(_, b)| **b)
            .filter_map(|(e, _)| e.id())
            .filter(|id| !source_ids.contains_key(id))
            .collect();

        // Notes.
        let mut declared_notes: HashMap<&str, usize> = HashMap::new();
        for (i, entry) in notes.iter().enumerate() {
            let Some(note) = &entry.decoded.value else {
                continue;
            };
            let mut here = Vec::new();
            id_rule(&entry.path(), &note.id, "note", &mut here);
            if declared_notes.insert(&note.id, i).is_some() {
                here.push(Problem::error(
                    format!("{}.id", entry.path()),
                    format!(
                        "note id `{}` is used twice; give each note its own id",
                        note.id
                    ),
                ));
            }
            for (k, source) in note.sources.iter().enumerate() {
                if !broken_sources.contains(source.as_str())
                    && !source_ids.contains_key(source.as_str())
                {
                    let hint = did_you_mean(source, source_ids.keys().copied());
                    here.push(Problem::error(
                        format!("{}.sources[{k}]", entry.path()),
                        format!(
                            "source `{source}` is not declared under the catalog's `sources`{hint}"
                        ),
                    ));
                }
            }
            if here.iter().any(Problem::is_error) {
                bad_notes[i] = true;
            }
            problems.extend(here);
        }
        let mut note_ids = NoteIds::new(notes, &bad_notes, declared_notes);

        // Facets.
        // Declared values in order (for hints) and as a set (for lookups: a
        // facet such as ICD-10-PCS body parts has hundreds of values).
        let mut facet_values: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut value_sets: HashMap<&str, FxHashSet<&str>> = HashMap::new();
        let mut axes: HashMap<(CodeSystem, u8), &str> = HashMap::new();
        for (i, entry) in facets.iter().enumerate() {
            let Some(facet) = &entry.decoded.value else {
                continue;
            };
            let mut here = Vec::new();
            id_rule(&entry.path(), &facet.id, "facet", &mut here);
            if let Some(axis) = facet.axis {
                let at = format!("{}.axis.character", entry.path());
                if axis.character == 0 {
                    here.push(Problem::error(
                        at,
                        "characters are counted from 1 (the first character of the code)",
                    ));
                } else if let Some(other) = axes.insert((axis.system, axis.character), &facet.id) {
                    here.push(Problem::error(
                        at,
                        format!(
                            "facet `{other}` already names character {} of {} codes; each character has one facet",
                            axis.character,
                            axis.system.name()
                        ),
                    ));
                }
            }
            if facet_values.contains_key(facet.id.as_str()) {
                here.push(Problem::error(
                    format!("{}.id", entry.path()),
                    format!(
                        "facet id `{}` is declared twice; merge the two facets",
                        facet.id
                    ),
                ));
            }
            let mut seen = HashSet::new();
            for (j, value) in facet.values.iter().enumerate() {
                let path = format!("{}.values[{j}]", entry.path());
                id_rule(&path, &value.id, "facet value", &mut here);
                if !seen.insert(value.id.as_str()) {
                    here.push(Problem::error(
                        format!("{path}.id"),
                        format!(
                            "value `{}` is declared twice in facet `{}`",
                            value.id, facet.id
                        ),
                    ));
                }
                for (k, code) in value.codes.iter().enumerate() {
                    code_rules(&|| format!("{path}.codes[{k}]"), code, codes, &mut here);
                }
                note_ids.check(&path, &value.notes, &mut here);
            }
            if here.iter().any(Problem::is_error) {
                bad_facets[i] = true;
            } else {
                facet_values.insert(
                    &facet.id,
                    facet.values.iter().map(|v| v.id.as_str()).collect(),
                );
                value_sets.insert(
                    &facet.id,
                    facet.values.iter().map(|v| v.id.as_str()).collect(),
                );
            }
            problems.extend(here);
        }
        // Facets that failed are reported once; references to them are not errors again.
        // A duplicate of a good facet is not "broken": the good one stands.
        let broken_facets: HashSet<&str> = facets
            .iter()
            .zip(&bad_facets)
            .filter(|(_, b)| **b)
            .filter_map(|(e, _)| e.id())
            .filter(|id| !facet_values.contains_key(id))
            .collect();

        // Procedures.
        // Sized up front: growing a set of 100,000 ids rehashes it a dozen
        // times, the last one in a single long step.
        let mut all_ids: FxHashSet<&'a str> =
            FxHashSet::with_capacity_and_hasher(procedures.len(), Default::default());
        all_ids.extend(procedures.iter().filter_map(|e| e.id()));
        let cites_cpt = procedures
            .iter()
            .filter_map(|e| e.decoded.value.as_ref())
            .any(|p| p.codes.iter().any(|c| c.system == CodeSystem::Cpt))
            || facets
                .iter()
                .filter_map(|e| e.decoded.value.as_ref())
                .any(|f| {
                    f.values
                        .iter()
                        .any(|v| v.codes.iter().any(|c| c.system == CodeSystem::Cpt))
                });
        let notices_patched = root.get("notices").is_some_and(|n| !n.is_array());
        let missing_cpt_notice =
            cites_cpt && !notices_patched && !header.notices.iter().any(|n| n.trim() == CPT_NOTICE);
        let count = procedures.len();
        Checks {
            procedures,
            notes,
            index,
            codes,
            source_ids,
            broken_sources,
            note_ids,
            facet_values,
            value_sets,
            broken_facets,
            all_ids,
            procedure_ids: FxHashSet::with_capacity_and_hasher(count, Default::default()),
            next: 0,
            missing_cpt_notice,
            verdict: Verdict {
                problems,
                bad_sources,
                bad_notes,
                bad_facets,
                bad_procedures,
                bad_terms,
            },
        }
    }

    /// Number of procedures checked so far.
    pub(crate) fn checked(&self) -> usize {
        self.next
    }

    /// Checks up to `count` more procedures; true once all are checked.
    pub(crate) fn step(&mut self, count: usize) -> bool {
        let end = self.next.saturating_add(count).min(self.procedures.len());
        for i in self.next..end {
            self.procedure(i);
        }
        self.next = end;
        end == self.procedures.len()
    }

    /// Checks what is left and returns what every check found.
    pub(crate) fn done(mut self) -> Verdict {
        while !self.step(usize::MAX) {}
        self.index_terms();
        self.unused_notes();
        if self.missing_cpt_notice {
            self.verdict.problems.push(Problem::error(
                "notices",
                format!("the catalog cites CPT codes, so `notices` must include \"{CPT_NOTICE}\""),
            ));
        }
        self.verdict
    }

    /// The rules of the procedure at `i`.
    fn procedure(&mut self, i: usize) {
        let procedures = self.procedures;
        let entry = &procedures[i];
        let Some(procedure) = &entry.decoded.value else {
            return;
        };
        let path = &entry.path();
        let mut here = Vec::new();
        id_rule(path, &procedure.id, "procedure", &mut here);
        if !procedure.id.is_empty() && bare_code(&procedure.id) {
            let words: Vec<String> = crate::search::text::words(&procedure.title)
                .take(3)
                .collect();
            let example = if words.is_empty() {
                "procedure".to_owned()
            } else {
                words.join("-")
            };
            here.push(Problem::error(format!("{path}.id"), format!("id `{}` is a bare code; ids must name the procedure in words so they survive code changes, e.g. `{example}-{}`", procedure.id, procedure.id.to_lowercase())));
        }
        if !self.procedure_ids.insert(&procedure.id) {
            here.push(Problem::error(
                format!("{path}.id"),
                format!(
                    "procedure id `{}` is used by an earlier procedure; ids must be unique",
                    procedure.id
                ),
            ));
        }

        let mut seen_codes = FxHashSet::default();
        for (k, code) in procedure.codes.iter().enumerate() {
            // Paths are written only for problems: most entries have none.
            let at = || format!("{path}.codes[{k}]");
            code_rules(&at, code, self.codes, &mut here);
            if !seen_codes.insert((code.system, code.code.as_str())) {
                here.push(Problem::warning(
                    at(),
                    format!(
                        "{} code `{}` is listed twice",
                        code.system.name(),
                        code.code
                    ),
                ));
            }
        }
        if procedure.codes.is_empty() {
            here.push(Problem::warning(
                format!("{path}.codes"),
                "no codes; add the codes that report this procedure",
            ));
        }

        for (facet_id, values) in &procedure.facets {
            let at = || format!("{path}.facets.{facet_id}");
            if self.broken_facets.contains(facet_id.as_str()) {
                continue;
            }
            let Some(allowed) = self.facet_values.get(facet_id.as_str()) else {
                let hint = did_you_mean(facet_id, self.facet_values.keys().copied());
                here.push(Problem::error(at(), format!("unknown facet `{facet_id}`{hint}; declare it under `facets` or remove it here")));
                continue;
            };
            let mut seen = FxHashSet::default();
            for (k, value) in values.iter().enumerate() {
                if !self.value_sets[facet_id.as_str()].contains(value.as_str()) {
                    let hint = did_you_mean(value, allowed.iter().copied());
                    here.push(Problem::error(format!("{}[{k}]", at()), format!("unknown {facet_id} `{value}`{hint}; use a value declared in facet `{facet_id}`")));
                } else if !seen.insert(value.as_str()) {
                    here.push(Problem::warning(
                        format!("{}[{k}]", at()),
                        format!("{facet_id} `{value}` is listed twice"),
                    ));
                }
            }
        }

        for (k, related) in procedure.related.iter().enumerate() {
            let at = || format!("{path}.related[{k}].id");
            if related.id == procedure.id {
                here.push(Problem::error(
                    at(),
                    "a procedure cannot be related to itself",
                ));
            } else if !self.all_ids.contains(related.id.as_str()) {
                let hint = did_you_mean(&related.id, self.all_ids.iter().copied());
                here.push(Problem::error(
                    at(),
                    format!(
                        "related procedure `{}` is not in this catalog{hint}",
                        related.id
                    ),
                ));
            }
        }

        if let Some(billing) = &procedure.billing {
            let at = || format!("{path}.billing");
            for (k, primary) in billing.primary_procedures.iter().enumerate() {
                if !self.all_ids.contains(primary.as_str()) {
                    let hint = did_you_mean(primary, self.all_ids.iter().copied());
                    here.push(Problem::error(
                        format!("{}.primary_procedures[{k}]", at()),
                        format!("primary procedure `{primary}` is not in this catalog{hint}"),
                    ));
                }
            }
            // When `add_on` could not be read, decoding put in a stand-in:
            // the rules that depend on it would only guess.
            let add_on_read = !entry
                .decoded
                .patched
                .iter()
                .any(|stand_in| *stand_in == format!("{}.add_on", at()));
            if add_on_read && billing.add_on && billing.primary_procedures.is_empty() {
                here.push(Problem::error(
                    format!("{}.primary_procedures", at()),
                    "an add-on must name the primary procedures it is reported with",
                ));
            }
            if add_on_read && !billing.add_on && !billing.primary_procedures.is_empty() {
                here.push(Problem::warning(
                    format!("{}.primary_procedures", at()),
                    "only add-ons have primary procedures; set `add_on` to true or remove the list",
                ));
            }
            if let Some(period) = &billing.global_period {
                if !GLOBAL_PERIODS.contains(&period.as_str()) {
                    here.push(Problem::error(
                        format!("{}.global_period", at()),
                        format!(
                            "`{period}` is not a global period; use one of {}",
                            GLOBAL_PERIODS.join(", ")
                        ),
                    ));
                } else if add_on_read && billing.add_on && period != "ZZZ" {
                    here.push(Problem::warning(
                        format!("{}.global_period", at()),
                        format!("add-ons carry global period ZZZ, not {period}"),
                    ));
                }
            }
            for (k, modifier) in billing.modifiers.iter().enumerate() {
                let m = &modifier.code;
                if m.len() != 2
                    || !m
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
                {
                    here.push(Problem::error(
                        format!("{}.modifiers[{k}].code", at()),
                        format!(
                            "modifier `{m}` is not two digits or capital letters (e.g. `62`, `XS`)"
                        ),
                    ));
                } else if add_on_read && billing.add_on && m == "51" {
                    here.push(Problem::warning(
                        format!("{}.modifiers[{k}].code", at()),
                        "modifier 51 is never reported on an add-on",
                    ));
                }
            }
        }

        for (k, source) in procedure.sources.iter().enumerate() {
            if self.broken_sources.contains(source.as_str()) {
                continue;
            }
            if !self.source_ids.contains_key(source.as_str()) {
                let hint = did_you_mean(source, self.source_ids.keys().copied());
                here.push(Problem::error(
                    format!("{path}.sources[{k}]"),
                    format!(
                        "source `{source}` is not declared under the catalog's `sources`{hint}"
                    ),
                ));
            }
        }
        self.note_ids.check(path, &procedure.notes, &mut here);
        if procedure.sources.is_empty() {
            here.push(Problem::warning(
                format!("{path}.sources"),
                "no sources; cite what this card rests on",
            ));
        }

        if let Some(reviewed) = &procedure.reviewed {
            here.extend(date_problem(&format!("{path}.reviewed"), reviewed));
        }

        for (k, unverified) in procedure.unverified.iter().enumerate() {
            if entry
                .raw
                .as_ref()
                .and_then(|raw| resolve(raw, &unverified.field))
                .is_none()
            {
                here.push(Problem::error(format!("{path}.unverified[{k}].field"), format!("`{}` names no field of this procedure; use a path such as `summary`, `codes[0]` or `billing.global_period`", unverified.field)));
            }
        }

        // Stand-ins put in by decoding are not the author's; say nothing about them.
        here.retain(|p| {
            !entry
                .decoded
                .patched
                .iter()
                .any(|stand_in| within(&p.path, stand_in))
        });
        if here.iter().any(Problem::is_error) {
            self.verdict.bad_procedures[i] = true;
        }
        self.verdict.problems.extend(
            here.into_iter()
                .map(|p| p.in_procedure(Some(&procedure.id))),
        );
    }
}

impl Checks<'_> {
    /// The rules of the index's terms, once every procedure is checked:
    /// each term names procedures, and each code prefix and id it names
    /// matches one of the file.
    fn index_terms(&mut self) {
        if self.index.is_empty() {
            return;
        }
        // Procedures left out for their own errors still count: their
        // problems are reported where they are. Each code is keyed once and
        // its starts looked up among the terms' prefixes, rather than every
        // code kept and sorted.
        let mut wanted: FxHashMap<(CodeSystem, String), bool> = FxHashMap::default();
        for term in self.index.iter().filter_map(|e| e.decoded.value.as_ref()) {
            for prefix in &term.codes {
                let key = code_key(&prefix.prefix);
                if !key.is_empty() {
                    wanted.insert((prefix.system, key), false);
                }
            }
        }
        let mut lengths: Vec<usize> = wanted.keys().map(|(_, k)| k.len()).collect();
        lengths.sort_unstable();
        lengths.dedup();
        let mut key = String::new();
        let mut probe = (CodeSystem::Local, String::new());
        for code in self
            .procedures
            .iter()
            .filter_map(|e| e.decoded.value.as_ref())
            .flat_map(|p| &p.codes)
        {
            code_key_into(&code.code, &mut key);
            for &length in &lengths {
                let Some(start) = key.get(..length) else {
                    break;
                };
                probe.0 = code.system;
                probe.1.clear();
                probe.1.push_str(start);
                if let Some(found) = wanted.get_mut(&probe) {
                    *found = true;
                }
            }
        }
        let ids = &self.all_ids;
        let mut seen: HashMap<(&[String], Option<&str>), usize> = HashMap::new();
        for (i, entry) in self.index.iter().enumerate() {
            let Some(term) = &entry.decoded.value else {
                continue;
            };
            let path = entry.path();
            let mut here = Vec::new();
            if term.term.is_empty() {
                here.push(Problem::error(
                    format!("{path}.term"),
                    "the term is empty; write the term and its subterms, main term first, e.g. [\"Fusion\", \"Lumbar Vertebral\"]",
                ));
            }
            if term.codes.is_empty() && term.procedures.is_empty() {
                here.push(Problem::error(
                    path.clone(),
                    "the term names no procedures; add `codes` (code prefixes) or `procedures` (ids), or remove the term",
                ));
            }
            for (k, prefix) in term.codes.iter().enumerate() {
                let key = code_key(&prefix.prefix);
                let at = format!("{path}.codes[{k}].prefix");
                if key.is_empty() {
                    here.push(Problem::error(
                        at,
                        "the prefix is empty; write the first characters of the codes the term names",
                    ));
                    continue;
                }
                if !wanted.get(&(prefix.system, key)).copied().unwrap_or(false) {
                    here.push(Problem::warning(
                        at,
                        format!(
                            "no {} code of this catalog's procedures starts with `{}`; the term finds nothing there",
                            prefix.system.name(),
                            prefix.prefix
                        ),
                    ));
                }
            }
            for (k, id) in term.procedures.iter().enumerate() {
                if !ids.contains(id.as_str()) {
                    let hint = did_you_mean(id, ids.iter().copied());
                    here.push(Problem::warning(
                        format!("{path}.procedures[{k}]"),
                        format!("procedure `{id}` is not in this catalog{hint}; the term finds nothing there"),
                    ));
                }
            }
            self.note_ids.check(&path, &term.notes, &mut here);
            if !term.term.is_empty()
                && let Some(first) = seen.insert((&term.term, term.see.as_deref()), i)
            {
                here.push(Problem::warning(
                    format!("{path}.term"),
                    format!(
                        "the term `{}`{} repeats index[{first}]; merge the two",
                        term.term.join(" › "),
                        term.see
                            .as_ref()
                            .map(|see| format!(" (see {see})"))
                            .unwrap_or_default()
                    ),
                ));
            }
            if here.iter().any(Problem::is_error) {
                self.verdict.bad_terms[i] = true;
            }
            self.verdict.problems.extend(here);
        }
    }

    /// Warns of each note that nothing refers to.
    fn unused_notes(&mut self) {
        for (i, entry) in self.notes.iter().enumerate() {
            if self.verdict.bad_notes[i] {
                continue;
            }
            if let Some(note) = &entry.decoded.value
                && !self.note_ids.used.contains(note.id.as_str())
            {
                self.verdict.problems.push(Problem::warning(
                    format!("{}.id", entry.path()),
                    format!(
                        "note `{}` is not referred to by any procedure, facet value or index term; refer to it under `notes` or remove it",
                        note.id
                    ),
                ));
            }
        }
    }
}

/// The catalog's note ids, for checking references to them, and the ids
/// referred to so far, for finding notes nothing refers to.
struct NoteIds<'a> {
    declared: HashMap<&'a str, usize>,
    /// Notes that failed their own checks: references to them are not
    /// reported again.
    broken: HashSet<&'a str>,
    used: HashSet<&'a str>,
}

impl<'a> NoteIds<'a> {
    fn new(notes: &'a [Entry<Note>], bad: &[bool], declared: HashMap<&'a str, usize>) -> Self {
        let broken = notes
            .iter()
            .zip(bad)
            .filter(|(_, b)| **b)
            .filter_map(|(e, _)| e.id())
            .filter(|id| declared.get(id).is_none_or(|&i| bad[i]))
            .collect();
        let declared = declared.into_iter().filter(|(_, i)| !bad[*i]).collect();
        NoteIds {
            declared,
            broken,
            used: Default::default(),
        }
    }

    /// Reports each id of `refs` (the `notes` of the entry at `path`) that
    /// names no note.
    fn check(&mut self, path: &str, refs: &'a [String], problems: &mut Vec<Problem>) {
        for (k, id) in refs.iter().enumerate() {
            if self.declared.contains_key(id.as_str()) {
                self.used.insert(id);
            } else if !self.broken.contains(id.as_str()) {
                let hint = did_you_mean(id, self.declared.keys().copied());
                problems.push(Problem::error(
                    format!("{path}.notes[{k}]"),
                    format!("note `{id}` is not declared under the catalog's `notes`{hint}"),
                ));
            }
        }
    }
}

/// Ids are lowercase words joined by hyphens, so they read well in URLs.
fn id_rule(path: &str, id: &str, what: &str, problems: &mut Vec<Problem>) {
    let valid = !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !valid && !id.trim().is_empty() {
        let suggestion: String = id
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let hint = if suggestion.is_empty() {
            String::new()
        } else {
            format!("; did you mean `{suggestion}`?")
        };
        problems.push(Problem::error(
            format!("{path}.id"),
            format!("{what} id `{id}` must be lowercase letters, digits and single hyphens{hint}"),
        ));
    }
}

/// True when an id is nothing but a code number, such as `63101` or
/// `0pb40zz`. Words that merely have a code's shape (`lumbars`) carry no digit.
fn bare_code(id: &str) -> bool {
    let upper = id.to_ascii_uppercase();
    id.bytes().all(|b| b.is_ascii_digit())
        || (id.bytes().any(|b| b.is_ascii_digit())
            && [CodeSystem::Cpt, CodeSystem::Hcpcs, CodeSystem::Icd10Pcs]
                .into_iter()
                .any(|system| well_formed(system, &upper)))
}

/// Whether `path` is `container` or lies inside it.
fn within(path: &str, container: &str) -> bool {
    path.strip_prefix(container)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

fn code_rules(
    path: &dyn Fn() -> String,
    code: &Code,
    official: Option<&OfficialCodes>,
    problems: &mut Vec<Problem>,
) {
    if let Some(message) = format_problem(code.system, &code.code) {
        problems.push(Problem::error(format!("{}.code", path()), message));
        return;
    }
    if matches!(code.system, CodeSystem::Cpt | CodeSystem::Hcpcs) && code.title.is_some() {
        let message = if code.system == CodeSystem::Cpt {
            "CPT codes carry no title (CPT descriptors are the AMA's copyright); remove `title` and describe the procedure in the summary in your own words"
        } else {
            "HCPCS codes carry no title in this format (only ICD-10 titles, which are checked against the official code sets); remove `title` and describe the procedure in the summary"
        };
        problems.push(Problem::error(format!("{}.title", path()), message));
    }
    let Some(official) = official.filter(|o| o.covers(code.system)) else {
        return;
    };
    if code.system == CodeSystem::Icd10Pcs && !code.code.starts_with('0') {
        problems.push(Problem::warning(format!("{}.code", path()), format!("`{}` is outside the Medical and Surgical section (codes starting with 0), the only ICD-10-PCS section bundled; it was not checked", code.code)));
        return;
    }
    match official.title(code.system, &code.code) {
        None => {
            let mut message = format!(
                "{} code `{}` is not in the official 2025 code set",
                code.system.name(),
                code.code
            );
            if code.system == CodeSystem::Icd10Cm
                && let Some(parent) = parent_in(official, &code.code)
            {
                message.push_str(&format!("; its category `{parent}` is"));
            }
            problems.push(Problem::error(format!("{}.code", path()), message));
        }
        Some(title) => {
            if let Some(given) = &code.title
                && given != title
            {
                problems.push(Problem::error(
                    format!("{}.title", path()),
                    format!("title differs from the official one; use \"{title}\""),
                ));
            }
            if code.system == CodeSystem::Icd10Cm
                && official.cm.get(&code.code).is_some_and(|e| !e.billable)
            {
                problems.push(Problem::warning(format!("{}.code", path()), format!("`{}` is a category header, not a billable code; prefer billable codes where one fits", code.code)));
            }
        }
    }
}

/// The nearest shorter ICD-10-CM code that exists, for a hint.
fn parent_in(official: &OfficialCodes, code: &str) -> Option<String> {
    let mut candidate = code.to_owned();
    while candidate.len() > 3 {
        candidate.pop();
        let trimmed = candidate.trim_end_matches('.');
        if official.cm.contains_key(trimmed) {
            return Some(trimmed.to_owned());
        }
    }
    None
}

/// `YYYY-MM-DD` naming a real day.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>())
    else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn date_problem(path: &str, text: &str) -> Option<Problem> {
    (!is_date(text)).then(|| {
        Problem::error(
            path,
            format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20"),
        )
    })
}

/// Why a source URL cannot be linked, or `None` when it can.
pub fn url_problem(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !url.chars().any(char::is_whitespace) =>
        {
            None
        }
        Some(_) => Some(format!(
            "`{url}` is not a complete web address; write it as https://host/path"
        )),
        None => Some(format!(
            "`{url}` is not an http or https address; only web links are allowed"
        )),
    }
}

/// The value a path such as `billing.notes[1]` names inside `value`.
fn resolve<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = value;
    for part in path.split('.') {
        let (key, indexes) = part
            .split_once('[')
            .map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            node = node.get(key)?;
        } else if indexes.is_empty() {
            return None;
        }
        if !indexes.is_empty() {
            for index in format!("[{indexes}").split('[').skip(1) {
                let i: usize = index.strip_suffix(']')?.parse().ok()?;
                node = node.get(i)?;
            }
        }
    }
    Some(node)
}

/// Index `i` when `path` lies inside `list[i]`.
fn list_index(path: &str, list: &str) -> Option<usize> {
    let rest = path.strip_prefix(list)?.strip_prefix('[')?;
    rest.split(']').next()?.parse().ok()
}

fn walk_strings(value: &Value, path: &mut String, visit: &mut impl FnMut(&str, &str)) {
    match value {
        Value::String(text) => visit(path, text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk_strings(item, path, visit);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                walk_strings(item, path, visit);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_days() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("26-11-01"));
        assert!(!is_date("2026-1-01"));
    }

    #[test]
    fn only_web_urls_are_links() {
        assert_eq!(url_problem("https://www.cms.gov/x"), None);
        assert!(
            url_problem("javascript:alert(1)")
                .unwrap()
                .contains("not an http or https")
        );
        assert!(url_problem("https://").is_some());
    }

    #[test]
    fn resolves_field_paths() {
        let v = serde_json::json!({"codes": [{"code": "1"}], "billing": {"notes": ["a", "b"]}});
        assert!(resolve(&v, "codes[0]").is_some());
        assert!(resolve(&v, "billing.notes[1]").is_some());
        assert!(resolve(&v, "billing.notes[2]").is_none());
        assert!(resolve(&v, "summary").is_none());
    }
}
