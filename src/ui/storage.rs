//! Favourites and recently viewed procedures in localStorage.
//!
//! Storage can be missing (private mode), full, or hold someone else's data;
//! none of that may break the app or lose what the reader has. Reads recover
//! what they can; a failed write keeps the data in memory and reports it.

use crate::state::Personal;
use crate::state::personal::{decode_ids, encode_ids};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Storage keys for one catalog, so that ids of different catalogs never mix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    favourites: String,
    recent: String,
}

impl Keys {
    /// Keys for the catalog at `catalog_url`.
    pub fn for_catalog(catalog_url: &str) -> Self {
        Self {
            favourites: format!("procedure-catalog:{catalog_url}:favourites"),
            recent: format!("procedure-catalog:{catalog_url}:recent"),
        }
    }
}

/// Reads the reader's data; the second value says what could not be read.
pub fn read(keys: &Keys) -> (Personal, Vec<String>) {
    let Some(storage) = storage() else {
        return (Personal::default(), vec!["This browser keeps no local data here (private mode?); favourites last until the page closes.".into()]);
    };
    let mut notes = Vec::new();
    let mut list = |key: &str, what: &str| {
        let stored = storage.get_item(key).ok().flatten();
        let (ids, problem) = decode_ids(stored.as_deref());
        if let Some(problem) = problem {
            notes.push(format!("Stored {what}: {problem}."));
        }
        ids
    };
    let personal = Personal {
        favourites: list(&keys.favourites, "favourites"),
        recent: list(&keys.recent, "history"),
    };
    (personal, notes)
}

/// Writes the reader's data; `Err` says why it could not be kept.
pub fn write(keys: &Keys, personal: &Personal) -> Result<(), String> {
    let storage = storage().ok_or("local storage is not available")?;
    for (key, ids) in [
        (&keys.favourites, &personal.favourites),
        (&keys.recent, &personal.recent),
    ] {
        storage.set_item(key, &encode_ids(ids)).map_err(|_| {
            "the browser refused to store more data (storage full or blocked)".to_owned()
        })?;
    }
    Ok(())
}
