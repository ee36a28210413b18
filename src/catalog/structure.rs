//! A structured code read character by character: ICD-10-PCS codes are
//! seven characters, each an axis (section, body system, root operation,
//! body part, approach, device, qualifier), and a catalog whose facets name
//! those axes ([`Facet::axis`]) gives each character its meaning for a
//! procedure.

use super::model::{Catalog, Code, CodeSystem, Facet, Procedure};

/// One character of a code with what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCharacter {
    /// Its position, counted from 1.
    pub position: usize,
    /// The character itself.
    pub character: char,
    /// The axis it stands for, e.g. "Root operation".
    pub axis: String,
    /// What it means in this code, e.g. "Fusion".
    pub meaning: String,
}

/// The sections of ICD-10-PCS, by their first character (public domain,
/// CMS). Their names give the first character of any ICD-10-PCS code its
/// meaning; the other characters depend on the section and need a catalog.
const PCS_SECTIONS: [(char, &str); 17] = [
    ('0', "Medical and Surgical"),
    ('1', "Obstetrics"),
    ('2', "Placement"),
    ('3', "Administration"),
    ('4', "Measurement and Monitoring"),
    ('5', "Extracorporeal or Systemic Assistance and Performance"),
    ('6', "Extracorporeal or Systemic Therapies"),
    ('7', "Osteopathic"),
    ('8', "Other Procedures"),
    ('9', "Chiropractic"),
    ('B', "Imaging"),
    ('C', "Nuclear Medicine"),
    ('D', "Radiation Therapy"),
    ('F', "Physical Rehabilitation and Diagnostic Audiology"),
    ('G', "Mental Health"),
    ('H', "Substance Abuse Treatment"),
    ('X', "New Technology"),
];

/// The ICD-10-PCS section a code's first character names.
pub fn pcs_section(first: char) -> Option<&'static str> {
    PCS_SECTIONS
        .iter()
        .find(|(c, _)| *c == first)
        .map(|(_, name)| *name)
}

impl Catalog {
    /// The facets that name characters of `system`'s codes, by position.
    fn axes_of(&self, system: CodeSystem) -> Vec<(usize, &Facet)> {
        let mut axes: Vec<(usize, &Facet)> = self
            .facets
            .iter()
            .filter_map(|f| {
                f.axis
                    .filter(|a| a.system == system)
                    .map(|a| (usize::from(a.character), f))
            })
            .collect();
        axes.sort_by_key(|(position, _)| *position);
        axes
    }

    /// `code` of `procedure` character by character, with the meaning the
    /// procedure's values of the axis facets give each; empty when the
    /// catalog names no axis of the code's system.
    pub fn code_structure(&self, procedure: &Procedure, code: &Code) -> Vec<CodeCharacter> {
        let axes = self.axes_of(code.system);
        if axes.is_empty() {
            return Vec::new();
        }
        let section = (code.system == CodeSystem::Icd10Pcs)
            .then(|| code.code.chars().next())
            .flatten()
            .and_then(|first| pcs_section(first).map(|name| (first, name)));
        let mut characters: Vec<CodeCharacter> = section
            .filter(|_| !axes.iter().any(|(position, _)| *position == 1))
            .map(|(first, name)| CodeCharacter {
                position: 1,
                character: first,
                axis: "Section".into(),
                meaning: name.into(),
            })
            .into_iter()
            .collect();
        for (position, facet) in axes {
            let Some(character) = code.code.chars().nth(position - 1) else {
                continue;
            };
            let meaning = procedure
                .values(&facet.id)
                .iter()
                .map(|v| self.value_label(&facet.id, v))
                .collect::<Vec<_>>()
                .join(", ");
            characters.push(CodeCharacter {
                position,
                character,
                axis: facet.label.clone(),
                meaning,
            });
        }
        characters
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::load;

    #[test]
    fn a_code_reads_character_by_character_from_its_axis_facets() {
        let catalog = load(
            br#"{"format_version": 1, "title": "t", "publisher": "p", "catalog_version": "1",
                 "updated": "2026-01-01", "license": "l",
                 "facets": [
                   {"id": "operation", "label": "Root operation", "axis": {"system": "ICD-10-PCS", "character": 3},
                    "values": [{"id": "fusion", "label": "Fusion"}]},
                   {"id": "body-system", "label": "Body system", "axis": {"system": "ICD-10-PCS", "character": 2},
                    "values": [{"id": "lower-joints", "label": "Lower Joints"}]}
                 ],
                 "procedures": [{"id": "a", "title": "A", "summary": "S",
                   "codes": [{"system": "ICD-10-PCS", "code": "0SG00AJ"}, {"system": "CPT", "code": "22612"}],
                   "facets": {"operation": ["fusion"], "body-system": ["lower-joints"]}}]}"#,
            None,
        )
        .unwrap()
        .catalog;
        let procedure = &catalog.procedures[0];
        let owned: Vec<(usize, char, String, String)> = catalog
            .code_structure(procedure, &procedure.codes[0])
            .into_iter()
            .map(|c| (c.position, c.character, c.axis, c.meaning))
            .collect();
        assert_eq!(
            owned,
            [
                (
                    1,
                    '0',
                    "Section".to_owned(),
                    "Medical and Surgical".to_owned()
                ),
                (2, 'S', "Body system".to_owned(), "Lower Joints".to_owned()),
                (3, 'G', "Root operation".to_owned(), "Fusion".to_owned()),
            ]
        );
        assert!(
            catalog
                .code_structure(procedure, &procedure.codes[1])
                .is_empty()
        );
    }
}
