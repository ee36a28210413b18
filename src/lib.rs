//! Procedure Catalog: a browsable catalog of surgical procedures.
//!
//! The crate is split into a pure core and a thin view layer:
//! - [`catalog`]: the catalog format, loading and validation. No DOM, tested natively.
//! - `ui` (wasm32 only): Leptos components that render what the core computes.

pub mod catalog;

#[cfg(target_arch = "wasm32")]
pub mod ui;
