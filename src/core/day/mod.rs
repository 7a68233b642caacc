//! A day of traffic at one stage: 1,440 minutes of client requests, each service's instances
//! under the autoscaling policy (or the stage's fleet), utilisation, p99 latency, requests over
//! the latency target or refused, and the queue's backlog; then the day's summary, computed
//! from the series itself (sums and maxima).
//!
//! The stage comes from [`model::Context::phases`], the one code path for every figure. Each
//! minute, every service entry's traffic is the stage's peak for that service × the shape's
//! share of the peak ([`shape`]) × the spikes running ([`events`]); its connections scale the
//! same way. A canary splits each service into two version pools, each sized on its own. The
//! instances follow [`autoscale`] or, with autoscaling off, stay what the stage sized for the
//! peak. Requests above capacity go to [`backlog`]. The p99 is the model's own latency phase
//! (M/M/c queues along the call graph) run with the minute's instances and load, so the flat
//! day with no events and no autoscaling is the stage table exactly.

use crate::core::detmath::DetMath;

pub mod autoscale;
pub mod backlog;
pub mod chart;
pub mod events;
pub mod report;
pub mod shape;

use serde::Serialize;

use crate::core::latency::{Latency, Unbounded};
use crate::core::model::{compute, latency, Compute, Context, Notes, Phases, ServiceStage};
use crate::core::params::{Scenario, HOURS_PER_MONTH, P};
use crate::core::special::norm_cdf;

pub use autoscale::Policy;
pub use events::{Event, DAY_MINUTES};
pub use shape::Shape;

/// Φ⁻¹(0.99): a log-normal's p99 is its median × e^(σ·this).
const Z99: f64 = 2.326_347_874_040_840_8;

/// One minute of the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Minute {
    /// Client requests/s.
    pub rps: f64,
    /// Service instances serving (all services, both versions during a canary).
    pub instances: f64,
    /// The busiest service pool's load ÷ what its instances serve at full load.
    pub utilization: f64,
    /// Client p99 latency, ms; `None` when there is no figure (`no_p99` says why).
    pub p99_ms: Option<f64>,
    /// Why `p99_ms` is `None`; `None` when there is a figure.
    pub no_p99: Option<NoP99>,
    /// Client requests this minute slower than the latency target.
    pub over_target: f64,
    /// Service requests refused this minute (above capacity, not asynchronous).
    pub dropped: f64,
    /// Asynchronous requests waiting in the queue after this minute.
    pub backlog: f64,
}

/// Why a minute has no p99 figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoP99 {
    /// More traffic than a pool's instances serve: its queue grows all minute.
    PoolFull,
    /// A synchronous or optional call cycle: a request never finishes.
    CallCycle,
    /// A queue of the latency model at or past 100% utilisation (ρ ≥ 1).
    QueueUnstable,
    /// No client requests this minute.
    NoRequests,
}

impl NoP99 {
    /// The reason in words, as the tables and the cursor show it.
    pub fn text(self) -> &'static str {
        match self {
            NoP99::PoolFull => "a pool is full",
            NoP99::CallCycle => "no bound: a call cycle",
            NoP99::QueueUnstable => "no bound: a queue never drains",
            NoP99::NoRequests => "no requests",
        }
    }
}

