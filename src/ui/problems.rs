use leptos::prelude::*;

use crate::catalog::{Problem, Severity};

/// Lists what is wrong in the catalog; the procedures with errors are left
/// out and everything else is shown. The reader can dismiss it.
#[component]
pub fn ProblemsPanel(
    /// Every problem found while loading.
    problems: Vec<Problem>,
    /// How many procedures were left out because of errors.
    skipped: usize,
) -> impl IntoView {
    let (open, set_open) = signal(!problems.is_empty());
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let summary = format!(
        "This catalog has {errors} {} and {warnings} {}; {skipped} {} left out.",
        if errors == 1 { "error" } else { "errors" },
        if warnings == 1 { "warning" } else { "warnings" },
        if skipped == 1 {
            "procedure was"
        } else {
            "procedures were"
        },
    );
    let problems = StoredValue::new(problems);
    let items = move || {
        problems.with_value(|problems| {
            problems
                .iter()
                .map(|p| {
                    let class = if p.is_error() {
                        "problem problem-error"
                    } else {
                        "problem problem-warning"
                    };
                    view! { <li class=class>{p.to_string()}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || open.get()>
            <section class="problems" aria-labelledby="problems-heading">
                <h2 id="problems-heading">"Problems in this catalog"</h2>
                <p>{summary.clone()}</p>
                <details>
                    <summary>"Show the problems"</summary>
                    <ul>{items}</ul>
                </details>
                <button type="button" on:click=move |_| set_open.set(false)>"Dismiss"</button>
            </section>
        </Show>
    }
}
