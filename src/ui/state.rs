//! State shared by the catalog view's components, handed out by context.

use std::sync::Arc;

use leptos::prelude::*;

use super::host::{Host, use_host};
use super::storage::{self, Keys};
use crate::catalog::Catalog;
use crate::search::{BitSet, CatalogIndex, Query, Results, evaluate};
use crate::state::url::{decode, encode};
use crate::state::{Personal, ViewState};

/// How a change of view enters the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A new entry: back returns to the previous view.
    Push,
    /// Same entry: for changes back should skip (each keystroke of a search).
    Replace,
}

/// The loaded catalog, its index and the reader's state.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The catalog shown.
    pub catalog: StoredValue<Arc<Catalog>>,
    /// Its index.
    pub index: StoredValue<Arc<CatalogIndex>>,
    /// What the reader is looking at; mirrors the address bar.
    pub view: RwSignal<ViewState>,
    /// Favourites and history.
    pub personal: RwSignal<Personal>,
    /// Notes about stored data that could not be read.
    pub storage_notes: RwSignal<Vec<String>>,
    /// Why the last change could not be stored, until a later one is.
    pub save_failure: RwSignal<Option<String>>,
    /// The answer to the current query.
    pub results: Memo<Arc<Results>>,
    /// While the catalog loads, what to say about it; search and filters
    /// wait until this is `None`.
    pub loading: Option<Signal<String>>,
    /// Whether the last change was typing in the search box.
    typing: StoredValue<bool>,
    /// Whether the open detail or comparison was opened from within the app
    /// (so closing it can go back instead of adding an entry).
    opened_here: StoredValue<bool>,
    keys: StoredValue<Keys>,
    /// Whether changes may be written to storage (see [`storage::Reading`]).
    writable: bool,
    /// Where the view is recorded.
    host: Host,
}

impl AppState {
    /// State for `catalog` (fetched from `catalog_url`), read from the
    /// address bar (or the host element's memory) and storage.
    pub fn new(
        catalog: Arc<Catalog>,
        index: Arc<CatalogIndex>,
        catalog_url: &str,
        loading: Option<Signal<String>>,
    ) -> Self {
        let host = use_host();
        let keys = Keys::for_catalog(catalog_url);
        let stored = storage::read(&keys);
        let view = RwSignal::new(decode(&host.search()));
        let personal = RwSignal::new(stored.personal);
        let results = {
            let index = index.clone();
            Memo::new(move |_| {
                if loading.is_some() {
                    // A preview lists its procedures as they are.
                    return Arc::new(evaluate(&index, &Query::default(), None));
                }
                let favourites = view.with(|v| v.favourites_only).then(|| {
                    let mut set = BitSet::empty(index.len());
                    personal.with(|p| {
                        p.favourites
                            .iter()
                            .filter_map(|id| index.position(id))
                            .for_each(|p| set.insert(p))
                    });
                    set
                });
                Arc::new(view.with(|v| evaluate(&index, &v.query, favourites.as_ref())))
            })
        };
        let state = Self {
            catalog: StoredValue::new(catalog),
            index: StoredValue::new(index),
            view,
            personal,
            storage_notes: RwSignal::new(stored.notes),
            save_failure: RwSignal::new(None),
            results,
            loading,
            typing: StoredValue::new(false),
            opened_here: StoredValue::new(false),
            keys: StoredValue::new(keys),
            writable: stored.writable,
            host,
        };
        // Back and forward restore the state of that entry.
        host.on_navigation(move || {
            state.typing.set_value(false);
            state.opened_here.set_value(false);
            view.set(decode(&host.search()));
        });
        state
    }

    /// The catalog.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.get_value()
    }

    /// Changes the view and records it in the address bar.
    pub fn go(&self, step: Step, change: impl FnOnce(&mut ViewState)) {
        let mut next = self.view.get_untracked();
        change(&mut next);
        if next == self.view.get_untracked() {
            return;
        }
        let search = encode(&next);
        match step {
            Step::Push => self.host.push(&search),
            Step::Replace => self.host.replace(&search),
        }
        self.view.set(next);
    }

    /// Sets the search text: the first keystroke of a search adds a history
    /// entry, later ones replace it, so back skips the keystrokes.
    pub fn search(&self, text: String) {
        let step = if self.typing.get_value() {
            Step::Replace
        } else {
            Step::Push
        };
        self.go(step, |v| v.query.text = text);
        self.typing.set_value(true);
    }

    /// Any other change of view: a new history entry. Closing a view
    /// changed since it opened adds an entry too, rather than going back to
    /// the state before the change.
    pub fn change(&self, change: impl FnOnce(&mut ViewState)) {
        self.typing.set_value(false);
        self.opened_here.set_value(false);
        self.go(Step::Push, change);
    }

    /// Opens the detail view of `id`.
    pub fn open(&self, id: &str) {
        self.change(|v| {
            v.open = Some(id.to_owned());
            v.comparing = false;
        });
        self.opened_here.set_value(true);
        self.personal.update(|p| p.viewed(id));
        self.save();
    }

    /// The address of `id`'s detail view in this catalog, for a link: on the
    /// app's own page relative to it, inside another site's page in full,
    /// since there a relative address would name the host page.
    pub fn href(&self, id: &str) -> String {
        let search = encode(&self.view.with_untracked(|v| v.link_to(id)));
        if self.host.owns_address() {
            format!("?{search}")
        } else {
            self.host.url(&format!("?{search}"))
        }
    }

    /// A link's click handler: a plain click opens `id` here; a click with
    /// a modifier key or another button (a new tab or window) is left to the
    /// browser and the link's address.
    pub fn open_on_click(self, id: String) -> impl Fn(leptos::ev::MouseEvent) + 'static {
        let app = self;
        move |ev| {
            let plain = !(ev.ctrl_key()
                || ev.meta_key()
                || ev.shift_key()
                || ev.alt_key()
                || ev.button() != 0);
            if plain {
                ev.prevent_default();
                app.open(&id);
            }
        }
    }

    /// Opens the comparison.
    pub fn open_comparison(&self) {
        self.change(|v| {
            v.comparing = true;
            v.open = None;
        });
        self.opened_here.set_value(true);
    }

    /// Closes the detail or comparison view, returning to the list as it was.
    pub fn close(&self) {
        let opened_here = self.opened_here.get_value();
        self.opened_here.set_value(false);
        // The list is the previous entry: going back restores it exactly.
        if !(opened_here && self.host.back()) {
            self.change(|v| *v = v.list_only());
        }
    }

    /// Stars or unstars `id`.
    pub fn toggle_favourite(&self, id: &str) {
        self.personal.update(|p| p.toggle_favourite(id));
        self.save();
    }

    /// Records a procedure opened by a deep link.
    pub fn viewed(&self, id: &str) {
        self.personal.update(|p| p.viewed(id));
        self.save();
    }

    /// Stores favourites and history. Without usable storage they live in
    /// memory (the read already told the reader); a refused write says so
    /// until a later one succeeds.
    fn save(&self) {
        if !self.writable {
            return;
        }
        let result = self
            .personal
            .with_untracked(|p| self.keys.with_value(|keys| storage::write(keys, p)));
        let failure = result
            .err()
            .map(|why| format!("Favourites are kept for this visit only: {why}."));
        if self.save_failure.get_untracked() != failure {
            self.save_failure.set(failure);
        }
    }
}

/// The shared state; components below the catalog view call this.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
