//! The web page: a thin Leptos shell over [`crate::core`]. Components read signals, call the
//! core and render; every figure, text and SVG comes from the core.
//!
//! One file per concern: [`state`] (the link signal and the Memos), [`url`] (URL and storage
//! sync), [`inputs`], [`table`], [`explain`] (derivation popovers), [`diagrams`], [`chart`],
//! [`notices`], [`share`], [`saved`] (scenarios kept in this browser, scenario files), [`store`] (local storage), [`embed`], [`theme`], [`download`] and small browser helpers in
//! [`web`].

mod chart;
mod day;
mod diagrams;
mod download;
mod embed;
mod embed_builder;
mod erase;
mod exercise;
mod explain;
mod grid;
mod inline;
mod inputs;
mod keyed;
mod local;
mod notices;
mod plan;
mod ranges;
mod report_download;
mod saved;
mod service_editor;
mod share;
mod state;
mod store;
mod table;
mod theme;
mod url;
mod web;
mod whatif;
mod when;
mod zoom;

use leptos::prelude::*;

use crate::core::share::View;
use erase::{dynamic, List};
use state::State;
use when::When;

/// Starts the page: panic messages to the console (debug builds), the app mounted on `<body>`, and a
/// `scalemap:mounted` performance mark once its frame is in place.
///
/// The page mounts in two steps, one microtask apart: first its frame (header, inputs, notices,
/// the cards and the chart's box), then the results that make most of its nodes (the stage
/// table and the diagrams). The chart measures its box in between (a microtask it queues while
/// mounting, so it runs first): the layout that measurement forces then covers the frame, a few
/// milliseconds, not the whole page, tens of milliseconds on a first load. Both steps run
/// before the browser renders anything, so no half-built page is ever painted.
pub fn start() {
    // A panic's message goes to the console. Not in release pages (scripts/release-env.sh):
    // there a panic aborts at once without running any hook, so the hook would be dead code
    // (check-cfg does not know this unstable `panic` value yet, hence the allow).
    #[allow(unexpected_cfgs)]
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    if let Some(el) = web::by_id("sm-loading") {
        el.remove();
    }
    let results = RwSignal::new(false);
    leptos::mount::mount_to_body(move || view! { <App results=results.read_only()/> });
    queue_microtask(move || results.set(true));
    web::mark("scalemap:mounted");
}

/// Whether this build is the Day page (`day/index.html`, cargo feature `day-page`) rather than
/// the growth page (`index.html`). Each page ships only its own views: the two together were
/// over the size ceiling of one page (see ARCHITECTURE.md, "Four pages").
const DAY_PAGE: bool = cfg!(feature = "day-page");

/// Whether this build is the Ranges page (`ranges/index.html`, cargo feature `ranges-page`):
/// bands over the inputs given as ranges, and what moves each figure most (issue "Ranges").
const RANGES_PAGE: bool = cfg!(feature = "ranges-page");

/// Whether this build is the Learn page (`learn/index.html`, cargo feature `learn-page`): what
/// changes at each stage and what to do first (the scaling plan and the preset's Self Check),
/// beside the stage table.
const LEARN_PAGE: bool = cfg!(feature = "learn-page");

/// The whole page.
#[component]
fn App(
    /// Whether the results (stage table and diagrams) are built yet (see [`start`]).
    results: ReadSignal<bool>,
) -> impl IntoView {
    let boot = url::boot();
    let embed = boot.link.view.embed;
    let embed_id = boot.link.view.id.clone();
    let state = State::new(boot.link, boot.notices);
    url::sync(state);
    theme::sync(state);
    if embed {
        // Embeds fit their frame (no scrollbar gutter, see style/main.css).
        web::set_root_attribute("data-embed", Some(""));
        embed::report_height(embed_id);
    }
    let body = match (DAY_PAGE, RANGES_PAGE, embed) {
        (true, _, false) => view! { <DayPage state/> }.into_any(),
        (true, _, true) => view! { <EmbedPage state views=view! { <DayCard state/> }/> }.into_any(),
        (_, true, false) => view! { <RangesPage state/> }.into_any(),
        (_, true, true) => {
            view! { <EmbedPage state views=view! { <ranges::RangesView state/> }/> }.into_any()
        }
        _ if LEARN_PAGE && !embed => view! { <LearnPage state results/> }.into_any(),
        _ if LEARN_PAGE => {
            view! { <EmbedPage state views=learn_views(state, results)/> }.into_any()
        }
        (_, _, false) => view! { <FullPage state results/> }.into_any(),
        (_, _, true) => view! { <EmbedPage state views=embed_views(state, results)/> }.into_any(),
    };
    view! {
        <div id=embed::ROOT_ID class="sm-app" class:sm-embed=embed data-testid="app-ready">
            {body}
        </div>
        <explain::ExplainPopover state/>
    }
}

