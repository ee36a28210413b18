//! Synthetic catalogs for tests and benchmarks (`catalog generate`).
//!
//! [`generate`] builds a valid format-v1 catalog of any size from a seed:
//! spine-like facets (a primary `indication` facet of 20 values with a skewed,
//! Zipf-like spread, `region`, `approach`, `procedure-type`, `specialty`) plus
//! a larger `body-part` facet of 200 vertebral levels and structures; titles
//! and summaries assembled from a word pool, so text search meets realistic
//! vocabulary and shared prefixes; CPT-shaped codes and, on some cards, a real
//! ICD-10-PCS code with its official title; add-ons with their primary
//! procedures; other links, steps, risks and sources on a share of the cards.
//!
//! The same seed and count always give the same catalog, byte for byte once
//! serialised: the only randomness is a ChaCha8 generator seeded from the
//! seed, and nothing iterates a hash map. The text is filler, not medical
//! content, and says so in the catalog's notices. Native builds only.

use std::collections::{BTreeMap, HashSet};

use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::import_pcs::slug;
use super::model::{
    Billing, Catalog, Code, CodeSystem, FORMAT_VERSION, Facet, FacetValue, Modifier, Procedure,
    Related, Relation, Source, Step, Team, TeamRole, Unverified,
};
use super::official::PcsRow;
use super::validate::CPT_NOTICE;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Number of procedures.
    pub count: usize,
    /// Seed of the random generator; the same seed gives the same catalog.
    pub seed: u64,
}

/// A synthetic catalog of `options.count` procedures. ICD-10-PCS codes, when
/// cited, are drawn from `pcs` with their official titles; with no rows, only
/// CPT-shaped codes are cited.
pub fn generate(options: &Options, pcs: &[PcsRow]) -> Catalog {
    let mut generator = Generator::new(options.seed, pcs);
    let mut procedures: Vec<Procedure> = Vec::with_capacity(options.count);
    let mut primaries: Vec<usize> = Vec::new();
    for index in 0..options.count {
        let add_on = !primaries.is_empty() && generator.rng.random_bool(0.1);
        if add_on {
            let procedure = generator.add_on(index, &primaries, &mut procedures);
            procedures.push(procedure);
        } else {
            primaries.push(index);
            procedures.push(generator.primary(index));
        }
    }
    generator.link_others(&mut procedures);
    Catalog {
        format_version: FORMAT_VERSION,
        title: format!("Synthetic spine catalog ({} procedures)", options.count),
        publisher: "Procedure Catalog project (generated test data)".into(),
        catalog_version: format!("synthetic-{}", options.seed),
        updated: "2026-11-23".into(),
        license: "CC0-1.0".into(),
        notices: vec![
            CPT_NOTICE.into(),
            format!(
                "Synthetic test data made by `catalog generate --count {} --seed {}`: titles, summaries, CPT-shaped numbers and billing facts are random filler, not medical, coding or billing content.",
                options.count, options.seed
            ),
        ],
        sources: sources(),
        notes: Vec::new(),
        facets: facets(),
        procedures,
        index: Vec::new(),
    }
}

