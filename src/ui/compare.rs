use leptos::prelude::*;

use super::focus::focus_first_later;
use super::use_app;
use crate::catalog::{Catalog, Procedure, Relation};
use crate::search::PRIMARY_FACET;

/// The facts compared, one row each, as text per procedure.
fn rows(catalog: &Catalog, procedures: &[&Procedure]) -> Vec<(String, Vec<String>)> {
    let mut rows = vec![(
        "Codes".to_owned(),
        procedures
            .iter()
            .map(|p| {
                p.codes
                    .iter()
                    .map(|c| format!("{} {}", c.system.name(), c.code))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect(),
    )];
    let (mut facets, rest): (Vec<_>, Vec<_>) =
        catalog.facets.iter().partition(|f| f.id == PRIMARY_FACET);
    facets.extend(rest);
    for facet in facets {
        rows.push((
            facet.label.clone(),
            procedures
                .iter()
                .map(|p| {
                    p.values(&facet.id)
                        .iter()
                        .map(|v| catalog.value_label(&facet.id, v))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect(),
        ));
    }
    rows.push((
        "Team".to_owned(),
        procedures
            .iter()
            .map(|p| {
                p.team
                    .as_ref()
                    .map(|t| {
                        t.roles
                            .iter()
                            .map(|r| format!("{} ({})", r.role, r.specialty))
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default()
            })
            .collect(),
    ));
    rows.push((
        "Add-ons".to_owned(),
        procedures
            .iter()
            .map(|p| {
                p.related
                    .iter()
                    .filter(|r| r.relation == Relation::AddOn)
                    .map(|r| {
                        catalog
                            .procedure(&r.id)
                            .map_or(r.id.clone(), |a| a.title.clone())
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect(),
    ));
    rows.push((
        "Global period".to_owned(),
        procedures
            .iter()
            .map(|p| {
                p.billing
                    .as_ref()
                    .and_then(|b| b.global_period.clone())
                    .unwrap_or_default()
            })
            .collect(),
    ));
    rows.push((
        "Add-on code".to_owned(),
        procedures
            .iter()
            .map(|p| if p.is_add_on() { "Yes" } else { "No" }.to_owned())
            .collect(),
    ));
    rows
}

/// Up to three procedures side by side; rows whose values differ stand out.
#[component]
pub fn CompareView() -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let ids = app.view.with_untracked(|v| v.compare.clone());
    let procedures: Vec<&Procedure> = ids.iter().filter_map(|id| catalog.procedure(id)).collect();
    let heads = procedures
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let id = p.id.clone();
            let remove = move |_| {
                app.change(|v| {
                    v.toggle_compare(&id);
                });
                focus_first_later(next_after(n, "compare-remove", "detail-title"));
            };
            view! {
                <th scope="col">
                    <a href=app.href(&p.id) on:click=app.open_on_click(p.id.clone())>{p.title.clone()}</a>
                    <button type="button" class="link-button" id=format!("compare-remove-{n}") aria-label=format!("Remove {} from the comparison", p.title) on:click=remove>"Remove"</button>
                </th>
            }
        })
        .collect_view();
    let body = rows(&catalog, &procedures)
        .into_iter()
        .map(|(label, cells)| {
            let differs = cells.windows(2).any(|w| w[0] != w[1]);
            view! {
                <tr class:differs=differs>
                    <th scope="row">{label} {differs.then(|| view! { <span class="differs-mark">" (differs)"</span> })}</th>
                    {cells.into_iter().map(|c| view! { <td>{if c.is_empty() { "—".to_owned() } else { c }}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overlay">
            <section class="detail compare" role="dialog" aria-modal="true" aria-labelledby="detail-title">
                <div class="detail-bar">
                    <button type="button" class="close" on:click=move |_| app.close()>"← Back to the list"</button>
                </div>
                <h2 id="detail-title" tabindex="-1">"Compare procedures"</h2>
                {if procedures.len() < 2 {
                    view! { <p>"Pick two or three procedures with their “Compare” box to see them side by side."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table class="compare-table">
                                <thead><tr><td></td>{heads}</tr></thead>
                                <tbody>{body}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

/// The procedures picked for comparison, with the button that opens it.
#[component]
pub fn CompareTray() -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let picked = move || app.view.with(|v| v.compare.clone());
    view! {
        <Show when=move || !picked().is_empty()>
            <aside class="compare-tray" aria-label="Comparison">
                <span>{move || format!("Compare ({} of 3): ", picked().len())}</span>
                <ul>
                    {
                        let catalog = catalog.clone();
                        move || picked().into_iter().enumerate().map(|(n, id)| {
                            let title = catalog.procedure(&id).map_or(id.clone(), |p| p.title.clone());
                            let remove = move |_| {
                                app.change(|v| {
                                    v.toggle_compare(&id);
                                });
                                focus_first_later(next_after(n, "tray-remove", "search"));
                            };
                            view! {
                                <li>
                                    {title.clone()}
                                    <button type="button" class="link-button" id=format!("tray-remove-{n}") aria-label=format!("Remove {title} from the comparison") on:click=remove>"×"</button>
                                </li>
                            }
                        }).collect_view()
                    }
                </ul>
                <button type="button" class="primary" id="compare-open" disabled=move || picked().len() < 2 on:click=move |_| app.open_comparison()>"Compare"</button>
            </aside>
        </Show>
    }
}

/// Where focus goes when the `n`th of a list of buttons with ids
/// `{prefix}-{i}` is removed: the one taking its place, the one before it,
/// or `otherwise`.
fn next_after(n: usize, prefix: &str, otherwise: &str) -> Vec<String> {
    let mut next = vec![format!("{prefix}-{n}")];
    if n > 0 {
        next.push(format!("{prefix}-{}", n - 1));
    }
    next.push(otherwise.to_owned());
    next
}
