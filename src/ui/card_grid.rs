use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::frame::FrameViewport;
use super::{ProcedureCard, use_app};
use crate::state::window::{Viewport, columns};

/// Narrowest a card may be, in rem (matches style/main.css).
const MIN_CARD_REM: f64 = 19.0;
/// Gap between cards, in rem.
const GAP_REM: f64 = 0.75;
/// Height of a card, in rem (cards are clamped to it so rows line up).
const CARD_REM: f64 = 17.5;
/// Most cards per row.
const MAX_COLUMNS: usize = 4;
/// Rows rendered beyond each edge of the viewport.
const MARGIN_ROWS: usize = 2;
/// The page's side padding, the filter column and the gap beside it, and the
/// width below which the filters go above the results, in rem (matches
/// style/main.css): for a first guess at the grid's width.
const PAGE_PADDING_REM: f64 = 1.25;
const FILTERS_REM: f64 = 17.0 + 1.25;
const NARROW_REM: f64 = 48.0;

/// The results as a grid that renders only the rows near the viewport.
///
/// Every card is reachable: the grid keeps the full height, so scrolling,
/// Tab (which scrolls the focused card into view) and screen readers (each
/// item says its position and the list's size) all move the window along.
///
/// In a frame sized to its content, the frame's own viewport is the whole
/// list; the part in view is then the one the parent page reports.
#[component]
pub fn CardGrid() -> impl IntoView {
    let app = use_app();
    let grid = NodeRef::<leptos::html::Div>::new();
    let list = NodeRef::<leptos::html::Ul>::new();
    let rem = root_font_size();
    // Until the grid is measured (before the first paint), a guess from the
    // window's size, so that the cards built first are about those that stay.
    let (frame, set_frame) = signal(first_guess(rem));
    let parent_view = use_context::<FrameViewport>();

    let measure = move || {
        if let (Some(element), Some(window)) = (grid.get_untracked(), web_sys::window()) {
            let element: &web_sys::Element = element.unchecked_ref();
            let top = element.get_bounding_client_rect().top();
            let own_height = || {
                window
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(800.0)
            };
            let (scrolled, height) = match parent_view.and_then(|v| v.0.get_untracked()) {
                Some((parent_top, parent_height)) => (parent_top - top, parent_height),
                None => (-top, own_height()),
            };
            let next = (scrolled, height, f64::from(element.client_width()));
            if frame.get_untracked() != next {
                set_frame.set(next);
            }
        }
    };
    let scroll = window_event_listener(leptos::ev::scroll, move |_| measure());
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        scroll.remove();
        resize.remove();
    });
    // New results are first drawn with the rows in view only; the rows
    // beyond the viewport's edges follow in a task after that frame has
    // been painted (see the effect below), so a click or a keystroke waits
    // for the cards it shows and not for those that scrolling may bring.
    let results_seen = Memo::new(move |seen: Option<&u64>| {
        app.results.track();
        seen.map_or(0, |n| n + 1)
    });
    let margin_for = RwSignal::new(None::<u64>);
    // In a frame, the parent's scrolling moves the part in view.
    if let Some(parent_view) = parent_view {
        Effect::new(move |_| {
            parent_view.0.track();
            measure();
        });
    }

    let layout = Memo::new(move |_| {
        let (scrolled, height, width) = frame.get();
        let columns = columns(width, MIN_CARD_REM * rem, GAP_REM * rem, MAX_COLUMNS);
        let items = app.results.with(|r| r.order.len());
        let viewport = Viewport {
            items,
            columns,
            row_height: (CARD_REM + GAP_REM) * rem,
            scrolled,
            height,
            margin_rows: if margin_for.get() == Some(results_seen.get()) {
                MARGIN_ROWS
            } else {
                0
            },
        };
        (columns, viewport.window())
    });
    // The procedures in view, keyed by procedure: a card that stays in view
    // keeps its element while the results around it change.
    let visible = Memo::new(move |_| {
        let (_, window) = layout.get();
        app.results.with(|r| {
            let order = &r.order[window.start.min(r.order.len())..window.end.min(r.order.len())];
            (
                window.start,
                order.iter().map(|&p| p as usize).collect::<Vec<_>>(),
            )
        })
    });
    // New results change the grid's height and place: measure once laid
    // out. Before that frame is drawn, the cards are put back in the
    // results' order where the list's update left them out of it: Leptos
    // 0.8's keyed list can leave a card that keeps its index in the wrong
    // place when the cards around it change order (a search ranks the
    // results differently from the catalog's order). Its own record of the
    // cards stays in order, so moving the elements back is enough. Once
    // that frame is painted, the margin rows follow.
    Effect::new(move |_| {
        let seen = results_seen.get();
        request_animation_frame(move || {
            if let Some(list) = list.get_untracked() {
                visible.with_untracked(|(_, positions)| keep_order(&list, positions));
            }
            measure();
            set_timeout(
                move || {
                    if results_seen.get_untracked() == seen {
                        margin_for.set(Some(seen));
                    }
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let total = move || app.results.with(|r| r.order.len());

    view! {
        <div class="card-grid" node_ref=grid style:height=move || format!("{}px", layout.get().1.total_height)>
            <ul
                class="cards"
                node_ref=list
                style:grid-template-columns=move || format!("repeat({}, minmax(0, 1fr))", layout.get().0)
                style:transform=move || format!("translateY({}px)", layout.get().1.offset)
            >
                <For
                    each=move || visible.with(|(_, positions)| positions.clone())
                    key=|position| *position
                    children=move |position| {
                        // Its place in the results, which changes as they do.
                        let place = move || {
                            visible.with(|(start, positions)| {
                                positions.iter().position(|&p| p == position).map(|k| start + k + 1)
                            })
                        };
                        view! {
                            <li
                                data-position=position.to_string()
                                aria-setsize=move || total().to_string()
                                aria-posinset=move || place().map(|n| n.to_string())
                            >
                                <ProcedureCard position />
                            </li>
                        }
                    }
                />
            </ul>
        </div>
    }
}

/// Moves the cards of `list` (its `li` elements, each naming its procedure
/// in `data-position`) into the order of `positions`, if they are not in it.
fn keep_order(list: &web_sys::Element, positions: &[usize]) {
    let nodes = list.child_nodes();
    let items: Vec<web_sys::Element> = (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::Element>().ok())
        .collect();
    let position = |item: &web_sys::Element| {
        item.get_attribute("data-position")
            .and_then(|p| p.parse::<usize>().ok())
    };
    if items
        .iter()
        .map(position)
        .eq(positions.iter().map(|&p| Some(p)))
    {
        return;
    }
    // The keyed list marks its end with a node that is not an element (a
    // comment), right after its last card; the cards go before it.
    let end = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .find(|node| node.node_type() != web_sys::Node::ELEMENT_NODE);
    for wanted in positions {
        if let Some(item) = items.iter().find(|item| position(item) == Some(*wanted)) {
            let _ = list.insert_before(item, end.as_ref());
        }
    }
}

/// Where the grid is likely to be before it is measured: at the top, as
/// tall as the window, as wide as the window less the page's padding and,
/// on a wide window, the filter column.
fn first_guess(rem: f64) -> (f64, f64, f64) {
    let size = |value: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>, default: f64| {
        value.ok().and_then(|v| v.as_f64()).unwrap_or(default)
    };
    let (width, height) = web_sys::window().map_or((1000.0, 800.0), |w| {
        (size(w.inner_width(), 1000.0), size(w.inner_height(), 800.0))
    });
    let mut grid = width - 2.0 * PAGE_PADDING_REM * rem;
    if width > NARROW_REM * rem {
        grid -= FILTERS_REM * rem;
    }
    (0.0, height, grid.max(0.0))
}

/// Pixels per rem on this page.
fn root_font_size() -> f64 {
    web_sys::window()
        .and_then(|w| {
            let root = w.document()?.document_element()?;
            let style = w.get_computed_style(&root).ok().flatten()?;
            style
                .get_property_value("font-size")
                .ok()?
                .trim_end_matches("px")
                .parse()
                .ok()
        })
        .unwrap_or(16.0)
}
