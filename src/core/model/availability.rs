//! Phase 9, availability: how often client requests are served, with the redundancy the stage
//! was sized with (issue 13, section 3).
//!
//! Its inputs are the scenario's availability parameters ([`AvailabilityInputs::of`]: `a_inst`,
//! `a_gw`, `a_lb`, `a_db`, `a_cache`, `a_queue`, `a_region`). The arithmetic is
//! [`crate::core::availability`]'s; failures are taken as independent:
//! - a service is up for a request when at least one of its instances in a region is
//!   (`1 − uⁿ`) and the primary of the shard holding the request's data is (one node: a
//!   request touches one shard, so over all requests a shard's loss fails 1/shards of them;
//!   replicas serve reads but do not make writes survive a primary's loss);
//! - a request entering a service needs that service and everything it calls synchronously,
//!   each counted once; asynchronous and optional calls are not needed;
//! - client requests also cross the load balancers and API gateways (one of each enough) and
//!   their region; with several regions a region's users fail over to the others, so the
//!   regions count in parallel;
//! - once there is a cache, a read needs the cache node holding its key; once there is a
//!   queue, a write needs the brokers (one enough): over all requests, the read share × a
//!   cache node's unavailability and the write share × the brokers' are added;
//! - over all client requests, the entries are weighed by their share of traffic.
//!
//! **Failure impact** (`down=`): a service that is down, or whose database is, fails its
//! requests and every request that needs it; a service that reaches it only through
//! asynchronous or optional calls degrades. One region down fails every request when there is
//! one region; with more, its users fail over to the others (degraded, not failed).

use super::{Compute, Data, Fig, Loads, Notes, Traffic, Units};
use crate::core::availability::{
    downtime_s, failed_share, impact, parallel_n, request_availability, series, Avail, Impact,
    YEAR_365_DAYS_S,
};
use crate::core::format::{self, num};
use crate::core::latency::calls_from_defs;
use crate::core::params::{Down, Scenario, P};
use crate::note;

/// Availability of one unit of each kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AvailabilityInputs {
    /// One service instance.
    pub instance: f64,
    /// One API gateway instance.
    pub gateway: f64,
    /// One load balancer.
    pub load_balancer: f64,
    /// One database node.
    pub db_node: f64,
    /// One cache node.
    pub cache_node: f64,
    /// One queue broker.
    pub broker: f64,
    /// One region.
    pub region: f64,
}

impl AvailabilityInputs {
    /// The inputs `s` gives.
    pub fn of(s: &Scenario) -> Self {
        AvailabilityInputs {
            instance: s.frac(P::AInst),
            gateway: s.frac(P::AGw),
            load_balancer: s.frac(P::ALb),
            db_node: s.frac(P::ADb),
            cache_node: s.frac(P::ACache),
            broker: s.frac(P::AQueue),
            region: s.frac(P::ARegion),
        }
    }
}

impl Default for AvailabilityInputs {
    /// The registry's defaults.
    fn default() -> Self {
        AvailabilityInputs::of(&crate::core::presets::Preset::Architecture.scenario())
    }
}

/// What `down=` does to a stage.
#[derive(Debug, Clone, PartialEq)]
pub struct FailureImpact {
    /// What is down, as `down=` names it.
    pub down: Vec<String>,
    /// Each entry's impact, in [`Loads::entries`] order.
    pub impact: Vec<Impact>,
    /// Whether each entry is itself down (named, its database, or the only region), same order.
    pub is_down: Vec<bool>,
    /// Share of client requests that fail (0 when nothing is down).
    pub failed_share: f64,
    /// Indices into the stage's databases that are down.
    pub databases: Vec<usize>,
    /// Whether a region is down.
    pub region: bool,
}

/// Availability at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct AvailabilityPhase {
    /// Each entry's own availability (its instances and its database), in
    /// [`Loads::entries`] order.
    pub own: Vec<Avail>,
    /// Each entry's client requests (the front door, itself and what it needs), same order.
    pub entries: Vec<Avail>,
    /// All client requests.
    pub overall: Avail,
    /// Expected seconds without service per month (the scenario's month).
    pub downtime_s_per_month: f64,
    /// Expected seconds without service per 365-day year.
    pub downtime_s_per_year: f64,
    /// The weakest part of the busiest entry's requests: "Load balancer", "API gateway",
    /// "Order instances", "Order database", …
    pub weakest: String,
    /// What `down=` does (nothing fails when nothing is down).
    pub failure: FailureImpact,
    /// Each kind of component as this stage sized it: what the diagrams write on its box.
    pub pools: Pools,
}