/// An indication: id, label, ICD-10-CM codes (billable, 2025), synonyms.
type Indication = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// Most frequent first: procedures draw them with Zipf-like weights.
const INDICATIONS: [Indication; 20] = [
    (
        "lumbar-spinal-stenosis",
        "Lumbar spinal stenosis",
        &["M48.062"],
        &["narrowing of the lumbar canal"],
    ),
    (
        "lumbar-disc-herniation",
        "Lumbar disc herniation",
        &["M51.26", "M51.16"],
        &["slipped disc", "sciatica"],
    ),
    (
        "degenerative-disc-disease",
        "Degenerative disc disease",
        &["M51.362"],
        &["DDD"],
    ),
    (
        "spondylolisthesis",
        "Spondylolisthesis",
        &["M43.16"],
        &["slipped vertebra"],
    ),
    (
        "lumbar-radiculopathy",
        "Lumbar radiculopathy",
        &["M54.16", "M54.17"],
        &[],
    ),
    (
        "cervical-disc-herniation",
        "Cervical disc herniation",
        &["M50.222"],
        &[],
    ),
    (
        "cervical-spinal-stenosis",
        "Cervical spinal stenosis",
        &["M48.02"],
        &["cervical myelopathy"],
    ),
    (
        "spondylosis",
        "Spondylosis",
        &["M47.816", "M47.812"],
        &["spinal arthritis"],
    ),
    (
        "osteoporotic-vertebral-fracture",
        "Osteoporotic vertebral fracture",
        &["M80.08XA"],
        &["compression fracture"],
    ),
    (
        "spinal-instability",
        "Spinal instability",
        &["M53.2X6"],
        &[],
    ),
    (
        "thoracolumbar-fracture",
        "Thoracolumbar fracture",
        &["S22.009A", "S32.009A"],
        &["burst fracture"],
    ),
    (
        "spinal-metastasis",
        "Spinal metastasis",
        &["C79.51"],
        &["metastatic disease", "mets"],
    ),
    (
        "adolescent-idiopathic-scoliosis",
        "Adolescent idiopathic scoliosis",
        &["M41.125"],
        &["AIS"],
    ),
    ("kyphosis", "Kyphosis", &["M40.204"], &["hunchback"]),
    (
        "failed-back-surgery-syndrome",
        "Failed back surgery syndrome",
        &["M96.1"],
        &["postlaminectomy syndrome"],
    ),
    (
        "hardware-failure",
        "Displaced spinal hardware",
        &["T84.226A"],
        &["screw loosening"],
    ),
    (
        "vertebral-osteomyelitis",
        "Vertebral osteomyelitis",
        &["M46.26"],
        &[],
    ),
    (
        "discitis",
        "Discitis",
        &["M46.46", "M46.34"],
        &["disc space infection"],
    ),
    (
        "spinal-epidural-abscess",
        "Spinal epidural abscess",
        &["G06.1"],
        &[],
    ),
    (
        "primary-spinal-tumor",
        "Primary tumor of the vertebral column",
        &["C41.2", "D16.6"],
        &["chordoma", "osteoid osteoma"],
    ),
];

/// A region: id, label, adjective, its vertebral levels, and how often it is operated on.
type Region = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    f64,
);

const REGIONS: [Region; 4] = [
    (
        "cervical",
        "Cervical",
        "cervical",
        &["C1", "C2", "C3", "C4", "C5", "C6", "C7"],
        0.25,
    ),
    (
        "thoracic",
        "Thoracic",
        "thoracic",
        &[
            "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
        ],
        0.15,
    ),
    (
        "lumbar",
        "Lumbar",
        "lumbar",
        &["L1", "L2", "L3", "L4", "L5"],
        0.5,
    ),
    (
        "sacral",
        "Sacral and pelvic",
        "sacral",
        &["S1", "S2", "S3", "S4", "S5"],
        0.1,
    ),
];

/// Structures named at every vertebral level.
const STRUCTURES: [&str; 6] = [
    "vertebral body",
    "lamina",
    "pedicle",
    "facet joint",
    "transverse process",
    "nerve root",
];

/// An approach: id, label, the adjective titles use, and the regions it is
/// used on (by index into [`REGIONS`]), so that titles stay plausible.
type Approach = (&'static str, &'static str, &'static str, &'static [usize]);

const APPROACHES: [Approach; 8] = [
    ("posterior", "Posterior", "posterior", &[0, 1, 2, 3]),
    ("anterior", "Anterior", "anterior", &[0, 2]),
    ("lateral", "Lateral (transpsoas)", "lateral", &[1, 2]),
    (
        "posterolateral",
        "Posterolateral",
        "posterolateral",
        &[1, 2],
    ),
    (
        "transforaminal",
        "Transforaminal",
        "transforaminal",
        &[2, 3],
    ),
    ("transthoracic", "Transthoracic", "transthoracic", &[1]),
    (
        "retroperitoneal",
        "Retroperitoneal",
        "retroperitoneal",
        &[2, 3],
    ),
    ("endoscopic", "Full endoscopic", "endoscopic", &[0, 1, 2]),
];

/// A procedure type: id, label, nouns for titles, what the surgeon does, weight.
type ProcedureType = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    f64,
);

