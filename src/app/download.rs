//! Files and the clipboard: text downloads (SVG, CSV) through a Blob and an object URL, PNG
//! downloads by drawing an SVG into a canvas, and copying text with the async clipboard.
//! Everything fails quietly (returns `false` or does nothing) when the browser refuses.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement,
    HtmlImageElement, Url,
};

use super::web;

/// Size of a PNG when the SVG does not say (CSS pixels).
const FALLBACK_SIZE: (u32, u32) = (1200, 800);
/// Device pixels per CSS pixel in PNG exports (crisp on high-density screens).
const PNG_SCALE: f64 = 2.0;

/// A Blob holding `text` with MIME type `mime`.
fn text_blob(text: &str, mime: &str) -> Option<Blob> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = BlobPropertyBag::new();
    bag.set_type(mime);
    Blob::new_with_str_sequence_and_options(&parts, &bag).ok()
}

/// Saves `blob` as a file called `name` (an anchor with `download`, clicked, then discarded).
fn save_blob(blob: &Blob, name: &str) {
    let Some(doc) = web::document() else { return };
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.set_rel("noopener");
        a.click();
    }
    // Revoke later: some browsers read the URL after click() returns.
    leptos::prelude::set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
}

/// Downloads `text` as a file called `name` of type `mime`.
pub fn download_text(name: &str, mime: &str, text: &str) {
    if let Some(blob) = text_blob(text, mime) {
        save_blob(&blob, name);
    }
}

/// Downloads an SVG drawing as a PNG file called `name`, on a `background` colour (a CSS colour;
/// empty for transparent). The SVG is loaded into an image from a blob URL, drawn into a canvas
/// at twice its size, and the canvas encoded with `toBlob`.
pub fn download_png(name: &str, svg: &str, background: &str) {
    let Some(doc) = web::document() else { return };
    let Some(blob) = text_blob(svg, "image/svg+xml;charset=utf-8") else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let Ok(img) = HtmlImageElement::new() else {
        return;
    };
    let name = name.to_string();
    let background = background.to_string();
    let img2 = img.clone();
    let url2 = url.clone();
    let onload = Closure::once_into_js(move || {
        let (mut w, mut h) = (img2.natural_width(), img2.natural_height());
        if w == 0 || h == 0 {
            (w, h) = FALLBACK_SIZE;
        }
        let canvas = doc
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
            ctx.set_fill_style_str(&background);
            ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
        }
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &img2,
            0.0,
            0.0,
            f64::from(w),
            f64::from(h),
        );
        let _ = Url::revoke_object_url(&url2);
        let done = Closure::once_into_js(move |b: JsValue| {
            if let Ok(b) = b.dyn_into::<Blob>() {
                save_blob(&b, &name);
            }
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&url);
}

/// Copies `text` with the async clipboard. Returns `false` when there is none (insecure page,
/// old browser); `failed(false)` runs if the browser later refuses.
pub fn copy_text(text: &str, failed: impl FnOnce(bool) + 'static) -> bool {
    let Some(nav) = web::window().map(|w| w.navigator()) else {
        return false;
    };
    let clip = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clip) = clip else { return false };
    let clip: web_sys::Clipboard = clip.unchecked_into();
    let promise = clip.write_text(text);
    let on_error: Closure<dyn FnMut(JsValue)> = Closure::once(move |_: JsValue| failed(false));
    let _ = promise.catch(&on_error);
    // One small closure per copy; it must outlive the promise.
    on_error.forget();
    true
}

/// The current value of a CSS custom property on `<html>` (e.g. `--sm-bg`), trimmed.
pub fn css_var(name: &str) -> String {
    let Some(w) = web::window() else {
        return String::new();
    };
    let Some(root) = web::document().and_then(|d| d.document_element()) else {
        return String::new();
    };
    w.get_computed_style(&root)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value(name).ok())
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}
