//! The view's state outside the DOM: as a URL query string ([`url`]) so that
//! reloads and shared links restore a view exactly, and the reader's own
//! favourites and recently viewed procedures ([`personal`]).

pub mod personal;
pub mod url;
pub mod window;

pub use personal::Personal;
pub use url::ViewState;
