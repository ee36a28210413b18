//! Procedure Catalog: a browsable catalog of surgical procedures.
//!
//! The crate is split into a pure core and a thin view layer:
//! - [`catalog`]: the catalog format, loading and validation. No DOM, tested natively.
//! - [`search`]: the index and the query engine (filters, counts, search, ranking).
//! - [`state`]: the view's state as a URL, and the reader's favourites and history.
//! - `ui` (wasm32 only): Leptos components that render what the core computes.

pub mod catalog;
pub mod search;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod ui;
