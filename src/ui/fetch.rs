//! Fetching the manifest and catalogs over HTTP and handing their bytes to
//! the core. Catalogs are read as a stream so that a large one shows how
//! much has arrived.

use std::fmt;
use std::sync::Arc;

use gloo_net::http::{Request, Response};
use leptos::prelude::{Set, WriteSignal};
use wasm_bindgen::JsCast;

use crate::catalog::load::{Loader, NestingScan, prefix_catalog};
use crate::catalog::manifest::Manifest;
use crate::catalog::sources::{CONFIG_FILE, ConfigError, Refusal, SiteConfig};
use crate::catalog::{Catalog, LoadError, Problem};
use crate::search::{CatalogIndex, IndexBuilder};
use crate::state::Progress;

/// The catalog shown when there is no manifest, relative to the page so that
/// the app works under any sub-path.
pub const DEFAULT_CATALOG: &str = "catalogs/spine.json";

/// The list of catalogs this site offers.
pub const MANIFEST: &str = "catalogs/manifest.json";

/// Why a catalog could not be shown at all.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogFailure {
    /// The request never got an answer.
    Network { url: String, message: String },
    /// The server answered with an error status.
    Http {
        url: String,
        status: u16,
        status_text: String,
    },
    /// The answer was not a readable catalog.
    Unreadable { url: String, error: LoadError },
    /// The address named a catalog this site does not accept.
    Refused { url: String, why: Refusal },
}

impl CatalogFailure {
    /// The address that was requested.
    pub fn url(&self) -> &str {
        match self {
            CatalogFailure::Network { url, .. }
            | CatalogFailure::Http { url, .. }
            | CatalogFailure::Unreadable { url, .. }
            | CatalogFailure::Refused { url, .. } => url,
        }
    }
}

impl fmt::Display for CatalogFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogFailure::Network { url, message } => write!(
                f,
                "The catalog at {url} could not be reached ({message}). Check the network connection and reload."
            ),
            CatalogFailure::Http {
                url,
                status,
                status_text,
            } => write!(
                f,
                "The server answered HTTP {status} {status_text} for {url}. Check that the catalog file is published at that address."
            ),
            CatalogFailure::Unreadable { url, error } => {
                write!(f, "The catalog at {url} cannot be read: {error}.")
            }
            CatalogFailure::Refused { why, .. } => write!(f, "{why}"),
        }
    }
}

/// A catalog ready to show, shared rather than copied between the views
/// that read it (a large catalog is tens of megabytes).
#[derive(Debug)]
pub struct FetchedCatalog {
    /// The valid part of the catalog.
    pub catalog: Arc<Catalog>,
    /// Its index.
    pub index: Arc<CatalogIndex>,
    /// Every problem found while loading.
    pub problems: Vec<Problem>,
    /// Procedures left out because of errors.
    pub skipped: usize,
}

impl FetchedCatalog {
    fn new(catalog: Catalog, index: CatalogIndex, problems: Vec<Problem>, skipped: usize) -> Self {
        FetchedCatalog {
            catalog: Arc::new(catalog),
            index: Arc::new(index),
            problems,
            skipped,
        }
    }
}

/// How many procedures the first view of a loading catalog shows.
pub const PREVIEW: usize = 48;

/// Catalogs smaller than this (in bytes) load too fast to be worth a
/// preview; a larger one shows its first procedures once this much arrived.
/// (Sizes only: servers that compress often send no length.)
const PREVIEW_ABOVE: usize = 1_000_000;

/// How far into a file the first procedures are looked for while it
/// downloads.
const PREVIEW_WITHIN: usize = 4_000_000;

/// Work done between two chances for the browser to paint and handle input.
const SLICE_MS: f64 = 12.0;
/// Procedures decoded between two looks at the clock: a procedure with
/// unverified marks or a problem takes the careful path, which on a slow
/// phone can take a millisecond or more each.
const DECODE_BATCH: usize = 8;
/// Procedures checked or indexed between two looks at the clock.
const STEP_BATCH: usize = 256;

/// `relative` resolved against the page's base address.
pub fn absolute_url(relative: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    base.and_then(|base| web_sys::Url::new_with_base(relative, &base).ok())
        .map(|url| url.href())
        .unwrap_or_else(|| relative.to_owned())
}

/// The site's manifest at `url` (absolute), or why there is none to use.
pub async fn fetch_manifest(url: String) -> Result<Manifest, String> {
    let response = Request::get(&url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {} for {url}", response.status()));
    }
    let bytes = response.binary().await.map_err(|e| e.to_string())?;
    Manifest::parse(&bytes).map_err(|e| e.to_string())
}

