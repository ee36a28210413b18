use leptos::prelude::*;

use super::CatalogFailure;

/// Shown instead of the catalog when it cannot be loaded at all.
#[component]
pub fn LoadFailure(
    /// What went wrong, with the address that was requested.
    failure: CatalogFailure,
) -> impl IntoView {
    view! {
        <section class="load-failure" role="alert" aria-labelledby="load-failure-heading">
            <h2 id="load-failure-heading">"The catalog could not be loaded"</h2>
            <p class="load-failure-message">{failure.to_string()}</p>
            <p class="load-failure-url">"Address: " <code>{failure.url().to_owned()}</code></p>
        </section>
    }
}
