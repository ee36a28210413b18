//! Favourites and recently viewed procedures in localStorage.
//!
//! Storage can be missing (private mode), full, or hold someone else's data;
//! none of that may break the app or lose what the reader has. Reads recover
//! what they can and keep a copy of stored favourites they could not read in
//! full; a failed write keeps the data in memory and reports it. Favourites
//! the catalog no longer has are never pruned.

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

    /// Where stored favourites that could not be read in full are copied
    /// before anything overwrites them.
    fn damaged_favourites(&self) -> String {
        format!("{}:unreadable", self.favourites)
    }
}

/// What [`read`] found.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// The reader's data, as far as it could be recovered.
    pub personal: Personal,
    /// What could not be read, for the reader.
    pub notes: Vec<String>,
    /// Whether changes may be written back. False when storage answered
    /// with an error rather than data: writing then could overwrite
    /// favourites that are still there.
    pub writable: bool,
}

/// Reads the reader's data.
pub fn read(keys: &Keys) -> Reading {
    let Some(storage) = storage() else {
        return Reading {
            personal: Personal::default(),
            notes: vec!["This browser keeps no local data here (private mode?); favourites last until the page closes.".into()],
            writable: false,
        };
    };
    let mut notes = Vec::new();
    let mut writable = true;
    let mut list = |key: &str, what: &str| -> (Vec<String>, Option<String>) {
        let stored = match storage.get_item(key) {
            Ok(stored) => stored,
            Err(_) => {
                writable = false;
                notes.push(format!(
                    "Stored {what} could not be read; changes last until the page closes."
                ));
                return (Vec::new(), None);
            }
        };
        let (ids, problem) = decode_ids(stored.as_deref());
        match problem {
            Some(problem) => {
                notes.push(format!("Stored {what}: {problem}."));
                (ids, stored)
            }
            None => (ids, None),
        }
    };
    let (favourites, damaged) = list(&keys.favourites, "favourites");
    let (recent, _) = list(&keys.recent, "history");
    // Keep what could not be read, once, before the next write replaces it.
    if let Some(damaged) = damaged {
        let copy = keys.damaged_favourites();
        if matches!(storage.get_item(&copy), Ok(None)) {
            let _ = storage.set_item(&copy, &damaged);
        }
    }
    Reading {
        personal: Personal { favourites, recent },
        notes,
        writable,
    }
}

/// Writes the reader's data; `Err` says why it could not be kept.
pub fn write(keys: &Keys, personal: &Personal) -> Result<(), String> {
    let storage = storage().ok_or("this browser keeps no local data here")?;
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
