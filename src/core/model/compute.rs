//! Phase 3, compute: instances of every service (by requests and by connections, Little's law),
//! API gateways and load balancers.

use super::latency::{work, LatencyInputs};
use super::{ceil, ratio, Data, Entry, Fig, Loads, Notes, ServiceStage, SvcFig, Traffic};
use crate::core::format::{self, num};
use crate::core::params::{Scenario, P};
use crate::core::queueing;
use crate::note;

/// Compute at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Compute {
    /// Every service entry with its instances.
    pub services: Vec<ServiceStage>,
    /// Service instances in all (monolith included).
    pub service_instances: f64,
    /// API gateway instances.
    pub gateways: f64,
    /// Load balancers.
    pub load_balancers: f64,
}

/// Computes the compute phase; `d` gives each service its database and cache misses.
pub fn compute(s: &Scenario, t: &Traffic, l: &Loads, d: &Data, n: &mut Notes) -> Compute {
    let persistent = t.active_users * s.frac(P::Persist);
    let services: Vec<ServiceStage> = l
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| service(s, t, d, persistent, i, e, n))
        .collect();
    let service_instances: f64 = services.iter().map(|x| x.instances * x.count).sum();
    let count: f64 = l.entries.iter().map(|e| e.count).sum();
    note!(
        n,
        Fig::ServiceInstances,
        "Σ over {} service{}{} of max(requests, connections, minimum{}) = {} instances",
        num(count),
        if count == 1.0 { "" } else { "s" },
        if l.has_monolith {
            " (the monolith included)"
        } else {
            ""
        },
        if s.get(P::WaitMs) > 0.0 {
            ", queue wait"
        } else {
            ""
        },
        num(service_instances)
    );
    let gateways = gateways(s, t, n);
    let spread = services.iter().any(|x| x.instances > 1.0) || gateways > 1.0;
    let load_balancers = load_balancers(s, t, spread, n);
    Compute {
        services,
        service_instances,
        gateways,
        load_balancers,
    }
}

/// Connections one entry holds at peak: its peak requests/s × seconds each holds a connection
/// (Little's law), plus its share of the persistent connections of active users.
fn connections(s: &Scenario, t: &Traffic, e: &Entry, persistent: f64) -> f64 {
    let peak = e.load * t.version_load * t.peak_factor;
    peak * s.get(P::HoldS) + persistent * e.share * t.version_load
}

/// The fewest instances of one service: every version in every region runs `min_inst`.
pub fn floor(s: &Scenario, t: &Traffic) -> f64 {
    s.get(P::MinInst) * t.versions * t.regions
}

/// Instances one service needs for `peak` requests/s and `conns` connections at utilisation
/// `u` (a fraction), at least `floor`: the rule the stage sizes by, and the day's autoscaler.
pub fn instances_for(s: &Scenario, peak: f64, conns: f64, u: f64, floor: f64) -> f64 {
    let by_rps = ceil(peak / (s.get(P::InstRps) * u));
    let by_conns = ceil(conns / (s.get(P::InstConns) * u));
    by_rps.max(by_conns).max(floor)
}

/// The most instances sizing by queue wait looks at in one region.
const MAX_WAIT_INSTANCES: u64 = 10_000_000;

/// Sizing by latency (`wait_ms` > 0): the fewest instances
/// whose pool, in each region an M/M/c queue at the entry's `peak` requests/s shared equally
/// between the regions, keeps the 99th percentile of its queue wait at or under `wait_ms`, with
/// the service time the latency phase uses ([`work`]). `None` when not asked, when a request
/// takes no time (no wait), or when even `MAX_WAIT_INSTANCES` per region would not do (`Some(None)`).
pub fn instances_by_wait(s: &Scenario, t: &Traffic, d: &Data, peak: f64) -> Option<Option<f64>> {
    let wait_ms = s.get(P::WaitMs);
    if !(wait_ms > 0.0 && peak > 0.0) {
        return None;
    }
    let regions = t.regions.max(1.0);
    let service_s = work(s, t, d, &LatencyInputs::from_scenario(s)).service_ms / 1000.0;
    let per_region = queueing::min_instances_for_wait(
        peak / regions,
        s.get(P::InstRps),
        service_s,
        0.99,
        wait_ms / 1000.0,
        MAX_WAIT_INSTANCES,
    )
    .ok()?;
    Some(per_region.map(|n| n as f64 * regions))
}

