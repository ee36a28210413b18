//! The prebuilt index a query runs against: one bitset per facet value, a
//! sorted vocabulary with postings for text, a sorted code table, and the
//! sort orders. Built once per catalog; every keystroke and facet click reads
//! it without allocating per procedure beyond a score array and a few sets.
//!
//! Words of facet value labels and synonyms, and the ICD-10-CM codes linked to
//! indication values, point at the value rather than at every procedure: the
//! value's bitset already lists its procedures, which keeps the index small
//! for catalogs where one value covers tens of thousands of procedures.

use rustc_hash::FxHashMap;

use super::bitset::BitSet;
use super::sort::SlicedSort;
use super::terms::TermIndex;
use super::text::{code_key, fold, folded_words, words};
use crate::catalog::{Catalog, CodeSystem};

/// Where a word was found in a procedure; the order is the ranking order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Summary and other running text.
    Text,
    /// An alias.
    Alias,
    /// The title.
    Title,
}

/// What a code key leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeTarget {
    /// A code of the procedure at this position, in this system (index
    /// terms name codes of one system).
    Procedure(u32, CodeSystem),
    /// A code linked to a facet value (e.g. an indication's ICD-10-CM code).
    Value { facet: u16, value: u16 },
}

/// One facet's values as sets of procedure positions.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetIndex {
    /// The facet id.
    pub id: String,
    /// Value ids in declared order.
    pub values: Vec<String>,
    /// Per value, the procedures that have it.
    pub sets: Vec<BitSet>,
}

/// Everything a query needs, prebuilt from a catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogIndex {
    len: usize,
    positions: FxHashMap<String, u32>,
    pub(crate) facets: Vec<FacetIndex>,
    /// Sorted, unique folded words of titles, aliases and summaries.
    pub(crate) vocabulary: Vec<String>,
    /// Per vocabulary word: (procedure, best field), by procedure.
    pub(crate) postings: Vec<Vec<(u32, Field)>>,
    /// Sorted, unique folded words of facet value labels and synonyms.
    pub(crate) value_words: Vec<String>,
    /// Per value word, the values (facet, value) it is in.
    pub(crate) value_postings: Vec<Vec<(u16, u16)>>,
    /// Sorted code keys with what they lead to.
    pub(crate) codes: Vec<(String, CodeTarget)>,
    /// The catalog's index terms.
    pub(crate) terms: TermIndex,
    pub(crate) by_title: Vec<u32>,
    pub(crate) by_code: Vec<u32>,
}

impl CatalogIndex {
    /// Builds the index of `catalog`.
    pub fn build(catalog: &Catalog) -> Self {
        let mut builder = IndexBuilder::new(catalog);
        while !builder.add(usize::MAX) {}
        builder.finish()
    }

    /// Number of procedures indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for a catalog without procedures.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Position of the procedure with `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).map(|&p| p as usize)
    }

    /// The facets, in declared order.
    pub fn facets(&self) -> &[FacetIndex] {
        &self.facets
    }

    /// The catalog's index terms.
    pub fn terms(&self) -> &TermIndex {
        &self.terms
    }

    /// Position of the first procedure (in catalog order) with `code` of
    /// `system` (dots, dashes and case ignored).
    pub fn with_code(&self, system: CodeSystem, code: &str) -> Option<usize> {
        let key = code_key(code);
        self.codes[prefix_range(&self.codes, &key, |c| c.0.as_str())]
            .iter()
            .filter(|(k, _)| *k == key)
            .filter_map(|(_, target)| match *target {
                CodeTarget::Procedure(p, s) if s == system => Some(p as usize),
                _ => None,
            })
            .min()
    }
}

/// Sorted (word, facet, value) triples as the unique words, each with its
/// values.
fn group_by_word(sorted: Vec<(String, u16, u16)>) -> (Vec<String>, Vec<Vec<(u16, u16)>>) {
    let mut words: Vec<String> = Vec::new();
    let mut postings: Vec<Vec<(u16, u16)>> = Vec::new();
    for (word, facet, value) in sorted {
        if words.last() != Some(&word) {
            words.push(word);
            postings.push(Vec::new());
        }
        if let Some(last) = postings.last_mut() {
            last.push((facet, value));
        }
    }
    (words, postings)
}

