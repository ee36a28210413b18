//! The catalog format, version 1, as Rust types.
//!
//! These types are the single source of truth for the format: the JSON Schema
//! published in `public/schema/` is generated from them (`catalog schema`), and
//! `docs/catalog-format.md` describes them for catalog authors. They hold data
//! only; whether a catalog makes sense (ids resolve, codes exist, dates are
//! real) is decided in [`crate::catalog::validate`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::interned::{FacetsIter, Id, ProcedureFacets};

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The JSON Schema of the format, as published in `public/schema/`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Catalog);
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}

/// A whole catalog: its description, the facets it declares and its procedures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Format version; must be 1.
    pub format_version: u32,
    /// Shown as the catalog's name.
    pub title: String,
    /// Who publishes and answers for this catalog.
    pub publisher: String,
    /// The publisher's own version of the catalog's content, e.g. `2026.11`.
    pub catalog_version: String,
    /// Date of the last change, `YYYY-MM-DD`.
    pub updated: String,
    /// Licence of the catalog's text, e.g. `CC-BY-4.0`.
    pub license: String,
    /// Notices every view of the catalog shows, such as the CPT trademark notice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// Works the procedures cite, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Texts that procedures, facet values and index terms share by id:
    /// coding guidelines, payer rules, conventions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The facets procedures are filtered by; `indication` is the primary one.
    pub facets: Vec<Facet>,
    /// The procedures.
    pub procedures: Vec<Procedure>,
    // After the procedures, so that the first cards of a file that is still
    // downloading never wait for a long index.
    /// Terms, such as the everyday names of operations, that name sets of
    /// procedures, the way a code book's index does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub index: Vec<IndexTerm>,
}

/// A text that several procedures, facet values or index terms share: a
/// coding guideline, a payer rule, a convention. Written once, shown
/// wherever it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Key procedures, facet values and index terms refer to it by.
    pub id: String,
    /// A short heading, e.g. "Co-surgeons (modifier 62)".
    pub title: String,
    /// The note itself, in the publisher's own words (or quoted, for
    /// public-domain texts such as the ICD-10-PCS guidelines).
    pub text: String,
    /// Ids of the catalog's sources the note rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// An entry of the catalog's index: a term, with its subterms, that names a
/// set of procedures by code prefix or by id, or a cross-reference to where
/// they are (`Laminectomy` → see `Excision, Lower Bones`, codes `0QB…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexTerm {
    /// The main term and its subterms, main term first, e.g.
    /// `["Fusion", "Lumbar Vertebral", "2 or more"]`.
    pub term: Vec<String>,
    /// For a cross-reference, what it points to, e.g. `Excision, Lower Bones`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub see: Option<String>,
    /// Code prefixes: the term names every procedure with a code of that
    /// system that starts so (a whole code names that code).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<CodePrefix>,
    /// Ids of procedures the term names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub procedures: Vec<String>,
    /// Ids of the catalog's notes that apply to what the term names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The start of a code in a code system, e.g. ICD-10-PCS `0QB`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodePrefix {
    /// The code system.
    pub system: CodeSystem,
    /// The code's first characters as the system writes them.
    pub prefix: String,
}

/// A work cited by procedures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Key procedures cite it by.
    pub id: String,
    /// Title of the work.
    pub title: String,
    /// Where it can be read; `http` or `https` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who publishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was last read, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
}

/// A dimension procedures are filtered by, with the values it allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Facet {
    /// Key procedures use under `facets`; `indication` marks the primary facet.
    pub id: String,
    /// Shown as the filter group's name.
    pub label: String,
    /// What the facet means, for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The character of a code system's codes whose meaning the facet's
    /// values give, for catalogs of structured codes (ICD-10-PCS): the
    /// detail view then shows each such code character by character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis: Option<CodeAxis>,
    /// The values procedures may take.
    pub values: Vec<FacetValue>,
}

/// A character position of a code system's codes, e.g. ICD-10-PCS
/// character 3, the root operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeAxis {
    /// The code system.
    pub system: CodeSystem,
    /// The position in the code, counted from 1.
    pub character: u8,
}

