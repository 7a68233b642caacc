//! Embed mode: the "Open in Scalemap" link and the height messages to the embedding page.
//!
//! Height protocol: whenever the height of the page's root element changes, the page posts
//! `{type: "scalemap:height", height: <CSS px>, id: <the URL's id parameter or null>}` to
//! `window.parent` with target origin `"*"` (the message holds nothing private); once at start,
//! and again on every window resize (the host may have reset the frame).
//!
//! What notices a change: a `ResizeObserver` on the root element (any change in its size,
//! whatever caused it), and a `MutationObserver` on the same element, because a browser does
//! not render a cross-origin frame that is off-screen: it runs neither animation frames nor
//! resize observations there, so such an embed would keep the host's initial height until
//! scrolled to. Either observer schedules one measurement in a zero-delay timer (timers do run
//! there), which reads the layout (forcing it if need be) and posts the height if it changed.
//! Embeds lay out every drawing (no `content-visibility: auto`, see style/main.css), so the
//! height measured is the content's, not placeholder sizes.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::state::State;
use super::url;
use super::web;

/// The root element measured for the height.
pub const ROOT_ID: &str = "sm-app";

/// The height reporter of an embed: the frame id it echoes, the last height posted, and
/// whether a measurement is already scheduled.
struct Reporter {
    id: Option<String>,
    last: Cell<f64>,
    pending: Cell<bool>,
}

impl Reporter {
    /// Measures the root element and posts its height to the parent if it changed (or always,
    /// with `force`).
    fn post(&self, force: bool) {
        let w = gloo_utils::window();
        let Some(parent) = w.parent().ok().flatten() else {
            return;
        };
        let height = web::by_id(ROOT_ID)
            .map(|el| el.get_bounding_client_rect().height().ceil())
            .unwrap_or_else(web::document_height);
        if !force && height == self.last.get() {
            return;
        }
        self.last.set(height);
        let msg = js_sys::Object::new();
        let set =
            |k: &str, v: JsValue| js_sys::Reflect::set(&msg, &JsValue::from_str(k), &v).is_ok();
        let ok = set("type", JsValue::from_str("scalemap:height"))
            && set("height", JsValue::from_f64(height))
            && set(
                "id",
                self.id.as_deref().map_or(JsValue::NULL, JsValue::from_str),
            );
        if ok {
            let _ = parent.post_message(&msg, "*");
        }
    }
}

/// Schedules one measurement (see the module docs); calls while one is pending are merged.
fn schedule(r: &Rc<Reporter>, force: bool) {
    if r.pending.replace(true) && !force {
        return;
    }
    let r = r.clone();
    set_timeout(
        move || {
            r.pending.set(false);
            r.post(force);
        },
        Duration::ZERO,
    );
}

/// Watches the root element for changes of size and content (once it exists).
fn observe(r: &Rc<Reporter>) {
    let Some(el) = web::by_id(ROOT_ID) else {
        return;
    };
    let r = r.clone();
    // One callback for both observers, alive as long as the page (created once, not per change).
    let changed = Closure::<dyn FnMut()>::new(move || schedule(&r, false));
    let f: &js_sys::Function = changed.as_ref().unchecked_ref();
    if let Ok(ro) = web_sys::ResizeObserver::new(f) {
        ro.observe(&el);
    }
    if let Ok(mo) = web_sys::MutationObserver::new(f) {
        // Every change under the root: {subtree, childList, attributes, characterData}.
        let init = js_sys::Object::new();
        for k in ["subtree", "childList", "attributes", "characterData"] {
            let _ = js_sys::Reflect::set(&init, &JsValue::from_str(k), &JsValue::TRUE);
        }
        let _ = mo.observe_with_options(&el, init.unchecked_ref());
    }
    changed.forget();
}

/// Starts reporting the page height to the embedding page (see the module docs).
pub fn report_height(id: Option<String>) {
    if !web::in_frame() {
        return;
    }
    let r = Rc::new(Reporter {
        id,
        last: Cell::new(-1.0),
        pending: Cell::new(false),
    });
    // After the page is mounted (both steps, see `app::start`): the first height, then watch.
    let first = r.clone();
    set_timeout(
        move || {
            first.post(true);
            observe(&first);
        },
        Duration::ZERO,
    );
    let resize = window_event_listener(leptos::ev::resize, move |_| schedule(&r, true));
    on_cleanup(move || resize.remove());
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
            href=url::page_href(state, "")
            target="_blank"
            rel="noopener"
        >
            "Open in Scalemap ↗"
        </a>
    }
}