const PROCEDURE_TYPES: [ProcedureType; 8] = [
    (
        "decompression",
        "Decompression",
        &[
            "decompression",
            "laminectomy",
            "laminotomy",
            "foraminotomy",
            "hemilaminectomy",
        ],
        &[
            "The surgeon removes bone and thickened ligament pressing on the spinal cord or nerve roots.",
            "The canal and the exit foramina are widened until the nerve roots move freely.",
        ],
        30.0,
    ),
    (
        "fusion",
        "Fusion (arthrodesis)",
        &["fusion", "arthrodesis", "interbody fusion", "spondylodesis"],
        &[
            "Bone graft is packed between the prepared vertebrae so that they grow into one solid segment.",
            "The joint surfaces are decorticated and grafted to join the segment.",
        ],
        25.0,
    ),
    (
        "discectomy",
        "Discectomy",
        &["discectomy", "microdiscectomy", "disc excision"],
        &[
            "The herniated disc fragment is removed under the microscope, freeing the compressed nerve root.",
            "The surgeon clears the disc space and removes the fragment pressing on the nerve.",
        ],
        15.0,
    ),
    (
        "instrumentation",
        "Instrumentation",
        &[
            "pedicle screw fixation",
            "rod instrumentation",
            "segmental fixation",
            "plate fixation",
        ],
        &[
            "Screws are placed into the pedicles under fluoroscopy and joined with contoured rods.",
            "A plate or rod construct holds the segment still while the fusion heals.",
        ],
        10.0,
    ),
    (
        "augmentation",
        "Vertebral augmentation",
        &["kyphoplasty", "vertebroplasty", "cement augmentation"],
        &[
            "Bone cement is injected through a cannula into the collapsed vertebral body.",
            "A balloon restores height before cement fills the cavity it leaves.",
        ],
        8.0,
    ),
    (
        "corpectomy",
        "Corpectomy",
        &["corpectomy", "vertebrectomy", "vertebral body resection"],
        &[
            "One or more vertebral bodies are removed and the column is rebuilt with a cage or strut graft.",
            "The surgeon takes out the vertebral body and the discs above and below it.",
        ],
        6.0,
    ),
    (
        "tumor-resection",
        "Tumor resection",
        &[
            "tumor resection",
            "en bloc spondylectomy",
            "intralesional curettage",
        ],
        &[
            "The tumor is removed with a margin of healthy tissue and the spine is stabilised.",
            "Tumor tissue is curetted out and the defect is filled and fixed.",
        ],
        4.0,
    ),
    (
        "deformity-correction",
        "Deformity correction",
        &[
            "osteotomy",
            "deformity correction",
            "pedicle subtraction osteotomy",
            "vertebral column resection",
        ],
        &[
            "Wedges of bone are removed so that the spine can be brought back into balance.",
            "Rods are contoured and the curve is corrected in stages under neuromonitoring.",
        ],
        2.0,
    ),
];

const SPECIALTIES: [(&str, &str); 4] = [
    ("spine-surgery", "Spine surgery"),
    ("general-surgery", "General surgery"),
    ("thoracic-surgery", "Thoracic surgery"),
    ("vascular-surgery", "Vascular surgery"),
];

const MODIFIERS: [&str; 10] = [
    "minimally invasive",
    "revision",
    "navigated",
    "robot-assisted",
    "staged",
    "single-level",
    "multilevel",
    "percutaneous",
    "image-guided",
    "microscopic",
];

const ADJUNCTS: [&str; 8] = [
    "bone graft",
    "interbody cage",
    "posterior instrumentation",
    "neuromonitoring",
    "cement augmentation",
    "autograft harvest",
    "dural repair",
    "allograft strut",
];

const CLOSING: [&str; 8] = [
    "Most patients walk on the day after surgery.",
    "Neuromonitoring is used throughout.",
    "Blood loss is usually modest.",
    "A drain may be left in for a day.",
    "Fluoroscopy confirms the level before the incision.",
    "Recovery takes six to twelve weeks.",
    "A brace is sometimes worn afterwards.",
    "The hospital stay is one to three nights.",
];

const RISKS: [&str; 10] = [
    "Bleeding",
    "Infection",
    "Dural tear",
    "Nerve root injury",
    "Spinal cord injury",
    "Hardware failure",
    "Pseudarthrosis",
    "Adjacent segment disease",
    "Deep vein thrombosis",
    "Cerebrospinal fluid leak",
];

const CONTRAINDICATIONS: [&str; 5] = [
    "Medically unfit for general anaesthesia.",
    "Active infection at the operative site.",
    "Severe osteoporosis where fixation cannot hold.",
    "Symptoms that do not match the imaging.",
    "Uncorrected bleeding disorder.",
];

/// CPT-shaped numbers are drawn from these ranges (musculoskeletal spine and
/// nervous system spine). They are identifiers only; no descriptor is given.
const CPT_RANGES: [(u32, u32); 3] = [(22010, 22899), (63001, 63295), (20930, 20939)];

/// The ids of [`sources`], the synthetic one first.
const SOURCE_IDS: [&str; 5] = [
    "catalog-generate",
    "cms-pfs-lookup",
    "cms-ncci-add-on",
    "cms-icd10-pcs-2025",
    "medlineplus",
];

