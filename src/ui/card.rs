use leptos::prelude::*;

use super::{CodeLink, Highlighted, use_app};
use crate::search::{PRIMARY_FACET, code_matched, found_by};

/// How many facets besides the primary one a card names (e.g. region and approach).
const CARD_FACETS: usize = 2;
/// How many indications a card lists before "+N more" (the detail lists all).
const CARD_INDICATIONS: usize = 3;

/// One procedure as a card: title (a link to its detail), codes, where and
/// how, indications, a short summary, and the reader's star and compare pick.
#[component]
pub fn ProcedureCard(
    /// Position of the procedure in the catalog.
    position: usize,
) -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let procedure = &catalog.procedures[position];
    let id = procedure.id.clone();

    let codes = procedure
        .codes
        .iter()
        .map(|code| {
            let value = code.code.clone();
            let matched = move || app.results.with(|r| code_matched(&value, &r.matched_codes));
            let (system, shown) = (code.system, code.code.clone());
            view! {
                <li class="code-chip" class:matched=matched>
                    <CodeLink system code=code.code.clone()>
                        <span class="code-system">{system.name()}</span>
                        " "
                        <span class="code-value">{shown}</span>
                    </CodeLink>
                </li>
            }
        })
        .collect_view();

    let meta: Vec<String> = catalog
        .facets
        .iter()
        .filter(|f| f.id != PRIMARY_FACET)
        .take(CARD_FACETS)
        .filter_map(|facet| {
            let values = procedure.values(&facet.id);
            (!values.is_empty()).then(|| {
                values
                    .iter()
                    .map(|v| catalog.value_label(&facet.id, v).to_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
        .collect();
    let all_indications = procedure.values(PRIMARY_FACET);
    let more = all_indications.len().saturating_sub(CARD_INDICATIONS);
    let indications = all_indications
        .iter()
        .take(CARD_INDICATIONS)
        .map(|v| view! { <li class="chip">{catalog.value_label(PRIMARY_FACET, v).to_owned()}</li> })
        .collect_view();

    // Why the search found it, when it was not by its own words or codes.
    let found = {
        let catalog = catalog.clone();
        let index = app.index.get_value();
        move || {
            app.results
                .with(|r| found_by(&catalog, &index, r, position).map(|f| f.line()))
        }
    };

    let title = procedure.title.clone();
    let on_open = app.open_on_click(id.clone());
    let (fav_id, cmp_id, cmp_id2) = (id.clone(), id.clone(), id.clone());
    let favourite = Signal::derive(move || app.personal.with(|p| p.is_favourite(&fav_id)));
    let fav_id = id.clone();
    let compared = Signal::derive(move || app.view.with(|v| v.compare.contains(&cmp_id)));
    let compare_full = move || {
        app.view.with(|v| {
            v.compare.len() >= crate::state::url::MAX_COMPARE && !v.compare.contains(&cmp_id2)
        })
    };
    let compare_id = id.clone();

    view! {
        <article class="card" aria-labelledby=format!("card-{id}")>
            <div class="card-head">
                <h3 class="card-title" id=format!("card-{id}")>
                    <a href=app.href(&id) id=format!("open-{id}") on:click=on_open>
                        <Highlighted text=procedure.title.clone() results=app.results />
                    </a>
                </h3>
                <button
                    type="button"
                    class="star"
                    aria-pressed=move || favourite.get().to_string()
                    aria-label=format!("Favourite: {title}")
                    on:click=move |_| app.toggle_favourite(&fav_id)
                >
                    {move || if favourite.get() { "★" } else { "☆" }}
                </button>
            </div>
            <div class="card-body">
            <ul class="codes" aria-label="Codes">{codes}</ul>
            {(!meta.is_empty()).then(|| view! { <p class="card-meta">{meta.join(" · ")}</p> })}
            {move || found().map(|line| view! { <p class="found-by">{line}</p> })}
            <p class="summary"><Highlighted text=procedure.summary.clone() results=app.results /></p>
            {(!all_indications.is_empty()).then(|| view! {
                <ul class="chips" aria-label="Indications">
                    {indications}
                    {(more > 0).then(|| view! { <li class="chip more">{format!("+{more} more")}</li> })}
                </ul>
            })}
            </div>
            <div class="card-foot">
                {procedure.is_add_on().then(|| view! { <span class="badge">"Add-on"</span> })}
                <label class="compare-pick">
                    <input
                        type="checkbox"
                        prop:checked=move || compared.get()
                        disabled=compare_full
                        on:change=move |_| app.change(|v| {
                            v.toggle_compare(&compare_id);
                        })
                    />
                    " Compare"
                </label>
            </div>
        </article>
    }
}
