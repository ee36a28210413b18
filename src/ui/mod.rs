//! The view layer: small Leptos components over the pure core. They render
//! what the core computes and hold no catalog logic of their own.

mod app;
mod card;
mod card_grid;
mod code_link;
mod compare;
mod detail;
mod facet_group;
mod fetch;
mod filters;
mod focus;
mod frame;
mod highlighted;
pub mod history;
pub mod host;
mod load_failure;
mod mount;
mod offline;
mod problems;
mod results;
mod state;
mod storage;

pub use app::{App, CatalogView};
pub use card::ProcedureCard;
pub use card_grid::CardGrid;
pub use code_link::{CodeLink, CodeLinks};
pub use compare::{CompareTray, CompareView};
pub use detail::DetailView;
pub use facet_group::FacetGroup;
pub use fetch::{CatalogFailure, DEFAULT_CATALOG, fetch_catalog};
pub use filters::FilterPanel;
pub use highlighted::Highlighted;
pub use load_failure::LoadFailure;
pub use mount::{Mounted, mount_element, start};
pub use problems::ProblemsPanel;
pub use results::{ActiveFilters, EmptyResults, RecentlyViewed, ResultsPane, SearchBox};
pub use state::{AppState, Step, use_app};
