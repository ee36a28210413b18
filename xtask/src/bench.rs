//! `cargo xtask bench`: the release build in headless Chromium with trusted
//! input, on the spine, 10k, ICD-10-PCS and 100k catalogs.
//!
//! The task builds `dist/`, generates the synthetic 10k and 100k catalogs
//! into `target/bench/catalogs/` (served beside `dist/` by the benchmark's
//! own server, never shipped), and runs `tests/e2e/bench/run.mjs`, which
//! measures the pages and writes `target/bench/raw.json`. This module turns
//! those measurements into the report, `target/bench/report.json` and
//! `target/bench/report.md`, with the project's targets marked met or not.

use std::fmt::Write as _;
use std::time::Instant;

use serde_json::{Value, json};

use crate::run::{self, status};
use crate::{build, root};

/// The benchmarked catalogs, in report order.
pub const CATALOGS: [&str; 4] = ["spine", "10k", "icd10pcs", "100k"];

/// The synthetic catalogs: name and number of procedures.
const GENERATED: [(&str, usize); 2] = [("10k", 10_000), ("100k", 100_000)];

/// Seed of the synthetic catalogs (same seed, same bytes).
const SEED: u64 = 1;

/// App code (wasm + JS) gzip, in bytes (1 KB = 1,000 bytes).
const APP_CODE_GZIP_LIMIT: f64 = 120_000.0;
/// Facet click and keystroke p95, in ms, on the latency catalog.
const LATENCY_P95_LIMIT_MS: f64 = 16.0;
const LATENCY_CATALOG: &str = "100k";
/// First cards of the ICD-10-PCS catalog, in ms.
const FIRST_CARD_LIMIT_MS: f64 = 1_000.0;
const FIRST_CARD_CATALOG: &str = "icd10pcs";
/// JS heap plus wasm memory over the catalog's JSON size.
const MEMORY_RATIO_LIMIT: f64 = 3.0;

/// What `cargo xtask bench` was asked to do.
pub struct Options {
    /// Catalogs to measure; all of them when empty.
    pub catalogs: Vec<String>,
    /// Page loads per catalog.
    pub runs: u32,
    /// Port of the benchmark's server.
    pub port: u16,
    /// Whether to record a CPU profile of one extra load per catalog.
    pub profile: bool,
    /// Whether to build `dist/` first.
    pub build: bool,
}

/// Builds, measures, and writes and prints the report.
pub fn bench(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let selected =
        |name: &str| options.catalogs.is_empty() || options.catalogs.iter().any(|c| c == name);
    if options.build {
        build("/", std::path::Path::new("dist"), true)?;
    }
    let folder = root().join("target/bench");
    let catalogs = folder.join("catalogs");
    for (name, count) in GENERATED {
        if selected(name) {
            generate(&catalogs.join(format!("{name}.json")), count)?;
        }
    }

    // A catalog of no procedures: the report measures the app's own memory with it.
    generate(&catalogs.join("empty.json"), 0)?;

    let raw_path = folder.join("raw.json");
    let _ = std::fs::remove_file(&raw_path);
    let mut node = run::command("node");
    node.current_dir(root().join("tests/e2e"))
        .arg("bench/run.mjs")
        .arg("--dist")
        .arg(root().join("dist"))
        .arg("--catalogs")
        .arg(&catalogs)
        .arg("--out")
        .arg(&raw_path)
        .args([
            "--port",
            &options.port.to_string(),
            "--runs",
            &options.runs.to_string(),
        ]);
    for name in &options.catalogs {
        node.args(["--catalog", name]);
    }
    if options.profile {
        node.arg("--profile");
    }
    status(&mut node)?;

    let text = std::fs::read_to_string(&raw_path)
        .map_err(|e| format!("reading {}: {e}", raw_path.display()))?;
    let raw: Value =
        serde_json::from_str(&text).map_err(|e| format!("reading {}: {e}", raw_path.display()))?;
    let mut report = summarise(&raw)?;
    report["total_s"] = json!(started.elapsed().as_secs_f64());
    let markdown = markdown(&report);
    let json_path = folder.join("report.json");
    let md_path = folder.join("report.md");
    let pretty = serde_json::to_string_pretty(&report).expect("a report serialises");
    std::fs::write(&json_path, pretty + "\n")
        .map_err(|e| format!("writing {}: {e}", json_path.display()))?;
    std::fs::write(&md_path, &markdown)
        .map_err(|e| format!("writing {}: {e}", md_path.display()))?;
    println!("\n{markdown}");
    println!(
        "Report written to {} and {}",
        md_path.display(),
        json_path.display()
    );

    let problems = problems(&report);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the pages did not behave as expected, so the figures may not mean what they say:\n  {}",
            problems.join("\n  ")
        ))
    }
}

/// Writes a synthetic catalog of `count` procedures to `out`.
fn generate(out: &std::path::Path, count: usize) -> Result<(), String> {
    status(
        run::command("cargo")
            .args([
                "run",
                "--quiet",
                "--release",
                "--bin",
                "catalog",
                "--",
                "generate",
            ])
            .args([
                "--count",
                &count.to_string(),
                "--seed",
                &SEED.to_string(),
                "--out",
            ])
            .arg(out),
    )
}

