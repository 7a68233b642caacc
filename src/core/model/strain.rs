//! Phase 7, strain: every component's load against the capacity in place, and the first
//! bottleneck.
//!
//! The first bottleneck is what stops the system growing past this stage *as it is built*: the
//! component that runs out first as traffic grows and forces a change of architecture (a load
//! balancer in front of a lone instance, a read replica, a cache, a shard split, a queue, a
//! CDN), ranked by its headroom: how many times traffic can grow before that change is due. A
//! pool that grows by adding instances behind a load balancer (service instances, gateways,
//! load balancers, cache nodes, queue brokers, links) is not a bottleneck while it can grow;
//! its headroom is `None`. Regions follow users by policy (`region_users`), like database per
//! service and parallel versions, so they are planned changes, never bottlenecks. Ties (the
//! same headroom to one part in a billion) are all named.

use super::{ratio, Component, Compute, Data, Edge, Fig, Notes, Traffic, Utilization};
use crate::core::format::{self, num};
use crate::core::params::{Scenario, P};

/// The changes a bounded component forces (what [`Utilization::change`] says), shared with
/// the scaling plan (`core::plan`), which finds a milestone's cause by them.
pub const ADD_LB: &str = "add a load balancer and a second instance";
/// See [`ADD_LB`].
pub const ADD_REPLICA: &str = "add a read replica";
/// See [`ADD_LB`].
pub const SHARD: &str = "shard the database";
/// See [`ADD_LB`].
pub const SPLIT: &str = "split the shards";
/// See [`ADD_LB`].
pub const ADD_CACHE: &str = "add a cache";
/// See [`ADD_LB`].
pub const ADD_QUEUE: &str = "add a message queue";
/// See [`ADD_LB`].
pub const ADD_CDN: &str = "add a CDN";

/// Utilisation and the first bottleneck.
#[derive(Debug, Clone, PartialEq)]
pub struct Strain {
    /// Every component's load ÷ capacity, with its headroom where its growth is bounded.
    pub utilization: Vec<Utilization>,
    /// Changes that policy thresholds bring before anything runs out (a cache, a queue, a CDN).
    pub triggers: Vec<Utilization>,
    /// The first bottleneck, and any that tie with it.
    pub first: Vec<Utilization>,
}

/// Computes the strain phase; `latency` is client latency past its target, when the latency
/// phase found it so (see [`super::latency::past_target`]): p99 ÷ target, headroom target ÷
/// p99, below 1 like any component already past its limit, so it ranks first.
pub fn strain(
    s: &Scenario,
    t: &Traffic,
    c: &Compute,
    d: &Data,
    e: &Edge,
    latency: Option<Utilization>,
    n: &mut Notes,
) -> Strain {
    let mut utilization = utilization(s, t, c, d, e);
    utilization.extend(latency);
    let triggers = triggers(s, d, e);
    let first = first(&utilization, &triggers);
    if n.on() {
        n.put(
            Fig::Bottleneck,
            explain(&utilization, &triggers, &first, t.users),
        );
    }
    Strain {
        utilization,
        triggers,
        first,
    }
}

fn entry(
    component: Component,
    value: f64,
    at: String,
    bound: Option<(f64, &'static str)>,
) -> Utilization {
    let (headroom, change) = match bound {
        Some((limit_share, change)) if value > 0.0 => (Some(limit_share / value), change),
        _ => (None, ""),
    };
    Utilization {
        component,
        value,
        at,
        headroom,
        change,
    }
}

/// The largest of `values` with the names of every item that reaches it (identical services
/// or databases tie: "User database and Product database").
fn busiest<'a>(values: impl Iterator<Item = (f64, &'a str)>) -> (f64, String) {
    let all: Vec<(f64, &str)> = values.collect();
    let max = all.iter().map(|v| v.0).fold(0.0, f64::max);
    if max <= 0.0 {
        return (0.0, String::new());
    }
    let names: Vec<&str> = all.iter().filter(|v| ties(v.0, max)).map(|v| v.1).collect();
    (max, names.join(" and "))
}

/// The busiest service by `f`, with its name(s).
fn busiest_service(c: &Compute, f: impl Fn(&super::ServiceStage) -> f64) -> (f64, String) {
    busiest(c.services.iter().map(|x| (f(x), x.name.as_str())))
}

/// The busiest database by `f`, with its name(s).
fn busiest_db(d: &Data, f: impl Fn(&super::DatabaseStage) -> f64) -> (f64, String) {
    busiest(d.databases.iter().map(|x| (f(x), x.name.as_str())))
}

