//! The whole ICD-10-PCS Medical and Surgical code set as a catalog: one
//! procedure per code, filtered by the code's six axes.
//!
//! [`import`] is pure: it takes the code set's rows and the official
//! definitions of the root operations and approaches, and returns a
//! [`Catalog`] in format v1 that `catalog validate` accepts without errors.
//! Reading the bundled files is left to the caller ([`pcs_rows`] and
//! [`official_definitions`]); writing the result is the command-line tool's
//! job (`catalog import-pcs`). Native builds only, like the code sets.
//!
//! Every text in the result is either an official title or definition, quoted
//! word for word (public domain), or a summary composed from the axes; nothing
//! is written by hand, so the catalog can be rebuilt whenever CMS publishes a
//! new year.
//!
//! [`pcs_rows`]: super::official::pcs_rows

use std::collections::{BTreeMap, HashMap, HashSet};

use super::model::{
    Catalog, Code, CodeAxis, CodeSystem, FORMAT_VERSION, Facet, FacetValue, Note, Procedure, Source,
};
use super::official::{PcsRow, gunzip};
use super::pcs_guidelines::{self, Guideline};
use super::pcs_index::{self, CodeAxes, Lead, Unplaced};

/// The catalog's title.
pub const TITLE: &str = "ICD-10-PCS 2025 — Medical and Surgical";
/// The id of the one source every procedure cites.
pub const SOURCE_ID: &str = "cms-icd10pcs-2025";
/// The date the catalog is stamped with.
pub const UPDATED: &str = "2026-11-23";

const OPERATIONS_GZ: &[u8] = include_bytes!("../../data/icd10pcs-2025-operations.csv.gz");
const APPROACHES_GZ: &[u8] = include_bytes!("../../data/icd10pcs-2025-approaches.csv.gz");

/// Words kept capitalised when a label is put into a sentence (eponyms).
const PROPER_WORDS: [&str; 3] = ["Eustachian", "Fallopian", "Vater"];

/// The official definitions of the root operations (axis 3) and approaches
/// (axis 5), each as (label as the code set writes it, definition).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Definitions {
    /// Root operation label to its definition, in the code set's order.
    pub operations: Vec<(String, String)>,
    /// Root operation label to its official explanation and examples.
    pub explanations: Vec<(String, String, String)>,
    /// Approach label to its definition, in the code set's order.
    pub approaches: Vec<(String, String)>,
}

impl Definitions {
    fn operation(&self, label: &str) -> Option<&str> {
        lookup(&self.operations, label)
    }

    fn approach(&self, label: &str) -> Option<&str> {
        lookup(&self.approaches, label)
    }
}

fn lookup<'a>(pairs: &'a [(String, String)], label: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, d)| d.as_str())
        .filter(|d| !d.trim().is_empty())
}

#[derive(serde::Deserialize)]
struct OperationRow {
    operation: String,
    definition: String,
    explanation: String,
    examples: String,
}

#[derive(serde::Deserialize)]
struct ApproachRow {
    approach: String,
    definition: String,
}

/// The definitions bundled from `data/` (CMS 2025, public domain).
pub fn official_definitions() -> Definitions {
    let rows: Vec<OperationRow> = csv::Reader::from_reader(gunzip(OPERATIONS_GZ).as_bytes())
        .deserialize::<OperationRow>()
        .map(|row| row.expect("the bundled operations file has the documented columns"))
        .collect();
    let explanations = rows
        .iter()
        .map(|row| {
            (
                row.operation.clone(),
                row.explanation.clone(),
                row.examples.clone(),
            )
        })
        .collect();
    let operations = rows
        .into_iter()
        .map(|row| (row.operation, row.definition))
        .collect();
    let approaches = csv::Reader::from_reader(gunzip(APPROACHES_GZ).as_bytes())
        .deserialize::<ApproachRow>()
        .map(|row| row.expect("the bundled approaches file has the documented columns"))
        .map(|row| (row.approach, row.definition))
        .collect();
    Definitions {
        operations,
        explanations,
        approaches,
    }
}

/// An id made of a label's words: lowercase ASCII letters and digits joined by
/// single hyphens (`"1st Toe, Left"` → `1st-toe-left`); `value` when the label
/// has no such characters at all.
pub fn slug(label: &str) -> String {
    let id = label
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if id.is_empty() { "value".into() } else { id }
}

