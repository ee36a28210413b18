//! Where the app runs, and so where its view state lives and what it may
//! touch:
//! - [`Place::Page`]: a page of its own. The view lives in the address bar,
//!   so reloads, back and forward and shared links work.
//! - [`Place::Framed`]: the same page inside another site's frame
//!   (`?embed=1`): no site header, and the frame's parent is told the
//!   content's height.
//! - [`Place::Element`]: mounted inside an element of another site's page
//!   (`embed.js`). The view lives in memory: the host page's address,
//!   history, links and keyboard shortcuts stay the host's.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::history;
use crate::state::address::{Pending, Write};
use crate::state::url::decode;

/// How the app is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A page of its own.
    Page,
    /// Its own page inside another site's frame.
    Framed,
    /// Inside an element of another site's page.
    Element,
}

/// The app's surroundings, provided as context by the mount functions.
#[derive(Clone, Copy)]
pub struct Host {
    /// How the app is placed.
    pub place: Place,
    /// The app's own address: its manifest, configuration and catalogs are
    /// relative to it.
    base: StoredValue<String>,
    /// The element the app is mounted in.
    root: StoredValue<web_sys::Element, LocalStorage>,
    /// The view's query string, for an app mounted in an element.
    memory: StoredValue<String>,
    /// Changes of the address not written yet, oldest first (see
    /// [`Host::push`]).
    pending: StoredValue<Pending>,
}

impl Host {
    /// The app on a page of its own (framed when the address says `embed=1`).
    pub fn page() -> Host {
        let document = document();
        let framed = decode(&history::current_search()).embed;
        Host {
            place: if framed { Place::Framed } else { Place::Page },
            base: StoredValue::new(document.base_uri().ok().flatten().unwrap_or_default()),
            root: StoredValue::new_local(
                document
                    .body()
                    .map(Into::into)
                    .or_else(|| document.document_element())
                    .expect("a document element"),
            ),
            memory: StoredValue::new(String::new()),
            pending: StoredValue::new(Pending::default()),
        }
    }

    /// The app inside `root`, an element of another site's page, with its
    /// files at `base` and its first view `search`.
    pub fn element(root: web_sys::Element, base: String, search: String) -> Host {
        Host {
            place: Place::Element,
            base: StoredValue::new(base),
            root: StoredValue::new_local(root),
            memory: StoredValue::new(search),
            pending: StoredValue::new(Pending::default()),
        }
    }

    /// Whether the view lives in the address bar.
    pub fn owns_address(&self) -> bool {
        self.place != Place::Element
    }

    /// Whether the app shows its site header.
    pub fn shows_header(&self) -> bool {
        self.place == Place::Page
    }

    /// The current view's query string, without `?`.
    pub fn search(&self) -> String {
        if let Some(search) = self.pending.with_value(|p| p.newest().map(str::to_owned)) {
            search
        } else if self.owns_address() {
            history::current_search()
        } else {
            self.memory.get_value()
        }
    }

    /// Records a new view as a new history entry. In the address bar this
    /// is written once the change has been painted: a browser takes a
    /// millisecond or two to change an address, and a click or a keystroke
    /// should not wait for it. Everything that reads or moves the history
    /// first writes what is pending, in order.
    pub fn push(&self, search: &str) {
        if self.owns_address() {
            self.later(Write::Push, search);
        } else {
            self.memory.set_value(search.to_owned());
        }
    }

    /// Records a new view in place of the current one (written as
    /// [`Host::push`] is). Typing replaces the address at every keystroke.
    pub fn replace(&self, search: &str) {
        if self.owns_address() {
            self.later(Write::Replace, search);
        } else {
            self.memory.set_value(search.to_owned());
        }
    }

    /// Queues a change of the address, written after the next frame.
    fn later(&self, write: Write, search: &str) {
        let scheduled = self.pending.with_value(|p| !p.is_empty());
        self.pending
            .update_value(|pending| pending.add(write, search));
        if !scheduled {
            let host = *self;
            request_animation_frame(move || {
                set_timeout(move || host.write_pending(), std::time::Duration::ZERO);
            });
        }
    }

    /// Writes the changes of the address that are waiting, if any.
    fn write_pending(&self) {
        for (write, search) in self
            .pending
            .try_update_value(Pending::take)
            .unwrap_or_default()
        {
            match write {
                Write::Push => history::push(&search),
                Write::Replace => history::replace(&search),
            }
        }
    }

    /// Goes one entry back, as the browser's back button does; false when
    /// the view has no history of its own.
    pub fn back(&self) -> bool {
        if self.owns_address() {
            self.write_pending();
            history::back();
            true
        } else {
            false
        }
    }

    /// Calls `f` when back or forward changes the view. The listener lasts
    /// as long as the calling component.
    pub fn on_navigation(&self, f: impl Fn() + 'static) {
        if self.owns_address() {
            // The entry left behind keeps what it had: a change still
            // waiting was meant for it, not for the entry now shown.
            let pending = self.pending;
            let listener = window_event_listener(leptos::ev::popstate, move |_| {
                pending.update_value(|p| drop(p.take()));
                f()
            });
            on_cleanup(move || listener.remove());
        }
    }

    /// `relative` resolved against the app's own address.
    pub fn url(&self, relative: &str) -> String {
        self.base
            .with_value(|base| web_sys::Url::new_with_base(relative, base).ok())
            .map(|url| url.href())
            .unwrap_or_else(|| relative.to_owned())
    }

    /// The origin of the page the app runs on.
    pub fn origin(&self) -> String {
        window().location().origin().unwrap_or_default()
    }

    /// The element of the app with `id` (inside its shadow root when the app
    /// is mounted in another page).
    pub fn find(&self, id: &str) -> Option<web_sys::HtmlElement> {
        let root = self.root.with_value(|r| r.get_root_node());
        let found = if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
            shadow.get_element_by_id(id)
        } else {
            document().get_element_by_id(id)
        };
        found.and_then(|e| e.dyn_into().ok())
    }

    /// Whether `event` concerns the app: on a page of its own, always; in
    /// another site's page, only when its target (seen through shadow roots)
    /// is inside the app's element, so keys pressed elsewhere stay the host's.
    pub fn is_inside(&self, event: &web_sys::Event) -> bool {
        if self.owns_address() {
            return true;
        }
        let target = event
            .composed_path()
            .get(0)
            .dyn_into::<web_sys::Node>()
            .ok();
        target.is_some_and(|node| self.root.with_value(|root| root.contains(Some(&node))))
    }
}

/// The app's surroundings: as provided, else a page of its own.
pub fn use_host() -> Host {
    use_context::<Host>().unwrap_or_else(|| {
        let host = Host::page();
        provide_context(host);
        host
    })
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

fn document() -> web_sys::Document {
    window().document().expect("a document")
}