/// The day's figures, each computed from the series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Σ client requests/s × 60 s.
    pub requests: f64,
    /// The largest minute's client requests/s.
    pub peak_rps: f64,
    /// Requests ÷ 86,400 s.
    pub avg_rps: f64,
    /// The most instances serving at once.
    pub peak_instances: f64,
    /// The fewest instances serving at once.
    pub min_instances: f64,
    /// Σ instances × 1 min, in hours.
    pub instance_hours: f64,
    /// The largest minute's utilisation.
    pub peak_utilization: f64,
    /// The largest minute's p99, ms, over the minutes that have one.
    pub max_p99_ms: Option<f64>,
    /// Minutes in which a pool was full (no latency figure).
    pub overloaded_minutes: u32,
    /// Minutes with traffic and no pool full whose latency has no bound (a call cycle, or a
    /// latency queue at ρ ≥ 1).
    pub unbounded_minutes: u32,
    /// Minutes whose p99 is over the target (full minutes included).
    pub minutes_over_target: u32,
    /// Σ requests over the target.
    pub requests_over_target: f64,
    /// Σ requests refused.
    pub requests_dropped: f64,
    /// The largest backlog.
    pub peak_backlog: f64,
    /// Minutes from the largest backlog until it is empty; `None`: no backlog, or not empty
    /// by midnight (see `peak_backlog`).
    pub drain_minutes: Option<u32>,
    /// The day's service instances billed for a month: instance-hours ÷ 24 × price × 730 h.
    pub cost_month: f64,
    /// A fleet provisioned all day for the most any minute wanted under the policy.
    pub peak_fleet: f64,
    /// That fleet billed for a month.
    pub peak_cost_month: f64,
    /// The stage table's bill line for service instances.
    pub stage_cost_month: f64,
}

/// A day of traffic at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// Users at the stage.
    pub users: f64,
    /// The daily shape.
    pub shape: Shape,
    /// Whether instances follow the policy (otherwise the stage's fleet all day).
    pub autoscale: bool,
    /// The policy.
    pub policy: Policy,
    /// The latency target, ms.
    pub slo_ms: f64,
    /// The events.
    pub events: Vec<Event>,
    /// The 1,440 minutes.
    pub minutes: Vec<Minute>,
    /// The day's figures.
    pub summary: Summary,
}

/// One version pool of one service over the day.
struct Pool {
    instances: Vec<f64>,
    load: Vec<f64>,
    dropped: Vec<f64>,
    backlog: Vec<f64>,
    /// Minutes with more traffic than the instances serve.
    full: Vec<bool>,
    most_wanted: f64,
}

/// What every pool needs to know about the day.
struct Plan<'a> {
    s: &'a Scenario,
    p: &'a Phases,
    policy: Policy,
    autoscale: bool,
    /// Each minute's traffic as a share of the stage's peak (shape × spikes).
    level: Vec<f64>,
    /// Each minute's share of traffic on the canary's new version (0 without one).
    canary: Vec<f64>,
    /// Minutes from which the new version runs (its ramp's start less the time to add it).
    canary_from: Option<u32>,
}

/// Computes the day at `users` for the scenario's shape, events and policy.
pub fn day(s: &Scenario, users: f64) -> Day {
    let ctx = Context::new(s);
    let p = ctx.phases(users, &mut Notes::new(false));
    let policy = Policy::of(s);
    let shape = Shape::from_value(s.get(P::DayShape));
    let g = shape::curve(shape, p.traffic.peak_factor);
    // Their problems are the scenario's notices (`Link::day_scenario`).
    let (evs, _) = events::parse(&s.events);
    let level = (0..DAY_MINUTES)
        .map(|m| g[m as usize] * events::multiplier(&evs, m))
        .collect();
    let canary = (0..DAY_MINUTES)
        .map(|m| events::canary_share(&evs, m).unwrap_or(0.0))
        .collect();
    let canary_from = events::canary(&evs).map(|e| e.span().0.saturating_sub(policy.warm));
    let plan = Plan {
        s,
        p: &p,
        policy,
        autoscale: s.get(P::Autoscale) != 0.0,
        level,
        canary,
        canary_from,
    };
    let pools: Vec<[Pool; 2]> = p
        .compute
        .services
        .iter()
        .map(|svc| [pool(&plan, svc, false), pool(&plan, svc, true)])
        .collect();
    let slo_ms = s.get(P::SloMs);
    let minutes = minutes(&plan, &pools, slo_ms);
    let summary = summarise(&plan, &pools, &minutes, slo_ms);
    Day {
        users,
        shape,
        autoscale: plan.autoscale,
        policy,
        slo_ms,
        events: evs,
        minutes,
        summary,
    }
}

