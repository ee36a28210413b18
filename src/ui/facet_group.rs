use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::catalog::Facet;
use crate::search::text::fold;

/// Values shown before "Show more" in a long facet.
const SHOWN: usize = 8;

/// One facet as a group of checkboxes, each named by its value and the
/// number of procedures ticking it would give. Long facets get a filter box
/// and "Show more".
#[component]
pub fn FacetGroup(
    /// The facet and its values.
    facet: Facet,
    /// Per value (declared order), the procedures a click would give.
    #[prop(into)]
    counts: Signal<Vec<usize>>,
    /// Selected value ids.
    #[prop(into)]
    selected: Signal<BTreeSet<String>>,
    /// Called with a value id to select or clear it.
    on_toggle: Callback<String>,
    /// For the primary facet: whether all selected values must apply, and how to change it.
    #[prop(default = None)]
    match_all: Option<(Signal<bool>, Callback<bool>)>,
) -> impl IntoView {
    let long = facet.values.len() > SHOWN;
    let (filter, set_filter) = signal(String::new());
    let (expanded, set_expanded) = signal(false);
    let values = StoredValue::new(facet.values.clone());
    let facet_id = facet.id.clone();

    // Indices of the values to show: all when expanded or filtered, else the
    // first few plus any selected ones.
    let visible = move || {
        let needle = fold(filter.get().trim());
        let chosen = selected.get();
        values.with_value(|values| {
            values
                .iter()
                .enumerate()
                .filter(|(i, v)| {
                    if !needle.is_empty() {
                        fold(&v.label).contains(&needle)
                            || v.synonyms.iter().any(|s| fold(s).contains(&needle))
                    } else {
                        !long || expanded.get() || *i < SHOWN || chosen.contains(&v.id)
                    }
                })
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        })
    };
    let hidden = move || values.with_value(Vec::len) - visible().len();

    view! {
        <fieldset class="facet" data-facet=facet_id.clone()>
            <legend>{facet.label.clone()}</legend>
            {long.then(|| view! {
                <input
                    type="search"
                    class="facet-filter"
                    placeholder="Filter values"
                    aria-label=format!("Filter {} values", facet.label)
                    prop:value=filter
                    on:input=move |ev| set_filter.set(event_target_value(&ev))
                />
            })}
            {match_all.map(|(all, set_all)| view! {
                <label class="match-all">
                    <input type="checkbox" prop:checked=move || all.get() on:change=move |ev| set_all.run(event_target_checked(&ev)) />
                    " Match all selected"
                </label>
            })}
            <ul class="facet-values">
                <For
                    each=visible
                    key=|i| *i
                    children=move |i| {
                        let (id, label) = values.with_value(|v| (v[i].id.clone(), v[i].label.clone()));
                        let count = move || counts.with(|c| c.get(i).copied().unwrap_or(0));
                        let checked_id = id.clone();
                        let checked = Signal::derive(move || selected.with(|s| s.contains(&checked_id)));
                        view! {
                            <li class:dimmed=move || count() == 0 && !checked.get()>
                                <label>
                                    <input type="checkbox" prop:checked=checked on:change=move |_| on_toggle.run(id.clone()) />
                                    <span class="value-label">{label}</span>
                                    " "
                                    <span class="count">{move || format!("({})", count())}</span>
                                </label>
                            </li>
                        }
                    }
                />
            </ul>
            {long.then(|| view! {
                <Show when=move || filter.with(String::is_empty) && (expanded.get() || hidden() > 0)>
                    <button type="button" class="link-button" on:click=move |_| set_expanded.update(|e| *e = !*e)>
                        {move || if expanded.get() { "Show fewer".to_owned() } else { format!("Show {} more", hidden()) }}
                    </button>
                </Show>
            })}
        </fieldset>
    }
}