/// What went wrong while measuring, one line per problem, each starting
/// with the catalog's name: failed runs, page errors, counts that did not
/// say what the clicks and searches should have given.
fn problems(report: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    for c in report["catalogs"].as_array().into_iter().flatten() {
        let name = c["name"].as_str().unwrap_or("?");
        for key in ["errors", "checks"] {
            for problem in c[key].as_array().into_iter().flatten() {
                lines.push(format!("{name}: {}", problem.as_str().unwrap_or("?")));
            }
        }
    }
    for problem in report["baseline"]["errors"]
        .as_array()
        .into_iter()
        .flatten()
    {
        lines.push(format!(
            "baseline page: {}",
            problem.as_str().unwrap_or("?")
        ));
    }
    lines
}

/// The `p`-th percentile of `values` by the nearest-rank method: the
/// smallest value with at least `p`% of the values at or below it.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

fn number(value: &Value, what: &str) -> Result<f64, String> {
    value
        .as_f64()
        .ok_or_else(|| format!("the measurements lack {what}"))
}

/// p50, p95 and max of the samples' `ms`, with their count.
fn latency(samples: &[&Value]) -> Result<Value, String> {
    let ms = samples
        .iter()
        .map(|s| number(&s["ms"], "a sample's ms"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({
        "samples": ms.len(),
        "p50": percentile(&ms, 50.0),
        "p95": percentile(&ms, 95.0),
        "max": percentile(&ms, 100.0),
    }))
}

/// p50 and p95 of the samples' `key`, over the samples that have it (an
/// input that changed nothing has no script time).
fn part(samples: &[&Value], key: &str) -> Value {
    let values: Vec<f64> = samples.iter().filter_map(|s| s[key].as_f64()).collect();
    json!({
        "samples": values.len(),
        "p50": percentile(&values, 50.0),
        "p95": percentile(&values, 95.0),
    })
}

/// The Event Timing cross-check: how many samples had an entry (Chromium
/// reports only those of 16 ms and more), the p95 counting the others as
/// under 16 ms (null when the p95 sample is one of them), and the largest.
fn event_timing(samples: &[&Value]) -> Value {
    let durations: Vec<Option<f64>> = samples
        .iter()
        .map(|s| s["event_timing_ms"].as_f64())
        .collect();
    let reported: Vec<f64> = durations.iter().flatten().copied().collect();
    let all: Vec<f64> = durations.iter().map(|d| d.unwrap_or(0.0)).collect();
    json!({
        "samples": samples.len(),
        "at_least_16ms": reported.len(),
        "p95": percentile(&all, 95.0).filter(|&v| v > 0.0),
        "max": percentile(&reported, 100.0),
    })
}

/// The largest of the numbers among `values`, if any.
fn largest<'a>(values: impl Iterator<Item = &'a Value>) -> Option<f64> {
    values
        .filter_map(Value::as_f64)
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
}

/// Median, smallest and largest of one number per run, and the runs.
fn per_run(runs: &[Value], key: &str) -> Result<Value, String> {
    let values = runs
        .iter()
        .map(|r| number(&r[key], key))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({
        "median": percentile(&values, 50.0),
        "min": percentile(&values, 0.0),
        "max": percentile(&values, 100.0),
        "runs": values,
    }))
}

/// The largest of the runs' memory at `key`: JS heap, wasm, their sum and
/// its ratio to the catalog's JSON size.
fn memory(runs: &[Value], key: &str, json_bytes: f64) -> Result<Value, String> {
    let mut largest = (0.0, 0.0);
    for run in runs {
        let js = number(&run[key]["js_heap"], "the JS heap")?;
        let wasm = number(&run[key]["wasm"], "the wasm memory")?;
        if js + wasm > largest.0 + largest.1 {
            largest = (js, wasm);
        }
    }
    let total = largest.0 + largest.1;
    Ok(json!({
        "js_heap": largest.0,
        "wasm": largest.1,
        "total": total,
        "ratio_to_json": total / json_bytes,
    }))
}

