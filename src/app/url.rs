//! Keeps the page URL (and localStorage) in step with the link.
//!
//! * On load the link comes from the URL's query; when there is none, from the last scenario
//!   saved in localStorage; else the default.
//! * Every change replaces the query with `history.replaceState`, debounced (no history entry
//!   per keystroke), and saves it in localStorage (not in embeds).
//! * A preset change pushes a history entry at once ([`push`]), so Back returns to the previous
//!   preset; `popstate` reads the URL back into the link.
//!
//! Addresses are relative (a query, or the page's own path), so the page works from any
//! sub-path and inside iframes.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::state::State;
use super::web;
use crate::core::params::Notice;
use crate::core::share::{self, Link, View};

/// Where the last scenario is kept between visits.
const STORAGE_KEY: &str = "scalemap:last";
/// How long typing must pause before the URL is rewritten.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// What the page starts from.
pub struct Boot {
    /// The decoded link (its `view.id` is the embedder's frame id, echoed in height messages).
    pub link: Link,
    /// Notices from decoding it.
    pub notices: Vec<Notice>,
}

/// Reads the link the page starts with.
pub fn boot() -> Boot {
    let query = web::search();
    if query.is_empty() {
        if let Some(saved) = web::storage_get(STORAGE_KEY) {
            let (link, _) = share::decode(&saved);
            // A saved link that no longer reads cleanly is dropped quietly: the person did not
            // type it into this page, so its notices would only confuse.
            if !link.view.embed {
                return Boot {
                    link,
                    notices: Vec::new(),
                };
            }
        }
    }
    let (link, notices) = share::decode(&query);
    Boot { link, notices }
}

/// Reads the current URL into the state (after Back/Forward).
fn reload(state: State) {
    let (link, notices) = share::decode(&web::search());
    state.replace(link);
    state.link_notices.set(notices);
}

/// Installs the URL and storage synchronisation: a debounced Effect writing the query, and a
/// `popstate` listener reading it back.
pub fn sync(state: State) {
    let pending: Rc<Cell<Option<TimeoutHandle>>> = Rc::new(Cell::new(None));
    Effect::new(move |_| {
        let (query, embed) = state.link.with(|l| (share::encode(l), l.view.embed));
        let stored = query.clone();
        if let Some(h) = pending.take() {
            h.clear();
        }
        let write = move || {
            web::replace_query(&query);
            if !embed {
                web::storage_set(STORAGE_KEY, &stored);
            }
        };
        if let Ok(h) = set_timeout_with_handle(write, DEBOUNCE) {
            pending.set(Some(h));
        }
    });
    let handle = window_event_listener(leptos::ev::popstate, move |_| reload(state));
    on_cleanup(move || handle.remove());
}

/// Moves from `old` to `new` with a history entry (preset changes): the current entry first
/// gets `old`'s query at once (a debounced write may still be pending), so Back returns to
/// exactly what was on screen.
pub fn push(old: &Link, new: &Link) {
    web::replace_query(&share::encode(old));
    web::push_query(&share::encode(new));
}

/// The relative address of the full page for `link`: same scenario, no embed options.
pub fn full_page_href(link: &Link) -> String {
    let mut plain = link.clone();
    plain.view.embed = false;
    plain.view.view = View::All;
    plain.view.stage = None;
    plain.view.read_only = false;
    plain.view.quiz = false;
    plain.view.id = None;
    let q = share::encode(&plain);
    // An empty query would reopen the visitor's own saved scenario; `?v=1` is the default one.
    if q.is_empty() {
        "?v=1".to_string()
    } else {
        q
    }
}

/// The absolute address of `link` for sharing.
pub fn share_url(link: &Link) -> String {
    let q = share::encode(link);
    web::absolute_url(&q)
}
