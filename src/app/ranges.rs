//! The Ranges view (the Ranges page's one view): each figure's band over the inputs given as
//! ranges, the growth curves with their bands, and what moves a stage's figures most (the
//! tornado), all computed by [`crate::core::uncertain`].
//!
//! The samples run in slices between frames ([`Sampler`]): typing stays as fast as on the
//! other pages, the point values (the report every page computes) show at once, and the bands
//! follow when the samples are done. A result is shown only beside the scenario it was drawn
//! from, so a band is never shown for values it did not see.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::chart::{measured_width, table_view};
use super::download;
use super::erase::dynamic;
use super::inline;
use super::state::State;
use crate::core::chart::ChartOptions;
use crate::core::format;
use crate::core::json::ReportJson;
use crate::core::params::{spec, Scenario};
use crate::core::sweep::users_label;
use crate::core::sweep::Table;
use crate::core::uncertain::bands::{Bands, Collector, Curves, Figure};
use crate::core::uncertain::json as uj;
use crate::core::uncertain::sensitivity::{self, Sensitivity};
use crate::core::uncertain::tornado::{self, Watch};
use crate::core::uncertain::{band_chart, DEFAULT_SAMPLES};

/// Samples run per slice: a few milliseconds of work between two frames.
const SLICE: usize = 10;
/// Width for a box that cannot be measured.
const DEFAULT_WIDTH: u32 = 900;

/// The bands of one scenario, once all its samples have run.
#[derive(Clone)]
struct Done {
    /// The scenario they were drawn from.
    scenario: Arc<Scenario>,
    bands: Arc<Bands>,
    curves: Arc<Curves>,
}

/// The samples' progress and result, shared by the view's parts.
#[derive(Clone, Copy)]
struct Sampler {
    /// The latest finished result.
    done: RwSignal<Option<Done>>,
    /// Samples run and in all, for the scenario being sampled.
    progress: RwSignal<(usize, usize)>,
    /// Bumped for every new scenario: a slice of an older one stops.
    run: StoredValue<u32>,
    /// `done` when it was drawn from the scenario as typed now, else `None` (while a value is
    /// being typed: its samples start once typing pauses, with the drawings). Compared once
    /// per change here, for every part of the view that reads it.
    current: Memo<Option<Done>>,
}

impl Sampler {
    /// Starts sampling whenever the scenario drawn changes (an Effect: the work happens
    /// outside the reactive graph, in timer callbacks, and only they write the signals).
    fn new(state: State) -> Sampler {
        let done = RwSignal::new(None::<Done>);
        let current = Memo::new_with_compare(
            move |_| {
                let d = done.get()?;
                state.resolved.with(|(s, _)| *s == *d.scenario).then_some(d)
            },
            // Changed unless both are the same result (or both none).
            |a, b| match (a.and_then(Option::as_ref), b.and_then(Option::as_ref)) {
                (Some(x), Some(y)) => !Arc::ptr_eq(&x.bands, &y.bands),
                (x, y) => x.is_some() != y.is_some(),
            },
        );
        let sampler = Sampler {
            done,
            progress: RwSignal::new((0, DEFAULT_SAMPLES)),
            run: StoredValue::new(0),
            current,
        };
        Effect::new(move |_| {
            let s = state.with_drawn_scenario(Scenario::clone);
            sampler.start(s);
        });
        sampler
    }

    fn start(self, s: Scenario) {
        let run = self.run.get_value().wrapping_add(1);
        self.run.set_value(run);
        let c = Rc::new(RefCell::new(Collector::new(&s, DEFAULT_SAMPLES)));
        self.slice(run, s, c);
    }

    /// Runs one slice of `run`, then the next after the browser has had a turn.
    fn slice(self, run: u32, s: Scenario, c: Rc<RefCell<Collector>>) {
        gloo_timers::callback::Timeout::new(0, move || {
            if self.run.try_get_value() != Some(run) {
                return;
            }
            let (progress, done) = {
                let mut col = c.borrow_mut();
                col.add(SLICE);
                (col.progress(), col.done())
            };
            self.progress.set(progress);
            if done {
                let col = c.borrow();
                self.done.set(Some(Done {
                    bands: Arc::new(col.bands()),
                    curves: Arc::new(col.curves()),
                    scenario: Arc::new(s),
                }));
            } else {
                self.slice(run, s, c);
            }
        })
        .forget();
    }
}

