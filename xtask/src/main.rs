//! Project tasks, run as `cargo xtask <task>`.
//!
//! Every task installs the tools it needs first (see [`tools`]), so a fresh
//! machine needs nothing but Rust, Node and npm.

mod bench;
mod run;
mod tests;
mod tools;

use std::path::PathBuf;
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
        Task::Build { public_url } => tools::ensure_build_tools().and_then(|()| build(&public_url)),
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Release build of the app into `dist/`.
pub fn build(public_url: &str) -> Result<(), String> {
    let public_url = normalise_public_url(public_url);
    run::trunk(&["build", "--release", "--public-url", &public_url])?;
    println!("Built dist/ for {public_url}");
    Ok(())
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