/// The report: per catalog the figures over all runs, and the targets.
pub fn summarise(raw: &Value) -> Result<Value, String> {
    let app = &raw["app"];
    let code_raw =
        number(&app["wasm"]["raw"], "the wasm size")? + number(&app["js"]["raw"], "the JS size")?;
    let code_gzip =
        number(&app["wasm"]["gzip"], "the wasm size")? + number(&app["js"]["gzip"], "the JS size")?;
    let mut targets = vec![json!({
        "target": "app code (wasm + JS), gzip",
        "catalog": null,
        "value": code_gzip,
        "unit": "bytes",
        "limit": APP_CODE_GZIP_LIMIT,
        "met": code_gzip <= APP_CODE_GZIP_LIMIT,
    })];
    let baseline = baseline(&raw["baseline"])?;
    let mut catalogs = Vec::new();
    for catalog in raw["catalogs"]
        .as_array()
        .ok_or("the measurements list no catalogs")?
    {
        let name = catalog["name"].as_str().ok_or("a catalog without a name")?;
        let all_runs = catalog["runs"].as_array().cloned().unwrap_or_default();
        let failed_runs: Vec<Value> = all_runs
            .iter()
            .filter_map(|r| {
                r["error"]
                    .as_str()
                    .map(|e| format!("a run failed: {e}").into())
            })
            .collect();
        let runs: &[Value] = &all_runs
            .into_iter()
            .filter(|r| r["error"].is_null())
            .collect::<Vec<_>>();
        if runs.is_empty() {
            catalogs.push(json!({
                "name": name, "json": catalog["json"], "runs": 0,
                "checks": [], "errors": failed_runs,
            }));
            continue;
        }
        let json_bytes = number(&catalog["json"]["raw"], "the catalog size")?;
        let samples = |key: &str| -> Vec<&Value> {
            runs.iter()
                .flat_map(|r| r[key].as_array().into_iter().flatten())
                .collect()
        };
        let failed: Vec<String> = ["facet_clicks", "keystrokes", "clears"]
            .into_iter()
            .flat_map(|key| {
                samples(key)
                    .into_iter()
                    .filter_map(move |s| s["error"].as_str().map(|e| format!("{key}: {e}")))
            })
            .collect();
        let ok = |key: &str| -> Vec<&Value> {
            samples(key)
                .into_iter()
                .filter(|s| s["error"].is_null())
                .collect()
        };
        let (facet, keys, clears) = (ok("facet_clicks"), ok("keystrokes"), ok("clears"));
        let largest = |key: &str| largest(runs.iter().map(|r| &r[key]));
        let gather = |key: &str| -> Vec<Value> {
            runs.iter()
                .flat_map(|r| r[key].as_array().cloned().unwrap_or_default())
                .collect()
        };
        let mut checks = gather("checks");
        checks.extend(failed.into_iter().map(Value::from));
        let summary = json!({
            "name": name,
            "procedures": runs[0]["procedures"],
            "json": catalog["json"],
            "runs": runs.len(),
            "first_card_ms": per_run(runs, "first_card_ms")?,
            "filters_respond_ms": per_run(runs, "filters_respond_ms")?,
            "first_contentful_paint_ms": per_run(runs, "fcp_ms").unwrap_or(Value::Null),
            "facet_click_ms": latency(&facet)?,
            "keystroke_ms": latency(&keys)?,
            "clear_ms": latency(&clears)?,
            "event_timing": {
                "facet_click": event_timing(&facet),
                "keystroke": event_timing(&keys),
            },
            "parts": {
                "facet_click": {
                    "input_delay_ms": part(&facet, "input_delay_ms"),
                    "script_ms": part(&facet, "script_ms"),
                    "all_changes_ms": part(&facet, "all_ms"),
                },
                "keystroke": {
                    "input_delay_ms": part(&keys, "input_delay_ms"),
                    "script_ms": part(&keys, "script_ms"),
                    "all_changes_ms": part(&keys, "all_ms"),
                },
            },
            "load_longest_task_ms": per_run(runs, "longest_task_ms").unwrap_or(Value::Null),
            "load_blocking_ms": per_run(runs, "blocking_ms").unwrap_or(Value::Null),
            "dom_nodes": {
                "after_load": largest("dom_nodes_after_load"),
                "after_search": largest("dom_nodes_after_search"),
            },
            "memory_after_load": memory(runs, "memory_after_load", json_bytes)?,
            "memory_after_interactions": memory(runs, "memory_after_interactions", json_bytes)?,
            "checks": checks,
            "errors": failed_runs.into_iter().chain(gather("errors")).collect::<Vec<_>>(),
            "profile": catalog["profile"],
        });
        if name == LATENCY_CATALOG {
            for (what, key, floor) in [
                ("facet click p95", "facet_click_ms", "click_ms"),
                ("keystroke p95", "keystroke_ms", "keystroke_ms"),
            ] {
                let p95 = number(&summary[key]["p95"], key)?;
                targets.push(json!({
                    "target": what, "catalog": name, "value": p95, "unit": "ms",
                    "limit": LATENCY_P95_LIMIT_MS, "met": p95 <= LATENCY_P95_LIMIT_MS,
                    "floor": baseline[floor]["p95"],
                }));
            }
        }
        if name == FIRST_CARD_CATALOG {
            let first = number(&summary["first_card_ms"]["median"], "the first card")?;
            targets.push(json!({
                "target": "first cards (median)", "catalog": name, "value": first, "unit": "ms",
                "limit": FIRST_CARD_LIMIT_MS, "met": first <= FIRST_CARD_LIMIT_MS,
            }));
        }
        let ratio = number(&summary["memory_after_load"]["ratio_to_json"], "memory")?.max(number(
            &summary["memory_after_interactions"]["ratio_to_json"],
            "memory",
        )?);
        targets.push(json!({
            "target": "memory (JS heap + wasm) over JSON size", "catalog": name, "value": ratio, "unit": "ratio",
            "limit": MEMORY_RATIO_LIMIT, "met": ratio <= MEMORY_RATIO_LIMIT,
            "floor": baseline["empty_catalog"]["total"].as_f64().map(|total| total / json_bytes),
        }));
        catalogs.push(summary);
    }
    let mut app = app.clone();
    app["code"] = json!({ "raw": code_raw, "gzip": code_gzip });
    Ok(json!({
        "date": raw["date"],
        "chromium": raw["chromium"],
        "machine": raw["machine"],
        "runs": raw["runs"],
        "gzip_level": raw["gzip_level"],
        "viewport": raw["viewport"],
        "quiet_ms": raw["quiet_ms"],
        "measure_s": raw["duration_s"],
        "app": app,
        "catalogs": catalogs,
        "baseline": baseline,
        "targets": targets,
    }))
}

