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
///
/// A list cut short (a write interrupted, a quota hit half-way) gives back
/// every id written out in full before the damage.
pub fn decode_ids(stored: Option<&str>) -> (Vec<String>, Option<String>) {
    let Some(text) = stored else {
        return (Vec::new(), None);
    };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => {
            let total = items.len();
            let mut ids: Vec<String> = Vec::new();
            for item in items {
                if let serde_json::Value::String(id) = item {
                    keep(&mut ids, id);
                }
            }
            let dropped = total - ids.len();
            let problem = match dropped {
                0 => None,
                1 => {
                    Some("1 stored entry was not a usable procedure id and was dropped".to_owned())
                }
                n => Some(format!(
                    "{n} stored entries were not usable procedure ids and were dropped"
                )),
            };
            (ids, problem)
        }
        Ok(_) => (
            Vec::new(),
            Some("stored data was not a list of procedure ids".into()),
        ),
        Err(_) if text.trim_start().starts_with('[') => {
            let ids = salvage(text);
            let problem = if ids.is_empty() {
                "stored data was damaged and could not be read".to_owned()
            } else {
                format!(
                    "stored data was damaged; {} {} recovered",
                    ids.len(),
                    if ids.len() == 1 { "id was" } else { "ids were" }
                )
            };
            (ids, Some(problem))
        }
        Err(_) => (
            Vec::new(),
            Some("stored data was damaged and could not be read".into()),
        ),
    }
}

/// Adds `id` unless it is blank or already there.
fn keep(ids: &mut Vec<String>, id: String) {
    if !id.trim().is_empty() && !ids.contains(&id) {
        ids.push(id);
    }
}

/// The complete JSON strings of a damaged list, in order: everything
/// between a pair of unescaped double quotes that reads as a JSON string.
fn salvage(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let mut escaped = false;
        let close = after.char_indices().find_map(|(i, c)| match c {
            _ if escaped => {
                escaped = false;
                None
            }
            '\\' => {
                escaped = true;
                None
            }
            '"' => Some(i),
            _ => None,
        });
        let Some(close) = close else { break };
        let literal = &rest[open..open + 1 + close + 1];
        if let Ok(id) = serde_json::from_str::<String>(literal) {
            keep(&mut ids, id);
        }
        rest = &after[close + 1..];
    }
    ids
}

impl Personal {
    /// Favourites that `in_catalog` does not know, in the order starred.
    /// They stay favourites: a later version of the catalog may bring the
    /// procedure back.
    pub fn missing_favourites(&self, in_catalog: impl Fn(&str) -> bool) -> Vec<String> {
        self.favourites
            .iter()
            .filter(|id| !in_catalog(id))
            .cloned()
            .collect()
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
        assert_eq!(
            problem.as_deref(),
            Some("3 stored entries were not usable procedure ids and were dropped")
        );
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
