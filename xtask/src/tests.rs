//! The test tiers, run in order and stopped at the first that fails:
//! 1. native: formatting, clippy (native and wasm32), `cargo test`;
//! 2. components: wasm-bindgen-test in headless Chromium;
//! 3. end-to-end: Playwright (Chromium) against the release build served
//!    from `dist/` (and a second build for a sub-path, in
//!    `target/dist-subpath/`), then checks of the same builds in Firefox ESR
//!    and WebKitGTK through WebDriver (`tests/e2e/engines/`).
//!
//! The run ends with one line, `N passed, N failed`, for everything it ran.

use std::ops::AddAssign;
use std::path::Path;

use crate::run::{self, status, tee};
use crate::{build, root};

#[derive(Default, Clone, Copy)]
struct Tally {
    passed: usize,
    failed: usize,
}

impl AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

impl Tally {
    fn check(ok: bool) -> Tally {
        Tally {
            passed: usize::from(ok),
            failed: usize::from(!ok),
        }
    }
}

/// Runs every tier; the error, if any, says which tier failed.
pub fn all() -> Result<(), String> {
    type Tier = (&'static str, fn() -> Tally);
    let tiers: [Tier; 3] = [
        ("native", native),
        ("components (wasm, headless Chromium)", components),
        ("end-to-end (Playwright; Firefox and WebKit)", end_to_end),
    ];
    let mut total = Tally::default();
    let mut failed_tier = None;
    for (name, tier) in tiers {
        println!("\n=== tier: {name} ===");
        let tally = tier();
        println!(
            "=== {name}: {} passed, {} failed ===",
            tally.passed, tally.failed
        );
        total += tally;
        if tally.failed > 0 || tally.passed == 0 {
            failed_tier = Some(name);
            if tally.failed == 0 {
                total.failed += 1;
                println!("tier {name} ran no test");
            }
            break;
        }
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    match failed_tier {
        Some(name) => Err(format!("tier `{name}` failed; later tiers were not run")),
        None => Ok(()),
    }
}

fn native() -> Tally {
    let mut tally = Tally::default();
    let gates: [(&str, &[&str]); 3] = [
        ("cargo fmt --check", &["fmt", "--all", "--", "--check"]),
        (
            "clippy (native)",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "clippy (wasm32)",
            &[
                "clippy",
                "--package",
                "procedure-catalog",
                "--all-targets",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ],
        ),
    ];
    for (name, args) in gates {
        let ok = status(run::command("cargo").args(args)).is_ok();
        println!("check {name}: {}", if ok { "ok" } else { "FAILED" });
        tally += Tally::check(ok);
        if !ok {
            return tally;
        }
    }
    let seed = property_seed();
    println!(
        "property tests: PROPTEST_RNG_SEED={seed} (set it to run them again with the same cases)"
    );
    tally += cargo_test(
        run::command("cargo")
            .args(["test", "--workspace"])
            .env("PROPTEST_RNG_SEED", &seed),
    );
    tally
}

/// The seed of the property tests' cases: `PROPTEST_RNG_SEED` if set; in CI
/// (`CI` set) a fixed one, so that every run of a commit tries the same
/// cases; elsewhere a new one each run, printed, so that a failure found by
/// chance can be run again exactly.
fn property_seed() -> String {
    if let Ok(seed) = std::env::var("PROPTEST_RNG_SEED") {
        return seed;
    }
    if std::env::var_os("CI").is_some() {
        return FIXED_PROPERTY_SEED.to_string();
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(FIXED_PROPERTY_SEED, |t| t.as_nanos() as u64)
        .to_string()
}

/// The property tests' seed in CI.
const FIXED_PROPERTY_SEED: u64 = 20_261_207;

fn components() -> Tally {
    cargo_test(
        run::command("cargo")
            .args([
                "test",
                "--package",
                "procedure-catalog",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "components",
            ])
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
    )
}

/// The sub-path the second build is served under, and where it is built
/// (tests/e2e/playwright.config.js and engines/harness.mjs use the same).
const SUB_PATH: &str = "/any/sub/path/";
const SUB_PATH_DIST: &str = "target/dist-subpath";

/// Builds `dist/` and the sub-path build (without the generated ICD-10-PCS
/// catalog: cargo's build is reused, only trunk's wasm-bindgen and wasm-opt
/// steps run again), then runs Playwright and the other engines' checks
/// against them. Both run even when one fails: they check different
/// browsers, and knowing which engines fail is worth the minute.
fn end_to_end() -> Tally {
    let built = build("/", Path::new("dist"), true)
        .and_then(|()| build(SUB_PATH, Path::new(SUB_PATH_DIST), false));
    if let Err(e) = built {
        eprintln!("{e}");
        return Tally::check(false);
    }
    let mut tally = playwright();
    tally += other_engines();
    tally
}

/// Playwright in Debian's Chromium, counted from its JSON report.
fn playwright() -> Tally {
    let report = root().join("target/playwright-report.json");
    let _ = std::fs::remove_file(&report);
    let ran = status(
        run::command("npx")
            .current_dir(root().join("tests/e2e"))
            .args(["playwright", "test", "--reporter=list,json"])
            .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report),
    );
    let json = std::fs::read_to_string(&report)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    if let Some(json) = &json {
        print_failures(json);
    }
    let stats = json.and_then(|json| json.get("stats").cloned());
    match stats {
        Some(stats) => {
            let n = |key: &str| {
                stats
                    .get(key)
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0) as usize
            };
            let mut tally = Tally {
                passed: n("expected") + n("flaky"),
                failed: n("unexpected"),
            };
            if ran.is_err() && tally.failed == 0 {
                tally.failed = 1;
            }
            tally
        }
        None => Tally::check(false),
    }
}

/// Lists every test of a Playwright JSON report that did not pass, with the
/// files Playwright kept of it (trace, screenshot, error context), so that a
/// red run can be read without running it again: `npx playwright show-trace
/// FILE` (in tests/e2e) replays a trace step by step.
fn print_failures(report: &serde_json::Value) {
    let mut failures = Vec::new();
    collect_failures(report, &[], &mut failures);
    if failures.is_empty() {
        return;
    }
    println!("\n{} end-to-end test(s) failed:", failures.len());
    for (title, files) in &failures {
        println!("  ✘ {title}");
        for (name, path) in files {
            println!("      {name}: {path}");
        }
        if files.iter().any(|(name, _)| name == "trace") {
            println!("      replay: (cd tests/e2e && npx playwright show-trace <trace above>)");
        }
    }
}

type Failure = (String, Vec<(String, String)>);

/// Walks the report's nested suites; `titles` are the suites' titles so far.
fn collect_failures(suite: &serde_json::Value, titles: &[String], out: &mut Vec<Failure>) {
    let text = |value: &serde_json::Value, key: &str| {
        value
            .get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let list = |value: &serde_json::Value, key: &str| {
        value
            .get(key)
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for child in list(suite, "suites") {
        let mut inner = titles.to_vec();
        let title = text(&child, "title");
        if !title.is_empty() {
            inner.push(title);
        }
        collect_failures(&child, &inner, out);
    }
    for spec in list(suite, "specs") {
        for test in list(&spec, "tests") {
            if text(&test, "status") != "unexpected" {
                continue;
            }
            let mut files = Vec::new();
            for result in list(&test, "results") {
                for attachment in list(&result, "attachments") {
                    let path = text(&attachment, "path");
                    if !path.is_empty() {
                        files.push((text(&attachment, "name"), path));
                    }
                }
            }
            let mut name = titles.to_vec();
            name.push(text(&spec, "title"));
            out.push((name.join(" › "), files));
        }
    }
}

/// Smoke tests of the release build in Firefox ESR and WebKitGTK, which
/// Playwright cannot drive (it needs its own patched browsers, and they cannot
/// be downloaded here): Node's test runner with selenium-webdriver.
fn other_engines() -> Tally {
    // TAP explicitly: Node's default reporter depends on its version and on
    // whether the output is a terminal, and only TAP has `# pass N` lines.
    node_test(
        run::command("node")
            .current_dir(root().join("tests/e2e"))
            .args(["--test", "--test-reporter=tap", "engines/"]),
    )
}

/// Runs `node --test` and adds up its TAP summary (`# pass N`, `# fail N`,
/// `# cancelled N`: a test cancelled because its set-up failed counts as
/// failed). A run that fails or runs no test counts as one failure.
fn node_test(command: &mut std::process::Command) -> Tally {
    let Ok((ok, output)) = tee(command) else {
        return Tally::check(false);
    };
    let count = |key: &str| -> usize {
        output
            .lines()
            .filter_map(|line| {
                line.strip_prefix("# ")?
                    .strip_prefix(key)?
                    .trim()
                    .parse::<usize>()
                    .ok()
            })
            .sum()
    };
    let mut tally = Tally {
        passed: count("pass "),
        failed: count("fail ") + count("cancelled "),
    };
    // The engines' checks name the screenshot and HTML a failure left.
    let evidence: Vec<&str> = output
        .lines()
        .filter_map(|line| line.trim().strip_prefix("what the browser showed: "))
        .collect();
    if !evidence.is_empty() {
        println!("\nWhat the browser showed when a check failed:");
        for files in evidence {
            println!("  {files}");
        }
    }
    if (!ok || tally.passed == 0) && tally.failed == 0 {
        tally.failed = 1;
    }
    tally
}

/// Runs a `cargo test` command and adds up its `test result:` lines. A build
/// failure counts as one failure.
fn cargo_test(command: &mut std::process::Command) -> Tally {
    let Ok((ok, output)) = tee(command) else {
        return Tally::check(false);
    };
    let mut tally = Tally::default();
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        let number = |word: &str| {
            line.split(';')
                .find(|part| part.trim_end().ends_with(word))
                .and_then(|part| part.split_whitespace().rev().nth(1))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0)
        };
        tally.passed += number("passed");
        tally.failed += number("failed");
    }
    if !ok && tally.failed == 0 {
        tally.failed = 1;
    }
    tally
}

#[cfg(test)]
mod report_tests {
    use super::*;

    #[test]
    fn a_failed_test_is_named_with_the_files_playwright_kept_of_it() {
        let report = serde_json::json!({
            "suites": [{
                "title": "browse.spec.js",
                "specs": [
                    {"title": "passes", "tests": [{"status": "expected", "results": [{"attachments": []}]}]},
                    {"title": "open a card", "tests": [{"status": "unexpected", "results": [{"attachments": [
                        {"name": "screenshot", "path": "/r/test-results/open/test-failed-1.png"},
                        {"name": "trace", "path": "/r/test-results/open/trace.zip"},
                        {"name": "error-context", "contentType": "text/markdown", "body": "inline"}
                    ]}]}]}
                ],
                "suites": [{"title": "dark mode", "specs": [
                    {"title": "the list", "tests": [{"status": "unexpected", "results": [{"attachments": []}]}]}
                ]}]
            }]
        });
        let mut failures = Vec::new();
        collect_failures(&report, &[], &mut failures);
        assert_eq!(
            failures,
            [
                ("browse.spec.js › dark mode › the list".to_owned(), vec![]),
                (
                    "browse.spec.js › open a card".to_owned(),
                    vec![
                        (
                            "screenshot".to_owned(),
                            "/r/test-results/open/test-failed-1.png".to_owned()
                        ),
                        (
                            "trace".to_owned(),
                            "/r/test-results/open/trace.zip".to_owned()
                        ),
                    ]
                ),
            ]
        );
    }
}