/// The Ranges view: the ranges given, the bands, the growth curves with bands, the tornado.
#[component]
pub fn RangesView(
    /// The page state.
    state: State,
) -> impl IntoView {
    let sampler = Sampler::new(state);
    view! {
        <div class="smr" data-testid="ranges">
            <RangesGiven state/>
            <super::Card id="sm-bands" title_id="sm-bands-title" title="Bands" note="Each figure at the point values, and below it the samples' 10th, 50th (the median) and 90th percentiles.">
                <Progress sampler/>
                <BandsTable state sampler/>
                <BandsDownload state sampler/>
            </super::Card>
            <super::Card id="sm-rgrowth" title_id="sm-rgrowth-title" title="Growth, with bands" note="Logarithmic axes; the line is the point values, the shade the samples' 10th to 90th percentile.">
                <BandChart state sampler/>
            </super::Card>
            <super::Card id="sm-tornado" title_id="sm-tornado-title" title="What moves the figures" note="One input at a time across its range (±25% without one), every other input at its point value.">
                <Tornado state/>
            </super::Card>
        </div>
    }
}

/// The inputs given as ranges, or how to give one (and the preset page's own ranges).
#[component]
fn RangesGiven(
    /// The page state.
    state: State,
) -> impl IntoView {
    let given = move || {
        state.with_drawn_scenario(|s| {
            s.ranges
                .iter()
                .map(|(p, r)| {
                    let sp = spec(*p);
                    let kind = if r.mode.is_some() {
                        "most likely value given: triangular"
                    } else {
                        "uniform"
                    };
                    format!(
                        "{}: {} ({kind}; point value {})",
                        sp.label,
                        r.to_text(),
                        format::num(s.get(*p))
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let seed = move || state.preset().seed_ranges();
    let use_seed = move |_| {
        let ranges = state.preset_untracked().seed_ranges();
        state.update(|l| {
            for (k, v) in ranges {
                l.set(k, v);
            }
        });
    };
    view! {
        <div class="smr-given" data-testid="ranges-given">
            {move || {
                let g = given();
                if g.is_empty() {
                    view! {
                        <p>"No input is a range yet. Type one into any number field: "<code>"20..40"</code>" (every value between equally likely) or "<code>"2k..3k..5k"</code>" (the middle one most likely). Until then each band is a single value, and the tornado swings every input ±25%."</p>
                    }.into_any()
                } else {
                    view! {
                        <p>{format!("{} input(s) given as ranges, sampled {} times:", g.len(), DEFAULT_SAMPLES)}</p>
                        <ul>{g.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                    }.into_any()
                }
            }}
            {move || {
                let seed = seed();
                (!seed.is_empty()).then(|| {
                    let list = seed.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ");
                    view! {
                        <p class="sm-muted">
                            {format!("This preset's page gives ranges: {list}. ")}
                            <button type="button" class="sm-btn" data-testid="use-seed-ranges" on:click=use_seed>"Use the page's ranges"</button>
                        </p>
                    }
                })
            }}
        </div>
    }
}

/// How far the samples are.
#[component]
fn Progress(
    /// The samples.
    sampler: Sampler,
) -> impl IntoView {
    let text = move || {
        if let Some(done) = sampler.current.get() {
            if done.scenario.ranges.is_empty() {
                return "Nothing to sample yet: no input is a range, so each band is its point value.".to_string();
            }
            let n = sampler.progress.get().1;
            format!(
                "{n} samples (Latin hypercube, fixed seed: this link always shows these bands)."
            )
        } else {
            let (a, b) = sampler.progress.get();
            format!("Sampling… {a} of {b}")
        }
    };
    // `data-state`: "done" once the bands beside the current scenario are in (for tests and
    // the benchmark), "sampling" before.
    let phase = move || {
        if sampler.current.get().is_some() {
            "done"
        } else {
            "sampling"
        }
    };
    view! { <p class="smr-progress sm-muted" data-testid="ranges-progress" data-state=phase aria-live="polite">{text}</p> }
}

/// "Download JSON": the report with its bands, the bottleneck's shares and the sensitivity,
/// as `scalemap --format json --samples 200 LINK` prints it (the same bytes for the same link,
/// `tests/e2e/ranges.test.mjs`), once the samples are in.
#[component]
fn BandsDownload(
    /// The page state.
    state: State,
    /// The samples.
    sampler: Sampler,
) -> impl IntoView {
    let save = move |_| {
        let Some(done) = sampler.current.get_untracked() else {
            return;
        };
        let s = &done.scenario;
        let extra = uj::stages(&done.bands, &sensitivity::all(s));
        let mut notices = state.link_notices.get_untracked();
        notices.extend(state.resolved.with_untracked(|(_, n)| n.clone()));
        let text = state.report.with_untracked(|r| {
            state.link.with_untracked(|l| {
                ReportJson::new(r, l, &notices, false)
                    .with_uncertainty(s, extra, done.bands.samples)
                    .to_line()
            })
        });
        let name = format!("scalemap-{}-bands.json", state.preset_untracked().key());
        download::download_text(&name, "application/json", &format!("{text}\n"));
    };
    let ready = move || sampler.current.get().is_some();
    view! {
        <p class="smr-download">
            <button type="button" class="sm-btn" data-testid="download-bands-json" disabled=move || !ready() on:click=save>
                "Download JSON"
            </button>
            <span class="sm-muted">" the report with its bands and sensitivity, as "<code>"scalemap --format json --samples 200"</code>" prints it"</span>
        </p>
    }
}

/// The stages × figures table: the point value, and the band under it once sampled.
#[component]
fn BandsTable(
    /// The page state.
    state: State,
    /// The samples.
    sampler: Sampler,
) -> impl IntoView {
    dynamic(move || {
        let done = sampler.current.get();
        state.report.with(|r| {
            let heads = r
                .stages
                .iter()
                .map(|st| view! { <th scope="col">{format!("{} users", users_label(st.users))}</th> })
                .collect_view();
            let rows = Figure::ALL
                .into_iter()
                .enumerate()
                .map(|(f, fig)| {
                    let cells = r
                        .stages
                        .iter()
                        .enumerate()
                        .map(|(k, st)| {
                            let band = done.as_ref().and_then(|d| d.bands.stages.get(k)?.figures.get(f)?.1.clone());
                            cell(fig, fig.of(st), band)
                        })
                        .collect_view();
                    view! { <tr data-testid=format!("band-{}", fig.key())><th scope="row">{fig.label()}</th>{cells}</tr> }
                })
                .collect_view();
            let necks = r
                .stages
                .iter()
                .enumerate()
                .map(|(k, st)| {
                    let sampled = done.as_ref().filter(|d| !d.scenario.ranges.is_empty());
                    let shares = sampled.and_then(|d| d.bands.stages.get(k).map(|b| {
                        b.bottlenecks
                            .iter()
                            .map(|b| format!("{} {}", b.label, format::percent(b.share)))
                            .collect::<Vec<_>>()
                            .join(" · ")
                    }));
                    view! {
                        <td>
                            <strong>{st.bottleneck.component.label()}</strong>
                            <span class="smr-band">{shares.map(|s| format!("in the samples: {s}"))}</span>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <div class="smr-table-box" tabindex="0" role="region" aria-label="Bands, by stage">
                    <table class="smr-table" data-testid="bands-table">
                        <caption class="sm-sr">"Each figure at the point values, with the 10th to 90th percentile of the samples"</caption>
                        <thead><tr><th scope="col">"Figure"</th>{heads}</tr></thead>
                        <tbody>
                            {rows}
                            <tr data-testid="band-bottleneck"><th scope="row">"First bottleneck"</th>{necks}</tr>
                        </tbody>
                    </table>
                </div>
                <p class="sm-muted smr-how">"How a band is made: every input given as a range is cut into as many slices of equal probability as there are samples, each slice used once (a Latin hypercube, from a fixed seed); each sample runs through the same model as the growth page; the band is the 10th to the 90th percentile of what the samples give. The bold figure is the model at the point values (each range's most likely value, or its midpoint)."</p>
            }
            .into_any()
        })
    })
}

/// One cell: the point value in bold, the band under it (or a wait mark).
fn cell(
    fig: Figure,
    point: Option<f64>,
    band: Option<crate::core::uncertain::bands::Band>,
) -> impl IntoView {
    let shown = point.map_or("none".to_string(), |v| fig.format(v));
    let under = match band {
        Some(b) if fig.format(b.p10) == fig.format(b.p90) => "no spread".to_string(),
        Some(b) => {
            let outside = point.is_some_and(|v| v < b.p10 || v > b.p90);
            format!(
                "p10 {} · p50 {} · p90 {}{}",
                fig.format(b.p10),
                fig.format(b.p50),
                fig.format(b.p90),
                if outside {
                    " (the point lies outside)"
                } else {
                    ""
                }
            )
        }
        None => "…".to_string(),
    };
    view! { <td><strong>{shown}</strong><span class="smr-band">{under}</span></td> }
}

/// The growth curves with their bands, at the box's width.
#[component]
fn BandChart(
    /// The page state.
    state: State,
    /// The samples.
    sampler: Sampler,
) -> impl IntoView {
    let boxed = NodeRef::<leptos::html::Div>::new();
    let width = measured_width(boxed);
    let svg = move || {
        let w = width.get().map_or(DEFAULT_WIDTH, |w| w as u32);
        let done = sampler.current.get()?;
        // The metrics the link names (`metrics=`, as the growth chart reads them).
        let metrics = state.link.with(|l| super::chart::chosen(&l.view.metrics));
        let opts = ChartOptions {
            width: w,
            metrics,
            id_prefix: "sm-rb-".into(),
            ..ChartOptions::default()
        };
        Some(inline::without_style(&band_chart::render(
            &done.curves,
            &done.scenario.users,
            &opts,
        )))
    };
    view! {
        <div node_ref=boxed class="sm-chart-box smr-chart" data-testid="band-chart" inner_html=move || svg().unwrap_or_default()></div>
    }
}

/// The tornado of one stage, by the monthly cost or the bottleneck's headroom.
#[component]
fn Tornado(
    /// The page state.
    state: State,
) -> impl IntoView {
    let stage = RwSignal::new(None::<usize>);
    let watch = RwSignal::new(Watch::Cost);
    let sens: Memo<Option<Sensitivity>> = Memo::new_with_compare(
        move |_| {
            let pick = stage.get();
            state.with_drawn_scenario(|s| {
                let i = pick
                    .unwrap_or(usize::MAX)
                    .min(s.users.len().checked_sub(1)?);
                Some(sensitivity::stage(s, s.users[i]))
            })
        },
        |_, _| true,
    );
    let boxed = NodeRef::<leptos::html::Div>::new();
    let width = measured_width(boxed);
    let svg = move || {
        let w = width.get().map_or(DEFAULT_WIDTH, |w| w as u32);
        sens.with(|s| {
            let s = s.as_ref()?;
            let opts = ChartOptions {
                width: w,
                id_prefix: "sm-rt-".into(),
                ..ChartOptions::default()
            };
            Some(inline::without_style(&tornado::render(
                s,
                watch.get(),
                &opts,
            )))
        })
    };
    let stages = move || {
        state.with_drawn_scenario(|s| {
            let last = s.users.len().saturating_sub(1);
            let on = stage.get().unwrap_or(last).min(last);
            s.users
                .iter()
                .enumerate()
                .map(|(i, &u)| {
                    view! {
                        <button type="button" class="sm-btn" aria-pressed=(i == on).to_string() on:click=move |_| stage.set(Some(i))>
                            {format!("{} users", users_label(u))}
                        </button>
                    }
                })
                .collect_view()
        })
    };
    let watches = [Watch::Cost, Watch::Headroom].into_iter().map(|w| {
        view! {
            <button type="button" class="sm-btn" data-testid=format!("watch-{}", w.key()) aria-pressed=move || (watch.get() == w).to_string() on:click=move |_| watch.set(w)>
                {w.title()}
            </button>
        }
    }).collect_view();
    view! {
        <div class="smr-controls">
            <div role="group" aria-label="Stage" class="smr-buttons" data-testid="tornado-stages">{stages}</div>
            <div role="group" aria-label="Figure" class="smr-buttons">{watches}</div>
        </div>
        <div node_ref=boxed class="sm-chart-box smr-chart" data-testid="tornado" inner_html=move || svg().unwrap_or_default()></div>
        <details class="smr-details">
            <summary>"The swings as a table"</summary>
            {move || sens.with(|s| s.as_ref().map(|s| table_view("Each input's low and high value, and the figure at each", swing_table(s, watch.get()))))}
        </details>
    }
}

/// The ranked swings of `watch` as a table.
fn swing_table(s: &Sensitivity, watch: Watch) -> Table {
    let rows = watch
        .list(s)
        .iter()
        .map(|w| {
            let (a, b) = watch.ends(w);
            vec![
                tornado::input_text(w),
                watch.format(a),
                watch.format(b),
                watch.format((b - a).abs()),
            ]
        })
        .collect();
    Table {
        headers: ["Input (low → high)", "At low", "At high", "Swing"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}
