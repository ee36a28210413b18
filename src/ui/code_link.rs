//! Codes that open in the catalog that answers them: a code chip or code
//! row of one catalog is a link to that code's card in another catalog of
//! the site, when the site's manifest says that catalog answers the code
//! (`answers`, see [`crate::catalog::manifest`]).
//!
//! The link is a normal link (a modifier key opens it in a new tab; its
//! address keeps the sub-path and the frame); a plain click switches the
//! catalog in place and adds a history entry, so Back returns.

use std::sync::Arc;

use leptos::prelude::*;

use super::host::use_host;
use super::use_app;
use crate::catalog::CodeSystem;
use crate::catalog::manifest::Manifest;
use crate::state::ViewState;
use crate::state::url::encode;

/// The site's catalogs as code links need them, given by the app to the
/// catalog it shows.
#[derive(Clone)]
pub struct CodeLinks {
    /// The site's manifest.
    pub manifest: Arc<Manifest>,
    /// The id of the catalog shown, when it is one of the manifest's.
    pub current: Option<String>,
    /// Opens the view given: records it and loads its catalog.
    pub open: Callback<ViewState>,
}

impl CodeLinks {
    /// The view that opens `code`'s card in the catalog answering it, from
    /// `view`; `None` when no catalog of the site answers it, or the one
    /// shown does (a code of its own is no link).
    pub fn target(&self, view: &ViewState, system: CodeSystem, code: &str) -> Option<ViewState> {
        let entry = self.manifest.answering(system, code)?;
        if self.current.as_deref() == Some(entry.id.as_str()) {
            return None;
        }
        let id = (entry.id != self.manifest.default).then(|| entry.id.clone());
        Some(view.code_in(id, system, code))
    }
}

/// A code as a link to its card in the catalog that answers it, or as it
/// is when none does.
#[component]
pub fn CodeLink(
    /// The code's system.
    system: CodeSystem,
    /// The code.
    code: String,
    /// What the code shows as (its system and value).
    children: Children,
) -> impl IntoView {
    let app = use_app();
    let host = use_host();
    let target = use_context::<CodeLinks>().and_then(|links| {
        app.view
            .with_untracked(|view| links.target(view, system, &code))
            .map(|next| (links, next))
    });
    match target {
        Some((links, next)) => {
            let search = encode(&next);
            let href = if host.owns_address() {
                format!("?{search}")
            } else {
                host.url(&format!("?{search}"))
            };
            let label = format!("Open {} {code} in its catalog", system.name());
            view! {
                <a class="code-link" href=href title=label.clone() aria-label=label on:click=move |ev: leptos::ev::MouseEvent| {
                    let plain = !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0);
                    if plain {
                        ev.prevent_default();
                        links.open.run(next.clone());
                    }
                }>{children()}</a>
            }
            .into_any()
        }
        None => children().into_any(),
    }
}
