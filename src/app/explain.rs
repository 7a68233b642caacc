//! Figures that explain themselves: every numeric cell is a button; hovering, focusing or
//! tapping it opens a popover (`role="tooltip"`, linked with `aria-describedby`) with the
//! figure's derivation from the model. Escape, leaving or tapping elsewhere closes it.
//!
//! In quiz mode a cell first shows a "reveal" button; pressing it shows the figure.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::erase::dynamic;
use super::local::local;
use super::state::{Open, State};
use super::web;
use crate::core::model::{self, Fig};

/// The popover's DOM id (cells point at it with `aria-describedby` while it describes them).
const POPOVER_ID: &str = "sm-explain";
/// The popover's width in CSS pixels (kept inside the viewport).
const POPOVER_WIDTH: f64 = 360.0;

/// The derivation of `fig` at stage `stage` of the current scenario: that one stage computed
/// again with its derivations (the page's report leaves them out; same code path, same figures).
pub(super) fn derivation(state: State, stage: usize, fig: Fig) -> String {
    let users = state
        .report
        .with_untracked(|r| r.stages.get(stage).map(|s| s.users));
    let text = users.and_then(|u| {
        state.resolved.with_untracked(|(s, _)| {
            model::stage(s, u, true)
                .explanation(fig)
                .map(str::to_string)
        })
    });
    text.unwrap_or_else(|| "No derivation is recorded for this figure.".to_string())
}

/// Space kept between the popover and the viewport's edges, and between it and its figure.
const EDGE: f64 = 8.0;
/// See [`EDGE`].
const GAP: f64 = 6.0;

/// The viewport's size and scroll offsets: (width, height, scroll x, scroll y). The size is
/// the client area: the layout viewport without the scrollbar and its gutter (which a popover
/// must not sit under).
fn viewport() -> (f64, f64, f64, f64) {
    let doc = Some(gloo_utils::document());
    let (cw, ch) = doc
        .as_ref()
        .and_then(|d| d.document_element())
        .map_or((0, 0), |e| (e.client_width(), e.client_height()));
    // The body leaves out the scrollbar's gutter (kept even before the page scrolls), which
    // the root's client area can include.
    let cw = doc
        .and_then(|d| d.body())
        .map(|b| b.client_width())
        .filter(|&b| b > 0)
        .map_or(cw, |b| b.min(cw));
    let w = gloo_utils::window();
    let (sx, sy) = (w.scroll_x().unwrap_or(0.0), w.scroll_y().unwrap_or(0.0));
    let or = |v: i32, d: f64| if v > 0 { f64::from(v) } else { d };
    (or(cw, 1024.0), or(ch, 768.0), sx, sy)
}

/// Where a `w`×`h` popover goes for a figure at `anchor` (viewport coordinates) in a `vw`×`vh`
/// viewport: below it, or above when only there it fits (flip); then moved sideways and up or
/// down as far as needed to stay inside the viewport (shift). Viewport coordinates.
fn placement(anchor: &web_sys::DomRect, w: f64, h: f64, vw: f64, vh: f64) -> (f64, f64) {
    let x = anchor.left().min(vw - w - EDGE).max(EDGE);
    let below = anchor.bottom() + GAP;
    let above = anchor.top() - GAP - h;
    // Below when it fits there, or when it fits on neither side and below has more room.
    let y = if below + h <= vh - EDGE || (above < EDGE && vh - below >= anchor.top()) {
        below
    } else {
        above
    };
    (x, y.min(vh - h - EDGE).max(EDGE))
}

/// Puts the open popover where [`placement`] says, once it is drawn and its size is known (the
/// first guess in [`open_at`] assumes it fits below). Writes its style directly: a position is
/// not state anything renders from.
fn place(anchor: String) {
    let (Some(pop), Some(el)) = (web::by_id(POPOVER_ID), web::by_id(&anchor)) else {
        return;
    };
    let Some(style) = pop.dyn_ref::<web_sys::HtmlElement>().map(|h| h.style()) else {
        return;
    };
    // Through the CSS object model: the page's CSP refuses a `style` attribute.
    let set = |left: f64, top: f64, max_w: f64| {
        let _ = style.set_property("left", &format!("{left:.0}px"));
        let _ = style.set_property("top", &format!("{top:.0}px"));
        let _ = style.set_property("max-width", &format!("{max_w:.0}px"));
    };
    let (vw, vh, sx, sy) = viewport();
    // At most the usable width, measured where nothing squeezes it.
    let max_w = vw - 2.0 * EDGE;
    set(0.0, 0.0, max_w);
    let r = pop.get_bounding_client_rect();
    let (x, y) = placement(
        &el.get_bounding_client_rect(),
        r.width(),
        r.height(),
        vw,
        vh,
    );
    set(x + sx, y + sy, max_w);
}

