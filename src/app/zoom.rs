//! The enlarged diagram's pan and zoom: a box that shows the drawing at its natural size and
//! moves it with a pointer drag, the wheel, a two-finger pinch and the keyboard (`+`, `−`,
//! arrows, `0` for 100%, `f` for fit), with buttons for the same. The arithmetic is
//! [`crate::core::diagram::zoom`]; this file turns events into calls to it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::diagram::zoom::{Zoom, PAN_STEP, STEP};

/// The box's size in CSS pixels, if it is on the page.
fn box_size(el: NodeRef<html::Div>) -> Option<(f64, f64)> {
    el.get_untracked().map(|b| {
        let r = b.get_bounding_client_rect();
        (r.width(), r.height())
    })
}

/// A point of an event relative to the box's top-left corner.
fn in_box(el: NodeRef<html::Div>, x: i32, y: i32) -> (f64, f64) {
    el.get_untracked().map_or((0.0, 0.0), |b| {
        let r = b.get_bounding_client_rect();
        (f64::from(x) - r.left(), f64::from(y) - r.top())
    })
}

/// The pointers pressed on the box: id and last position (two make a pinch).
type Pointers = Vec<(i32, f64, f64)>;

/// The zoom's controls and its drawing box. Keyboard: attach [`on_key`]'s handler to the
/// dialog around it so the keys work wherever the focus is in the dialog.
#[component]
pub fn ZoomBox(
    /// The drawing (SVG markup from the core's renderer).
    svg: Memo<String>,
    /// The drawing's natural size (width, height) in CSS pixels.
    size: Signal<(f64, f64)>,
    /// Where the drawing is (the owner resets it when it opens a drawing).
    zoom: RwSignal<Zoom>,
    /// The box's element (the owner measures it to fit or centre the drawing).
    node: NodeRef<html::Div>,
) -> impl IntoView {
    let pointers = StoredValue::new(Pointers::new());
    let down = move |ev: leptos::ev::PointerEvent| {
        if let Some(b) = node.get_untracked() {
            let _ = b.set_pointer_capture(ev.pointer_id());
        }
        let (x, y) = in_box(node, ev.client_x(), ev.client_y());
        pointers.update_value(|p| {
            p.retain(|q| q.0 != ev.pointer_id());
            p.push((ev.pointer_id(), x, y));
        });
    };
    let move_ = move |ev: leptos::ev::PointerEvent| {
        let (x, y) = in_box(node, ev.client_x(), ev.client_y());
        let id = ev.pointer_id();
        let (old, new) = pointers.with_value(|p| {
            let new: Pointers = p
                .iter()
                .map(|&q| if q.0 == id { (id, x, y) } else { q })
                .collect();
            (p.clone(), new)
        });
        if !old.iter().any(|q| q.0 == id) {
            return;
        }
        ev.prevent_default();
        match (old.as_slice(), new.as_slice()) {
            ([a], [b]) => zoom.update(|z| *z = z.pan(b.1 - a.1, b.2 - a.2)),
            ([a0, a1, ..], [b0, b1, ..]) => {
                let dist = |p: &(i32, f64, f64), q: &(i32, f64, f64)| {
                    ((p.1 - q.1).powi(2) + (p.2 - q.2).powi(2)).sqrt()
                };
                let (d0, d1) = (dist(a0, a1), dist(b0, b1));
                let (mx0, my0) = ((a0.1 + a1.1) / 2.0, (a0.2 + a1.2) / 2.0);
                let (mx1, my1) = ((b0.1 + b1.1) / 2.0, (b0.2 + b1.2) / 2.0);
                let factor = if d0 > 0.0 { d1 / d0 } else { 1.0 };
                zoom.update(|z| *z = z.pan(mx1 - mx0, my1 - my0).zoom_at(factor, mx1, my1));
            }
            _ => {}
        }
        pointers.set_value(new);
    };
    // Released or cancelled: a captured pointer always ends with this one event.
    let up = move |ev: leptos::ev::PointerEvent| {
        pointers.update_value(|p| p.retain(|q| q.0 != ev.pointer_id()));
    };
    let wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let (x, y) = in_box(node, ev.client_x(), ev.client_y());
        let factor = (-ev.delta_y() * 0.002).exp();
        zoom.update(|z| *z = z.zoom_at(factor, x, y));
    };
    let layer_style = Signal::derive(move || {
        let (w, h) = size.get();
        format!("{};width:{w:.0}px;height:{h:.0}px", zoom.get().css())
    });
    view! {
        <div
            node_ref=node
            class="sm-zoom-box"
            data-testid="zoom-box"
            on:pointerdown=down
            on:pointermove=move_
            on:lostpointercapture=up
            on:wheel=wheel
        >
            <div class="sm-zoom-layer" style=layer_style inner_html=svg></div>
        </div>
    }
}

