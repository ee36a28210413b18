//! Finding procedures: text normalisation, the prebuilt index, and the query
//! engine with its facet counts. Pure data; the view calls [`evaluate`].

pub mod bitset;
pub mod index;
pub mod query;
pub mod sort;
pub mod terms;
pub mod text;

pub use bitset::BitSet;
pub use index::{CatalogIndex, IndexBuilder};
pub use query::{PRIMARY_FACET, Query, Results, Sort, code_matched, evaluate, found_by, highlight};
pub use terms::{FoundBy, TermIndex};