fn sources() -> Vec<Source> {
    let cms = "Centers for Medicare & Medicaid Services";
    let source = |id: &str, title: &str, url: Option<&str>, publisher: Option<&str>| Source {
        id: id.into(),
        title: title.into(),
        url: url.map(str::to_owned),
        publisher: publisher.map(str::to_owned),
        accessed: url.map(|_| "2026-11-20".to_owned()),
    };
    vec![
        source(
            SOURCE_IDS[0],
            "Generated by `catalog generate` (synthetic, not a real source)",
            None,
            Some("Procedure Catalog project"),
        ),
        source(
            SOURCE_IDS[1],
            "Physician Fee Schedule Look-Up Tool",
            Some("https://www.cms.gov/medicare/physician-fee-schedule/search/overview"),
            Some(cms),
        ),
        source(
            SOURCE_IDS[2],
            "Medicare NCCI Add-on Code Edits",
            Some(
                "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-add-code-edits",
            ),
            Some(cms),
        ),
        source(
            SOURCE_IDS[3],
            "ICD-10-PCS 2025 code set",
            Some("https://www.cms.gov/medicare/coding-billing/icd-10-codes"),
            Some(cms),
        ),
        source(
            SOURCE_IDS[4],
            "MedlinePlus",
            Some("https://medlineplus.gov/"),
            Some("U.S. National Library of Medicine"),
        ),
    ]
}

fn facet(id: &str, label: &str, description: &str, values: Vec<FacetValue>) -> Facet {
    Facet {
        id: id.into(),
        label: label.into(),
        description: Some(description.into()),
        axis: None,
        values,
    }
}

fn value(id: &str, label: &str) -> FacetValue {
    FacetValue {
        id: id.into(),
        label: label.into(),
        description: None,
        synonyms: Vec::new(),
        codes: Vec::new(),
        notes: Vec::new(),
    }
}

fn facets() -> Vec<Facet> {
    let indications = INDICATIONS
        .iter()
        .map(|(id, label, codes, synonyms)| FacetValue {
            synonyms: synonyms.iter().map(|s| (*s).to_owned()).collect(),
            codes: codes
                .iter()
                .map(|code| Code {
                    system: CodeSystem::Icd10Cm,
                    code: (*code).into(),
                    title: None,
                })
                .collect(),
            ..value(id, label)
        })
        .collect();
    let body_parts = body_parts()
        .iter()
        .map(|part| value(&part.id, &part.label))
        .collect();
    vec![
        facet(
            "indication",
            "Indication",
            "What the procedure treats.",
            indications,
        ),
        facet(
            "region",
            "Spinal region",
            "The part of the spine operated on.",
            REGIONS.iter().map(|r| value(r.0, r.1)).collect(),
        ),
        facet(
            "approach",
            "Approach",
            "How the surgeon reaches the spine.",
            APPROACHES.iter().map(|a| value(a.0, a.1)).collect(),
        ),
        facet(
            "procedure-type",
            "Procedure type",
            "What is done to the spine.",
            PROCEDURE_TYPES.iter().map(|t| value(t.0, t.1)).collect(),
        ),
        facet(
            "specialty",
            "Specialty",
            "Who takes part.",
            SPECIALTIES.iter().map(|s| value(s.0, s.1)).collect(),
        ),
        facet(
            "body-part",
            "Body part",
            "The vertebral levels and structures operated on.",
            body_parts,
        ),
    ]
}

/// A value of the `body-part` facet and the region it lies in.
struct BodyPart {
    id: String,
    label: String,
    /// The level as titles name it, e.g. `L4` or `L4-L5`.
    level: String,
    region: usize,
}

/// 200 body parts: each structure at each level, the discs between
/// neighbouring levels down to L5-S1, both sacroiliac joints and the coccyx.
fn body_parts() -> Vec<BodyPart> {
    let mut parts = Vec::new();
    let mut part = |label: String, level: &str, region: usize| {
        parts.push(BodyPart {
            id: slug(&label),
            label,
            level: level.to_owned(),
            region,
        });
    };
    for (region, (_, _, _, levels, _)) in REGIONS.iter().enumerate() {
        for level in *levels {
            for structure in STRUCTURES {
                part(format!("{level} {structure}"), level, region);
            }
        }
    }
    let levels: Vec<(usize, &str)> = REGIONS
        .iter()
        .enumerate()
        .flat_map(|(region, r)| r.3.iter().map(move |level| (region, *level)))
        .collect();
    for pair in levels.windows(2) {
        let [(region, upper), (_, lower)] = pair else {
            continue;
        };
        if upper.starts_with('S') || *upper == "C1" {
            continue;
        }
        let level = format!("{upper}-{lower}");
        part(format!("{level} intervertebral disc"), &level, *region);
    }
    part("Left sacroiliac joint".into(), "SI", 3);
    part("Right sacroiliac joint".into(), "SI", 3);
    part("Coccyx".into(), "coccyx", 3);
    for p in &mut parts {
        let mut chars = p.label.chars();
        if let Some(first) = chars.next() {
            p.label = first.to_uppercase().chain(chars).collect();
        }
    }
    parts
}

