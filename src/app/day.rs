//! The Day view: a day of traffic at one stage, computed by [`crate::core::day`] only while the
//! view is open and only for the stage it shows. The chart is the core's SVG (drawn with the
//! growth chart's code), injected like the growth chart, with the growth chart's pointer,
//! keyboard and readout helpers (`chart.rs`); the events field writes `events=` into the link.

use leptos::prelude::*;

use super::chart::{key_step, measure, pointer_at, readout_item};
use super::download;
use super::erase::{dynamic, List};
use super::inline;
use super::inputs::Field;
use super::state::State;
use super::theme;
use super::when::When;
use crate::core::chart::ChartOptions;
use crate::core::day::{self, chart, report, Day};
use crate::core::params::{label, list_keys, LISTS};
use crate::core::sweep::users_label;

/// The chart's id prefix (its `<style>` is scoped to it).
const ID_PREFIX: &str = "sm-day-";
/// Width for downloads, and for a box that cannot be measured.
const DEFAULT_WIDTH: u32 = 900;

/// Chart options at `width`; `download` is `Some(dark)` for a standalone file.
fn options(d: &Day, width: u32, cursor: Option<usize>, download: Option<bool>) -> ChartOptions {
    ChartOptions {
        width,
        height: chart::suggested_height(d.events.len()),
        metrics: Vec::new(),
        id_prefix: ID_PREFIX.to_string(),
        dark: download == Some(true),
        background: download.is_some(),
        cursor: cursor.map(|m| m as f64),
        title: String::new(),
    }
}

/// The Day card's content: a button that opens the view, then the view.
#[component]
pub fn DayView(
    /// The page state.
    state: State,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="sm-btn"
            data-testid="day-toggle"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || if open.get() { "Hide the day" } else { "Show a day of traffic" }}
        </button>
        <When when=open>
            <DayBody state/>
        </When>
    }
}

