//! The growth curves: metric toggles, the chart drawn by [`crate::core::chart`] (injected with
//! `inner_html`), a readout that follows the pointer or the arrow keys along the sweep, a
//! visually hidden data table for screen readers, and CSV, SVG and PNG downloads.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::download;
use super::erase::{dynamic, List};
use super::inline;
use super::state::State;
use super::theme;
use crate::core::chart::{self, ChartOptions};
use crate::core::sweep::{self, Metric, Sweep, Table, DEFAULT_POINTS};

/// The chart's id prefix (its `<style>` is scoped to it).
const ID_PREFIX: &str = "sm-growth-";
/// Width for downloads, and for a chart box that cannot be measured.
const DEFAULT_WIDTH: u32 = 900;

/// The metrics the link asks for (unknown keys skipped), or the defaults.
pub(super) fn chosen(keys: &[String]) -> Vec<Metric> {
    let m: Vec<Metric> = Metric::ALL
        .into_iter()
        .filter(|m| keys.iter().any(|k| k == m.key()))
        .collect();
    if m.is_empty() {
        Metric::DEFAULTS.to_vec()
    } else {
        m
    }
}

/// The metrics shown, gated by a Memo of their keys (a `Memo<Vec<String>>`, a type the page's
/// memos have anyway: a `Memo<Vec<Metric>>` compiled the memo's code once more for its type).
#[derive(Clone, Copy)]
struct Shown(Memo<Vec<String>>);

impl Shown {
    /// Runs `f` on the metrics shown (a tracked read).
    fn with<R>(&self, f: impl FnOnce(&[Metric]) -> R) -> R {
        f(&self.0.with(|keys| chosen(keys)))
    }

    /// Runs `f` on the metrics shown, untracked (in event handlers).
    fn with_untracked<R>(&self, f: impl FnOnce(&[Metric]) -> R) -> R {
        f(&self.0.with_untracked(|keys| chosen(keys)))
    }
}

/// Chart options for `width`, `metrics` and a cursor; `download` is `Some(dark)` for a
/// standalone file (opaque background, palette of the theme showing).
fn options(
    width: u32,
    metrics: &[Metric],
    cursor: Option<f64>,
    download: Option<bool>,
) -> ChartOptions {
    ChartOptions {
        width,
        height: chart::suggested_height(width, metrics.len()),
        metrics: metrics.to_vec(),
        id_prefix: ID_PREFIX.to_string(),
        dark: download == Some(true),
        background: download.is_some(),
        cursor,
        title: "Growth curves".to_string(),
    }
}

/// The container's width, rounded down to 10 px (so small resizes do not redraw). Shared with
/// the Day view (`day.rs`).
pub(super) fn measure(el: &web_sys::Element) -> Option<u32> {
    let w = el.client_width();
    (w > 0).then(|| (w as u32 / 10 * 10).max(200))
}