/// The six axes of a Medical and Surgical code, as facets, in axis order.
struct Axis {
    id: &'static str,
    /// The axis's place in the code (the section is character 1).
    character: u8,
    label: &'static str,
    description: &'static str,
    order: Order,
    of: fn(&PcsRow) -> &str,
}

/// How an axis lists its values.
enum Order {
    /// As they first appear in the code set (its own order by character).
    FirstSeen,
    /// In the order of the official definitions, then any others as first seen.
    Definitions(fn(&Definitions) -> &[(String, String)]),
    /// Alphabetically by label, for the long lists.
    Alphabetical,
}

const AXES: [Axis; 6] = [
    Axis {
        id: "body-system",
        character: 2,
        label: "Body system",
        description: "ICD-10-PCS axis 2: the general body system or region the procedure is done on.",
        order: Order::FirstSeen,
        of: |row| &row.body_system,
    },
    Axis {
        id: "operation",
        character: 3,
        label: "Root operation",
        description: "ICD-10-PCS axis 3: the objective of the procedure, with its official definition.",
        order: Order::Definitions(|d| &d.operations),
        of: |row| &row.operation,
    },
    Axis {
        id: "body-part",
        character: 4,
        label: "Body part",
        description: "ICD-10-PCS axis 4: the specific anatomical site the procedure is done on.",
        order: Order::Alphabetical,
        of: |row| &row.body_part,
    },
    Axis {
        id: "approach",
        character: 5,
        label: "Approach",
        description: "ICD-10-PCS axis 5: the technique used to reach the site of the procedure, with its official definition.",
        order: Order::Definitions(|d| &d.approaches),
        of: |row| &row.approach,
    },
    Axis {
        id: "device",
        character: 6,
        label: "Device",
        description: "ICD-10-PCS axis 6: a device that remains after the procedure, or No Device.",
        order: Order::Alphabetical,
        of: |row| &row.device,
    },
    Axis {
        id: "qualifier",
        character: 7,
        label: "Qualifier",
        description: "ICD-10-PCS axis 7: an additional attribute of the procedure, or No Qualifier.",
        order: Order::Alphabetical,
        of: |row| &row.qualifier,
    },
];

/// One axis turned into a facet, with each label's value id.
struct AxisFacet {
    facet: Facet,
    ids: HashMap<String, String>,
}

/// A catalog made by [`import`], with what it could not place.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalog.
    pub catalog: Catalog,
    /// Index leads that reach no code of the catalog, by why.
    pub unplaced: BTreeMap<Unplaced, Vec<String>>,
    /// Guidelines that govern nothing in the catalog, each with why.
    pub guidelines_left_out: Vec<(String, String)>,
}

/// The catalog of every code in `rows`, one procedure per row in row order,
/// with the Index's `leads` as its index terms (and its Body Part and
/// Device Keys as synonyms of the values they name), each root operation's
/// definition, explanation and examples, and `guidelines` as notes on the
/// values they govern.
pub fn import(
    rows: &[PcsRow],
    definitions: &Definitions,
    leads: &[Lead],
    guidelines: &[Guideline],
) -> Imported {
    let axes: Vec<AxisFacet> = AXES
        .iter()
        .map(|axis| axis_facet(axis, rows, definitions))
        .collect();
    let procedures = rows
        .iter()
        .map(|row| procedure(row, &axes, definitions))
        .collect();
    let mut facets: Vec<Facet> = axes.into_iter().map(|a| a.facet).collect();
    let mut notes = operation_notes(&mut facets, definitions);
    let attached = pcs_guidelines::attach(guidelines, &mut facets);
    notes.extend(attached.notes);
    let placed = place_index(leads, rows, &mut facets);
    let mut sources = vec![Source {
        id: SOURCE_ID.into(),
        title: "ICD-10-PCS 2025 code set (Medical and Surgical section)".into(),
        url: Some("https://www.cms.gov/medicare/coding-billing/icd-10-codes".into()),
        publisher: Some("Centers for Medicare & Medicaid Services".into()),
        accessed: Some(UPDATED.into()),
    }];
    if notes
        .iter()
        .any(|n| n.sources.iter().any(|s| s == pcs_guidelines::SOURCE_ID))
    {
        sources.push(Source {
            id: pcs_guidelines::SOURCE_ID.into(),
            title: "ICD-10-PCS Official Guidelines for Coding and Reporting 2025".into(),
            url: Some("https://www.cms.gov/medicare/coding-billing/icd-10-codes".into()),
            publisher: Some("Centers for Medicare & Medicaid Services".into()),
            accessed: Some(UPDATED.into()),
        });
    }
    let catalog = Catalog {
        format_version: FORMAT_VERSION,
        title: TITLE.into(),
        publisher: "Procedure Catalog project (from CMS ICD-10-PCS 2025)".into(),
        catalog_version: "2025".into(),
        updated: UPDATED.into(),
        license: "Public domain (ICD-10-PCS, CMS)".into(),
        notices: vec![
            "Titles and definitions are quoted from the public-domain ICD-10-PCS 2025 code set (CMS); each summary is composed from the code's axes. This catalog is for reference only, not coding advice.".into(),
        ],
        sources,
        notes,
        facets,
        procedures,
        index: placed.terms,
    };
    Imported {
        catalog,
        unplaced: placed.unplaced,
        guidelines_left_out: attached.left_out,
    }
}