/// Sizes one service entry.
fn service(
    s: &Scenario,
    t: &Traffic,
    d: &Data,
    persistent: f64,
    i: usize,
    e: &Entry,
    n: &mut Notes,
) -> ServiceStage {
    let u = s.frac(P::Util);
    let rps = e.load * t.version_load;
    let peak = rps * t.peak_factor;
    let conns = connections(s, t, e, persistent);
    let by_use = instances_for(s, peak, conns, u, floor(s, t));
    let by_wait = instances_by_wait(s, t, d, peak);
    let instances = by_use.max(by_wait.flatten().unwrap_or(0.0));
    let qpr = s.get(P::Qpr);
    let db_qps = rps * qpr * (t.read_share * d.miss + (1.0 - t.read_share));
    if n.on() {
        note_service(s, t, d, i, e, persistent, (rps, db_qps, by_use), n);
        if let Some(w) = by_wait {
            note_wait(s, w, by_use, i, n);
        }
    }
    ServiceStage {
        name: e.name.clone(),
        count: e.count,
        named: e.named,
        monolith: e.monolith,
        share: e.share,
        calls: if e.named {
            s.services[i].calls.clone()
        } else {
            Vec::new()
        },
        rps,
        peak_rps: peak,
        db_qps,
        peak_db_qps: db_qps * t.peak_factor,
        connections: conns,
        instances,
        database: d.db_of[i],
        request_utilization: ratio(peak, instances * s.get(P::InstRps)),
        connection_utilization: ratio(conns, instances * s.get(P::InstConns)),
    }
}

#[allow(clippy::too_many_arguments)]
fn note_service(
    s: &Scenario,
    t: &Traffic,
    d: &Data,
    i: usize,
    e: &Entry,
    persistent: f64,
    (rps, db_qps, instances): (f64, f64, f64),
    n: &mut Notes,
) {
    let u = s.frac(P::Util);
    let peak = rps * t.peak_factor;
    let fan = if e.fan_in > 1e-12 {
        format!(" + {} req/s of calls from other services", num(e.fan_in))
    } else {
        String::new()
    };
    let ver = if t.version_load != 1.0 {
        format!(" × {} version load", num(t.version_load))
    } else {
        String::new()
    };
    n.put(
        Fig::Svc(i, SvcFig::Rps),
        format!(
            "{} req/s × {} of client traffic{fan}{ver} = {} req/s average, × {} peak = {} req/s",
            num(t.avg_rps),
            format::percent(e.share),
            num(rps),
            num(t.peak_factor),
            num(peak)
        ),
    );
    n.put(
        Fig::Svc(i, SvcFig::DbQps),
        format!(
            "{} req/s × {} queries × ({} reads × {} reaching the database + {} writes) = {} QPS average",
            num(rps),
            num(s.get(P::Qpr)),
            format::percent(t.read_share),
            format::percent(d.miss),
            format::percent(1.0 - t.read_share),
            num(db_qps)
        ),
    );
    let (inst_rps, inst_conns) = (s.get(P::InstRps), s.get(P::InstConns));
    let conns = connections(s, t, e, persistent);
    let floor = s.get(P::MinInst) * t.versions * t.regions;
    n.put(
        Fig::Svc(i, SvcFig::Instances),
        format!(
            "requests: {} req/s peak ÷ ({} req/s per instance × {} target) = {} → {}; connections (Little's law): {} req/s × {} s held + {} persistent × {} of traffic{ver} = {} ÷ ({} per instance × {} target) = {} → {}; minimum {} × {} version{} × {} region{} = {}; the largest: {} instance{}",
            num(peak),
            num(inst_rps),
            format::percent(u),
            num(peak / (inst_rps * u)),
            num(ceil(peak / (inst_rps * u))),
            num(peak),
            num(s.get(P::HoldS)),
            num(persistent),
            format::percent(e.share),
            num(conns),
            num(inst_conns),
            format::percent(u),
            num(conns / (inst_conns * u)),
            num(ceil(conns / (inst_conns * u))),
            num(s.get(P::MinInst)),
            num(t.versions),
            if t.versions == 1.0 { "" } else { "s" },
            num(t.regions),
            if t.regions == 1.0 { "" } else { "s" },
            num(floor),
            num(instances),
            if instances == 1.0 { "" } else { "s" }
        ),
    );
}