/// A titled card of the results column: a heading, a one-line note, then its content.
#[component]
fn Card(
    /// The section's element id (a skip link's target: it takes the focus, so `tabindex=-1`).
    id: &'static str,
    /// The heading's element id (the section is labelled by it).
    title_id: &'static str,
    /// The heading.
    title: &'static str,
    /// The note beside the heading.
    note: &'static str,
    /// The browser tests' handle on it (`data-testid`); none by default.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The content.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="sm-card" id=id tabindex="-1" aria-labelledby=title_id data-testid=testid>
            <div class="sm-card-head">
                <h2 id=title_id>{title}</h2>
                <p class="sm-muted">{note}</p>
            </div>
            {children()}
        </section>
    }
}

/// The stage table and breakpoints.
#[component]
fn TableCard(
    /// The page state.
    state: State,
) -> impl IntoView {
    view! {
        <Card id=SKIP_TABLE title_id="sm-stages-title" title="Stages" note="Hover, focus or tap a figure to see how it was worked out.">
            <table::StageTable state/>
            <table::Breakpoints state/>
            {(!LEARN_PAGE).then(|| view! {
                <p class="sm-learn-link">
                    <a href=url::page_href(state, "learn/") data-testid="learn-link">"The scaling plan per stage, and the Self Check: what to do first →"</a>
                </p>
            })}
        </Card>
    }
}

/// The Learn page's first card: per stage what changes and why, then the preset page's Self
/// Check answered by the model.
#[component]
fn PlanCard(
    /// The page state.
    state: State,
) -> impl IntoView {
    view! {
        <Card id=SKIP_PLAN title_id="sm-plan-card-title" title="What changes, and what to do first" note="Each change with the figure that forced it; open a stage to see them.">
            <table::ScalingPlan state/>
            <plan::SelfCheck state/>
        </Card>
    }
}

/// The architecture diagrams (one stage's with `only`).
#[component]
fn DiagramsCard(
    /// The page state.
    state: State,
    /// Show only this stage. Default: every stage.
    #[prop(default = None)]
    only: Option<usize>,
) -> impl IntoView {
    view! {
        <Card id=SKIP_DIAGRAMS title_id="sm-arch-title" title="Architecture" note="What runs at each stage; the component closest to its limit is marked.">
            <diagrams::Diagrams state only/>
        </Card>
    }
}

/// The growth curves.
#[component]
fn ChartCard(
    /// The page state.
    state: State,
) -> impl IntoView {
    view! {
        <Card id=SKIP_CHART title_id="sm-growth-title" title="Growth" note="Logarithmic axes; dashed lines are the stages, dotted ones the breakpoints.">
            <chart::Chart state/>
        </Card>
    }
}

/// A day of traffic at one stage (the Day page's one card).
#[component]
fn DayCard(
    /// The page state.
    state: State,
) -> impl IntoView {
    view! {
        <Card id=SKIP_DAY title_id="sm-day-title" title="A day" note="Traffic, autoscaled instances and p99 latency over 24 hours at one stage, with spikes and canaries.">
            <day::DayView state/>
        </Card>
    }
}

/// The whole report, for machines (the Day page's second card: see [`report_download`]).
#[component]
fn ReportCard(
    /// The page state.
    state: State,
) -> impl IntoView {
    view! {
        <Card id="sm-report" title_id="sm-report-title" title="The report" note="Every stage of this scenario, latency and availability included, as build pipelines read it.">
            <report_download::ReportDownload state/>
        </Card>
    }
}

/// The skip links' targets: the inputs, and the table, diagrams and chart cards.
const SKIP_INPUTS: &str = "sm-inputs";
/// See [`SKIP_INPUTS`].
const SKIP_TABLE: &str = "sm-stages";
/// See [`SKIP_INPUTS`].
const SKIP_DIAGRAMS: &str = "sm-arch";
/// See [`SKIP_INPUTS`].
const SKIP_CHART: &str = "sm-growth";
/// See [`SKIP_INPUTS`].
const SKIP_DAY: &str = "sm-day";
/// See [`SKIP_INPUTS`].
const SKIP_PLAN: &str = "sm-plan";

