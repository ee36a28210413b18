//! The whole view as a URL query string, so any static host serves every
//! state without rewrite rules: `?q=corpectomy&f.indication=tumor,fracture&all=1&sort=title&p=<id>&cmp=<id>,<id>&view=compare&fav=1`,
//! plus `c=<id>` (a catalog of the site's manifest), `src=<url>` (a catalog
//! by its address, see [`crate::catalog::sources`]) and `embed=1` (shown in
//! another site's frame).
//!
//! Decoding never fails: anything it does not understand is ignored, so an
//! old or hand-edited link still opens. Every item is percent-encoded on its
//! own, so `decode(encode(s)) == s` for any state.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::CodeSystem;
use crate::search::{Query, Sort};

/// The code systems a link may name, by the names the format uses.
const SYSTEMS: [CodeSystem; 5] = [
    CodeSystem::Cpt,
    CodeSystem::Hcpcs,
    CodeSystem::Icd10Pcs,
    CodeSystem::Icd10Cm,
    CodeSystem::Local,
];

/// Most procedures compared at once.
pub const MAX_COMPARE: usize = 3;

/// Everything a link must restore.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ViewState {
    /// The catalog shown, by its manifest id; `None` for the default one.
    pub catalog: Option<String>,
    /// The catalog shown, by its address (relative to the page or absolute);
    /// takes precedence over `catalog`.
    pub source: Option<String>,
    /// Shown inside another site's frame: no site header, and the frame's
    /// parent is told the content's height.
    pub embed: bool,
    /// Search text, filters, match-all and sort.
    pub query: Query,
    /// Show only the reader's favourites.
    pub favourites_only: bool,
    /// The procedure whose detail view is open.
    pub open: Option<String>,
    /// A code whose procedure's detail view is to open, once the catalog is
    /// loaded and the code found in it (a link from another catalog that
    /// cites the code).
    pub code: Option<(CodeSystem, String)>,
    /// Procedures picked for comparison, in the order picked.
    pub compare: Vec<String>,
    /// Whether the comparison view is open.
    pub comparing: bool,
}

impl ViewState {
    /// Adds `id` to the comparison, or removes it if present. Returns false
    /// when the comparison is already full.
    pub fn toggle_compare(&mut self, id: &str) -> bool {
        if let Some(at) = self.compare.iter().position(|c| c == id) {
            self.compare.remove(at);
            if self.compare.is_empty() {
                self.comparing = false;
            }
            true
        } else if self.compare.len() < MAX_COMPARE {
            self.compare.push(id.to_owned());
            true
        } else {
            false
        }
    }

    /// The first view of catalog `id` (`None` for the default one), in the
    /// same place (framed or not) as this view.
    pub fn of_catalog(&self, id: Option<String>) -> ViewState {
        ViewState {
            catalog: id,
            embed: self.embed,
            ..ViewState::default()
        }
    }

    /// The address of `id`'s detail view, for a link opened in a new tab or
    /// shared: the same catalog, nothing else of this view.
    pub fn link_to(&self, id: &str) -> ViewState {
        ViewState {
            catalog: self.catalog.clone(),
            source: self.source.clone(),
            open: Some(id.to_owned()),
            ..ViewState::default()
        }
    }

    /// The first view of catalog `id` (`None` for the default one) with
    /// the card of `code` of `system` open, in the same place (framed or
    /// not) as this view.
    pub fn code_in(&self, id: Option<String>, system: CodeSystem, code: &str) -> ViewState {
        ViewState {
            code: Some((system, code.to_owned())),
            ..self.of_catalog(id)
        }
    }

    /// The same view with nothing open over the list.
    pub fn list_only(&self) -> ViewState {
        ViewState {
            open: None,
            code: None,
            comparing: false,
            ..self.clone()
        }
    }

    /// Whether something is open over the list: a procedure, the
    /// comparison, or the card of a code.
    pub fn covered(&self) -> bool {
        self.open.is_some() || self.comparing || self.code.is_some()
    }
}

/// The query string for `state`, without the leading `?`; empty for the
/// default view.
pub fn encode(state: &ViewState) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if state.embed {
        pairs.push(("embed".into(), "1".into()));
    }
    if let Some(catalog) = &state.catalog {
        pairs.push(("c".into(), escape(catalog)));
    }
    if let Some(source) = &state.source {
        pairs.push(("src".into(), escape(source)));
    }
    let query = &state.query;
    if !query.text.is_empty() {
        pairs.push(("q".into(), escape(&query.text)));
    }
    for (facet, values) in &query.filters {
        if !values.is_empty() {
            pairs.push((format!("f.{}", escape(facet)), list(values.iter())));
        }
    }
    if query.match_all {
        pairs.push(("all".into(), "1".into()));
    }
    if query.sort != Sort::Relevance {
        pairs.push(("sort".into(), query.sort.key().into()));
    }
    if state.favourites_only {
        pairs.push(("fav".into(), "1".into()));
    }
    if let Some(open) = &state.open {
        pairs.push(("p".into(), escape(open)));
    }
    if let Some((system, code)) = &state.code {
        pairs.push(("code".into(), escape(&format!("{}:{code}", system.name()))));
    }
    if !state.compare.is_empty() {
        pairs.push(("cmp".into(), list(state.compare.iter())));
    }
    if state.comparing {
        pairs.push(("view".into(), "compare".into()));
    }
    pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The state a query string stands for (with or without the leading `?`).