/// The site's configuration at `url` (absolute); a site without one has
/// the default configuration.
pub async fn fetch_config(url: String) -> Result<SiteConfig, ConfigError> {
    let unreachable = |e: String| ConfigError::Unreachable(e);
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    match response.status() {
        404 => Ok(SiteConfig::default()),
        200..=299 => {
            let bytes = response
                .binary()
                .await
                .map_err(|e| unreachable(e.to_string()))?;
            SiteConfig::parse(&bytes)
        }
        status => Err(unreachable(format!(
            "HTTP {status} for {url}; publish {CONFIG_FILE} next to the app"
        ))),
    }
}

/// Fetches and loads the catalog at `url` (relative to the page), reporting
/// progress to `progress` and handing the first procedures to `preview` as
/// soon as they are read.
///
/// A large catalog takes seconds to read and index, so the work is cut into
/// slices of about [`SLICE_MS`] with the browser free to paint and handle
/// input between them: the page never freezes, and the first cards show
/// long before the last procedure is indexed. (Measured alternatives are in
/// BENCHMARKS.md.)
pub async fn fetch_catalog(
    url: String,
    progress: WriteSignal<Option<Progress>>,
    preview: WriteSignal<Option<Arc<FetchedCatalog>>>,
) -> Result<Arc<FetchedCatalog>, CatalogFailure> {
    let url = absolute_url(&url);
    let network = |e: String| CatalogFailure::Network {
        url: url.clone(),
        message: e,
    };
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|e| network(e.to_string()))?;
    if !response.ok() {
        return Err(CatalogFailure::Http {
            url,
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    // The first procedures show as soon as they have arrived, and the
    // file's nesting is checked piece by piece as it comes.
    let mut previewed = false;
    let mut scan = NestingScan::new();
    // The start of the file, while it is short enough to look for the
    // first procedures in.
    let mut head = Vec::new();
    let bytes = read_body(&response, progress, |piece| {
        scan.advance(piece);
        if previewed || head.len() >= PREVIEW_WITHIN {
            return;
        }
        head.extend_from_slice(piece);
        if (PREVIEW_ABOVE..PREVIEW_WITHIN).contains(&head.len())
            && let Some(first) = first_procedures(&head)
        {
            previewed = true;
            preview.set(Some(first));
        }
        if previewed || head.len() >= PREVIEW_WITHIN {
            head = Vec::new();
        }
    })
    .await
    .map_err(network)?;
    drop(head);
    // Putting the body together when its length was not known (about
    // 120 ms for 100 MB in Chromium here) is a task of its own; cutting it
    // into procedures (about 300 ms) is sliced.
    yield_to_browser().await;
    let unreadable = |error| CatalogFailure::Unreadable {
        url: url.clone(),
        error,
    };
    let mut opening = Loader::open(&bytes, Some(&scan)).map_err(unreadable)?;
    loop {
        let done = slice(|| opening.step(STEP_BATCH));
        progress.set(Some(Progress::Cutting(opening.position(), opening.len())));
        yield_to_browser().await;
        if done {
            break;
        }
    }
    let mut loader = opening.finish().map_err(unreadable)?;
    let total = loader.total();
    loop {
        let done = slice(|| loader.decode(DECODE_BATCH));
        if !previewed && !done && bytes.len() >= PREVIEW_ABOVE && loader.decoded() >= PREVIEW * 2 {
            previewed = true;
            preview.set(Some(shown_early(loader.preview(PREVIEW))));
        }
        progress.set(Some(Progress::Reading(loader.decoded(), total)));
        yield_to_browser().await;
        if done {
            break;
        }
    }
    // The checks across entries, a batch of procedures at a time. Nothing
    // reads the file's bytes any more.
    let unchecked = loader.read_all();
    drop(bytes);
    let mut checks = unchecked.checks(None);
    loop {
        let done = slice(|| checks.step(STEP_BATCH));
        progress.set(Some(Progress::Checking(checks.checked(), total)));
        yield_to_browser().await;
        if done {
            break;
        }
    }
    let verdict = checks.done();
    let loaded = unchecked.assemble(verdict);
    let skipped = loaded.skipped();
    let catalog = loaded.catalog;
    let kept = catalog.procedures.len();
    let mut builder = IndexBuilder::new(&catalog);
    loop {
        let done = slice(|| builder.add(STEP_BATCH));
        progress.set(Some(Progress::Indexing(builder.done(), kept)));
        yield_to_browser().await;
        if done {
            break;
        }
    }
    // The sorts, a step at a time.
    loop {
        let done = slice(|| builder.sort());
        yield_to_browser().await;
        if done {
            break;
        }
    }
    let index = builder.finish();
    Ok(Arc::new(FetchedCatalog::new(
        catalog,
        index,
        loaded.problems,
        skipped,
    )))
}

/// The first [`PREVIEW`] procedures of a catalog whose first `bytes` have
/// arrived, once they all have.
fn first_procedures(bytes: &[u8]) -> Option<Arc<FetchedCatalog>> {
    let text = prefix_catalog(bytes, PREVIEW)?;
    let mut loader = Loader::new(&text).ok()?;
    loader.decode(PREVIEW);
    let catalog = loader.preview(PREVIEW);
    (catalog.procedures.len() == PREVIEW).then(|| shown_early(catalog))
}

/// A preview ready to show: a few procedures, indexed, with no problems
/// reported yet (those come with the whole catalog).
fn shown_early(catalog: Catalog) -> Arc<FetchedCatalog> {
    let index = CatalogIndex::build(&catalog);
    Arc::new(FetchedCatalog::new(catalog, index, Vec::new(), 0))
}

/// Calls `step` until it says it is done or about [`SLICE_MS`] have
/// passed; true when done.
fn slice(mut step: impl FnMut() -> bool) -> bool {
    let start = now();
    loop {
        if step() {
            return true;
        }
        if now() - start >= SLICE_MS {
            return false;
        }
    }
}

/// Milliseconds on the page's clock.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Returns after the browser has had the chance to paint and handle input.
/// A message to ourselves is used rather than a zero timeout, which browsers
/// stretch to 4 ms once timeouts nest.
pub(crate) async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            channel.port2().set_onmessage(Some(&resolve));
            if channel
                .port1()
                .post_message(&wasm_bindgen::JsValue::NULL)
                .is_ok()
            {
                return;
            }
        }
        let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The whole body, read chunk by chunk when the browser allows it, with
/// `arrived` called on each chunk.
///
/// When the server gives the body's length, each chunk is copied as it
/// arrives into a buffer of that size. Otherwise (as with a compressed
/// response) the chunks wait on the JavaScript side and are copied once into
/// a buffer of the body's exact size at the end: growing one buffer as they
/// come would leave every smaller buffer it outgrew in the app's memory,
/// which never shrinks, about twice the file's size more at the peak.
async fn read_body(
    response: &Response,
    progress: WriteSignal<Option<Progress>>,
    mut arrived: impl FnMut(&[u8]),
) -> Result<Vec<u8>, String> {
    let Some(stream) = response.body() else {
        return response.binary().await.map_err(|e| e.to_string());
    };
    // A compressed body's length says nothing of what will arrive.
    let headers = response.headers();
    let total = headers
        .get("content-length")
        .filter(|_| headers.get("content-encoding").is_none())
        .and_then(|l| l.parse::<u64>().ok());
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    // A length too large to reserve is read as if unknown.
    let copy_as_they_come = total
        .and_then(|total| usize::try_from(total).ok())
        .is_some_and(|total| bytes.try_reserve_exact(total).is_ok());
    let chunks = js_sys::Array::new();
    let mut received = 0usize;
    let mut slice_start = now();
    loop {
        // Chunks already received resolve at once; let the page paint
        // (and show the first procedures) between them.
        if now() - slice_start > SLICE_MS {
            yield_to_browser().await;
            slice_start = now();
        }
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|e| format!("{e:?}"))?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) {
            let value = bytes_of(value);
            let length = value.length() as usize;
            received += length;
            if copy_as_they_come {
                let at = bytes.len();
                bytes.resize(at + length, 0);
                value.copy_to(&mut bytes[at..]);
                arrived(&bytes[at..]);
            } else {
                arrived(&value.to_vec());
                chunks.push(&value);
            }
        }
        progress.set(Some(Progress::Downloading(received as u64, total)));
    }
    if !copy_as_they_come {
        bytes = vec![0; received];
        let mut at = 0;
        for chunk in chunks.iter() {
            let chunk = bytes_of(chunk);
            let end = at + chunk.length() as usize;
            chunk.copy_to(&mut bytes[at..end]);
            at = end;
        }
    }
    Ok(bytes)
}

/// A chunk of a response's body as bytes: the chunk itself when it is a
/// `Uint8Array` (as streams give), which `Uint8Array::new` would copy.
fn bytes_of(chunk: wasm_bindgen::JsValue) -> js_sys::Uint8Array {
    chunk
        .dyn_into::<js_sys::Uint8Array>()
        .unwrap_or_else(|other| js_sys::Uint8Array::new(&other))
}
