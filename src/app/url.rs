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

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::state::State;
use super::store;
use super::web;
use crate::core::params::Notice;
use crate::core::scenario_file;
use crate::core::share::{self, Link, View};

/// Where the last scenario is kept between visits (JSON, `scenario_file::Last`; before, the
/// bare query).
const STORAGE_KEY: &str = "scalemap:last";
/// How long typing must pause before the URL is rewritten (milliseconds).
const DEBOUNCE_MS: u32 = 300;

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
    let mut stored = Vec::new();
    if query.is_empty() {
        if let Some(saved) = last_query(&mut stored) {
            let (link, _) = share::decode(&saved);
            // The values of a stored link that no longer read cleanly are replaced quietly: the
            // person did not type that link into this page, so its notices would only confuse.
            if !link.view.embed {
                return Boot {
                    link,
                    notices: stored,
                };
            }
        }
    }
    let (link, mut notices) = share::decode(&query);
    notices.extend(stored);
    Boot { link, notices }
}

/// The last scenario's query from storage. The old format (the bare query) is rewritten as
/// JSON; a value that cannot be read is kept aside and named in `notices`.
fn last_query(notices: &mut Vec<Notice>) -> Option<String> {
    let text = store::read(STORAGE_KEY)?;
    match scenario_file::read_last(&text, STORAGE_KEY) {
        Ok((query, migrated)) => {
            if migrated {
                if let Err(e) = store::write(STORAGE_KEY, &scenario_file::write_last(&query)) {
                    notices.push(store::notice(format!(
                        "{e}: the last scenario stays in its old form."
                    )));
                }
            }
            Some(query)
        }
        Err(unreadable) => {
            if store::put_aside(&[unreadable], notices) {
                store::remove(STORAGE_KEY);
            }
            None
        }
    }
}

/// Stores the last scenario; the first refusal in a row is reported (not one per keystroke).
fn store_last(state: State, query: &str, refused: &Cell<bool>) {
    match store::write(STORAGE_KEY, &scenario_file::write_last(query)) {
        Ok(()) => refused.set(false),
        Err(e) => {
            if !refused.replace(true) {
                let n = store::notice(format!(
                    "{e}: this scenario will not reopen on your next visit (its link still holds it)."
                ));
                state.link_notices.update(|ns| ns.push(n));
            }
        }
    }
}

/// Reads the current URL into the state (after Back/Forward).
fn reload(state: State) {
    let (link, notices) = share::decode(&web::search());
    state.replace(link);
    state.link_notices.set(notices);
}

/// Installs the URL and storage synchronisation: a debounced Effect writing the query (the
/// timer, not the Effect, reports a refused storage), and a `popstate` listener reading it
/// back.
pub fn sync(state: State) {
    // Replacing the pending write drops its gloo `Timeout`, which cancels it and frees its
    // closure.
    let pending: Rc<Cell<Option<Timeout>>> = Rc::new(Cell::new(None));
    let refused = Rc::new(Cell::new(false));
    Effect::new(move |_| {
        let (query, embed) = state.link.with(|l| (share::encode(l), l.view.embed));
        let refused = Rc::clone(&refused);
        let write = move || {
            web::replace_query(&query);
            if !embed {
                store_last(state, &query, &refused);
            }
        };
        pending.set(Some(Timeout::new(DEBOUNCE_MS, write)));
    });
    let popstate = EventListener::new(&gloo_utils::window(), "popstate", move |_| reload(state));
    // Kept as long as the page's owner; dropping it removes the listener.
    StoredValue::new_local(popstate);
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

/// The address of the page in folder `base` (relative to this page's folder: `""` for this
/// page, `"day/"`, `"../"`; a `#fragment` after it goes last) with the state's scenario, as
/// [`full_page_href`] writes it: one derived signal for every such link (the embeds' "Open in
/// Scalemap", the pages' tabs, "Embed in a course").
pub fn page_href(state: State, base: &'static str) -> Signal<String> {
    let (folder, fragment) = base.split_once('#').unwrap_or((base, ""));
    let hash = if fragment.is_empty() { "" } else { "#" };
    Signal::derive(move || {
        format!(
            "{folder}{}{hash}{fragment}",
            state.link.with(full_page_href)
        )
    })
}

/// The absolute address of `link` for sharing.
pub fn share_url(link: &Link) -> String {
    let q = share::encode(link);
    web::absolute_url(&q)
}
