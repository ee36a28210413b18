//! Stored favourites and history: whatever localStorage holds (damaged,
//! foreign, hostile), reading it never panics, keeps every id it can, says
//! what it dropped, and favourites the catalog lacks are kept.
#![cfg(not(target_arch = "wasm32"))]

use procedure_catalog::state::Personal;
use procedure_catalog::state::personal::{decode_ids, encode_ids};
use proptest::prelude::*;

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn a_clean_list_reads_back_without_a_note() {
    let list = ids(&["corpectomy-thoracic", "acdf-single-level"]);
    assert_eq!(decode_ids(Some(&encode_ids(&list))), (list, None));
    assert_eq!(decode_ids(Some("[]")), (Vec::new(), None));
    assert_eq!(decode_ids(None), (Vec::new(), None));
}

#[test]
fn a_list_cut_short_keeps_the_ids_written_in_full() {
    let (found, note) = decode_ids(Some(r#"["a-b", "c\"d", "e-"#));
    assert_eq!(found, ids(&["a-b", "c\"d"]));
    assert_eq!(
        note.as_deref(),
        Some("stored data was damaged; 2 ids were recovered")
    );
    let (found, note) = decode_ids(Some(r#"["only-one""#));
    assert_eq!(found, ids(&["only-one"]));
    assert_eq!(
        note.as_deref(),
        Some("stored data was damaged; 1 id was recovered")
    );
    let (found, note) = decode_ids(Some("[\"unterminated"));
    assert!(found.is_empty());
    assert_eq!(
        note.as_deref(),
        Some("stored data was damaged and could not be read")
    );
}

#[test]
fn foreign_entries_are_dropped_and_counted() {
    let (found, note) = decode_ids(Some(
        r#"["a", 42, null, {"id": "b"}, ["c"], "  ", true, "a"]"#,
    ));
    assert_eq!(found, ids(&["a"]));
    assert_eq!(
        note.as_deref(),
        Some("7 stored entries were not usable procedure ids and were dropped")
    );
    let (found, note) = decode_ids(Some(r#"["a", 1]"#));
    assert_eq!(found, ids(&["a"]));
    assert_eq!(
        note.as_deref(),
        Some("1 stored entry was not a usable procedure id and was dropped")
    );
}

#[test]
fn foreign_values_give_nothing_and_say_so() {
    for foreign in [r#"{"favourites": ["a"]}"#, "42", "null", "true", r#""a,b""#] {
        let (found, note) = decode_ids(Some(foreign));
        assert!(found.is_empty(), "{foreign}");
        assert_eq!(
            note.as_deref(),
            Some("stored data was not a list of procedure ids"),
            "{foreign}"
        );
    }
    for damaged in ["", "{oops", "a,b,c", "\u{0}\u{1}", "undefined"] {
        let (found, note) = decode_ids(Some(damaged));
        assert!(found.is_empty(), "{damaged:?}");
        assert_eq!(
            note.as_deref(),
            Some("stored data was damaged and could not be read"),
            "{damaged:?}"
        );
    }
}

#[test]
fn hostile_ids_are_kept_as_plain_strings() {
    let hostile = ids(&["<img src=x onerror=alert(1)>", "javascript:alert(1)"]);
    assert_eq!(decode_ids(Some(&encode_ids(&hostile))), (hostile, None));
}

#[test]
fn favourites_the_catalog_lacks_are_kept_and_listed_in_order() {
    let mut personal = Personal {
        favourites: ids(&["gone", "here", "also-gone"]),
        recent: Vec::new(),
    };
    let in_catalog = |id: &str| id == "here" || id == "new";
    assert_eq!(
        personal.missing_favourites(in_catalog),
        ids(&["gone", "also-gone"])
    );
    // Starring and unstarring others never prunes them.
    personal.toggle_favourite("new");
    personal.toggle_favourite("here");
    assert_eq!(personal.favourites, ids(&["gone", "also-gone", "new"]));
    assert_eq!(
        personal.missing_favourites(in_catalog),
        ids(&["gone", "also-gone"])
    );
}

proptest! {
    #[test]
    fn decoding_any_text_never_panics_and_keeps_only_distinct_non_blank_ids(text in any::<String>()) {
        let (found, _) = decode_ids(Some(&text));
        for (i, id) in found.iter().enumerate() {
            prop_assert!(!id.trim().is_empty());
            prop_assert!(!found[..i].contains(id));
        }
    }

    #[test]
    fn damage_at_any_point_loses_only_the_ids_it_cuts(
        list in proptest::collection::vec("[a-z0-9\"\\\\<>' -]{1,12}", 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut distinct: Vec<String> = Vec::new();
        for id in list {
            if !id.trim().is_empty() && !distinct.contains(&id) {
                distinct.push(id);
            }
        }
        let text = encode_ids(&distinct);
        prop_assert_eq!(decode_ids(Some(&text)), (distinct.clone(), None));
        // Cut anywhere: what survives is a prefix of the list.
        let at = cut.index(text.len() + 1);
        if let Some(cut_text) = text.get(..at) {
            let (found, _) = decode_ids(Some(cut_text));
            prop_assert!(found.len() <= distinct.len());
            prop_assert_eq!(&found[..], &distinct[..found.len()]);
            // Every id that ends before the cut is recovered.
            let complete = distinct
                .iter()
                .scan(0usize, |end, id| {
                    *end += encode_ids(std::slice::from_ref(id)).len() - 2 + 1;
                    Some(*end)
                })
                .filter(|end| *end <= at)
                .count();
            prop_assert!(found.len() >= complete, "{:?} from {:?}", found, cut_text);
        }
    }
}
