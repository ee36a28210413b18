//! What a release build needs after trunk: the page is checked for inline
//! scripts and styles (a strict Content-Security-Policy blocks them), and the
//! service worker learns the build's files and id, so that it can keep them
//! for offline use and so that each deployment is noticed as new.

use std::fs;
use std::path::Path;

/// Checks `dist/index.html` and fills in `dist/sw.js`.
pub fn finish(dist: &Path) -> Result<(), String> {
    let index = read_text(&dist.join("index.html"))?;
    no_inline_code(&index).map_err(|e| format!("{}: {e}", dist.join("index.html").display()))?;
    let files = precache_list(dist)?;
    let id = build_id(dist, &files)?;
    let sw = dist.join("sw.js");
    let filled = fill_service_worker(&read_text(&sw)?, &id, &files)
        .map_err(|e| format!("{}: {e}", sw.display()))?;
    fs::write(&sw, filled).map_err(|e| format!("writing {}: {e}", sw.display()))?;
    println!(
        "Service worker: build {id}, {} files kept for offline use",
        files.len()
    );
    Ok(())
}

fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

/// Fails on anything in `html` that a policy without 'unsafe-inline' blocks:
/// a script without `src`, a `<style>` element, a `style` attribute or an
/// event handler attribute.
pub fn no_inline_code(html: &str) -> Result<(), String> {
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower[at..].find('<').map(|i| at + i) {
        if lower[start..].starts_with("<!--") {
            at = lower[start..]
                .find("-->")
                .map_or(lower.len(), |i| start + i + 3);
            continue;
        }
        let end = lower[start..]
            .find('>')
            .map_or(lower.len(), |i| start + i + 1);
        let tag = &lower[start..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let attributes = attribute_names(&tag[1 + name.len()..]);
        let line = lower[..start].matches('\n').count() + 1;
        if name == "script" && !attributes.iter().any(|a| a == "src") {
            return Err(format!(
                "line {line}: an inline <script>, which a Content-Security-Policy without 'unsafe-inline' blocks; load it from a file"
            ));
        }
        if name == "style" {
            return Err(format!(
                "line {line}: a <style> element, which a Content-Security-Policy without 'unsafe-inline' blocks; move it to style/"
            ));
        }
        if let Some(bad) = attributes
            .iter()
            .find(|a| *a == "style" || a.starts_with("on"))
        {
            return Err(format!(
                "line {line}: a `{bad}` attribute on <{name}>, which a Content-Security-Policy without 'unsafe-inline' blocks"
            ));
        }
        at = end;
        if name == "script" {
            // Skip the script's content: it may hold `<`.
            at = lower[end..]
                .find("</script")
                .map_or(lower.len(), |i| end + i + 1);
        }
    }
    Ok(())
}

/// The attribute names in the inside of a start tag (after its name).
fn attribute_names(inside: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = inside.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == '/' || c == '>' {
            chars.next();
            continue;
        }
        let name: String = std::iter::from_fn(|| {
            chars.next_if(|c| !c.is_whitespace() && !matches!(c, '=' | '>' | '/'))
        })
        .collect();
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.peek() {
                Some(&quote @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == quote {
                            break;
                        }
                    }
                }
                _ => while chars.next_if(|c| !c.is_whitespace() && *c != '>').is_some() {},
            }
        }
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

/// The files the service worker stores at install, relative to `dist` (the
/// page as `./`): the page's scripts, WebAssembly and stylesheets, its icons
/// and web app manifest, the site's configuration, the catalog manifest and
/// the default catalog. Other catalogs are stored when the reader opens them.
pub fn precache_list(dist: &Path) -> Result<Vec<String>, String> {
    let mut files = vec!["./".to_owned()];
    let entries = fs::read_dir(dist).map_err(|e| format!("reading {}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let shell = [".js", ".wasm", ".css"].iter().any(|e| name.ends_with(e))
            && name != "sw.js"
            && name != "embed.js";
        let page_file =
            ["favicon.svg", "manifest.webmanifest", "config.json"].contains(&name.as_str());
        if entry.path().is_file() && (shell || page_file) {
            files.push(name);
        }
    }
    if let Ok(icons) = fs::read_dir(dist.join("icons")) {
        files.extend(
            icons
                .flatten()
                .filter(|e| e.path().is_file())
                .map(|e| format!("icons/{}", e.file_name().to_string_lossy())),
        );
    }
    let manifest = dist.join("catalogs/manifest.json");
    if manifest.is_file() {
        files.push("catalogs/manifest.json".into());
    }
    let default = default_catalog(&manifest)?;
    if !dist.join(&default).is_file() {
        return Err(format!(
            "the default catalog {default} is not in {}",
            dist.display()
        ));
    }
    files.push(default);
    files[1..].sort();
    files.dedup();
    Ok(files)
}

/// The default catalog's address in the catalog manifest (the app's own
/// default when there is no manifest).
fn default_catalog(manifest: &Path) -> Result<String, String> {
    if !manifest.is_file() {
        return Ok("catalogs/spine.json".into());
    }
    let json: serde_json::Value = serde_json::from_str(&read_text(manifest)?)
        .map_err(|e| format!("{}: {e}", manifest.display()))?;
    let default = json.get("default").and_then(|d| d.as_str());
    json.get("catalogs")
        .and_then(|c| c.as_array())
        .and_then(|catalogs| {
            catalogs
                .iter()
                .find(|c| c.get("id").and_then(|i| i.as_str()) == default)
        })
        .and_then(|entry| entry.get("url").and_then(|u| u.as_str()))
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: no default catalog", manifest.display()))
}

/// A short id of the build: FNV-1a over the stored files' names and bytes,
/// so that any change to what the service worker keeps is a new build.
pub fn build_id(dist: &Path, files: &[String]) -> Result<String, String> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in files {
        let path = if file == "./" {
            dist.join("index.html")
        } else {
            dist.join(file)
        };
        feed(file.as_bytes());
        feed(&fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?);
    }
    Ok(format!("{hash:016x}"))
}

