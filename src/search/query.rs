//! What the reader asked for ([`Query`]) and what the catalog answers
//! ([`Results`]): the matching procedures in order, and for every facet value
//! how many procedures a click on it would give.
//!
//! Semantics:
//! - Search text is split on spaces; every part must match. A part matches a
//!   procedure through one of its codes (exact or prefix; dots, dashes and
//!   case ignored), an ICD-10-CM code linked to one of its facet values, or
//!   when each of its words matches a word of the title, an alias, the
//!   summary, a facet value's label or synonym, or an index term (a term or
//!   subterm of the catalog's index, which names procedures by code prefix
//!   or id): exactly, as a prefix, or (for words of five letters or more)
//!   with one typo.
//! - Within a facet, selected values combine with OR; across facets with AND.
//!   With `match_all`, the indication facet's values combine with AND.
//! - Counts are disjunctive: a facet's counts ignore that facet's own
//!   selection (in OR mode), so each count is what ticking that value gives.
//! - Ranking: exact code match, then title, alias, index term, and the rest;
//!   exact before prefix before typo; ties keep title order. A procedure
//!   found through an index term rather than its own words or codes says
//!   which term ([`found_by`]).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::bitset::BitSet;
use super::index::{CatalogIndex, CodeTarget, Field, prefix_range};
use super::terms::FoundBy;
use super::text::{code_key, within_one_edit, words};
use crate::catalog::{Catalog, CodeSystem};

/// The facet whose values `match_all` applies to.
pub const PRIMARY_FACET: &str = "indication";

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sort {
    /// Best match first while searching; catalog order otherwise.
    #[default]
    Relevance,
    /// By first code.
    Code,
    /// By title, A to Z.
    Title,
}

impl Sort {
    /// Name used in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Code => "code",
            Sort::Title => "title",
        }
    }

    /// The sort a URL name stands for.
    pub fn from_key(key: &str) -> Option<Sort> {
        [Sort::Relevance, Sort::Code, Sort::Title]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// A search and a set of filters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Query {
    /// What was typed.
    pub text: String,
    /// Facet id to the selected value ids.
    pub filters: BTreeMap<String, BTreeSet<String>>,
    /// Whether the primary facet's selected values must all apply.
    pub match_all: bool,
    /// Result order.
    pub sort: Sort,
}

impl Query {
    /// True when neither text nor filters narrow the catalog.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.filters.values().all(BTreeSet::is_empty)
    }

    /// Whether `value` of `facet` is selected.
    pub fn is_selected(&self, facet: &str, value: &str) -> bool {
        self.filters
            .get(facet)
            .is_some_and(|values| values.contains(value))
    }

    /// Selects `value` of `facet`, or clears it if it was selected.
    pub fn toggle(&mut self, facet: &str, value: &str) {
        let values = self.filters.entry(facet.to_owned()).or_default();
        if !values.remove(value) {
            values.insert(value.to_owned());
        }
        if values.is_empty() {
            self.filters.remove(facet);
        }
    }
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    /// Matching procedure positions, in display order.
    pub order: Vec<u32>,
    /// Per facet (declared order), per value: procedures a click would give.
    pub counts: Vec<Vec<usize>>,
    /// Folded words the search matched, for highlighting.
    pub matched_words: HashSet<String>,
    /// The code keys of the search's parts that matched codes, for
    /// highlighting: a code matched when its key starts with one of them.
    /// (Kept as prefixes: a one-digit search matches tens of thousands of
    /// codes.)
    pub matched_codes: Vec<String>,
    /// The index terms the search matched, best match first.
    pub matched_terms: Vec<u32>,
    /// The procedures found through an index term or a facet value's label
    /// or synonym, where a part of the search matched neither their own
    /// words nor their codes; `None` when the search matched no term or
    /// value.
    pub found_aside: Option<BitSet>,
}

/// Score of one search part in one procedure; the highest kind of match wins.
fn field_score(field: Field, quality: u32) -> u32 {
    let base = match field {
        Field::Title => 300,
        Field::Alias => 150,
        Field::Text => 60,
    };
    base * quality / 3
}
const OWN_CODE_EXACT: u32 = 10_000;
const OWN_CODE_PREFIX: u32 = 250;
const LINKED_CODE_EXACT: u32 = 80;
const LINKED_CODE_PREFIX: u32 = 40;
const VALUE_WORD: u32 = 60;
/// Below a title's weakest match (a typo, 100), as index terms rank after
/// exact codes and titles.
const INDEX_TERM: u32 = 90;