/// Share of a service's traffic on the old (`new == false`) or new version at minute `m`, and
/// whether that version runs then.
fn share(plan: &Plan, new: bool, m: usize) -> (f64, bool) {
    let b = plan.canary[m];
    if new {
        let runs = plan.canary_from.is_some_and(|f| m as u32 >= f);
        (b, runs)
    } else {
        (1.0 - b, b < 1.0)
    }
}

/// One version pool of `svc` through the day.
fn pool(plan: &Plan, svc: &ServiceStage, new: bool) -> Pool {
    let (s, t) = (plan.s, &plan.p.traffic);
    let floor = compute::floor(s, t);
    let n = DAY_MINUTES as usize;
    let mut desired = Vec::with_capacity(n);
    let mut fixed = Vec::with_capacity(n);
    for m in 0..n {
        let (sh, runs) = share(plan, new, m);
        let lv = plan.level[m] * sh;
        let want = compute::instances_for(
            s,
            svc.peak_rps * lv,
            svc.connections * lv,
            plan.policy.target,
            floor,
        );
        desired.push(if runs {
            plan.policy.hold(want, floor)
        } else {
            0.0
        });
        fixed.push(match (runs, sh == 1.0) {
            (false, _) => 0.0,
            (true, true) => svc.instances,
            (true, false) => compute::instances_for(
                s,
                svc.peak_rps * sh,
                svc.connections * sh,
                s.frac(P::Util),
                floor,
            ),
        });
    }
    let most_wanted = desired.iter().copied().fold(0.0, f64::max);
    let instances = if plan.autoscale {
        autoscale::run(&plan.policy, &desired)
    } else {
        fixed
    };
    overflow(plan, svc, new, instances, most_wanted)
}

/// Runs the pool's minutes through [`backlog::step`].
fn overflow(plan: &Plan, svc: &ServiceStage, new: bool, instances: Vec<f64>, most: f64) -> Pool {
    let async_share = if plan.p.data.queue {
        1.0 - plan.p.traffic.read_share
    } else {
        0.0
    };
    let cap = plan.s.get(P::InstRps);
    let n = instances.len();
    let (mut load, mut dropped, mut queued, mut full) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut waiting = 0.0;
    for (m, &k) in instances.iter().enumerate() {
        let rate = svc.peak_rps * plan.level[m] * share(plan, new, m).0;
        let st = backlog::step(rate, k * cap, async_share, plan.policy.target, waiting);
        full.push(rate > k * cap);
        waiting = st.backlog;
        load.push(st.load);
        dropped.push(st.dropped);
        queued.push(st.backlog);
    }
    Pool {
        instances,
        load,
        dropped,
        backlog: queued,
        full,
        most_wanted: most,
    }
}

/// Each minute's figures, summed over the services (× their `count`).
fn minutes(plan: &Plan, pools: &[[Pool; 2]], slo_ms: f64) -> Vec<Minute> {
    let services = &plan.p.compute.services;
    let cap = plan.s.get(P::InstRps);
    let mut c = plan.p.compute.clone();
    let p = plan.p;
    let mut overall = latency::Overall::new(plan.s, &p.traffic, &p.loads, &p.compute, &p.data);
    let sum = |f: &dyn Fn(&Pool) -> f64| -> f64 {
        services
            .iter()
            .zip(pools)
            .map(|(svc, vs)| svc.count * (f(&vs[0]) + f(&vs[1])))
            .sum()
    };
    (0..DAY_MINUTES as usize)
        .map(|m| {
            let mut utilization: f64 = 0.0;
            let full = pools.iter().any(|vs| vs[0].full[m] || vs[1].full[m]);
            for (i, vs) in pools.iter().enumerate() {
                let u = |v: &Pool| v.load[m] / (v.instances[m] * cap).max(f64::MIN_POSITIVE);
                let busier = if u(&vs[1]) > u(&vs[0]) {
                    &vs[1]
                } else {
                    &vs[0]
                };
                utilization = utilization.max(u(busier));
                c.services[i].instances = busier.instances[m];
                c.services[i].peak_rps = busier.load[m];
            }
            let rps = plan.p.traffic.peak_rps * plan.level[m];
            // A full pool's queue grows without bound: no latency figure.
            let p = if full {
                Err(NoP99::PoolFull)
            } else {
                p99(&mut overall, &c)
            };
            Minute {
                rps,
                instances: sum(&|v| v.instances[m]),
                utilization,
                p99_ms: p.ok().map(|(_, p99)| p99),
                no_p99: p.err(),
                over_target: rps * 60.0 * share_over(p.ok(), slo_ms),
                dropped: sum(&|v| v.dropped[m]),
                backlog: sum(&|v| v.backlog[m]),
            }
        })
        .collect()
}

