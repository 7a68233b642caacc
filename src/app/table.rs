//! The stage table (one column per stage, rows from [`crate::core::table::ROWS`]), the named
//! services' rows, the pattern page's qualitative row and the breakpoints list.
//!
//! The table's structure is rebuilt only when the number of stages or the named services
//! change (keyed `<For>`s); otherwise each cell's text updates on its own from the report Memo.

use std::sync::Arc;

use leptos::prelude::*;

use super::erase::{dynamic, List};
use super::explain::{self, FigCell};
use super::grid;
use super::keyed::{self, Keyed};
use super::local::local;
use super::state::State;
use super::when::When;
use crate::core::diagram::graph::Strain;
use crate::core::format;
use crate::core::model::{Breakpoint, Component, Fig, SvcFig, SWEEP_MAX_USERS};
use crate::core::table::{Row, Section, ROWS};

/// The sections, in display order.
const SECTIONS: [Section; 7] = [
    Section::Traffic,
    Section::Compute,
    Section::Data,
    Section::Network,
    Section::Cost,
    Section::Latency,
    Section::Bottleneck,
];

/// A service's place in a stage's list where the stage has no such service.
const ABSENT: usize = usize::MAX;

/// Most services the "all services" list shows.
const MAX_LISTED_SERVICES: usize = 100;

/// The row that a bottleneck component's cell is highlighted in.
fn bottleneck_row(c: Component) -> &'static str {
    match c {
        Component::ServiceRequests | Component::ServiceConnections => "service_instances",
        Component::Gateway => "gateways",
        Component::LoadBalancer => "load_balancers",
        Component::DbWrites => "db_write_qps",
        Component::DbReads => "db_read_after_cache",
        Component::DbStorage => "stored",
        Component::Cache => "cache_nodes",
        Component::Queue => "queue_brokers",
        Component::Network => "links",
        Component::Latency => "latency_p99_ms",
    }
}

/// A row's cells, one per stage, keyed by stage index (through the page's one [`Keyed`] list).
/// A cell reads the row's figures only through `local` memos: cells come and go with the
/// stages, the row stays (see `local.rs`).
#[component]
fn PerStage(
    /// Stage count.
    n: Memo<usize>,
    /// Builds the cell of stage `i`.
    cell: Arc<dyn Fn(usize) -> AnyView + Send + Sync>,
) -> impl IntoView {
    // Service rows come and go with the named services: the stage count too is read through
    // a `local` memo.
    let n = local(move || n.get());
    view! { <Keyed each=Signal::derive(move || keyed::indices(n.get())) child=Arc::new(move |(i, _)| cell(i))/> }
}

