//! The line that heads a catalog's page: its title, then who publishes it,
//! its version and when it was last updated.
//!
//! The app shows it above the filters. The build also writes the site's
//! default catalog's line into `index.html` (`catalog boot-page`), so that
//! the page the browser paints while the app downloads already names the
//! catalog; when the app takes over, its own line has the same words and
//! markup, so the page does not change under the reader's eyes.

use super::Catalog;

/// Where `index.html` receives the default catalog's line.
pub const BOOT_MARKER: &str = "<!-- the default catalog's heading (catalog boot-page) -->";

/// How the line starts in `index.html`; its id is the one `start.js` looks
/// for to remove it when the address names another catalog.
const BOOT_OPENING: &str = "<p class=\"catalog-title\" id=\"boot-title\"";

impl Catalog {
    /// What follows the title in the heading line.
    pub fn heading_meta(&self) -> String {
        format!(
            " · {} · version {} · updated {}",
            self.publisher, self.catalog_version, self.updated
        )
    }
}

/// The heading line of `catalog` (the manifest's `id`) as HTML for the
/// static page: every text escaped, the same classes as the app's line.
pub fn boot_heading_html(id: &str, catalog: &Catalog) -> String {
    format!(
        "{BOOT_OPENING} data-catalog=\"{}\">{}<span class=\"catalog-meta\">{}</span></p>",
        escape_html(id),
        escape_html(&catalog.title),
        escape_html(&catalog.heading_meta())
    )
}

/// `page` with `heading` in place of [`BOOT_MARKER`], or of the heading an
/// earlier run wrote (so that a site whose default catalog changed can be
/// given the new one's heading).
pub fn with_boot_heading(page: &str, heading: &str) -> Result<String, String> {
    let places = page.matches(BOOT_MARKER).count() + page.matches(BOOT_OPENING).count();
    if places > 1 {
        return Err(format!(
            "the page has {places} places for the catalog's heading; keep only the `{BOOT_MARKER}` in index.html's #boot stand-in"
        ));
    }
    if page.contains(BOOT_MARKER) {
        return Ok(page.replacen(BOOT_MARKER, heading, 1));
    }
    // An earlier heading ends at its own `</p>`: its texts hold no `<`.
    if let Some(start) = page.find(BOOT_OPENING)
        && let Some(end) = page[start..].find("</p>").map(|i| start + i + "</p>".len())
    {
        return Ok(format!("{}{heading}{}", &page[..start], &page[end..]));
    }
    Err(format!(
        "the page has no `{BOOT_MARKER}` where the catalog's heading goes; put it back in index.html's #boot stand-in"
    ))
}

/// `text` safe as an HTML text node or a quoted attribute value.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(title: &str, publisher: &str) -> Catalog {
        serde_json::from_value(serde_json::json!({
            "format_version": 1,
            "title": title,
            "publisher": publisher,
            "catalog_version": "2026.11",
            "updated": "2026-11-23",
            "license": "CC-BY-4.0",
            "facets": [],
            "procedures": [],
        }))
        .expect("a catalog")
    }

    #[test]
    fn the_line_names_the_catalog_and_its_publisher_version_and_date() {
        let html = boot_heading_html("spine", &catalog("Spine surgery", "A team"));
        assert_eq!(
            html,
            "<p class=\"catalog-title\" id=\"boot-title\" data-catalog=\"spine\">Spine surgery<span class=\"catalog-meta\"> · A team · version 2026.11 · updated 2026-11-23</span></p>"
        );
    }

    #[test]
    fn markup_in_a_catalog_s_text_stays_text() {
        let html = boot_heading_html(
            "x\"><script>",
            &catalog(
                "<img src=x onerror=alert(1)>",
                "\"'><script>alert(2)</script>&amp;",
            ),
        );
        // The only tags are the line's own.
        let tags: Vec<&str> = html
            .match_indices('<')
            .map(|(i, _)| &html[i..i + 3])
            .collect();
        assert_eq!(tags, ["<p ", "<sp", "</s", "</p"]);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("&quot;&#39;&gt;&lt;script&gt;alert(2)&lt;/script&gt;&amp;amp;"));
        assert!(html.contains("data-catalog=\"x&quot;&gt;&lt;script&gt;\""));
    }

    #[test]
    fn the_line_takes_the_marker_s_place_once() {
        let page = format!("<main>{BOOT_MARKER}<p>Starting…</p></main>");
        assert_eq!(
            with_boot_heading(&page, "<p>Line</p>").unwrap(),
            "<main><p>Line</p><p>Starting…</p></main>"
        );
        let missing = with_boot_heading("<main></main>", "<p>Line</p>").unwrap_err();
        assert!(missing.contains("index.html"), "{missing}");
        let twice = with_boot_heading(&format!("{BOOT_MARKER}{BOOT_MARKER}"), "x").unwrap_err();
        assert!(twice.contains("2 places"), "{twice}");
    }

    #[test]
    fn a_new_line_replaces_the_one_written_before() {
        let page = format!("<main>{BOOT_MARKER}<p>Starting…</p></main>");
        let first = boot_heading_html("a", &catalog("First <b>", "One"));
        let second = boot_heading_html("b", &catalog("Second", "Two"));
        let once = with_boot_heading(&page, &first).unwrap();
        let again = with_boot_heading(&once, &second).unwrap();
        assert_eq!(again, format!("<main>{second}<p>Starting…</p></main>"));
        let both = with_boot_heading(&format!("{once}{BOOT_MARKER}"), &second).unwrap_err();
        assert!(both.contains("2 places"), "{both}");
    }
}