/// One value of a facet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FacetValue {
    /// Key procedures use; unique within the facet.
    pub id: String,
    /// Shown on filters and chips.
    pub label: String,
    /// What the value means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other words people search this value by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    /// Codes the value stands for, e.g. the ICD-10-CM diagnoses of an indication.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
    /// Ids of the catalog's notes that apply to every procedure with this value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A code in a named code system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// The code system.
    pub system: CodeSystem,
    /// The code as the system writes it (ICD-10-CM with its dot).
    pub code: String,
    /// The official title, for public-domain systems (ICD-10-PCS, ICD-10-CM)
    /// only; it must match the official code set. Never a CPT descriptor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// Code systems a catalog may cite.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum CodeSystem {
    /// AMA Current Procedural Terminology (numbers only; descriptors are copyrighted).
    #[serde(rename = "CPT")]
    Cpt,
    /// HCPCS Level II.
    #[serde(rename = "HCPCS")]
    Hcpcs,
    /// ICD-10-PCS procedure codes.
    #[serde(rename = "ICD-10-PCS")]
    Icd10Pcs,
    /// ICD-10-CM diagnosis codes.
    #[serde(rename = "ICD-10-CM")]
    Icd10Cm,
    /// A code of the publisher's own.
    #[serde(rename = "local")]
    Local,
}

impl CodeSystem {
    /// The name the format and the app use for the system.
    pub fn name(self) -> &'static str {
        match self {
            CodeSystem::Cpt => "CPT",
            CodeSystem::Hcpcs => "HCPCS",
            CodeSystem::Icd10Pcs => "ICD-10-PCS",
            CodeSystem::Icd10Cm => "ICD-10-CM",
            CodeSystem::Local => "local",
        }
    }
}

/// One procedure: the card, its detail view and its billing facts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Stable key: lowercase letters, digits and hyphens, never a bare code number.
    pub id: String,
    /// The procedure's name.
    pub title: String,
    /// Other names it goes by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Codes that report or describe it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
    /// A few sentences in the publisher's own words.
    pub summary: String,
    /// Facet id to the ids of the values this procedure has.
    #[serde(default, skip_serializing_if = "ProcedureFacets::is_empty")]
    pub facets: ProcedureFacets,
    /// What is done, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    // Boxed, as are the billing facts: many procedures of a large catalog
    // have neither, and an empty box costs a pointer where the facts
    // themselves would cost their full size.
    /// Who takes part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Box<Team>>,
    /// How it is reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<Box<Billing>>,
    /// Links to other procedures of the catalog.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// When it should not be done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contraindications: Vec<String>,
    /// What can go wrong.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<String>,
    /// Ids of the catalog's sources this card rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Ids of the catalog's notes that apply to this procedure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// When the card was last reviewed, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<String>,
    /// Facts on this card that could not be confirmed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unverified: Vec<Unverified>,
}

/// One step of a procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A short name for the step, e.g. "Positioning".
    pub title: String,
    /// What happens, in a sentence or two.
    pub detail: String,
}

/// The people a procedure needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Each role in the operating room that matters for reporting.
    pub roles: Vec<TeamRole>,
    /// When two surgeons share the procedure as co-surgeons, and how it is reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_surgery: Option<String>,
}

/// One role on the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamRole {
    /// E.g. "Access surgeon".
    pub role: String,
    /// E.g. "General or thoracic surgery".
    pub specialty: String,
    /// What this role does.
    pub does: String,
}

/// How a procedure is reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Billing {
    /// Reported only together with a primary procedure.
    pub add_on: bool,
    /// For an add-on: the ids of the procedures it is reported with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub primary_procedures: Vec<String>,
    /// The global surgical period as CMS writes it: `000`, `010`, `090`,
    /// `MMM`, `XXX`, `YYY` or `ZZZ` (add-on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_period: Option<String>,
    /// Modifiers that commonly apply, each with when.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Modifier>,
    /// Other reporting facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A modifier and when it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Modifier {
    /// Two characters, e.g. `62`.
    pub code: String,
    /// E.g. "Co-surgeons".
    pub name: String,
    /// When it applies to this procedure.
    pub when: String,
}

