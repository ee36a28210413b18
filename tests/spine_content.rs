//! The spine catalog as a coder bills from it: the coding rules it states,
//! the families it covers, the pages its cards rest on, and shared rules
//! written once as notes rather than copied onto every card.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{HashMap, HashSet};

use procedure_catalog::catalog::{Catalog, CodeSystem, Procedure, Relation, load};
use procedure_catalog::search::{CatalogIndex, Query, evaluate};

fn spine() -> Catalog {
    load(&std::fs::read("public/catalogs/spine.json").unwrap(), None)
        .unwrap()
        .catalog
}

/// The card that reports CPT `code`.
fn card<'a>(catalog: &'a Catalog, code: &str) -> &'a Procedure {
    catalog
        .procedures
        .iter()
        .find(|p| {
            p.codes
                .iter()
                .any(|c| c.system == CodeSystem::Cpt && c.code == code)
        })
        .unwrap_or_else(|| panic!("no card reports {code}"))
}

/// Everything a coder reads on the card itself: title, summary, billing
/// notes, modifier explanations and co-surgery text.
fn card_text(p: &Procedure) -> String {
    let mut text = vec![p.title.clone(), p.summary.clone()];
    if let Some(billing) = &p.billing {
        text.extend(billing.notes.iter().cloned());
        text.extend(billing.modifiers.iter().map(|m| m.when.clone()));
    }
    if let Some(team) = &p.team {
        text.extend(team.co_surgery.iter().cloned());
    }
    text.join("\n")
}

/// Whether `from` links to `to` with `relation`.
fn links(from: &Procedure, to: &Procedure, relation: Relation) -> bool {
    from.related
        .iter()
        .any(|r| r.id == to.id && r.relation == relation)
}

/// Whether `from` links to `to` in any way.
fn links_any(from: &Procedure, to: &Procedure) -> bool {
    from.related.iter().any(|r| r.id == to.id)
}

fn has_type(p: &Procedure, value: &str) -> bool {
    p.values("procedure-type")
        .iter()
        .any(|v| v.as_ref() == value)
}

#[test]
fn the_anterior_cervical_fusion_card_sends_acdf_to_22551_and_links_it() {
    let catalog = spine();
    let fusion = card(&catalog, "22554");
    let acdf = card(&catalog, "22551");
    let discectomy = card(&catalog, "63075");
    let text = card_text(fusion);
    assert!(text.contains("22551"), "{text}");
    assert!(text.contains("ACDF"), "{text}");
    assert!(links_any(fusion, acdf), "22554 links to the 22551 card");
    assert!(links(acdf, fusion, Relation::Replaces));
    assert!(links(acdf, discectomy, Relation::Replaces));
    assert!(card_text(acdf).contains("22554") && card_text(acdf).contains("63075"));
    assert!(card_text(discectomy).contains("22551"));
    for p in [fusion, acdf, discectomy, card(&catalog, "22552")] {
        assert!(p.notes.iter().any(|n| n == "acdf-coding"), "{}", p.id);
    }
    assert!(
        !fusion
            .values("indication")
            .iter()
            .any(|v| v.as_ref() == "disc-herniation"),
        "a herniated disc removed and fused from the front is an ACDF, not 22554"
    );
}

#[test]
fn single_level_pedicle_screws_are_reported_with_22840_not_22842() {
    let catalog = spine();
    let non_segmental = card(&catalog, "22840");
    let segmental = card(&catalog, "22842");
    let text = card_text(non_segmental);
    assert!(!text.contains("far less common"), "{text}");
    assert!(
        text.contains("one interspace") || text.contains("single-level"),
        "{text}"
    );
    assert!(
        text.contains("not 22842") || text.contains("Do not report 22842"),
        "{text}"
    );
    let text = card_text(segmental);
    assert!(text.contains("three to six"), "{text}");
    assert!(text.contains("22840"), "{text}");
    assert!(links_any(segmental, non_segmental) && links_any(non_segmental, segmental));
}