/// The range of `sorted` (by its key) whose keys start with `prefix`.
pub(crate) fn prefix_range<T>(
    sorted: &[T],
    prefix: &str,
    key: impl Fn(&T) -> &str,
) -> std::ops::Range<usize> {
    let start = sorted.partition_point(|item| key(item) < prefix);
    let end = start + sorted[start..].partition_point(|item| key(item).starts_with(prefix));
    start..end
}

/// Builds a [`CatalogIndex`] a batch of procedures at a time, so that an app
/// can index a large catalog between frames.
pub struct IndexBuilder<'a> {
    catalog: &'a Catalog,
    next: usize,
    /// Per facet, value id to its position in the facet.
    value_positions: Vec<FxHashMap<&'a str, usize>>,
    facets: Vec<FacetIndex>,
    value_words: Vec<String>,
    value_postings: Vec<Vec<(u16, u16)>>,
    codes: Vec<(String, CodeTarget)>,
    found: FxHashMap<String, Postings>,
    /// Each procedure's title, folded, for the sort by title.
    titles: Vec<String>,
    /// The sorts done so far (see [`IndexBuilder::sort`]).
    sorted: Sorted,
    /// The sort by title or by code under way.
    pending: Option<SlicedSort>,
}

/// The procedures a word is found in, each with the best field it is in.
type Postings = Vec<(u32, Field)>;

/// The sorts of an index, done once every procedure is added.
#[derive(Default)]
struct Sorted {
    vocabulary: Option<(Vec<String>, Vec<Postings>)>,
    codes: bool,
    by_title: Option<Vec<u32>>,
    by_code: Option<Vec<u32>>,
}

impl<'a> IndexBuilder<'a> {
    /// Starts the index of `catalog` with its facets' own words and codes.
    pub fn new(catalog: &'a Catalog) -> Self {
        let len = catalog.procedures.len();
        let mut value_words = Vec::new();
        let mut codes = Vec::new();
        let mut facets = Vec::with_capacity(catalog.facets.len());
        let mut value_positions = Vec::with_capacity(catalog.facets.len());
        for (f, facet) in catalog.facets.iter().enumerate() {
            value_positions.push(
                facet
                    .values
                    .iter()
                    .enumerate()
                    .map(|(v, value)| (value.id.as_str(), v))
                    .collect(),
            );
            for (v, value) in facet.values.iter().enumerate() {
                let (f, v) = (f as u16, v as u16);
                for text in std::iter::once(&value.label).chain(&value.synonyms) {
                    value_words.extend(words(text).map(|w| (w, f, v)));
                }
                codes.extend(
                    value
                        .codes
                        .iter()
                        .map(|c| (code_key(&c.code), CodeTarget::Value { facet: f, value: v })),
                );
            }
            facets.push(FacetIndex {
                id: facet.id.clone(),
                values: facet.values.iter().map(|v| v.id.clone()).collect(),
                sets: vec![BitSet::empty(len); facet.values.len()],
            });
        }
        value_words.sort();
        value_words.dedup();
        let (value_words, value_postings) = group_by_word(value_words);
        Self {
            catalog,
            next: 0,
            value_positions,
            facets,
            value_words,
            value_postings,
            codes,
            found: FxHashMap::default(),
            titles: Vec::with_capacity(len),
            sorted: Sorted::default(),
            pending: None,
        }
    }

    /// Procedures indexed so far.
    pub fn done(&self) -> usize {
        self.next
    }

