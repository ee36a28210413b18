//! The catalog: its format ([`model`]), how bytes become a checked catalog
//! ([`load`]), the rules a catalog must follow ([`validate`]), and where a
//! site accepts catalogs from ([`manifest`], [`sources`]).

pub mod codes;
pub mod cut;
pub mod decode;
#[cfg(not(target_arch = "wasm32"))]
pub mod generate;
pub mod heading;
#[cfg(not(target_arch = "wasm32"))]
pub mod import_pcs;
pub mod interned;
pub mod load;
pub mod manifest;
pub mod model;
#[cfg(not(target_arch = "wasm32"))]
pub mod official;
#[cfg(not(target_arch = "wasm32"))]
pub mod pcs_guidelines;
#[cfg(not(target_arch = "wasm32"))]
pub mod pcs_index;
pub mod problem;
pub mod sources;
pub mod stats;
pub mod structure;
pub mod validate;

pub use load::{LoadError, Loaded, load};
pub use model::*;
pub use problem::{Problem, Severity};
