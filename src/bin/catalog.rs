//! `catalog`: the catalog author's command-line tool.
//!
//! `catalog validate FILE...` checks catalogs against every rule of format v1
//! and the official code sets; `catalog schema` prints the JSON Schema;
//! `catalog stats FILE` counts procedures per facet value; `catalog
//! import-pcs --out FILE` writes the whole ICD-10-PCS Medical and Surgical
//! code set as a catalog; `catalog generate --count N --seed S --out FILE`
//! writes a synthetic catalog for tests and benchmarks; `catalog boot-page
//! --site DIR` writes the default catalog's heading into a built site's page.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};
    use procedure_catalog::catalog::generate::{self, Options};
    use procedure_catalog::catalog::heading::{BOOT_MARKER, boot_heading_html, with_boot_heading};
    use procedure_catalog::catalog::import_pcs::{self, official_definitions};
    use procedure_catalog::catalog::manifest::Manifest;
    use procedure_catalog::catalog::official::{official_codes, pcs_rows};
    use procedure_catalog::catalog::pcs_guidelines::official_guidelines;
    use procedure_catalog::catalog::pcs_index;
    use procedure_catalog::catalog::stats::Stats;
    use procedure_catalog::catalog::{Catalog, Severity, json_schema, load};

    #[derive(Parser)]
    #[command(
        name = "catalog",
        version,
        about = "Check, describe and build Procedure Catalog catalogs"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Check catalogs; exit 1 if any has errors (warnings are shown but pass).
        Validate {
            /// Catalog files (JSON, format v1).
            #[arg(required = true)]
            files: Vec<PathBuf>,
            /// Skip the checks against the official ICD-10 code sets.
            #[arg(long)]
            no_code_sets: bool,
        },
        /// Print the JSON Schema of catalog format v1.
        Schema,
        /// Count procedures per facet value, and list those without codes or sources.
        Stats {
            /// A catalog file.
            file: PathBuf,
        },
        /// Write the whole ICD-10-PCS 2025 Medical and Surgical code set as a catalog.
        ImportPcs {
            /// Where to write the catalog (JSON, format v1); folders are created.
            #[arg(long)]
            out: PathBuf,
        },
        /// Write a synthetic catalog for tests and benchmarks (same seed, same bytes).
        Generate {
            /// Number of procedures.
            #[arg(long)]
            count: usize,
            /// Seed of the random generator.
            #[arg(long, default_value_t = 1)]
            seed: u64,
            /// Where to write the catalog (JSON, format v1); folders are created.
            #[arg(long)]
            out: PathBuf,
        },
        /// Write the default catalog's heading (title, publisher, version, date)
        /// into a built site's index.html, so that the page names it before the
        /// app has started.
        BootPage {
            /// The built site: index.html and catalogs/manifest.json.
            #[arg(long)]
            site: PathBuf,
        },
    }

    pub fn main() -> ExitCode {
        match Cli::parse().command {
            Command::Validate {
                files,
                no_code_sets,
            } => validate(&files, no_code_sets),
            Command::Schema => {
                print!("{}", json_schema());
                ExitCode::SUCCESS
            }
            Command::Stats { file } => stats(&file),
            Command::ImportPcs { out } => import_pcs(&out),
            Command::Generate { count, seed, out } => write(
                &out,
                &generate::generate(&Options { count, seed }, &pcs_rows()),
            ),
            Command::BootPage { site } => boot_page(&site),
        }
    }

    /// Writes the ICD-10-PCS catalog, and says what of the Index and the
    /// Guidelines it could not place.
    fn import_pcs(out: &Path) -> ExitCode {
        let leads = pcs_index::read(&pcs_index::index_rows());
        let imported = import_pcs::import(
            &pcs_rows(),
            &official_definitions(),
            &leads,
            &official_guidelines(),
        );
        let catalog = &imported.catalog;
        println!(
            "{}: {} index terms from {} Index leads, {} notes",
            out.display(),
            catalog.index.len(),
            leads.len(),
            catalog.notes.len()
        );
        for (why, leads) in &imported.unplaced {
            let examples: Vec<&str> = leads.iter().take(3).map(String::as_str).collect();
            println!(
                "  not placed: {} Index leads with {}, e.g. {}",
                leads.len(),
                why.describe(),
                examples.join("; ")
            );
        }
        for (id, why) in &imported.guidelines_left_out {
            println!("  guideline {id} not attached: {why}");
        }
        write(out, catalog)
    }

    /// Writes the heading of `site`'s default catalog into `site/index.html`.
    /// A site without a manifest, or whose default catalog cannot be read,
    /// gets no heading (the app says what is wrong when it starts).
    fn boot_page(site: &Path) -> ExitCode {
        let page_path = site.join("index.html");
        let manifest_path = site.join("catalogs/manifest.json");
        let heading = std::fs::read(&manifest_path)
            .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))
            .and_then(|bytes| {
                Manifest::parse(&bytes).map_err(|e| format!("{}: {e}", manifest_path.display()))
            })
            .and_then(|manifest| {
                let entry = manifest.default_entry();
                let path = site.join(&entry.url);
                let bytes = std::fs::read(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let loaded = load(&bytes, None).map_err(|e| format!("{}: {e}", path.display()))?;
                Ok(boot_heading_html(&entry.id, &loaded.catalog))
            });
        // Without one, a heading written before (perhaps another catalog's)
        // gives way to the marker again.
        let heading = heading.unwrap_or_else(|why| {
            println!(
                "{}: left without the default catalog's heading: {why}",
                page_path.display()
            );
            BOOT_MARKER.to_owned()
        });
        let written = std::fs::read_to_string(&page_path)
            .map_err(|e| format!("cannot read it: {e}"))
            .and_then(|page| with_boot_heading(&page, &heading))
            .and_then(|page| {
                std::fs::write(&page_path, page).map_err(|e| format!("cannot write it: {e}"))
            });
        match written {
            Ok(()) => ExitCode::SUCCESS,
            Err(why) => {
                eprintln!("{}: {why}", page_path.display());
                ExitCode::from(1)
            }
        }
    }

    /// Writes `catalog` as compact JSON to `out`, creating its folder.
    fn write(out: &Path, catalog: &Catalog) -> ExitCode {
        let name = out.display();
        let json = serde_json::to_vec(catalog).expect("a catalog serialises");
        let written = match out.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(folder) => std::fs::create_dir_all(folder),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(out, &json));
        match written {
            Ok(()) => {
                println!(
                    "{name}: wrote {} procedures ({} bytes)",
                    catalog.procedures.len(),
                    json.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "{name}: cannot write the catalog: {e}; check the path and that its folder is writable"
                );
                ExitCode::from(1)
            }
        }
    }

    fn validate(files: &[PathBuf], no_code_sets: bool) -> ExitCode {
        let codes = (!no_code_sets).then(official_codes);
        let mut failed = false;
        for file in files {
            let name = file.display();
            let bytes = match std::fs::read(file) {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("{name}: cannot read the file: {e}");
                    failed = true;
                    continue;
                }
            };
            match load(&bytes, codes.as_ref()) {
                Err(error) => {
                    println!("{name}: error: {error}");
                    failed = true;
                }
                Ok(loaded) => {
                    for problem in &loaded.problems {
                        println!("{name}: {problem}");
                    }
                    let errors = loaded.error_count();
                    let warnings = loaded
                        .problems
                        .iter()
                        .filter(|p| p.severity == Severity::Warning)
                        .count();
                    let count = |n: usize, one: &str| {
                        if n == 1 {
                            format!("1 {one}")
                        } else {
                            format!("{n} {one}s")
                        }
                    };
                    println!(
                        "{name}: {}, {} valid, {} left out; {}, {}",
                        count(loaded.procedures_in_file, "procedure"),
                        loaded.catalog.procedures.len(),
                        loaded.skipped(),
                        count(errors, "error"),
                        count(warnings, "warning")
                    );
                    failed |= errors > 0;
                }
            }
        }
        if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }

    fn stats(file: &PathBuf) -> ExitCode {
        let name = file.display();
        let loaded = match std::fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|b| load(&b, None).map_err(|e| e.to_string()))
        {
            Ok(loaded) => loaded,
            Err(e) => {
                eprintln!("{name}: {e}");
                return ExitCode::from(1);
            }
        };
        let stats = Stats::of(&loaded.catalog);
        println!(
            "{}: {} procedures ({} left out by errors; run `catalog validate`)",
            name,
            stats.procedures,
            loaded.skipped()
        );
        for facet in &stats.facets {
            println!("\n{} ({})", facet.label, facet.id);
            for (id, label, count) in &facet.values {
                println!("  {count:>7}  {label} ({id})");
            }
            if facet.without > 0 {
                println!("  {:>7}  (no value)", facet.without);
            }
        }
        for (what, ids) in [
            ("without codes", &stats.without_codes),
            ("without sources", &stats.without_sources),
        ] {
            println!("\nProcedures {what}: {}", ids.len());
            for id in ids.iter().take(50) {
                println!("  {id}");
            }
            if ids.len() > 50 {
                println!("  … and {} more", ids.len() - 50);
            }
        }
        ExitCode::SUCCESS
    }
}
