//! Fetching a catalog over HTTP and handing its bytes to the core loader.

use std::fmt;
use std::sync::Arc;

use gloo_net::http::Request;

use crate::catalog::{LoadError, Loaded, load};

/// The catalog shown when none is chosen, relative to the page so that the
/// app works under any sub-path.
pub const DEFAULT_CATALOG: &str = "catalogs/spine.json";

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
}

impl CatalogFailure {
    /// The address that was requested.
    pub fn url(&self) -> &str {
        match self {
            CatalogFailure::Network { url, .. }
            | CatalogFailure::Http { url, .. }
            | CatalogFailure::Unreadable { url, .. } => url,
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
        }
    }
}

/// `relative` resolved against the page's base address.
pub fn absolute_url(relative: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    base.and_then(|base| web_sys::Url::new_with_base(relative, &base).ok())
        .map(|url| url.href())
        .unwrap_or_else(|| relative.to_owned())
}

/// Fetches and loads the catalog at `url` (relative to the page).
pub async fn fetch_catalog(url: String) -> Result<Arc<Loaded>, CatalogFailure> {
    let url = absolute_url(&url);
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|e| CatalogFailure::Network {
            url: url.clone(),
            message: e.to_string(),
        })?;
    if !response.ok() {
        return Err(CatalogFailure::Http {
            url,
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    let bytes = response
        .binary()
        .await
        .map_err(|e| CatalogFailure::Network {
            url: url.clone(),
            message: e.to_string(),
        })?;
    load(&bytes, None)
        .map(Arc::new)
        .map_err(|error| CatalogFailure::Unreadable { url, error })
}