/// A link to another procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// The other procedure's id.
    pub id: String,
    /// How the two relate.
    pub relation: Relation,
    /// Why, when it is not obvious.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How one procedure relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// The other is an add-on reported with this one.
    AddOn,
    /// The other is often done in the same session.
    OftenWith,
    /// The other treats the same problem another way.
    Alternative,
    /// This one replaces the other (e.g. a retired code).
    Replaces,
}

impl Relation {
    /// Human-readable name of the relation.
    pub fn label(self) -> &'static str {
        match self {
            Relation::AddOn => "Add-on",
            Relation::OftenWith => "Often with",
            Relation::Alternative => "Alternative",
            Relation::Replaces => "Replaces",
        }
    }
}

/// A fact on a card that could not be confirmed from a public source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unverified {
    /// Which field of the procedure, as a path such as `billing.global_period`
    /// or `codes[2]`.
    pub field: String,
    /// What is uncertain.
    pub note: String,
}

impl Catalog {
    /// The facet with `id`.
    pub fn facet(&self, id: &str) -> Option<&Facet> {
        self.facets.iter().find(|f| f.id == id)
    }

    /// Value `value` of facet `facet`.
    pub fn facet_value(&self, facet: &str, value: &str) -> Option<&FacetValue> {
        self.facet(facet)?.values.iter().find(|v| v.id == value)
    }

    /// The label of a facet value, or its id when the catalog lacks it.
    pub fn value_label<'a>(&'a self, facet: &str, value: &'a str) -> &'a str {
        self.facet_value(facet, value)
            .map_or(value, |v| v.label.as_str())
    }

    /// The procedure with `id`.
    pub fn procedure(&self, id: &str) -> Option<&Procedure> {
        self.procedures.iter().find(|p| p.id == id)
    }

    /// The source with `id`.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The note with `id`.
    pub fn note(&self, id: &str) -> Option<&Note> {
        self.notes.iter().find(|n| n.id == id)
    }

    /// The notes that apply to `procedure`: its own, then those of its
    /// facet values in the facets' order, each once.
    pub fn notes_of<'a>(&'a self, procedure: &'a Procedure) -> Vec<&'a Note> {
        let mut ids: Vec<&str> = procedure.notes.iter().map(String::as_str).collect();
        for facet in &self.facets {
            for value in procedure.values(&facet.id) {
                if let Some(value) = facet.values.iter().find(|v| v.id == value.as_str()) {
                    ids.extend(value.notes.iter().map(String::as_str));
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        ids.into_iter()
            .filter(|id| seen.insert(*id))
            .filter_map(|id| self.note(id))
            .collect()
    }
}

impl Procedure {
    /// Whether it is reported only with a primary procedure.
    pub fn is_add_on(&self) -> bool {
        self.billing.as_ref().is_some_and(|b| b.add_on)
    }

    /// The values it has of facet `facet`.
    pub fn values(&self, facet: &str) -> &[Id] {
        self.facets.get(facet).unwrap_or_default()
    }

    /// Gives back the room its lists were read into beyond what they hold:
    /// a list read from JSON grows as its items come, so a list of one
    /// holds room for four.
    pub fn shrink_to_fit(&mut self) {
        self.aliases.shrink_to_fit();
        self.codes.shrink_to_fit();
        self.steps.shrink_to_fit();
        if let Some(team) = &mut self.team {
            team.roles.shrink_to_fit();
        }
        if let Some(billing) = &mut self.billing {
            billing.primary_procedures.shrink_to_fit();
            billing.modifiers.shrink_to_fit();
            billing.notes.shrink_to_fit();
        }
        self.related.shrink_to_fit();
        self.contraindications.shrink_to_fit();
        self.risks.shrink_to_fit();
        self.sources.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.unverified.shrink_to_fit();
    }

    /// Unverified marks on `field` or anything inside it.
    pub fn unverified_in<'a>(
        &'a self,
        field: &'a str,
    ) -> impl Iterator<Item = &'a Unverified> + 'a {
        self.unverified.iter().filter(move |u| {
            u.field == field
                || u.field
                    .strip_prefix(field)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    }
}
