//! Component tests: real components mounted in headless Chromium
//! (wasm-bindgen-test). Run by `cargo xtask test`, tier 2.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use procedure_catalog::catalog::{Catalog, Problem, load};
use procedure_catalog::search::CatalogIndex;
use procedure_catalog::ui::{AppState, FacetGroup, ProblemsPanel, ProcedureCard};
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

fn example() -> Catalog {
    let mut catalog = load(include_bytes!("fixtures/example.json"), None)
        .unwrap()
        .catalog;
    // Catalog text is text, never markup.
    catalog.procedures[0].summary =
        "Removes one thoracic vertebral body <b>from behind</b>.".into();
    catalog
}

fn text(host: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = host.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap())
        .collect()
}

fn mount_card(
    position: usize,
    storage_key: &'static str,
) -> (web_sys::HtmlElement, UnmountHandle<impl Mountable>) {
    let host = host();
    let handle = mount_to(host.clone(), move || {
        let catalog = Arc::new(example());
        let index = Arc::new(CatalogIndex::build(&catalog));
        provide_context(AppState::new(catalog, index, storage_key, None));
        view! { <ProcedureCard position /> }
    });
    (host, handle)
}

#[wasm_bindgen_test]
fn card_shows_title_link_codes_facets_indications_and_summary_as_text() {
    let (host, handle) = mount_card(0, "card-test-1");
    let link = host
        .query_selector("article h3 a")
        .unwrap()
        .expect("the title links to the detail");
    assert_eq!(
        link.text_content().unwrap(),
        "Thoracic corpectomy from the back and side"
    );
    assert_eq!(
        link.get_attribute("href").unwrap(),
        "?p=corpectomy-thoracic-example"
    );
    assert_eq!(
        text(&host, ".code-chip"),
        ["CPT 63101", "ICD-10-PCS 0PB40ZZ"]
    );
    assert_eq!(text(&host, ".card-meta"), ["Thoracic"]);
    assert_eq!(
        text(&host, "[aria-label=Indications] li"),
        ["Spinal metastasis", "Thoracic vertebral fracture"]
    );
    let summary = host.query_selector(".summary").unwrap().unwrap();
    assert!(
        summary.query_selector("b").unwrap().is_none(),
        "no element injected"
    );
    assert!(
        summary
            .text_content()
            .unwrap()
            .contains("<b>from behind</b>")
    );
    assert!(
        host.query_selector(".badge").unwrap().is_none(),
        "a primary procedure has no add-on badge"
    );
    drop(handle);
}

#[wasm_bindgen_test]
fn an_add_on_card_carries_the_badge() {
    let (host, handle) = mount_card(1, "card-test-2");
    assert_eq!(text(&host, ".badge"), ["Add-on"]);
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_star_marks_a_favourite_and_stores_it() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .remove_item("procedure-catalog:card-test-3:favourites")
        .unwrap();
    let (host, handle) = mount_card(0, "card-test-3");
    let star: web_sys::HtmlElement = host
        .query_selector("button.star")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(star.get_attribute("aria-pressed").unwrap(), "false");
    star.click();
    tick().await;
    assert_eq!(star.get_attribute("aria-pressed").unwrap(), "true");
    assert_eq!(
        storage
            .get_item("procedure-catalog:card-test-3:favourites")
            .unwrap()
            .unwrap(),
        r#"["corpectomy-thoracic-example"]"#
    );
    drop(handle);
}

fn facet_with(values: usize) -> procedure_catalog::catalog::Facet {
    let mut facet = example().facets[1].clone();
    facet.values = (0..values)
        .map(|i| procedure_catalog::catalog::FacetValue {
            id: format!("v{i}"),
            label: format!("Value {i}"),
            description: None,
            synonyms: if i == 9 {
                vec!["special".into()]
            } else {
                Vec::new()
            },
            codes: Vec::new(),
            notes: Vec::new(),
        })
        .collect();
    facet
}

#[wasm_bindgen_test]
async fn facet_group_names_each_value_with_its_count_and_reports_clicks() {
    let host = host();
    let clicked = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = clicked.clone();
    let handle = mount_to(host.clone(), move || {
        let selected = RwSignal::new(BTreeSet::from(["v1".to_owned()]));
        let on_toggle = Callback::new(move |id: String| seen.lock().unwrap().push(id));
        view! { <FacetGroup facet=facet_with(3) counts=Signal::derive(|| vec![4, 0, 2]) selected on_toggle /> }
    });
    let legend = host.query_selector("fieldset legend").unwrap().unwrap();
    assert_eq!(legend.text_content().unwrap(), "Spinal region");
    // The accessible name of each checkbox is its label's text: value, then count.
    assert_eq!(
        text(&host, "fieldset li label"),
        ["Value 0 (4)", "Value 1 (0)", "Value 2 (2)"]
    );
    let boxes = host.query_selector_all("input[type=checkbox]").unwrap();
    let second: web_sys::HtmlInputElement = boxes.item(1).unwrap().dyn_into().unwrap();
    assert!(second.checked(), "selected values are ticked");
    let items = host.query_selector_all("fieldset li").unwrap();
    let dimmed = |i| {
        items
            .item(i)
            .unwrap()
            .dyn_into::<web_sys::Element>()
            .unwrap()
            .class_list()
            .contains("dimmed")
    };
    assert!(
        !dimmed(0) && !dimmed(1) && !dimmed(2),
        "a selected value is never dimmed"
    );
    let third: web_sys::HtmlInputElement = boxes.item(2).unwrap().dyn_into().unwrap();
    third.click();
    tick().await;
    assert_eq!(*clicked.lock().unwrap(), ["v2"]);
    assert!(
        host.query_selector(".facet-filter").unwrap().is_none(),
        "short facets have no filter box"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_long_facet_has_a_filter_box_and_show_more() {
    let host = host();
    let handle = mount_to(host.clone(), move || {
        let counts = Signal::derive(|| {
            (0..12)
                .map(|i| if i == 5 { 0 } else { 1 })
                .collect::<Vec<usize>>()
        });
        view! { <FacetGroup facet=facet_with(12) counts selected=Signal::derive(BTreeSet::new) on_toggle=Callback::new(|_: String| {}) /> }
    });
    assert_eq!(host.query_selector_all("fieldset li").unwrap().length(), 8);
    let zero = host
        .query_selector_all("fieldset li")
        .unwrap()
        .item(5)
        .unwrap()
        .dyn_into::<web_sys::Element>()
        .unwrap();
    assert!(
        zero.class_list().contains("dimmed"),
        "values with no results are dimmed"
    );
    let more: web_sys::HtmlElement = host
        .query_selector("button.link-button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(more.text_content().unwrap(), "Show 4 more");
    more.click();
    tick().await;
    assert_eq!(host.query_selector_all("fieldset li").unwrap().length(), 12);

    let filter: web_sys::HtmlInputElement = host
        .query_selector(".facet-filter")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    filter.set_value("special");
    filter
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(
        text(&host, "fieldset li .value-label"),
        ["Value 9"],
        "the filter box matches synonyms too"
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