/// The availability of each kind of component at one stage, its nodes in one region in
/// parallel (the parts [`AvailabilityPhase::entries`] puts in series).
#[derive(Debug, Clone, PartialEq)]
pub struct Pools {
    /// The load balancers (always up when there are none).
    pub load_balancers: Avail,
    /// The API gateways.
    pub gateways: Avail,
    /// The regions, any one enough.
    pub regions: Avail,
    /// The queue's brokers (always up when there is no queue).
    pub brokers: Avail,
    /// One cache node (a read that finds it down fails).
    pub cache_node: Avail,
    /// One database primary (a request needs its shard's).
    pub db_primary: Avail,
    /// Each entry's instances, in [`Loads::entries`] order.
    pub instances: Vec<Avail>,
}

/// The parts every request crosses or may need: front door, region, cache, queue.
struct Shared {
    lbs: Avail,
    gateways: Avail,
    regions: Avail,
    /// Read share × a cache node's unavailability + write share × the brokers'.
    data_path: Avail,
    /// The queue's brokers in parallel.
    brokers: Avail,
}

fn shared(t: &Traffic, c: &Compute, d: &Data, k: &AvailabilityInputs) -> Shared {
    let regions = t.regions.max(1.0);
    let per_region = |x: f64| (x / regions).round().max(1.0) as u64;
    let pool = |count: f64, a: f64| {
        if count > 0.0 {
            parallel_n(Avail::new(a), per_region(count))
        } else {
            Avail::ALWAYS
        }
    };
    let cache = if d.cache { 1.0 - k.cache_node } else { 0.0 };
    let brokers = pool(d.queue_brokers, k.broker);
    let queue = brokers.unavailability();
    Shared {
        brokers,
        lbs: pool(c.load_balancers, k.load_balancer),
        gateways: pool(c.gateways, k.gateway),
        regions: parallel_n(Avail::new(k.region), regions as u64),
        data_path: Avail::from_unavailability(t.read_share * cache + (1.0 - t.read_share) * queue),
    }
}

/// Computes availability.
pub fn availability(
    s: &Scenario,
    t: &Traffic,
    l: &Loads,
    c: &Compute,
    d: &Data,
    k: &AvailabilityInputs,
    n: &mut Notes,
) -> AvailabilityPhase {
    let regions = t.regions.max(1.0);
    let node = Avail::new(k.db_node);
    // Each entry's parts: (its instances, its database's primary for the request's shard).
    let parts: Vec<(Avail, Option<Avail>)> = c
        .services
        .iter()
        .map(|svc| {
            let per_region = (svc.instances / regions).round().max(1.0) as u64;
            let instances = parallel_n(Avail::new(k.instance), per_region);
            (instances, d.databases.get(svc.database).map(|_| node))
        })
        .collect();
    let own: Vec<Avail> = parts
        .iter()
        .map(|(i, db)| series(&[*i, db.unwrap_or(Avail::ALWAYS)]))
        .collect();
    let mut calls = calls_from_defs(&s.services);
    calls.resize(own.len(), Vec::new());
    let sh = shared(t, c, d, k);
    let front = series(&[sh.lbs, sh.gateways, sh.regions, sh.data_path]);
    let entries: Vec<Avail> = request_availability(&own, &calls)
        .into_iter()
        .map(|a| series(&[front, a]))
        .collect();
    let weights: Vec<f64> = l.entries.iter().map(|e| e.share * e.count).collect();
    let overall = weighted(&entries, &weights);
    let units = Units::of(s);
    let weakest = weakest(c, d, &sh, &parts, &calls, &weights);
    let failure = failure(s, t, l, c, &calls, &weights);
    let pools = Pools {
        load_balancers: sh.lbs,
        gateways: sh.gateways,
        regions: sh.regions,
        brokers: sh.brokers,
        cache_node: Avail::new(k.cache_node),
        db_primary: node,
        instances: parts.iter().map(|p| p.0).collect(),
    };
    let phase = AvailabilityPhase {
        own,
        entries,
        overall,
        downtime_s_per_month: downtime_s(overall, units.month_s),
        downtime_s_per_year: downtime_s(overall, YEAR_365_DAYS_S),
        weakest,
        failure,
        pools,
    };
    if n.on() {
        note!(n, Fig::Availability, "{}", explain(k, &phase, &units));
        note!(
            n,
            Fig::Failed,
            "{}",
            explain_failure(s, l, d, &phase.failure)
        );
    }
    phase
}

/// All client requests: the entries' unavailability weighed by their share of traffic.
fn weighted(entries: &[Avail], weights: &[f64]) -> Avail {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return Avail::ALWAYS;
    }
    let down = entries
        .iter()
        .zip(weights)
        .map(|(a, w)| a.unavailability() * w / total)
        .sum();
    Avail::from_unavailability(down)
}