    /// Indexes up to `count` more procedures; true once all are indexed.
    pub fn add(&mut self, count: usize) -> bool {
        let procedures = &self.catalog.procedures;
        let end = self.next.saturating_add(count).min(procedures.len());
        for (p, procedure) in procedures.iter().enumerate().take(end).skip(self.next) {
            for ((facet, index), positions) in self
                .catalog
                .facets
                .iter()
                .zip(&mut self.facets)
                .zip(&self.value_positions)
            {
                for value in procedure.facets.get(&facet.id).into_iter().flatten() {
                    if let Some(&v) = positions.get(value.as_str()) {
                        index.sets[v].insert(p);
                    }
                }
            }
            let p = p as u32;
            let texts = std::iter::once((procedure.title.as_str(), Field::Title))
                .chain(procedure.aliases.iter().map(|a| (a.as_str(), Field::Alias)))
                .chain(std::iter::once((procedure.summary.as_str(), Field::Text)));
            for (text, field) in texts {
                let folded = fold(text);
                for word in folded_words(&folded) {
                    // Most words are seen before: look up without allocating.
                    let list = match self.found.get_mut(word) {
                        Some(list) => list,
                        None => self.found.entry(word.to_owned()).or_default(),
                    };
                    match list.last_mut() {
                        Some((last, best)) if *last == p => *best = (*best).max(field),
                        _ => list.push((p, field)),
                    }
                }
                if field == Field::Title {
                    self.titles.push(folded);
                }
            }
            self.codes.extend(
                procedure
                    .codes
                    .iter()
                    .map(|c| (code_key(&c.code), CodeTarget::Procedure(p, c.system))),
            );
        }
        self.next = end;
        end == procedures.len()
    }

    /// Once every procedure is added, does a step of the index's sorts:
    /// the vocabulary or the code table in one go, the orders by title and
    /// by code a run or a merge at a time (see [`SlicedSort`]), so that no
    /// step holds the page for long; true once all are done. An app calls
    /// it between frames; [`IndexBuilder::finish`] does whatever is left.
    pub fn sort(&mut self) -> bool {
        if !self.add(usize::MAX) {
            return false;
        }
        let len = self.catalog.procedures.len();
        let sorted = &mut self.sorted;
        if sorted.vocabulary.is_none() {
            let mut vocabulary: Vec<(String, Postings)> =
                std::mem::take(&mut self.found).into_iter().collect();
            vocabulary.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            sorted.vocabulary = Some(vocabulary.into_iter().unzip());
        } else if !sorted.codes {
            self.codes.sort_by(|a, b| a.0.cmp(&b.0));
            sorted.codes = true;
        } else if sorted.by_title.is_none() {
            let titles = &self.titles;
            let sort = self.pending.get_or_insert_with(|| SlicedSort::new(len));
            let by_title = |a: u32, b: u32| titles[a as usize].cmp(&titles[b as usize]);
            if sort.step(by_title) {
                sorted.by_title = self.pending.take().map(|s| s.into_order(by_title));
            }
        } else if sorted.by_code.is_none() {
            let procedures = &self.catalog.procedures;
            // Procedures without codes sort last.
            let by_code = |a: u32, b: u32| {
                let first = |p: u32| procedures[p as usize].codes.first().map(|c| &c.code);
                match (first(a), first(b)) {
                    (Some(x), Some(y)) => x.cmp(y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => a.cmp(&b),
                }
            };
            let sort = self.pending.get_or_insert_with(|| SlicedSort::new(len));
            if sort.step(by_code) {
                sorted.by_code = self.pending.take().map(|s| s.into_order(by_code));
            }
        }
        sorted.by_code.is_some()
    }

    /// Indexes what is left and sorts the index.
    pub fn finish(mut self) -> CatalogIndex {
        while !self.sort() {}
        let catalog = self.catalog;
        let len = catalog.procedures.len();
        let positions = catalog
            .procedures
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        let terms = TermIndex::build(catalog, &positions, &self.codes);
        let Sorted {
            vocabulary: Some((vocabulary, postings)),
            by_title: Some(by_title),
            by_code: Some(by_code),
            ..
        } = self.sorted
        else {
            unreachable!("every sort is done");
        };

        CatalogIndex {
            len,
            positions,
            facets: self.facets,
            vocabulary,
            postings,
            value_words: self.value_words,
            value_postings: self.value_postings,
            codes: self.codes,
            terms,
            by_title,
            by_code,
        }
    }
}
