use std::rc::Rc;

use leptos::prelude::*;

use super::{DEFAULT_CATALOG, LoadFailure, ProblemsPanel, ProcedureCard, fetch_catalog};
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
                    Ok(loaded) => view! { <CatalogView loaded /> }.into_any(),
                    Err(failure) => view! { <LoadFailure failure /> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

/// A loaded catalog: its problems, if any, and its procedures.
#[component]
pub fn CatalogView(
    /// The catalog as loaded, with its problems.
    loaded: Rc<Loaded>,
) -> impl IntoView {
    let catalog = &loaded.catalog;
    let count = catalog.procedures.len();
    let cards = catalog
        .procedures
        .iter()
        .map(|procedure| view! { <li><ProcedureCard procedure=procedure.clone() /></li> })
        .collect_view();
    view! {
        <ProblemsPanel problems=loaded.problems.clone() skipped=loaded.skipped() />
        <section id="results" aria-labelledby="results-heading">
            <h2 id="results-heading" class="catalog-title">{catalog.title.clone()}</h2>
            <p role="status" class="result-count">{format!("{count} procedures")}</p>
            <ul class="cards">{cards}</ul>
        </section>
        <footer class="notices">
            {catalog.notices.iter().map(|n| view! { <p>{n.clone()}</p> }).collect_view()}
        </footer>
    }
}