/// Runs `query` against `index`. `restrict`, when given, limits the results
/// to those positions (e.g. the reader's favourites) before counting.
pub fn evaluate(index: &CatalogIndex, query: &Query, restrict: Option<&BitSet>) -> Results {
    let n = index.len();
    let mut matched = Matched::default();
    let parts: Vec<&str> = query.text.split_whitespace().collect();

    let mut base = BitSet::full(n);
    let mut scores = vec![0u32; if parts.is_empty() { 0 } else { n }];
    let mut found_aside: Option<BitSet> = None;
    for part in &parts {
        let (part_scores, part_via) = match_part(index, part, &mut matched);
        let mut hits = BitSet::empty(n);
        for (p, &s) in part_scores.iter().enumerate() {
            if s > 0 {
                hits.insert(p);
                scores[p] += s;
            }
        }
        if let Some(mut part_via) = part_via {
            // Found aside only where the whole part matched.
            part_via.and_with(&hits);
            match &mut found_aside {
                Some(via) => via.or_with(&part_via),
                None => found_aside = Some(part_via),
            }
        }
        base.and_with(&hits);
    }
    if let Some(restrict) = restrict {
        base.and_with(restrict);
    }

    // One mask per facet with a selection.
    let masks: Vec<Option<BitSet>> = index
        .facets
        .iter()
        .map(|facet| {
            let selected = query.filters.get(&facet.id).filter(|s| !s.is_empty())?;
            let all = query.match_all && facet.id == PRIMARY_FACET;
            let mut mask = if all {
                BitSet::full(n)
            } else {
                BitSet::empty(n)
            };
            let mut known = 0;
            for (v, id) in facet.values.iter().enumerate() {
                if selected.contains(id) {
                    known += 1;
                    if all {
                        mask.and_with(&facet.sets[v])
                    } else {
                        mask.or_with(&facet.sets[v])
                    }
                }
            }
            // A value the catalog does not have (from an old link) matches nothing.
            if all && known < selected.len() {
                mask = BitSet::empty(n);
            }
            Some(mask)
        })
        .collect();
    let narrowed = |skip: Option<usize>| {
        let mut set = base.clone();
        for (f, mask) in masks.iter().enumerate() {
            if Some(f) != skip
                && let Some(mask) = mask
            {
                set.and_with(mask);
            }
        }
        set
    };
    let result = narrowed(None);
    let counts = index
        .facets
        .iter()
        .enumerate()
        .map(|(f, facet)| {
            let disjunctive = masks[f].is_some() && !(query.match_all && facet.id == PRIMARY_FACET);
            let within = if disjunctive {
                narrowed(Some(f))
            } else {
                result.clone()
            };
            facet.sets.iter().map(|set| within.and_count(set)).collect()
        })
        .collect();

    let order = match (query.sort, parts.is_empty()) {
        (Sort::Relevance, true) => result.iter().map(|p| p as u32).collect(),
        (Sort::Relevance, false) => highest_first(
            index
                .by_title
                .iter()
                .copied()
                .filter(|&p| result.contains(p as usize))
                .collect(),
            &scores,
        ),
        (Sort::Title, _) => index
            .by_title
            .iter()
            .copied()
            .filter(|&p| result.contains(p as usize))
            .collect(),
        (Sort::Code, _) => index
            .by_code
            .iter()
            .copied()
            .filter(|&p| result.contains(p as usize))
            .collect(),
    };
    let matched_terms = matched.terms();
    Results {
        order,
        counts,
        matched_words: matched.words,
        matched_codes: matched.codes,
        matched_terms,
        found_aside,
    }
}

/// What a search's parts matched, for highlighting and for saying why.
#[derive(Default)]
struct Matched {
    words: HashSet<String>,
    codes: Vec<String>,
    /// (term, quality of the best match of one of its words).
    terms: Vec<(u32, u32)>,
}

impl Matched {
    /// The matched terms, best quality first, each once.
    fn terms(&mut self) -> Vec<u32> {
        let mut terms = std::mem::take(&mut self.terms);
        terms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut seen = HashSet::new();
        terms
            .into_iter()
            .filter(|(t, _)| seen.insert(*t))
            .map(|(t, _)| t)
            .collect()
    }
}

