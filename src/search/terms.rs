//! The catalog's index terms, ready for search: a sorted vocabulary of the
//! words of every term's path, each word with the terms it is in, and per
//! term what it names (code prefixes and procedure positions).
//!
//! A term names its procedures by code prefix; each prefix is kept as the
//! range of the index's sorted code table whose codes start with it,
//! rather than as a list of procedures, so that a term such as `Fusion` (a
//! thousand codes) costs a few bytes.

use rustc_hash::FxHashMap;

use super::index::{CodeTarget, prefix_range};
use super::text::{code_key, words};
use crate::catalog::{Catalog, CodeSystem, Facet, FacetValue, IndexTerm};

/// What one index term names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermTargets {
    /// Per code prefix, the range of the code table whose keys start with
    /// it, and the prefix's system (the range may hold codes of others).
    pub ranges: Vec<(u32, u32, CodeSystem)>,
    /// Positions of the procedures the term names by id.
    pub positions: Vec<u32>,
}

/// The index terms of a catalog, by word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermIndex {
    /// Sorted, unique folded words of the terms' paths.
    pub(crate) words: Vec<String>,
    /// Per word, the terms whose path has it, by term.
    pub(crate) postings: Vec<Vec<u32>>,
    /// Per term (its place in the catalog's `index`), what it names.
    pub(crate) targets: Vec<TermTargets>,
}

impl TermIndex {
    /// The terms of `catalog`; `positions` gives a procedure's position by
    /// id, `codes` is the index's sorted code table.
    pub fn build(
        catalog: &Catalog,
        positions: &FxHashMap<String, u32>,
        codes: &[(String, CodeTarget)],
    ) -> Self {
        let mut found: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut targets = Vec::with_capacity(catalog.index.len());
        for (t, term) in catalog.index.iter().enumerate() {
            let t = t as u32;
            for word in term.term.iter().flat_map(|part| words(part)) {
                let list = found.entry(word).or_default();
                if list.last() != Some(&t) {
                    list.push(t);
                }
            }
            targets.push(TermTargets {
                ranges: term
                    .codes
                    .iter()
                    .map(|c| (c.system, code_key(&c.prefix)))
                    .filter(|(_, key)| !key.is_empty())
                    .map(|(system, key)| {
                        let range = prefix_range(codes, &key, |c| c.0.as_str());
                        (range.start as u32, range.end as u32, system)
                    })
                    .filter(|(start, end, _)| start < end)
                    .collect(),
                positions: term
                    .procedures
                    .iter()
                    .filter_map(|id| positions.get(id.as_str()).copied())
                    .collect(),
            });
        }
        let mut vocabulary: Vec<(String, Vec<u32>)> = found.into_iter().collect();
        vocabulary.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (words, postings) = vocabulary.into_iter().unzip();
        TermIndex {
            words,
            postings,
            targets,
        }
    }

    /// True for a catalog without index terms.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// What term `term` names.
    pub fn targets(&self, term: u32) -> &TermTargets {
        &self.targets[term as usize]
    }
}

/// How a procedure was found when the search did not match its own words
/// or codes.
#[derive(Debug, Clone, PartialEq)]
pub enum FoundBy<'a> {
    /// An index term that names it.
    Term {
        /// The term.
        term: &'a IndexTerm,
        /// The term's code prefix that the procedure's code starts with
        /// (`None` for a term that names it by id).
        prefix: Option<&'a str>,
    },
    /// A value of one of its facets, by its label or a synonym.
    Value {
        /// The facet.
        facet: &'a Facet,
        /// The value.
        value: &'a FacetValue,
        /// The synonym that matched (`None` for the label).
        synonym: Option<&'a str>,
    },
}

impl FoundBy<'_> {
    /// The reason as a line: `Index: Laminectomy → see Excision, Lower
    /// Bones 0QB`, `Index: Fusion › Lumbar Vertebral → 0SG0`, or
    /// `Vertebral lamina → Body part: Lumbar Vertebra`.
    pub fn line(&self) -> String {
        match self {
            FoundBy::Term { term, prefix } => {
                let mut line = format!("Index: {}", term.term.join(" › "));
                match (&term.see, prefix) {
                    (Some(see), Some(prefix)) => line.push_str(&format!(" → see {see} {prefix}")),
                    (Some(see), None) => line.push_str(&format!(" → see {see}")),
                    (None, Some(prefix)) => line.push_str(&format!(" → {prefix}")),
                    (None, None) => {}
                }
                line
            }
            FoundBy::Value {
                facet,
                value,
                synonym: Some(synonym),
            } => format!("{synonym} → {}: {}", facet.label, value.label),
            FoundBy::Value { facet, value, .. } => format!("{}: {}", facet.label, value.label),
        }
    }
}
