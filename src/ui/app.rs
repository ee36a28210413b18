use std::sync::Arc;

use leptos::prelude::*;

use super::{
    AppState, CompareTray, CompareView, DEFAULT_CATALOG, DetailView, FilterPanel, LoadFailure,
    ProblemsPanel, ResultsPane, fetch_catalog,
};
use crate::catalog::Loaded;

/// The whole app: loads the default catalog and shows it.
#[component]
pub fn App() -> impl IntoView {
    let catalog = LocalResource::new(|| fetch_catalog(DEFAULT_CATALOG.to_owned()));
    view! {
        <a class="skip-link" href="#results">"Skip to results"</a>
        <header class="site-header">
            <h1>"Procedure Catalog"</h1>
        </header>
        <main id="main">
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading catalog…"</p> }>
                {move || catalog.get().map(|result| match result {
                    Ok(loaded) => view! { <CatalogView loaded url=DEFAULT_CATALOG.to_owned() /> }.into_any(),
                    Err(failure) => view! { <LoadFailure failure /> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

/// A loaded catalog: filters, results, detail and comparison views.
#[component]
pub fn CatalogView(
    /// The catalog as loaded, with its problems.
    loaded: Arc<Loaded>,
    /// Where it came from (keys the reader's stored data).
    url: String,
) -> impl IntoView {
    let catalog = Arc::new(loaded.catalog.clone());
    let app = AppState::new(catalog.clone(), &url);
    provide_context(app);

    // A deep link to a procedure counts as viewing it.
    if let Some(id) = app.view.with_untracked(|v| v.open.clone())
        && catalog.procedure(&id).is_some()
    {
        app.viewed(&id);
    }
    // Escape closes whatever is open over the list.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && app.view.with_untracked(|v| v.open.is_some() || v.comparing) {
            ev.prevent_default();
            app.close();
        }
    });
    on_cleanup(move || escape.remove());
    // Focus follows the reader: into a view when it opens, back to the card
    // that opened it when it closes.
    Effect::new(move |previous: Option<Option<String>>| {
        let open = app
            .view
            .with(|v| v.open.clone().or(v.comparing.then(String::new)));
        let target = match (&open, previous.flatten()) {
            (Some(_), _) => Some("detail-title".to_owned()),
            (None, Some(id)) if !id.is_empty() => Some(format!("open-{id}")),
            _ => None,
        };
        if let Some(target) = target {
            request_animation_frame(move || focus(&target));
        }
        open
    });
    let overlay = move || {
        app.view.with(|v| match (&v.open, v.comparing) {
            (Some(id), _) => Some(view! { <DetailView id=id.clone() /> }.into_any()),
            (None, true) => Some(view! { <CompareView /> }.into_any()),
            _ => None,
        })
    };
    let storage_notes = move || app.storage_notes.get();

    view! {
        <ProblemsPanel problems=loaded.problems.clone() skipped=loaded.skipped() />
        <p class="catalog-title">{catalog.title.clone()} <span class="catalog-meta">{format!(" · {} · version {} · updated {}", catalog.publisher, catalog.catalog_version, catalog.updated)}</span></p>
        <Show when=move || !storage_notes().is_empty()>
            <p class="storage-note" role="note">{move || storage_notes().join(" ")}</p>
        </Show>
        <div class="layout" class:covered=move || app.view.with(|v| v.open.is_some() || v.comparing)>
            <FilterPanel />
            <ResultsPane />
        </div>
        <CompareTray />
        {overlay}
        <footer class="notices">
            {catalog.notices.iter().map(|n| view! { <p>{n.clone()}</p> }).collect_view()}
        </footer>
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
