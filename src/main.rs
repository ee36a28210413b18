//! The web app's entry point: mounts the root component. Everything else is
//! in the library so that tests can reach it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(procedure_catalog::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "procedure-catalog is a web app: run `cargo xtask serve`, or use the `catalog` tool (`cargo run --bin catalog -- --help`)."
    );
    std::process::exit(2);
}