#[test]
fn no_card_lists_the_same_modifier_twice() {
    for p in &spine().procedures {
        let mut seen = HashSet::new();
        for m in p.billing.iter().flat_map(|b| &b.modifiers) {
            assert!(
                seen.insert(&m.code),
                "{} lists modifier {} twice",
                p.id,
                m.code
            );
        }
    }
}

#[test]
fn instrumentation_cards_list_decompression_and_corpectomy_primaries() {
    let catalog = spine();
    let posterior = [
        card(&catalog, "63047"),
        card(&catalog, "63030"),
        card(&catalog, "63101"),
    ];
    let anterior = [
        card(&catalog, "63075"),
        card(&catalog, "63081"),
        card(&catalog, "63090"),
    ];
    for code in [
        "22840", "22842", "22843", "22844", "22845", "22846", "22847",
    ] {
        let p = card(&catalog, code);
        let primaries = &p.billing.as_ref().unwrap().primary_procedures;
        let wanted = if code < "22845" {
            &posterior
        } else {
            &anterior
        };
        for primary in wanted {
            assert!(
                primaries.contains(&primary.id),
                "{code} lists {} as a primary",
                primary.id
            );
        }
        assert!(
            primaries.iter().any(|id| catalog
                .procedure(id)
                .is_some_and(|q| has_type(q, "arthrodesis"))),
            "{code} keeps its fusion primaries"
        );
    }
    let note = catalog.note("instrumentation-reporting").unwrap();
    assert!(note.text.contains("decompression") && note.text.contains("corpectomy"));
}

#[test]
fn the_corpectomy_device_card_requires_a_fusion_and_points_to_22859_without_one() {
    let catalog = spine();
    let device = card(&catalog, "22854");
    let without = card(&catalog, "22859");
    let text = card_text(device);
    assert!(
        text.contains("interbody fusion") && text.contains("22859"),
        "{text}"
    );
    assert!(links(device, without, Relation::Alternative));
    assert!(card_text(without).contains("22854"));
    assert!(
        without.unverified.is_empty(),
        "22859 is confirmed on public pages"
    );
    let note = catalog.note("interbody-device-codes").unwrap();
    assert!(
        note.text.contains("22859") && note.text.contains("without")
            || note.text.contains("no interbody fusion")
    );
}

#[test]
fn disc_herniation_carries_the_radiculopathy_codes_its_synonyms_promise() {
    let catalog = spine();
    let value = catalog
        .facet_value("indication", "disc-herniation")
        .unwrap();
    assert!(
        value
            .synonyms
            .iter()
            .any(|s| s == "sciatica" || s == "radiculopathy")
    );
    for family in ["M50.1", "M51.1", "M50.2", "M51.2"] {
        assert!(
            value.codes.iter().any(|c| c.code.starts_with(family)),
            "disc herniation has a {family} code"
        );
    }
}

#[test]
fn bone_tumors_and_discitis_cover_the_sacrum_and_unspecified_discitis() {
    let catalog = spine();
    let has = |value: &str, code: &str| {
        catalog
            .facet_value("indication", value)
            .unwrap()
            .codes
            .iter()
            .any(|c| c.code.starts_with(code))
    };
    assert!(has("primary-malignant-bone-tumor", "C41.4"));
    assert!(has("benign-bone-tumor", "D16.8"));
    assert!(has("discitis", "M46.4"));
}

#[test]
fn add_on_fusion_cards_say_their_pcs_codes_replace_the_primarys() {
    let catalog = spine();
    for code in ["22552", "22585", "22614", "22632", "22634"] {
        let p = card(&catalog, code);
        assert!(p.codes.iter().any(|c| c.system == CodeSystem::Icd10Pcs));
        let text = card_text(p);
        assert!(
            text.contains("ICD-10-PCS") && text.contains("replace"),
            "{code}: {text}"
        );
        assert!(p.notes.iter().any(|n| n == "pcs-fusion-joints"), "{code}");
    }
    assert!(
        catalog
            .note("pcs-fusion-joints")
            .unwrap()
            .text
            .contains("never added")
    );
}

