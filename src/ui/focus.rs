//! Keyboard focus: moved on purpose when views open and close, kept inside
//! an open dialog, and never left on the page itself when the element that
//! had it goes away (a removed chip, a card that left the results).

use std::cell::RefCell;

use wasm_bindgen::JsCast;

thread_local! {
    /// The element that last received focus.
    static LAST: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The element with `id`, in the page or in the shadow root of an app
/// mounted in a host page's element, with that root.
fn find(id: &str) -> Option<(web_sys::HtmlElement, Option<web_sys::ShadowRoot>)> {
    let document = document()?;
    if let Some(element) = document.get_element_by_id(id) {
        return Some((element.dyn_into().ok()?, None));
    }
    let hosts = document.query_selector_all("procedure-catalog").ok()?;
    (0..hosts.length())
        .filter_map(|i| {
            hosts
                .item(i)?
                .dyn_into::<web_sys::Element>()
                .ok()?
                .shadow_root()
        })
        .find_map(|root| {
            let element = root.get_element_by_id(id)?.dyn_into().ok()?;
            Some((element, Some(root)))
        })
}

/// Focuses the element with `id`; false when there is none or it cannot
/// take focus (a disabled button).
pub fn focus_id(id: &str) -> bool {
    let Some((element, root)) = find(id) else {
        return false;
    };
    let _ = element.focus();
    let active = match root {
        Some(root) => root.active_element(),
        None => document().and_then(|d| d.active_element()),
    };
    active.is_some_and(|active| active == *element.unchecked_ref::<web_sys::Element>())
}

/// Focuses the first of `ids` that exists: at once when the first is
/// already on the page (so that focus is never seen on the page itself in
/// between), else once the page has updated.
pub fn focus_first_soon(ids: Vec<String>) {
    if !ids.first().is_some_and(|id| focus_id(id)) {
        focus_first_later(ids);
    }
}

/// Once the page has updated, focuses the first of `ids` that exists.
pub fn focus_first_later(ids: Vec<String>) {
    leptos::prelude::request_animation_frame(move || {
        let _ = ids.iter().any(|id| focus_id(id));
    });
}

/// Records the element that just received focus (from a `focusin` event).
pub fn remember(target: Option<web_sys::EventTarget>) {
    let element = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    LAST.with(|last| *last.borrow_mut() = element);
}

/// If focus fell to the page because the focused element was removed,
/// focuses the first of `fallbacks` that exists.
pub fn rescue(fallbacks: &[&str]) {
    let Some(document) = document() else { return };
    let on_page = match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
        _ => false,
    };
    let removed = LAST.with(|last| last.borrow().as_ref().is_some_and(|e| !e.is_connected()));
    if on_page && removed {
        let _ = fallbacks.iter().any(|id| focus_id(id));
    }
}

/// Keeps Tab and Shift+Tab inside `dialog`: from its last control to its
/// first and back, and into it when focus is elsewhere. Returns whether
/// the key was handled (and its default should be prevented).
pub fn trap_tab(dialog: &web_sys::Element, backwards: bool) -> bool {
    const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex=\"-1\"])";
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return false;
    };
    let controls: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return false;
    };
    let active = document().and_then(|d| d.active_element());
    let inside = active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.unchecked_ref())));
    let at = |control: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == control.unchecked_ref::<web_sys::Element>())
    };
    let target = if !inside {
        Some(if backwards { last } else { first })
    } else if backwards && at(first) {
        Some(last)
    } else if !backwards && at(last) {
        Some(first)
    } else {
        None
    };
    match target {
        Some(target) => {
            let _ = target.focus();
            true
        }
        None => false,
    }
}
