//! Small, total wrappers over the browser APIs the page uses. Every function here copes with a
//! missing window, document or API (sandboxed iframes, old browsers) by doing nothing or
//! returning `None`; none of them panics.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Storage, Window};

/// The window, if there is one.
pub fn window() -> Option<Window> {
    web_sys::window()
}

/// The document, if there is one.
pub fn document() -> Option<Document> {
    window().and_then(|w| w.document())
}

/// The element with `id`.
pub fn by_id(id: &str) -> Option<Element> {
    document().and_then(|d| d.get_element_by_id(id))
}

/// The page URL's query string, with its `?` ("" when there is none).
pub fn search() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's path (`/course/scalemap/`), used to clear the query without leaving the page.
pub fn pathname() -> String {
    window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The absolute address of this page with `query` (`?v=1&...` or ""), for sharing elsewhere.
pub fn absolute_url(query: &str) -> String {
    let Some(loc) = window().map(|w| w.location()) else {
        return query.to_string();
    };
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
    if let Some(h) = window().and_then(|w| w.history().ok()) {
        let url = history_url(query);
        if search() != query {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// Adds a history entry with `query` (the back button returns to the previous one).
pub fn push_query(query: &str) {
    if let Some(h) = window().and_then(|w| w.history().ok()) {
        if search() != query {
            let url = history_url(query);
            let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

fn storage() -> Option<Storage> {
    // Reading `localStorage` throws in sandboxed iframes and with storage disabled.
    window().and_then(|w| w.local_storage().ok().flatten())
}

/// The stored value under `key`.
pub fn storage_get(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Stores `value` under `key` (silently does nothing when storage is unavailable or full).
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Records a performance mark (visible in the browser's profiler and to tests).
pub fn mark(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Sets (or with `None` removes) an attribute on `<html>`.
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

/// Whether `el` currently has the keyboard focus.
pub fn is_focused(el: &Element) -> bool {
    document()
        .and_then(|d| d.active_element())
        .is_some_and(|a| &a == el)
}

/// Whether the page prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The full height of the document in CSS pixels (what an embedding iframe needs).
pub fn document_height() -> f64 {
    document()
        .and_then(|d| d.document_element())
        .map(|e| {
            let body = document()
                .and_then(|d| d.body())
                .map_or(0, |b| b.scroll_height());
            f64::from(e.scroll_height().max(body))
        })
        .unwrap_or(0.0)
}

/// Focuses the element with `id`, if any, first opening the `<details>` it is folded into.
pub fn focus_id(id: &str) {
    let Some(el) = by_id(id) else { return };
    if let Ok(Some(d)) = el.closest("details:not([open])") {
        let _ = d.set_attribute("open", "");
    }
    if let Ok(el) = el.dyn_into::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// Whether this page runs inside a frame.
pub fn in_frame() -> bool {
    match (window(), window().and_then(|w| w.parent().ok().flatten())) {
        (Some(w), Some(p)) => w != p,
        _ => false,
    }
}