/// The random source and the tables drawn from.
struct Generator<'a> {
    rng: ChaCha8Rng,
    /// The ICD-10-PCS rows codes are drawn from: those on the spine when
    /// there are any, else all.
    pcs: Vec<&'a PcsRow>,
    body_parts: Vec<BodyPart>,
    /// Indices into `body_parts`, per region.
    parts_by_region: Vec<Vec<usize>>,
    indications: WeightedIndex<f64>,
    regions: WeightedIndex<f64>,
    types: WeightedIndex<f64>,
}

/// What a card is about, drawn before its text is written.
struct Subject {
    kind: usize,
    regions: Vec<usize>,
    approaches: Vec<usize>,
    indications: Vec<usize>,
    parts: Vec<usize>,
    noun: &'static str,
}

impl<'a> Generator<'a> {
    fn new(seed: u64, pcs: &'a [PcsRow]) -> Generator<'a> {
        let body_parts = body_parts();
        let parts_by_region = (0..REGIONS.len())
            .map(|r| {
                (0..body_parts.len())
                    .filter(|&i| body_parts[i].region == r)
                    .collect()
            })
            .collect();
        let zipf = (1..=INDICATIONS.len()).map(|rank| 1.0 / (rank as f64).powf(1.1));
        let spine: Vec<&PcsRow> = pcs.iter().filter(|row| on_the_spine(row)).collect();
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            pcs: if spine.is_empty() {
                pcs.iter().collect()
            } else {
                spine
            },
            body_parts,
            parts_by_region,
            indications: WeightedIndex::new(zipf).expect("positive weights"),
            regions: WeightedIndex::new(REGIONS.iter().map(|r| r.4)).expect("positive weights"),
            types: WeightedIndex::new(PROCEDURE_TYPES.iter().map(|t| t.4))
                .expect("positive weights"),
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *items.choose(&mut self.rng).expect("a non-empty pool")
    }

    /// `n` distinct draws from `draw`, in the order drawn.
    fn distinct(&mut self, n: usize, mut draw: impl FnMut(&mut Self) -> usize) -> Vec<usize> {
        let mut picked = Vec::with_capacity(n);
        while picked.len() < n {
            let i = draw(self);
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        picked
    }

    /// 1 with probability 1/2, 2 with 3/10, 3 with 3/20, 4 with 1/20.
    fn one_to_four(&mut self) -> usize {
        match self.rng.random_range(0..20) {
            0..10 => 1,
            10..16 => 2,
            16..19 => 3,
            _ => 4,
        }
    }

    fn subject(&mut self) -> Subject {
        let kind = self.types.sample(&mut self.rng);
        let first = self.regions.sample(&mut self.rng);
        let mut regions = vec![first];
        if self.chance(0.15) {
            let next = if first + 1 < REGIONS.len() {
                first + 1
            } else {
                first - 1
            };
            regions.push(next);
        }
        let usable: Vec<usize> = (0..APPROACHES.len())
            .filter(|&a| APPROACHES[a].3.contains(&first))
            .collect();
        let approach_count = if usable.len() > 1 && self.chance(0.1) {
            2
        } else {
            1
        };
        let approaches = self.distinct(approach_count, |g| g.pick(&usable));
        let count = self.one_to_four();
        let indications = self.distinct(count, |g| g.indications.sample(&mut g.rng));
        // The first part lies in the first region, the one titles name.
        let part_count = self.rng.random_range(1..=3);
        let mut drawn = 0;
        let parts = self.distinct(part_count, |g| {
            let region = if drawn == 0 {
                first
            } else {
                *regions.choose(&mut g.rng).expect("one region at least")
            };
            drawn += 1;
            *g.parts_by_region[region]
                .choose(&mut g.rng)
                .expect("every region has parts")
        });
        let noun = self.pick(PROCEDURE_TYPES[kind].2);
        Subject {
            kind,
            regions,
            approaches,
            indications,
            parts,
            noun,
        }
    }

    fn primary(&mut self, index: usize) -> Procedure {
        let subject = self.subject();
        let title = self.title(&subject);
        let summary = self.summary(&subject);
        let mut procedure = self.card(index, &title, summary, &subject);
        if self.chance(0.3) {
            let alias = format!(
                "{} {}",
                REGIONS[subject.regions[0]].2,
                self.pick(PROCEDURE_TYPES[subject.kind].2)
            );
            if alias != title.to_lowercase() {
                procedure.aliases.push(alias);
            }
        }
        if self.chance(0.7) {
            procedure.billing = Some(Box::new(self.billing()));
        }
        if procedure
            .billing
            .as_ref()
            .is_some_and(|b| b.global_period.is_some())
            && self.chance(0.05)
        {
            procedure.unverified.push(Unverified {
                field: "billing.global_period".into(),
                note: "Synthetic value; not checked against a fee schedule.".into(),
            });
        }
        procedure
    }

    /// An add-on reported with one or two earlier primary procedures, which
    /// get an `add-on` link to it.
    fn add_on(
        &mut self,
        index: usize,
        primaries: &[usize],
        procedures: &mut [Procedure],
    ) -> Procedure {
        let count = self.rng.random_range(1..=2).min(primaries.len());
        let chosen = self.distinct(count, |g| g.pick(primaries));
        let subject = self.subject();
        let unit = self.pick(&["level", "segment", "interspace", "vertebral body"]);
        let title = capitalised(&format!(
            "each additional {} {unit} of {}",
            REGIONS[subject.regions[0]].2, subject.noun
        ));
        let summary = format!(
            "Reported in addition to the primary procedure for each further {unit} treated. {}",
            self.pick(PROCEDURE_TYPES[subject.kind].3)
        );
        let mut procedure = self.card(index, &title, summary, &subject);
        let primary_ids = chosen.iter().map(|&p| procedures[p].id.clone()).collect();
        for &p in &chosen {
            procedures[p].related.push(Related {
                id: procedure.id.clone(),
                relation: Relation::AddOn,
                note: None,
            });
        }
        procedure.billing = Some(Box::new(Billing {
            add_on: true,
            primary_procedures: primary_ids,
            global_period: Some("ZZZ".into()),
            modifiers: Vec::new(),
            notes: vec![
                "Listed separately in addition to the code for the primary procedure.".into(),
            ],
        }));
        procedure
    }

    /// The parts every card has, and the optional ones drawn at their rates.
    fn card(&mut self, index: usize, title: &str, summary: String, subject: &Subject) -> Procedure {
        let words: Vec<String> = slug(title).split('-').take(6).map(str::to_owned).collect();
        let mut procedure = Procedure {
            id: format!("{}-{}", words.join("-"), index + 1),
            title: title.to_owned(),
            codes: self.codes(),
            summary,
            facets: self.facet_values(subject).into(),
            sources: self.cited(),
            ..Procedure::default()
        };
        if self.chance(0.3) {
            procedure.steps = self.steps(subject);
        }
        if self.chance(0.5) {
            let n = self.rng.random_range(1..=4);
            procedure.risks = self
                .distinct(n, |g| g.rng.random_range(0..RISKS.len()))
                .into_iter()
                .map(|i| RISKS[i].into())
                .collect();
        }
        if self.chance(0.2) {
            let n = self.rng.random_range(1..=2);
            procedure.contraindications = self
                .distinct(n, |g| g.rng.random_range(0..CONTRAINDICATIONS.len()))
                .into_iter()
                .map(|i| CONTRAINDICATIONS[i].into())
                .collect();
        }
        if self.chance(0.15) {
            procedure.team = Some(Box::new(self.team()));
        }
        if self.chance(0.8) {
            procedure.reviewed = Some(self.date());
        }
        procedure
    }

    fn title(&mut self, subject: &Subject) -> String {
        let mut title = String::new();
        if self.chance(0.35) {
            title.push_str(self.pick(&MODIFIERS));
            title.push(' ');
        }
        title.push_str(APPROACHES[subject.approaches[0]].2);
        title.push(' ');
        title.push_str(REGIONS[subject.regions[0]].2);
        title.push(' ');
        title.push_str(subject.noun);
        if self.chance(0.5) {
            title.push_str(" at ");
            title.push_str(&self.body_parts[subject.parts[0]].level);
        }
        if self.chance(0.3) {
            title.push_str(" with ");
            title.push_str(self.pick(&ADJUNCTS));
        }
        capitalised(&title)
    }

    fn summary(&mut self, subject: &Subject) -> String {
        let approach = APPROACHES[subject.approaches[0]].2;
        let article = if approach.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "An"
        } else {
            "A"
        };
        let treats: Vec<String> = subject
            .indications
            .iter()
            .take(2)
            .map(|&i| lowercase_first(INDICATIONS[i].1))
            .collect();
        let mut text = format!(
            "{article} {approach} {} of the {} spine, done for {}. {}",
            subject.noun,
            REGIONS[subject.regions[0]].2,
            treats.join(" and "),
            self.pick(PROCEDURE_TYPES[subject.kind].3)
        );
        let closing = self.rng.random_range(0..=2);
        for i in self.distinct(closing, |g| g.rng.random_range(0..CLOSING.len())) {
            text.push(' ');
            text.push_str(CLOSING[i]);
        }
        text
    }

    fn facet_values(&mut self, subject: &Subject) -> BTreeMap<String, Vec<String>> {
        let ids = |indices: &[usize], id: fn(usize) -> &'static str| -> Vec<String> {
            indices.iter().map(|&i| id(i).to_owned()).collect()
        };
        let specialties = if self.chance(0.2) {
            vec![0, self.rng.random_range(1..SPECIALTIES.len())]
        } else {
            vec![0]
        };
        let mut types = vec![subject.kind];
        if self.chance(0.25) {
            let other = self.types.sample(&mut self.rng);
            if other != subject.kind {
                types.push(other);
            }
        }
        BTreeMap::from([
            (
                "indication".to_owned(),
                ids(&subject.indications, |i| INDICATIONS[i].0),
            ),
            ("region".to_owned(), ids(&subject.regions, |i| REGIONS[i].0)),
            (
                "approach".to_owned(),
                ids(&subject.approaches, |i| APPROACHES[i].0),
            ),
            (
                "procedure-type".to_owned(),
                ids(&types, |i| PROCEDURE_TYPES[i].0),
            ),
            (
                "specialty".to_owned(),
                ids(&specialties, |i| SPECIALTIES[i].0),
            ),
            (
                "body-part".to_owned(),
                subject
                    .parts
                    .iter()
                    .map(|&i| self.body_parts[i].id.clone())
                    .collect(),
            ),
        ])
    }

