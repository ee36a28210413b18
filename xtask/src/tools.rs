//! Installs the tools the project needs, each only when it is missing or at
//! the wrong version, so that later runs spend no time here.

use std::path::Path;

use crate::root;
use crate::run::{self, status};

const TRUNK_VERSION: &str = "0.21.14";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Builds with Rust 1.95 from its own lockfile (`--locked`).
const GECKODRIVER_VERSION: &str = "0.37.1";
/// The Debian packages of the Firefox and WebKit smoke tests, each with a file
/// it installs: Firefox ESR, WebKitGTK's WebDriver (which brings MiniBrowser
/// with libwebkit2gtk-4.1-0) and the virtual display MiniBrowser runs on.
const OTHER_ENGINES: [(&str, &str); 3] = [
    ("firefox-esr", "/usr/bin/firefox-esr"),
    ("webkit2gtk-driver", "/usr/bin/WebKitWebDriver"),
    ("xvfb", "/usr/bin/Xvfb"),
];

/// wasm32 target, trunk, wasm-bindgen-cli and wasm-opt.
pub fn ensure_build_tools() -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    let bindgen = locked_version("wasm-bindgen")?;
    // wasm-bindgen-cli's own lockfile asks for a crate version the registry
    // does not serve, so it is installed without --locked.
    ensure_cargo_tool("wasm-bindgen-cli", "wasm-bindgen", &bindgen, false)?;
    ensure_npm_packages(&root().join("xtask/wasm-opt"), "wasm-opt from npm binaryen")
}

/// Chromium, chromedriver, Firefox ESR, geckodriver, WebKitGTK's driver,
/// Xvfb and the end-to-end test packages.
pub fn ensure_test_tools() -> Result<(), String> {
    ensure_chromium()?;
    ensure_other_engines()?;
    ensure_cargo_tool("geckodriver", "geckodriver", GECKODRIVER_VERSION, true)?;
    ensure_npm_packages(&root().join("tests/e2e"), "end-to-end test packages")
}

/// Chromium and the Lighthouse package (kept apart from the test packages,
/// so that `cargo xtask test` never downloads it).
pub fn ensure_lighthouse() -> Result<(), String> {
    ensure_chromium()?;
    ensure_npm_packages(&root().join("tests/lighthouse"), "Lighthouse")
}

/// Chromium and the end-to-end test packages (Playwright), which the
/// benchmark drives.
pub fn ensure_bench_tools() -> Result<(), String> {
    ensure_chromium()?;
    ensure_npm_packages(&root().join("tests/e2e"), "end-to-end test packages")
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = run::output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    println!("setup: adding the wasm32-unknown-unknown target");
    status(run::command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Installs `krate` at `version` unless `binary --version` already reports it.
fn ensure_cargo_tool(krate: &str, binary: &str, version: &str, locked: bool) -> Result<(), String> {
    let reported = run::output(binary, &["--version"]).unwrap_or_default();
    if reported.split_whitespace().any(|word| word == version) {
        return Ok(());
    }
    println!("setup: installing {krate} {version} (a few minutes, once)");
    let mut install = run::command("cargo");
    install.args(["install", krate, "--version", version]);
    if locked {
        install.arg("--locked");
    }
    status(&mut install)
}

/// The version of `package` in Cargo.lock.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == wanted
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    Err(format!(
        "{package} is not in Cargo.lock; run `cargo generate-lockfile`"
    ))
}

/// `npm ci` in `dir` unless its node_modules matches its package-lock.json.
fn ensure_npm_packages(dir: &Path, what: &str) -> Result<(), String> {
    let installed = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&installed), std::fs::metadata(&lock)) {
        (Ok(i), Ok(l)) => i.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    println!("setup: installing {what} (npm ci in {})", dir.display());
    status(
        run::command("npm")
            .current_dir(dir)
            .args(["ci", "--no-audit", "--no-fund"]),
    )
}

fn ensure_chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(
        &["chromium", "chromium-driver"],
        false,
        "The Chromium test tiers",
    )
}

/// Firefox ESR, WebKitGTK's WebDriver and Xvfb from Debian, for the smoke
/// tests in other engines. Installed with their recommended packages, as
/// verified for this machine kind (MiniBrowser draws through Mesa under Xvfb).
fn ensure_other_engines() -> Result<(), String> {
    let missing: Vec<&str> = OTHER_ENGINES
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing, true, "The Firefox and WebKit smoke tests")
}

/// Installs Debian `packages` when running as root; otherwise says exactly
/// what to install. `who` names what needs them.
fn apt_install(packages: &[&str], recommends: bool, who: &str) -> Result<(), String> {
    let list = packages.join(" ");
    if !root_user() {
        return Err(format!(
            "{who} need the Debian packages {list}. Install them as root with:\n  sudo apt-get update && sudo apt-get install -y {list}\nthen run `cargo xtask test` again."
        ));
    }
    println!("setup: installing {list} from Debian");
    let apt = |args: &[&str]| {
        status(
            run::command("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y"];
    if !recommends {
        install.push("--no-install-recommends");
    }
    install.extend_from_slice(packages);
    apt(&install)
}

/// Whether we run as root, and so may install Debian packages.
fn root_user() -> bool {
    run::output("id", &["-u"]).is_some_and(|id| id.trim() == "0")
}
