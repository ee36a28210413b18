//! The view's state outside the DOM: as a URL query string ([`url`]) so that
//! reloads and shared links restore a view exactly, and the reader's own
//! favourites and recently viewed procedures ([`personal`]), and what a
//! loading catalog reports ([`progress`]), and the address changes waiting
//! to be written ([`address`]).

pub mod address;
pub mod personal;
pub mod progress;
pub mod url;
pub mod window;

pub use personal::Personal;
pub use progress::{Progress, thousands};
pub use url::ViewState;
