//! What a loading catalog tells its reader.

use std::fmt;

/// How far a catalog load has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Bytes received, and the total when the server says it.
    Downloading(u64, Option<u64>),
    /// Bytes of the file cut into procedures, of all.
    Cutting(usize, usize),
    /// Procedures read, of all in the file.
    Reading(usize, usize),
    /// Procedures checked against the rest of the catalog, of all in the file.
    Checking(usize, usize),
    /// Procedures indexed, of all kept.
    Indexing(usize, usize),
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Progress::Downloading(got, Some(total)) if total > 1_000_000 => write!(
                f,
                "Loading catalog… {} of {}",
                megabytes(got.min(total)),
                megabytes(total)
            ),
            Progress::Downloading(got, _) if got > 1_000_000 => {
                write!(f, "Loading catalog… {}", megabytes(got))
            }
            Progress::Downloading(..) => write!(f, "Loading catalog…"),
            Progress::Cutting(done, total) => write!(
                f,
                "Finding procedures… {} of {}",
                megabytes(done as u64),
                megabytes(total as u64)
            ),
            Progress::Reading(done, total) => {
                write!(
                    f,
                    "Reading procedures… {} of {}",
                    thousands(done),
                    thousands(total)
                )
            }
            Progress::Checking(done, total) => write!(
                f,
                "Checking procedures… {} of {}",
                thousands(done),
                thousands(total)
            ),
            Progress::Indexing(done, total) => write!(
                f,
                "Preparing search and filters… {} of {} procedures",
                thousands(done),
                thousands(total)
            ),
        }
    }
}

/// `n` with thousands separated by commas.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn megabytes(bytes: u64) -> String {
    // In whole tenths, without floating point (whose formatting code
    // alone would add about 10 KB to the app).
    let tenths = (bytes + 50_000) / 100_000;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(68_367), "68,367");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn each_stage_says_how_far_it_is() {
        assert_eq!(
            Progress::Downloading(10, Some(500)).to_string(),
            "Loading catalog…"
        );
        assert_eq!(
            Progress::Downloading(12_300_000, Some(49_000_000)).to_string(),
            "Loading catalog… 12.3 MB of 49.0 MB"
        );
        assert_eq!(
            Progress::Downloading(2_000_000, None).to_string(),
            "Loading catalog… 2.0 MB"
        );
        assert_eq!(
            Progress::Cutting(12_300_000, 49_000_000).to_string(),
            "Finding procedures… 12.3 MB of 49.0 MB"
        );
        assert_eq!(
            Progress::Reading(1_024, 68_367).to_string(),
            "Reading procedures… 1,024 of 68,367"
        );
        assert_eq!(
            Progress::Checking(30_000, 68_367).to_string(),
            "Checking procedures… 30,000 of 68,367"
        );
        assert_eq!(
            Progress::Indexing(40_000, 68_367).to_string(),
            "Preparing search and filters… 40,000 of 68,367 procedures"
        );
    }
}