/// Adds sizing by queue wait to one service's instances derivation (after the count by
/// requests, connections and minimum, `by_use`): what it asks for and whether it decides.
fn note_wait(s: &Scenario, by_wait: Option<f64>, by_use: f64, i: usize, n: &mut Notes) {
    let wait = num(s.get(P::WaitMs));
    let text = match by_wait {
        Some(w) if w > by_use => format!(
            "; sizing by latency: {} instances keep the p99 queue wait (each region's pool an M/M/c queue) within {wait} ms, so {}: the latency target decides",
            num(w),
            num(w)
        ),
        Some(w) => format!(
            "; sizing by latency: {} instance{} keep the p99 queue wait (each region's pool an M/M/c queue) within {wait} ms, no more than the above",
            num(w),
            if w == 1.0 { "" } else { "s" }
        ),
        None => format!(
            "; sizing by latency: no pool of up to {} instances per region keeps the p99 queue wait within {wait} ms, so the count above stands",
            num(MAX_WAIT_INSTANCES as f64)
        ),
    };
    n.append(Fig::Svc(i, SvcFig::Instances), &text);
}

/// API gateways: peak requests over their capacity, at least the minimum in every region.
fn gateways(s: &Scenario, t: &Traffic, n: &mut Notes) -> f64 {
    let u = s.frac(P::Util);
    let cap = s.get(P::GwRps);
    let min = s.get(P::MinInst);
    let gateways = ceil(t.peak_rps / (cap * u)).max(min * t.regions);
    note!(
        n,
        Fig::Gateways,
        "max({} req/s peak ÷ ({} req/s per gateway × {} target) = {}, minimum {} × {} region{}) = {}",
        num(t.peak_rps),
        num(cap),
        format::percent(u),
        num(t.peak_rps / (cap * u)),
        num(min),
        num(t.regions),
        if t.regions == 1.0 { "" } else { "s" },
        num(gateways)
    );
    gateways
}

/// Load balancers: needed once traffic is spread over more than one instance of anything
/// (one per region at least, behind the global DNS).
fn load_balancers(s: &Scenario, t: &Traffic, spread: bool, n: &mut Notes) -> f64 {
    if !spread {
        note!(
            n,
            Fig::LoadBalancers,
            "one instance of everything: the gateway is the only entry, no load balancer yet"
        );
        return 0.0;
    }
    let u = s.frac(P::Util);
    let cap = s.get(P::LbRps);
    let lbs = ceil(t.peak_rps / (cap * u)).max(t.regions);
    note!(
        n,
        Fig::LoadBalancers,
        "traffic is spread over several instances: max({} req/s ÷ ({} req/s per load balancer × {} target) = {}, one per region: {}) = {}",
        num(t.peak_rps),
        num(cap),
        format::percent(u),
        num(t.peak_rps / (cap * u)),
        num(t.regions),
        num(lbs)
    );
    lbs
}