#[test]
fn no_card_or_note_claims_co_surgery_excludes_an_assistant() {
    let catalog = spine();
    let mut texts: Vec<(String, String)> = catalog
        .notes
        .iter()
        .map(|n| (n.id.clone(), n.text.clone()))
        .collect();
    for p in &catalog.procedures {
        texts.push((p.id.clone(), card_text(p)));
    }
    for (id, text) in texts {
        let text = text.to_lowercase();
        for claim in [
            "pays no assistant",
            "no assistant on top",
            "assistant on top",
            "and no assistant",
        ] {
            assert!(!text.contains(claim), "{id}: {claim}");
        }
    }
    let note = catalog.note("co-surgery-62").unwrap().text.clone();
    assert!(note.contains("assistant-at-surgery indicator"), "{note}");
}

#[test]
fn every_bone_graft_card_says_it_is_reported_once_per_session() {
    let catalog = spine();
    let grafts: Vec<&Procedure> = catalog
        .procedures
        .iter()
        .filter(|p| has_type(p, "bone-graft"))
        .collect();
    assert_eq!(grafts.len(), 6);
    for p in grafts {
        let text = card_text(p);
        assert!(
            text.contains("One unit for the session"),
            "{}: {text}",
            p.id
        );
        assert!(
            p.notes.iter().any(|n| n == "bone-graft-reporting"),
            "{}",
            p.id
        );
    }
    let note = catalog.note("bone-graft-reporting").unwrap();
    assert!(note.text.contains("once") && note.text.contains("however many levels"));
}

#[test]
fn the_combined_lumbar_fusion_card_replaces_22612_plus_22630() {
    let catalog = spine();
    let combined = card(&catalog, "22633");
    for code in ["22612", "22630"] {
        let single = card(&catalog, code);
        assert!(
            links(combined, single, Relation::Replaces),
            "22633 replaces {code}"
        );
        assert!(
            card_text(single).contains("22633"),
            "{code} sends the pair to 22633"
        );
        assert!(card_text(combined).contains(code));
    }
    let add_on = card(&catalog, "22634");
    for code in ["22614", "22632"] {
        assert!(links(add_on, card(&catalog, code), Relation::Replaces));
    }
}

#[test]
fn only_cards_that_open_the_chest_plan_one_lung_ventilation() {
    for p in &spine().procedures {
        let chest = p
            .values("approach")
            .iter()
            .any(|a| a.as_ref() == "transthoracic" || a.as_ref() == "combined-thoracolumbar");
        for role in p.team.iter().flat_map(|t| &t.roles) {
            let does = role.does.to_lowercase();
            let lung = ["single-lung", "one-lung", "double-lumen"]
                .iter()
                .any(|w| does.contains(w));
            assert!(
                !lung || chest,
                "{} plans lung isolation without entering the chest",
                p.id
            );
        }
    }
}

#[test]
fn the_lumbar_lateral_extracavitary_corpectomy_carries_a_fusion_code_like_its_twin() {
    let catalog = spine();
    for code in ["63101", "63102"] {
        let p = card(&catalog, code);
        assert!(
            p.codes.iter().any(|c| c.system == CodeSystem::Icd10Pcs
                && (c.code.starts_with("0RG") || c.code.starts_with("0SG"))),
            "{code} has a PCS fusion code"
        );
    }
}

#[test]
fn every_primary_with_modifier_62_explains_who_the_co_surgeons_are() {
    for p in &spine().procedures {
        let Some(billing) = &p.billing else { continue };
        if billing.add_on || !billing.modifiers.iter().any(|m| m.code == "62") {
            continue;
        }
        let co = p.team.as_ref().and_then(|t| t.co_surgery.as_ref());
        assert!(
            co.is_some_and(|t| t.contains("62")),
            "{} lists 62 without co-surgery text",
            p.id
        );
        assert!(p.notes.iter().any(|n| n == "co-surgery-62"), "{}", p.id);
    }
}

