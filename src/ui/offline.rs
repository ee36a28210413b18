//! Offline use and updates. The service worker (`sw.js`, next to the app)
//! keeps the app and the catalogs the reader opened, so that they load with
//! the network off. A new deployment installs a new worker, which waits until
//! the reader accepts it: the app then offers the new version, and reloading
//! switches to it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use super::host::use_host;

/// The service worker script, relative to the app.
pub const SERVICE_WORKER: &str = "sw.js";

/// What the app asks a waiting worker to do when the reader accepts it.
const SKIP_WAITING: &str = "skip-waiting";

/// The browser's service workers, when it has them (not on plain http
/// other than localhost, for instance).
fn workers() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Whether a service worker controls this page (so a newly installed one is
/// an update, not the first install).
fn controlled() -> bool {
    workers().is_some_and(|w| w.controller().is_some())
}

/// Registers the service worker and offers a new version when one is
/// waiting. Rendered once, on the app's own page.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let host = use_host();
    let available = RwSignal::new(false);
    let registration = StoredValue::new_local(None::<ServiceWorkerRegistration>);

    if let Some(container) = workers() {
        let url = host.url(SERVICE_WORKER);
        spawn_local(async move {
            // Refused or stubbed out (no https, blocked by the browser or an
            // extension): the app works online only.
            let registered = wasm_bindgen_futures::JsFuture::from(container.register(&url)).await;
            let Some(found) = registered
                .ok()
                .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            else {
                return;
            };
            registration.try_set_value(Some(found.clone()));
            watch(&found, available);
        });
    }

    let reload = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let waiting = registration
            .try_with_value(|r| r.as_ref().and_then(ServiceWorkerRegistration::waiting))
            .flatten();
        match (waiting, workers()) {
            (Some(waiting), Some(container)) => {
                // The new worker takes over, then the page reloads under it.
                let location = window.location();
                let reload = Closure::once_into_js(move || {
                    let _ = location.reload();
                });
                container.set_oncontrollerchange(Some(reload.unchecked_ref()));
                let _ = waiting.post_message(&JsValue::from_str(SKIP_WAITING));
            }
            _ => {
                let _ = window.location().reload();
            }
        }
    };

    view! {
        <div class="update-prompt" aria-live="polite">
            <Show when=move || available.get()>
                <p class="update-available">
                    "A new version is available. "
                    <button type="button" class="primary" on:click=reload>"Reload"</button>
                </p>
            </Show>
        </div>
    }
}

/// Sets `available` when a new worker is installed and waiting, now or later.
fn watch(registration: &ServiceWorkerRegistration, available: RwSignal<bool>) {
    if registration.waiting().is_some() && controlled() {
        available.try_set(true);
    }
    // A worker may already be installing (the browser checks for a new one
    // when the page loads), or start later.
    if let Some(installing) = registration.installing() {
        offer_when_installed(installing, available);
    }
    let found = registration.clone();
    let on_update = Closure::<dyn Fn()>::new(move || {
        if let Some(installing) = found.installing() {
            offer_when_installed(installing, available);
        }
    });
    registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
    on_update.forget();

    // A tab left open notices a deployment when the reader comes back to it.
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let check = registration.clone();
    let visible = document.clone();
    let on_visible = Closure::<dyn Fn()>::new(move || {
        if visible.visibility_state() == web_sys::VisibilityState::Visible {
            let _ = check.update();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    on_visible.forget();
}

/// Sets `available` once `worker` is installed, if it is an update.
fn offer_when_installed(worker: web_sys::ServiceWorker, available: RwSignal<bool>) {
    let watched = worker.clone();
    let on_state = Closure::<dyn Fn()>::new(move || {
        if watched.state() == ServiceWorkerState::Installed && controlled() {
            available.try_set(true);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}
