//! The enlarged diagram's pan and zoom: a box that shows the drawing at its natural size and
//! moves it with a pointer drag, the wheel, a two-finger pinch and the keyboard (`+`, `−`,
//! arrows, `0` for 100%, `f` for fit), with buttons for the same. The arithmetic is
//! [`crate::core::diagram::zoom`]; this file turns events into calls to it.
//!
//! Where the drawing sits is not state anything renders from: [`Zoomer`] keeps it in a
//! `StoredValue` and writes the layer's transform and the scale's text straight to the DOM
//! (sixty times a second while dragging, without waking the reactive graph).

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::diagram::zoom::{Zoom, PAN_STEP, STEP};

/// The scale's text element (found by id: one enlarged view per page).
const PCT_ID: &str = "sm-zoom-pct";

/// The enlarged view's handle: the zoom and the elements it moves. `Copy`, for event handlers.
#[derive(Clone, Copy)]
pub struct Zoomer {
    /// Where the drawing is, and its natural size (width, height) in CSS pixels.
    zoom: StoredValue<(Zoom, (f64, f64))>,
    /// The box the drawing moves in.
    node: NodeRef<html::Div>,
    /// The drawing's layer (its `transform`).
    layer: NodeRef<html::Div>,
}

impl Zoomer {
    /// A handle (see [`Zoomer::open`]).
    pub fn new() -> Zoomer {
        Zoomer {
            zoom: StoredValue::new((Zoom::default(), (1.0, 1.0))),
            node: NodeRef::new(),
            layer: NodeRef::new(),
        }
    }

    /// The drawing's natural size.
    fn size(self) -> (f64, f64) {
        self.zoom.with_value(|z| z.1)
    }

    /// Shows a drawing of natural size `size` at that size (what the dialog opens with).
    pub fn open(self, size: (f64, f64)) {
        self.zoom.update_value(|z| z.1 = size);
        self.actual();
    }

    /// The box's size in CSS pixels, if it is on the page.
    fn box_size(self) -> Option<(f64, f64)> {
        self.node.get_untracked().map(|b| {
            let r = b.get_bounding_client_rect();
            (r.width(), r.height())
        })
    }

    /// A point of an event relative to the box's top-left corner.
    fn in_box(self, x: i32, y: i32) -> (f64, f64) {
        self.node.get_untracked().map_or((0.0, 0.0), |b| {
            let r = b.get_bounding_client_rect();
            (f64::from(x) - r.left(), f64::from(y) - r.top())
        })
    }

    /// Puts the drawing at `z` (the layer's transform and size, the scale's text).
    fn set(self, z: Zoom) {
        self.zoom.update_value(|v| v.0 = z);
        let (w, h) = self.size();
        if let Some(l) = self.layer.get_untracked() {
            // Through the CSS object model: the page's CSP refuses a `style` attribute.
            let style = web_sys::HtmlElement::style(&l);
            let _ = style.set_property("transform", &z.transform());
            let _ = style.set_property("width", &format!("{w:.0}px"));
            let _ = style.set_property("height", &format!("{h:.0}px"));
        }
        if let Some(p) = super::web::by_id(PCT_ID) {
            p.set_text_content(Some(&z.percent()));
        }
    }

    /// Changes the drawing's place with `f`.
    fn change(self, f: impl FnOnce(Zoom) -> Zoom) {
        self.set(f(self.zoom.with_value(|z| z.0)));
    }

    /// Moves the drawing by (`dx`, `dy`) CSS pixels.
    fn pan(self, dx: f64, dy: f64) {
        self.change(|z| z.pan(dx, dy));
    }

    /// Zooms by `factor` about the box's centre.
    fn step(self, factor: f64) {
        let (bw, bh) = self.box_size().unwrap_or((0.0, 0.0));
        self.change(|z| z.zoom_at(factor, bw / 2.0, bh / 2.0));
    }

    /// The whole drawing in the box.
    fn fit(self) {
        let (w, h) = self.size();
        if let Some((bw, bh)) = self.box_size() {
            self.set(Zoom::fit(w, h, bw, bh));
        }
    }

    /// The drawing at its natural size.
    fn actual(self) {
        let (w, h) = self.size();
        let (bw, bh) = self.box_size().unwrap_or((w, h));
        self.set(Zoom::actual(w, h, bw, bh));
    }