/// The zoom buttons: out, the scale, in, fit and 100%. One click listener serves them all
/// (each button names its action in `data-zoom`), like the keys in [`on_key`].
#[component]
pub fn ZoomTools(
    /// The drawing's natural size (width, height) in CSS pixels.
    size: Signal<(f64, f64)>,
    /// Where the drawing is.
    zoom: RwSignal<Zoom>,
    /// The drawing's box (see [`ZoomBox`]).
    node: NodeRef<html::Div>,
) -> impl IntoView {
    let percent = Signal::derive(move || zoom.get().percent());
    let click = move |ev: leptos::ev::MouseEvent| {
        let action = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-zoom]").ok().flatten())
            .and_then(|el| el.get_attribute("data-zoom"));
        match action.as_deref() {
            Some("out") => step(zoom, node, 1.0 / STEP),
            Some("in") => step(zoom, node, STEP),
            Some("fit") => fit(zoom, node, size),
            Some("actual") => actual(zoom, node, size),
            _ => {}
        }
    };
    view! {
        <span class="sm-zoom-tools" role="group" aria-label="Zoom" on:click=click>
            <button type="button" class="sm-tool" data-zoom="out" aria-label="Zoom out">"−"</button>
            <span class="sm-zoom-pct" data-testid="zoom-percent">{percent}</span>
            <button type="button" class="sm-tool" data-zoom="in" aria-label="Zoom in">"+"</button>
            <button type="button" class="sm-tool" data-zoom="fit" data-testid="zoom-fit">"Fit"</button>
            <button type="button" class="sm-tool" data-zoom="actual" data-testid="zoom-actual">"100%"</button>
        </span>
    }
}

/// Zooms by `factor` about the box's centre.
fn step(zoom: RwSignal<Zoom>, node: NodeRef<html::Div>, factor: f64) {
    let (bw, bh) = box_size(node).unwrap_or((0.0, 0.0));
    zoom.update(|z| *z = z.zoom_at(factor, bw / 2.0, bh / 2.0));
}

/// The whole drawing in the box.
pub fn fit(zoom: RwSignal<Zoom>, node: NodeRef<html::Div>, size: Signal<(f64, f64)>) {
    let (w, h) = size.get_untracked();
    if let Some((bw, bh)) = box_size(node) {
        zoom.set(Zoom::fit(w, h, bw, bh));
    }
}

/// The drawing at its natural size.
pub fn actual(zoom: RwSignal<Zoom>, node: NodeRef<html::Div>, size: Signal<(f64, f64)>) {
    let (w, h) = size.get_untracked();
    let (bw, bh) = box_size(node).unwrap_or((w, h));
    zoom.set(Zoom::actual(w, h, bw, bh));
}

/// The zoom's keys (`+`/`=`, `-`/`−`, arrows, `0`, `f`); other keys pass through.
pub fn on_key(
    ev: &leptos::ev::KeyboardEvent,
    zoom: RwSignal<Zoom>,
    node: NodeRef<html::Div>,
    size: Signal<(f64, f64)>,
) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    match ev.key().as_str() {
        "+" | "=" => step(zoom, node, STEP),
        "-" | "−" | "_" => step(zoom, node, 1.0 / STEP),
        "0" => actual(zoom, node, size),
        "f" | "F" => fit(zoom, node, size),
        "ArrowLeft" => zoom.update(|z| *z = z.pan(PAN_STEP, 0.0)),
        "ArrowRight" => zoom.update(|z| *z = z.pan(-PAN_STEP, 0.0)),
        "ArrowUp" => zoom.update(|z| *z = z.pan(0.0, PAN_STEP)),
        "ArrowDown" => zoom.update(|z| *z = z.pan(0.0, -PAN_STEP)),
        _ => return,
    }
    ev.prevent_default();
}