/// Opens the popover under the element `el` (an event's current target).
fn open_at(state: State, el: Option<Element>, anchor: &str, text: String, pinned: bool) {
    let Some(el) = el else { return };
    let rect = el.get_bounding_client_rect();
    let (vw, _, sx, sy) = viewport();
    let width = POPOVER_WIDTH.min(vw - 2.0 * EDGE);
    let x = (rect.left()).min(vw - width - EDGE).max(EDGE) + sx;
    let y = rect.bottom() + GAP + sy;
    let keep_pin = state
        .explain
        .with_value(|o| o.as_ref().is_some_and(|o| o.anchor == anchor && o.pinned));
    state.set_explain(Some(Open {
        anchor: anchor.to_string(),
        text,
        x,
        y,
        pinned: pinned || keep_pin,
    }));
    let anchor = anchor.to_string();
    request_animation_frame(move || place(anchor));
}

/// The table scrolled sideways: the popover follows its figure while the figure has the focus
/// (moving with the arrow keys scrolls the next figure into view), and closes otherwise.
pub fn on_scroll(state: State) {
    let Some(anchor) = state
        .explain
        .with_value(|o| o.as_ref().map(|o| o.anchor.clone()))
    else {
        return;
    };
    if web::by_id(&anchor).is_some_and(|el| web::is_focused(&el)) {
        place(anchor);
    } else {
        state.set_explain(None);
    }
}

/// The figure button (`.sm-fig`) that `target` is in, with the stage and figure it explains.
fn fig_at(state: State, target: Option<web_sys::EventTarget>) -> Option<(Element, usize, Fig)> {
    let el = target?
        .dyn_into::<Element>()
        .ok()?
        .closest(".sm-fig")
        .ok()
        .flatten()?;
    let id = el.id();
    let (stage, fig) = state.figs.with_value(|figs| {
        figs.iter()
            .find(|(x, _, _)| *x == id)
            .map(|&(_, stage, fig)| (stage, fig))
    })?;
    Some((el, stage, fig))
}

/// The table's figure buttons share five listeners on their container (event delegation)
/// instead of five each: a few hundred cells would otherwise cost a thousand listeners and
/// closures at every page load. Attach these to the element that holds the cells.
///
/// Pointer over a figure: open its popover (unless it is already open).
pub fn on_over(state: State, ev: &web_sys::MouseEvent) {
    if let Some((el, stage, fig)) = fig_at(state, ev.target()) {
        let id = el.id();
        if !state
            .explain
            .with_value(|o| o.as_ref().is_some_and(|o| o.anchor == id))
        {
            open_at(state, Some(el), &id, derivation(state, stage, fig), false);
        }
    }
}

/// Pointer leaving a figure (not into its own children): close its popover unless the figure
/// has the focus or a click pinned the popover.
pub fn on_out(state: State, ev: &web_sys::MouseEvent) {
    let Some((el, _, _)) = fig_at(state, ev.target()) else {
        return;
    };
    let into = ev
        .related_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    if into.is_some_and(|n| el.contains(Some(&n))) {
        return;
    }
    let pinned = state
        .explain
        .with_value(|o| o.as_ref().is_some_and(|o| o.pinned));
    if !web::is_focused(&el) && !pinned {
        close(state, &el.id());
    }
}

/// Focus on a figure (keyboard): open its popover.
pub fn on_focus_in(state: State, ev: &web_sys::FocusEvent) {
    if let Some((el, stage, fig)) = fig_at(state, ev.target()) {
        let id = el.id();
        open_at(state, Some(el), &id, derivation(state, stage, fig), false);
    }
}

/// Focus leaving a figure: close its popover.
pub fn on_focus_out(state: State, ev: &web_sys::FocusEvent) {
    if let Some((el, _, _)) = fig_at(state, ev.target()) {
        close(state, &el.id());
    }
}

/// A click or tap on a figure: open its popover, pinned.
pub fn on_click(state: State, ev: &web_sys::MouseEvent) {
    if let Some((el, stage, fig)) = fig_at(state, ev.target()) {
        let id = el.id();
        open_at(state, Some(el), &id, derivation(state, stage, fig), true);
    }
}

