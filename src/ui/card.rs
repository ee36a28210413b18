use leptos::prelude::*;

use crate::catalog::Procedure;

/// One procedure as a card: its title and codes.
#[component]
pub fn ProcedureCard(
    /// The procedure to show.
    procedure: Procedure,
) -> impl IntoView {
    let codes = procedure
        .codes
        .iter()
        .map(|code| {
            view! {
                <li class="code-chip">
                    <span class="code-system">{code.system.name()}</span>
                    " "
                    <span class="code-value">{code.code.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="card">
            <h3 class="card-title">{procedure.title.clone()}</h3>
            <ul class="codes" aria-label="Codes">{codes}</ul>
            <p class="summary">{procedure.summary.clone()}</p>
        </article>
    }
}
