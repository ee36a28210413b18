//! Mounting the app: on its own page, or inside an element of another
//! site's page (through `embed.js`, which defines `<procedure-catalog>`).

use leptos::mount::{mount_to, mount_to_body};
use leptos::prelude::*;

use super::App;
use super::host::Host;
use crate::state::ViewState;
use crate::state::url::encode;

/// The `<meta>` the app's own page carries (trunk's loader pattern in
/// `Trunkfile.toml` writes it); a host page has none.
const OWN_PAGE_MARKER: &str = "meta[name=\"procedure-catalog-app\"]";

/// The stand-in `index.html` shows until the app starts.
const BOOT_ID: &str = "boot";

/// Mounts the app on the page's body when the page is the app's own; on a
/// host page, elements are mounted one by one with [`mount_element`].
pub fn start() {
    let own_page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(OWN_PAGE_MARKER).ok().flatten())
        .is_some();
    if own_page {
        // The page's static stand-in, painted while the app downloaded,
        // gives way in the same task, so no frame shows neither.
        if let Some(boot) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(BOOT_ID))
        {
            boot.remove();
        }
        mount_to_body(|| {
            provide_context(Host::page());
            view! { <App /> }
        });
    }
}

/// What stays mounted until dropped.
pub type Mounted = Box<dyn std::any::Any>;

/// Mounts the app inside `container` (in the shadow root of a host page's
/// element). `base` is the app's own address (its manifest and catalogs are
/// relative to it); `catalog` names a catalog of its manifest, `source` a
/// catalog by its full address. Dropping the result unmounts the app.
pub fn mount_element(
    container: web_sys::HtmlElement,
    base: String,
    catalog: Option<String>,
    source: Option<String>,
) -> Mounted {
    let search = encode(&ViewState {
        catalog: catalog.filter(|c| !c.trim().is_empty()),
        source: source.filter(|s| !s.trim().is_empty()),
        ..ViewState::default()
    });
    let root: web_sys::Element = container.clone().into();
    Box::new(mount_to(container, move || {
        provide_context(Host::element(root, base, search));
        view! { <App /> }
    }))
}