/// One row of figures.
#[component]
fn FigRow(
    /// The page state.
    state: State,
    /// Stage count.
    n: Memo<usize>,
    /// The row definition.
    row: &'static Row,
) -> impl IntoView {
    let is_bottleneck = row.key == "bottleneck";
    // The table's first figure is the grid's keyboard stop until the arrows move it (grid.rs).
    let first_row = ROWS
        .iter()
        .find(|r| r.section == SECTIONS[0])
        .is_some_and(|r| r.key == row.key);
    // The row's cells in one gate: the report wakes one Memo per row, and a row whose figures
    // did not change wakes none of its cells. Each cell is `(hot, text)`, highlighted as `1`: a
    // `(usize, String)`, the type of the page's list keys, since a memo of `(String, bool)`
    // compiled the memo's code once more for its type.
    let cells = Memo::new(move |_| {
        state.report.with(|r| {
            r.stages
                .iter()
                .map(|s| {
                    // Highlighted like the diagrams' tag: only once the bottleneck works at
                    // half its capacity or more (at 3% it is merely the busiest of idle parts).
                    let hot = (is_bottleneck || bottleneck_row(s.bottleneck.component) == row.key)
                        && Strain::of(s.bottleneck.value) != Strain::Light;
                    (usize::from(hot), (row.show)(s))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <tr class:sm-bneck-row=is_bottleneck>
            <th scope="row" class="sm-rowhead">{row.label}</th>
            <PerStage
                n
                cell=Arc::new(move |i| {
                    let text = local(move || {
                        cells.with(|c| c.get(i).map(|c| c.1.clone()).unwrap_or_default())
                    });
                    let hot = local(move || cells.with(|c| c.get(i).is_some_and(|c| c.0 == 1)));
                    view! {
                        <FigCell state testid=format!("cell-{}-{i}", row.key) stage=i fig=row.fig text=text.into() hot=hot.into() first=first_row && i == 0/>
                    }
                }.into_any())
            />
        </tr>
    }
}

/// The three rows of one named service (index `j` in every stage's service list).
#[component]
fn ServiceRows(
    /// The page state.
    state: State,
    /// Stage count.
    n: Memo<usize>,
    /// The service's index.
    j: usize,
    /// Its name.
    name: String,
) -> impl IntoView {
    let figs: [(SvcFig, &'static str, &'static str); 3] = [
        (SvcFig::Rps, "rps", "requests/s"),
        (SvcFig::DbQps, "db_qps", "DB queries/s"),
        (SvcFig::Instances, "instances", "instances"),
    ];
    figs.into_iter()
        .map(|(f, key, what)| {
            // One gate per row (see FigRow); the rows come and go with the named services.
            let cells = local(move || {
                state.report.with(|r| {
                    r.stages
                        .iter()
                        .map(|s| {
                            s.services
                                .get(j)
                                .map(|s| match f {
                                    SvcFig::Rps => format::rate(s.rps, "req/s"),
                                    SvcFig::DbQps => format::rate(s.db_qps, "QPS"),
                                    SvcFig::Instances => format::count(s.instances),
                                })
                                .unwrap_or_default()
                        })
                        .collect::<Vec<_>>()
                })
            });
            view! {
                <tr class="sm-svc-row">
                    <th scope="row" class="sm-rowhead sm-sub">
                        <span class="sm-svc-name">{name.clone()}</span>
                        " "
                        {what}
                    </th>
                    <PerStage
                        n
                        cell=Arc::new(move |i| {
                            let text = local(move || {
                                cells.with(|c| c.get(i).cloned().unwrap_or_default())
                            });
                            view! {
                                <FigCell state testid=format!("cell-svc-{j}-{key}-{i}") stage=i fig=Fig::Svc(j, f) text=text.into()/>
                            }
                        }.into_any())
                    />
                </tr>
            }
        })
        .list()
}

/// One row of the "all services" list: a service by name, wherever it is in each stage.
#[component]
fn AnyServiceRow(
    /// The page state.
    state: State,
    /// Stage count.
    n: Memo<usize>,
    /// Row number (for test ids).
    k: usize,
    /// The service's name.
    name: String,
) -> impl IntoView {
    let label = name.clone();
    // One gate per row (see FigRow): where the service is in each stage's list, and its text;
    // [`ABSENT`] where it is not in the stage (a `(usize, String)` like the page's list keys: a
    // memo of `Option<(usize, String)>` items compiled the memo's code once more).
    let cells = local(move || {
        state.report.with(|r| {
            r.stages
                .iter()
                .map(|s| {
                    let at = s.services.iter().position(|x| x.name == name);
                    at.map_or((ABSENT, String::new()), |j| {
                        let x = &s.services[j];
                        let each = format!(
                            "{} req/s · {} inst.",
                            format::count(x.rps),
                            format::count(x.instances)
                        );
                        (
                            j,
                            if x.count > 1.0 {
                                format!("{} × ({each} each)", format::count(x.count))
                            } else {
                                each
                            },
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <tr class="sm-svc-row">
            <th scope="row" class="sm-rowhead sm-sub">
                <span class="sm-svc-name">{label}</span>
            </th>
            <PerStage
                n
                cell=Arc::new(move |i| {
                    let found = move || cells.with(|c| c.get(i).filter(|f| f.0 != ABSENT).cloned());
                    // Rebuilt only when the service moves in the stage's list (its text follows).
                    let idx = local(move || found().map(|f| f.0));
                    dynamic(move || match idx.get() {
                        Some(j) => {
                            let text = local(move || found().map(|f| f.1).unwrap_or_default());
                            view! {
                                <FigCell state testid=format!("cell-svcall-{k}-{i}") stage=i fig=Fig::Svc(j, SvcFig::Instances) text=text.into()/>
                            }
                            .into_any()
                        }
                        None => view! { <td class="sm-cell sm-none">"—"</td> }.into_any(),
                    })
                })
            />
        </tr>
    }
}

/// The stage table.
#[component]
pub fn StageTable(
    /// The page state.
    state: State,
) -> impl IntoView {
    let n = Memo::new(move |_| state.report.with(|r| r.stages.len()));
    let named = Memo::new(move |_| {
        state.report.with(|r| {
            r.stages
                .first()
                .map(|s| {
                    s.services
                        .iter()
                        .filter(|x| x.named)
                        .map(|x| x.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // Most entries in one stage's service list, and the names the list shows.
    let total = Memo::new(move |_| {
        state
            .report
            .with(|r| r.stages.iter().map(|s| s.services.len()).max().unwrap_or(0))
    });
    let all_names = Memo::new(move |_| {
        state.report.with(|r| {
            let mut names: Vec<String> = Vec::new();
            for s in &r.stages {
                for x in &s.services {
                    if names.len() >= MAX_LISTED_SERVICES {
                        break;
                    }
                    if !names.contains(&x.name) {
                        names.push(x.name.clone());
                    }
                }
            }
            names
        })
    });
    let show_all = RwSignal::new(false);
    let filler = Signal::derive(move || n.get().max(1).to_string());
    let expanded = Signal::derive(move || show_all.get().to_string());
    let toggle_text = Signal::derive(move || {
        String::from(if show_all.get() {
            "Hide the list of services"
        } else {
            "List every service"
        })
    });
    let list_note = Signal::derive(move || {
        let (listed, total) = (all_names.with(Vec::len), total.get());
        if total > listed {
            format!("up to {total} entries per stage; the list shows the first {listed}")
        } else {
            format!("{total} entries per stage at most (identical unnamed services are one entry)")
        }
    });
    let pattern_title =
        Signal::derive(move || format!("From the pattern's page: {}", state.preset().title()));

    let section = move |sec: Section| {
        let rows = ROWS
            .iter()
            .filter(move |r| r.section == sec)
            .map(move |row| view! { <FigRow state n row/> })
            .list();
        let extra = (sec == Section::Compute).then(|| {
            view! {
                <Keyed
                    each=Signal::derive(move || named.get().into_iter().enumerate().collect())
                    child=Arc::new(move |(j, name)| view! { <ServiceRows state n j name/> }.into_any())
                />
                <tr class="sm-svc-toggle">
                    <th scope="row" class="sm-rowhead sm-sub">
                        <button
                            type="button"
                            class="sm-link-btn"
                            tabindex="-1"
                            aria-expanded=expanded
                            on:click=move |_| show_all.update(|v| *v = !*v)
                        >
                            {toggle_text}
                        </button>
                    </th>
                    <td colspan=filler class="sm-muted">{list_note}</td>
                </tr>
                <When when=move || show_all.get()>
                    <Keyed
                        each=Signal::derive(move || all_names.get().into_iter().enumerate().collect())
                        child=Arc::new(move |(k, name)| view! { <AnyServiceRow state n k name/> }.into_any())
                    />
                </When>
            }
        });
        view! {
            <tbody>
                <tr class="sm-section">
                    <th scope="rowgroup" class="sm-rowhead">{sec.title()}</th>
                    <td colspan=filler></td>
                </tr>
                {rows}
                {extra}
            </tbody>
        }
    };

    view! {
        <div
            class="sm-table-wrap"
            on:scroll=move |_| explain::on_scroll(state)
            on:mouseover=move |ev| explain::on_over(state, &ev)
            on:mouseout=move |ev| explain::on_out(state, &ev)
            on:focusin=move |ev| {
                grid::on_focus_in(&ev);
                explain::on_focus_in(state, &ev);
            }
            on:keydown=move |ev| grid::on_key(&ev)
            on:focusout=move |ev| explain::on_focus_out(state, &ev)
            on:click=move |ev| explain::on_click(state, &ev)
        >
            <table class="sm-table" role="grid" data-testid="stage-table">
                <caption class="sm-sr">
                    "The system at each stage: one column per user count. Each figure is a button that shows how it was derived; the arrow keys move between figures."
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="sm-rowhead">"Users"</th>
                        <PerStage
                            n
                            cell=Arc::new(move |i| {
                                let users = local(move || {
                                    state.report.with(|r| r.stages.get(i).map(|s| format::count(s.users)).unwrap_or_default())
                                });
                                view! {
                                    <th scope="col" class="sm-stage-head" data-testid=format!("cell-users-{i}")>
                                        {users}
                                    </th>
                                }
                            }.into_any())
                        />
                    </tr>
                </thead>
                {SECTIONS.into_iter().map(section).list()}
                <tbody>
                    <tr class="sm-section">
                        <th scope="rowgroup" class="sm-rowhead">{pattern_title}</th>
                        <td colspan=filler></td>
                    </tr>
                    <tr class="sm-qual-row">
                        <th scope="row" class="sm-rowhead">"What changes, in the page's words"</th>
                        <PerStage n cell=Arc::new(move |i| view! { <QualCell state i/> }.into_any())/>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// The scaling plan, below the breakpoints (outside the stage table, whose grid has one
/// keyboard stop): per stage, what changes since the previous one.
#[component]
pub fn ScalingPlan(
    /// The page state.
    state: State,
) -> impl IntoView {
    let n = local(move || state.report.with(|r| r.stages.len()));
    let items = dynamic(move || {
        (0..n.get())
            .map(|i| view! { <PlanItem state i/> })
            .list()
            .into_any()
    });
    view! {
        <section class="sm-breakpoints" aria-labelledby="sm-plan-title">
            <h3 id="sm-plan-title">"Scaling plan"</h3>
            <p class="sm-muted">"Per stage, the changes of architecture since the previous stage, in the order they become necessary, each with the figure that forced it."</p>
            <ul class="sm-plan-list" data-testid="scaling-plan">{items}</ul>
        </section>
    }
}

/// The plan of stage `i`: the changes of architecture since the previous stage (the first
/// stage: since the first user), in the order they became necessary, each with the figure
/// that forced it ([`crate::core::plan::changes`], the CLI's `--plan`), behind a summary line.
#[component]
fn PlanItem(
    /// The page state.
    state: State,
    /// The stage index.
    i: usize,
) -> impl IntoView {
    let lines = local(move || {
        state.with_drawn(|s, r| {
            let users = |k: usize| r.stages.get(k).map(|st| st.users);
            let Some(hi) = users(i) else {
                return Vec::new();
            };
            let lo = i.checked_sub(1).and_then(users).unwrap_or(0.0);
            let ctx = crate::core::model::Context::new(s);
            let changes = crate::core::plan::changes(&ctx, &r.breakpoints, lo, hi);
            // First the summary ("10K users: 2 changes: Cache, Message queue"), then one line
            // a change.
            let names: Vec<String> = changes.iter().map(|c| c.what()).collect();
            let mut out = vec![match names.len() {
                0 => format!("{} users: no change of architecture", format::count(hi)),
                k => format!(
                    "{} users: {k} change{}: {}",
                    format::count(hi),
                    if k == 1 { "" } else { "s" },
                    names.join(", ")
                ),
            }];
            out.extend(changes.iter().map(crate::core::plan::Change::line));
            out
        })
    });
    let body = dynamic(move || {
        let mut lines = lines.get();
        if lines.len() < 2 {
            return view! { <p>{lines.pop().unwrap_or_default()}</p> }.into_any();
        }
        let summary = lines.remove(0);
        view! {
            <details class="sm-plan-cell">
                <summary>{summary}</summary>
                <ol class="sm-plan">{lines.into_iter().map(|l| view! { <li>{l}</li> }).list()}</ol>
            </details>
        }
        .into_any()
    });
    view! { <li data-testid=format!("plan-{i}")>{body}</li> }
}

/// The qualitative cell of stage `i`: the seed page's growth row nearest below its users.
#[component]
fn QualCell(
    /// The page state.
    state: State,
    /// The stage index.
    i: usize,
) -> impl IntoView {
    // What the cell shows, as texts in one gate: the row's (heading, text) pairs, then its
    // bottleneck, how it compares with the computed one, and a note naming the row when it is
    // not the stage's own ("" for none). A `Vec<String>` memo, a type the page has anyway: a
    // memo of the stage's users and bottleneck compiled the memo's code once more.
    let texts = local(move || {
        let preset = state.preset();
        state.report.with(|r| {
            let st = r.stages.get(i);
            let u = st.map_or(1.0, |s| s.users);
            let row = preset.growth_row(u);
            let mut t: Vec<String> = Vec::new();
            for (h, c) in row.cells {
                t.push(h.to_string());
                t.push(c.to_string());
            }
            t.push(row.bottleneck.to_string());
            t.push(st.map(|s| row.comparison(s)).unwrap_or_default());
            t.push(if row.users == u {
                String::new()
            } else {
                format!("(the page's {}-user row)", format::count(row.users))
            });
            t
        })
    });
    dynamic(move || {
        let t = texts.get();
        let n = t.len().saturating_sub(3);
        let text = |k: usize| t.get(k).cloned().unwrap_or_default();
        let (bottleneck, comparison, note) = (text(n), text(n + 1), text(n + 2));
        let pairs = t[..n]
            .chunks(2)
            .map(|p| {
                let (h, c) = (p[0].clone(), p.get(1).cloned().unwrap_or_default());
                view! { <dt>{h}</dt><dd>{c}</dd> }
            })
            .list();
        view! {
            <td class="sm-qual" data-testid=format!("qual-{i}")>
                <dl>
                    {pairs}
                    <dt>"Bottleneck"</dt>
                    <dd>{bottleneck}</dd>
                    <dt>"Computed"</dt>
                    <dd data-testid=format!("page-check-{i}")>{comparison}</dd>
                </dl>
                {(!note.is_empty()).then(|| view! { <p class="sm-muted">{note}</p> }).into_iter().list()}
            </td>
        }
        .into_any()
    })
}

/// Where each component first becomes necessary.
#[component]
pub fn Breakpoints(
    /// The page state.
    state: State,
) -> impl IntoView {
    let items = dynamic(move || {
        state.report.with(|r| {
            // Ascending by user count, those never reached last (a stable insertion, no sort
            // instantiation: there are only nine).
            let key = |b: &Breakpoint| b.users.unwrap_or(f64::INFINITY);
            let mut bps: Vec<Breakpoint> = Vec::with_capacity(r.breakpoints.len());
            for b in &r.breakpoints {
                let at = bps
                    .iter()
                    .position(|x| key(x) > key(b))
                    .unwrap_or(bps.len());
                bps.insert(at, b.clone());
            }
            bps.into_iter()
                .map(|b| {
                    let (never, how, n, users) = match b.users {
                        Some(u) => (
                            false,
                            " needed from ",
                            format::grouped(u, 0),
                            if u == 1.0 { " user" } else { " users" },
                        ),
                        None => (
                            true,
                            " not needed up to ",
                            format::count(SWEEP_MAX_USERS),
                            " users",
                        ),
                    };
                    // Where it stops being needed (and starts again), as the stage columns show.
                    let ends = crate::core::plan::ends_text(&b);
                    view! {
                        <li class:sm-muted=never>
                            <span class="sm-bp-what">{b.milestone.label()}</span>
                            {how}
                            <strong>{n}</strong>
                            {users}
                            {ends}
                        </li>
                    }
                })
                .list()
        })
    });
    view! {
        <section class="sm-breakpoints" aria-labelledby="sm-bp-title">
            <h3 id="sm-bp-title">"Breakpoints"</h3>
            <p class="sm-muted">"The smallest number of users at which each component becomes necessary, and where it stops being needed."</p>
            <ul data-testid="breakpoints">{items}</ul>
        </section>
    }
}
