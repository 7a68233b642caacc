//! Phase 9, availability: how often client requests are served, with the redundancy the stage
//! was sized with (issue 13, section 3).
//!
//! Inputs the scenario does not carry yet are in [`AvailabilityInputs`] (defaults used until
//! they become parameters). The arithmetic is [`crate::core::availability`]'s; failures are
//! taken as independent:
//! - a service is up for a request when at least one of its instances in a region is
//!   (`1 − uⁿ`) and the primary of the shard holding the request's data is (one node: a
//!   request touches one shard, so over all requests a shard's loss fails 1/shards of them;
//!   replicas serve reads but do not make writes survive a primary's loss);
//! - a request entering a service needs that service and everything it calls synchronously,
//!   each counted once; asynchronous and optional calls are not needed;
//! - client requests also cross the load balancers and API gateways (one of each enough);
//! - over all client requests, the entries are weighed by their share of traffic.
//!
//! Regions are not counted as redundancy here: each region serves its own users.

use super::{Compute, Data, Fig, Loads, Notes, Traffic, Units};
use crate::core::availability::{
    downtime_s, parallel_n, request_availability, series, Avail, YEAR_365_DAYS_S,
};
use crate::core::format::{self, num};
use crate::core::latency::calls_from_defs;
use crate::core::params::Scenario;
use crate::note;

/// Availability of one unit of each kind, with the defaults used until they are parameters.
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
}

impl Default for AvailabilityInputs {
    fn default() -> Self {
        AvailabilityInputs {
            instance: 0.99,
            gateway: 0.999,
            load_balancer: 0.9999,
            db_node: 0.999,
        }
    }
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
    let per_region = |x: f64| (x / regions).round().max(1.0) as u64;
    let node = Avail::new(k.db_node);
    // Each entry's parts: (its instances, its database's primary for the request's shard).
    let parts: Vec<(Avail, Option<Avail>)> = c
        .services
        .iter()
        .map(|svc| {
            let instances = parallel_n(Avail::new(k.instance), per_region(svc.instances));
            let db = d.databases.get(svc.database).map(|_| node);
            (instances, db)
        })
        .collect();
    let own: Vec<Avail> = parts
        .iter()
        .map(|(i, db)| series(&[*i, db.unwrap_or(Avail::ALWAYS)]))
        .collect();
    let mut calls = calls_from_defs(&s.services);
    calls.resize(own.len(), Vec::new());
    let gateways = if c.gateways > 0.0 {
        parallel_n(Avail::new(k.gateway), per_region(c.gateways))
    } else {
        Avail::ALWAYS
    };
    let lbs = if c.load_balancers > 0.0 {
        parallel_n(Avail::new(k.load_balancer), per_region(c.load_balancers))
    } else {
        Avail::ALWAYS
    };
    let front = series(&[lbs, gateways]);
    let entries: Vec<Avail> = request_availability(&own, &calls)
        .into_iter()
        .map(|a| series(&[front, a]))
        .collect();
    let weights: Vec<f64> = l.entries.iter().map(|e| e.share * e.count).collect();
    let total: f64 = weights.iter().sum();
    let down: f64 = if total > 0.0 {
        entries
            .iter()
            .zip(&weights)
            .map(|(a, w)| a.unavailability() * w / total)
            .sum()
    } else {
        0.0
    };
    let overall = Avail::from_unavailability(down);
    let units = Units::of(s);
    let busiest = weights
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i);
    // The weakest part of the busiest entry's requests: the front door, or the instances or
    // database of a service they need (the first of equals).
    let needed = crate::core::availability::needed(&calls);
    let mut candidates: Vec<(String, Avail)> = Vec::new();
    if c.load_balancers > 0.0 {
        candidates.push(("Load balancer".to_string(), lbs));
    }
    if c.gateways > 0.0 {
        candidates.push(("API gateway".to_string(), gateways));
    }
    for &i in needed.get(busiest).map_or(&[][..], Vec::as_slice) {
        let svc = &c.services[i];
        candidates.push((format!("{} instances", svc.name), parts[i].0));
        if let (Some(db), Some(a)) = (d.databases.get(svc.database), parts[i].1) {
            candidates.push((db.name.clone(), a));
        }
    }
    let weakest_name = candidates
        .iter()
        .fold(None::<&(String, Avail)>, |best, x| match best {
            Some(b) if b.1.unavailability() >= x.1.unavailability() => Some(b),
            _ => Some(x),
        })
        .map_or_else(String::new, |b| b.0.clone());
    let phase = AvailabilityPhase {
        own,
        entries,
        overall,
        downtime_s_per_month: downtime_s(overall, units.month_s),
        downtime_s_per_year: downtime_s(overall, YEAR_365_DAYS_S),
        weakest: weakest_name,
    };
    note!(
        n,
        Fig::Availability,
        "instances {} each, gateways {}, load balancers {}, database nodes {}; client requests served {} of the time (Σ over entries of share × availability); down {} s in {} and {} s in a 365-day year; weakest part: {}",
        format::percent(k.instance),
        format::percent(k.gateway),
        format::percent(k.load_balancer),
        format::percent(k.db_node),
        percent_precise(phase.overall),
        num(phase.downtime_s_per_month),
        units.month_words(),
        num(phase.downtime_s_per_year),
        phase.weakest
    );
    phase
}

/// An availability with as many nines as it has: 99.9%, 99.99%, 99.999 9%…
fn percent_precise(a: Avail) -> String {
    let digits = (a.nines().floor() as i64).clamp(0, 12) as usize;
    format!(
        "{:.*}%",
        digits.saturating_sub(1).max(1),
        a.availability() * 100.0
    )
}
