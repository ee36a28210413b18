use std::sync::Arc;

use leptos::prelude::*;

use super::fetch::{FetchedCatalog, fetch_manifest};
use super::focus;
use super::{
    AppState, CatalogFailure, CompareTray, CompareView, DEFAULT_CATALOG, DetailView, FilterPanel,
    LoadFailure, ProblemsPanel, ResultsPane, fetch_catalog, history,
};
use crate::state::Progress;

use crate::catalog::manifest::Manifest;
use crate::state::ViewState;
use crate::state::url::{decode, encode};

/// A catalog chosen from the manifest (or the default one), loaded.
#[derive(Clone)]
struct Shown {
    manifest: Option<Arc<Manifest>>,
    url: String,
    loaded: Arc<FetchedCatalog>,
    notice: Option<String>,
}

/// Loads the catalog with manifest id `chosen`, or the default one.
async fn load_chosen(
    chosen: Option<String>,
    progress: WriteSignal<Option<Progress>>,
    preview: WriteSignal<Option<Arc<FetchedCatalog>>>,
) -> Result<Shown, CatalogFailure> {
    let manifest = fetch_manifest().await.ok().map(Arc::new);
    let (url, notice) = match (&manifest, &chosen) {
        (Some(m), Some(id)) => match m.entry(id) {
            Some(entry) => (entry.url.clone(), None),
            None => (m.default_entry().url.clone(), Some(format!("This site offers no catalog “{id}”; showing {} instead.", m.default_entry().title))),
        },
        (Some(m), None) => (m.default_entry().url.clone(), None),
        (None, _) => (DEFAULT_CATALOG.to_owned(), chosen.map(|id| format!("This site lists no catalogs, so “{id}” cannot be shown; showing the default catalog."))),
    };
    progress.set(None);
    preview.set(None);
    let loaded = fetch_catalog(url.clone(), progress, preview).await?;
    Ok(Shown {
        manifest,
        url,
        loaded,
        notice,
    })
}