/// Every component's load ÷ capacity at peak, each with its bound when it cannot simply grow.
fn utilization(s: &Scenario, t: &Traffic, c: &Compute, d: &Data, e: &Edge) -> Vec<Utilization> {
    let u = s.frac(P::Util);
    let mut v = Vec::new();
    push_pools(&mut v, s, t, c, u);
    push_databases(&mut v, s, d, u);
    push_shared(&mut v, s, d, e);
    v
}

/// The busiest service (by requests and by connections), the gateways and the load balancers.
/// Without a load balancer every pool is one instance, bounded at the target utilisation `u`:
/// a second instance needs one in front.
fn push_pools(v: &mut Vec<Utilization>, s: &Scenario, t: &Traffic, c: &Compute, u: f64) {
    let lone = (c.load_balancers == 0.0).then_some((u, ADD_LB));
    let (req, req_at) = busiest_service(c, |x| x.request_utilization);
    let (con, con_at) = busiest_service(c, |x| x.connection_utilization);
    v.push(entry(Component::ServiceRequests, req, req_at, lone));
    v.push(entry(Component::ServiceConnections, con, con_at, lone));
    v.push(entry(
        Component::Gateway,
        ratio(t.peak_rps, c.gateways * s.get(P::GwRps)),
        String::new(),
        lone,
    ));
    if c.load_balancers > 0.0 {
        v.push(entry(
            Component::LoadBalancer,
            ratio(t.peak_rps, c.load_balancers * s.get(P::LbRps)),
            String::new(),
            None,
        ));
    }
}

/// The busiest database's writes and reads per shard (bounded at the target utilisation `u`)
/// and its data per shard (bounded at the shard size), each with the change it forces.
fn push_databases(v: &mut Vec<Utilization>, s: &Scenario, d: &Data, u: f64) {
    let (w, w_at) = busiest_db(d, |x| ratio(x.peak_write_qps / x.shards, s.get(P::DbWrite)));
    let w_change = shard_change(shards_of(d, &w_at));
    v.push(entry(Component::DbWrites, w, w_at, Some((u, w_change))));
    let (r, r_at) = busiest_db(d, |x| {
        ratio(
            x.peak_read_qps / x.shards,
            (1.0 + x.replicas_per_shard) * s.get(P::DbRead),
        )
    });
    let r_change = read_change(s, d, &r_at);
    v.push(entry(Component::DbReads, r, r_at, Some((u, r_change))));
    let shard_bytes = s.get(P::ShardTb) * 1e12;
    let (st, st_at) = busiest_db(d, |x| ratio(x.logical_bytes / x.shards, shard_bytes));
    let st_change = shard_change(shards_of(d, &st_at));
    v.push(entry(
        Component::DbStorage,
        st,
        st_at,
        Some((1.0, st_change)),
    ));
}

/// The change a database with `shards` shards needs for more writes or data: shard it, or
/// split its shards.
fn shard_change(shards: f64) -> &'static str {
    if shards > 1.0 {
        SPLIT
    } else {
        SHARD
    }
}

/// The change the busiest database by reads (`at`) needs: another read replica while it has
/// fewer than the most allowed, else shards.
fn read_change(s: &Scenario, d: &Data, at: &str) -> &'static str {
    let db = d.databases.iter().find(|x| super::names_first(at, &x.name));
    if db.is_some_and(|x| x.replicas_per_shard < s.get(P::MaxReplicas)) {
        ADD_REPLICA
    } else {
        shard_change(shards_of(d, at))
    }
}

/// The pools that grow with their load: the cache and the queue once they are there, and the
/// network links.
fn push_shared(v: &mut Vec<Utilization>, s: &Scenario, d: &Data, e: &Edge) {
    if d.cache {
        v.push(entry(
            Component::Cache,
            ratio(d.db_read_qps, d.cache_nodes * s.get(P::CacheOps)),
            String::new(),
            None,
        ));
    }
    if d.queue {
        v.push(entry(
            Component::Queue,
            ratio(d.db_write_qps, d.queue_brokers * s.get(P::QueueOps)),
            String::new(),
            None,
        ));
    }
    let link = super::edge::link_bytes_per_s(s);
    v.push(entry(
        Component::Network,
        ratio(e.origin_peak, e.links * link),
        String::new(),
        None,
    ));
}

fn shards_of(d: &Data, at: &str) -> f64 {
    d.databases
        .iter()
        .find(|x| super::names_first(at, &x.name))
        .map_or(1.0, |x| x.shards)
}

