//! Project tasks, run as `cargo xtask <task>`.
//!
//! Every task installs the tools it needs first (see [`tools`]), so a fresh
//! machine needs nothing but Rust, Node and npm.

mod bench;
mod finish;
mod icons;
mod run;
mod tests;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Set up, build, serve, test and benchmark Procedure Catalog"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Install what is missing, build, and serve the app with its bundled catalogs.
    Serve {
        /// Port to serve on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Release build into dist/, ready to copy to any static host.
    Build {
        /// Path the app will be served under, e.g. /catalog/.
        #[arg(long, default_value = "/")]
        public_url: String,
        /// Folder to build into.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
    },
    /// Install what is missing, then run every test tier: native, component, end-to-end.
    Test,
    /// Measure the release build in headless Chromium with trusted input:
    /// bytes, first cards, filter and search latency, DOM size, memory.
    /// Writes target/bench/report.json and report.md.
    Bench {
        /// Measure only this catalog; repeat for several (default: all).
        #[arg(long = "catalog", value_name = "NAME", value_parser = bench::CATALOGS)]
        catalogs: Vec<String>,
        /// Page loads per catalog, each in a fresh browser context.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// Port of the benchmark's local server.
        #[arg(long, default_value_t = 4213)]
        port: u16,
        /// Also record a Chromium CPU profile of one more load per catalog
        /// (target/bench/profile-NAME.cpuprofile) and list its busiest
        /// functions (wasm functions are named only if the wasm keeps its
        /// name section).
        #[arg(long)]
        profile: bool,
        /// Measure dist/ as it is instead of building it first.
        #[arg(long)]
        no_build: bool,
    },
    /// Install the build and test tools only.
    Setup,
    /// Release build, then Lighthouse audits of it, offline, in Chromium:
    /// fails when the median of the runs is below performance 95,
    /// accessibility 100, best practices 100.
    Lighthouse {
        /// Local port to serve the build on during the audit.
        #[arg(long, default_value_t = 4180)]
        port: u16,
        /// Audit the dist/ already built instead of building first.
        #[arg(long)]
        no_build: bool,
        /// Lighthouse's settings to audit with: mobile, desktop or both.
        #[arg(long, default_value = "both", value_parser = ["mobile", "desktop", "both"])]
        form_factor: String,
        /// Audits per setting; their median scores are judged.
        #[arg(long, default_value_t = 5)]
        runs: u32,
    },
    /// Draw the PNG icons in public/icons/ from their SVG sources (needs Chromium).
    Icons,
}

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the project root")
        .to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Serve { port } => tools::ensure_build_tools().and_then(|()| serve(port)),
        Task::Build { public_url, dist } => {
            tools::ensure_build_tools().and_then(|()| build(&public_url, &dist, true))
        }
        Task::Test => tools::ensure_build_tools()
            .and_then(|()| tools::ensure_test_tools())
            .and_then(|()| tests::all()),
        Task::Bench {
            catalogs,
            runs,
            port,
            profile,
            no_build,
        } => tools::ensure_build_tools()
            .and_then(|()| tools::ensure_bench_tools())
            .and_then(|()| {
                bench::bench(&bench::Options {
                    catalogs,
                    runs,
                    port,
                    profile,
                    build: !no_build,
                })
            }),
        Task::Setup => tools::ensure_build_tools().and_then(|()| tools::ensure_test_tools()),
        Task::Lighthouse {
            port,
            no_build,
            form_factor,
            runs,
        } => tools::ensure_build_tools()
            .and_then(|()| tools::ensure_lighthouse())
            .and_then(|()| {
                if no_build {
                    Ok(())
                } else {
                    build("/", Path::new("dist"), true)
                }
            })
            .and_then(|()| lighthouse(port, &form_factor, runs)),
        Task::Icons => icons::draw(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Release build of the app into `dist` (relative to the project root),
/// served under `public_url`; `with_pcs` adds the generated ICD-10-PCS
/// catalog (49 MB). Trunk builds; then the page is checked for inline code
/// and the service worker is given the build's files.
pub fn build(public_url: &str, dist: &Path, with_pcs: bool) -> Result<(), String> {
    let public_url = normalise_public_url(public_url);
    let dist = root().join(dist);
    let dist_arg = dist.to_string_lossy();
    let mut trunk = run::command("trunk");
    trunk.args([
        "--config",
        "Trunkfile.toml",
        "build",
        "--release",
        "--public-url",
        &public_url,
        "--dist",
        &dist_arg,
    ]);
    if !with_pcs {
        trunk.env("PROCEDURE_CATALOG_WITHOUT_PCS", "1");
    }
    run::status(&mut trunk)?;
    finish::finish(&dist)?;
    println!("Built {} for {public_url}", dist.display());
    Ok(())
}

/// Audits `dist/` with Lighthouse (`tests/lighthouse/run.mjs`), served on
/// `port`, with the settings of `form_factor` (mobile, desktop or both),
/// `runs` times each.
fn lighthouse(port: u16, form_factor: &str, runs: u32) -> Result<(), String> {
    run::status(
        run::command("node")
            .current_dir(root().join("tests/lighthouse"))
            .args(["run.mjs", "--port", &port.to_string()])
            .args(["--form-factor", form_factor])
            .args(["--runs", &runs.to_string()])
            .env("CHROME_PATH", "/usr/bin/chromium"),
    )
}

fn serve(port: u16) -> Result<(), String> {
    println!("Serving Procedure Catalog on http://127.0.0.1:{port}/ (Ctrl-C stops it)");
    run::trunk(&[
        "serve",
        "--address",
        "127.0.0.1",
        "--port",
        &port.to_string(),
    ])
}

/// Public URLs start and end with a slash (`./` for relative builds).
fn normalise_public_url(url: &str) -> String {
    if url.starts_with("./") || url == "." {
        return "./".into();
    }
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}
