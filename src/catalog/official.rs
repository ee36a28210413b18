//! The official 2025 ICD-10-PCS and ICD-10-CM code sets, bundled from
//! `data/` (public domain; see `data/README.md`). Native builds only: the
//! command-line tool and the tests use them; the browser does not ship them.

use std::collections::HashMap;
use std::io::Read;

use super::codes::{DiagnosisEntry, OfficialCodes};

const PCS_GZ: &[u8] = include_bytes!("../../data/icd10pcs-2025-medical-surgical.csv.gz");
const CM_GZ: &[u8] = include_bytes!("../../data/icd10cm-2025.csv.gz");

/// One row of the ICD-10-PCS Medical and Surgical file.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct PcsRow {
    /// Seven-character code.
    pub code: String,
    /// Official title.
    pub title: String,
    /// Axis 2, e.g. "Upper Bones".
    pub body_system: String,
    /// Axis 3, e.g. "Excision".
    pub operation: String,
    /// Axis 4, e.g. "Thoracic Vertebra".
    pub body_part: String,
    /// Axis 5, e.g. "Open".
    pub approach: String,
    /// Axis 6, e.g. "No Device".
    pub device: String,
    /// Axis 7, e.g. "No Qualifier".
    pub qualifier: String,
}

#[derive(serde::Deserialize)]
struct CmRow {
    code: String,
    billable: u8,
    title: String,
}

/// A bundled gzip file as text.
pub(crate) fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("the bundled data files are valid gzip UTF-8");
    text
}

/// Every row of the bundled ICD-10-PCS Medical and Surgical code set.
pub fn pcs_rows() -> Vec<PcsRow> {
    csv::Reader::from_reader(gunzip(PCS_GZ).as_bytes())
        .deserialize()
        .map(|row| row.expect("the bundled ICD-10-PCS file has the documented columns"))
        .collect()
}

/// The bundled code sets, ready for validation.
pub fn official_codes() -> OfficialCodes {
    let pcs = pcs_rows()
        .into_iter()
        .map(|row| (row.code, row.title))
        .collect();
    let cm: HashMap<String, DiagnosisEntry> = csv::Reader::from_reader(gunzip(CM_GZ).as_bytes())
        .deserialize::<CmRow>()
        .map(|row| row.expect("the bundled ICD-10-CM file has the documented columns"))
        .map(|row| {
            (
                row.code,
                DiagnosisEntry {
                    title: row.title,
                    billable: row.billable == 1,
                },
            )
        })
        .collect();
    OfficialCodes { pcs, cm }
}
