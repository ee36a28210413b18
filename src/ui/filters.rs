use std::collections::BTreeSet;

use leptos::prelude::*;

use super::{FacetGroup, use_app};
use crate::search::PRIMARY_FACET;

/// The filters: favourites, then one group per facet the catalog declares,
/// the primary facet (indication) first.
#[component]
pub fn FilterPanel() -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let (mut order, rest): (Vec<usize>, Vec<usize>) =
        (0..catalog.facets.len()).partition(|&f| catalog.facets[f].id == PRIMARY_FACET);
    order.extend(rest);
    let groups = order
        .into_iter()
        .map(|f| {
            let facet = catalog.facets[f].clone();
            let id = facet.id.clone();
            // Memos, so that a keystroke that leaves a group's counts and
            // selection alone does not touch the group.
            let counts = Memo::new(move |_| app.results.with(|r| r.counts[f].clone()));
            let selected_id = id.clone();
            let selected = Memo::new(move |_| {
                app.view.with(|v| {
                    v.query
                        .filters
                        .get(&selected_id)
                        .cloned()
                        .unwrap_or_else(BTreeSet::new)
                })
            });
            let on_toggle =
                Callback::new(move |value: String| app.change(|v| v.query.toggle(&id, &value)));
            let match_all = (facet.id == PRIMARY_FACET).then(|| {
                (
                    Signal::derive(move || app.view.with(|v| v.query.match_all)),
                    Callback::new(move |all: bool| app.change(|v| v.query.match_all = all)),
                )
            });
            view! { <FacetGroup facet counts selected on_toggle match_all /> }
        })
        .collect_view();
    let favourites = move || app.personal.with(|p| p.favourites.len());
    view! {
        <aside class="filters" aria-label="Filters">
            <h2 class="filters-heading">"Filters"</h2>
            <label class="favourites-only">
                <input
                    type="checkbox"
                    disabled=app.loading.is_some()
                    id="favourites-only"
                    prop:checked=move || app.view.with(|v| v.favourites_only)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        app.change(|v| v.favourites_only = on)
                    }
                />
                {move || format!(" Favourites ({})", favourites())}
            </label>
            // A disabled fieldset disables every filter inside it.
            <fieldset class="filter-groups" disabled=app.loading.is_some()>
                <legend class="visually-hidden">"Filter by"</legend>
                {groups}
            </fieldset>
        </aside>
    }
}
