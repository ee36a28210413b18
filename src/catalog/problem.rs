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
            write!(f, "procedure `{id}`: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// The candidate closest to `wrong`, when one is close enough to be a likely
/// typo (used for "did you mean" hints).
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let limit = (wrong.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&wrong_lower, &c.to_lowercase()),
                c,
            )
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
    fn display_names_procedure_and_path() {
        let p =
            Problem::error("procedures[0].title", "must not be empty").in_procedure(Some("a-b"));
        assert_eq!(
            p.to_string(),
            "error: procedure `a-b`: procedures[0].title: must not be empty"
        );
    }
}
