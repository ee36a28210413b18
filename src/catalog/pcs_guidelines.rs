//! The ICD-10-PCS Official Guidelines for Coding and Reporting as catalog
//! notes, each attached to the facet values of the Medical and Surgical
//! catalog it governs: the fusion guidelines to the root operation Fusion,
//! the coronary artery guideline to the body system Heart and Great Vessels,
//! the external approach guidelines to the approach External.
//!
//! Where each guideline goes is written down once, in [`GOVERNS`], by the
//! labels of the code set's own axes; nothing is decided per code. The
//! guidelines are public domain and quoted word for word; only the line
//! breaks of the printed page are undone.

use std::collections::HashMap;

use super::import_pcs::slug;
use super::model::{Facet, Note};
use super::official::gunzip;

const GUIDELINES_GZ: &[u8] = include_bytes!("../../data/icd10pcs-2025-guidelines.csv.gz");

/// The id of the source the guideline notes cite.
pub const SOURCE_ID: &str = "cms-icd10pcs-guidelines-2025";

/// One guideline as the bundled file holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Guideline {
    /// The part of the guidelines, e.g. "Root Operation".
    pub section: String,
    /// The guideline's heading, e.g. "Fusion procedures of the spine".
    #[serde(rename = "type")]
    pub heading: String,
    /// E.g. `B3.10a`.
    pub id: String,
    /// The guideline, as printed.
    pub text: String,
}

/// The guidelines bundled from `data/` (CMS 2025, public domain).
pub fn official_guidelines() -> Vec<Guideline> {
    csv::Reader::from_reader(gunzip(GUIDELINES_GZ).as_bytes())
        .deserialize::<Guideline>()
        .map(|row| row.expect("the bundled guidelines file has the documented columns"))
        .collect()
}

/// What a guideline governs in the Medical and Surgical section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Governs {
    /// These root operations (axis 3), by label.
    Operations(&'static [&'static str]),
    /// These body systems (axis 2), by label.
    BodySystems(&'static [&'static str]),
    /// These approaches (axis 5), by label.
    Approaches(&'static [&'static str]),
    /// Every root operation: how any root operation is chosen or reported.
    EveryOperation,
    /// Every body system: how any body part value is chosen.
    EveryBodySystem,
    /// Every device value: when a device is coded.
    EveryDevice,
    /// Nothing in this catalog, for the reason given.
    Outside(&'static str),
}

const ARTERIES_AND_VEINS: &[&str] = &[
    "Upper Arteries",
    "Lower Arteries",
    "Upper Veins",
    "Lower Veins",
];
const CONVENTION: Governs =
    Governs::Outside("a convention of the whole code set, not of particular codes");
const OBSTETRICS: Governs =
    Governs::Outside("a guideline of the Obstetrics section, which this catalog does not hold");