/// Policy thresholds still ahead: a cache, a queue, a CDN, each with its headroom.
fn triggers(s: &Scenario, d: &Data, e: &Edge) -> Vec<Utilization> {
    let mut v = Vec::new();
    if !d.cache && d.busiest_read > 0.0 {
        let (value, at) = busiest_db(d, |x| x.peak_read_qps / s.get(P::DbRead));
        v.push(entry(
            Component::DbReads,
            value,
            at,
            Some((s.frac(P::CacheAt), ADD_CACHE)),
        ));
    }
    if !d.queue && d.busiest_write > 0.0 {
        let (value, at) = busiest_db(d, |x| x.peak_write_qps / s.get(P::DbWrite));
        v.push(entry(
            Component::DbWrites,
            value,
            at,
            Some((s.frac(P::QueueAt), ADD_QUEUE)),
        ));
    }
    if !e.cdn && e.peak_egress > 0.0 {
        let link = super::edge::link_bytes_per_s(s);
        v.push(entry(
            Component::Network,
            e.peak_egress / link,
            String::new(),
            Some((s.frac(P::CdnAt), ADD_CDN)),
        ));
    }
    v
}

/// Two headrooms tie when they agree to one part in a billion.
fn ties(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// The bounded components with the least headroom (ties all named); with none bounded (no
/// load at all), the busiest component.
fn first(utilization: &[Utilization], triggers: &[Utilization]) -> Vec<Utilization> {
    let bounded: Vec<&Utilization> = utilization
        .iter()
        .chain(triggers)
        .filter(|x| x.headroom.is_some_and(f64::is_finite))
        .collect();
    let least = bounded
        .iter()
        .filter_map(|x| x.headroom)
        .fold(f64::INFINITY, f64::min);
    if least.is_finite() {
        return bounded
            .into_iter()
            .filter(|x| x.headroom.is_some_and(|h| ties(h, least)))
            .cloned()
            .collect();
    }
    let busiest = utilization
        .iter()
        .fold(None::<&Utilization>, |best, x| match best {
            Some(b) if b.value >= x.value => Some(b),
            _ => Some(x),
        });
    busiest.cloned().into_iter().collect()
}

/// How a component reads in the derivation: "Database reads (User database) 34%, room ×1.5".
pub fn describe(x: &Utilization) -> String {
    let at = if x.at.is_empty() {
        String::new()
    } else {
        format!(" ({})", x.at)
    };
    match x.headroom {
        Some(h) => format!(
            "{}{at} {} {}, traffic ×{} before it must {}",
            x.component.label(),
            format::percent(x.value),
            x.component.of(),
            num(h),
            x.change
        ),
        None => format!("{}{at} {}", x.component.label(), format::percent(x.value)),
    }
}

fn explain(
    utilization: &[Utilization],
    triggers: &[Utilization],
    first: &[Utilization],
    users: f64,
) -> String {
    let bounded: Vec<String> = utilization
        .iter()
        .chain(triggers)
        .filter(|x| x.headroom.is_some())
        .map(describe)
        .collect();
    let elastic: Vec<String> = utilization
        .iter()
        .filter(|x| x.headroom.is_none())
        .map(|x| format!("{} {}", x.component.label(), format::percent(x.value)))
        .collect();
    let head = match first.first().and_then(|b| b.headroom.map(|h| (b, h))) {
        Some((b, h)) => format!(
            "the least headroom: traffic can grow ×{} (to about {} users) before it must {}{}",
            num(h),
            format::count(users * h),
            b.change,
            if first.len() > 1 { " (a tie)" } else { "" }
        ),
        None => "nothing is bounded at this load; the busiest component is named".to_string(),
    };
    format!(
        "{head}. Bounded: {}. Grow by adding units: {}.",
        if bounded.is_empty() {
            "none".to_string()
        } else {
            bounded.join("; ")
        },
        if elastic.is_empty() {
            "none".to_string()
        } else {
            elastic.join(", ")
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Context;
    use crate::core::preset::Preset;

    // Guards the busiest database's change for reads: a read replica while it has fewer than
    // `max_replicas`, then sharding, then splitting the shards once it has several.
    #[test]
    fn read_change_is_replicas_then_shards() {
        let s = Preset::Architecture.scenario();
        let mut d = Context::new(&s).phases(1e6, &mut Notes::new(false)).data;
        let at = d.databases[0].name.clone();
        let max = s.get(P::MaxReplicas);
        let mut got = Vec::new();
        for (replicas, shards) in [(0.0, 1.0), (max - 1.0, 1.0), (max, 1.0), (max, 4.0)] {
            d.databases[0].replicas_per_shard = replicas;
            d.databases[0].shards = shards;
            got.push(read_change(&s, &d, &at));
        }
        assert_eq!(got, [ADD_REPLICA, ADD_REPLICA, SHARD, SPLIT]);
    }
}