/// Closes the popover if it belongs to `anchor`.
fn close(state: State, anchor: &str) {
    if state
        .explain
        .with_value(|o| o.as_ref().is_some_and(|o| o.anchor == anchor))
    {
        state.set_explain(None);
    }
}

/// One figure of the stage table: a button showing `text`, explaining `fig` at `stage`.
#[component]
pub fn FigCell(
    /// The page state.
    state: State,
    /// The cell's test id and the base of its DOM id (`cell-peak_rps-2`).
    testid: String,
    /// The stage (column) index.
    stage: usize,
    /// The figure whose derivation the popover shows.
    fig: Fig,
    /// The figure as people read it.
    text: Signal<String>,
    /// Whether to highlight the cell (the stage's bottleneck). Default: never.
    #[prop(optional)]
    hot: Option<Signal<bool>>,
    /// Whether this is the table's keyboard stop when it is built (see `grid.rs`; every other
    /// figure is reached with the arrow keys). Default: no.
    #[prop(optional)]
    first: bool,
) -> impl IntoView {
    let tabindex = if first { "0" } else { "-1" };
    let dom_id = format!("c-{testid}");
    // What the container's delegated listeners (see `on_over`) need to explain this cell.
    state
        .figs
        .update_value(|figs| figs.push((dom_id.clone(), stage, fig)));
    {
        let id = dom_id.clone();
        on_cleanup(move || {
            state
                .figs
                .try_update_value(|figs| figs.retain(|(x, _, _)| *x != id));
        });
    }
    // Cells come and go with the stages: they read the page's state through `local` memos.
    let shown = {
        let id = testid.clone();
        local(move || !state.quiz.get() || state.revealed.with(|r| r.contains(&id)))
    };
    let is_open = {
        let id = dom_id.clone();
        local(move || state.explain_at.with(|at| *at == id))
    };
    let hot = hot.unwrap_or_else(|| Signal::stored(false));
    let described = Signal::derive(move || is_open.get().then(|| POPOVER_ID.to_string()));
    let figure = {
        let (dom_id, testid) = (dom_id.clone(), testid.clone());
        move || {
            view! {
                <button
                    type="button"
                    class="sm-fig"
                    tabindex=tabindex
                    id=dom_id.clone()
                    data-testid=testid.clone()
                    aria-describedby=described
                >
                    {text}
                </button>
            }
        }
    };
    let reveal = {
        let (testid, dom_id) = (testid.clone(), dom_id.clone());
        move || {
            let (id, dom) = (testid.clone(), dom_id.clone());
            view! {
                <button
                    type="button"
                    class="sm-reveal"
                    tabindex=tabindex
                    data-testid="reveal"
                    title="Work it out, then reveal the figure"
                    on:click=move |_| {
                        state.reveal(&id);
                        let dom = dom.clone();
                        request_animation_frame(move || web::focus_id(&dom));
                    }
                >
                    "?"
                    <span class="sm-sr">" Reveal this figure"</span>
                </button>
            }
        }
    };
    view! {
        <td class="sm-cell" class:sm-hot=hot>
            {dynamic(move || if shown.get() { figure().into_any() } else { reveal().into_any() })}
        </td>
    }
}

/// The one popover, positioned under the cell it describes.
#[component]
pub fn ExplainPopover(
    /// The page state.
    state: State,
) -> impl IntoView {
    // Escape closes; a click outside any figure closes a pinned popover (touch screens do not
    // always move the focus, so blur alone is not enough).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && state.explain.with_value(Option::is_some) {
            state.set_explain(None);
        }
    });
    let clicks = window_event_listener(leptos::ev::click, move |ev| {
        let on_fig = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest(".sm-fig").ok().flatten())
            .is_some();
        if !on_fig && state.explain.with_value(Option::is_some) {
            state.set_explain(None);
        }
    });
    on_cleanup(move || {
        keys.remove();
        clicks.remove();
    });
    dynamic(move || {
        // Rebuilt whenever the popover is opened, moved or closed (`set_explain`).
        state.explain_at.track();
        let Some(o) = state.explain.get_value() else {
            return ().into_any();
        };
        // Positioned through the CSS object model (`style:`), which the page's
        // Content-Security-Policy allows, not a `style` attribute, which it refuses.
        view! {
            <div
                id=POPOVER_ID
                class="sm-popover"
                role="tooltip"
                data-testid="explain"
                style:left=format!("{:.0}px", o.x)
                style:top=format!("{:.0}px", o.y)
            >
                {o.text}
            </div>
        }
        .into_any()
    })
}
