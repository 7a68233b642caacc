//! Embed mode: the "Open in Scalemap" link and the height messages to the embedding page.
//!
//! Height protocol: after every change that can alter the layout (the report, the link, a
//! revealed quiz cell, a diagram tab) and on every window resize or click (which opens and
//! closes `<details>`, lists and dialogs), the page measures its root element and posts
//! `{type: "scalemap:height", height: <CSS px>, id: <the URL's id parameter or null>}` to
//! `window.parent` with target origin `"*"` (the message holds nothing private). Measuring
//! waits one animation frame so the layout is final. No ResizeObserver: these triggers cover
//! every change the page itself makes.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::state::State;
use super::url;
use super::web;

/// The root element measured for the height.
pub const ROOT_ID: &str = "sm-app";

/// Posts the current height to the parent window.
fn post_height(id: Option<&str>) {
    let Some(w) = web::window() else { return };
    let Some(parent) = w.parent().ok().flatten() else {
        return;
    };
    let height = web::by_id(ROOT_ID)
        .map(|el| el.get_bounding_client_rect().height().ceil())
        .unwrap_or_else(web::document_height);
    let msg = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&msg, &JsValue::from_str(k), &v).is_ok();
    let ok = set("type", JsValue::from_str("scalemap:height"))
        && set("height", JsValue::from_f64(height))
        && set("id", id.map_or(JsValue::NULL, JsValue::from_str));
    if ok {
        let _ = parent.post_message(&msg, "*");
    }
}

/// Starts reporting the page height to the embedding page (see the module docs).
pub fn report_height(state: State, id: Option<String>) {
    if !web::in_frame() {
        return;
    }
    let schedule = move |id: Option<String>| {
        request_animation_frame(move || post_height(id.as_deref()));
    };
    let id2 = id.clone();
    Effect::new(move |_| {
        state.report.track();
        state.link.track();
        state.revealed.track();
        state.tab.track();
        schedule(id2.clone());
    });
    let id3 = id.clone();
    let resize = window_event_listener(leptos::ev::resize, move |_| schedule(id3.clone()));
    let click = window_event_listener(leptos::ev::click, move |_| schedule(id.clone()));
    on_cleanup(move || {
        resize.remove();
        click.remove();
    });
}

/// The small link from an embed to the full page, in a new tab.
#[component]
pub fn OpenInScalemap(
    /// The page state.
    state: State,
) -> impl IntoView {
    view! {
        <a
            class="sm-open-link"
            data-testid="open-in-scalemap"
            href=Signal::derive(move || state.link.with(url::full_page_href))
            target="_blank"
            rel="noopener"
        >
            "Open in Scalemap ↗"
        </a>
    }
}