    /// A CPT-shaped number, sometimes a second, and sometimes a real
    /// ICD-10-PCS code with its official title.
    fn codes(&mut self) -> Vec<Code> {
        let mut codes = vec![self.cpt()];
        if self.chance(0.15) {
            let second = self.cpt();
            if second.code != codes[0].code {
                codes.push(second);
            }
        }
        if !self.pcs.is_empty() && self.chance(0.35) {
            let row = self.pcs[self.rng.random_range(0..self.pcs.len())];
            codes.push(Code {
                system: CodeSystem::Icd10Pcs,
                code: row.code.clone(),
                title: Some(row.title.clone()),
            });
        }
        codes
    }

    fn cpt(&mut self) -> Code {
        let (low, high) = self.pick(&CPT_RANGES);
        Code {
            system: CodeSystem::Cpt,
            code: format!("{:05}", self.rng.random_range(low..=high)),
            title: None,
        }
    }

    /// The synthetic source, and up to two of the others.
    fn cited(&mut self) -> Vec<String> {
        let mut cited = vec![SOURCE_IDS[0].to_owned()];
        let extra = self.rng.random_range(0..=2);
        for i in self.distinct(extra, |g| g.rng.random_range(1..SOURCE_IDS.len())) {
            cited.push(SOURCE_IDS[i].to_owned());
        }
        cited
    }