/// A note per root operation with its official definition, explanation and
/// examples, referred to by the operation's value (before any guideline).
fn operation_notes(facets: &mut [Facet], definitions: &Definitions) -> Vec<Note> {
    let mut notes = Vec::new();
    for value in facets
        .iter_mut()
        .filter(|f| f.id == "operation")
        .flat_map(|f| f.values.iter_mut())
    {
        let explained = definitions
            .explanations
            .iter()
            .find(|(label, ..)| *label == value.label);
        let lines: Vec<String> = [
            ("Definition", definitions.operation(&value.label)),
            ("Explanation", explained.map(|(_, e, _)| e.as_str())),
            ("Examples", explained.map(|(.., x)| x.as_str())),
        ]
        .into_iter()
        .filter_map(|(name, text)| {
            let text = text?.trim();
            (!text.is_empty()).then(|| format!("{name}: {text}"))
        })
        .collect();
        if lines.is_empty() {
            continue;
        }
        let id = format!("pcs-operation-{}", value.id);
        value.notes.insert(0, id.clone());
        notes.push(Note {
            id,
            title: format!("Root operation {}", value.label),
            text: lines.join("\n"),
            sources: vec![SOURCE_ID.into()],
        });
    }
    notes
}

/// Places the Index in the catalog: its terms as index terms, its `use`
/// lines as synonyms of the body-part and device values they name.
fn place_index(leads: &[Lead], rows: &[PcsRow], facets: &mut [Facet]) -> pcs_index::Placed {
    let mut codes: Vec<CodeAxes> = rows
        .iter()
        .map(|r| CodeAxes {
            code: &r.code,
            device: &r.device,
            qualifier: &r.qualifier,
        })
        .collect();
    codes.sort_unstable();
    let values: Vec<(&str, HashMap<&str, &str>)> = facets
        .iter()
        .filter(|f| f.id == "body-part" || f.id == "device")
        .map(|f| {
            (
                f.id.as_str(),
                f.values
                    .iter()
                    .map(|v| (v.label.as_str(), v.id.as_str()))
                    .collect(),
            )
        })
        .collect();
    let placed = pcs_index::place(leads, &codes, &values);
    for (facet, value, synonym) in &placed.synonyms {
        if let Some(value) = facets
            .iter_mut()
            .filter(|f| f.id == *facet)
            .flat_map(|f| f.values.iter_mut())
            .find(|v| v.id == *value)
        {
            value.synonyms.push(synonym.clone());
        }
    }
    placed
}

fn axis_facet(axis: &Axis, rows: &[PcsRow], definitions: &Definitions) -> AxisFacet {
    let labels = ordered_labels(axis, rows, definitions);
    let mut taken = HashSet::new();
    let mut ids = HashMap::new();
    let values = labels
        .into_iter()
        .map(|label| {
            let id = unique(slug(&label), &mut taken);
            ids.insert(label.clone(), id.clone());
            let description = match axis.id {
                "operation" => definitions.operation(&label),
                "approach" => definitions.approach(&label),
                _ => None,
            };
            FacetValue {
                id,
                label,
                description: description.map(str::to_owned),
                synonyms: Vec::new(),
                codes: Vec::new(),
                notes: Vec::new(),
            }
        })
        .collect();
    AxisFacet {
        facet: Facet {
            id: axis.id.into(),
            label: axis.label.into(),
            description: Some(axis.description.into()),
            axis: Some(CodeAxis {
                system: CodeSystem::Icd10Pcs,
                character: axis.character,
            }),
            values,
        },
        ids,
    }
}

