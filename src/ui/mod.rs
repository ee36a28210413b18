//! The view layer: small Leptos components over the pure core. They render
//! what the core computes and hold no catalog logic of their own.

mod app;
mod card;
mod fetch;
mod load_failure;
mod problems;

pub use app::App;
pub use card::ProcedureCard;
pub use fetch::{CatalogFailure, DEFAULT_CATALOG, fetch_catalog};
pub use load_failure::LoadFailure;
pub use problems::ProblemsPanel;
