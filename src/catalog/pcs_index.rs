//! The ICD-10-PCS Index, read from the bundled file and placed in a catalog
//! of Medical and Surgical codes: its terms become the catalog's index terms,
//! its Body Part Key and Device Key (`use` lines) synonyms of facet values.
//!
//! The file (`data/icd10pcs-2025-index.csv.gz`, see `data/README.md`) holds
//! one main term per row, as printed: subterms nested by leading tabs, code
//! prefixes or whole codes in `**bold**`, `see` and `use` cross-references,
//! and long terms continued over several rows. [`read`] turns it into
//! [`Lead`]s, each a term path and where it sends the coder; [`place`]
//! keeps the leads that reach codes of the catalog and counts the others.
//! Pure functions over text; native builds only, like the importer.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::model::{CodePrefix, CodeSystem, IndexTerm};
use super::official::gunzip;

const INDEX_GZ: &[u8] = include_bytes!("../../data/icd10pcs-2025-index.csv.gz");

/// How a continued row starts.
const CONTINUED: &str = "(continued)";

/// One line of the Index that leads somewhere, with the terms above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    /// The main term, then the subterms down to the line's own.
    pub path: Vec<String>,
    /// Where the line sends the coder.
    pub to: Target,
}

/// Where an Index line sends the coder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The codes printed in bold on the line: table prefixes or whole codes.
    Codes(Vec<String>),
    /// `see Excision, Lower Bones **0QB**`: another term, with the codes
    /// printed after it (often none: `see Fusion`).
    See {
        /// The term referred to, as printed.
        term: String,
        /// Codes printed on the line.
        codes: Vec<String>,
    },
    /// `use Lumbar Vertebra` (Body Part Key, Device Key): the value to code
    /// instead of the term, sometimes for one body system or table only.
    Use {
        /// The body-part or device value, as the code set names it.
        value: String,
        /// `in Heart and Great Vessels` or `in **0JH**`, when given.
        within: Option<String>,
    },
}

/// The rows of the bundled Index file: (term, entry).
pub fn index_rows() -> Vec<(String, String)> {
    #[derive(serde::Deserialize)]
    struct Row {
        term: String,
        entry: String,
    }
    csv::Reader::from_reader(gunzip(INDEX_GZ).as_bytes())
        .deserialize::<Row>()
        .map(|row| row.expect("the bundled Index file has the documented columns"))
        .map(|row| (row.term, row.entry))
        .collect()
}

/// Every lead of the Index, in its order. A term's rows are joined in file
/// order, wherever they stand, so a continued row always belongs to the
/// term it names.
pub fn read(rows: &[(String, String)]) -> Vec<Lead> {
    let mut order: Vec<String> = Vec::new();
    let mut lines: HashMap<String, Vec<String>> = HashMap::new();
    for (term, entry) in rows {
        let term = term.trim().to_owned();
        let entry = entry.strip_prefix(CONTINUED).unwrap_or(entry);
        let list = lines.entry(term.clone()).or_insert_with(|| {
            order.push(term.clone());
            Vec::new()
        });
        list.extend(
            entry
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(str::to_owned),
        );
    }
    order
        .iter()
        .flat_map(|term| leads_of(term, &lines[term]))
        .collect()
}