/// The distinct labels an axis takes in `rows`, in the axis's order.
fn ordered_labels(axis: &Axis, rows: &[PcsRow], definitions: &Definitions) -> Vec<String> {
    let mut seen = HashSet::new();
    let first_seen: Vec<&str> = rows
        .iter()
        .map(axis.of)
        .filter(|label| seen.insert(*label))
        .collect();
    let labels: Vec<&str> = match &axis.order {
        Order::FirstSeen => first_seen,
        Order::Alphabetical => {
            let mut sorted = first_seen;
            sorted.sort_by_key(|label| (label.to_lowercase(), *label));
            sorted
        }
        Order::Definitions(pairs) => {
            let used: HashSet<&str> = first_seen.iter().copied().collect();
            let defined: Vec<&str> = pairs(definitions)
                .iter()
                .map(|(label, _)| label.as_str())
                .filter(|label| used.contains(label))
                .collect();
            let rest = first_seen.iter().filter(|label| !defined.contains(label));
            defined.iter().chain(rest).copied().collect()
        }
    };
    labels.into_iter().map(str::to_owned).collect()
}

/// `id`, or `id-2`, `id-3`… when an earlier value already took it.
fn unique(id: String, taken: &mut HashSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

fn procedure(row: &PcsRow, axes: &[AxisFacet], definitions: &Definitions) -> Procedure {
    let facets: BTreeMap<String, Vec<String>> = AXES
        .iter()
        .zip(axes)
        .map(|(axis, facet)| {
            let value = facet.ids[(axis.of)(row)].clone();
            (axis.id.to_owned(), vec![value])
        })
        .collect();
    Procedure {
        id: format!("pcs-{}", row.code.to_lowercase()),
        title: row.title.clone(),
        codes: vec![Code {
            system: CodeSystem::Icd10Pcs,
            code: row.code.clone(),
            title: Some(row.title.clone()),
        }],
        summary: summary(row, definitions),
        facets: facets.into(),
        sources: vec![SOURCE_ID.into()],
        ..Procedure::default()
    }
}

/// A plain-words summary of a code's axes, followed by the root operation's
/// official definition when there is one: "Excision of the thoracic vertebra
/// (body system: Upper Bones), open approach, no device. Excision means
/// cutting out or off, without replacement, a portion of a body part."
pub fn summary(row: &PcsRow, definitions: &Definitions) -> String {
    let mut text = format!(
        "{} of the {} (body system: {}), {}, {}",
        row.operation,
        body_part_words(&row.body_part),
        row.body_system,
        approach_words(&row.approach),
        device_words(&row.device),
    );
    if row.qualifier != "No Qualifier" {
        text.push_str(&format!(", qualifier: {}", in_sentence(&row.qualifier)));
    }
    text.push('.');
    if let Some(definition) = definitions.operation(&row.operation) {
        text.push_str(&format!(
            " {} means {}.",
            row.operation,
            lowercase_first(definition.trim_end_matches('.'))
        ));
    }
    text
}

/// "Lung, Left" reads "left lung"; other labels are put in lowercase words.
fn body_part_words(label: &str) -> String {
    for side in ["Left", "Right", "Bilateral"] {
        if let Some(part) = label.strip_suffix(&format!(", {side}")) {
            return format!("{} {}", side.to_lowercase(), in_sentence(part));
        }
    }
    in_sentence(label)
}

/// "Open" reads "open approach"; "Via Natural or Artificial Opening
/// Endoscopic" reads "endoscopic approach via natural or artificial opening".
fn approach_words(label: &str) -> String {
    let words = in_sentence(label);
    match words.strip_prefix("via ") {
        Some(rest) => match rest.strip_suffix(" endoscopic") {
            Some(opening) => format!("endoscopic approach via {opening}"),
            None => format!("approach via {rest}"),
        },
        None => format!("{words} approach"),
    }
}

fn device_words(label: &str) -> String {
    if label == "No Device" {
        "no device".into()
    } else {
        format!("with {}", in_sentence(label))
    }
}

/// A title-case label in lowercase, for use inside a sentence: words with a
/// single leading capital followed by a lowercase letter are lowercased;
/// acronyms, words such as `C1` and eponyms keep their capitals.
fn in_sentence(label: &str) -> String {
    label
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            let title_case = chars.next().is_some_and(char::is_uppercase)
                && chars.next().is_some_and(char::is_lowercase)
                && chars.all(|c| !c.is_uppercase());
            if title_case
                && !PROPER_WORDS.contains(&word.trim_matches(|c: char| !c.is_alphabetic()))
            {
                word.to_lowercase()
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A definition put after "means": its first letter lowercased unless the
/// first word is an acronym.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, axes: [&str; 6]) -> PcsRow {
        let [
            body_system,
            operation,
            body_part,
            approach,
            device,
            qualifier,
        ] = axes;
        PcsRow {
            code: code.into(),
            title: format!("{operation} of {body_part}, {approach} Approach"),
            body_system: body_system.into(),
            operation: operation.into(),
            body_part: body_part.into(),
            approach: approach.into(),
            device: device.into(),
            qualifier: qualifier.into(),
        }
    }

    fn definitions() -> Definitions {
        Definitions {
            operations: vec![
                (
                    "Excision".into(),
                    "Cutting out or off, without replacement, a portion of a body part".into(),
                ),
                (
                    "Bypass".into(),
                    "Altering the route of passage of the contents of a tubular body part".into(),
                ),
            ],
            approaches: vec![("Open".into(), "Cutting through the skin".into())],
            ..Definitions::default()
        }
    }

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("1st Toe, Left"), "1st-toe-left");
        assert_eq!(
            slug("Intraluminal Device, Drug- eluting"),
            "intraluminal-device-drug-eluting"
        );
        assert_eq!(
            slug("Rib(s) Bursa and Ligament"),
            "rib-s-bursa-and-ligament"
        );
        assert_eq!(slug("—"), "value");
    }

    #[test]
    fn colliding_slugs_get_a_number() {
        let mut taken = HashSet::new();
        assert_eq!(unique("spacer".into(), &mut taken), "spacer");
        assert_eq!(unique("spacer".into(), &mut taken), "spacer-2");
        assert_eq!(unique("spacer".into(), &mut taken), "spacer-3");
    }

    #[test]
    fn summaries_read_as_plain_words() {
        let seed = row(
            "0PB40ZZ",
            [
                "Upper Bones",
                "Excision",
                "Thoracic Vertebra",
                "Open",
                "No Device",
                "No Qualifier",
            ],
        );
        assert_eq!(
            summary(&seed, &definitions()),
            "Excision of the thoracic vertebra (body system: Upper Bones), open approach, no device. \
             Excision means cutting out or off, without replacement, a portion of a body part."
        );
        let bypass = row(
            "0016070",
            [
                "Central Nervous System and Cranial Nerves",
                "Bypass",
                "Ampulla of Vater, Left",
                "Via Natural or Artificial Opening Endoscopic",
                "Autologous Tissue Substitute",
                "Nasopharynx",
            ],
        );
        assert_eq!(
            summary(&bypass, &Definitions::default()),
            "Bypass of the left ampulla of Vater (body system: Central Nervous System and Cranial Nerves), \
             endoscopic approach via natural or artificial opening, with autologous tissue substitute, \
             qualifier: nasopharynx."
        );
    }

    #[test]
    fn each_axis_becomes_a_facet_and_each_code_a_procedure() {
        let rows = [
            row(
                "0PB40ZZ",
                [
                    "Upper Bones",
                    "Excision",
                    "Thoracic Vertebra",
                    "Open",
                    "No Device",
                    "No Qualifier",
                ],
            ),
            row(
                "0PB30ZZ",
                [
                    "Upper Bones",
                    "Excision",
                    "Cervical Vertebra",
                    "Open",
                    "No Device",
                    "No Qualifier",
                ],
            ),
        ];
        let catalog = import(&rows, &definitions(), &[], &[]).catalog;
        assert_eq!(catalog.procedures.len(), 2);
        let ids: Vec<&str> = catalog.facets.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "body-system",
                "operation",
                "body-part",
                "approach",
                "device",
                "qualifier"
            ]
        );
        let parts: Vec<&str> = catalog
            .facet("body-part")
            .unwrap()
            .values
            .iter()
            .map(|v| v.label.as_str())
            .collect();
        assert_eq!(
            parts,
            ["Cervical Vertebra", "Thoracic Vertebra"],
            "alphabetical"
        );
        let first = &catalog.procedures[0];
        assert_eq!(first.id, "pcs-0pb40zz");
        assert_eq!(first.values("body-part"), ["thoracic-vertebra"]);
        assert_eq!(
            catalog
                .facet_value("approach", "open")
                .unwrap()
                .description
                .as_deref(),
            Some("Cutting through the skin")
        );
        assert_eq!(
            catalog
                .facet_value("device", "no-device")
                .unwrap()
                .description,
            None
        );
    }
}