/// How the procedure at `position` was found, when a part of the search
/// matched neither its own words nor its codes (see
/// [`Results::found_aside`]): through an index term that names it, or a
/// label or synonym of one of its facet values.
pub fn found_by<'a>(
    catalog: &'a Catalog,
    index: &CatalogIndex,
    results: &Results,
    position: usize,
) -> Option<FoundBy<'a>> {
    if !results
        .found_aside
        .as_ref()
        .is_some_and(|via| via.contains(position))
    {
        return None;
    }
    let procedure = catalog.procedures.get(position)?;
    // The term or value text that covers most of the matched words the
    // procedure's own text lacks (those it was found aside by); at equal
    // cover, a term before a value, and the best matched term first.
    let own: HashSet<String> = std::iter::once(&procedure.title)
        .chain(&procedure.aliases)
        .chain(std::iter::once(&procedure.summary))
        .flat_map(|text| words(text))
        .collect();
    let covered = |text: &str| {
        words(text)
            .filter(|w| results.matched_words.contains(w) && !own.contains(w))
            .count()
    };
    let mut best: Option<(usize, FoundBy<'a>)> = None;
    let mut consider = |hits: usize, found: FoundBy<'a>| {
        if hits > best.as_ref().map_or(0, |(n, _)| *n) {
            best = Some((hits, found));
        }
    };
    for found in by_term(catalog, index, results, position) {
        if let FoundBy::Term { term, .. } = &found {
            consider(term.term.iter().map(|t| covered(t)).sum(), found);
        }
    }
    for facet in &catalog.facets {
        for value in procedure.values(&facet.id) {
            let Some(value) = facet.values.iter().find(|v| v.id == value.as_str()) else {
                continue;
            };
            consider(
                covered(&value.label),
                FoundBy::Value {
                    facet,
                    value,
                    synonym: None,
                },
            );
            for synonym in &value.synonyms {
                consider(
                    covered(synonym),
                    FoundBy::Value {
                        facet,
                        value,
                        synonym: Some(synonym),
                    },
                );
            }
        }
    }
    best.map(|(_, found)| found)
}

/// The matched index terms that name the procedure at `position`, best
/// matched first.
fn by_term<'a>(
    catalog: &'a Catalog,
    index: &CatalogIndex,
    results: &Results,
    position: usize,
) -> Vec<FoundBy<'a>> {
    let keys: Vec<(CodeSystem, String)> = catalog
        .procedures
        .get(position)
        .into_iter()
        .flat_map(|p| &p.codes)
        .map(|c| (c.system, code_key(&c.code)))
        .collect();
    results
        .matched_terms
        .iter()
        .filter_map(|&t| {
            let term = catalog.index.get(t as usize)?;
            let named = term.codes.iter().find(|prefix| {
                let key = code_key(&prefix.prefix);
                !key.is_empty()
                    && keys
                        .iter()
                        .any(|(s, k)| *s == prefix.system && k.starts_with(key.as_str()))
            });
            match named {
                Some(prefix) => Some(FoundBy::Term {
                    term,
                    prefix: Some(prefix.prefix.as_str()),
                }),
                None => index
                    .terms()
                    .targets(t)
                    .positions
                    .contains(&(position as u32))
                    .then_some(FoundBy::Term { term, prefix: None }),
            }
        })
        .collect()
}

/// Score buckets a search may use per result before [`highest_first`]
/// sorts instead: counting by score stays linear in the results.
const BUCKETS_PER_RESULT: usize = 4;