    fn billing(&mut self) -> Billing {
        let global_period = match self.rng.random_range(0..20) {
            0..15 => "090",
            15..17 => "010",
            _ => "000",
        };
        let mut modifiers = Vec::new();
        if self.chance(0.2) {
            modifiers.push(Modifier {
                code: "62".into(),
                name: "Co-surgeons".into(),
                when: "An access surgeon opens and closes while the spine surgeon does the rest."
                    .into(),
            });
        }
        if self.chance(0.15) {
            modifiers.push(Modifier {
                code: "80".into(),
                name: "Assistant at surgery".into(),
                when: "A second surgeon assists throughout.".into(),
            });
        }
        Billing {
            add_on: false,
            primary_procedures: Vec::new(),
            global_period: Some(global_period.into()),
            modifiers,
            notes: Vec::new(),
        }
    }

    fn steps(&mut self, subject: &Subject) -> Vec<Step> {
        let step = |title: &str, detail: &str| Step {
            title: title.into(),
            detail: detail.into(),
        };
        let mut steps = vec![step(
            "Positioning",
            "The patient is positioned and padded under general anaesthesia.",
        )];
        if self.chance(0.5) {
            steps.push(step(
                "Localisation",
                "The level is confirmed with fluoroscopy.",
            ));
        }
        steps.push(step(
            "Exposure",
            &format!(
                "The spine is reached through {} approach.",
                with_article(APPROACHES[subject.approaches[0]].2)
            ),
        ));
        steps.push(step(
            &capitalised(subject.noun),
            self.pick(PROCEDURE_TYPES[subject.kind].3),
        ));
        steps.push(step("Closure", "The wound is closed in layers."));
        steps
    }

