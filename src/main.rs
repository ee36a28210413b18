//! The web app's entry point: mounts the app on its own page, and exports
//! `mountElement` for `embed.js`, which mounts it inside another site's page.
//! Everything else is in the library so that tests can reach it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    procedure_catalog::ui::start();
}

/// The app mounted in a host page's element; `free()` unmounts it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub struct MountedApp(#[allow(dead_code)] procedure_catalog::ui::Mounted);

/// Mounts the app inside `container`: `base` is the app's own address,
/// `catalog` a catalog id of its manifest, `source` a catalog's full address
/// (both optional; neither means the site's default catalog).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mountElement)]
pub fn mount_element(
    container: web_sys::HtmlElement,
    base: String,
    catalog: Option<String>,
    source: Option<String>,
) -> MountedApp {
    MountedApp(procedure_catalog::ui::mount_element(
        container, base, catalog, source,
    ))
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "procedure-catalog is a web app: run `cargo xtask serve`, or use the `catalog` tool (`cargo run --bin catalog -- --help`)."
    );
    std::process::exit(2);
}
