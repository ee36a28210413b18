use std::sync::Arc;

use leptos::prelude::*;

use super::detail::NotFound;
use super::fetch::{FetchedCatalog, MANIFEST, fetch_config, fetch_manifest};
use super::focus;
use super::frame::FrameViewport;
use super::host::{Host, Place, use_host};
use super::offline::UpdatePrompt;
use super::{
    AppState, CatalogFailure, CodeLinks, CompareTray, CompareView, DEFAULT_CATALOG, DetailView,
    FilterPanel, LoadFailure, ProblemsPanel, ResultsPane, Step, fetch_catalog,
};

use crate::catalog::manifest::Manifest;
use crate::catalog::sources::{CONFIG_FILE, check_source};
use crate::state::url::{decode, encode};
use crate::state::{Progress, ViewState};

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
    preview: WriteSignal<Option<Arc<FetchedCatalog>>>,
) -> Result<Shown, CatalogFailure> {
    preview.set(None);
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
        let loaded = fetch_catalog(url.clone(), progress, preview).await?;
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
    let loaded = fetch_catalog(host.url(&url), progress, preview).await?;
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
    let (preview, set_preview) = signal(None::<Arc<FetchedCatalog>>);
    let shown =
        LocalResource::new(move || load_chosen(chosen.get(), host, set_progress, set_preview));
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
    // A host page that names its catalog gets that catalog, without a picker.
    let picker =
        host.owns_address() || chosen.with_untracked(|c| c.catalog.is_none() && c.source.is_none());
    let body = move || {
        view! {
            <Suspense fallback=move || waiting>
                {move || shown.get().map(|result| match result {
                    Ok(Shown { manifest, url, storage_key, linked, loaded, notice }) => {
                        let links = manifest.clone().map(|manifest| CodeLinks {
                            current: manifest.catalogs.iter().find(|e| !linked && e.url == url).map(|e| e.id.clone()),
                            manifest,
                            open: Callback::new(move |next: ViewState| {
                                host.push(&encode(&next));
                                chosen.set(Chosen::of(&next));
                            }),
                        });
                        view! {
                            {manifest.filter(|m| picker && (m.catalogs.len() > 1 || linked)).map(|m| view! { <CatalogSwitcher manifest=m current=url.clone() linked chosen /> })}
                            {notice.map(|n| view! { <p class="storage-note" role="note">{n}</p> })}
                            <CatalogView loaded url=storage_key links />
                        }.into_any()
                    }
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
                <a class="skip-link" href="#main" on:click=|ev| {
                    // Straight into the search box, the first control of the results.
                    if focus::focus_id("search") {
                        ev.prevent_default();
                    }
                }>"Skip to results"</a>
                <UpdatePrompt />
            })}
            {host.shows_header().then(|| view! {
                <header class="site-header">
                    <h1>"Procedure Catalog"</h1>
                </header>
            })}
            {if host.owns_address() {
                // A framed page still has its one h1, for readers that navigate by headings.
                let heading = (host.place == Place::Framed)
                    .then(|| view! { <h1 class="visually-hidden">"Procedure Catalog"</h1> });
                view! { <main id="main" class="app-main">{heading}{body()}</main> }.into_any()
            } else {
                // The host page has its own main landmark.
                view! { <div class="app-main">{body()}</div> }.into_any()
            }}
        </div>
    }
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
    /// While the catalog is still loading, what to say about it: only a
    /// preview is shown, and search and filters wait.
    #[prop(optional, into)]
    loading: Option<Signal<String>>,
    /// The site's other catalogs, for codes that open in the catalog that
    /// answers them.
    #[prop(default = None)]
    links: Option<CodeLinks>,
) -> impl IntoView {
    let host = use_host();
    let catalog = loaded.catalog.clone();
    let app = AppState::new(catalog.clone(), loaded.index.clone(), &url, loading);
    provide_context(app);
    if let Some(links) = links {
        provide_context(links);
    }
    // A link from another catalog names a code: open its procedure, in
    // place of the link's entry, once the catalog is here.
    if loading.is_none() {
        let index = loaded.index.clone();
        let catalog = catalog.clone();
        Effect::new(move |_| {
            let Some((system, code)) = app.view.with(|v| v.code.clone()) else {
                return;
            };
            if let Some(position) = index.with_code(system, &code) {
                let id = catalog.procedures[position].id.clone();
                app.go(Step::Replace, |v| {
                    v.code = None;
                    v.open = Some(id.clone());
                });
                app.viewed(&id);
            }
        });
    }

    // A deep link to a procedure counts as viewing it.
    if loading.is_none()
        && let Some(id) = app.view.with_untracked(|v| v.open.clone())
        && catalog.procedure(&id).is_some()
    {
        app.viewed(&id);
    }
    let covered = move || app.view.with(ViewState::covered);
    // Escape closes whatever is open over the list; Tab stays inside it (on
    // a host page, only for keys pressed inside the app).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !host.is_inside(&ev) || !app.view.with_untracked(ViewState::covered) {
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
                if app.view.with_untracked(ViewState::covered) {
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
            focus::focus_first_soon(targets);
        }
        open
    });
    let overlay = move || {
        if loading.is_some() {
            return None;
        }
        app.view.with(|v| match (&v.open, v.comparing, &v.code) {
            (Some(id), ..) => Some(view! { <DetailView id=id.clone() /> }.into_any()),
            (None, true, _) => Some(view! { <CompareView /> }.into_any()),
            // Still there once the catalog is loaded: the catalog lacks it.
            (None, false, Some((system, code))) => Some(view! {
                <NotFound message=format!("This catalog has no procedure with the {} code {code}.", system.name()) />
            }.into_any()),
            _ => None,
        })
    };
    let storage_notes = move || app.storage_notes.get();

    view! {
        // Everything under an open detail or comparison is inert: no
        // focus, no clicks, hidden from assistive technology.
        <div class="catalog-page" inert=covered>
            <ProblemsPanel problems=loaded.problems.clone() skipped=loaded.skipped />
            // The same words and markup as the line the build writes into
            // index.html's stand-in (catalog::heading).
            <p class="catalog-title">{catalog.title.clone()}<span class="catalog-meta">{catalog.heading_meta()}</span></p>
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
