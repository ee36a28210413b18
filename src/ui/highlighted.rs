use std::sync::Arc;

use leptos::prelude::*;

use crate::search::{Results, highlight};

/// Text with the words the search matched wrapped in `<mark>`. Always text:
/// catalog content never becomes markup.
#[component]
pub fn Highlighted(
    /// The text to show.
    text: String,
    /// The current results, whose matched words are marked.
    #[prop(into)]
    results: Signal<Arc<Results>>,
) -> impl IntoView {
    // The runs are recomputed for every new result, but the text is only
    // rebuilt when they differ, so typing leaves untouched cards alone.
    let runs = Memo::new(move |_| results.with(|r| highlight(&text, &r.matched_words)));
    move || {
        runs.get()
            .into_iter()
            .map(|(run, marked)| {
                if marked {
                    view! { <mark>{run}</mark> }.into_any()
                } else {
                    run.into_any()
                }
            })
            .collect_view()
    }
}
