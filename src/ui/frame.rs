//! Inside another site's frame (`?embed=1`): the app tells the frame's parent
//! its content's height, so the host page can size the frame to fit, and
//! learns from the parent which part of the frame is in view, so the card
//! grid keeps rendering only the rows the reader can see.
//!
//! Messages, as posted with `postMessage`:
//! - to the parent: `{ type: "procedure-catalog:height", height }` (CSS pixels);
//! - from the parent: `{ type: "procedure-catalog:viewport", top, height }`:
//!   how far the parent's viewport starts below the frame's top, and its height.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The type of the message that carries the content's height.
pub const HEIGHT_MESSAGE: &str = "procedure-catalog:height";
/// The type of the message that says which part of the frame is in view.
pub const VIEWPORT_MESSAGE: &str = "procedure-catalog:viewport";

/// The part of the frame in the parent's view, `(top, height)` in the
/// frame's pixels, once the parent has said.
#[derive(Clone, Copy)]
pub struct FrameViewport(pub RwSignal<Option<(f64, f64)>>);

impl FrameViewport {
    /// Starts reporting the content's height to the parent and listening
    /// for its viewport. Does nothing outside a frame.
    pub fn connect() -> FrameViewport {
        let viewport = FrameViewport(RwSignal::new(None));
        let Some(window) = web_sys::window() else {
            return viewport;
        };
        let parent = match window.parent() {
            Ok(Some(parent)) if !js_sys::Object::is(&parent, &window) => parent,
            _ => return viewport,
        };
        let Some(root) = window.document().and_then(|d| d.document_element()) else {
            return viewport;
        };

        let report = {
            let root = root.clone();
            let parent = parent.clone();
            let last = std::cell::Cell::new(-1.0);
            move || {
                let height = root.get_bounding_client_rect().height().ceil();
                if height != last.get() {
                    last.set(height);
                    let message = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
                    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
                    // The height is no secret: any parent may know it.
                    let _ = parent.post_message(&message, "*");
                }
            }
        };
        report();
        let observe = Closure::<dyn Fn()>::new(report);
        if let Ok(observer) = web_sys::ResizeObserver::new(observe.as_ref().unchecked_ref()) {
            observer.observe(&root);
        }
        // Lives as long as the page.
        observe.forget();

        let listener = window_event_listener(leptos::ev::message, move |ev| {
            let from_parent = ev
                .source()
                .is_some_and(|source| js_sys::Object::is(&source, &parent));
            if !from_parent {
                return;
            }
            let data = ev.data();
            let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
            if field("type").and_then(|t| t.as_string()).as_deref() != Some(VIEWPORT_MESSAGE) {
                return;
            }
            if let (Some(top), Some(height)) = (
                field("top").and_then(|v| v.as_f64()),
                field("height").and_then(|v| v.as_f64()),
            ) && top.is_finite()
                && height.is_finite()
                && height >= 0.0
            {
                viewport.0.set(Some((top, height)));
            }
        });
        on_cleanup(move || listener.remove());
        viewport
    }
}