/// The floors of the figures (null when they were not measured): the
/// baseline page's latencies over its runs and its JS heap, from a page
/// that answers a click or a keystroke by changing one line of text, and
/// the app's memory with a catalog of no procedures.
fn baseline(raw: &Value) -> Result<Value, String> {
    let Some(all_runs) = raw["runs"].as_array() else {
        return Ok(Value::Null);
    };
    let runs: Vec<&Value> = all_runs.iter().filter(|r| r["error"].is_null()).collect();
    let samples = |key: &str| -> Vec<&Value> {
        runs.iter()
            .flat_map(|r| r[key].as_array().into_iter().flatten())
            .filter(|s| s["error"].is_null())
            .collect()
    };
    let mut errors: Vec<String> = all_runs
        .iter()
        .filter_map(|r| r["error"].as_str().map(|e| format!("a run failed: {e}")))
        .collect();
    let empty = &raw["empty_catalog"];
    let empty_catalog = match (empty["js_heap"].as_f64(), empty["wasm"].as_f64()) {
        (Some(js), Some(wasm)) => json!({ "js_heap": js, "wasm": wasm, "total": js + wasm }),
        _ => {
            if let Some(e) = empty["error"].as_str() {
                errors.push(format!("the app with a catalog of no procedures: {e}"));
            }
            Value::Null
        }
    };
    if runs.is_empty() {
        return Ok(json!({ "runs": 0, "empty_catalog": empty_catalog, "errors": errors }));
    }
    let page_js_heap = largest(runs.iter().map(|r| &r["memory"]["js_heap"]));
    Ok(json!({
        "runs": runs.len(),
        "click_ms": latency(&samples("facet_clicks"))?,
        "keystroke_ms": latency(&samples("keystrokes"))?,
        "page_js_heap": page_js_heap,
        "empty_catalog": empty_catalog,
        "errors": errors,
    }))
}

/// Bytes in decimal units: `826.8 KB`, `49.0 MB`.
pub fn bytes(n: f64) -> String {
    if n >= 1e9 {
        format!("{:.2} GB", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1} KB", n / 1e3)
    } else {
        format!("{n} B")
    }
}

