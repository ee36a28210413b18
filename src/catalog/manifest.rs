//! The catalog manifest: which catalogs a published site offers.
//!
//! `catalogs/manifest.json`, next to the catalogs, lists each catalog with an
//! id, a title, a description and the address to fetch it from (relative to
//! the page), and names the one to open by default. This module only reads
//! and checks that list; fetching the catalogs is the app's job.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::{CodePrefix, CodeSystem};
use crate::search::text::code_key;

/// The list of catalogs a site offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Id of the catalog opened when the reader has not picked one.
    pub default: String,
    /// The catalogs, in the order they are offered.
    pub catalogs: Vec<ManifestEntry>,
}

/// One catalog of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// Stable key, e.g. `spine`; lowercase words joined by hyphens.
    pub id: String,
    /// Shown in the catalog picker.
    pub title: String,
    /// Where the catalog is fetched from, relative to the page, e.g. `catalogs/spine.json`.
    pub url: String,
    /// A sentence on what the catalog holds.
    pub description: String,
    /// The codes this catalog answers: a code that another catalog cites,
    /// of one of these systems and starting with one of these prefixes
    /// (an empty prefix for every code of the system), opens this
    /// catalog's card for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<CodePrefix>,
}

/// Why a manifest cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestError {
    /// Not JSON, or not the manifest's shape.
    Syntax(String),
    /// The manifest lists no catalog.
    Empty,
    /// Two catalogs share an id.
    DuplicateId(String),
    /// `default` names no listed catalog.
    UnknownDefault(String),
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::Syntax(message) => write!(
                f,
                "the catalog manifest is not valid: {message}; it must be {{\"default\": \"id\", \"catalogs\": [{{\"id\", \"title\", \"url\", \"description\"}}]}}"
            ),
            ManifestError::Empty => write!(
                f,
                "the catalog manifest lists no catalogs; add at least one under `catalogs`"
            ),
            ManifestError::DuplicateId(id) => write!(
                f,
                "the catalog manifest lists the id `{id}` twice; give each catalog its own id"
            ),
            ManifestError::UnknownDefault(id) => write!(
                f,
                "the catalog manifest's `default` is `{id}`, which is not the id of a listed catalog"
            ),
        }
    }
}

impl std::error::Error for ManifestError {}

impl Manifest {
    /// Reads and checks a manifest.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|e| ManifestError::Syntax(e.to_string()))?;
        manifest.check()?;
        Ok(manifest)
    }

    fn check(&self) -> Result<(), ManifestError> {
        if self.catalogs.is_empty() {
            return Err(ManifestError::Empty);
        }
        for (i, entry) in self.catalogs.iter().enumerate() {
            if self.catalogs[..i].iter().any(|e| e.id == entry.id) {
                return Err(ManifestError::DuplicateId(entry.id.clone()));
            }
        }
        if self.entry(&self.default).is_none() {
            return Err(ManifestError::UnknownDefault(self.default.clone()));
        }
        Ok(())
    }

    /// The catalog with `id`.
    pub fn entry(&self, id: &str) -> Option<&ManifestEntry> {
        self.catalogs.iter().find(|e| e.id == id)
    }

    /// The catalog opened by default.
    pub fn default_entry(&self) -> &ManifestEntry {
        self.entry(&self.default)
            .expect("a parsed manifest's default is one of its catalogs")
    }

    /// The first catalog that answers `code` of `system` (see
    /// [`ManifestEntry::answers`]).
    pub fn answering(&self, system: CodeSystem, code: &str) -> Option<&ManifestEntry> {
        let key = code_key(code);
        self.catalogs.iter().find(|entry| {
            entry
                .answers
                .iter()
                .any(|a| a.system == system && key.starts_with(&code_key(&a.prefix)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../public/catalogs/manifest.json");

    #[test]
    fn the_shipped_manifest_offers_spine_by_default_and_the_pcs_catalog() {
        let manifest = Manifest::parse(SHIPPED.as_bytes()).unwrap();
        assert_eq!(manifest.default_entry().url, "catalogs/spine.json");
        let pcs = manifest.entry("icd10pcs").expect("the ICD-10-PCS catalog");
        assert_eq!(pcs.url, "catalogs/icd10pcs.json");
        for entry in &manifest.catalogs {
            assert!(
                entry.url.starts_with("catalogs/") && entry.url.ends_with(".json"),
                "{}: catalogs are fetched relative to the page, from catalogs/",
                entry.url
            );
            assert!(!entry.title.trim().is_empty() && !entry.description.trim().is_empty());
        }
    }

    #[test]
    fn the_pcs_catalog_answers_medical_and_surgical_codes_only() {
        let manifest = Manifest::parse(SHIPPED.as_bytes()).unwrap();
        let answering = |system, code| manifest.answering(system, code).map(|e| e.id.as_str());
        assert_eq!(answering(CodeSystem::Icd10Pcs, "0PB40ZZ"), Some("icd10pcs"));
        assert_eq!(answering(CodeSystem::Icd10Pcs, "XRGB0R7"), None);
        assert_eq!(answering(CodeSystem::Cpt, "0275T"), None);
        assert_eq!(answering(CodeSystem::Cpt, "63101"), None);
    }

    #[test]
    fn a_default_that_names_no_catalog_is_refused() {
        let text = SHIPPED.replace("\"default\": \"spine\"", "\"default\": \"knee\"");
        let error = Manifest::parse(text.as_bytes()).unwrap_err();
        assert_eq!(error, ManifestError::UnknownDefault("knee".into()));
        assert!(error.to_string().contains("`knee`, which is not the id"));
    }

    #[test]
    fn duplicate_ids_and_empty_lists_are_refused() {
        let text = SHIPPED.replace("\"id\": \"icd10pcs\"", "\"id\": \"spine\"");
        assert_eq!(
            Manifest::parse(text.as_bytes()),
            Err(ManifestError::DuplicateId("spine".into()))
        );
        assert_eq!(
            Manifest::parse(br#"{"default": "spine", "catalogs": []}"#),
            Err(ManifestError::Empty)
        );
        assert!(matches!(
            Manifest::parse(br#"{"catalogs": []}"#),
            Err(ManifestError::Syntax(_))
        ));
    }
}
