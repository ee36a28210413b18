//! Counts that tell a catalog author how complete a catalog is.

use std::collections::BTreeMap;

use super::model::Catalog;

/// How many procedures carry each facet value, and which lack codes or sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Procedures in the catalog.
    pub procedures: usize,
    /// Per facet (in declared order): its id, label, and per value (in
    /// declared order) its id, label and count.
    pub facets: Vec<FacetCounts>,
    /// Ids of procedures with no codes.
    pub without_codes: Vec<String>,
    /// Ids of procedures that cite no source.
    pub without_sources: Vec<String>,
}

/// Counts for one facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCounts {
    /// Facet id.
    pub id: String,
    /// Facet label.
    pub label: String,
    /// (value id, value label, procedures with it).
    pub values: Vec<(String, String, usize)>,
    /// Procedures with no value of this facet.
    pub without: usize,
}

impl Stats {
    /// Counts for `catalog`.
    pub fn of(catalog: &Catalog) -> Stats {
        let facets = catalog
            .facets
            .iter()
            .map(|facet| {
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                let mut without = 0;
                for procedure in &catalog.procedures {
                    match procedure.facets.get(&facet.id) {
                        Some(values) if !values.is_empty() => {
                            for value in values {
                                *counts.entry(value.as_str()).or_default() += 1;
                            }
                        }
                        _ => without += 1,
                    }
                }
                FacetCounts {
                    id: facet.id.clone(),
                    label: facet.label.clone(),
                    values: facet
                        .values
                        .iter()
                        .map(|v| {
                            (
                                v.id.clone(),
                                v.label.clone(),
                                counts.get(v.id.as_str()).copied().unwrap_or(0),
                            )
                        })
                        .collect(),
                    without,
                }
            })
            .collect();
        let ids_where = |missing: fn(&super::model::Procedure) -> bool| {
            catalog
                .procedures
                .iter()
                .filter(|p| missing(p))
                .map(|p| p.id.clone())
                .collect()
        };
        Stats {
            procedures: catalog.procedures.len(),
            facets,
            without_codes: ids_where(|p| p.codes.is_empty()),
            without_sources: ids_where(|p| p.sources.is_empty()),
        }
    }
}