/// The leads of one main term's lines.
fn leads_of(term: &str, lines: &[String]) -> Vec<Lead> {
    let mut leads = Vec::new();
    // The subterms open above the current line, by depth.
    let mut open: Vec<String> = Vec::new();
    for line in lines {
        let depth = line.len() - line.trim_start_matches('\t').len();
        let text = line.trim();
        let (words, codes) = bold_codes(text);
        open.truncate(depth);
        let above = |open: &[String]| {
            std::iter::once(term.to_owned())
                .chain(open.iter().cloned())
                .collect::<Vec<_>>()
        };
        if let Some(rest) = words.strip_prefix("see ") {
            leads.push(Lead {
                path: above(&open),
                to: Target::See {
                    term: rest.trim().to_owned(),
                    codes,
                },
            });
        } else if let Some(rest) = words.strip_prefix("use ") {
            let (value, within) = split_within(rest.trim(), &codes);
            leads.push(Lead {
                path: above(&open),
                to: Target::Use { value, within },
            });
        } else if words.is_empty() {
            // Codes printed right under the term: `Activities of Daily Living Assessment **F02**`.
            if !codes.is_empty() {
                leads.push(Lead {
                    path: above(&open),
                    to: Target::Codes(codes),
                });
            }
        } else {
            // A subterm, perhaps continued from an earlier row, perhaps with
            // an inline cross-reference (`Blood products see Transfusion`).
            let words = words.strip_suffix(CONTINUED).unwrap_or(&words).trim();
            let (name, see) = match words.split_once(" see ") {
                Some((name, see)) => (name.trim(), Some(see.trim())),
                None => (words, None),
            };
            // Skipped depths (a line two tabs in under one) keep the path whole.
            while open.len() < depth {
                open.push(String::new());
            }
            open.push(name.to_owned());
            let path: Vec<String> = above(&open).into_iter().filter(|p| !p.is_empty()).collect();
            match see {
                Some(see) => leads.push(Lead {
                    path,
                    to: Target::See {
                        term: see.to_owned(),
                        codes,
                    },
                }),
                None if !codes.is_empty() => leads.push(Lead {
                    path,
                    to: Target::Codes(codes),
                }),
                None => {}
            }
        }
    }
    leads
}

/// A line's text without its `**bold**` codes, and the codes.
fn bold_codes(text: &str) -> (String, Vec<String>) {
    let mut words = String::new();
    let mut codes = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("**") {
        words.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("**") {
            Some(end) => {
                codes.push(after[..end].trim().to_owned());
                rest = &after[end + 2..];
            }
            None => {
                rest = after;
                break;
            }
        }
    }
    words.push_str(rest);
    (
        words.split_whitespace().collect::<Vec<_>>().join(" "),
        codes,
    )
}

/// `Stimulator Generator, Multiple Array in **0JH**` → the value and where
/// it applies. A value's own name never ends in ` in`, so the last ` in `
/// (or a trailing one, when the table was printed in bold) starts the place.
fn split_within(text: &str, codes: &[String]) -> (String, Option<String>) {
    if let Some(value) = text.strip_suffix(" in") {
        return (value.trim().to_owned(), codes.first().cloned());
    }
    match text.rsplit_once(" in ") {
        Some((value, within)) => (value.trim().to_owned(), Some(within.trim().to_owned())),
        None => (text.to_owned(), codes.first().cloned()),
    }
}

/// What [`place`] made of the Index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placed {
    /// Index terms naming the catalog's codes, one per term path and
    /// cross-reference, in the Index's order.
    pub terms: Vec<IndexTerm>,
    /// `use` lines whose value the catalog has: (facet id, value id, the
    /// term to add as the value's synonym).
    pub synonyms: Vec<(String, String, String)>,
    /// Leads that reach no code of the catalog, by why.
    pub unplaced: BTreeMap<Unplaced, Vec<String>>,
}

/// Why a lead of the Index is not placed in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unplaced {
    /// Its codes belong to other sections (imaging, new technology, …).
    OtherSection,
    /// Its Medical and Surgical codes are not in the code set.
    UnknownCode,
    /// A `see` whose term the Index does not have, or that reaches no code.
    SeeNowhere,
    /// A `use` whose value names no body part or device of the catalog.
    UnknownValue,
}

impl Unplaced {
    /// What the reason means, for the importer's report.
    pub fn describe(self) -> &'static str {
        match self {
            Unplaced::OtherSection => "codes of other sections (imaging, new technology, …)",
            Unplaced::UnknownCode => "Medical and Surgical codes that match no code of the set",
            Unplaced::SeeNowhere => "`see` references that reach no Medical and Surgical code",
            Unplaced::UnknownValue => "`use` values that name no body part or device",
        }
    }
}

/// The values a `use` line may name, by facet: (facet id, value label →
/// value id).
pub type UseValues<'a> = [(&'a str, HashMap<&'a str, &'a str>)];

/// A code of the catalog with the axes a `see` may narrow by
/// (`see Excision with qualifier Diagnostic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CodeAxes<'a> {
    /// The seven characters.
    pub code: &'a str,
    /// Axis 6's label.
    pub device: &'a str,
    /// Axis 7's label.
    pub qualifier: &'a str,
}

