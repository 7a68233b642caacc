//! What the shell needs from the browser that the gloo crates do not provide, as small total
//! functions (none panics; each copes with a missing element or API by doing nothing or
//! returning `None`). The window and document come from `gloo_utils`, timers from
//! `gloo_timers`, listeners from `gloo_events`, blobs and object URLs from `gloo_file`, local
//! storage from `gloo_storage` (see ARCHITECTURE.md). Each function below says why it is here.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The element with `id` (gloo has no lookup by id).
pub fn by_id(id: &str) -> Option<Element> {
    gloo_utils::document().get_element_by_id(id)
}

// The location and history: gloo-history would bring a router's worth of code for the two
// reads and two writes the page makes.

/// The page URL's query string, with its `?` ("" when there is none).
pub fn search() -> String {
    gloo_utils::window().location().search().unwrap_or_default()
}

/// The page URL's fragment, with its `#` ("" when there is none).
pub fn hash() -> String {
    gloo_utils::window().location().hash().unwrap_or_default()
}

/// Focuses the card `id` once it is drawn when the page was opened with a fragment that
/// `wanted` accepts (another page's link to it: `#embed-day`, `#services`).
pub fn focus_if_asked(wanted: impl Fn(&str) -> bool, id: &'static str) {
    if wanted(&hash()) {
        leptos::prelude::request_animation_frame(move || focus_id(id));
    }
}

/// The page's path (`/course/scalemap/`), used to clear the query without leaving the page.
pub fn pathname() -> String {
    gloo_utils::window()
        .location()
        .pathname()
        .unwrap_or_default()
}

/// The absolute address of this page with `query` (`?v=1&...` or ""), for sharing elsewhere.
pub fn absolute_url(query: &str) -> String {
    let loc = gloo_utils::window().location();
    let origin = loc.origin().unwrap_or_default();
    let path = loc.pathname().unwrap_or_default();
    format!("{origin}{path}{query}")
}

/// The relative URL that replaceState/pushState get for `query`: the query itself, or the
/// page's own path when the query is empty (so the `?` disappears).
fn history_url(query: &str) -> String {
    if query.is_empty() {
        let p = pathname();
        if p.is_empty() {
            "?".to_string()
        } else {
            p
        }
    } else {
        query.to_string()
    }
}

/// Replaces the current history entry's query (no new entry).
pub fn replace_query(query: &str) {
    if let Ok(h) = gloo_utils::window().history() {
        let url = history_url(query);
        if search() != query {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// Adds a history entry with `query` (the back button returns to the previous one).
pub fn push_query(query: &str) {
    if let Ok(h) = gloo_utils::window().history() {
        if search() != query {
            let url = history_url(query);
            let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// Whether this page may use local storage. `gloo_storage::LocalStorage` throws where the
/// browser refuses it (sandboxed frames, storage disabled), so this check comes first.
pub fn storage_available() -> bool {
    matches!(gloo_utils::window().local_storage(), Ok(Some(_)))
}

/// Records a performance mark (visible in the browser's profiler and to tests); not in gloo.
pub fn mark(name: &str) {
    if let Some(p) = gloo_utils::window().performance() {
        let _ = p.mark(name);
    }
}

/// Sets (or with `None` removes) an attribute on `<html>` (`gloo_utils::document_element`
/// throws when there is none; this does nothing).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = gloo_utils::document().document_element() {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

/// Whether `el` currently has the keyboard focus (not in gloo).
pub fn is_focused(el: &Element) -> bool {
    gloo_utils::document()
        .active_element()
        .is_some_and(|a| &a == el)
}

/// The media query `query`, to read or to listen to (media queries are not in gloo).
pub fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    gloo_utils::window().match_media(query).ok().flatten()
}

/// Whether the page prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    media("(prefers-color-scheme: dark)").is_some_and(|m| m.matches())
}

/// The full height of the document in CSS pixels (what an embedding iframe needs; gloo's
/// `body()` and `document_element()` throw where this returns 0).
pub fn document_height() -> f64 {
    let doc = gloo_utils::document();
    doc.document_element()
        .map(|e| {
            let body = doc.body().map_or(0, |b| b.scroll_height());
            f64::from(e.scroll_height().max(body))
        })
        .unwrap_or(0.0)
}

/// Focuses the element with `id`, if any, first opening the `<details>` it is folded into
/// (not in gloo).
pub fn focus_id(id: &str) {
    let Some(el) = by_id(id) else { return };
    if let Ok(Some(d)) = el.closest("details:not([open])") {
        let _ = d.set_attribute("open", "");
    }
    if let Ok(el) = el.dyn_into::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// Whether this page runs inside a frame (not in gloo).
pub fn in_frame() -> bool {
    let w = gloo_utils::window();
    w.parent().ok().flatten().is_some_and(|p| p != w)
}
