//! Fetching the manifest and catalogs over HTTP and handing their bytes to
//! the core. Catalogs are read as a stream so that a large one shows how
//! much has arrived.

use std::fmt;
use std::sync::Arc;

use gloo_net::http::{Request, Response};
use leptos::prelude::{Set, WriteSignal};
use wasm_bindgen::JsCast;

use crate::catalog::manifest::Manifest;
use crate::catalog::sources::{CONFIG_FILE, ConfigError, Refusal, SiteConfig};
use crate::catalog::{Catalog, LoadError, Problem, load};

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
    /// Every problem found while loading.
    pub problems: Vec<Problem>,
    /// Procedures left out because of errors.
    pub skipped: usize,
}

/// Bytes received so far and the total when the server says it.
pub type Progress = (u64, Option<u64>);

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
/// download progress to `progress`.
pub async fn fetch_catalog(
    url: String,
    progress: Option<WriteSignal<Option<Progress>>>,
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
    let bytes = read_body(&response, progress).await.map_err(network)?;
    let loaded = load(&bytes, None).map_err(|error| CatalogFailure::Unreadable { url, error })?;
    let skipped = loaded.skipped();
    Ok(Arc::new(FetchedCatalog {
        catalog: Arc::new(loaded.catalog),
        problems: loaded.problems,
        skipped,
    }))
}

/// The whole body, read chunk by chunk when the browser allows it.
async fn read_body(
    response: &Response,
    progress: Option<WriteSignal<Option<Progress>>>,
) -> Result<Vec<u8>, String> {
    let (Some(progress), Some(stream)) = (progress, response.body()) else {
        return response.binary().await.map_err(|e| e.to_string());
    };
    let total = response
        .headers()
        .get("content-length")
        .and_then(|l| l.parse::<u64>().ok());
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(total.unwrap_or(0) as usize);
    loop {
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
            bytes.extend(js_sys::Uint8Array::new(&value).to_vec());
        }
        progress.set(Some((bytes.len() as u64, total)));
    }
    Ok(bytes)
}
