//! Code formats per code system, and the official ICD-10 code sets.
//!
//! Format checks need nothing but the code. Existence checks need the 2025
//! code sets ([`OfficialCodes`]), which the command-line tool loads from
//! `data/`; the browser skips them rather than download 1.4 MB of code sets to
//! re-check a catalog its author has already validated.

use std::collections::HashMap;

use super::model::CodeSystem;

/// Why a code is not in the shape its system requires, or `None` if it is.
pub fn format_problem(system: CodeSystem, code: &str) -> Option<String> {
    if well_formed(system, code) {
        return None;
    }
    let shape = match system {
        CodeSystem::Cpt => "five characters: four digits then a digit, F, T or U (e.g. `63101`)",
        CodeSystem::Hcpcs => "a capital letter A–V then four digits (e.g. `C1234`)",
        CodeSystem::Icd10Pcs => "seven digits or capital letters, no I or O (e.g. `0PB40ZZ`)",
        CodeSystem::Icd10Cm => {
            "a letter, a digit, a character, then a dot and up to four more (e.g. `C79.51`)"
        }
        CodeSystem::Local => "one word without spaces",
    };
    let mut message = format!(
        "`{code}` is not a valid {} code: expected {shape}",
        system.name()
    );
    let upper = code.trim().to_ascii_uppercase();
    if upper != code && format_problem(system, &upper).is_none() {
        message.push_str(&format!("; did you mean `{upper}`?"));
    } else if system == CodeSystem::Icd10Cm
        && !code.contains('.')
        && code.len() > 3
        && code.is_char_boundary(3)
    {
        message.push_str(&format!("; did you mean `{}.{}`?", &code[..3], &code[3..]));
    }
    Some(message)
}

/// Whether `code` has the shape of a `system` code.
pub fn well_formed(system: CodeSystem, code: &str) -> bool {
    match system {
        // Five characters: four digits then a digit, or F/T/U for the
        // performance, emerging-technology and lab categories.
        CodeSystem::Cpt => {
            let b = code.as_bytes();
            b.len() == 5
                && b[..4].iter().all(u8::is_ascii_digit)
                && matches!(b[4], b'0'..=b'9' | b'F' | b'T' | b'U')
        }
        // A letter A–V then four digits.
        CodeSystem::Hcpcs => {
            let b = code.as_bytes();
            b.len() == 5 && matches!(b[0], b'A'..=b'V') && b[1..].iter().all(u8::is_ascii_digit)
        }
        // Seven characters of digits and capital letters other than I and O.
        CodeSystem::Icd10Pcs => {
            code.len() == 7
                && code.bytes().all(|c| {
                    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != b'I' && c != b'O')
                })
        }
        // A letter, two more characters, then optionally a dot and one to four more.
        CodeSystem::Icd10Cm => {
            let (head, tail) = code.split_once('.').unwrap_or((code, ""));
            let h = head.as_bytes();
            h.len() == 3
                && h[0].is_ascii_uppercase()
                && h[1].is_ascii_digit()
                && (h[2].is_ascii_digit() || h[2].is_ascii_uppercase())
                && code.contains('.') != tail.is_empty()
                && tail.len() <= 4
                && tail
                    .bytes()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        }
        CodeSystem::Local => !code.trim().is_empty() && !code.chars().any(char::is_whitespace),
    }
}

/// An ICD-10-CM entry of the official code set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosisEntry {
    /// Official title.
    pub title: String,
    /// False for category headers that need more characters to be billed.
    pub billable: bool,
}

/// The official ICD-10-PCS (Medical and Surgical) and ICD-10-CM code sets.
#[derive(Debug, Default, Clone)]
pub struct OfficialCodes {
    /// ICD-10-PCS code to official title.
    pub pcs: HashMap<String, String>,
    /// ICD-10-CM code (with dot) to its entry.
    pub cm: HashMap<String, DiagnosisEntry>,
}

impl OfficialCodes {
    /// The official title of `code` in `system`, if the set has it. `None`
    /// for systems without a bundled code set.
    pub fn title(&self, system: CodeSystem, code: &str) -> Option<&str> {
        match system {
            CodeSystem::Icd10Pcs => self.pcs.get(code).map(String::as_str),
            CodeSystem::Icd10Cm => self.cm.get(code).map(|e| e.title.as_str()),
            _ => None,
        }
    }

    /// Whether this set can tell if a code of `system` exists.
    pub fn covers(&self, system: CodeSystem) -> bool {
        match system {
            CodeSystem::Icd10Pcs => !self.pcs.is_empty(),
            CodeSystem::Icd10Cm => !self.cm.is_empty(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_well_formed_codes() {
        for (system, code) in [
            (CodeSystem::Cpt, "63101"),
            (CodeSystem::Cpt, "0001F"),
            (CodeSystem::Hcpcs, "C1713"),
            (CodeSystem::Icd10Pcs, "0PB40ZZ"),
            (CodeSystem::Icd10Cm, "C79.51"),
            (CodeSystem::Icd10Cm, "M46"),
            (CodeSystem::Local, "SPINE-001"),
        ] {
            assert_eq!(format_problem(system, code), None, "{code}");
        }
    }

    #[test]
    fn rejects_malformed_codes_with_the_expected_shape() {
        let m = format_problem(CodeSystem::Cpt, "6310").unwrap();
        assert!(
            m.contains("`6310` is not a valid CPT code: expected five characters"),
            "{m}"
        );
        let m = format_problem(CodeSystem::Icd10Pcs, "0pb40zz").unwrap();
        assert!(m.ends_with("did you mean `0PB40ZZ`?"), "{m}");
        let m = format_problem(CodeSystem::Icd10Pcs, "0PB4OZZ").unwrap();
        assert!(m.contains("no I or O"), "{m}");
        let m = format_problem(CodeSystem::Icd10Cm, "C7951").unwrap();
        assert!(m.ends_with("did you mean `C79.51`?"), "{m}");
        assert!(format_problem(CodeSystem::Icd10Cm, "C79.").is_some());
        assert!(format_problem(CodeSystem::Hcpcs, "Z1234").is_some());
        assert!(format_problem(CodeSystem::Local, "two words").is_some());
    }
}