/// The skip links' click handler (each page writes its links in a `<nav class="sm-skip">`, the
/// first stops of the page, visible when focused). One listener on the `<nav>` serves them all
/// (each link's id is `skip-` and its target's): it focuses the target (which scrolls it into
/// view) without a history entry or a `#fragment` in the shared URL; the `href` stays, for the
/// link's meaning.
fn skip_click(ev: leptos::ev::MouseEvent) {
    let link = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .map(|el| el.id());
    if let Some(id) = link.as_deref().and_then(|l| l.strip_prefix("skip-")) {
        ev.prevent_default();
        web::focus_id(id);
    }
}

/// The links to the other pages, carrying the scenario (the link's values without its embed
/// options): on the growth page "A day of traffic →" and "Ranges →", on the others "← Growth"
/// and another (the growth page's stage card links to the Learn page). Each page lives in its own folder, the Day page in `day/` and the Ranges
/// page in `ranges/` under the growth page.
///
/// A plain function, not a component, like [`frame`] and [`embed_views`]: each page calls it
/// once, and a component's props code cost the page bytes (a size trick of the shell).
fn page_link(state: State) -> impl IntoView {
    let ((a, a_href), (b, b_href)) = if DAY_PAGE {
        (("← Growth", "../"), ("Ranges", "../ranges/"))
    } else if RANGES_PAGE || LEARN_PAGE {
        (("← Growth", "../"), ("A day of traffic", "../day/"))
    } else {
        (("A day of traffic →", "day/"), ("Ranges →", "ranges/"))
    };
    view! {
        <nav aria-label="Pages" class="sm-pages">
            <a class="sm-btn" href=url::page_href(state, a_href) data-testid="page-tab">{a}</a>
            <a class="sm-btn" href=url::page_href(state, b_href) data-testid="page-tab-2">{b}</a>
        </nav>
    }
}

/// The header's "Embed in a course": to the Learn page's embed builder with the scenario and
/// this page chosen (`#embed-day`, ...), or on the Learn page to its builder card. The links
/// share the page tabs' code (`url::page_href`).
fn embed_link(state: State) -> AnyView {
    let to = if DAY_PAGE {
        "../learn/#embed-day"
    } else if RANGES_PAGE {
        "../learn/#embed-ranges"
    } else {
        "learn/#embed-growth"
    };
    if LEARN_PAGE {
        view! { <a class="sm-btn" href="#sm-embed-builder" data-testid="copy-embed">"Embed in a course"</a> }
            .into_any()
    } else {
        view! { <a class="sm-btn" href=url::page_href(state, to) data-testid="copy-embed">"Embed in a course"</a> }
            .into_any()
    }
}

/// Where the layout has two columns (`style/main.css`'s narrow rules end at 900 px).
const WIDE: &str = "(min-width: 901px)";

/// Puts the inputs panel where the Tab order needs it: before the results on a narrow screen,
/// after them in the two-column layout, where it is the right-hand column. Now, and again
/// whenever the layout changes (a media query's change events; a handler, not an Effect). The
/// panel moves as it is, fields, focus and values with it (Leptos never re-renders the static
/// layout around it).
fn place_inputs() {
    let place = || {
        let Some(side) = web::by_id(SKIP_INPUTS) else {
            return;
        };
        let Some(layout) = side.parent_element() else {
            return;
        };
        let _ = if web::media(WIDE).is_some_and(|m| m.matches()) {
            layout.append_child(&side)
        } else {
            layout.insert_before(&side, layout.first_child().as_ref())
        };
    };
    queue_microtask(place);
    if let Some(query) = web::media(WIDE) {
        let listener = gloo_events::EventListener::new(&query, "change", move |_| place());
        StoredValue::new_local(listener);
    }
}