/// The growth chart with its controls.
#[component]
pub fn Chart(
    /// The page state.
    state: State,
) -> impl IntoView {
    let metrics = Shown(Memo::new(move |_| {
        state.link.with(|l| {
            chosen(&l.view.metrics)
                .iter()
                .map(|m| m.key().to_string())
                .collect()
        })
    }));
    // A new drawn scenario is a new sweep (it carries its scenario), so the memo notifies
    // without comparing sweeps (a `PartialEq` of `Sweep` compiled into the page for nothing).
    let data: Memo<Sweep> = Memo::new_with_compare(
        move |_| {
            // The latency phase at every point only while a panel shows p99 or downtime.
            let full = metrics.0.with(|k| {
                k.iter()
                    .any(|k| Metric::from_key(k).is_some_and(Metric::full))
            });
            state.with_drawn(|s, r| sweep::sweep_with(s, DEFAULT_POINTS, &r.breakpoints, full))
        },
        |_, _| true,
    );
    // The container's width; `None` until measured after mount, and nothing is drawn until then
    // (drawing at a guessed width and again at the real one cost a second render and layout on
    // every page load).
    // In whole pixels as a `usize`, the type of `cursor`: a signal type of its own (`u32`)
    // compiled the signal's code once more (measured with the `cursor_users` change below).
    let boxed = NodeRef::<leptos::html::Div>::new();
    let width = measured_width(boxed);
    let cursor = RwSignal::new(None::<usize>);
    // The users at the cursor. Not a Memo: what reads it also reads `data`, so it would gate
    // nothing, and a `Memo<Option<f64>>` compiled a memo type of its own.
    let cursor_users = move || {
        cursor
            .get()
            .and_then(|i| data.with(|d| d.users().get(i).copied()))
    };
    // The drawing without its style sheet (see `inline`: the page's style sheet has its rules).
    let svg = Memo::new(move |_| {
        let Some(w) = width.get() else {
            return String::new();
        };
        let opts = metrics.with(|m| options(w as u32, m, cursor_users(), None));
        data.with(|d| inline::without_style(&chart::render(d, &opts)))
    });
    // Where the curves are, for the pointer: worked out when the pointer moves (what it reads
    // may have changed since).
    let geometry = move || {
        let opts = metrics.with_untracked(|m| {
            options(
                width.get_untracked().map_or(DEFAULT_WIDTH, |w| w as u32),
                m,
                None,
                None,
            )
        });
        data.with_untracked(|d| chart::geometry(d, &opts))
    };
    // The readout and the data table are read by one dynamic view each, which is their gate.
    let readout =
        move || cursor_users().map(|u| metrics.with(|m| data.with(|d| sweep::readout(d, m, u))));
    let table = move || metrics.with(|m| data.with(|d| sweep::readout_table(d, m)));
    let summary = Memo::new(move |_| metrics.with(|m| data.with(|d| sweep::describe(d, m))));

    let point = move |ev: leptos::ev::PointerEvent| {
        let geometry = geometry();
        let Some((x, y)) = pointer_at(&ev, geometry.size.0) else {
            return;
        };
        // Stage guides and breakpoint marks are magnetic within 6 chart units.
        let snapped = data.with_untracked(|d| geometry.users_at_snapped(x, y, d, 6.0));
        if let Some(u) = snapped {
            let i = data.with_untracked(|d| nearest(d, u));
            if cursor.get_untracked() != Some(i) {
                cursor.set(Some(i));
            }
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        let n = data.with_untracked(|d| d.users().len());
        if n == 0 {
            return;
        }
        // Only a move is a change (what reads the cursor is not gated by a Memo).
        if let Some(next) = key_step(&ev, cursor.get_untracked(), n) {
            if cursor.get_untracked() != next {
                cursor.set(next);
            }
        }
    };
    let focus = move |_| {
        if cursor.get_untracked().is_none() {
            // Start at the first stage.
            let i = state
                .report
                .with_untracked(|r| r.stages.first().map(|s| s.users))
                .map_or(0, |u| data.with_untracked(|d| nearest(d, u)));
            cursor.set(Some(i));
        }
    };

    let toggle = move |m: Metric| {
        state.update(|l| {
            let now = chosen(&l.view.metrics);
            let on = |x: &Metric| now.contains(x) != (*x == m);
            // Keep at least one curve; list them in the picker's order.
            let next: Vec<Metric> = Metric::ALL.into_iter().filter(on).collect();
            if next.is_empty() {
                return;
            }
            l.view.metrics = if next[..] == Metric::DEFAULTS[..] {
                Vec::new()
            } else {
                next.iter().map(|m| m.key().to_string()).collect()
            };
        });
    };
    let file = move |ext: &str| format!("scalemap-{}-growth.{ext}", state.preset_untracked().key());
    // The drawing as a file, SVG or PNG: one closure for both buttons (one compiled body).
    let download_drawing = move |png: bool| {
        let dark = theme::is_dark(state.link.with_untracked(|l| l.view.theme));
        let text = metrics.with_untracked(|m| {
            data.with_untracked(|d| chart::render(d, &options(DEFAULT_WIDTH, m, None, Some(dark))))
        });
        if png {
            download::download_png(&file("png"), &text, "");
        } else {
            download::download_text(&file("svg"), "image/svg+xml", &text);
        }
    };
    let download_csv = move |_| {
        let text = metrics.with_untracked(|m| data.with_untracked(|d| sweep::to_csv(d, m)));
        download::download_text(&file("csv"), "text/csv", &text);
    };

    view! {
        <div class="sm-chart">
            <fieldset class="sm-metrics">
                <legend class="sm-sr">"Curves to show"</legend>
                {Metric::ALL
                    .into_iter()
                    .map(|m| {
                        view! {
                            <label class="sm-metric">
                                <input
                                    type="checkbox"
                                    data-testid=format!("chart-metric-{}", m.key())
                                    prop:checked=move || metrics.with(|x| x.contains(&m))
                                    on:change=move |_| toggle(m)
                                />
                                <span class=format!("sm-swatch sm-swatch-{}", m.key())></span>
                                {m.label()}
                            </label>
                        }
                    })
                    .list()}
            </fieldset>
            <div
                node_ref=boxed
                class="sm-chart-box"
                data-testid="chart"
                tabindex="0"
                role="group"
                aria-label="Growth chart: use the arrow keys to move along the user axis"
                aria-describedby="sm-chart-summary"
                on:pointermove=point
                on:pointerdown=point
                on:keydown=keys
                on:focus=focus
                inner_html=svg
            ></div>
            <p id="sm-chart-summary" class="sm-sr">{summary}</p>
            <div class="sm-readout" data-testid="chart-readout" aria-live="polite">
                {dynamic(move || match readout() {
                    None => view! {
                        <span class="sm-muted">"Point at the chart, or focus it and use the arrow keys, to read the values at any user count."</span>
                    }.into_any(),
                    Some(r) => readout_view(
                        r.sentence(),
                        format!("{} users", sweep::users_label(r.users)),
                        r.values.iter().map(|(m, v)| (m.key(), m.label(), m.format(*v))).collect(),
                        r.bottleneck.map(|c| format!("bottleneck: {}", c.label())),
                    ),
                })}
            </div>
            <div class="sm-sr">
                {dynamic(move || table_view("Growth curves at each stage, power of ten and breakpoint", table()))}
            </div>
            <div class="sm-chart-tools">
                <button type="button" class="sm-btn" data-testid="download-csv" on:click=download_csv>"CSV"</button>
                <button type="button" class="sm-btn" data-testid="download-chart-svg" on:click=move |_| download_drawing(false)>"SVG"</button>
                <button type="button" class="sm-btn" data-testid="download-chart-png" on:click=move |_| download_drawing(true)>"PNG"</button>
            </div>
        </div>
    }
}

/// The width of the box `boxed` in whole pixels, measured after mount and on every window
/// resize (event handlers, not Effects): `None` until first measured. A box that cannot be
/// measured (not laid out) keeps its last width, or gets [`DEFAULT_WIDTH`], so a chart is never
/// left undrawn. Shared with the Day view (`day.rs`).
pub(super) fn measured_width(boxed: NodeRef<leptos::html::Div>) -> RwSignal<Option<usize>> {
    let width = RwSignal::new(None::<usize>);
    let remeasure = move || {
        let w = boxed
            .get_untracked()
            .and_then(|el| measure(&el))
            .map(|w| w as usize)
            .or_else(|| width.get_untracked())
            .unwrap_or(DEFAULT_WIDTH as usize);
        if width.get_untracked() != Some(w) {
            width.set(Some(w));
        }
    };
    // After mount (the box exists), before the first frame; a microtask, not an animation frame:
    // frames do not run in an off-screen embed, and the chart must not wait to be scrolled to.
    queue_microtask(remeasure);
    // Dropped (so removed) with the chart.
    StoredValue::new_local(gloo_events::EventListener::new(
        &gloo_utils::window(),
        "resize",
        move |_| remeasure(),
    ));
    width
}

/// A pointer event's position in chart units (the chart is `chart_width` units wide), over the
/// element listening. Shared with the Day view.
pub(super) fn pointer_at(ev: &leptos::ev::PointerEvent, chart_width: f64) -> Option<(f64, f64)> {
    let el = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())?;
    let rect = el.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    let scale = chart_width / rect.width();
    Some((
        (f64::from(ev.client_x()) - rect.left()) * scale,
        (f64::from(ev.client_y()) - rect.top()) * scale,
    ))
}