/// Places `leads` in a catalog whose procedures have the ICD-10-PCS codes
/// `codes` (sorted by code): a lead becomes an index term when one of its
/// codes, or a code under the term its `see` names, starts a code of the
/// catalog; a `use` lead becomes a synonym of the value of `values` it names.
pub fn place(leads: &[Lead], codes: &[CodeAxes], values: &UseValues) -> Placed {
    let mut placed = Placed::default();
    let mut terms: BTreeMap<(Vec<String>, Option<String>), usize> = BTreeMap::new();
    let subtree = Subtrees::new(leads);
    let mut seen_synonyms = HashSet::new();
    for lead in leads {
        let label = || format!("{} ({})", lead.path.join(" › "), describe(&lead.to));
        let (see, printed) = match &lead.to {
            Target::Codes(printed) => (None, printed.clone()),
            Target::See { term, codes } if !codes.is_empty() => (Some(term.clone()), codes.clone()),
            Target::See { term, .. } => (Some(term.clone()), narrowed(term, &subtree, codes)),
            Target::Use { value, within } => {
                let found = values
                    .iter()
                    .find_map(|(facet, labels)| labels.get(value.as_str()).map(|id| (facet, id)));
                match found {
                    Some((facet, id)) => {
                        let synonym = lead.path.join(" ");
                        if seen_synonyms.insert((
                            (*facet).to_owned(),
                            (*id).to_owned(),
                            synonym.clone(),
                        )) {
                            placed
                                .synonyms
                                .push(((*facet).to_owned(), (*id).to_owned(), synonym));
                        }
                    }
                    None => placed
                        .unplaced
                        .entry(Unplaced::UnknownValue)
                        .or_default()
                        .push(match within {
                            Some(within) => {
                                format!("{} (use {value} in {within})", lead.path.join(" › "))
                            }
                            None => label(),
                        }),
                }
                continue;
            }
        };
        let (surgical, other): (Vec<String>, Vec<String>) =
            printed.into_iter().partition(|c| c.starts_with('0'));
        let known: Vec<String> = surgical
            .iter()
            .filter(|prefix| starts_some(codes, prefix))
            .cloned()
            .collect();
        if known.is_empty() {
            let why = if !surgical.is_empty() {
                Unplaced::UnknownCode
            } else if !other.is_empty() {
                Unplaced::OtherSection
            } else {
                Unplaced::SeeNowhere
            };
            placed.unplaced.entry(why).or_default().push(label());
            continue;
        }
        let key = (lead.path.clone(), see.clone());
        match terms.get(&key) {
            Some(&at) => {
                let term: &mut IndexTerm = &mut placed.terms[at];
                let mut prefixes: Vec<String> = term.codes.drain(..).map(|c| c.prefix).collect();
                prefixes.extend(known);
                term.codes = tables(shortest(prefixes), codes)
                    .into_iter()
                    .map(pcs)
                    .collect();
            }
            None => {
                terms.insert(key, placed.terms.len());
                placed.terms.push(IndexTerm {
                    term: lead.path.clone(),
                    see,
                    codes: tables(shortest(known), codes)
                        .into_iter()
                        .map(pcs)
                        .collect(),
                    procedures: Vec::new(),
                    notes: Vec::new(),
                });
            }
        }
    }
    placed
}

/// `prefixes` with each group that covers every code of its table (the
/// first three characters) replaced by the table: a `see Occlusion` lists
/// body part after body part, and names the same codes as their tables.
fn tables(prefixes: Vec<String>, codes: &[CodeAxes]) -> Vec<String> {
    let count = |prefix: &str| {
        let at = codes.partition_point(|c| c.code < prefix);
        codes[at..]
            .iter()
            .take_while(|c| c.code.starts_with(prefix))
            .count()
    };
    let mut out: Vec<String> = Vec::new();
    for prefix in &prefixes {
        let Some(table) = prefix.get(..3).filter(|_| prefix.len() > 3) else {
            out.push(prefix.clone());
            continue;
        };
        if out.iter().any(|p| p == table) {
            continue;
        }
        let group: Vec<&String> = prefixes.iter().filter(|p| p.starts_with(table)).collect();
        // The prefixes are disjoint (see `shortest`), so their counts add up.
        let covered: usize = group.iter().map(|p| count(p)).sum();
        if covered == count(table) {
            out.push(table.to_owned());
        } else {
            out.push(prefix.clone());
        }
    }
    out
}