    /// The zoom's keys (`+`/`=`, `-`/`−`, arrows, `0`, `f`); other keys pass through. Attach it
    /// to the dialog, so the keys work wherever the focus is in it.
    pub fn on_key(self, ev: &leptos::ev::KeyboardEvent) {
        // Ctrl and Cmd with + and − stay the browser's zoom.
        if ev.ctrl_key() || ev.meta_key() {
            return;
        }
        match ev.key().as_str() {
            "+" | "=" => self.step(STEP),
            "-" | "−" | "_" => self.step(1.0 / STEP),
            "0" => self.actual(),
            "f" | "F" => self.fit(),
            "ArrowLeft" => self.pan(PAN_STEP, 0.0),
            "ArrowRight" => self.pan(-PAN_STEP, 0.0),
            "ArrowUp" => self.pan(0.0, PAN_STEP),
            "ArrowDown" => self.pan(0.0, -PAN_STEP),
            _ => return,
        }
        ev.prevent_default();
    }
}

/// The pointers pressed on the box: id and last position (two make a pinch).
type Pointers = Vec<(i32, f64, f64)>;

/// The drawing's box: drag, pinch and wheel move the drawing in it.
#[component]
pub fn ZoomBox(
    /// The drawing (SVG markup from the core's renderer).
    svg: Memo<String>,
    /// The handle (see [`Zoomer`]).
    z: Zoomer,
) -> impl IntoView {
    let pointers = StoredValue::new(Pointers::new());
    let down = move |ev: leptos::ev::PointerEvent| {
        if let Some(b) = z.node.get_untracked() {
            let _ = b.set_pointer_capture(ev.pointer_id());
        }
        let (x, y) = z.in_box(ev.client_x(), ev.client_y());
        pointers.update_value(|p| {
            p.retain(|q| q.0 != ev.pointer_id());
            p.push((ev.pointer_id(), x, y));
        });
    };
    let move_ = move |ev: leptos::ev::PointerEvent| {
        let (x, y) = z.in_box(ev.client_x(), ev.client_y());
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
            ([a], [b]) => z.pan(b.1 - a.1, b.2 - a.2),
            ([a0, a1, ..], [b0, b1, ..]) => {
                let dist = |p: &(i32, f64, f64), q: &(i32, f64, f64)| {
                    ((p.1 - q.1).powi(2) + (p.2 - q.2).powi(2)).sqrt()
                };
                let (d0, d1) = (dist(a0, a1), dist(b0, b1));
                let (mx0, my0) = ((a0.1 + a1.1) / 2.0, (a0.2 + a1.2) / 2.0);
                let (mx1, my1) = ((b0.1 + b1.1) / 2.0, (b0.2 + b1.2) / 2.0);
                let factor = if d0 > 0.0 { d1 / d0 } else { 1.0 };
                z.change(|v| v.pan(mx1 - mx0, my1 - my0).zoom_at(factor, mx1, my1));
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
        let (x, y) = z.in_box(ev.client_x(), ev.client_y());
        let factor = (-ev.delta_y() * 0.002).exp();
        z.change(|v| v.zoom_at(factor, x, y));
    };
    view! {
        <div
            node_ref=z.node
            class="sm-zoom-box"
            data-testid="zoom-box"
            on:pointerdown=down
            on:pointermove=move_
            on:lostpointercapture=up
            on:wheel=wheel
        >
            <div node_ref=z.layer class="sm-zoom-layer" inner_html=svg></div>
        </div>
    }
}

/// The zoom buttons: out, the scale, in, fit and 100%. One click listener serves them all
/// (each button's id names its action), like the keys in [`Zoomer::on_key`].
#[component]
pub fn ZoomTools(
    /// The handle (see [`Zoomer`]).
    z: Zoomer,
) -> impl IntoView {
    let click = move |ev: leptos::ev::MouseEvent| {
        let action = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("button").ok().flatten())
            .map(|el| el.id());
        match action.as_deref() {
            Some("sm-zoom-out") => z.step(1.0 / STEP),
            Some("sm-zoom-in") => z.step(STEP),
            Some("sm-zoom-fit") => z.fit(),
            Some("sm-zoom-actual") => z.actual(),
            _ => {}
        }
    };
    view! {
        <span class="sm-zoom-tools" role="group" aria-label="Zoom" on:click=click>
            <button type="button" class="sm-tool" id="sm-zoom-out" aria-label="Zoom out">"−"</button>
            <span id=PCT_ID class="sm-zoom-pct" data-testid="zoom-percent">"100%"</span>
            <button type="button" class="sm-tool" id="sm-zoom-in" aria-label="Zoom in">"+"</button>
            <button type="button" class="sm-tool" id="sm-zoom-fit" data-testid="zoom-fit">"Fit"</button>
            <button type="button" class="sm-tool" id="sm-zoom-actual" data-testid="zoom-actual">"100%"</button>
        </span>
    }
}