/// A page's frame: header, then the inputs and the results; the page puts its skip
/// links before it.
///
/// On a narrow screen the inputs (folded behind "Show inputs") come before the results; in the
/// two-column layout they are the right-hand column and come after the results in the document
/// too ([`place_inputs`]), so the Tab order follows what is seen and the diagrams are a dozen
/// Tab presses from the top, not forty ("Skip to inputs" is the first stop).
///
/// `state`: the page state; `tagline`: the line under the name; `results`: the results column's
/// content (see [`page_link`] for why a function).
fn frame(state: State, tagline: &'static str, results: impl IntoView + 'static) -> impl IntoView {
    let inputs_open = RwSignal::new(false);
    // The scenario shown (the pattern's summary, or what was changed); none beside an open
    // exercise, whose questions it could answer.
    let summary = Signal::derive(move || {
        state.link.with(|l| {
            if LEARN_PAGE && !l.view.ask.is_empty() {
                String::new()
            } else {
                crate::core::embed::intro(l)
            }
        })
    });
    let expanded = Signal::derive(move || inputs_open.get().to_string());
    let toggle_text = Signal::derive(move || {
        String::from(if inputs_open.get() {
            "Hide inputs ▴"
        } else {
            "Show inputs ▾"
        })
    });
    place_inputs();
    view! {
        // The summary and notices belong to the banner, so that every part of the page is in a
        // landmark (axe's `region` rule).
        <header class="sm-top">
        <div class="sm-header">
            <div class="sm-brand">
                <span class="sm-logo" aria-hidden="true"></span>
                <div>
                    <h1>"Scalemap"</h1>
                    <p class="sm-tagline">{tagline}</p>
                </div>
            </div>
            {page_link(state)}
            <inputs::PresetPicker state/>
            <div class="sm-actions">
                <share::ShareButton state/>
                {embed_link(state)}
                <saved::SavedScenarios state/>
                <theme::ThemeToggle state/>
            </div>
        </div>
        <p class="sm-summary">{summary}</p>
        <notices::Notices state/>
        </header>
        <div class="sm-layout">
            <aside class="sm-side" id=SKIP_INPUTS tabindex="-1" aria-label="Inputs" class:sm-open=inputs_open>
                <button
                    type="button"
                    class="sm-btn sm-inputs-toggle"
                    aria-controls="sm-inputs-panel"
                    aria-expanded=expanded
                    on:click=move |_| inputs_open.update(|o| *o = !*o)
                >
                    {toggle_text}
                </button>
                <div id="sm-inputs-panel" class="sm-inputs-panel">
                    <inputs::Inputs state/>
                </div>
            </aside>
            <main class="sm-main">
                {results}
            </main>
        </div>
        <footer class="sm-footer">
            <p>
                "Scalemap estimates capacity from rules of thumb: every figure shows its derivation. "
                "Share a scenario with “Copy link”; the link holds every value you changed."
            </p>
        </footer>
    }
}

/// The growth page: the stage table, the diagrams and the growth chart.
#[component]
fn FullPage(
    /// The page state.
    state: State,
    /// Whether the results are built yet (see [`start`]).
    results: ReadSignal<bool>,
) -> impl IntoView {
    view! {
        <nav class="sm-skip" aria-label="Skip to" on:click=skip_click>
            // Literal ids and targets: `skip-` and the ids of SKIP_INPUTS, SKIP_TABLE, ...
            <a id="skip-sm-inputs" href="#sm-inputs">"Skip to inputs"</a>
            <a id="skip-sm-stages" href="#sm-stages">"Skip to table"</a>
            <a id="skip-sm-arch" href="#sm-arch">"Skip to diagrams"</a>
            <a id="skip-sm-growth" href="#sm-growth">"Skip to chart"</a>
        </nav>
        {frame(
            state,
            "How a microservice system grows from 100 users to 100 million",
            view! {
                <When when=results>
                    <TableCard state/>
                    <DiagramsCard state/>
                </When>
                <ChartCard state/>
            },
        )}
    }
}

/// The Learn page: the scaling plan and the Self Check, then the stage table they read.
#[component]
fn LearnPage(
    /// The page state.
    state: State,
    /// Whether the results are built yet (see [`start`]).
    results: ReadSignal<bool>,
) -> impl IntoView {
    view! {
        <nav class="sm-skip" aria-label="Skip to" on:click=skip_click>
            // Literal ids and targets: `skip-` and the ids of SKIP_INPUTS, SKIP_PLAN, SKIP_TABLE.
            <a id="skip-sm-inputs" href="#sm-inputs">"Skip to inputs"</a>
            <a id="skip-sm-plan" href="#sm-plan">"Skip to the plan"</a>
            <a id="skip-sm-stages" href="#sm-stages">"Skip to table"</a>
        </nav>
        {frame(
            state,
            "What changes at each stage, and what to do first",
            learn_views(state, results),
        )}
    }
}

/// The Learn page's cards: the exercise when the link asks questions, then (once its answers
/// are revealed, or at once without one) the plan with the Self Check and the stage table.
/// `results`: whether the results are built yet (see [`start`]).
fn learn_views(state: State, results: ReadSignal<bool>) -> impl IntoView {
    let ex = exercise::Exercise::new(state);
    let asks = move || !state.link.with(|l| l.view.ask.is_empty());
    view! {
        <When when=results>
            <When when=asks>
                <exercise::ExerciseCard state exercise=ex/>
            </When>
            <When when=move || !ex.open(state)>
                <PlanCard state/>
                <whatif::WhatIfCard state/>
                <service_editor::ServiceEditor state/>
                <TableCard state/>
            </When>
            // For course authors, not in a frame, and not beside an exercise's questions (whose
            // preview could show the answers).
            <When when=move || !asks() && !state.link.with(|l| l.view.embed)>
                <embed_builder::EmbedBuilder state/>
            </When>
        </When>
    }
}

