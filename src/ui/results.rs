use leptos::prelude::*;

use std::sync::atomic::{AtomicBool, Ordering};

use super::fetch::yield_to_browser;
use super::focus::focus_first_later;
use super::{CardGrid, use_app};
use crate::search::Sort;
use crate::state::thousands;

/// The search box, active filters, count and sort, and the cards.
#[component]
pub fn ResultsPane() -> impl IntoView {
    let app = use_app();
    let total = app.index.with_value(|i| i.len());
    let shown = move || app.results.with(|r| r.order.len());
    let narrowed = move || app.view.with(|v| !v.query.is_empty() || v.favourites_only);
    let status = move || {
        if let Some(loading) = app.loading {
            return format!(
                "Showing the first {} procedures. {}",
                shown(),
                loading.get()
            );
        }
        let (n, noun) = (
            shown(),
            if total == 1 {
                "procedure"
            } else {
                "procedures"
            },
        );
        if narrowed() {
            format!("{} of {} {noun}", thousands(n), thousands(total))
        } else {
            format!("{} {noun}", thousands(n))
        }
    };

    let searching = move || app.view.with(|v| !v.query.text.trim().is_empty());
    // The page's first cards come a task after the rest of its first view:
    // building them, with the code they run for the first time, is the
    // largest part of that view, and one task that builds everything keeps
    // the browser from painting or answering meanwhile. Later views (another
    // catalog, a preview's full catalog) build their cards at once, so that
    // no frame shows them missing.
    static FIRST_CARDS_DRAWN: AtomicBool = AtomicBool::new(false);
    let cards_ready = RwSignal::new(FIRST_CARDS_DRAWN.swap(true, Ordering::Relaxed));
    if !cards_ready.get_untracked() {
        leptos::task::spawn_local(async move {
            yield_to_browser().await;
            cards_ready.set(true);
        });
    }

    view! {
        <section id="results" class="results" aria-label="Results">
            <SearchBox />
            <ActiveFilters />
            <div class="results-bar">
                <p role="status" class="result-count">{status}</p>
                <label class="sort">
                    "Sort by "
                    <select disabled=app.loading.is_some() on:change=move |ev| {
                        let sort = Sort::from_key(&event_target_value(&ev)).unwrap_or_default();
                        app.change(|v| v.query.sort = sort)
                    }>
                        <option value="relevance" prop:selected=move || app.view.with(|v| v.query.sort == Sort::Relevance)>
                            {move || if searching() { "Relevance" } else { "Catalog order" }}
                        </option>
                        <option value="code" prop:selected=move || app.view.with(|v| v.query.sort == Sort::Code)>"Code"</option>
                        <option value="title" prop:selected=move || app.view.with(|v| v.query.sort == Sort::Title)>"Title"</option>
                    </select>
                </label>
            </div>
            <RecentlyViewed />
            <MissingFavourites />
            {move || cards_ready.get().then(|| view! {
                <Show when=move || shown() != 0 fallback=|| view! { <EmptyResults /> }>
                    <CardGrid />
                </Show>
            })}
        </section>
    }
}

/// The search input.
#[component]
pub fn SearchBox() -> impl IntoView {
    let app = use_app();
    let input = NodeRef::<leptos::html::Input>::new();
    // The box follows the view's text (back, forward, a link) but is not
    // written while it already shows that text: not on a facet click, and
    // not on the keystroke that changed it.
    let text = Memo::new(move |_| app.view.with(|v| v.query.text.clone()));
    Effect::new(move |_| {
        let text = text.get();
        if let Some(input) = input.get()
            && input.value() != text
        {
            input.set_value(&text);
        }
    });
    view! {
        <div class="search">
            <input
                type="search"
                id="search"
                aria-label="Search procedures"
                placeholder="Search by name, code (63101, C79.51), indication…"
                autocomplete="off"
                spellcheck="false"
                disabled=app.loading.is_some()
                node_ref=input
                on:input=move |ev| app.search(event_target_value(&ev))
            />
        </div>
    }
}

