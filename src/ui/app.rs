use std::sync::Arc;

use leptos::prelude::*;

use super::fetch::{FetchedCatalog, MANIFEST, Progress, fetch_config, fetch_manifest};
use super::frame::FrameViewport;
use super::host::{Host, Place, use_host};
use super::offline::UpdatePrompt;
use super::{
    AppState, CatalogFailure, CompareTray, CompareView, DEFAULT_CATALOG, DetailView, FilterPanel,
    LoadFailure, ProblemsPanel, ResultsPane, fetch_catalog,
};

use crate::catalog::manifest::Manifest;
use crate::catalog::sources::{CONFIG_FILE, check_source};
use crate::state::ViewState;
use crate::state::url::{decode, encode};

/// The catalog the address (or the host element) names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chosen {
    /// A catalog of the site's manifest, by id.
    catalog: Option<String>,
    /// A catalog by its address.
    source: Option<String>,
}

impl Chosen {
    fn of(view: &ViewState) -> Chosen {
        Chosen {
            catalog: view.catalog.clone(),
            source: view.source.clone(),
        }
    }
}

/// A catalog chosen from the manifest (or the default one, or one named by
/// its address), loaded.
#[derive(Clone)]
struct Shown {
    manifest: Option<Arc<Manifest>>,
    /// The address it was fetched from, as the manifest writes it (or as
    /// named, when `linked`).
    url: String,
    /// Keys the reader's favourites and history.
    storage_key: String,
    /// Named by its address rather than chosen from the manifest.
    linked: bool,
    loaded: Arc<FetchedCatalog>,
    notice: Option<String>,
}

/// Loads the chosen catalog. A catalog named by its address in the address
/// bar must come from this site or an origin its configuration lists.
async fn load_chosen(
    chosen: Chosen,
    host: Host,
    progress: WriteSignal<Option<Progress>>,
) -> Result<Shown, CatalogFailure> {
    let manifest = fetch_manifest(host.url(MANIFEST)).await.ok().map(Arc::new);
    if let Some(source) = chosen.source {
        let url = host.url(&source);
        // A host page names its catalog itself; an address can be anyone's link.
        if host.owns_address() {
            let config = fetch_config(host.url(CONFIG_FILE)).await;
            check_source(&url, &host.origin(), &config).map_err(|why| CatalogFailure::Refused {
                url: url.clone(),
                why,
            })?;
        }
        progress.set(None);
        let loaded = fetch_catalog(url.clone(), Some(progress)).await?;
        return Ok(Shown {
            manifest,
            storage_key: url,
            url: source,
            linked: true,
            loaded,
            notice: None,
        });
    }
    let (url, notice) = match (&manifest, &chosen.catalog) {
        (Some(m), Some(id)) => match m.entry(id) {
            Some(entry) => (entry.url.clone(), None),
            None => (m.default_entry().url.clone(), Some(format!("This site offers no catalog “{id}”; showing {} instead.", m.default_entry().title))),
        },
        (Some(m), None) => (m.default_entry().url.clone(), None),
        (None, _) => (DEFAULT_CATALOG.to_owned(), chosen.catalog.map(|id| format!("This site lists no catalogs, so “{id}” cannot be shown; showing the default catalog."))),
    };
    progress.set(None);
    let loaded = fetch_catalog(host.url(&url), Some(progress)).await?;
    // On a host page, storage is the host's: key by the full address.
    let storage_key = if host.owns_address() {
        url.clone()
    } else {
        host.url(&url)
    };
    Ok(Shown {
        manifest,
        url,
        storage_key,
        linked: false,
        loaded,
        notice,
    })
}