/// `sw.js` with its build id and file list filled in.
pub fn fill_service_worker(script: &str, id: &str, files: &[String]) -> Result<String, String> {
    const BUILD: &str = "const BUILD = '';";
    const PRECACHE: &str = "const PRECACHE = [];";
    for marker in [BUILD, PRECACHE] {
        if script.matches(marker).count() != 1 {
            return Err(format!("expected the line `{marker}` once, to fill in"));
        }
    }
    let list = serde_json::to_string(files).expect("strings serialise");
    Ok(script
        .replace(BUILD, &format!("const BUILD = '{id}';"))
        .replace(PRECACHE, &format!("const PRECACHE = {list};")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_may_load_scripts_and_styles_only_from_files() {
        let page = r#"<!doctype html><html><head>
            <!-- <script>commented out</script> -->
            <meta name="procedure-catalog-app" data-js="/a.js" data-wasm="/a.wasm">
            <script type="module" src="/start.js"></script>
            <link rel="stylesheet" href="/main.css" integrity="sha384-x">
            </head><body data-note="style= here is text"><noscript>x</noscript></body></html>"#;
        assert_eq!(no_inline_code(page), Ok(()));
        for (bad, says) in [
            (
                "<script type=\"module\">import init from '/a.js';</script>",
                "inline <script>",
            ),
            ("<script>\n</script>", "inline <script>"),
            ("<style>body{}</style>", "a <style> element"),
            (
                "<div style=\"height: 1px\"></div>",
                "`style` attribute on <div>",
            ),
            ("<body onload=\"go()\">", "`onload` attribute on <body>"),
            ("<img src=x ONERROR=go()>", "`onerror` attribute on <img>"),
        ] {
            let error = no_inline_code(&page.replace("<noscript>x</noscript>", bad)).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
            assert!(error.starts_with("line 6:"), "{bad}: {error}");
        }
    }

    #[test]
    fn the_service_worker_gets_the_build_and_its_files() {
        let script = "const BUILD = '';\nconst PRECACHE = [];\nuse(BUILD, PRECACHE);";
        let filled = fill_service_worker(script, "0123", &["./".into(), "a-1.js".into()]).unwrap();
        assert_eq!(
            filled,
            "const BUILD = '0123';\nconst PRECACHE = [\"./\",\"a-1.js\"];\nuse(BUILD, PRECACHE);"
        );
        // Filled once only: a second pass finds no marker.
        assert!(fill_service_worker(&filled, "4567", &[]).is_err());
    }

    #[test]
    fn the_stored_files_are_the_shell_and_the_default_catalog() {
        let dist = std::env::temp_dir().join(format!("xtask-finish-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dist);
        for (file, text) in [
            ("index.html", "<html></html>"),
            ("app-0a1b.js", "js"),
            ("app-0a1b_bg.wasm", "wasm"),
            ("main-2c3d.css", "css"),
            ("start.js", "start"),
            ("embed.js", "embed"),
            ("sw.js", "sw"),
            ("config.json", "{}"),
            ("manifest.webmanifest", "{}"),
            ("icons/icon.svg", "<svg/>"),
            ("schema/catalog-v1.schema.json", "{}"),
            ("catalogs/spine.json", "{}"),
            ("catalogs/big.json", "{}"),
            (
                "catalogs/manifest.json",
                r#"{"default": "spine", "catalogs": [{"id": "big", "url": "catalogs/big.json"}, {"id": "spine", "url": "catalogs/spine.json"}]}"#,
            ),
        ] {
            let path = dist.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let files = precache_list(&dist).unwrap();
        assert_eq!(
            files,
            [
                "./",
                "app-0a1b.js",
                "app-0a1b_bg.wasm",
                "catalogs/manifest.json",
                "catalogs/spine.json",
                "config.json",
                "icons/icon.svg",
                "main-2c3d.css",
                "manifest.webmanifest",
                "start.js",
            ]
        );
        let id = build_id(&dist, &files).unwrap();
        assert_eq!(id, build_id(&dist, &files).unwrap());
        fs::write(dist.join("catalogs/spine.json"), "{ }").unwrap();
        assert_ne!(
            id,
            build_id(&dist, &files).unwrap(),
            "a changed file is a new build"
        );
        fs::remove_dir_all(&dist).unwrap();
    }
}