/// The model's client (p50, p99) with the minute's instances and loads in `c`, or why there
/// is none.
fn p99(overall: &mut latency::Overall, c: &Compute) -> Result<(f64, f64), NoP99> {
    match overall.at(c) {
        None => Err(NoP99::NoRequests),
        Some(Latency::Unbounded(Unbounded::Cycle(_))) => Err(NoP99::CallCycle),
        Some(Latency::Unbounded(Unbounded::Overloaded(_))) => Err(NoP99::QueueUnstable),
        Some(Latency::Bounded(f)) => Ok((f.p50_ms, f.p99_ms)),
    }
}

/// The share of requests slower than `slo_ms` when latency is log-normal through the (p50,
/// p99) given (the latency model's own assumption); all of them without a figure.
fn share_over(p: Option<(f64, f64)>, slo_ms: f64) -> f64 {
    let Some((p50, p99)) = p else { return 1.0 };
    if p50 <= 0.0 || p99 <= p50 {
        return if p99 > slo_ms { 1.0 } else { 0.0 };
    }
    let sigma = (p99 / p50).det_ln() / Z99;
    1.0 - norm_cdf((slo_ms / p50).det_ln() / sigma)
}

/// The day's figures from the series.
fn summarise(plan: &Plan, pools: &[[Pool; 2]], minutes: &[Minute], slo_ms: f64) -> Summary {
    let sum = |f: fn(&Minute) -> f64| minutes.iter().map(f).sum::<f64>();
    let max = |f: fn(&Minute) -> f64| minutes.iter().map(f).fold(0.0, f64::max);
    let requests = sum(|m| m.rps * 60.0);
    let instance_hours = sum(|m| m.instances) / 60.0;
    let price = plan.s.get(P::PInst) * HOURS_PER_MONTH;
    let peak_fleet: f64 = plan
        .p
        .compute
        .services
        .iter()
        .zip(pools)
        .map(|(svc, vs)| svc.count * (vs[0].most_wanted + vs[1].most_wanted))
        .sum();
    let backlog: Vec<f64> = minutes.iter().map(|m| m.backlog).collect();
    let count = |why: NoP99| {
        minutes
            .iter()
            .filter(|m| m.rps > 0.0 && m.no_p99 == Some(why))
            .count() as u32
    };
    Summary {
        requests,
        peak_rps: max(|m| m.rps),
        avg_rps: requests / 86_400.0,
        peak_instances: max(|m| m.instances),
        min_instances: minutes
            .iter()
            .map(|m| m.instances)
            .fold(f64::INFINITY, f64::min),
        instance_hours,
        peak_utilization: max(|m| m.utilization),
        max_p99_ms: minutes.iter().filter_map(|m| m.p99_ms).reduce(f64::max),
        overloaded_minutes: count(NoP99::PoolFull),
        unbounded_minutes: count(NoP99::CallCycle) + count(NoP99::QueueUnstable),
        minutes_over_target: minutes
            .iter()
            .filter(|m| m.rps > 0.0 && m.p99_ms.is_none_or(|p| p > slo_ms))
            .count() as u32,
        requests_over_target: sum(|m| m.over_target),
        requests_dropped: sum(|m| m.dropped),
        peak_backlog: max(|m| m.backlog),
        drain_minutes: backlog::drain_minutes(&backlog),
        cost_month: instance_hours / 24.0 * price,
        peak_fleet,
        peak_cost_month: peak_fleet * price,
        stage_cost_month: plan.p.cost.line(crate::core::model::CostItem::Services),
    }
}