/// The whole app: loads the chosen catalog (the manifest's default unless the
/// address names another) and shows it.
#[component]
pub fn App() -> impl IntoView {
    let chosen = RwSignal::new(decode(&history::current_search()).catalog);
    // Back and forward may cross into another catalog.
    let listener = window_event_listener(leptos::ev::popstate, move |_| {
        let catalog = decode(&history::current_search()).catalog;
        if chosen.get_untracked() != catalog {
            chosen.set(catalog);
        }
    });
    on_cleanup(move || listener.remove());
    let (progress, set_progress) = signal(None::<Progress>);
    let (preview, set_preview) = signal(None::<Arc<FetchedCatalog>>);
    let shown = LocalResource::new(move || load_chosen(chosen.get(), set_progress, set_preview));
    let loading = move || {
        progress
            .get()
            .unwrap_or(Progress::Downloading(0, None))
            .to_string()
    };
    // While a large catalog loads, its first procedures show with the
    // search and filters waiting for the index.
    let waiting = move || match preview.get() {
        Some(loaded) => {
            view! { <CatalogView loaded url=String::new() loading=Signal::derive(loading) /> }
                .into_any()
        }
        None => view! { <p class="loading" role="status">{loading}</p> }.into_any(),
    };
    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            // Straight into the search box, the first control of the results.
            if focus::focus_id("search") {
                ev.prevent_default();
            }
        }>"Skip to results"</a>
        <header class="site-header">
            <h1>"Procedure Catalog"</h1>
        </header>
        <main id="main">
            <Suspense fallback=move || waiting>
                {move || shown.get().map(|result| match result {
                    Ok(Shown { manifest, url, loaded, notice }) => view! {
                        {manifest.filter(|m| m.catalogs.len() > 1).map(|m| view! { <CatalogSwitcher manifest=m current=url.clone() chosen /> })}
                        {notice.map(|n| view! { <p class="storage-note" role="note">{n}</p> })}
                        <CatalogView loaded url />
                    }.into_any(),
                    Err(failure) => view! { <LoadFailure failure /> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

/// Picks another of the site's catalogs.
#[component]
fn CatalogSwitcher(
    /// The site's catalogs.
    manifest: Arc<Manifest>,
    /// Address of the catalog shown.
    current: String,
    /// The chosen catalog's id; set to switch.
    chosen: RwSignal<Option<String>>,
) -> impl IntoView {
    let default = manifest.default.clone();
    let options = manifest
        .catalogs
        .iter()
        .map(|entry| view! { <option value=entry.id.clone() selected=entry.url == current>{entry.title.clone()}</option> })
        .collect_view();
    let describe = manifest
        .catalogs
        .iter()
        .find(|e| e.url == current)
        .map(|e| e.description.clone())
        .unwrap_or_default();
    view! {
        <div class="catalog-switcher">
            <label>
                "Catalog "
                <select on:change=move |ev| {
                    let id = event_target_value(&ev);
                    let id = (id != default).then_some(id);
                    history::push(&encode(&ViewState::of_catalog(id.clone())));
                    chosen.set(id);
                }>{options}</select>
            </label>
            <span class="catalog-description">{describe}</span>
        </div>
    }
}

/// A loaded catalog: filters, results, detail and comparison views.
#[component]
pub fn CatalogView(
    /// The catalog as loaded, with its problems.
    loaded: Arc<FetchedCatalog>,
    /// Where it came from (keys the reader's stored data).
    url: String,
    /// While the catalog is still loading, what to say about it: only a
    /// preview is shown, and search and filters wait.
    #[prop(optional, into)]
    loading: Option<Signal<String>>,
) -> impl IntoView {
    let catalog = loaded.catalog.clone();
    let app = AppState::new(catalog.clone(), loaded.index.clone(), &url, loading);
    provide_context(app);

    // A deep link to a procedure counts as viewing it.
    if loading.is_none()
        && let Some(id) = app.view.with_untracked(|v| v.open.clone())
        && catalog.procedure(&id).is_some()
    {
        app.viewed(&id);
    }
    let covered = move || app.view.with(|v| v.open.is_some() || v.comparing);
    // Escape closes whatever is open over the list; Tab stays inside it.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !app.view.with_untracked(|v| v.open.is_some() || v.comparing) {
            return;
        }
        if ev.key() == "Escape" {
            ev.prevent_default();
            app.close();
        } else if ev.key() == "Tab"
            && let Some(dialog) = dialog()
            && focus::trap_tab(&dialog, ev.shift_key())
        {
            ev.prevent_default();
        }
    });
    // Focus never falls to the page when the element that had it goes away.
    let focusin =
        window_event_listener(leptos::ev::focusin, move |ev| focus::remember(ev.target()));
    on_cleanup(move || {
        keys.remove();
        focusin.remove();
    });
    // A frame later than the moves below, which take precedence.
    Effect::new(move |_| {
        app.view.track();
        app.personal.track();
        request_animation_frame(move || {
            request_animation_frame(move || {
                if app.view.with_untracked(|v| v.open.is_some() || v.comparing) {
                    focus::rescue(&["detail-title"]);
                } else {
                    focus::rescue(&["search"]);
                }
            })
        });
    });
    // Focus follows the reader: into a view when it opens, back to what
    // opened it when it closes (the card's link, or the comparison button).
    Effect::new(move |previous: Option<Option<String>>| {
        let open = app
            .view
            .with(|v| v.open.clone().or(v.comparing.then(String::new)));
        let before = previous.flatten();
        let targets = match (&open, before) {
            (now, before) if *now == before => Vec::new(),
            (Some(_), _) => vec!["detail-title".to_owned()],
            (None, Some(id)) if !id.is_empty() => vec![format!("open-{id}"), "search".to_owned()],
            (None, Some(_)) => vec!["compare-open".to_owned(), "search".to_owned()],
            (None, None) => Vec::new(),
        };
        if !targets.is_empty() {
            focus::focus_first_later(targets);
        }
        open
    });
    let overlay = move || {
        if loading.is_some() {
            return None;
        }
        app.view.with(|v| match (&v.open, v.comparing) {
            (Some(id), _) => Some(view! { <DetailView id=id.clone() /> }.into_any()),
            (None, true) => Some(view! { <CompareView /> }.into_any()),
            _ => None,
        })
    };
    let storage_notes = move || app.storage_notes.get();

    view! {
        // Everything under an open detail or comparison is inert: no
        // focus, no clicks, hidden from assistive technology.
        <div class="catalog-page" inert=covered>
            <ProblemsPanel problems=loaded.problems.clone() skipped=loaded.skipped />
            <p class="catalog-title">{catalog.title.clone()} <span class="catalog-meta">{format!(" · {} · version {} · updated {}", catalog.publisher, catalog.catalog_version, catalog.updated)}</span></p>
            <div class="storage-notes" aria-live="polite">
                <Show when=move || !storage_notes().is_empty()>
                    <p class="storage-note" role="note">{move || storage_notes().join(" ")}</p>
                </Show>
                {move || app.save_failure.get().map(|why| view! { <p class="storage-note" role="note">{why}</p> })}
            </div>
            <div class="layout" class:covered=covered>
                <FilterPanel />
                <ResultsPane />
            </div>
            <CompareTray />
            <footer class="notices">
                {catalog.notices.iter().map(|n| view! { <p>{n.clone()}</p> }).collect_view()}
            </footer>
        </div>
        {overlay}
    }
}

/// The open detail or comparison dialog.
fn dialog() -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .query_selector(".overlay [role=dialog]")
        .ok()
        .flatten()
}
