//! URL state: any string decodes without panicking, and every state survives
//! a round trip through its URL.
#![cfg(not(target_arch = "wasm32"))]

use procedure_catalog::search::{Query, Sort};
use procedure_catalog::state::ViewState;
use procedure_catalog::state::url::{MAX_COMPARE, decode, encode};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including the characters the URL syntax uses.
    prop_oneof![any::<String>(), "[a-z&=,%+ .?#-]{0,12}"]
}

fn non_empty_text() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |s| !s.is_empty())
}

fn state() -> impl Strategy<Value = ViewState> {
    let filters = proptest::collection::btree_map(
        non_empty_text(),
        proptest::collection::btree_set(non_empty_text(), 1..4),
        0..4,
    );
    let sort = prop_oneof![Just(Sort::Relevance), Just(Sort::Code), Just(Sort::Title)];
    let compare = proptest::collection::btree_set(non_empty_text(), 0..=MAX_COMPARE)
        .prop_map(|s| s.into_iter().collect::<Vec<_>>());
    (
        (
            proptest::option::of(non_empty_text()),
            proptest::option::of(non_empty_text()),
            any::<bool>(),
        ),
        text(),
        filters,
        any::<bool>(),
        sort,
        any::<bool>(),
        proptest::option::of(non_empty_text()),
        compare,
        any::<bool>(),
    )
        .prop_map(
            |(
                (catalog, source, embed),
                text,
                filters,
                match_all,
                sort,
                favourites_only,
                open,
                compare,
                comparing,
            )| ViewState {
                catalog,
                source,
                embed,
                query: Query {
                    text,
                    filters,
                    match_all,
                    sort,
                },
                favourites_only,
                open,
                comparing: comparing && !compare.is_empty(),
                compare,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decoding_never_panics(search in any::<String>()) {
        let _ = decode(&search);
    }

    #[test]
    fn decoding_an_encoded_state_gives_it_back(state in state()) {
        prop_assert_eq!(decode(&encode(&state)), state);
    }

    #[test]
    fn encoding_is_stable(search in any::<String>()) {
        let once = decode(&search);
        prop_assert_eq!(decode(&encode(&once)), once);
    }
}
