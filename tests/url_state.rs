//! URL state: any string decodes without panicking, and every state survives
//! a round trip through its URL.
#![cfg(not(target_arch = "wasm32"))]

use procedure_catalog::catalog::CodeSystem;
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
            proptest::option::of((
                prop_oneof![
                    Just(CodeSystem::Cpt),
                    Just(CodeSystem::Hcpcs),
                    Just(CodeSystem::Icd10Pcs),
                    Just(CodeSystem::Icd10Cm),
                    Just(CodeSystem::Local),
                ],
                non_empty_text(),
            )),
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
                (catalog, source, embed, code),
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
                code,
                comparing: comparing && !compare.is_empty(),
                compare,
            },
        )
}

/// Text shaped like a query string: keys the app reads, separators, percent
/// escapes of any byte (so also of broken UTF-8), malformed escapes and any
/// Unicode, in any order.
fn query_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop_oneof![
            Just("c="),
            Just("code="),
            Just("code=ICD-10-PCS:"),
            Just("q="),
            Just("f."),
            Just("all=1"),
            Just("sort=title"),
            Just("sort=code"),
            Just("fav=1"),
            Just("p="),
            Just("cmp="),
            Just("view=compare"),
            Just("&"),
            Just("="),
            Just(","),
            Just("+"),
            Just("?"),
            Just("%"),
        ]
        .prop_map(str::to_owned),
        any::<u8>().prop_map(|b| format!("%{b:02X}")),
        any::<u8>().prop_map(|b| format!("%{b:02x}")),
        "%[0-9A-Fa-f]?[g-zG-Z%&=]?",
        any::<String>(),
        "[a-z0-9-]{1,8}",
    ];
    proptest::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decoding_a_query_string_never_panics_and_is_stable(search in query_string()) {
        let state = decode(&search);
        let url = encode(&state);
        prop_assert_eq!(&decode(&url), &state, "{:?} gave {:?}", search, url);
        prop_assert_eq!(&decode(&format!("?{url}")), &state);
        prop_assert_eq!(encode(&decode(&url)), url);
    }

    #[test]
    fn percent_escapes_of_any_bytes_decode_to_text(bytes in proptest::collection::vec(any::<u8>(), 0..12)) {
        let escaped: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
        let state = decode(&format!("q={escaped}"));
        prop_assert_eq!(state.query.text, String::from_utf8_lossy(&bytes));
    }

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