    fn team(&mut self) -> Team {
        let mut roles = vec![TeamRole {
            role: "Spine surgeon".into(),
            specialty: "Neurosurgery or orthopaedic surgery".into(),
            does: "Does the procedure.".into(),
        }];
        if self.chance(0.5) {
            roles.push(TeamRole {
                role: "Access surgeon".into(),
                specialty: self
                    .pick(&["General surgery", "Vascular surgery", "Thoracic surgery"])
                    .into(),
                does: "Opens and closes the approach.".into(),
            });
        }
        Team {
            roles,
            co_surgery: None,
        }
    }

    fn date(&mut self) -> String {
        let year = self.rng.random_range(2024..=2026);
        let month = self
            .rng
            .random_range(1..=if year == 2026 { 10 } else { 12 });
        let day = self.rng.random_range(1..=28);
        format!("{year}-{month:02}-{day:02}")
    }

    /// One procedure in five gets one or two `often-with` or `alternative`
    /// links to other procedures.
    fn link_others(&mut self, procedures: &mut [Procedure]) {
        if procedures.len() < 2 {
            return;
        }
        for i in 0..procedures.len() {
            if !self.chance(0.2) {
                continue;
            }
            let n = self.rng.random_range(1..=2);
            for _ in 0..n {
                let j = self.rng.random_range(0..procedures.len());
                let relation = if self.chance(0.6) {
                    Relation::OftenWith
                } else {
                    Relation::Alternative
                };
                let id = procedures[j].id.clone();
                let linked: HashSet<&str> = procedures[i]
                    .related
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect();
                if j != i && !linked.contains(id.as_str()) {
                    procedures[i].related.push(Related {
                        id,
                        relation,
                        note: None,
                    });
                }
            }
        }
    }
}

/// Whether an ICD-10-PCS row is about the vertebral column.
fn on_the_spine(row: &PcsRow) -> bool {
    [
        "Vertebra",
        "Vertebral",
        "Spinal",
        "Sacrum",
        "Coccyx",
        "Sacroiliac",
        "Lumbosacral",
    ]
    .iter()
    .any(|word| row.body_part.contains(word))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "Lumbar spinal stenosis" → "lumbar spinal stenosis"; acronyms stay.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

fn with_article(word: &str) -> String {
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_parts_are_200_with_unique_ids() {
        let parts = body_parts();
        assert_eq!(parts.len(), 200);
        let ids: HashSet<&str> = parts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), 200);
        assert!(ids.contains("l4-l5-intervertebral-disc"));
        assert!(ids.contains("l5-s1-intervertebral-disc"));
        assert!(ids.contains("c7-t1-intervertebral-disc"));
    }

    #[test]
    fn the_same_seed_gives_the_same_catalog_and_another_seed_another() {
        let a = generate(
            &Options {
                count: 200,
                seed: 7,
            },
            &[],
        );
        let b = generate(
            &Options {
                count: 200,
                seed: 7,
            },
            &[],
        );
        let c = generate(
            &Options {
                count: 200,
                seed: 8,
            },
            &[],
        );
        assert_eq!(a, b);
        assert_ne!(a.procedures, c.procedures);
    }

    #[test]
    fn indications_are_skewed_towards_the_first() {
        let catalog = generate(
            &Options {
                count: 2000,
                seed: 1,
            },
            &[],
        );
        let count = |id: &str| {
            catalog
                .procedures
                .iter()
                .filter(|p| p.values("indication").iter().any(|v| v == id))
                .count()
        };
        let first = count(INDICATIONS[0].0);
        let last = count(INDICATIONS[19].0);
        assert!(first > 5 * last, "first {first}, last {last}");
        assert!(
            catalog
                .procedures
                .iter()
                .all(|p| (1..=4).contains(&p.values("indication").len()))
        );
    }

    #[test]
    fn add_ons_name_earlier_primaries_which_link_back() {
        let catalog = generate(
            &Options {
                count: 500,
                seed: 3,
            },
            &[],
        );
        let add_ons: Vec<&Procedure> = catalog
            .procedures
            .iter()
            .filter(|p| p.is_add_on())
            .collect();
        assert!(add_ons.len() > 20, "{}", add_ons.len());
        for add_on in add_ons {
            let billing = add_on.billing.as_ref().unwrap();
            assert_eq!(billing.global_period.as_deref(), Some("ZZZ"));
            for primary in &billing.primary_procedures {
                let primary = catalog.procedure(primary).unwrap();
                assert!(!primary.is_add_on());
                assert!(
                    primary
                        .related
                        .iter()
                        .any(|r| r.id == add_on.id && r.relation == Relation::AddOn)
                );
            }
        }
    }
}
