use leptos::prelude::*;

use super::CatalogFailure;
use super::host::{Place, use_host};

/// Shown instead of the catalog when it cannot be loaded at all.
#[component]
pub fn LoadFailure(
    /// What went wrong, with the address that was requested.
    failure: CatalogFailure,
) -> impl IntoView {
    let host = use_host();
    let refused = matches!(failure, CatalogFailure::Refused { .. });
    let heading = if refused {
        "This catalog is not shown"
    } else {
        "The catalog could not be loaded"
    };
    // A refused link leaves the way to the site's own catalogs.
    let own = (refused && host.owns_address()).then(|| {
        let href = if host.place == Place::Framed {
            "?embed=1"
        } else {
            "?"
        };
        view! { <p><a href=href>"Show this site’s own catalogs"</a></p> }
    });
    view! {
        <section class="load-failure" role="alert" aria-labelledby="load-failure-heading">
            <h2 id="load-failure-heading">{heading}</h2>
            <p class="load-failure-message">{failure.to_string()}</p>
            <p class="load-failure-url">"Address: " <code>{failure.url().to_owned()}</code></p>
            {own}
        </section>
    }
}