/// Where each guideline of the 2025 set applies, by its id.
pub const GOVERNS: &[(&str, Governs)] = &[
    ("A1", CONVENTION),
    ("A2", CONVENTION),
    ("A4", CONVENTION),
    ("A5", CONVENTION),
    ("A6", CONVENTION),
    ("A7", CONVENTION),
    ("A8", CONVENTION),
    ("A10", CONVENTION),
    ("A11", CONVENTION),
    (
        "F",
        Governs::Outside(
            "the selection of the principal procedure, which concerns a whole stay rather than particular codes",
        ),
    ),
    (
        "B2.1a",
        Governs::BodySystems(&[
            "Anatomical Regions, General",
            "Anatomical Regions, Upper Extremities",
            "Anatomical Regions, Lower Extremities",
        ]),
    ),
    (
        "B2.1b",
        Governs::BodySystems(&[
            "Upper Arteries",
            "Lower Arteries",
            "Upper Veins",
            "Lower Veins",
            "Muscles",
            "Tendons",
        ]),
    ),
    ("B3.1a", Governs::EveryOperation),
    ("B3.1b", Governs::EveryOperation),
    ("B3.2", Governs::EveryOperation),
    ("B3.3", Governs::EveryOperation),
    (
        "B3.4a",
        Governs::Operations(&["Excision", "Extraction", "Drainage"]),
    ),
    (
        "B3.4b",
        Governs::Operations(&[
            "Excision",
            "Extraction",
            "Drainage",
            "Destruction",
            "Resection",
        ]),
    ),
    (
        "B3.5",
        Governs::Operations(&["Excision", "Extraction", "Repair", "Inspection"]),
    ),
    ("B3.6a", Governs::Operations(&["Bypass"])),
    ("B3.6b", Governs::Operations(&["Bypass"])),
    ("B3.6c", Governs::Operations(&["Bypass"])),
    ("B3.7", Governs::Operations(&["Control"])),
    ("B3.8", Governs::Operations(&["Excision", "Resection"])),
    ("B3.9", Governs::Operations(&["Excision"])),
    ("B3.10a", Governs::Operations(&["Fusion"])),
    ("B3.10b", Governs::Operations(&["Fusion"])),
    ("B3.10c", Governs::Operations(&["Fusion"])),
    ("B3.11a", Governs::Operations(&["Inspection"])),
    ("B3.11b", Governs::Operations(&["Inspection"])),
    ("B3.11c", Governs::Operations(&["Inspection"])),
    ("B3.12", Governs::Operations(&["Occlusion", "Restriction"])),
    ("B3.13", Governs::Operations(&["Release"])),
    ("B3.14", Governs::Operations(&["Release", "Division"])),
    ("B3.15", Governs::Operations(&["Reposition"])),
    ("B3.16", Governs::Operations(&["Transplantation"])),
    ("B3.17", Governs::Operations(&["Transfer"])),
    (
        "B3.18",
        Governs::Operations(&["Excision", "Resection", "Replacement"]),
    ),
    ("B3.19", Governs::Operations(&["Detachment"])),
    ("B4.1a", Governs::EveryBodySystem),
    ("B4.1b", Governs::EveryBodySystem),
    ("B4.1c", Governs::BodySystems(ARTERIES_AND_VEINS)),
    ("B4.2", Governs::EveryBodySystem),
    ("B4.3", Governs::EveryBodySystem),
    ("B4.4", Governs::BodySystems(&["Heart and Great Vessels"])),
    (
        "B4.5",
        Governs::BodySystems(&[
            "Tendons",
            "Bursae and Ligaments",
            "Upper Joints",
            "Lower Joints",
        ]),
    ),
    (
        "B4.6",
        Governs::BodySystems(&["Skin and Breast", "Subcutaneous Tissue and Fascia"]),
    ),
    ("B4.7", Governs::EveryBodySystem),
    ("B4.8", Governs::BodySystems(&["Gastrointestinal System"])),
    ("B5.2a", Governs::Approaches(&["Open"])),
    ("B5.2b", Governs::Approaches(&["Percutaneous Endoscopic"])),
    ("B5.3a", Governs::Approaches(&["External"])),
    ("B5.3b", Governs::Approaches(&["External"])),
    ("B5.4", Governs::Approaches(&["Percutaneous"])),
    ("B6.1a", Governs::EveryDevice),
    ("B6.1b", Governs::EveryDevice),
    (
        "B6.1c",
        Governs::Operations(&["Change", "Removal", "Revision"]),
    ),
    ("B6.2", Governs::Operations(&["Drainage"])),
    ("C1", OBSTETRICS),
    ("C2", OBSTETRICS),
];

/// The guidelines placed in a catalog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attached {
    /// One note per guideline that governs something of the catalog.
    pub notes: Vec<Note>,
    /// Guidelines left out, each with why.
    pub left_out: Vec<(String, String)>,
    /// Labels of [`GOVERNS`] that name no value of the catalog's facets.
    pub unknown_labels: Vec<String>,
}

/// The note id of guideline `id`: `B3.10a` → `pcs-guideline-b3-10a`.
pub fn note_id(id: &str) -> String {
    format!("pcs-guideline-{}", slug(id))
}