#[test]
fn a_level_add_on_lists_62_when_all_its_primaries_do() {
    let catalog = spine();
    for p in &catalog.procedures {
        let Some(billing) = &p.billing else { continue };
        if !billing.add_on || billing.primary_procedures.is_empty() {
            continue;
        }
        // Further levels of the same operation, not the graft, device or
        // instrumentation add-ons that the spine surgeon alone reports.
        let same_kind = |q: &Procedure| {
            p.values("procedure-type")
                .iter()
                .any(|v| has_type(q, v.as_ref()))
        };
        let all_62 = billing.primary_procedures.iter().all(|id| {
            catalog.procedure(id).is_some_and(|q| {
                same_kind(q)
                    && q.billing
                        .as_ref()
                        .is_some_and(|b| b.modifiers.iter().any(|m| m.code == "62"))
            })
        });
        if all_62 {
            assert!(
                billing.modifiers.iter().any(|m| m.code == "62"),
                "{} drops 62 although its primaries list it",
                p.id
            );
        }
    }
}

#[test]
fn facts_confirmed_on_public_pages_are_no_longer_marked_unverified() {
    let catalog = spine();
    for code in [
        "22842", "22859", "63300", "63301", "63302", "63303", "63304", "63305", "63306", "63307",
    ] {
        let p = card(&catalog, code);
        assert!(p.unverified.is_empty(), "{code}: {:?}", p.unverified);
    }
    assert!(card(&catalog, "22842").summary.contains("three to six"));
}

/// Sources that describe the whole catalog's code sets and fee schedule
/// rather than confirming one code's use.
const CATALOG_WIDE: &[&str] = &[
    "cms-pfs-lookup",
    "cms-pfs-rvu",
    "cms-ncci-add-on",
    "cms-icd10-pcs-2025",
    "cms-icd10-pcs-guidelines-2025",
    "cdc-icd10-cm-2025",
    "medlineplus",
    "medlineplus-spinal-fusion",
];

#[test]
fn every_card_rests_on_a_dated_public_page_beyond_the_catalog_wide_sources() {
    let catalog = spine();
    for p in &catalog.procedures {
        let specific: Vec<_> = p
            .sources
            .iter()
            .filter(|s| !CATALOG_WIDE.contains(&s.as_str()))
            .collect();
        assert!(
            !specific.is_empty(),
            "{} rests only on catalog-wide sources",
            p.id
        );
        for id in specific {
            let source = catalog.source(id).unwrap();
            assert!(
                source.url.is_some() && source.accessed.is_some(),
                "{} cites {id} without an address and a date",
                p.id
            );
        }
    }
}

#[test]
fn the_families_a_spine_coder_looks_up_are_all_there() {
    let catalog = spine();
    assert!(
        catalog.procedures.len() >= 110,
        "{}",
        catalog.procedures.len()
    );
    for code in [
        "22551", "22552", "63075", "63076", "22510", "22511", "22512", "22513", "22514", "22515",
        "63030", "63035", "63042", "63044", "22600", "22610", "22614", "27279", "27280", "63650",
        "63655", "63685", "63688", "22830", "22850", "22852", "22855", "22206", "22207", "22208",
        "22210", "22212", "22214", "22216", "22220", "22222", "22226", "22310", "22315", "22318",
        "22319", "22325", "22326", "22327", "22328", "63265", "63270", "63275", "63280", "63285",
        "61783", "69990",
    ] {
        card(&catalog, code);
    }
}

#[test]
fn each_further_level_add_on_is_linked_from_every_primary_it_goes_with() {
    let catalog = spine();
    let mut linked_from_some = 0;
    for p in catalog.procedures.iter().filter(|p| p.is_add_on()) {
        let primaries = &p.billing.as_ref().unwrap().primary_procedures;
        let linking: Vec<_> = primaries
            .iter()
            .filter_map(|id| catalog.procedure(id))
            .filter(|q| links(q, p, Relation::AddOn))
            .collect();
        // Every add-on is reachable from a primary's card.
        assert!(
            !linking.is_empty() || primaries.len() > 12,
            "no primary links {}",
            p.id
        );
        linked_from_some += 1;
        // An add-on for further levels of one family is linked from each of its primaries.
        if primaries.len() <= 3 {
            for id in primaries {
                let q = catalog.procedure(id).unwrap();
                assert!(
                    links(q, p, Relation::AddOn),
                    "{} does not link its add-on {}",
                    q.id,
                    p.id
                );
            }
        }
    }
    assert!(linked_from_some > 30);
}