/// `prefixes` without those another of them already covers (`0SG0` under
/// `0SG`), in order of first appearance.
fn shortest(prefixes: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for prefix in prefixes {
        if kept.iter().any(|k| prefix.starts_with(k.as_str())) {
            continue;
        }
        kept.retain(|k| !k.starts_with(prefix.as_str()));
        kept.push(prefix);
    }
    kept
}

fn pcs(prefix: String) -> CodePrefix {
    CodePrefix {
        system: CodeSystem::Icd10Pcs,
        prefix,
    }
}

fn describe(target: &Target) -> String {
    match target {
        Target::Codes(codes) => codes.join(", "),
        Target::See { term, codes } if codes.is_empty() => format!("see {term}"),
        Target::See { term, codes } => format!("see {term} {}", codes.join(", ")),
        Target::Use { value, .. } => format!("use {value}"),
    }
}

/// Whether a code of `sorted` starts with `prefix`.
fn starts_some(sorted: &[CodeAxes], prefix: &str) -> bool {
    let at = sorted.partition_point(|c| c.code < prefix);
    sorted.get(at).is_some_and(|c| c.code.starts_with(prefix))
}

/// The codes a `see` without printed codes reaches: those under the term it
/// names, and when it adds `with qualifier X` or `with device X`, only the
/// whole codes of those tables that have that qualifier or device.
fn narrowed(reference: &str, subtree: &Subtrees, codes: &[CodeAxes]) -> Vec<String> {
    let narrowing = [" with qualifier ", " with device "]
        .into_iter()
        .find_map(|with| {
            reference
                .split_once(with)
                .map(|(term, label)| (term, with, label))
        });
    let Some((term, with, label)) = narrowing else {
        return subtree.codes(reference);
    };
    let label = label.trim();
    let mut whole = Vec::new();
    for prefix in subtree.codes(term) {
        let at = codes.partition_point(|c| c.code < prefix.as_str());
        for code in codes[at..]
            .iter()
            .take_while(|c| c.code.starts_with(&prefix))
        {
            let axis = if with == " with qualifier " {
                code.qualifier
            } else {
                code.device
            };
            if axis == label && !whole.iter().any(|c: &String| c == code.code) {
                whole.push(code.code.to_owned());
            }
        }
    }
    whole
}

/// The codes printed under each term path of the Index, for `see`
/// references that print none (`Arthrodesis` → see `Fusion`).
struct Subtrees<'a> {
    /// Lowercased main term to its leads.
    by_term: HashMap<String, Vec<&'a Lead>>,
}

impl<'a> Subtrees<'a> {
    fn new(leads: &'a [Lead]) -> Self {
        let mut by_term: HashMap<String, Vec<&Lead>> = HashMap::new();
        for lead in leads {
            by_term
                .entry(lead.path[0].to_lowercase())
                .or_default()
                .push(lead);
        }
        Subtrees { by_term }
    }