/// The weakest part of the busiest entry's requests: the front door, or the instances or
/// database of a service they need (the first of equals).
fn weakest(
    c: &Compute,
    d: &Data,
    sh: &Shared,
    parts: &[(Avail, Option<Avail>)],
    calls: &[Vec<crate::core::latency::Call>],
    weights: &[f64],
) -> String {
    let busiest = weights
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i);
    let needed = crate::core::availability::needed(calls);
    let mut candidates: Vec<(String, Avail)> = Vec::new();
    if c.load_balancers > 0.0 {
        candidates.push(("Load balancer".to_string(), sh.lbs));
    }
    if c.gateways > 0.0 {
        candidates.push(("API gateway".to_string(), sh.gateways));
    }
    candidates.push(("Region".to_string(), sh.regions));
    if sh.data_path.unavailability() > 0.0 {
        candidates.push(("Cache and queue".to_string(), sh.data_path));
    }
    for &i in needed.get(busiest).map_or(&[][..], Vec::as_slice) {
        let svc = &c.services[i];
        candidates.push((format!("{} instances", svc.name), parts[i].0));
        if let (Some(db), Some(a)) = (d.databases.get(svc.database), parts[i].1) {
            candidates.push((db.name.clone(), a));
        }
    }
    candidates
        .iter()
        .fold(None::<&(String, Avail)>, |best, x| match best {
            Some(b) if b.1.unavailability() >= x.1.unavailability() => Some(b),
            _ => Some(x),
        })
        .map_or_else(String::new, |b| b.0.clone())
}

/// What the scenario's `down=` does at this stage.
fn failure(
    s: &Scenario,
    t: &Traffic,
    l: &Loads,
    c: &Compute,
    calls: &[Vec<crate::core::latency::Call>],
    weights: &[f64],
) -> FailureImpact {
    let named = |n: &str| l.entries.iter().position(|e| e.named && e.name == n);
    let mut databases: Vec<usize> = s
        .down
        .iter()
        .filter_map(|x| match x {
            Down::Db(n) => named(n).and_then(|i| c.services.get(i)).map(|v| v.database),
            _ => None,
        })
        .collect();
    databases.sort_unstable();
    databases.dedup();
    let region = s.down.contains(&Down::Region);
    let all = region && t.regions <= 1.0;
    let down: Vec<bool> = c
        .services
        .iter()
        .enumerate()
        .map(|(i, v)| {
            all || databases.contains(&v.database)
                || s.down
                    .iter()
                    .any(|x| matches!(x, Down::Service(n) if named(n) == Some(i)))
        })
        .collect();
    let mut result = impact(calls, &down);
    if region && !all {
        result.iter_mut().for_each(|x| *x = Impact::Degraded);
    }
    FailureImpact {
        down: s.down.iter().map(Down::text).collect(),
        failed_share: failed_share(&result, weights),
        impact: result,
        is_down: down,
        databases,
        region,
    }
}

fn pct(a: f64) -> String {
    percent_precise(Avail::new(a))
}

/// The derivation of the availability figures.
fn explain(k: &AvailabilityInputs, p: &AvailabilityPhase, units: &Units) -> String {
    format!(
        "instances {} each, gateways {}, load balancers {}, database nodes {}, cache nodes {}, queue brokers {}, regions {}; client requests served {} of the time (Σ over entries of share × availability); down {} s in {} and {} s in a 365-day year; weakest part: {}",
        pct(k.instance),
        pct(k.gateway),
        pct(k.load_balancer),
        pct(k.db_node),
        pct(k.cache_node),
        pct(k.broker),
        pct(k.region),
        percent_precise(p.overall),
        num(p.downtime_s_per_month),
        units.month_words(),
        num(p.downtime_s_per_year),
        p.weakest
    )
}

/// The derivation of the failed share.
fn explain_failure(s: &Scenario, l: &Loads, d: &Data, f: &FailureImpact) -> String {
    if s.down.is_empty() {
        return "nothing is down (down= names what is): no request fails for that reason"
            .to_string();
    }
    let names = |want: Impact| {
        let v: Vec<&str> = l
            .entries
            .iter()
            .zip(&f.impact)
            .filter(|(_, i)| **i == want)
            .map(|(e, _)| e.name.as_str())
            .collect();
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    let dbs: Vec<&str> = f
        .databases
        .iter()
        .filter_map(|&i| d.databases.get(i).map(|x| x.name.as_str()))
        .collect();
    format!(
        "down: {}{}; fail (they need it through synchronous calls): {}; degrade (asynchronous or optional calls{}): {}; failed share = Σ shares of client requests entering at failing services = {}",
        s.down.iter().map(Down::text).collect::<Vec<_>>().join(", "),
        if dbs.is_empty() { String::new() } else { format!(" ({})", dbs.join(", ")) },
        names(Impact::Fails),
        if f.region { ", or the other regions carry its users" } else { "" },
        names(Impact::Degraded),
        format::percent(f.failed_share)
    )
}

/// An availability with as many nines as it has: 99.9%, 99.99%, 99.999 9%…
pub fn percent_precise(a: Avail) -> String {
    let digits = (a.nines().floor() as i64).clamp(0, 12) as usize;
    format!(
        "{}%",
        format::grouped(a.availability() * 100.0, digits.saturating_sub(1).max(1))
    )
}
