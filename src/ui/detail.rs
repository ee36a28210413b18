use leptos::prelude::*;

use super::{CodeLink, use_app};
use crate::catalog::validate::url_problem;
use crate::catalog::{Catalog, CodeSystem, Procedure, Source};
use crate::search::{PRIMARY_FACET, found_by};

/// Everything the catalog says about one procedure, over the list (which
/// keeps its place underneath). Closed by its button, Escape, or Back.
#[component]
pub fn DetailView(
    /// The procedure's id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let Some(procedure) = catalog.procedure(&id).cloned() else {
        return view! {
            <NotFound message=format!("This catalog has no procedure with the id “{id}”. It may have been removed or renamed.") />
        }
        .into_any();
    };
    let p = &procedure;
    let id_for_star = p.id.clone();
    let favourite =
        Signal::derive(move || app.personal.with(|pers| pers.is_favourite(&id_for_star)));
    let star_id = p.id.clone();

    view! {
        <div class="overlay">
            <div class="detail" role="dialog" aria-modal="true" aria-labelledby="detail-title">
                <div class="detail-bar">
                    <button type="button" class="close" on:click=move |_| app.close()>"← Back to the list"</button>
                    <button type="button" class="star" aria-pressed=move || favourite.get().to_string() on:click=move |_| app.toggle_favourite(&star_id)>
                        {move || if favourite.get() { "★ Favourite" } else { "☆ Add to favourites" }}
                    </button>
                    <button type="button" class="print" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>"Print"</button>
                </div>
                <h2 id="detail-title" tabindex="-1">{p.title.clone()}</h2>
                {(!p.aliases.is_empty()).then(|| view! { <p class="aliases">"Also called: " {p.aliases.join("; ")}</p> })}
                {
                    let catalog = catalog.clone();
                    let index = app.index.get_value();
                    let position = index.position(&p.id);
                    move || {
                        let position = position?;
                        app.results.with(|r| found_by(&catalog, &index, r, position).map(|f| f.line()))
                            .map(|line| view! { <p class="found-by">"Found by your search through " {line}</p> })
                    }
                }
                {p.is_add_on().then(|| view! { <p><span class="badge">"Add-on"</span> " Reported only together with a primary procedure."</p> })}
                <Codes procedure=p.clone() />
                <CodeStructure procedure=p.clone() catalog=catalog.clone() />
                {
                    let summary = p.summary.clone();
                    view! { <Section title="Summary" procedure=p.clone() field="summary"><p>{summary}</p></Section> }
                }
                <Indications procedure=p.clone() catalog=catalog.clone() />
                <OtherFacets procedure=p.clone() catalog=catalog.clone() />
                {(!p.steps.is_empty()).then(|| {
                    let steps = p.steps.iter().map(|s| view! { <li><strong>{s.title.clone()}</strong> ": " {s.detail.clone()}</li> }).collect_view();
                    view! { <Section title="Steps" procedure=p.clone() field="steps"><ol class="steps">{steps}</ol></Section> }
                })}
                {p.team.clone().map(|team| {
                    let roles = team.roles.iter().map(|r| view! {
                        <dt>{r.role.clone()} <span class="specialty">{format!(" ({})", r.specialty)}</span></dt>
                        <dd>{r.does.clone()}</dd>
                    }).collect_view();
                    let co_surgery = team.co_surgery.map(|c| view! { <p class="co-surgery"><strong>"Co-surgery: "</strong>{c}</p> });
                    view! { <Section title="Team" procedure=p.clone() field="team"><dl class="team">{roles}</dl>{co_surgery}</Section> }
                })}
                <Billing procedure=p.clone() catalog=catalog.clone() />
                <Notes procedure=p.clone() catalog=catalog.clone() />
                <Related procedure=p.clone() catalog=catalog.clone() />
                <TextList title="Contraindications" items=p.contraindications.clone() procedure=p.clone() field="contraindications" />
                <TextList title="Risks" items=p.risks.clone() procedure=p.clone() field="risks" />
                <Sources procedure=p.clone() catalog=catalog.clone() />
                {p.reviewed.clone().map(|d| view! { <p class="reviewed">"Last reviewed: " <time datetime=d.clone()>{d.clone()}</time></p> })}
                {(!catalog.notices.is_empty()).then(|| view! {
                    <footer class="detail-notices">{catalog.notices.iter().map(|n| view! { <p>{n.clone()}</p> }).collect_view()}</footer>
                })}
            </div>
        </div>
    }
    .into_any()
}

/// The dialog for a procedure a link names but the catalog lacks.
#[component]
pub fn NotFound(
    /// What was asked for and not found.
    message: String,
) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="overlay">
            <section class="detail" role="dialog" aria-modal="true" aria-labelledby="detail-title">
                <h2 id="detail-title" tabindex="-1">"Procedure not found"</h2>
                <p>{message}</p>
                <button type="button" class="close" on:click=move |_| app.close()>"Back to the list"</button>
            </section>
        </div>
    }
}