/// The cursor's next position among `n` points for a key: arrows by one, Page Up/Down by a
/// fortieth, Home/End to the ends, Escape clears (`Some(None)`); `None` for other keys (the
/// event is left alone). Shared with the Day view.
pub(super) fn key_step(
    ev: &leptos::ev::KeyboardEvent,
    cur: Option<usize>,
    n: usize,
) -> Option<Option<usize>> {
    let cur = cur.unwrap_or(0).min(n - 1);
    let step = (n / 40).max(1);
    let next = match ev.key().as_str() {
        "ArrowRight" | "ArrowUp" => (cur + 1).min(n - 1),
        "ArrowLeft" | "ArrowDown" => cur.saturating_sub(1),
        "PageUp" => (cur + step).min(n - 1),
        "PageDown" => cur.saturating_sub(step),
        "Home" => 0,
        "End" => n - 1,
        "Escape" => return Some(None),
        _ => return None,
    };
    ev.prevent_default();
    Some(Some(next))
}

/// A readout: a sentence for screen readers, then (hidden from them, since the sentence says
/// it) the heading, each value with its series' swatch (`"none"`: no swatch), and a muted note.
/// Shared with the Day view.
pub(super) fn readout_view(
    sentence: String,
    head: String,
    items: Vec<(&'static str, &'static str, String)>,
    note: Option<String>,
) -> AnyView {
    view! {
        <span class="sm-sr">{sentence}</span>
        <span class="sm-readout-users" aria-hidden="true">{head}</span>
        {items
            .into_iter()
            .map(|(swatch, label, value)| view! {
                <span class="sm-readout-item" aria-hidden="true">
                    <span class=format!("sm-swatch sm-swatch-{swatch}")></span>
                    {label}
                    " "
                    <strong>{value}</strong>
                </span>
            })
            .list()}
        {note.map(|n| view! { <span class="sm-readout-item sm-muted" aria-hidden="true">{n}</span> }).into_iter().list()}
    }
    .into_any()
}

/// A data table (the charts' text alternative). Shared with the Day view.
pub(super) fn table_view(caption: &'static str, t: Table) -> AnyView {
    view! {
        <table>
            <caption>{caption}</caption>
            <thead>
                <tr>{t.headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).list()}</tr>
            </thead>
            <tbody>
                {t.rows
                    .into_iter()
                    .map(|row| view! { <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).list()}</tr> })
                    .list()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The index of the sweep point nearest `users` on the log axis.
fn nearest(d: &Sweep, users: f64) -> usize {
    let u = d.users();
    let i = d.index_at(users);
    match (u.get(i), u.get(i + 1)) {
        (Some(&a), Some(&b)) if a > 0.0 && users > 0.0 && (b / users) < (users / a) => i + 1,
        _ => i,
    }
}
