//! Problems found in a catalog: what is wrong, where, and what to do about it.
//!
//! A [`Problem`] is a value, never a panic: the loader and the validator
//! collect every one they find so that an author can fix a catalog in one pass.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The entry it names cannot be used and is left out of the app.
    Error,
    /// The entry is used, but something about it should be fixed.
    Warning,
}

/// One thing wrong with a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// JSON path of the offending value, e.g. `procedures[3].facets.indication[2]`.
    pub path: String,
    /// Id of the procedure it belongs to, when it belongs to one and has an id.
    pub procedure: Option<String>,
    /// What is wrong, with the fix where it can be told.
    pub message: String,
}

impl Problem {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            procedure: None,
            message: message.into(),
        }
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, message)
        }
    }

    /// The same problem, attributed to procedure `id`.
    pub fn in_procedure(mut self, id: Option<&str>) -> Self {
        self.procedure = id.map(str::to_owned);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: ")?;
        if let Some(id) = &self.procedure {
            write!(f, "procedure `{}`: ", shorten(id))?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", shorten(&self.path))?;
        }
        f.write_str(&shorten_quoted(&self.message))
    }
}

/// Longest text shown whole when a problem quotes it; a catalog can hold a
/// value of megabytes, and a message quoting it would bury the point.
pub(crate) const QUOTE_LIMIT: usize = 200;

/// `text` itself, or its first characters and how long it is when it is
/// longer than [`QUOTE_LIMIT`] characters.
pub(crate) fn shorten(text: &str) -> String {
    let length = text.chars().count();
    if length <= QUOTE_LIMIT {
        return text.to_owned();
    }
    let start: String = text.chars().take(QUOTE_LIMIT / 2).collect();
    format!("{start}… ({length} characters)")
}

/// `message` with every quoted part (between backticks or double quotes)
/// longer than [`QUOTE_LIMIT`] characters [shortened](shorten).
fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * QUOTE_LIMIT));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..open + 1];
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let (quoted, next) = match after.find(quote) {
            Some(close) => (&after[..close], &after[close..]),
            None => (after, ""),
        };
        out.push_str(&shorten(quoted));
        match next.strip_prefix(quote) {
            Some(tail) => {
                out.push_str(quote);
                rest = tail;
            }
            None => rest = next,
        }
    }
    out.push_str(rest);
    out
}

/// The candidate closest to `wrong`, when one is close enough to be a likely
/// typo (used for "did you mean" hints).
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = wrong.chars().count();
    // Comparing costs the product of the lengths; text this long is no typo.
    if length > QUOTE_LIMIT {
        return None;
    }
    let wrong_lower = wrong.to_lowercase();
    let wrong_length = wrong_lower.chars().count();
    let limit = (length / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter_map(|c| {
            let lower = c.to_lowercase();
            // The distance is at least the difference in length.
            (lower.chars().count().abs_diff(wrong_length) <= limit)
                .then(|| (strsim::damerau_levenshtein(&wrong_lower, &lower), c))
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `"; did you mean `x`?"` when a close candidate exists, else nothing.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(wrong, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_candidate_within_reach() {
        assert_eq!(closest("tumour", ["tumor", "fracture"]), Some("tumor"));
        assert_eq!(closest("Tumor", ["tumor"]), Some("tumor"));
        assert_eq!(closest("xyz", ["tumor", "fracture"]), None);
    }

    #[test]
    fn long_text_is_never_taken_for_a_typo() {
        let long = "a".repeat(QUOTE_LIMIT + 1);
        assert_eq!(closest(&long, [long.as_str()]), None);
        assert_eq!(closest("tumor", [long.as_str(), "tumour"]), Some("tumour"));
    }

    #[test]
    fn display_shortens_long_quoted_text() {
        let id = "q".repeat(5_000);
        let p = Problem::error(
            "procedures[1].id",
            format!("procedure id `{id}` must be lowercase; found \"{id}\" here"),
        )
        .in_procedure(Some(&id));
        let shown = p.to_string();
        let short = format!("{}… (5000 characters)", "q".repeat(QUOTE_LIMIT / 2));
        assert_eq!(
            shown,
            format!(
                "error: procedure `{short}`: procedures[1].id: procedure id `{short}` must be lowercase; found \"{short}\" here"
            )
        );
        let p = Problem::error("x", format!("unclosed `{id}"));
        assert_eq!(p.to_string(), format!("error: x: unclosed `{short}"));
    }

    #[test]
    fn display_names_procedure_and_path() {
        let p =
            Problem::error("procedures[0].title", "must not be empty").in_procedure(Some("a-b"));
        assert_eq!(
            p.to_string(),
            "error: procedure `a-b`: procedures[0].title: must not be empty"
        );
    }
}
