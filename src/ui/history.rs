//! The browser's address bar and history, as the view state's storage.
//!
//! State lives in the query string (see [`crate::state::url`]), so the page
//! path never changes and any static host serves every state. This is a thin
//! layer over the History API rather than a router: a router would intercept
//! every same-origin link on the page, including a host page's own links
//! when the app is embedded.

use wasm_bindgen::JsValue;

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// The current query string, without `?`.
pub fn current_search() -> String {
    window()
        .location()
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .to_owned()
}

/// The page address with `search` as its query string.
fn address(search: &str) -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// Adds a history entry for `search`.
pub fn push(search: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&address(search)));
    }
}

/// Replaces the current history entry with `search`.
pub fn replace(search: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address(search)));
    }
}

/// Goes one entry back, as the browser's back button does.
pub fn back() {
    if let Ok(history) = window().history() {
        let _ = history.back();
    }
}