/// The whole app: loads the chosen catalog (the manifest's default unless the
/// address or the host element names another) and shows it.
#[component]
pub fn App() -> impl IntoView {
    let host = use_host();
    let chosen = RwSignal::new(Chosen::of(&decode(&host.search())));
    // Back and forward may cross into another catalog.
    host.on_navigation(move || {
        let catalog = Chosen::of(&decode(&host.search()));
        if chosen.get_untracked() != catalog {
            chosen.set(catalog);
        }
    });
    if host.place == Place::Framed {
        provide_context(FrameViewport::connect());
    }
    let (progress, set_progress) = signal(None::<Progress>);
    let shown = LocalResource::new(move || load_chosen(chosen.get(), host, set_progress));
    let loading = move || match progress.get() {
        Some((got, Some(total))) if total > 1_000_000 => format!(
            "Loading catalog… {} of {}",
            megabytes(got.min(total)),
            megabytes(total)
        ),
        Some((got, _)) if got > 1_000_000 => format!("Loading catalog… {}", megabytes(got)),
        _ => "Loading catalog…".to_owned(),
    };
    // A host page that names its catalog gets that catalog, without a picker.
    let picker =
        host.owns_address() || chosen.with_untracked(|c| c.catalog.is_none() && c.source.is_none());
    let body = move || {
        view! {
            <Suspense fallback=move || view! { <p class="loading" role="status">{loading}</p> }>
                {move || shown.get().map(|result| match result {
                    Ok(Shown { manifest, url, storage_key, linked, loaded, notice }) => view! {
                        {manifest.filter(|m| picker && (m.catalogs.len() > 1 || linked)).map(|m| view! { <CatalogSwitcher manifest=m current=url.clone() linked chosen /> })}
                        {notice.map(|n| view! { <p class="storage-note" role="note">{n}</p> })}
                        <CatalogView loaded url=storage_key />
                    }.into_any(),
                    Err(failure) => view! { <LoadFailure failure /> }.into_any(),
                })}
            </Suspense>
        }
    };
    let place = match host.place {
        Place::Page => "app",
        Place::Framed => "app framed",
        Place::Element => "app in-element",
    };
    view! {
        <div class=place>
            {host.owns_address().then(|| view! {
                <a class="skip-link" href="#results">"Skip to results"</a>
                <UpdatePrompt />
            })}
            {host.shows_header().then(|| view! {
                <header class="site-header">
                    <h1>"Procedure Catalog"</h1>
                </header>
            })}
            {if host.owns_address() {
                view! { <main id="main" class="app-main">{body()}</main> }.into_any()
            } else {
                // The host page has its own main landmark.
                view! { <div class="app-main">{body()}</div> }.into_any()
            }}
        </div>
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// Picks another of the site's catalogs.
#[component]
fn CatalogSwitcher(
    /// The site's catalogs.
    manifest: Arc<Manifest>,
    /// Address of the catalog shown.
    current: String,
    /// Whether the catalog shown was named by its address.
    linked: bool,
    /// The chosen catalog; set to switch.
    chosen: RwSignal<Chosen>,
) -> impl IntoView {
    let host = use_host();
    let default = manifest.default.clone();
    let linked_option = linked.then(|| {
        view! { <option value="" selected=true disabled=true>{format!("Linked: {current}")}</option> }
    });
    let options = manifest
        .catalogs
        .iter()
        .map(|entry| view! { <option value=entry.id.clone() selected=!linked && entry.url == current>{entry.title.clone()}</option> })
        .collect_view();
    let describe = manifest
        .catalogs
        .iter()
        .find(|e| !linked && e.url == current)
        .map(|e| e.description.clone())
        .unwrap_or_default();
    view! {
        <div class="catalog-switcher">
            <label>
                "Catalog "
                <select on:change=move |ev| {
                    let id = event_target_value(&ev);
                    let id = (id != default).then_some(id);
                    let next = decode(&host.search()).of_catalog(id.clone());
                    host.push(&encode(&next));
                    chosen.set(Chosen::of(&next));
                }>{linked_option}{options}</select>
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
) -> impl IntoView {
    let host = use_host();
    let catalog = loaded.catalog.clone();
    let app = AppState::new(catalog.clone(), &url);
    provide_context(app);

    // A deep link to a procedure counts as viewing it.
    if let Some(id) = app.view.with_untracked(|v| v.open.clone())
        && catalog.procedure(&id).is_some()
    {
        app.viewed(&id);
    }
    // Escape closes whatever is open over the list (on a host page, only
    // when pressed inside the app).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape"
            && host.is_inside(&ev)
            && app.view.with_untracked(|v| v.open.is_some() || v.comparing)
        {
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
            request_animation_frame(move || {
                if let Some(element) = host.find(&target) {
                    let _ = element.focus();
                }
            });
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
        <ProblemsPanel problems=loaded.problems.clone() skipped=loaded.skipped />
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