/// The Day page: a day of traffic at one stage.
#[component]
fn DayPage(
    /// The page state.
    state: State,
) -> impl IntoView {
    view! {
        <nav class="sm-skip" aria-label="Skip to" on:click=skip_click>
            // Literal ids and targets: `skip-` and the ids of SKIP_INPUTS and SKIP_DAY.
            <a id="skip-sm-inputs" href="#sm-inputs">"Skip to inputs"</a>
            <a id="skip-sm-day" href="#sm-day">"Skip to the day"</a>
        </nav>
        {frame(
            state,
            "A day of traffic at one stage: spikes, canaries and autoscaling",
            view! {
                <DayCard state/>
                <ReportCard state/>
            },
        )}
    }
}

/// The Ranges page: bands over the inputs given as ranges, and what moves each figure most.
#[component]
fn RangesPage(
    /// The page state.
    state: State,
) -> impl IntoView {
    view! {
        <nav class="sm-skip" aria-label="Skip to" on:click=skip_click>
            // Literal ids and targets: `skip-` and the ids of SKIP_INPUTS and the Ranges cards.
            <a id="skip-sm-inputs" href="#sm-inputs">"Skip to inputs"</a>
            <a id="skip-sm-bands" href="#sm-bands">"Skip to the bands"</a>
            <a id="skip-sm-tornado" href="#sm-tornado">"Skip to what moves them"</a>
        </nav>
        {frame(
            state,
            "Ranges, not guesses: how far each figure depends on its inputs",
            view! { <ranges::RangesView state/> },
        )}
    }
}

/// Embed mode: a title bar with a link to the full page, the notices, the inputs unless
/// read-only, and the page's views.
#[component]
fn EmbedPage<V: IntoView + 'static>(
    /// The page state.
    state: State,
    /// The views (a view, not boxed children: each page has one).
    views: V,
) -> impl IntoView {
    // All of an embed is its main landmark, headed by the pattern's title (axe's
    // `landmark-one-main`, `page-has-heading-one` and `region` rules).
    view! {
        <main class="sm-embed-page">
        <div class="sm-embed-bar">
            <h1 class="sm-embed-title">{Signal::derive(move || state.link.with(crate::core::embed::scenario_name))}</h1>
            <embed::OpenInScalemap state/>
        </div>
        <notices::Notices state/>
        <When when=move || !state.link.with(|l| l.view.read_only)>
            <details class="sm-embed-inputs">
                <summary>"Inputs"</summary>
                <inputs::Inputs state/>
            </details>
        </When>
        <div class="sm-main">
            {views}
        </div>
        </main>
    }
}

/// The growth page's views in an embed: the one the link's `view` names. `results`: whether the
/// results are built yet (see [`start`]; [`page_link`] for why a function).
fn embed_views(state: State, results: ReadSignal<bool>) -> impl IntoView {
    // Gates for the view options the layout depends on (typing must not rebuild it): the view
    // (as `View as usize`) and the stage, memos of types the page has anyway (one memo of the
    // three options' tuple compiled the memo's code once more); `When` gates read-only.
    let view = Memo::new(move |_| state.link.with(|l| l.view.view as usize));
    let stage = Memo::new(move |_| state.link.with(|l| l.view.stage));
    dynamic(move || {
        let (view, stage) = (view.get(), stage.get());
        let view = View::ALL.iter().map(|v| v.0).find(|v| *v as usize == view);
        let (table, diagrams, chart) = match view.unwrap_or_default() {
            View::All => (true, Some(None), true),
            View::Table => (true, None, false),
            View::Diagrams => (false, Some(None), false),
            View::Diagram => (false, Some(Some(stage.unwrap_or(0))), false),
            View::Chart => (false, None, true),
        };
        view! {
            <When when=results>
                {table.then(|| view! { <TableCard state/> }).into_iter().list()}
                {diagrams.map(|only| view! { <DiagramsCard state only/> }).into_iter().list()}
            </When>
            {chart.then(|| view! { <ChartCard state/> }).into_iter().list()}
        }
        .into_any()
    })
}