/// A titled section that shows the card's unverified marks for its field.
#[component]
fn Section(
    /// Heading.
    title: &'static str,
    /// The procedure (for its unverified marks).
    procedure: Procedure,
    /// The procedure field the section shows.
    field: &'static str,
    children: Children,
) -> impl IntoView {
    let marks = procedure
        .unverified_in(field)
        .map(|u| view! { <li>{format!("{}: {}", u.field, u.note)}</li> })
        .collect::<Vec<_>>();
    view! {
        <section class="detail-section">
            <h3>{title} {(!marks.is_empty()).then(|| view! { " " <span class="unverified-badge">"Unverified"</span> })}</h3>
            {(!marks.is_empty()).then(|| view! { <ul class="unverified-notes" aria-label="Unverified facts">{marks}</ul> })}
            {children()}
        </section>
    }
}

/// Each structured code (ICD-10-PCS) of the procedure character by
/// character, with what each character means, when the catalog's facets
/// name the code's axes.
#[component]
fn CodeStructure(
    /// The procedure.
    procedure: Procedure,
    /// The catalog, for its axis facets.
    catalog: std::sync::Arc<Catalog>,
) -> impl IntoView {
    procedure
        .codes
        .iter()
        .map(|code| (code, catalog.code_structure(&procedure, code)))
        .filter(|(_, characters)| !characters.is_empty())
        .map(|(code, characters)| {
            let rows = characters
                .into_iter()
                .map(|c| view! {
                    <tr>
                        <td class="code-value">{c.position}</td>
                        <td class="code-value">{c.character.to_string()}</td>
                        <th scope="row">{c.axis}</th>
                        <td>{c.meaning}</td>
                    </tr>
                })
                .collect_view();
            view! {
                <section class="detail-section">
                    <h3>{format!("{} {}, character by character", code.system.name(), code.code)}</h3>
                    <div class="table-scroll">
                        <table class="codes-table structure-table">
                            <thead><tr><th scope="col">"Position"</th><th scope="col">"Character"</th><th scope="col">"Axis"</th><th scope="col">"Meaning"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn Codes(procedure: Procedure) -> impl IntoView {
    let rows = procedure
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let unverified = procedure.unverified_in(&format!("codes[{i}]")).next().is_some();
            view! {
                <tr>
                    <th scope="row">{c.system.name()}</th>
                    <td class="code-value">{
                        let shown = c.code.clone();
                        view! { <CodeLink system=c.system code=c.code.clone()>{shown}</CodeLink> }
                    }</td>
                    <td>
                        {c.title.clone().unwrap_or_else(|| if c.system == CodeSystem::Cpt { "(CPT descriptors are not reproduced)".into() } else { String::new() })}
                        {unverified.then(|| view! { " " <span class="unverified-badge">"Unverified"</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    (!procedure.codes.is_empty()).then(|| {
        view! {
            <section class="detail-section">
                <h3>"Codes"</h3>
                <table class="codes-table">
                    <thead><tr><th scope="col">"System"</th><th scope="col">"Code"</th><th scope="col">"Official title"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    })
}

#[component]
fn Indications(procedure: Procedure, catalog: std::sync::Arc<Catalog>) -> impl IntoView {
    let values = procedure.values(PRIMARY_FACET);
    (!values.is_empty()).then(|| {
        let label = catalog.facet(PRIMARY_FACET).map_or("Indications".to_owned(), |f| format!("{}s", f.label));
        let items = values
            .iter()
            .map(|v| {
                let value = catalog.facet_value(PRIMARY_FACET, v);
                let name = catalog.value_label(PRIMARY_FACET, v).to_owned();
                let codes = value.map(|value| value.codes.clone()).unwrap_or_default();
                view! {
                    <li>
                        <strong>{name}</strong>
                        {(!codes.is_empty()).then(|| view! {
                            <ul class="dx-codes">
                                {codes.into_iter().map(|c| view! {
                                    <li><span class="code-value">{c.code}</span> " " {c.title.unwrap_or_default()}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="detail-section">
                <h3>{label}</h3>
                <ul class="indications">{items}</ul>
            </section>
        }
    })
}

#[component]
fn OtherFacets(procedure: Procedure, catalog: std::sync::Arc<Catalog>) -> impl IntoView {
    let rows = catalog
        .facets
        .iter()
        .filter(|f| f.id != PRIMARY_FACET && !procedure.values(&f.id).is_empty())
        .map(|f| {
            let values = procedure
                .values(&f.id)
                .iter()
                .map(|v| catalog.value_label(&f.id, v).to_owned())
                .collect::<Vec<_>>()
                .join(", ");
            view! { <dt>{f.label.clone()}</dt><dd>{values}</dd> }
        })
        .collect::<Vec<_>>();
    (!rows.is_empty()).then(|| view! { <section class="detail-section"><h3>"Classification"</h3><dl class="facts">{rows}</dl></section> })
}

#[component]
fn Billing(procedure: Procedure, catalog: std::sync::Arc<Catalog>) -> impl IntoView {
    let app = use_app();
    procedure.billing.clone().map(|b| {
        let primaries = b
            .primary_procedures
            .iter()
            .map(|id| view! { <li><ProcedureLink id=id.clone() catalog=catalog.clone() app /></li> })
            .collect_view();
        view! {
            <Section title="Billing" procedure=procedure.clone() field="billing">
                <dl class="facts">
                    <dt>"Add-on"</dt><dd>{if b.add_on { "Yes" } else { "No" }}</dd>
                    {b.global_period.clone().map(|g| view! { <dt>"Global period"</dt><dd>{g}</dd> })}
                </dl>
                {(!b.primary_procedures.is_empty()).then(|| view! { <h4>"Reported with"</h4><ul>{primaries}</ul> })}
                {(!b.modifiers.is_empty()).then(|| view! {
                    <h4>"Modifiers"</h4>
                    <dl class="modifiers">
                        {b.modifiers.iter().map(|m| view! { <dt>{format!("{} {}", m.code, m.name)}</dt><dd>{m.when.clone()}</dd> }).collect_view()}
                    </dl>
                })}
                {(!b.notes.is_empty()).then(|| view! { <ul class="notes">{b.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul> })}
            </Section>
        }
    })
}

/// The catalog's notes that apply to the procedure: its own and those of
/// its facet values (a coding guideline on every code of a root operation).
#[component]
fn Notes(
    /// The procedure.
    procedure: Procedure,
    /// The catalog, for its notes and sources.
    catalog: std::sync::Arc<Catalog>,
) -> impl IntoView {
    let notes = catalog.notes_of(&procedure);
    (!notes.is_empty()).then(|| {
        let items = notes
            .into_iter()
            .map(|note| {
                let sources = note
                    .sources
                    .iter()
                    .filter_map(|id| catalog.source(id))
                    .map(|s| view! { <li><SourceName source=s.clone() /></li> })
                    .collect::<Vec<_>>();
                view! {
                    <li class="note">
                        <h4>{note.title.clone()}</h4>
                        <p class="note-text">{note.text.clone()}</p>
                        {(!sources.is_empty()).then(|| view! { <ul class="note-sources" aria-label="Sources">{sources}</ul> })}
                    </li>
                }
            })
            .collect_view();
        view! { <section class="detail-section"><h3>"Notes and guidelines"</h3><ul class="notes-list">{items}</ul></section> }
    })
}

#[component]
fn Related(procedure: Procedure, catalog: std::sync::Arc<Catalog>) -> impl IntoView {
    let app = use_app();
    (!procedure.related.is_empty()).then(|| {
        let items = procedure
            .related
            .iter()
            .map(|r| {
                view! {
                    <li>
                        <span class="relation">{r.relation.label()} ": "</span>
                        <ProcedureLink id=r.id.clone() catalog=catalog.clone() app />
                        {r.note.clone().map(|n| view! { <span class="note">{format!(" — {n}")}</span> })}
                    </li>
                }
            })
            .collect_view();
        view! { <section class="detail-section"><h3>"Add-ons and related procedures"</h3><ul class="related">{items}</ul></section> }
    })
}

/// A link that opens another procedure, or its id as text when the catalog lacks it.
#[component]
fn ProcedureLink(
    id: String,
    catalog: std::sync::Arc<Catalog>,
    app: super::AppState,
) -> impl IntoView {
    match catalog.procedure(&id) {
        Some(p) => {
            let title = p.title.clone();
            view! { <a href=app.href(&id) on:click=app.open_on_click(id.clone())>{title}</a> }
                .into_any()
        }
        None => view! { <span>{format!("{id} (not in this catalog)")}</span> }.into_any(),
    }
}

#[component]
fn TextList(
    title: &'static str,
    items: Vec<String>,
    procedure: Procedure,
    field: &'static str,
) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <Section title procedure field>
                <ul>{items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
            </Section>
        }
    })
}

#[component]
fn Sources(procedure: Procedure, catalog: std::sync::Arc<Catalog>) -> impl IntoView {
    (!procedure.sources.is_empty()).then(|| {
        let items = procedure
            .sources
            .iter()
            .filter_map(|id| catalog.source(id))
            .map(|s| view! { <li><SourceName source=s.clone() /></li> })
            .collect_view();
        view! { <section class="detail-section"><h3>"Sources"</h3><ul class="sources">{items}</ul></section> }
    })
}

/// A source's title (a link when it has a web address), publisher and the
/// date it was read.
#[component]
fn SourceName(
    /// The source.
    source: Source,
) -> impl IntoView {
    let publisher = source
        .publisher
        .map(|p| format!(" — {p}"))
        .unwrap_or_default();
    let accessed = source
        .accessed
        .map(|a| format!(" (accessed {a})"))
        .unwrap_or_default();
    // Only web addresses become links; anything else stays text.
    let link = source.url.filter(|u| url_problem(u).is_none());
    view! {
        {match link {
            Some(url) => view! { <a href=url target="_blank" rel="noopener noreferrer">{source.title.clone()}</a> }.into_any(),
            None => source.title.clone().into_any(),
        }}
        {publisher}
        {accessed}
    }
}
