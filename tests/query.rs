//! The query engine: behaviour on a real catalog, and property tests against
//! a naive reference that checks every procedure by brute force.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet, HashSet};

use procedure_catalog::catalog::{
    Catalog, Code, CodePrefix, CodeSystem, Facet, FacetValue, IndexTerm, Procedure, load,
};
use procedure_catalog::search::text::{code_key, fold, within_one_edit, words};
use procedure_catalog::search::{
    CatalogIndex, PRIMARY_FACET, Query, Sort, code_matched, evaluate, found_by, highlight,
};
use proptest::prelude::*;

fn spine() -> Catalog {
    load(&std::fs::read("public/catalogs/spine.json").unwrap(), None)
        .unwrap()
        .catalog
}

fn titles(catalog: &Catalog, query: &Query) -> Vec<String> {
    let index = CatalogIndex::build(catalog);
    evaluate(&index, query, None)
        .order
        .iter()
        .map(|&p| catalog.procedures[p as usize].id.clone())
        .collect()
}

fn search(text: &str) -> Query {
    Query {
        text: text.into(),
        ..Query::default()
    }
}

#[test]
fn an_empty_query_lists_everything_in_catalog_order() {
    let catalog = spine();
    let ids = titles(&catalog, &Query::default());
    assert_eq!(
        ids,
        catalog
            .procedures
            .iter()
            .map(|p| p.id.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_exact_code_comes_first() {
    let ids = titles(&spine(), &search("63101"));
    assert_eq!(ids[0], "corpectomy-lateral-extracavitary-thoracic");
}

#[test]
fn codes_match_with_or_without_the_dot_and_in_any_case() {
    let catalog = spine();
    let with_dot = titles(&catalog, &search("C79.51"));
    assert!(!with_dot.is_empty());
    assert!(with_dot.contains(&"corpectomy-lateral-extracavitary-thoracic".to_owned()));
    assert_eq!(titles(&catalog, &search("c7951")), with_dot);
    // Prefix of an ICD-10-PCS code.
    let prefix = titles(&catalog, &search("0pb4"));
    assert!(prefix.contains(&"corpectomy-lateral-extracavitary-thoracic".to_owned()));
}

#[test]
fn words_match_by_prefix_accent_and_one_typo() {
    let catalog = spine();
    let exact = titles(&catalog, &search("corpectomy"));
    assert!(exact.len() >= 10, "{exact:?}");
    assert_eq!(
        titles(&catalog, &search("CORPECT")),
        titles(&catalog, &search("corpect"))
    );
    let typo: BTreeSet<String> = titles(&catalog, &search("corpectomi"))
        .into_iter()
        .collect();
    assert!(
        exact.iter().all(|id| typo.contains(id)),
        "one typo still finds every corpectomy"
    );
    assert_eq!(titles(&catalog, &search("córpectomy")).len(), exact.len());
    // Words under five letters get no typo tolerance.
    assert!(!titles(&catalog, &search("cage")).is_empty());
    assert!(titles(&catalog, &search("cagr")).is_empty());
}

#[test]
fn title_matches_rank_above_summary_matches() {
    let catalog = spine();
    let ids = titles(&catalog, &search("corpectomy"));
    let first = catalog.procedures.iter().find(|p| p.id == ids[0]).unwrap();
    assert!(fold(&first.title).contains("corpectomy"), "{}", first.title);
    let last = catalog
        .procedures
        .iter()
        .find(|p| &p.id == ids.last().unwrap())
        .unwrap();
    let title_words: Vec<String> = words(&last.title).collect();
    assert!(
        !title_words.iter().any(|w| w.starts_with("corpectomy")),
        "{}",
        last.title
    );
}

#[test]
fn every_part_of_the_search_must_match() {
    let catalog = spine();
    let both = titles(&catalog, &search("corpectomy lumbar"));
    let corpectomy: HashSet<String> = titles(&catalog, &search("corpectomy"))
        .into_iter()
        .collect();
    let lumbar: HashSet<String> = titles(&catalog, &search("lumbar")).into_iter().collect();
    assert!(!both.is_empty());
    assert!(
        both.iter()
            .all(|id| corpectomy.contains(id) && lumbar.contains(id))
    );
}

#[test]
fn synonyms_of_facet_values_find_their_procedures() {
    let catalog = spine();
    let indication = &catalog.facets[0];
    let value = indication
        .values
        .iter()
        .find(|v| !v.synonyms.is_empty())
        .unwrap();
    let synonym = &value.synonyms[0];
    let found: HashSet<String> = titles(&catalog, &search(synonym)).into_iter().collect();
    for p in catalog
        .procedures
        .iter()
        .filter(|p| p.values("indication").iter().any(|v| *v == value.id))
    {
        assert!(found.contains(&p.id), "{synonym} finds {}", p.id);
    }
}

#[test]
fn facet_selection_is_or_within_and_across_with_disjunctive_counts() {
    let catalog = spine();
    let index = CatalogIndex::build(&catalog);
    let mut query = Query::default();
    query.toggle("region", "thoracic");
    let thoracic = evaluate(&index, &query, None);
    query.toggle("region", "lumbar");
    let either = evaluate(&index, &query, None);
    assert!(either.order.len() > thoracic.order.len());
    let region = catalog
        .facets
        .iter()
        .position(|f| f.id == "region")
        .unwrap();
    // The region counts ignore the region selection.
    assert_eq!(
        either.counts[region],
        evaluate(&index, &Query::default(), None).counts[region]
    );
    query.toggle("procedure-type", "corpectomy");
    let narrowed = evaluate(&index, &query, None);
    assert!(narrowed.order.len() < either.order.len());
    for &p in &narrowed.order {
        let procedure = &catalog.procedures[p as usize];
        assert!(
            procedure
                .values("procedure-type")
                .iter()
                .any(|v| v == "corpectomy")
        );
    }
}

#[test]
fn match_all_requires_every_selected_indication() {
    let catalog = spine();
    let mut query = Query::default();
    query.toggle(PRIMARY_FACET, "spinal-metastasis");
    query.toggle(PRIMARY_FACET, "spinal-tuberculosis");
    let any = titles(&catalog, &query);
    query.match_all = true;
    let all = titles(&catalog, &query);
    assert!(all.len() < any.len(), "{} < {}", all.len(), any.len());
    for id in &all {
        let p = catalog.procedures.iter().find(|p| &p.id == id).unwrap();
        assert!(
            p.values(PRIMARY_FACET)
                .iter()
                .any(|v| v == "spinal-metastasis")
                && p.values(PRIMARY_FACET)
                    .iter()
                    .any(|v| v == "spinal-tuberculosis")
        );
    }
}

#[test]
fn sorts_by_title_and_by_code() {
    let catalog = spine();
    let mut query = Query {
        sort: Sort::Title,
        ..Query::default()
    };
    let by_title = titles(&catalog, &query);
    let folded: Vec<String> = by_title
        .iter()
        .map(|id| {
            fold(
                &catalog
                    .procedures
                    .iter()
                    .find(|p| &p.id == id)
                    .unwrap()
                    .title,
            )
        })
        .collect();
    assert!(folded.windows(2).all(|w| w[0] <= w[1]));
    query.sort = Sort::Code;
    let by_code = titles(&catalog, &query);
    let codes: Vec<String> = by_code
        .iter()
        .map(|id| {
            catalog
                .procedures
                .iter()
                .find(|p| &p.id == id)
                .unwrap()
                .codes[0]
                .code
                .clone()
        })
        .collect();
    assert!(codes.windows(2).all(|w| w[0] <= w[1]), "{codes:?}");
}

#[test]
fn highlights_the_matched_words_only() {
    let catalog = spine();
    let index = CatalogIndex::build(&catalog);
    let results = evaluate(&index, &search("corpect"), None);
    let runs = highlight(
        "Lateral extracavitary thoracic corpectomy",
        &results.matched_words,
    );
    assert_eq!(
        runs,
        [
            ("Lateral extracavitary thoracic ".to_owned(), false),
            ("corpectomy".to_owned(), true)
        ]
    );
}

// ---- Property tests against a naive reference ----

const WORDS: [&str; 10] = [
    "spine", "fusion", "lumbar", "cervical", "graft", "plate", "screw", "tumor", "canal", "disc",
];

fn procedure_strategy(facets: Vec<(String, usize)>) -> impl Strategy<Value = Procedure> {
    let facet_values = facets
        .into_iter()
        .map(|(id, n)| {
            proptest::collection::btree_set(0..n, 0..=n.min(3)).prop_map(move |vs| {
                (
                    id.clone(),
                    vs.into_iter().map(|v| format!("v{v}")).collect::<Vec<_>>(),
                )
            })
        })
        .collect::<Vec<_>>();
    (
        proptest::collection::vec(0..WORDS.len(), 1..4),
        proptest::collection::vec(0..WORDS.len(), 0..6),
        proptest::collection::vec(10_000u32..10_040, 0..3),
        facet_values,
    )
        .prop_map(|(title, summary, codes, facets)| Procedure {
            id: String::new(),
            title: title
                .iter()
                .map(|&w| WORDS[w])
                .collect::<Vec<_>>()
                .join(" "),
            codes: codes
                .into_iter()
                .map(|c| Code {
                    system: CodeSystem::Cpt,
                    code: c.to_string(),
                    title: None,
                })
                .collect(),
            summary: summary
                .iter()
                .map(|&w| WORDS[w])
                .collect::<Vec<_>>()
                .join(" ")
                + ".",
            facets: facets.into_iter().collect(),
            ..Procedure::default()
        })
}

/// Words of index terms only: no title, summary or value has them.
const TERM_WORDS: [&str; 5] = [
    "laminectomy",
    "arthrodesis",
    "biopsy",
    "vertebral",
    "lamina",
];

/// Index terms of one to three words, naming procedures by code prefix (of
/// the procedures' system, CPT, or of another, which names nothing) and by
/// id (ids of procedures the catalog may not have).
fn index_strategy() -> impl Strategy<Value = Vec<IndexTerm>> {
    let term = (
        proptest::collection::vec(0..TERM_WORDS.len() + 2, 1..4),
        proptest::collection::vec(
            (
                any::<bool>(),
                prop_oneof![
                    Just(""),
                    Just("1"),
                    Just("10"),
                    Just("100"),
                    Just("1000"),
                    Just("1001"),
                    Just("10010"),
                    Just("1003")
                ],
            ),
            0..3,
        ),
        proptest::collection::vec(0usize..45, 0..3),
        proptest::option::of(Just("Excision, Lower Bones".to_owned())),
    )
        .prop_map(|(words, prefixes, ids, see)| IndexTerm {
            // Two extra picks reuse words titles have, so that both kinds of
            // match meet in one search.
            term: words
                .iter()
                .map(|&w| {
                    TERM_WORDS
                        .get(w)
                        .copied()
                        .unwrap_or_else(|| WORDS[w - TERM_WORDS.len()])
                        .to_owned()
                })
                .collect(),
            see,
            codes: prefixes
                .into_iter()
                .filter(|(_, p)| !p.is_empty())
                .map(|(cpt, prefix)| CodePrefix {
                    system: if cpt {
                        CodeSystem::Cpt
                    } else {
                        CodeSystem::Icd10Pcs
                    },
                    prefix: prefix.to_owned(),
                })
                .collect(),
            procedures: ids.into_iter().map(|i| format!("p{i}")).collect(),
            notes: Vec::new(),
        });
    proptest::collection::vec(term, 0..6)
}

fn catalog_strategy() -> impl Strategy<Value = Catalog> {
    let facets = vec![
        (PRIMARY_FACET.to_owned(), 5usize),
        ("region".to_owned(), 3usize),
    ];
    (
        proptest::collection::vec(procedure_strategy(facets.clone()), 0..40),
        index_strategy(),
    )
        .prop_map(move |(mut procedures, index)| {
            for (i, p) in procedures.iter_mut().enumerate() {
                p.id = format!("p{i}");
            }
            Catalog {
                format_version: 1,
                title: "t".into(),
                publisher: "p".into(),
                catalog_version: "1".into(),
                updated: "2026-01-01".into(),
                license: "l".into(),
                notices: Vec::new(),
                sources: Vec::new(),
                facets: facets
                    .iter()
                    .map(|(id, n)| Facet {
                        id: id.clone(),
                        label: id.clone(),
                        description: None,
                        axis: None,
                        values: (0..*n)
                            .map(|v| FacetValue {
                                id: format!("v{v}"),
                                label: format!("{} {v}", WORDS[v % WORDS.len()]),
                                description: None,
                                synonyms: Vec::new(),
                                codes: vec![Code {
                                    system: CodeSystem::Icd10Cm,
                                    code: format!("C4{v}.1"),
                                    title: None,
                                }],
                                notes: Vec::new(),
                            })
                            .collect(),
                    })
                    .collect(),
                procedures,
                notes: Vec::new(),
                index,
            }
        })
}

fn query_strategy() -> impl Strategy<Value = Query> {
    let text = prop_oneof![
        Just(String::new()),
        (0..WORDS.len(), 2usize..7).prop_map(|(w, n)| WORDS[w].chars().take(n).collect()),
        (0..WORDS.len()).prop_map(|w| format!("{}x", WORDS[w])),
        (0..WORDS.len(), 0..WORDS.len()).prop_map(|(a, b)| format!("{} {}", WORDS[a], WORDS[b])),
        (10_000u32..10_040).prop_map(|c| c.to_string()),
        // A code prefix.
        (1_000u32..1_004).prop_map(|c| c.to_string()),
        (0usize..5).prop_map(|v| format!("c4{v}.1")),
        // Index terms, whole or begun, alone or with a word of the titles.
        (0..TERM_WORDS.len(), 3usize..12)
            .prop_map(|(w, n)| TERM_WORDS[w].chars().take(n).collect()),
        (0..TERM_WORDS.len(), 0..WORDS.len())
            .prop_map(|(a, b)| format!("{} {}", TERM_WORDS[a], WORDS[b])),
        (0..TERM_WORDS.len()).prop_map(|w| format!("{}-lumbar", TERM_WORDS[w])),
    ];
    let selection = |facet: &'static str, n: usize| {
        proptest::collection::btree_set(0..n + 1, 0..3).prop_map(move |vs| {
            (
                facet.to_owned(),
                vs.into_iter()
                    .map(|v| format!("v{v}"))
                    .collect::<BTreeSet<_>>(),
            )
        })
    };
    (
        text,
        selection(PRIMARY_FACET, 5),
        selection("region", 3),
        any::<bool>(),
    )
        .prop_map(|(text, a, b, match_all)| Query {
            text,
            filters: [a, b]
                .into_iter()
                .filter(|(_, s)| !s.is_empty())
                .collect::<BTreeMap<_, _>>(),
            match_all,
            sort: Sort::Relevance,
        })
}

/// Brute force: does `part` match `p`?
fn naive_part(catalog: &Catalog, p: &Procedure, part: &str) -> bool {
    let key = code_key(part);
    let mut codes: Vec<String> = p.codes.iter().map(|c| code_key(&c.code)).collect();
    let mut texts = vec![p.title.clone(), p.summary.clone()];
    texts.extend(p.aliases.iter().cloned());
    // The words of every index term that names the procedure.
    for term in catalog.index.iter().filter(|t| names(t, p)) {
        texts.extend(term.term.iter().cloned());
    }
    for facet in &catalog.facets {
        for value in facet
            .values
            .iter()
            .filter(|v| p.values(&facet.id).iter().any(|has| *has == v.id))
        {
            codes.extend(value.codes.iter().map(|c| code_key(&c.code)));
            texts.push(value.label.clone());
            texts.extend(value.synonyms.iter().cloned());
        }
    }
    if !key.is_empty() && codes.iter().any(|c| c.starts_with(&key)) {
        return true;
    }
    let vocabulary: Vec<String> = texts
        .iter()
        .flat_map(|t| words(t).collect::<Vec<_>>())
        .collect();
    let part_words: Vec<String> = words(part).collect();
    !part_words.is_empty()
        && part_words.iter().all(|w| {
            vocabulary.iter().any(|v| {
                v.starts_with(w.as_str()) || (w.chars().count() >= 5 && within_one_edit(v, w))
            })
        })
}

/// Brute force: does index term `term` name `p`?
fn names(term: &IndexTerm, p: &Procedure) -> bool {
    term.procedures.contains(&p.id)
        || term.codes.iter().any(|prefix| {
            p.codes.iter().any(|c| {
                c.system == prefix.system
                    && code_key(&c.code).starts_with(&code_key(&prefix.prefix))
            })
        })
}

fn naive_matches(catalog: &Catalog, p: &Procedure, query: &Query) -> bool {
    query
        .text
        .split_whitespace()
        .all(|part| naive_part(catalog, p, part))
        && query.filters.iter().all(|(facet, selected)| {
            let has = |v: &String| p.values(facet).iter().any(|h| h == v);
            if query.match_all && facet == PRIMARY_FACET {
                selected.iter().all(has)
            } else {
                selected.iter().any(has)
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn results_and_counts_agree_with_brute_force(catalog in catalog_strategy(), query in query_strategy()) {
        let index = CatalogIndex::build(&catalog);
        let results = evaluate(&index, &query, None);
        let got: BTreeSet<u32> = results.order.iter().copied().collect();
        prop_assert_eq!(got.len(), results.order.len(), "no duplicates");
        let expected: BTreeSet<u32> = (0..catalog.procedures.len() as u32).filter(|&p| naive_matches(&catalog, &catalog.procedures[p as usize], &query)).collect();
        prop_assert_eq!(&got, &expected);

        // A code is highlighted when some part of the search is a prefix of it.
        let part_keys: Vec<String> = query.text.split_whitespace().map(code_key).filter(|k| !k.is_empty()).collect();
        for code in catalog.procedures.iter().flat_map(|p| &p.codes) {
            let key = code_key(&code.code);
            let expected = part_keys.iter().any(|k| key.starts_with(k.as_str()));
            prop_assert_eq!(code_matched(&code.code, &results.matched_codes), expected, "code {}", code.code);
        }

        for (f, facet) in catalog.facets.iter().enumerate() {
            for (v, value) in facet.values.iter().enumerate() {
                let mut clicked = query.clone();
                let entry = clicked.filters.entry(facet.id.clone()).or_default();
                if !(query.match_all && facet.id == PRIMARY_FACET) {
                    entry.clear();
                }
                entry.insert(value.id.clone());
                let expected = catalog.procedures.iter().filter(|p| naive_matches(&catalog, p, &clicked)).count();
                prop_assert_eq!(results.counts[f][v], expected, "facet {} value {}", facet.id, value.id);
            }
        }
    }

    #[test]
    fn restricting_keeps_only_the_given_positions(catalog in catalog_strategy(), query in query_strategy(), keep in proptest::collection::vec(any::<bool>(), 40)) {
        let index = CatalogIndex::build(&catalog);
        let mut restrict = procedure_catalog::search::BitSet::empty(index.len());
        for (p, _) in keep.iter().enumerate().take(index.len()).filter(|(_, k)| **k) {
            restrict.insert(p);
        }
        let all = evaluate(&index, &query, None);
        let some = evaluate(&index, &query, Some(&restrict));
        let expected: Vec<u32> = all.order.iter().copied().filter(|&p| keep[p as usize]).collect();
        prop_assert_eq!(some.order, expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A term naming a code prefix finds exactly the procedures with a code
    /// of that system that starts so, each saying it was found through it.
    #[test]
    fn a_term_naming_a_prefix_finds_exactly_the_codes_with_that_prefix(
        catalog in catalog_strategy(),
        prefix in prop_oneof![Just("1"), Just("10"), Just("100"), Just("1000"), Just("1001"), Just("10010"), Just("1003"), Just("10039")],
        typed in 5usize..15,
    ) {
        let mut catalog = catalog;
        catalog.index = vec![IndexTerm {
            term: vec!["Zygapophysectomy".into()],
            see: Some("Excision, Lower Bones".into()),
            codes: vec![CodePrefix { system: CodeSystem::Cpt, prefix: prefix.into() }],
            procedures: Vec::new(),
            notes: Vec::new(),
        }];
        let index = CatalogIndex::build(&catalog);
        let text: String = "zygapophysectomy".chars().take(typed).collect();
        let results = evaluate(&index, &search(&text), None);
        let got: BTreeSet<u32> = results.order.iter().copied().collect();
        let expected: BTreeSet<u32> = catalog
            .procedures
            .iter()
            .enumerate()
            .filter(|(_, p)| p.codes.iter().any(|c| c.code.starts_with(prefix)))
            .map(|(i, _)| i as u32)
            .collect();
        prop_assert_eq!(&got, &expected);
        for &p in &got {
            let why = found_by(&catalog, &index, &results, p as usize).map(|f| f.line());
            prop_assert_eq!(why, Some(format!("Index: Zygapophysectomy → see Excision, Lower Bones {prefix}")));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The typo check agrees with the optimal-string-alignment distance.
    #[test]
    fn one_edit_means_an_edit_distance_of_one(a in "[a-cé]{0,7}", b in "[a-cé]{0,7}") {
        prop_assert_eq!(within_one_edit(&a, &b), strsim::osa_distance(&a, &b) <= 1, "{} vs {}", a, b);
    }
}

#[test]
fn an_index_built_in_steps_equals_one_built_at_once() {
    use procedure_catalog::search::IndexBuilder;
    let catalog = spine();
    let whole = CatalogIndex::build(&catalog);
    for step in [1, 5, 50] {
        let mut builder = IndexBuilder::new(&catalog);
        while !builder.add(step) {
            assert_eq!(builder.done() % step, 0);
        }
        assert_eq!(builder.done(), catalog.procedures.len());
        // The sorts one at a time: vocabulary, codes, titles, codes' order.
        let mut sorts = 1;
        while !builder.sort() {
            sorts += 1;
        }
        assert_eq!(sorts, 4);
        assert!(builder.finish() == whole, "step {step}");
    }
}