/// `by_title` (positions in title order) by descending score, equal scores
/// in title order. Scores are small integers shared by many results (a
/// one-letter search at 100,000 procedures gives tens of thousands of
/// results a few dozen scores), so the results are counted into one bucket
/// per score and placed, highest bucket first, in one pass over `by_title`,
/// which keeps title order within a bucket: linear time, where the sort of
/// packed keys it replaces took about half of such a search. A few results
/// with a very high score (an exact code) are sorted instead.
fn highest_first(by_title: Vec<u32>, scores: &[u32]) -> Vec<u32> {
    let score = |p: u32| scores[p as usize] as usize;
    let top = by_title.iter().map(|&p| score(p)).max().unwrap_or(0);
    if top > BUCKETS_PER_RESULT * by_title.len() {
        return by_packed_keys(by_title, scores);
    }
    // Bucket `top - score`, so the highest score comes first; after the
    // sums, `starts[b]` is where bucket `b` begins.
    let mut starts = vec![0u32; top + 2];
    for &p in &by_title {
        starts[top - score(p) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut order = vec![0u32; by_title.len()];
    for &p in &by_title {
        let next = &mut starts[top - score(p)];
        order[*next as usize] = p;
        *next += 1;
    }
    order
}

/// [`highest_first`] by one sort of packed keys (score, then place in
/// title order).
fn by_packed_keys(by_title: Vec<u32>, scores: &[u32]) -> Vec<u32> {
    let mut keys: Vec<u64> = by_title
        .iter()
        .enumerate()
        .map(|(place, &p)| (u64::from(u32::MAX - scores[p as usize]) << 32) | place as u64)
        .collect();
    keys.sort_unstable();
    keys.into_iter()
        .map(|key| by_title[(key & u64::from(u32::MAX)) as usize])
        .collect()
}

/// Per procedure, the score of one search part (0 where it does not match),
/// and the procedures one of its words matched only through an index term
/// or a facet value (`None` when none did).
fn match_part(
    index: &CatalogIndex,
    part: &str,
    matched: &mut Matched,
) -> (Vec<u32>, Option<BitSet>) {
    let n = index.len();
    let mut best = vec![0u32; n];

    // Codes: exact and prefix.
    let key = code_key(part);
    if !key.is_empty() {
        let range = prefix_range(&index.codes, &key, |c| c.0.as_str());
        if !range.is_empty() && !matched.codes.contains(&key) {
            matched.codes.push(key.clone());
        }
        for (code, target) in &index.codes[range] {
            let exact = *code == key;
            match *target {
                CodeTarget::Procedure(p, _) => raise(
                    &mut best,
                    p as usize,
                    if exact {
                        OWN_CODE_EXACT
                    } else {
                        OWN_CODE_PREFIX
                    },
                ),
                CodeTarget::Value { facet, value } => {
                    let score = if exact {
                        LINKED_CODE_EXACT
                    } else {
                        LINKED_CODE_PREFIX
                    };
                    for p in index.facets[facet as usize].sets[value as usize].iter() {
                        raise(&mut best, p, score);
                    }
                }
            }
        }
    }

    // Words: every word of the part must match.
    let part_words: Vec<String> = words(part).collect();
    if part_words.is_empty() {
        return (best, None);
    }
    let mut all_words: Option<Vec<u32>> = None;
    // Per procedure, whether some word matched only through an index term
    // or a facet value.
    let mut via: Option<BitSet> = None;
    for word in &part_words {
        let mut word_best = vec![0u32; n];
        for (candidate, quality) in expand(&index.vocabulary, word, |w| w.as_str()) {
            matched.words.insert(index.vocabulary[candidate].clone());
            for &(p, field) in &index.postings[candidate] {
                raise(&mut word_best, p as usize, field_score(field, quality));
            }
        }
        // Values and index terms: a procedure that has no match of its
        // own words yet (they were raised first) is found aside.
        let mut raise_aside = |p: usize, score: u32| {
            if word_best[p] == 0 {
                via.get_or_insert_with(|| BitSet::empty(n)).insert(p);
            }
            raise(&mut word_best, p, score);
        };
        // The matched values' procedures, one union per match quality: a
        // prefix such as `e` names hundreds of values, which would otherwise
        // be walked one by one.
        let mut by_quality: [Option<BitSet>; 4] = Default::default();
        for (candidate, quality) in expand(&index.value_words, word, |w| w.as_str()) {
            matched.words.insert(index.value_words[candidate].clone());
            let union = by_quality[quality as usize].get_or_insert_with(|| BitSet::empty(n));
            for &(facet, value) in &index.value_postings[candidate] {
                union.or_with(&index.facets[facet as usize].sets[value as usize]);
            }
        }
        for (quality, union) in by_quality.iter().enumerate().rev() {
            for p in union.iter().flat_map(BitSet::iter) {
                raise_aside(p, VALUE_WORD * quality as u32 / 3);
            }
        }
        raise_terms(index, word, matched, &mut raise_aside);
        all_words = Some(match all_words {
            None => word_best,
            Some(mut sum) => {
                for (s, w) in sum.iter_mut().zip(&word_best) {
                    *s = if *s == 0 || *w == 0 { 0 } else { *s + w };
                }
                sum
            }
        });
    }
    let all_words = all_words.unwrap_or_default();
    for (b, w) in best.iter_mut().zip(all_words) {
        *b = (*b).max(w);
    }
    (best, via)
}

fn raise(best: &mut [u32], p: usize, score: u32) {
    best[p] = best[p].max(score);
}

/// Raises, through `raise`, the score of every procedure an index term
/// that `word` matches names. Each term's code ranges are walked once per
/// search word: many terms share a table (every `see Excision, Lower Bones`
/// names `0QB`), and a range inside another already walked with as good a
/// match adds nothing.
fn raise_terms(
    index: &CatalogIndex,
    word: &str,
    matched: &mut Matched,
    raise: &mut impl FnMut(usize, u32),
) {
    let terms = index.terms();
    if terms.is_empty() {
        return;
    }
    let found = expand(&terms.words, word, |w| w.as_str());
    let mut named: Vec<(u32, u32)> = found
        .iter()
        .flat_map(|&(candidate, quality)| {
            terms.postings[candidate].iter().map(move |&t| (t, quality))
        })
        .collect();
    for (candidate, _) in &found {
        matched.words.insert(terms.words[*candidate].clone());
    }
    named.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    named.dedup_by_key(|(t, _)| *t);
    matched.terms.extend(&named);

    let mut ranges: Vec<(u32, u32, CodeSystem, u32)> = Vec::new();
    for &(t, quality) in &named {
        let targets = terms.targets(t);
        ranges.extend(
            targets
                .ranges
                .iter()
                .map(|&(start, end, system)| (start, end, system, quality)),
        );
        for &p in &targets.positions {
            raise(p as usize, INDEX_TERM * quality / 3);
        }
    }
    // Prefix ranges nest or are apart: sorted by start, widest first, a
    // range comes right after the ranges it lies in.
    ranges.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(b.3.cmp(&a.3))
    });
    let mut open: Vec<(u32, u32, CodeSystem, u32)> = Vec::new();
    for (start, end, system, quality) in ranges {
        while open.last().is_some_and(|o| o.1 < end) {
            open.pop();
        }
        if open
            .iter()
            .any(|o| o.2 == system && o.3 >= quality && o.0 <= start)
        {
            continue;
        }
        open.push((start, end, system, quality));
        for (_, target) in &index.codes[start as usize..end as usize] {
            if let CodeTarget::Procedure(p, s) = *target
                && s == system
            {
                raise(p as usize, INDEX_TERM * quality / 3);
            }
        }
    }
}

