//! The reader's favourites and recently viewed procedures, by procedure id.
//!
//! Stored as two small JSON lists (one storage key each, so damage to one
//! never costs the other). Reading is forgiving: foreign or damaged contents
//! give back whatever ids can be recovered and say what was wrong. Ids are
//! kept even when the catalog no longer has them, so a favourite survives a
//! catalog update that drops and later restores a procedure.

/// How many recently viewed procedures are remembered.
pub const RECENT_LIMIT: usize = 12;

/// Favourites and history for one catalog.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Personal {
    /// Favourite procedure ids, oldest first.
    pub favourites: Vec<String>,
    /// Recently viewed procedure ids, most recent first.
    pub recent: Vec<String>,
}

impl Personal {
    /// Whether `id` is a favourite.
    pub fn is_favourite(&self, id: &str) -> bool {
        self.favourites.iter().any(|f| f == id)
    }

    /// Stars or unstars `id`.
    pub fn toggle_favourite(&mut self, id: &str) {
        if let Some(at) = self.favourites.iter().position(|f| f == id) {
            self.favourites.remove(at);
        } else {
            self.favourites.push(id.to_owned());
        }
    }

    /// Records that `id` was opened.
    pub fn viewed(&mut self, id: &str) {
        self.recent.retain(|r| r != id);
        self.recent.insert(0, id.to_owned());
        self.recent.truncate(RECENT_LIMIT);
    }
}

/// Encodes a list of ids for storage.
pub fn encode_ids(ids: &[String]) -> String {
    serde_json::to_string(ids).expect("strings serialise")
}

/// Reads a stored list of ids. Returns the ids it could recover and, when
/// the contents were not a clean list of ids, what was wrong.
pub fn decode_ids(stored: Option<&str>) -> (Vec<String>, Option<String>) {
    let Some(text) = stored else {
        return (Vec::new(), None);
    };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => {
            let total = items.len();
            let mut ids: Vec<String> = Vec::new();
            for item in items {
                if let serde_json::Value::String(id) = item
                    && !id.trim().is_empty()
                    && !ids.contains(&id)
                {
                    ids.push(id);
                }
            }
            let problem = (ids.len() != total).then(|| {
                format!(
                    "{} stored entries were not procedure ids and were dropped",
                    total - ids.len()
                )
            });
            (ids, problem)
        }
        Ok(_) => (
            Vec::new(),
            Some("stored data was not a list of procedure ids".into()),
        ),
        Err(_) => (
            Vec::new(),
            Some("stored data was damaged and could not be read".into()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_recovers_what_it_can() {
        let ids = vec!["a-b".to_owned(), "c".to_owned()];
        assert_eq!(decode_ids(Some(&encode_ids(&ids))), (ids, None));
        let (ids, problem) = decode_ids(Some(r#"["a", 3, "a", null, "b"]"#));
        assert_eq!(ids, ["a", "b"]);
        assert!(problem.unwrap().contains("3 stored entries"));
        assert_eq!(decode_ids(Some("{oops")).0, Vec::<String>::new());
        assert_eq!(decode_ids(None), (Vec::new(), None));
    }

    #[test]
    fn recent_keeps_the_latest_first_without_repeats() {
        let mut personal = Personal::default();
        for id in ["a", "b", "a"] {
            personal.viewed(id);
        }
        assert_eq!(personal.recent, ["a", "b"]);
        for i in 0..20 {
            personal.viewed(&format!("p{i}"));
        }
        assert_eq!(personal.recent.len(), RECENT_LIMIT);
        assert_eq!(personal.recent[0], "p19");
    }
}