/// Milliseconds: `7.4 ms`, `42 ms`, `12.36 s`.
pub fn millis(ms: f64) -> String {
    if ms >= 1_000.0 {
        format!("{:.2} s", ms / 1_000.0)
    } else if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// An integer with thousands separators: `68,367`.
pub fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n.round());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 && c != '-' {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn or_dash(value: &Value, show: impl Fn(f64) -> String) -> String {
    value.as_f64().map_or_else(|| "–".to_owned(), show)
}

/// The report as Markdown: bytes shipped, the figures per catalog, the
/// targets, the definitions and the machine.
pub fn markdown(report: &Value) -> String {
    let mut md = String::new();
    let catalogs = report["catalogs"].as_array().cloned().unwrap_or_default();
    let machine = &report["machine"];
    let loads: Vec<f64> = machine["load_average_samples"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect();
    let load = match percentile(&loads, 100.0) {
        Some(max) => format!(
            "1-minute load average {:.1} on average, {max:.1} at most",
            loads.iter().sum::<f64>() / loads.len() as f64
        ),
        None => "load average unknown".to_owned(),
    };
    let _ = writeln!(md, "# Browser benchmark (cargo xtask bench)\n");
    let _ = writeln!(
        md,
        "{} · Chromium {} (headless) · {} CPUs, \"{}\", {:.1} GiB memory · {} · {} run(s) per catalog · {load} while measuring · measuring took {}, the whole command {}.\n",
        report["date"].as_str().unwrap_or("?"),
        report["chromium"].as_str().unwrap_or("?"),
        machine["cpus"],
        machine["cpu_model"].as_str().unwrap_or("?"),
        machine["memory_bytes"].as_f64().unwrap_or(0.0) / f64::from(1u32 << 30),
        machine["os"].as_str().unwrap_or("?"),
        report["runs"],
        or_dash(&report["measure_s"], |s| format!("{s:.0} s")),
        or_dash(&report["total_s"], |s| format!("{s:.0} s")),
    );

    let gzip = report["gzip_level"].as_u64().unwrap_or(9);
    let _ = writeln!(
        md,
        "## Bytes shipped\n\n| file | raw | gzip (level {gzip}) |\n|---|---:|---:|"
    );
    let app = &report["app"];
    for (label, key) in [
        ("wasm", "wasm"),
        ("JS", "js"),
        ("app code (wasm + JS)", "code"),
        ("CSS", "css"),
    ] {
        let _ = writeln!(
            md,
            "| {label} | {} | {} |",
            or_dash(&app[key]["raw"], bytes),
            or_dash(&app[key]["gzip"], bytes)
        );
    }
    for c in &catalogs {
        let _ = writeln!(
            md,
            "| catalog `{}` | {} | {} |",
            c["name"].as_str().unwrap_or("?"),
            or_dash(&c["json"]["raw"], bytes),
            or_dash(&c["json"]["gzip"], bytes)
        );
    }

    let _ = writeln!(md, "\n## Per catalog\n");
    let mut header = "| |".to_owned();
    let mut rule = "|---|".to_owned();
    for c in &catalogs {
        let _ = write!(header, " {} |", c["name"].as_str().unwrap_or("?"));
        rule.push_str("---:|");
    }
    let _ = writeln!(md, "{header}\n{rule}");
    let row = |md: &mut String, label: &str, cell: &dyn Fn(&Value) -> String| {
        let _ = write!(md, "| {label} |");
        for c in &catalogs {
            let _ = write!(md, " {} |", cell(c));
        }
        md.push('\n');
    };
    let pair = |a: &Value, b: &Value, show: fn(f64) -> String| {
        format!("{} / {}", or_dash(a, show), or_dash(b, show))
    };
    let et = |e: &Value| match (e["samples"].as_u64(), e["max"].as_f64()) {
        (None, _) => "–".to_owned(),
        (Some(n), Some(max)) => format!(
            "{} of {n}, p95 {}, max {}",
            e["at_least_16ms"],
            e["p95"].as_f64().map_or("< 16 ms".to_owned(), millis),
            millis(max)
        ),
        (Some(n), None) => format!("0 of {n}"),
    };
    row(&mut md, "procedures", &|c| {
        or_dash(&c["procedures"], thousands)
    });
    row(&mut md, "first card (median; min–max)", &|c| {
        let f = &c["first_card_ms"];
        format!(
            "{} ({}–{})",
            or_dash(&f["median"], millis),
            or_dash(&f["min"], millis),
            or_dash(&f["max"], millis)
        )
    });
    row(&mut md, "filters respond (median)", &|c| {
        or_dash(&c["filters_respond_ms"]["median"], millis)
    });
    row(&mut md, "first contentful paint (median)", &|c| {
        or_dash(&c["first_contentful_paint_ms"]["median"], millis)
    });
    row(&mut md, "longest task while loading (median; max)", &|c| {
        let t = &c["load_longest_task_ms"];
        format!(
            "{} ({})",
            or_dash(&t["median"], millis),
            or_dash(&t["max"], millis)
        )
    });
    row(&mut md, "blocking time while loading (median)", &|c| {
        or_dash(&c["load_blocking_ms"]["median"], millis)
    });
    for (label, key) in [
        ("facet click", "facet_click_ms"),
        ("keystroke", "keystroke_ms"),
        ("search cleared (Backspace)", "clear_ms"),
    ] {
        row(&mut md, &format!("{label} p50 / p95"), &|c| {
            pair(&c[key]["p50"], &c[key]["p95"], millis)
        });
        if key != "clear_ms" {
            row(
                &mut md,
                &format!("{label} max (samples)"),
                &|c| match c[key]["samples"].as_u64() {
                    Some(n) => format!("{} ({n})", or_dash(&c[key]["max"], millis)),
                    None => "–".to_owned(),
                },
            );
        }
    }
    for (label, key) in [("facet click", "facet_click"), ("keystroke", "keystroke")] {
        for (part, field) in [
            ("input delay", "input_delay_ms"),
            ("script to last change", "script_ms"),
            ("every change painted", "all_changes_ms"),
        ] {
            row(&mut md, &format!("{label}: {part} p50 / p95"), &|c| {
                let p = &c["parts"][key][field];
                pair(&p["p50"], &p["p95"], millis)
            });
        }
    }
    row(&mut md, "Event Timing ≥ 16 ms: facet clicks", &|c| {
        et(&c["event_timing"]["facet_click"])
    });
    row(&mut md, "Event Timing ≥ 16 ms: keystrokes", &|c| {
        et(&c["event_timing"]["keystroke"])
    });
    row(&mut md, "DOM nodes after load / after a search", &|c| {
        pair(
            &c["dom_nodes"]["after_load"],
            &c["dom_nodes"]["after_search"],
            thousands,
        )
    });
    for (label, key) in [
        ("after load", "memory_after_load"),
        ("after the clicks and searches", "memory_after_interactions"),
    ] {
        row(&mut md, &format!("JS heap / wasm memory {label}"), &|c| {
            pair(&c[key]["js_heap"], &c[key]["wasm"], bytes)
        });
        row(&mut md, &format!("memory {label} (× JSON size)"), &|c| {
            format!(
                "{} ({})",
                or_dash(&c[key]["total"], bytes),
                or_dash(&c[key]["ratio_to_json"], |r| format!("{r:.1}×"))
            )
        });
    }

    let _ = writeln!(
        md,
        "\n## Targets\n\nThe floor is the same figure for the baseline page (latency) or for the app with a catalog of no procedures (memory): see below.\n\n| target | catalog | measured | limit | floor | met |\n|---|---|---:|---:|---:|---|"
    );
    for t in report["targets"].as_array().into_iter().flatten() {
        let show = |v: &Value| match t["unit"].as_str() {
            Some("bytes") => or_dash(v, bytes),
            Some("ms") => or_dash(v, millis),
            _ => or_dash(v, |r| format!("{r:.1}×")),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | ≤ {} | {} | {} |",
            t["target"].as_str().unwrap_or("?"),
            t["catalog"].as_str().unwrap_or("–"),
            show(&t["value"]),
            show(&t["limit"]),
            show(&t["floor"]),
            if t["met"].as_bool() == Some(true) {
                "met"
            } else {
                "**not met**"
            }
        );
    }

    let baseline = &report["baseline"];
    if !baseline.is_null() {
        let figures = |key: &str| {
            format!(
                "p50 {}, p95 {}, max {} ({} samples)",
                or_dash(&baseline[key]["p50"], millis),
                or_dash(&baseline[key]["p95"], millis),
                or_dash(&baseline[key]["max"], millis),
                baseline[key]["samples"].as_u64().unwrap_or(0),
            )
        };
        let _ = writeln!(
            md,
            "\n### The floor of the latency figures\n\nThe baseline page (`tests/e2e/bench/baseline.html`: one checkbox and one line of text that changes, a search box whose text is copied to one line), measured with the same probe and the same inputs:\n\n| input | latency to the next paint |\n|---|---|\n| click | {} |\n| keystroke | {} |\n\nNo page can answer faster under this measurement on this machine: what is left is the wait for the next frame (the probe's animation-frame loop keeps frames on the 60 Hz clock, as a display does) and the rendering of one changed line.",
            figures("click_ms"),
            figures("keystroke_ms"),
        );
        let empty = &baseline["empty_catalog"];
        if let Some(total) = empty["total"].as_f64() {
            let _ = writeln!(
                md,
                "\n### The floor of the memory figures\n\nMeasured the same way after its clicks and keystrokes, the baseline page holds {} of JS heap (the probe and the test driver's own scripts run in the page too). The app with a generated catalog of no procedures holds {} of JS heap and {} of wasm memory, {} in all (measured as for the catalogs): only a catalog whose JSON is at least a third of that, {}, can stay within 3× its size.",
                or_dash(&baseline["page_js_heap"], bytes),
                or_dash(&empty["js_heap"], bytes),
                or_dash(&empty["wasm"], bytes),
                bytes(total),
                bytes(total / MEMORY_RATIO_LIMIT),
            );
        }
    }

    for c in &catalogs {
        let profile = &c["profile"];
        let Some(top) = profile["top"].as_array() else {
            continue;
        };
        let _ = writeln!(
            md,
            "\n## CPU profile of one `{}` load\n\nFrom navigation until the filters respond ({} sampled; `{}`, which Chromium's DevTools open). Self time of the busiest functions; a release wasm carries no function names, so its functions show as `wasm-function[N]` unless the build keeps its name section:\n\n| self time | function |\n|---:|---|",
            c["name"].as_str().unwrap_or("?"),
            or_dash(&profile["total_ms"], millis),
            profile["file"].as_str().unwrap_or("?"),
        );
        for f in top.iter().take(15) {
            let _ = writeln!(
                md,
                "| {} | `{}` |",
                or_dash(&f["self_ms"], millis),
                f["function"].as_str().unwrap_or("?").replace('|', "\\|")
            );
        }
    }

    let quiet = report["quiet_ms"].as_f64().unwrap_or(150.0);
    let _ = writeln!(
        md,
        "\n## Definitions\n
- Each run opens the catalog (`?c=NAME`) in a fresh browser context (empty cache) at 1280×800, served uncompressed from localhost, then clicks and types with trusted input (CDP `Input.dispatch*`). Times are from the page's navigation start (`performance.now()`).
- *Painted*: a page-side `requestAnimationFrame` loop posts a `MessageChannel` message from each frame; the message runs right after that frame's rendering (style, layout, paint). A DOM change made during a frame's animation callbacks counts as painted by that frame; any other change by the first frame starting after it.
- *First card*: the first `article.card` inserted into the DOM (a `MutationObserver`), painted.
- *Filters respond*: a trusted click on the first facet value with procedures, sent as soon as it is enabled and visible (and again if a click is dropped), until the result count (the `role=status` line) changes, painted.
- *Facet click*: from the `click` event's `timeStamp` (the input's time) to the paint of the response: the first frame showing the page's first DOM change after the input (and following every event of the input), as Event Timing's next paint counts it. *Every change painted*: the same to the paint of the last DOM change in response (rows the grid builds after the frame included), once the page has been quiet for {quiet:.0} ms. Values of the first facet are ticked and unticked in turn from the unfiltered list.
- *Keystroke*: the same from each `keydown`, typing searches one character at a time (a procedure word, two words, a code prefix); *search cleared*: Backspace after selecting the whole search.
- *Input delay*: from the input's `timeStamp` to the first handler (the probe's, registered first); *script to last change*: from there to the page's last DOM change in response (inputs that changed nothing have none). The rest of a latency is the wait for the next frame and its rendering.
- *Longest task* and *blocking time while loading*: the main thread's tasks of 50 ms and more (Long Tasks API) from navigation until the filters respond; blocking time adds up each one's time over 50 ms.
- Percentiles are nearest-rank over all runs' samples; load times are the median of the runs; memory and DOM counts the largest of the runs.
- *Event Timing* (cross-check): Chromium's `PerformanceEventTiming` entries for the same inputs (only those of 16 ms and more are reported, durations rounded to 8 ms, measured to the frame's presentation rather than the end of its rendering on the main thread).
- *Memory*: after two forced garbage collections, the JS heap in use (CDP `Performance.getMetrics`, `JSHeapUsedSize`) plus the wasm module's linear memory (`memory.buffer.byteLength`, which never shrinks); the memory target uses the larger of the two measurements.
- *DOM nodes*: `document.getElementsByTagName('*').length`, after load and after typing the first search.
- Sizes: 1 KB = 1,000 bytes; gzip is zlib level {gzip}; the app code target counts the wasm and JS files."
    );
    let problems: Vec<String> = problems(report).iter().map(|p| format!("- {p}")).collect();
    if !problems.is_empty() {
        let _ = writeln!(
            md,
            "\n## Problems during the run\n\n{}",
            problems.join("\n")
        );
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), Some(10.0));
        assert_eq!(percentile(&values, 95.0), Some(19.0));
        assert_eq!(percentile(&values, 100.0), Some(20.0));
        assert_eq!(percentile(&values, 0.0), Some(1.0));
        assert_eq!(percentile(&[3.0, 1.0, 2.0], 50.0), Some(2.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn numbers_are_shown_in_their_units() {
        assert_eq!(bytes(826_795.0), "826.8 KB");
        assert_eq!(bytes(49_005_779.0), "49.0 MB");
        assert_eq!(bytes(1_200_000_000.0), "1.20 GB");
        assert_eq!(millis(7.44), "7.4 ms");
        assert_eq!(millis(41.6), "42 ms");
        assert_eq!(millis(12_362.2), "12.36 s");
        assert_eq!(thousands(68_367.0), "68,367");
        assert_eq!(thousands(100_000.0), "100,000");
        assert_eq!(thousands(69.0), "69");
    }

    fn raw_run(first_card: f64, click_ms: &[f64]) -> Value {
        json!({
            "first_card_ms": first_card, "filters_respond_ms": first_card + 50.0, "fcp_ms": 300.0,
            "longest_task_ms": first_card / 10.0, "blocking_ms": first_card / 20.0, "long_tasks": 2,
            "procedures": 100_000,
            "memory_after_load": { "js_heap": 2e6, "wasm": 2e8 },
            "memory_after_interactions": { "js_heap": 3e6, "wasm": 2e8 },
            "dom_nodes_after_load": 500, "dom_nodes_after_search": 520,
            "facet_clicks": click_ms.iter().map(|&ms| json!({
                "ms": ms, "all_ms": ms + 16.0, "event_timing_ms": (ms >= 16.0).then_some(ms),
                "input_delay_ms": 1.0, "script_ms": (ms >= 12.0).then_some(ms / 2.0),
            })).collect::<Vec<_>>(),
            "keystrokes": [{ "ms": 5.0, "event_timing_ms": null }],
            "clears": [{ "ms": 9.0, "event_timing_ms": null }],
            "checks": [], "errors": [],
        })
    }

    fn raw() -> Value {
        json!({
            "date": "2026-01-01T00:00:00Z", "chromium": "156.0", "runs": 2, "gzip_level": 9, "quiet_ms": 150,
            "machine": { "cpus": 2, "cpu_model": "CPU", "memory_bytes": 2_147_483_648u64, "os": "Linux", "load_average_samples": [1.0, 2.0, 3.0] },
            "duration_s": 60.0,
            "app": { "wasm": { "raw": 800_000, "gzip": 100_000 }, "js": { "raw": 40_000, "gzip": 10_000 }, "css": { "raw": 10_000, "gzip": 3_000 } },
            "catalogs": [{
                "name": "100k", "json": { "raw": 1e8, "gzip": 1e7 },
                "runs": [raw_run(900.0, &[10.0, 12.0, 30.0]), raw_run(1100.0, &[11.0, 13.0, 14.0])],
            }],
            "baseline": { "empty_catalog": { "js_heap": 1.5e6, "wasm": 1.5e6 }, "runs": [
                { "facet_clicks": [{ "ms": 5.0 }, { "ms": 9.0 }], "keystrokes": [{ "ms": 7.0 }], "memory": { "js_heap": 6e5, "wasm": 0 } },
                { "facet_clicks": [{ "ms": 17.0 }], "keystrokes": [{ "ms": 11.0 }, { "error": "never painted" }] },
                { "error": "timed out" },
            ] },
        })
    }

    #[test]
    fn the_summary_pools_samples_and_marks_the_targets() {
        let report = summarise(&raw()).unwrap();
        let c = &report["catalogs"][0];
        assert_eq!(c["facet_click_ms"]["samples"], 6);
        assert_eq!(c["facet_click_ms"]["p50"], 12.0);
        assert_eq!(c["facet_click_ms"]["p95"], 30.0);
        assert_eq!(c["first_card_ms"]["median"], 900.0);
        assert_eq!(c["event_timing"]["facet_click"]["at_least_16ms"], 1);
        assert_eq!(c["memory_after_interactions"]["total"], 203e6);
        // Script time counts only the clicks that changed the page.
        assert_eq!(c["parts"]["facet_click"]["script_ms"]["samples"], 4);
        assert_eq!(c["parts"]["facet_click"]["script_ms"]["p50"], 6.5);
        assert_eq!(c["parts"]["facet_click"]["script_ms"]["p95"], 15.0);
        assert_eq!(c["parts"]["facet_click"]["input_delay_ms"]["p95"], 1.0);
        assert_eq!(c["parts"]["facet_click"]["all_changes_ms"]["p50"], 28.0);
        assert_eq!(c["parts"]["facet_click"]["all_changes_ms"]["p95"], 46.0);
        assert_eq!(c["load_longest_task_ms"]["max"], 110.0);
        assert_eq!(c["load_blocking_ms"]["median"], 45.0);
        // The baseline pools its runs' samples, leaving out failed ones.
        let b = &report["baseline"];
        assert_eq!(b["runs"], 2);
        assert_eq!(b["click_ms"]["samples"], 3);
        assert_eq!(b["click_ms"]["p50"], 9.0);
        assert_eq!(b["click_ms"]["p95"], 17.0);
        assert_eq!(b["keystroke_ms"]["samples"], 2);
        assert_eq!(b["keystroke_ms"]["max"], 11.0);
        assert_eq!(b["page_js_heap"], 6e5);
        assert_eq!(b["empty_catalog"]["total"], 3e6);
        let met: Vec<(String, bool)> = report["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["target"].as_str().unwrap().to_owned(),
                    t["met"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            met,
            [
                ("app code (wasm + JS), gzip".to_owned(), true),
                ("facet click p95".to_owned(), false),
                ("keystroke p95".to_owned(), true),
                ("memory (JS heap + wasm) over JSON size".to_owned(), true),
            ]
        );
    }

    #[test]
    fn a_catalog_whose_runs_all_failed_is_reported_without_figures() {
        let mut raw = raw();
        raw["catalogs"][0]["runs"] = json!([{ "error": "timed out" }]);
        let report = summarise(&raw).unwrap();
        assert_eq!(
            report["catalogs"][0]["errors"],
            json!(["a run failed: timed out"])
        );
        let md = markdown(&report);
        assert!(md.contains("| facet click p50 / p95 | – / – |"), "{md}");
        assert!(md.contains("| facet click max (samples) | – |"), "{md}");
        assert!(md.contains("- 100k: a run failed: timed out"), "{md}");
    }

    #[test]
    fn the_markdown_has_a_column_per_catalog_and_a_row_per_target() {
        let md = markdown(&summarise(&raw()).unwrap());
        assert!(md.contains("| | 100k |\n|---|---:|\n"), "{md}");
        assert!(
            md.contains("| app code (wasm + JS) | 840.0 KB | 110.0 KB |"),
            "{md}"
        );
        assert!(
            md.contains("| facet click p50 / p95 | 12 ms / 30 ms |"),
            "{md}"
        );
        assert!(
            md.contains("| first card (median; min–max) | 900 ms (900 ms–1.10 s) |"),
            "{md}"
        );
        assert!(
            md.contains("| Event Timing ≥ 16 ms: facet clicks | 1 of 6, p95 30 ms, max 30 ms |"),
            "{md}"
        );
        assert!(
            md.contains("| facet click: script to last change p50 / p95 | 6.5 ms / 15 ms |"),
            "{md}"
        );
        assert!(
            md.contains("| longest task while loading (median; max) | 90 ms (110 ms) |"),
            "{md}"
        );
        assert!(
            md.contains("| facet click p95 | 100k | 30 ms | ≤ 16 ms | 17 ms | **not met** |"),
            "{md}"
        );
        // The app with no procedures (3 MB) against this catalog's 100 MB.
        assert!(
            md.contains(
                "| memory (JS heap + wasm) over JSON size | 100k | 2.0× | ≤ 3.0× | 0.0× | met |"
            ),
            "{md}"
        );
        assert!(
            md.contains("| app code (wasm + JS), gzip | – | 110.0 KB | ≤ 120.0 KB | – | met |"),
            "{md}"
        );
        assert!(
            md.contains("| memory after load (× JSON size) | 202.0 MB (2.0×) |"),
            "{md}"
        );
        assert!(
            md.contains("1-minute load average 2.0 on average, 3.0 at most while measuring"),
            "{md}"
        );
        assert!(
            md.contains("| click | p50 9.0 ms, p95 17 ms, max 17 ms (3 samples) |"),
            "{md}"
        );
        assert!(
            md.contains("the baseline page holds 600.0 KB of JS heap (the probe and the test driver's own scripts run in the page too). The app with a generated catalog of no procedures holds 1.5 MB of JS heap and 1.5 MB of wasm memory, 3.0 MB in all"),
            "{md}"
        );
        assert!(
            md.contains("at least a third of that, 1.0 MB, can stay"),
            "{md}"
        );
        assert!(
            md.contains("## Problems during the run\n\n- baseline page: a run failed: timed out"),
            "{md}"
        );
    }

    #[test]
    fn a_report_without_a_baseline_has_no_floor() {
        let mut raw = raw();
        raw.as_object_mut().unwrap().remove("baseline");
        let report = summarise(&raw).unwrap();
        assert!(report["baseline"].is_null());
        let md = markdown(&report);
        assert!(!md.contains("floor of the latency figures"), "{md}");
        assert!(
            md.contains("| facet click p95 | 100k | 30 ms | ≤ 16 ms | – | **not met** |"),
            "{md}"
        );
        assert!(!md.contains("Problems during the run"), "{md}");
    }
}