/// Entries of `sorted` that match `word`, with a quality: 3 exact, 2 prefix,
/// 1 one typo (words of five letters or more).
fn expand<T>(sorted: &[T], word: &str, key: impl Fn(&T) -> &str) -> Vec<(usize, u32)> {
    let mut found: Vec<(usize, u32)> = prefix_range(sorted, word, &key)
        .map(|i| (i, if key(&sorted[i]) == word { 3 } else { 2 }))
        .collect();
    if word.chars().count() >= 5 {
        let len = word.len();
        for (i, item) in sorted.iter().enumerate() {
            let candidate = key(item);
            if candidate.len().abs_diff(len) <= 2
                && !candidate.starts_with(word)
                && within_one_edit(candidate, word)
            {
                found.push((i, 1));
            }
        }
    }
    found
}

/// Splits `text` into runs, marking the words the search matched.
pub fn highlight(text: &str, matched_words: &HashSet<String>) -> Vec<(String, bool)> {
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut push = |piece: &str, marked: bool| match runs.last_mut() {
        Some((last, m)) if *m == marked => last.push_str(piece),
        _ => runs.push((piece.to_owned(), marked)),
    };
    let mut at = 0;
    for (start, end, word) in super::text::word_spans(text) {
        if matched_words.contains(&word) {
            push(&text[at..start], false);
            push(&text[start..end], true);
            at = end;
        }
    }
    push(&text[at..], false);
    runs.retain(|(piece, _)| !piece.is_empty());
    runs
}

/// Whether a code was matched by the search.
pub fn code_matched(code: &str, matched_codes: &[String]) -> bool {
    if matched_codes.is_empty() {
        return false;
    }
    let key = code_key(code);
    matched_codes
        .iter()
        .any(|prefix| key.starts_with(prefix.as_str()))
}

// proptest is a native dev-dependency only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn highest_first_is_a_stable_sort_by_descending_score(
            // Small scores are counted into buckets; large ones (up to an
            // exact code's) against few results are sorted.
            scores in proptest::prop_oneof![
                proptest::collection::vec(0u32..6, 0..300),
                proptest::collection::vec(0u32..1_000, 0..300),
                proptest::collection::vec(proptest::prop_oneof![0u32..400, 9_000u32..20_000], 0..300),
            ],
            rotate in 0usize..300,
        ) {
            let mut by_title: Vec<u32> = (0..scores.len() as u32).collect();
            if !by_title.is_empty() {
                let k = rotate % by_title.len();
                by_title.rotate_left(k);
            }
            let mut expected = by_title.clone();
            expected.sort_by_key(|&p| std::cmp::Reverse(scores[p as usize]));
            proptest::prop_assert_eq!(highest_first(by_title, &scores), expected);
        }
    }
}
