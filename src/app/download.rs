//! Files and the clipboard: text downloads (SVG, CSV, scenario files) through a gloo-file
//! `Blob` and `ObjectUrl` (revoked when dropped), PNG downloads by drawing an SVG into a
//! canvas, reading a file the person picked, and copying text with the async clipboard.
//! Everything fails quietly (returns `false` or does nothing) when the browser refuses.

use gloo_events::EventListener;
use gloo_file::callbacks::FileReader;
use gloo_file::{Blob, ObjectUrl};
use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement};

/// Size of a PNG when the SVG does not say (CSS pixels).
const FALLBACK_SIZE: (u32, u32) = (1200, 800);
/// Device pixels per CSS pixel in PNG exports (crisp on high-density screens).
const PNG_SCALE: f64 = 2.0;
/// How long an object URL outlives its download's click (milliseconds): some browsers read
/// the URL after `click()` returns.
const REVOKE_AFTER_MS: u32 = 5000;

/// Saves `blob` as a file called `name` (an anchor with `download`, clicked, then discarded).
fn save_blob(blob: Blob, name: &str) {
    let url = ObjectUrl::from(blob);
    if let Some(a) = gloo_utils::document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.set_rel("noopener");
        a.click();
    }
    // The timer drops (revokes) the URL later. It is forgotten, not held: when it runs, its
    // closure and the URL are freed; only wasm-bindgen's empty closure shell stays, once per
    // download click.
    let _ = Timeout::new(REVOKE_AFTER_MS, move || drop(url)).forget();
}

/// Downloads `text` as a file called `name` of type `mime`.
pub fn download_text(name: &str, mime: &str, text: &str) {
    save_blob(Blob::new_with_options(text, Some(mime)), name);
}

/// Draws the loaded `img` at twice its size on a `background` colour (a CSS colour; empty for
/// transparent) and saves the canvas as a PNG file called `name`.
fn save_png(img: &HtmlImageElement, name: String, background: &str) {
    let (mut w, mut h) = (img.natural_width(), img.natural_height());
    if w == 0 || h == 0 {
        (w, h) = FALLBACK_SIZE;
    }
    let canvas = gloo_utils::document()
        .create_element("canvas")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok());
    let Some(canvas) = canvas else { return };
    canvas.set_width((f64::from(w) * PNG_SCALE) as u32);
    canvas.set_height((f64::from(h) * PNG_SCALE) as u32);
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
    let Some(ctx) = ctx else { return };
    let _ = ctx.scale(PNG_SCALE, PNG_SCALE);
    if !background.is_empty() {
        ctx.set_fill_style_str(background);
        ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    }
    let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
        img,
        0.0,
        0.0,
        f64::from(w),
        f64::from(h),
    );
    // gloo has no canvas API: `toBlob` takes a plain callback, which frees itself once the
    // browser has called it.
    let done = Closure::once_into_js(move |b: JsValue| {
        if let Ok(b) = b.dyn_into::<web_sys::Blob>() {
            save_blob(Blob::from(b), &name);
        }
    });
    let _ = canvas.to_blob(done.unchecked_ref());
}

/// Downloads an SVG drawing as a PNG file called `name`, on a `background` colour (a CSS colour;
/// empty for transparent). The SVG is loaded into an image from an object URL, drawn into a
/// canvas at twice its size, and the canvas encoded with `toBlob`.
pub fn download_png(name: &str, svg: &str, background: &str) {
    let url = ObjectUrl::from(Blob::new_with_options(
        svg,
        Some("image/svg+xml;charset=utf-8"),
    ));
    let Ok(img) = HtmlImageElement::new() else {
        return;
    };
    let (name, background, drawn) = (name.to_string(), background.to_string(), img.clone());
    let src = url.to_string();
    // A one-time listener, forgotten because nothing else would hold it until the image has
    // loaded; when it runs, the URL is revoked (dropped) and its closure freed.
    EventListener::once(&img, "load", move |_| {
        save_png(&drawn, name, &background);
        drop(url);
    })
    .forget();
    img.set_src(&src);
}

/// Reads the file a person picked as text; `done` gets the text, or why it could not be read.
/// Dropping the returned reader cancels the read.
pub fn read_text(
    file: web_sys::File,
    done: impl FnOnce(Result<String, String>) + 'static,
) -> FileReader {
    let blob = Blob::from(file);
    gloo_file::callbacks::read_as_text(&blob, move |r| done(r.map_err(|e| e.to_string())))
}

/// Copies `text` with the async clipboard. Returns `false` when there is none (insecure page,
/// old browser); `failed(false)` runs if the browser later refuses.
pub fn copy_text(text: &str, failed: impl FnOnce(bool) + 'static) -> bool {
    let nav = gloo_utils::window().navigator();
    let clip = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clip) = clip else { return false };
    let clip: web_sys::Clipboard = clip.unchecked_into();
    let promise = clip.write_text(text);
    // A promise's callback: not in gloo (wasm-bindgen-futures would be another crate for this
    // one callback). It must outlive the promise: one small closure per copy.
    let on_error: Closure<dyn FnMut(JsValue)> = Closure::once(move |_: JsValue| failed(false));
    let _ = promise.catch(&on_error);
    on_error.forget();
    true
}

/// The current value of a CSS custom property on `<html>` (e.g. `--sm-bg`), trimmed.
pub fn css_var(name: &str) -> String {
    let Some(root) = gloo_utils::document().document_element() else {
        return String::new();
    };
    gloo_utils::window()
        .get_computed_style(&root)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value(name).ok())
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}