/// Turns `guidelines` into notes and refers each facet value of `facets`
/// (the Medical and Surgical axes, by their ids `operation`, `body-system`,
/// `approach` and `device`) to the guidelines that govern it: first those
/// written for it, then those that govern every value of its axis.
pub fn attach(guidelines: &[Guideline], facets: &mut [Facet]) -> Attached {
    let mut attached = Attached::default();
    let governs: HashMap<&str, Governs> = GOVERNS.iter().copied().collect();
    let mut general = Vec::new();
    for guideline in guidelines {
        let Some(&rule) = governs.get(guideline.id.as_str()) else {
            attached.left_out.push((
                guideline.id.clone(),
                "not in the table of what each guideline governs (pcs_guidelines::GOVERNS)".into(),
            ));
            continue;
        };
        let id = note_id(&guideline.id);
        let targets: Option<(&str, &[&str])> = match rule {
            Governs::Outside(why) => {
                attached.left_out.push((guideline.id.clone(), why.into()));
                continue;
            }
            Governs::Operations(labels) => Some(("operation", labels)),
            Governs::BodySystems(labels) => Some(("body-system", labels)),
            Governs::Approaches(labels) => Some(("approach", labels)),
            Governs::EveryOperation => {
                general.push(("operation", id.clone()));
                None
            }
            Governs::EveryBodySystem => {
                general.push(("body-system", id.clone()));
                None
            }
            Governs::EveryDevice => {
                general.push(("device", id.clone()));
                None
            }
        };
        for (facet, label) in targets
            .into_iter()
            .flat_map(|(facet, labels)| labels.iter().map(move |label| (facet, *label)))
        {
            match facets
                .iter_mut()
                .filter(|f| f.id == facet)
                .flat_map(|f| f.values.iter_mut())
                .find(|v| v.label == label)
            {
                Some(value) => value.notes.push(id.clone()),
                None => attached.unknown_labels.push(format!("{facet}: {label}")),
            }
        }
        attached.notes.push(note(guideline, id));
    }
    for (facet, id) in general {
        for value in facets
            .iter_mut()
            .filter(|f| f.id == facet)
            .flat_map(|f| f.values.iter_mut())
        {
            value.notes.push(id.clone());
        }
    }
    attached
}

fn note(guideline: &Guideline, id: String) -> Note {
    Note {
        id,
        title: format!(
            "Guideline {}: {}",
            guideline.id,
            heading(&guideline.heading)
        ),
        text: reflow(&guideline.text),
        sources: vec![SOURCE_ID.into()],
    }
}

/// A heading with single spaces and the file's one misspelling corrected.
fn heading(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("Mutliple", "Multiple")
}

/// The guideline's text without the printed page's line breaks: lines are
/// joined into paragraphs, and a new paragraph starts only where the
/// guideline starts an example, a bullet or a lettered item.
pub fn reflow(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        let starts = line.starts_with("Example")
            || line.starts_with('•')
            || line.split_once(". ").is_some_and(|(mark, _)| {
                mark.len() == 1 && mark.chars().all(|c| c.is_ascii_lowercase())
            });
        match paragraphs.last_mut() {
            Some(last) if !starts => {
                last.push(' ');
                last.push_str(&line);
            }
            _ => paragraphs.push(line),
        }
    }
    paragraphs.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_breaks_are_undone_but_examples_bullets_and_items_keep_their_lines() {
        let text = "multiple procedures are coded if:\na. The same root operation is performed on different body parts as defined by\ndistinct values.\n Examples: Diagnostic excision of liver\nand pancreas.\n• If bone graft is the only device\ncoded with the device value";
        assert_eq!(
            reflow(text),
            "multiple procedures are coded if:\n\
             a. The same root operation is performed on different body parts as defined by distinct values.\n\
             Examples: Diagnostic excision of liver and pancreas.\n\
             • If bone graft is the only device coded with the device value"
        );
    }

    #[test]
    fn every_guideline_of_the_bundled_file_is_in_the_table() {
        let ids: Vec<&str> = GOVERNS.iter().map(|(id, _)| *id).collect();
        for guideline in official_guidelines() {
            assert!(
                ids.contains(&guideline.id.as_str()),
                "guideline {} is not in GOVERNS",
                guideline.id
            );
        }
        assert_eq!(GOVERNS.len(), official_guidelines().len());
    }
}
