//! The Day view: a day of traffic at one stage, computed by [`crate::core::day`] for the stage it
//! shows only (the Day page's one view, see [`super::pages`]). The chart is the core's SVG (drawn with the
//! growth chart's code), injected like the growth chart, with the growth chart's pointer,
//! keyboard, readout and table helpers (`chart.rs`); the events field writes `events=` into the
//! link.

use leptos::prelude::*;

use super::chart::{key_step, measured_width, pointer_at, readout_view, table_view};
use super::download;
use super::erase::{dynamic, List};
use super::inline;
use super::inputs::Field;
use super::state::State;
use super::theme;
use crate::core::chart::ChartOptions;
use crate::core::day::{self, chart, report, Day};
use crate::core::params::{list_keys, LISTS};
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

/// The stage shown: `pick` (an index, `None` for the last) held inside `n` stages.
fn shown(pick: Option<usize>, n: usize) -> usize {
    pick.unwrap_or(usize::MAX).min(n.saturating_sub(1))
}

/// The Day view: stage stepper, events, chart, readout, summary, table, downloads.
#[component]
pub fn DayView(
    /// The page state.
    state: State,
) -> impl IntoView {
    let stage = RwSignal::new(None::<usize>);
    // Compared as always changed: a day is new whenever its inputs are, and comparing two
    // days minute by minute would cost the page 5 KB of code for nothing.
    let data: Memo<Option<Day>> = Memo::new_with_compare(
        move |_| {
            let pick = stage.get();
            state.with_drawn_scenario(|scenario| {
                let users = &scenario.users;
                let u = *users.get(shown(pick, users.len()))?;
                Some(day::day(scenario, u))
            })
        },
        |_, _| true,
    );
    let cursor = RwSignal::new(None::<usize>);
    let events = LISTS.iter().find(|l| l.key == list_keys::EVENTS);
    view! {
        <div class="sm-day" data-testid="day">
            <div class="sm-day-controls">
                <DayStepper state stage/>
                {events
                    .map(|l| view! { <Field state key=l.key label=l.label hint=l.hint title=l.doc.to_string()/> })
                    .into_iter()
                    .list()}
            </div>
            <DayChart data cursor/>
            <p id="sm-day-summary" class="sm-sr">
                {move || data.with(|d| d.as_ref().map(chart::describe).unwrap_or_default())}
            </p>
            <div class="sm-readout" data-testid="day-readout" aria-live="polite">
                {dynamic(move || readout(data, cursor.get()))}
            </div>
            <div class="sm-day-summary" data-testid="day-summary">
                {dynamic(move || data.with(|d| match d {
                    Some(d) => table_view("The day in figures", report::summary_table(d)),
                    None => ().into_any(),
                }))}
            </div>
            <DayTable data/>
            <div class="sm-chart-tools">
                <button type="button" class="sm-btn" data-testid="day-csv" on:click=move |_| export(state, data, "csv")>"CSV"</button>
                <button type="button" class="sm-btn" data-testid="day-svg" on:click=move |_| export(state, data, "svg")>"SVG"</button>
                <button type="button" class="sm-btn" data-testid="day-png" on:click=move |_| export(state, data, "png")>"PNG"</button>
            </div>
        </div>
    }
}

/// The day as a table, every half hour and at each event, folded under its summary line: built
/// only while open (some 350 cells a change would otherwise rebuild unseen). Screen readers have
/// the chart's description and the summary table above it either way.
#[component]
fn DayTable(
    /// The day shown.
    data: Memo<Option<Day>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let toggle = move |ev: leptos::ev::Event| {
        open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"));
    };
    view! {
        <details class="sm-day-table" data-testid="day-table" on:toggle=toggle>
            <summary>"The day as a table: every half hour and at each event"</summary>
            {move || open.get().then(|| dynamic(move || data.with(|d| match d {
                Some(d) => table_view("A day of traffic, every half hour and at each event", report::table(d)),
                None => ().into_any(),
            })))}
        </details>
    }
}

/// The previous/next stage buttons and which stage is shown.
#[component]
fn DayStepper(
    /// The page state.
    state: State,
    /// The stage picked (an index; `None`: the last).
    stage: RwSignal<Option<usize>>,
) -> impl IntoView {
    let step = move |by: isize| {
        let n = state.with_drawn_scenario_untracked(|scenario| scenario.users.len());
        let now = shown(stage.get_untracked(), n) as isize;
        stage.set(Some((now + by).clamp(0, n as isize - 1) as usize));
    };
    let label = move || {
        let pick = stage.get();
        state.with_drawn_scenario(|scenario| {
            let users = &scenario.users;
            let i = shown(pick, users.len());
            let u = users.get(i).copied().unwrap_or(0.0);
            format!(
                "Stage {} of {}: {} users",
                i + 1,
                users.len(),
                users_label(u)
            )
        })
    };
    view! {
        <div class="sm-day-stage" role="group" aria-label="Stage">
            <button type="button" class="sm-btn" data-testid="day-prev" aria-label="Previous stage" on:click=move |_| step(-1)>"◀"</button>
            <span data-testid="day-stage" aria-live="polite">{label}</span>
            <button type="button" class="sm-btn" data-testid="day-next" aria-label="Next stage" on:click=move |_| step(1)>"▶"</button>
        </div>
    }
}

/// The chart box: the core's SVG at the box's width, the cursor under the pointer or keys.
#[component]
fn DayChart(
    /// The day shown.
    data: Memo<Option<Day>>,
    /// The minute pointed at.
    cursor: RwSignal<Option<usize>>,
) -> impl IntoView {
    let boxed = NodeRef::<leptos::html::Div>::new();
    let width = measured_width(boxed);
    let svg = move || {
        let w = width.get()? as u32;
        data.with(|d| {
            let d = d.as_ref()?;
            Some(inline::without_style(&chart::render(
                d,
                &options(d, w, cursor.get(), None),
            )))
        })
    };
    let point = move |ev: leptos::ev::PointerEvent| {
        let w = width.get_untracked().map_or(DEFAULT_WIDTH, |w| w as u32);
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
    view! {
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
    }
}

/// The readout at minute `m`, through the growth chart's readout view.
fn readout(data: Memo<Option<Day>>, m: Option<usize>) -> AnyView {
    let r = m.and_then(|m| data.with(|d| d.as_ref().map(|d| report::readout(d, m))));
    let Some((time, items)) = r else {
        return view! { <span class="sm-muted">"Point at the chart, or focus it and use the arrow keys, to read any minute."</span> }.into_any();
    };
    let sentence = items
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    // Swatches for the three series; the other figures have none.
    let swatch = ["peak_rps", "service_instances", "none", "p99"];
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, (k, v))| (swatch.get(i).copied().unwrap_or("none"), k, v))
        .collect();
    readout_view(format!("At {time}: {sentence}."), time, items, None)
}

/// Downloads the day shown as CSV, SVG or PNG (`kind`).
fn export(state: State, data: Memo<Option<Day>>, kind: &str) {
    let file = |ext: &str| format!("scalemap-{}-day.{ext}", state.preset_untracked().key());
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
}
