//! Text normalisation shared by indexing, querying and highlighting:
//! case- and accent-folding, word splitting, and code keys.

/// Lowercase `c` without its accent, for the Latin letters catalogs use.
/// Characters outside the table are only lowercased.
pub fn fold_char(c: char) -> char {
    let c = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    };
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// `text` folded: lowercase, accents removed.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

/// The words of already folded text, as slices of it.
pub fn folded_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The folded words of `text`: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
}

/// The words of `text` with their byte ranges in `text`, for highlighting.
pub fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i, fold(&text[s..i])));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len(), fold(&text[s..])));
    }
    spans
}

/// A code as it is matched: folded, without dots, dashes or spaces, so that
/// `C79.51`, `c7951` and `C79-51` are the same key.
pub fn code_key(code: &str) -> String {
    let mut key = String::with_capacity(code.len());
    code_key_into(code, &mut key);
    key
}

/// [`code_key`] written into `key` (cleared first), for loops over many
/// codes that can reuse one buffer.
pub fn code_key_into(code: &str, key: &mut String) {
    key.clear();
    key.extend(code.chars().filter(|c| c.is_alphanumeric()).map(fold_char));
}

/// True when `a` and `b` differ by at most one edit (insert, delete,
/// substitute, or swap of neighbours).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    // Runs for every vocabulary word on a keystroke: compare bytes when both
    // words are ASCII (almost always) rather than collecting characters.
    if a.is_ascii() && b.is_ascii() {
        return one_edit(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    one_edit(&a, &b)
}

/// [`within_one_edit`] over any sequence, without allocating.
fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let first = (0..short.len()).find(|&i| short[i] != long[i]);
    match (long.len() - short.len(), first) {
        (0 | 1, None) => true,
        // Same length: one substitution, or one swap of neighbours.
        (0, Some(i)) => {
            short[i + 1..] == long[i + 1..]
                || (i + 1 < short.len()
                    && short[i] == long[i + 1]
                    && short[i + 1] == long[i]
                    && short[i + 2..] == long[i + 2..])
        }
        // One longer: one insertion.
        (1, Some(i)) => short[i..] == long[i + 1..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Tumeur Énorme ÇA"), "tumeur enorme ca");
        assert_eq!(
            words("Anterior-cervical (C3–C4) fusión").collect::<Vec<_>>(),
            ["anterior", "cervical", "c3", "c4", "fusion"]
        );
    }

    #[test]
    fn code_keys_ignore_dots_and_case() {
        assert_eq!(code_key("C79.51"), "c7951");
        assert_eq!(code_key("c7951"), "c7951");
        assert_eq!(code_key("0PB40ZZ"), "0pb40zz");
    }

    #[test]
    fn one_edit_means_one() {
        assert!(within_one_edit("corpectomy", "corpectomy"));
        assert!(within_one_edit("corpectomy", "corpectony"));
        assert!(within_one_edit("corpectomy", "corpectomyy"));
        assert!(within_one_edit("corpectomy", "corpetomy"));
        assert!(within_one_edit("corpectomy", "corpcetomy"));
        assert!(!within_one_edit("corpectomy", "corpectmoyy"));
        assert!(!within_one_edit("fusion", "fission"));
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "Lumbar fusión, L4–L5";
        let spans = word_spans(text);
        assert_eq!(
            spans
                .iter()
                .map(|(s, e, _)| &text[*s..*e])
                .collect::<Vec<_>>(),
            ["Lumbar", "fusión", "L4", "L5"]
        );
        assert_eq!(spans[1].2, "fusion");
    }
}