/// The open view: stage picker, events, chart, readout, summary, table, downloads.
#[component]
fn DayBody(
    /// The page state.
    state: State,
) -> impl IntoView {
    // The stage shown (an index; `None`: the last).
    let stage = RwSignal::new(None::<usize>);
    let data: Memo<Option<Day>> = Memo::new(move |_| {
        let pick = stage.get();
        state.drawn.with(|d| {
            let users = &d.scenario.users;
            let i = pick.unwrap_or(usize::MAX).min(users.len().checked_sub(1)?);
            Some(day::day(&d.scenario, users[i]))
        })
    });
    let width = RwSignal::new(None::<u32>);
    let cursor = RwSignal::new(None::<usize>);
    let svg = move || {
        let w = width.get()?;
        data.with(|d| {
            let d = d.as_ref()?;
            Some(inline::without_style(&chart::render(
                d,
                &options(d, w, cursor.get(), None),
            )))
        })
    };
    let boxed = NodeRef::<leptos::html::Div>::new();
    let remeasure = move || {
        let w = boxed
            .get_untracked()
            .and_then(|el| measure(&el))
            .unwrap_or(DEFAULT_WIDTH);
        if width.get_untracked() != Some(w) {
            width.set(Some(w));
        }
    };
    queue_microtask(remeasure);
    StoredValue::new_local(gloo_events::EventListener::new(
        &gloo_utils::window(),
        "resize",
        move |_| remeasure(),
    ));
    let point = move |ev: leptos::ev::PointerEvent| {
        let w = width.get_untracked().unwrap_or(DEFAULT_WIDTH);
        let m = data.with_untracked(|d| {
            let d = d.as_ref()?;
            let g = chart::geometry(d, &options(d, w, None, None));
            let (x, y) = pointer_at(&ev, g.size.0)?;
            g.minute_at(x, y)
        });
        if m.is_some() && cursor.get_untracked() != m {
            cursor.set(m);
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(next) = key_step(&ev, cursor.get_untracked(), day::DAY_MINUTES as usize) {
            cursor.set(next);
        }
    };
    let file =
        move |ext: &str| format!("scalemap-{}-day.{ext}", state.preset.get_untracked().key());
    let export = move |kind: &'static str| {
        data.with_untracked(|d| {
            let Some(d) = d.as_ref() else { return };
            let dark = theme::is_dark(state.link.with_untracked(|l| l.view.theme));
            let picture = || chart::render(d, &options(d, DEFAULT_WIDTH, None, Some(dark)));
            match kind {
                "csv" => download::download_text(&file("csv"), "text/csv", &report::csv(d)),
                "svg" => download::download_text(&file("svg"), "image/svg+xml", &picture()),
                _ => download::download_png(&file("png"), &picture(), ""),
            }
        });
    };
    let events = LISTS.iter().find(|l| l.key == list_keys::EVENTS);
    view! {
        <div class="sm-day" data-testid="day">
            <div class="sm-day-controls">
                <label class="sm-day-stage">
                    "Stage "
                    <select
                        data-testid="day-stage"
                        on:change=move |ev| stage.set(event_target_value(&ev).parse().ok())
                    >
                        {dynamic(move || {
                            let pick = stage.get();
                            state.drawn.with(|d| {
                                let n = d.scenario.users.len();
                                d.scenario
                                    .users
                                    .iter()
                                    .enumerate()
                                    .map(|(i, u)| {
                                        let on = pick.map_or(i + 1 == n, |p| p.min(n - 1) == i);
                                        view! { <option value=i.to_string() selected=on>{format!("{} users", users_label(*u))}</option> }
                                    })
                                    .list()
                            })
                        })}
                    </select>
                </label>
                {events
                    .map(|l| view! { <Field state key=l.key label=label(l.key) hint=l.hint title=l.doc.to_string()/> })
                    .into_iter()
                    .list()}
            </div>
            <div
                node_ref=boxed
                class="sm-chart-box"
                data-testid="day-chart"
                tabindex="0"
                role="group"
                aria-label="Day chart: use the arrow keys to move through the day"
                aria-describedby="sm-day-summary"
                on:pointermove=point
                on:pointerdown=point
                on:keydown=keys
                on:focus=move |_| {
                    if cursor.get_untracked().is_none() {
                        cursor.set(Some(0));
                    }
                }
                inner_html=move || svg().unwrap_or_default()
            ></div>
            <p id="sm-day-summary" class="sm-sr">
                {move || data.with(|d| d.as_ref().map(chart::describe).unwrap_or_default())}
            </p>
            <div class="sm-readout" data-testid="day-readout" aria-live="polite">
                {dynamic(move || {
                    let r = cursor.get().and_then(|m| data.with(|d| d.as_ref().map(|d| report::readout(d, m))));
                    match r {
                        None => view! { <span class="sm-muted">"Point at the chart, or focus it and use the arrow keys, to read any minute."</span> }.into_any(),
                        Some((time, items)) => {
                            let sentence = items.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
                            view! {
                                <span class="sm-sr">{format!("At {time}: {sentence}.")}</span>
                                <span class="sm-readout-users" aria-hidden="true">{time}</span>
                                {items.into_iter().enumerate().map(|(i, (k, v))| {
                                    let swatch = ["peak_rps", "service_instances", "none", "p99"].get(i).copied().unwrap_or("none");
                                    readout_item(swatch, k, v)
                                }).list()}
                            }.into_any()
                        }
                    }
                })}
            </div>
            <dl class="sm-day-summary" data-testid="day-summary">
                {dynamic(move || data.with(|d| {
                    d.as_ref().map(report::rows).unwrap_or_default().into_iter().map(|(k, l, v, why)| view! {
                        <div data-key=k title=why><dt>{l}</dt><dd>{v}</dd></div>
                    }).list()
                }))}
            </dl>
            <div class="sm-sr">
                <table>
                    <caption>"A day of traffic, every half hour and at each event"</caption>
                    {dynamic(move || data.with(|d| {
                        let Some(d) = d.as_ref() else { return ().into_any() };
                        let (headers, rows) = report::table(d);
                        view! {
                            <thead><tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).list()}</tr></thead>
                            <tbody>{rows.into_iter().map(|row| view! { <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).list()}</tr> }).list()}</tbody>
                        }.into_any()
                    }))}
                </table>
            </div>
            <div class="sm-chart-tools">
                <button type="button" class="sm-btn" data-testid="day-csv" on:click=move |_| export("csv")>"CSV"</button>
                <button type="button" class="sm-btn" data-testid="day-svg" on:click=move |_| export("svg")>"SVG"</button>
                <button type="button" class="sm-btn" data-testid="day-png" on:click=move |_| export("png")>"PNG"</button>
            </div>
        </div>
    }
}