/// Selected filters as removable chips, and "Clear all filters".
#[component]
pub fn ActiveFilters() -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let chips = move || {
        app.view.with(|v| {
            v.query
                .filters
                .iter()
                .flat_map(|(facet, values)| {
                    values
                        .iter()
                        .map(move |value| (facet.clone(), value.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    let any = move || app.view.with(|v| !v.query.is_empty() || v.favourites_only);
    view! {
        <Show when=any>
            <div class="active-filters">
                <ul class="chips" aria-label="Active filters">
                    {
                        let catalog = catalog.clone();
                        move || chips()
                            .into_iter()
                            .enumerate()
                            .map(|(n, (facet, value))| {
                                let facet_label = catalog.facet(&facet).map_or(facet.clone(), |f| f.label.clone());
                                let label = format!("{facet_label}: {}", catalog.value_label(&facet, &value));
                                let remove = move |_| {
                                    app.change(|v| v.query.toggle(&facet, &value));
                                    // Focus moves to the chip that takes this one's place.
                                    let mut next: Vec<String> = vec![format!("filter-chip-{n}")];
                                    if n > 0 {
                                        next.push(format!("filter-chip-{}", n - 1));
                                    }
                                    next.extend(["clear-all".to_owned(), "search".to_owned()]);
                                    focus_first_later(next);
                                };
                                view! {
                                    <li>
                                        <button type="button" class="chip removable" id=format!("filter-chip-{n}") aria-label=format!("Remove filter {label}") on:click=remove>
                                            {label.clone()} " ×"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }
                </ul>
                <button type="button" class="clear-all" id="clear-all" on:click=move |_| {
                    app.change(|v| {
                        v.query.text.clear();
                        v.query.filters.clear();
                        v.query.match_all = false;
                        v.favourites_only = false;
                    });
                    focus_first_later(vec!["search".to_owned()]);
                }>"Clear all filters"</button>
            </div>
        </Show>
    }
}

/// Shown when nothing matches, with one-click ways out.
#[component]
pub fn EmptyResults() -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let ways_out = move || {
        let now = app.view.get();
        let removals = now
            .query
            .filters
            .iter()
            .flat_map(|(facet, values)| values.iter().map(move |value| (facet.clone(), value.clone())))
            .map(|(facet, value)| {
                let label = catalog.value_label(&facet, &value).to_owned();
                view! { <li><button type="button" on:click=move |_| app.change(|v| v.query.toggle(&facet, &value))>{format!("Remove “{label}”")}</button></li> }
            })
            .collect_view();
        view! {
            {(!now.query.text.is_empty()).then(|| view! {
                <li><button type="button" on:click=move |_| app.change(|v| v.query.text.clear())>"Clear search"</button></li>
            })}
            {removals}
            {now.favourites_only.then(|| view! {
                <li><button type="button" on:click=move |_| app.change(|v| v.favourites_only = false)>"Show all, not only favourites"</button></li>
            })}
        }
    };
    if app.index.with_value(|i| i.len()) == 0 {
        // Nothing to narrow: say so rather than offer ways out.
        return view! {
            <div class="empty">
                <p>"This catalog has no procedures."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="empty">
            <p>"No procedures match."</p>
            <ul class="ways-out">{ways_out}</ul>
        </div>
    }
    .into_any()
}

/// Links to the procedures the reader opened last.
#[component]
pub fn RecentlyViewed() -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let items = Signal::derive(move || {
        app.personal.with(|p| {
            p.recent
                .iter()
                .filter_map(|id| {
                    catalog
                        .procedure(id)
                        .map(|proc_| (id.clone(), proc_.title.clone()))
                })
                .take(6)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || items.with(|i| !i.is_empty())>
            <nav class="recent" aria-label="Recently viewed">
                <span class="recent-label">"Recently viewed: "</span>
                <ul>
                    {move || items.get().into_iter().map(|(id, title)| {
                        view! {
                            <li><a href=app.href(&id) on:click=app.open_on_click(id.clone())>{title}</a></li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
        </Show>
    }
}

/// In the favourites view, the favourites this catalog does not have (any
/// more), by id. They stay favourites until the reader removes them.
#[component]
pub fn MissingFavourites() -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let missing = Signal::derive(move || {
        if !app.view.with(|v| v.favourites_only) {
            return Vec::new();
        }
        app.personal
            .with(|p| p.missing_favourites(|id| catalog.procedure(id).is_some()))
    });
    view! {
        <Show when=move || missing.with(|m| !m.is_empty())>
            <section class="missing-favourites" aria-labelledby="missing-favourites-title">
                <p class="missing-title" id="missing-favourites-title">
                    {move || match missing.with(Vec::len) {
                        1 => "1 favourite is no longer in this catalog".to_owned(),
                        n => format!("{n} favourites are no longer in this catalog"),
                    }}
                </p>
                <ul>
                    {move || missing.get().into_iter().enumerate().map(|(n, id)| {
                        let forget = id.clone();
                        let remove = move |_| {
                            app.toggle_favourite(&forget);
                            let mut next = vec![format!("forget-favourite-{n}")];
                            if n > 0 {
                                next.push(format!("forget-favourite-{}", n - 1));
                            }
                            next.extend(["favourites-only".to_owned(), "search".to_owned()]);
                            focus_first_later(next);
                        };
                        view! {
                            <li>
                                <code class="missing-id">{id.clone()}</code>
                                " — no longer in this catalog "
                                <button type="button" class="link-button" id=format!("forget-favourite-{n}") aria-label=format!("Remove {id} from favourites") on:click=remove>
                                    "Remove from favourites"
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