pub fn decode(search: &str) -> ViewState {
    let mut state = ViewState::default();
    let mut filters: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for pair in search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "c" => state.catalog = Some(unescape(value)).filter(|id| !id.is_empty()),
            "src" => state.source = Some(unescape(value)).filter(|url| !url.is_empty()),
            "embed" => state.embed = value == "1",
            "q" => state.query.text = unescape(value),
            "all" => state.query.match_all = value == "1",
            "sort" => state.query.sort = Sort::from_key(value).unwrap_or_default(),
            "fav" => state.favourites_only = value == "1",
            "p" => state.open = Some(unescape(value)).filter(|id| !id.is_empty()),
            "code" => {
                let value = unescape(value);
                state.code = value.split_once(':').and_then(|(name, code)| {
                    let system = SYSTEMS.into_iter().find(|s| s.name() == name)?;
                    (!code.is_empty()).then(|| (system, code.to_owned()))
                });
            }
            "cmp" => {
                for id in items(value) {
                    if !state.compare.contains(&id) && state.compare.len() < MAX_COMPARE {
                        state.compare.push(id);
                    }
                }
            }
            "view" => state.comparing = value == "compare",
            _ => {
                if let Some(facet) = key.strip_prefix("f.") {
                    let facet = unescape(facet);
                    if !facet.is_empty() {
                        filters.entry(facet).or_default().extend(items(value));
                    }
                }
            }
        }
    }
    filters.retain(|_, values| !values.is_empty());
    state.query.filters = filters;
    state.comparing &= !state.compare.is_empty();
    state
}

fn list<'a>(items: impl Iterator<Item = &'a String>) -> String {
    items.map(|item| escape(item)).collect::<Vec<_>>().join(",")
}

fn items(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(unescape)
        .filter(|item| !item.is_empty())
}

/// Percent-encodes everything but unreserved characters; spaces become `+`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Reverses [`escape`]; malformed escapes are kept as written.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_keeps_the_catalog_and_nothing_else() {
        let mut view = decode("c=icd10pcs&q=fusion&f.region=lumbar&cmp=a,b&embed=1");
        view.open = Some("other".into());
        assert_eq!(
            encode(&view.link_to("corpectomy")),
            "c=icd10pcs&p=corpectomy"
        );
        let view = decode("src=https%3A%2F%2Fexample.org%2Fc.json&fav=1");
        assert_eq!(
            decode(&encode(&view.link_to("x"))),
            ViewState {
                source: Some("https://example.org/c.json".into()),
                open: Some("x".into()),
                ..ViewState::default()
            }
        );
        assert_eq!(encode(&ViewState::default().link_to("x")), "p=x");
    }

    #[test]
    fn the_default_view_is_an_empty_query_string() {
        assert_eq!(encode(&ViewState::default()), "");
        assert_eq!(decode(""), ViewState::default());
    }

    #[test]
    fn encodes_every_part_readably() {
        let mut state = ViewState::default();
        state.query.text = "spinal cord & C79.51".into();
        state.query.toggle("indication", "tumor");
        state.query.toggle("indication", "spinal-metastasis");
        state.query.match_all = true;
        state.query.sort = Sort::Title;
        state.open = Some("corpectomy-a".into());
        state.compare = vec!["b".into(), "a".into()];
        state.comparing = true;
        state.catalog = Some("spine".into());
        state.source = Some("https://intranet.example.org/cat.json?v=2".into());
        state.embed = true;
        let text = encode(&state);
        assert_eq!(
            text,
            "embed=1&c=spine&src=https%3A%2F%2Fintranet.example.org%2Fcat.json%3Fv%3D2&q=spinal+cord+%26+C79.51&f.indication=spinal-metastasis,tumor&all=1&sort=title&p=corpectomy-a&cmp=b,a&view=compare"
        );
        assert_eq!(decode(&text), state);
    }

    #[test]
    fn a_code_link_names_the_catalog_and_the_code() {
        let state = decode("embed=1&q=fusion&p=a");
        let next = state.code_in(Some("icd10pcs".into()), CodeSystem::Icd10Pcs, "0PB40ZZ");
        assert_eq!(
            encode(&next),
            "embed=1&c=icd10pcs&code=ICD-10-PCS%3A0PB40ZZ"
        );
        assert_eq!(decode(&encode(&next)), next);
        assert_eq!(
            decode("code=ICD-10-CM%3AC79.51").code,
            Some((CodeSystem::Icd10Cm, "C79.51".into()))
        );
        assert_eq!(decode("code=ICD-11%3AX").code, None);
        assert_eq!(decode("code=CPT%3A").code, None);
        assert_eq!(decode("code=63101").code, None);
    }

    #[test]
    fn a_new_catalog_keeps_the_frame_and_nothing_else() {
        let mut state = decode("embed=1&src=x.json&q=fusion&p=a");
        assert!(state.embed);
        assert_eq!(state.source.as_deref(), Some("x.json"));
        let next = state.of_catalog(Some("icd10pcs".into()));
        assert_eq!(encode(&next), "embed=1&c=icd10pcs");
        state.embed = false;
        assert_eq!(encode(&state.of_catalog(None)), "");
    }

    #[test]
    fn ignores_what_it_does_not_understand() {
        let state = decode("?zzz=1&sort=sideways&cmp=a,a,b,c,d&view=compare&f.=x&q=%ZZ%4");
        assert_eq!(state.query.sort, Sort::Relevance);
        assert_eq!(state.compare, ["a", "b", "c"]);
        assert!(state.comparing);
        assert!(state.query.filters.is_empty());
        assert_eq!(state.query.text, "%ZZ%4");
    }
}
