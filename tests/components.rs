//! Component tests: real components mounted in headless Chromium
//! (wasm-bindgen-test). Run by `cargo xtask test`, tier 2.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use procedure_catalog::catalog::{Problem, Procedure};
use procedure_catalog::ui::{ProblemsPanel, ProcedureCard};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page to mount one component into.
fn host() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.dyn_into().unwrap()
}

/// Lets Leptos run its scheduled effects.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn procedure() -> Procedure {
    serde_json::from_value(serde_json::json!({
        "id": "corpectomy-lateral-extracavitary-thoracic",
        "title": "Thoracic corpectomy, lateral extracavitary",
        "summary": "Removes one thoracic vertebral body <b>from behind</b>.",
        "codes": [
            {"system": "CPT", "code": "63101"},
            {"system": "ICD-10-PCS", "code": "0PB40ZZ", "title": "Excision of Thoracic Vertebra, Open Approach"}
        ]
    }))
    .unwrap()
}

#[wasm_bindgen_test]
fn card_shows_title_codes_with_system_and_summary_as_text() {
    let host = host();
    let handle = mount_to(
        host.clone(),
        || view! { <ProcedureCard procedure=procedure() /> },
    );
    let article = host
        .query_selector("article.card")
        .unwrap()
        .expect("an article");
    assert_eq!(
        article
            .query_selector("h3")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Thoracic corpectomy, lateral extracavitary"
    );
    let chips: Vec<String> = (0..2)
        .map(|i| {
            host.query_selector_all(".code-chip")
                .unwrap()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(chips, ["CPT 63101", "ICD-10-PCS 0PB40ZZ"]);
    let summary = article.query_selector(".summary").unwrap().unwrap();
    // Catalog text is text, never markup.
    assert!(summary.query_selector("b").unwrap().is_none());
    assert!(
        summary
            .text_content()
            .unwrap()
            .contains("<b>from behind</b>")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn problems_panel_lists_problems_and_can_be_dismissed() {
    let host = host();
    let problems = vec![
        Problem::error(
            "procedures[1].facets.indication[0]",
            "unknown indication `tumour`; did you mean `tumor`?",
        )
        .in_procedure(Some("x-y")),
        Problem::warning(
            "procedures[2].sources",
            "no sources; cite what this card rests on",
        ),
    ];
    let handle = mount_to(
        host.clone(),
        move || view! { <ProblemsPanel problems=problems.clone() skipped=1 /> },
    );
    let text = host.text_content().unwrap();
    assert!(
        text.contains("1 error and 1 warning; 1 procedure was left out."),
        "{text}"
    );
    assert!(text.contains("procedure `x-y`: procedures[1].facets.indication[0]: unknown indication `tumour`; did you mean `tumor`?"), "{text}");
    let button: web_sys::HtmlElement = host
        .query_selector("button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    tick().await;
    assert!(
        host.query_selector("section.problems").unwrap().is_none(),
        "dismissed panel is gone"
    );
    drop(handle);
}

#[wasm_bindgen_test]
fn problems_panel_is_absent_for_a_clean_catalog() {
    let host = host();
    let handle = mount_to(
        host.clone(),
        || view! { <ProblemsPanel problems=Vec::new() skipped=0 /> },
    );
    assert!(host.query_selector("section.problems").unwrap().is_none());
    drop(handle);
}