    /// Every code printed under the term `reference` names: `Fusion`, or
    /// `Fragmentation, Artery` (a main term and a subterm). Main terms may
    /// hold commas themselves (`Discectomy, diskectomy`), so the longest
    /// main term that starts the reference wins.
    fn codes(&self, reference: &str) -> Vec<String> {
        let parts: Vec<&str> = reference.split(", ").map(str::trim).collect();
        for cut in (1..=parts.len()).rev() {
            let main = parts[..cut].join(", ").to_lowercase();
            let Some(leads) = self.by_term.get(&main) else {
                continue;
            };
            let below: Vec<String> = parts[cut..].iter().map(|p| p.to_lowercase()).collect();
            let mut codes: Vec<String> = Vec::new();
            for lead in leads {
                let path: Vec<String> = lead.path[1..].iter().map(|p| p.to_lowercase()).collect();
                if !path.starts_with(&below) {
                    continue;
                }
                let printed = match &lead.to {
                    Target::Codes(codes) | Target::See { codes, .. } => codes,
                    Target::Use { .. } => continue,
                };
                for code in printed {
                    if !codes.contains(code) {
                        codes.push(code.clone());
                    }
                }
            }
            return codes;
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[(&str, &str)]) -> Vec<(String, String)> {
        rows.iter()
            .map(|(t, e)| ((*t).to_owned(), (*e).to_owned()))
            .collect()
    }

    fn path(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn bold_codes_are_taken_out_of_the_words() {
        assert_eq!(
            bold_codes("see Excision, Upper Bones **0PB**"),
            (
                "see Excision, Upper Bones".to_owned(),
                vec!["0PB".to_owned()]
            )
        );
        assert_eq!(
            bold_codes("**XXE5XN6**"),
            (String::new(), vec!["XXE5XN6".to_owned()])
        );
    }

    #[test]
    fn subterms_nest_by_tabs_and_continued_rows_join_their_term() {
        let leads = read(&rows(&[
            (
                "Fusion",
                "Cervical Vertebral **0RG1**\n\t2 or more **0RG2**\nWrist",
            ),
            ("Other", "see Fusion"),
            ("Fusion", "(continued)\nWrist (continued)\n\tLeft **0RGP**"),
        ]));
        assert_eq!(
            leads,
            [
                Lead {
                    path: path(&["Fusion", "Cervical Vertebral"]),
                    to: Target::Codes(vec!["0RG1".into()])
                },
                Lead {
                    path: path(&["Fusion", "Cervical Vertebral", "2 or more"]),
                    to: Target::Codes(vec!["0RG2".into()])
                },
                Lead {
                    path: path(&["Fusion", "Wrist", "Left"]),
                    to: Target::Codes(vec!["0RGP".into()])
                },
                Lead {
                    path: path(&["Other"]),
                    to: Target::See {
                        term: "Fusion".into(),
                        codes: vec![]
                    }
                },
            ]
        );
    }

    #[test]
    fn see_and_use_lines_belong_to_the_term_above_them() {
        let leads = read(&rows(&[
            (
                "Laminectomy ",
                "see Excision, Upper Bones **0PB**\nsee Excision, Lower Bones **0QB**",
            ),
            ("Administration", "Blood products see Transfusion"),
            (
                "Vertebral lamina",
                "use Cervical Vertebra\nuse Lumbar Vertebra",
            ),
            (
                "Activa PC neurostimulator ",
                "use Stimulator Generator, Multiple Array in **0JH**",
            ),
            (
                "3f (Aortic) Bioprosthesis valve ",
                "use Zooplastic Tissue in Heart and Great Vessels",
            ),
        ]));
        assert_eq!(
            leads[0],
            Lead {
                path: path(&["Laminectomy"]),
                to: Target::See {
                    term: "Excision, Upper Bones".into(),
                    codes: vec!["0PB".into()]
                }
            }
        );
        assert_eq!(
            leads[2],
            Lead {
                path: path(&["Administration", "Blood products"]),
                to: Target::See {
                    term: "Transfusion".into(),
                    codes: vec![]
                }
            }
        );
        assert_eq!(
            leads[4],
            Lead {
                path: path(&["Vertebral lamina"]),
                to: Target::Use {
                    value: "Lumbar Vertebra".into(),
                    within: None
                }
            }
        );
        assert_eq!(
            leads[5],
            Lead {
                path: path(&["Activa PC neurostimulator"]),
                to: Target::Use {
                    value: "Stimulator Generator, Multiple Array".into(),
                    within: Some("0JH".into())
                }
            }
        );
        assert_eq!(
            leads[6],
            Lead {
                path: path(&["3f (Aortic) Bioprosthesis valve"]),
                to: Target::Use {
                    value: "Zooplastic Tissue".into(),
                    within: Some("Heart and Great Vessels".into())
                }
            }
        );
    }

    #[test]
    fn see_without_codes_reaches_the_codes_under_the_term_it_names() {
        let leads = read(&rows(&[
            ("Arthrodesis", "see Fusion"),
            (
                "Discectomy, diskectomy",
                "see Excision, Upper Joints **0RB**",
            ),
            ("Disc removal", "see Discectomy, diskectomy"),
            (
                "Fusion",
                "Cervical Vertebral **0RG1**\nLumbar Vertebral **0SG0**\n\t2 or more **0SG1**",
            ),
            ("Lumbar fusion", "see Fusion, Lumbar Vertebral"),
            ("Ultrasonography", "see Imaging **B24**"),
            ("Nowhere", "see Nothing"),
        ]));
        let codes: Vec<CodeAxes> = ["0RB00ZZ", "0RG10A0", "0RG40A0", "0SG00A0", "0SG10A0"]
            .map(|code| CodeAxes {
                code,
                device: "No Device",
                qualifier: "No Qualifier",
            })
            .to_vec();
        let placed = place(&leads, &codes, &[]);
        let find = |p: &[&str]| {
            placed
                .terms
                .iter()
                .find(|t| t.term == path(p))
                .unwrap_or_else(|| panic!("{p:?} in {:?}", placed.terms))
        };
        let prefixes = |t: &IndexTerm| t.codes.iter().map(|c| c.prefix.clone()).collect::<Vec<_>>();
        // 0SG0 and 0SG1 cover table 0SG; 0RG1 leaves 0RG4 out of 0RG.
        assert_eq!(prefixes(find(&["Arthrodesis"])), ["0RG1", "0SG"]);
        assert_eq!(find(&["Arthrodesis"]).see.as_deref(), Some("Fusion"));
        assert_eq!(prefixes(find(&["Disc removal"])), ["0RB"]);
        assert_eq!(prefixes(find(&["Lumbar fusion"])), ["0SG"]);
        assert_eq!(
            placed.unplaced[&Unplaced::OtherSection],
            ["Ultrasonography (see Imaging B24)"]
        );
        assert_eq!(
            placed.unplaced[&Unplaced::SeeNowhere],
            ["Nowhere (see Nothing)"]
        );
    }

    #[test]
    fn a_see_with_a_qualifier_reaches_the_whole_codes_that_have_it() {
        let leads = read(&rows(&[
            ("Biopsy", "see Excision with qualifier Diagnostic"),
            (
                "Excision",
                "Lumbar Vertebra **0QB0**\nThoracic Vertebra **0PB4**",
            ),
        ]));
        let code = |code, qualifier| CodeAxes {
            code,
            device: "No Device",
            qualifier,
        };
        let codes = [
            code("0PB40ZX", "Diagnostic"),
            code("0PB40ZZ", "No Qualifier"),
            code("0QB00ZX", "Diagnostic"),
            code("0QB00ZZ", "No Qualifier"),
        ];
        let placed = place(&leads, &codes, &[]);
        let biopsy = placed
            .terms
            .iter()
            .find(|t| t.term == path(&["Biopsy"]))
            .unwrap();
        assert_eq!(
            biopsy.see.as_deref(),
            Some("Excision with qualifier Diagnostic")
        );
        assert_eq!(
            biopsy
                .codes
                .iter()
                .map(|c| c.prefix.as_str())
                .collect::<Vec<_>>(),
            ["0QB00ZX", "0PB40ZX"]
        );
    }

    #[test]
    fn use_lines_become_synonyms_of_the_values_they_name() {
        let leads = read(&rows(&[
            (
                "Vertebral lamina",
                "use Cervical Vertebra\nuse Thoracic Vertebra\nuse Lumbar Vertebra",
            ),
            ("Pars", "use Nowhere Bone"),
        ]));
        let body = HashMap::from([
            ("Cervical Vertebra", "cervical-vertebra"),
            ("Lumbar Vertebra", "lumbar-vertebra"),
        ]);
        let placed = place(&leads, &[], &[("body-part", body)]);
        assert_eq!(
            placed.synonyms,
            [
                (
                    "body-part".into(),
                    "cervical-vertebra".into(),
                    "Vertebral lamina".into()
                ),
                (
                    "body-part".into(),
                    "lumbar-vertebra".into(),
                    "Vertebral lamina".into()
                ),
            ]
        );
        assert_eq!(
            placed.unplaced[&Unplaced::UnknownValue],
            [
                "Vertebral lamina (use Thoracic Vertebra)",
                "Pars (use Nowhere Bone)"
            ]
        );
    }
}