#[test]
fn pairs_that_must_not_be_reported_together_say_so_on_both_cards() {
    let catalog = spine();
    for (a, b) in [
        ("22551", "22554"),
        ("22551", "63075"),
        ("22633", "22612"),
        ("22633", "22630"),
        ("63030", "63042"),
        ("27279", "27278"),
        ("22318", "22319"),
        ("22600", "22610"),
        ("22853", "22859"),
        ("22840", "22842"),
    ] {
        let (p, q) = (card(&catalog, a), card(&catalog, b));
        assert!(card_text(p).contains(b), "{a} names {b}");
        assert!(card_text(q).contains(a), "{b} names {a}");
        assert!(links_any(p, q) || links_any(q, p), "{a} and {b} are linked");
    }
}

#[test]
fn lateral_lumbar_interbody_fusion_is_found_under_its_names() {
    let catalog = spine();
    let index = CatalogIndex::build(&catalog);
    let alif = card(&catalog, "22558");
    for name in [
        "XLIF",
        "LLIF",
        "DLIF",
        "OLIF",
        "lateral lumbar interbody fusion",
    ] {
        let query = Query {
            text: name.into(),
            ..Query::default()
        };
        let found = evaluate(&index, &query, None).order;
        assert!(
            found
                .first()
                .is_some_and(|&i| catalog.procedures[i as usize].id == alif.id),
            "{name} finds 22558 first"
        );
    }
}

/// Long texts (60 characters or more) in the team, billing and risk fields
/// of every card.
fn long_texts(p: &Procedure) -> Vec<&str> {
    let mut texts = Vec::new();
    if let Some(team) = &p.team {
        texts.extend(team.roles.iter().map(|r| r.does.as_str()));
        texts.extend(team.co_surgery.as_deref());
    }
    if let Some(billing) = &p.billing {
        texts.extend(billing.modifiers.iter().map(|m| m.when.as_str()));
        texts.extend(billing.notes.iter().map(String::as_str));
    }
    texts.extend(p.risks.iter().map(String::as_str));
    texts.retain(|t| t.chars().count() >= 60);
    texts
}

/// How many of the catalog's long team, billing and risk texts appear word
/// for word on more than one card, and how many long texts there are.
fn repeated_long_texts(catalog: &Catalog) -> (usize, usize) {
    let mut cards_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut all = Vec::new();
    for p in &catalog.procedures {
        for text in long_texts(p) {
            cards_of.entry(text).or_default().insert(p.id.as_str());
            all.push(text);
        }
    }
    let repeated = all.iter().filter(|t| cards_of[*t].len() > 1).count();
    (repeated, all.len())
}

#[test]
fn long_team_billing_and_risk_texts_are_rarely_copied_from_card_to_card() {
    let (repeated, total) = repeated_long_texts(&spine());
    assert!(total > 150, "{total} long texts");
    let share = repeated as f64 / total as f64;
    assert!(
        share <= 0.10,
        "{repeated} of {total} long texts ({:.1}%) repeat word for word on other cards; write the shared rule once as a catalog note",
        share * 100.0
    );
}

#[test]
fn the_repetition_measure_counts_a_rule_copied_onto_every_card() {
    let mut catalog = spine();
    let (_, before) = repeated_long_texts(&catalog);
    let copied =
        "Each surgeon reports this code with 62 and writes an operative note of their own part.";
    for p in &mut catalog.procedures {
        if let Some(billing) = &mut p.billing {
            billing.notes.push(copied.to_owned());
        }
    }
    let (repeated, total) = repeated_long_texts(&catalog);
    assert!(total > before);
    assert!(repeated >= total - before, "every copy counts as repeated");
    assert!(repeated as f64 / total as f64 > 0.10);
}
