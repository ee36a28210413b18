//! Benchmarks of the pure core on synthetic catalogs of 1k, 10k and 100k
//! procedures (`catalog generate`, fixed seed): loading, validation, index
//! building, and the query engine's work for a facet click and for each
//! keystroke of a search. Run with `cargo bench --bench core`; the numbers
//! of one run are in `BENCHMARKS.md`.
//!
//! The catalogs are generated, serialised, loaded and indexed once per size,
//! outside the timed part. Under `cargo test` (no `--bench` flag, or
//! `--bench --test`) criterion runs each benchmark once, and only the 1k
//! catalog is built, so the test run stays quick.
//!
//! Native only: the wasm32 build (clippy's wasm32 pass) gets an empty `main`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::{BTreeMap, BTreeSet};
    use std::hint::black_box;
    use std::time::Duration;

    use criterion::measurement::WallTime;
    use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode};
    use procedure_catalog::catalog::generate::{Options, generate};
    use procedure_catalog::catalog::official::{official_codes, pcs_rows};
    use procedure_catalog::catalog::{Catalog, load};
    use procedure_catalog::search::{CatalogIndex, PRIMARY_FACET, Query, evaluate};

    /// Seed of every generated catalog.
    const SEED: u64 = 1;

    /// A word of the generator's vocabulary (a procedure-type noun), typed
    /// one letter at a time.
    const WORD: &str = "corpectomy";

    /// "laminectomy" with one letter missing: found through the one-typo rule.
    const TYPO: &str = "lamnectomy";

    /// The start of a CPT-shaped code (the generator draws 22010-22899).
    const CODE_PREFIX: &str = "228";

    /// The indication value selected by the facet benchmark (the most
    /// frequent one), and the second facet's value.
    const INDICATION: &str = "lumbar-spinal-stenosis";
    const SECOND_FACET: (&str, &str) = ("region", "lumbar");

    /// One catalog size, prepared outside the timed part.
    struct Fixture {
        label: &'static str,
        count: usize,
        /// The catalog as JSON, as the app fetches it.
        bytes: Vec<u8>,
        /// The loaded catalog (no code sets).
        catalog: Catalog,
        index: CatalogIndex,
    }

    impl Fixture {
        fn new(
            label: &'static str,
            count: usize,
            pcs: &[procedure_catalog::catalog::official::PcsRow],
        ) -> Self {
            let generated = generate(&Options { count, seed: SEED }, pcs);
            let bytes = serde_json::to_vec(&generated).expect("a catalog serialises");
            drop(generated);
            let loaded = load(&bytes, None).expect("a generated catalog loads");
            assert_eq!(loaded.error_count(), 0, "the generated catalog is valid");
            assert_eq!(loaded.catalog.procedures.len(), count);
            let index = CatalogIndex::build(&loaded.catalog);
            Fixture {
                label,
                count,
                bytes,
                catalog: loaded.catalog,
                index,
            }
        }

        fn id(&self, function: &str) -> BenchmarkId {
            BenchmarkId::new(function, self.label)
        }

        /// Sample settings for this size. `heavy` is for whole-catalog work
        /// (load, validate, index build) that takes milliseconds to seconds.
        fn configure(&self, group: &mut BenchmarkGroup<'_, WallTime>, heavy: bool) {
            group.warm_up_time(Duration::from_secs(1));
            if self.count >= 100_000 {
                group
                    .sample_size(10)
                    .sampling_mode(SamplingMode::Flat)
                    .measurement_time(Duration::from_secs(3));
            } else if heavy && self.count >= 10_000 {
                group
                    .sample_size(20)
                    .sampling_mode(SamplingMode::Flat)
                    .measurement_time(Duration::from_secs(3));
            } else {
                group
                    .sample_size(50)
                    .sampling_mode(SamplingMode::Auto)
                    .measurement_time(Duration::from_secs(2));
            }
        }
    }

    /// Whether this run measures (`cargo bench`) rather than checks that each
    /// benchmark runs (`cargo test`, which passes no `--bench`).
    fn measuring() -> bool {
        let args: Vec<String> = std::env::args().collect();
        args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test")
    }

    /// Size of `bytes` gzipped at level 9, as a static host would send them.
    fn gzip_len(bytes: &[u8]) -> usize {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).expect("gzip");
        encoder.finish().expect("gzip").len()
    }

    fn text(text: &str) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }

    fn filters(selected: &[(&str, &str)]) -> Query {
        let mut filters: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (facet, value) in selected {
            filters
                .entry((*facet).to_owned())
                .or_default()
                .insert((*value).to_owned());
        }
        Query {
            filters,
            ..Query::default()
        }
    }

    /// The searches of `search_keystroke`: the name of each and its text.
    fn keystrokes() -> Vec<(String, String)> {
        let mut searches: Vec<(String, String)> = (1..=WORD.len())
            .map(|n| (WORD[..n].to_owned(), WORD[..n].to_owned()))
            .collect();
        searches.push((format!("typo-{TYPO}"), TYPO.to_owned()));
        searches.push((format!("code-{CODE_PREFIX}"), CODE_PREFIX.to_owned()));
        searches
    }

    pub fn main() {
        let mut criterion = Criterion::default().configure_from_args();
        let sizes: &[(&str, usize)] = if measuring() {
            &[("1k", 1_000), ("10k", 10_000), ("100k", 100_000)]
        } else {
            &[("1k", 1_000)]
        };
        let pcs = pcs_rows();
        let fixtures: Vec<Fixture> = sizes
            .iter()
            .map(|&(label, count)| Fixture::new(label, count, &pcs))
            .collect();
        drop(pcs);
        let codes = official_codes();
        let facet_queries = [
            ("indication", filters(&[(PRIMARY_FACET, INDICATION)])),
            (
                "indication+region",
                filters(&[(PRIMARY_FACET, INDICATION), SECOND_FACET]),
            ),
        ];
        let searches = keystrokes();

        // Every query finds something at every size, so no benchmark times
        // an empty answer by mistake.
        for fixture in &fixtures {
            let loaded = load(&fixture.bytes, Some(&codes)).expect("loads");
            assert_eq!(loaded.error_count(), 0, "valid against the code sets");
            for query in facet_queries
                .iter()
                .map(|(_, q)| q.clone())
                .chain(searches.iter().map(|(_, t)| text(t)))
            {
                let results = evaluate(&fixture.index, &query, None);
                assert!(
                    !results.order.is_empty(),
                    "{query:?} finds procedures in the {} catalog",
                    fixture.label
                );
            }
        }

        // Loading: the catalog is dropped outside the timing.
        let mut group = criterion.benchmark_group("parse");
        for fixture in &fixtures {
            fixture.configure(&mut group, true);
            group.bench_function(fixture.id("load"), |b| {
                b.iter_batched(
                    || (),
                    |()| load(black_box(&fixture.bytes), None).expect("loads"),
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();

        let mut group = criterion.benchmark_group("validate");
        for fixture in &fixtures {
            fixture.configure(&mut group, true);
            group.bench_function(fixture.id("load-with-code-sets"), |b| {
                b.iter_batched(
                    || (),
                    |()| load(black_box(&fixture.bytes), Some(&codes)).expect("loads"),
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();

        let mut group = criterion.benchmark_group("index_build");
        for fixture in &fixtures {
            fixture.configure(&mut group, true);
            group.bench_function(fixture.id("build"), |b| {
                b.iter_batched(
                    || (),
                    |()| CatalogIndex::build(black_box(&fixture.catalog)),
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();

        // Ways to turn a catalog file into procedures, side by side: the
        // JSON as one tree, straight into the types, the app's loader (typed
        // parts plus every check), a compact binary encoding (CBOR) straight
        // into the types, and the first of eight shards through the loader
        // (what a sharded catalog would wait for before its first cards).
        let mut group = criterion.benchmark_group("decode");
        for fixture in fixtures.iter().filter(|f| f.count <= 10_000) {
            let cbor = {
                let mut out = Vec::new();
                ciborium::into_writer(&fixture.catalog, &mut out).expect("a catalog encodes");
                out
            };
            let decoded: Catalog = ciborium::from_reader(&cbor[..]).expect("CBOR decodes");
            assert_eq!(decoded, fixture.catalog, "CBOR round-trips");
            let shard = {
                let mut first = fixture.catalog.clone();
                first.procedures.truncate(fixture.count.div_ceil(8));
                // Related procedures in other shards would dangle.
                for procedure in &mut first.procedures {
                    procedure.related.clear();
                    if let Some(billing) = &mut procedure.billing {
                        billing.primary_procedures.clear();
                        billing.add_on = false;
                    }
                }
                serde_json::to_vec(&first).expect("a shard serialises")
            };
            if measuring() {
                eprintln!(
                    "decode/{}: JSON {} bytes ({} gzip), CBOR {} bytes ({} gzip), first of 8 shards {} bytes",
                    fixture.label,
                    fixture.bytes.len(),
                    gzip_len(&fixture.bytes),
                    cbor.len(),
                    gzip_len(&cbor),
                    shard.len()
                );
            }
            fixture.configure(&mut group, true);
            group.bench_function(fixture.id("json-tree"), |b| {
                b.iter_batched(
                    || (),
                    |()| {
                        let tree: serde_json::Value =
                            serde_json::from_slice(black_box(&fixture.bytes)).expect("JSON");
                        serde_json::from_value::<Catalog>(tree).expect("a catalog")
                    },
                    BatchSize::PerIteration,
                )
            });
            group.bench_function(fixture.id("json-typed"), |b| {
                b.iter_batched(
                    || (),
                    |()| {
                        serde_json::from_slice::<Catalog>(black_box(&fixture.bytes)).expect("JSON")
                    },
                    BatchSize::PerIteration,
                )
            });
            group.bench_function(fixture.id("json-loader"), |b| {
                b.iter_batched(
                    || (),
                    |()| load(black_box(&fixture.bytes), None).expect("loads"),
                    BatchSize::PerIteration,
                )
            });
            group.bench_function(fixture.id("cbor-typed"), |b| {
                b.iter_batched(
                    || (),
                    |()| ciborium::from_reader::<Catalog, _>(black_box(&cbor[..])).expect("CBOR"),
                    BatchSize::PerIteration,
                )
            });
            group.bench_function(fixture.id("json-loader-first-of-8-shards"), |b| {
                b.iter_batched(
                    || (),
                    |()| {
                        let loaded = load(black_box(&shard), None).expect("loads");
                        assert_eq!(loaded.error_count(), 0);
                        loaded
                    },
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();

        // A facet click: the results and every facet value's count.
        let mut group = criterion.benchmark_group("facet_toggle");
        for fixture in &fixtures {
            fixture.configure(&mut group, false);
            for (name, query) in &facet_queries {
                group.bench_function(fixture.id(name), |b| {
                    b.iter(|| evaluate(&fixture.index, black_box(query), None))
                });
            }
        }
        group.finish();

        // A keystroke in the search box: the same evaluation for the text so far.
        let mut group = criterion.benchmark_group("search_keystroke");
        for fixture in &fixtures {
            fixture.configure(&mut group, false);
            for (name, search) in &searches {
                let query = text(search);
                group.bench_function(fixture.id(name), |b| {
                    b.iter(|| evaluate(&fixture.index, black_box(&query), None))
                });
            }
        }
        group.finish();

        criterion.final_summary();
    }
}
