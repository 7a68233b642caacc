//! Phase 8, queueing and latency: every service pool as an M/M/c queue, then the latency of
//! client requests along the call graph (issue 13, sections 1 and 2).
//!
//! Inputs the scenario does not carry yet are in [`LatencyInputs`] (their defaults are used
//! until they become parameters). The maths lives in [`crate::core::queueing`] and
//! [`crate::core::latency`]; this phase only maps the stage onto it:
//!
//! - **Service time** of a request at a service (its own part, without the calls it makes):
//!   `own_ms + queries × db_ms + lookups × cache_ms`, where queries are the database queries
//!   that reach the database per request (`qpr × (read share × cache misses + write share)`)
//!   and lookups are the cache lookups (`qpr × read share` once a cache is in place).
//! - **Pool**: a service's instances in one region, `instances ÷ regions`, at the peak rate in
//!   that region, `peak req/s ÷ regions`; each instance runs `inst_rps × service time`
//!   concurrent workers (Little's law; see [`crate::core::queueing::Pool`]), so the queue's
//!   utilisation is the model's request utilisation.
//! - **Latency**: each entry (named services, the group of unnamed ones, the monolith) with its
//!   queue wait, its own work and its calls (the services notation's sequence, parallel groups,
//!   asynchronous and optional calls); every call into a service crosses one network hop. The
//!   overall figure mixes the entries by their share of client requests.

use super::{Compute, Data, Fig, Loads, Notes, Traffic};
use crate::core::format::{self, num};
use crate::core::latency::{
    self as lat, calls_from_defs, Call, Latency, LatencyInput, QueueWait, SvcLatencyInput,
    Unbounded,
};
use crate::core::params::{Scenario, P};
use crate::core::queueing::{Pool, Queue};
use crate::note;

/// Latency inputs the scenario does not carry yet, with the defaults used until then. Every time
/// is the median of a log-normal part whose p99 is `tail_ratio` × the median.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatencyInputs {
    /// A service's own work per request, ms.
    pub own_ms: f64,
    /// One database query, ms.
    pub db_ms: f64,
    /// One cache lookup, ms.
    pub cache_ms: f64,
    /// One network hop inside a region, ms.
    pub hop_ms: f64,
    /// p99 ÷ p50 of every part.
    pub tail_ratio: f64,
    /// An asynchronous message's wait in the broker, ms.
    pub queue_lag_ms: f64,
}

impl Default for LatencyInputs {
    fn default() -> Self {
        LatencyInputs {
            own_ms: 5.0,
            db_ms: 2.0,
            cache_ms: 0.5,
            hop_ms: 0.5,
            tail_ratio: 3.0,
            queue_lag_ms: 20.0,
        }
    }
}

/// One service entry's pool seen as a queue (per region).
#[derive(Debug, Clone, PartialEq)]
pub struct SvcQueue {
    /// Instances in one region.
    pub instances: u64,
    /// Concurrent workers per instance (Little's law).
    pub workers_per_instance: u64,
    /// The queue's servers, instances × workers.
    pub servers: u64,
    /// The service time the queue uses, ms.
    pub service_ms: f64,
    /// The queue's figures at the peak rate; `None` when there is no traffic to queue.
    pub queue: Option<Queue>,
}

/// Queueing and latency at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct LatencyPhase {
    /// Each service entry's pool, in [`Loads::entries`] order.
    pub queues: Vec<SvcQueue>,
    /// Each entry's client latency (through its hop, queue, work and calls), same order.
    pub entries: Vec<Latency>,
    /// All client requests, the entries mixed by their share; `None` without traffic.
    pub overall: Option<Latency>,
}

/// Computes queueing and latency.
pub fn latency(
    s: &Scenario,
    t: &Traffic,
    l: &Loads,
    c: &Compute,
    d: &Data,
    k: &LatencyInputs,
    n: &mut Notes,
) -> LatencyPhase {
    let qpr = s.get(P::Qpr);
    let queries = qpr * (t.read_share * d.miss + (1.0 - t.read_share));
    let lookups = if d.cache { qpr * t.read_share } else { 0.0 };
    let service_ms = k.own_ms + queries * k.db_ms + lookups * k.cache_ms;
    let regions = t.regions.max(1.0);
    let named_calls = calls_from_defs(&s.services);
    let queues: Vec<SvcQueue> = c
        .services
        .iter()
        .map(|svc| {
            let instances = (svc.instances / regions).round().max(1.0) as u64;
            let rate = svc.peak_rps / regions;
            match Pool::new(instances, s.get(P::InstRps), service_ms / 1000.0) {
                Ok(pool) => SvcQueue {
                    instances,
                    workers_per_instance: pool.workers_per_instance,
                    servers: pool.servers,
                    service_ms: pool.service_s * 1000.0,
                    queue: (rate > 0.0).then(|| pool.queue(rate).ok()).flatten(),
                },
                Err(_) => SvcQueue {
                    instances,
                    workers_per_instance: 0,
                    servers: 0,
                    service_ms,
                    queue: None,
                },
            }
        })
        .collect();
    let services: Vec<SvcLatencyInput> = l
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| SvcLatencyInput {
            own_ms: k.own_ms,
            db_queries: queries,
            db_ms: k.db_ms,
            cache_lookups: lookups,
            cache_ms: k.cache_ms,
            extra_ms: 0.0,
            hops: 1.0,
            wait: queues[i]
                .queue
                .as_ref()
                .map_or(QueueWait::None, QueueWait::from_queue),
            calls: if e.named {
                named_calls.get(i).cloned().unwrap_or_default()
            } else {
                Vec::<Call>::new()
            },
        })
        .collect();
    let input = LatencyInput {
        services,
        hop_ms: k.hop_ms,
        tail_ratio: k.tail_ratio,
        queue_lag_ms: k.queue_lag_ms,
    };
    let results = lat::latency(&input);
    let shares: Vec<f64> = l.entries.iter().map(|e| e.share * e.count).collect();
    let overall = lat::overall(&results, &shares);
    let entries: Vec<Latency> = results.into_iter().map(|r| r.client).collect();
    if n.on() {
        note!(
            n,
            Fig::Latency,
            "{}",
            explain(l, &entries, overall.as_ref(), service_ms, k)
        );
    }
    LatencyPhase {
        queues,
        entries,
        overall,
    }
}

/// The derivation of the latency figures.
fn explain(
    l: &Loads,
    entries: &[Latency],
    overall: Option<&Latency>,
    service_ms: f64,
    k: &LatencyInputs,
) -> String {
    let name = |i: usize| l.entries.get(i).map_or("?", |e| e.name.as_str());
    let mut s = format!(
        "each request: {} ms of its own work, database and cache time; {} ms a hop; parts log-normal with p99 = {} × p50",
        num(service_ms),
        num(k.hop_ms),
        num(k.tail_ratio)
    );
    for (i, lat) in entries.iter().enumerate() {
        s.push_str(&format!("; {}: ", name(i)));
        s.push_str(&describe(lat, &name));
    }
    if let Some(o) = overall {
        s.push_str("; all client requests: ");
        s.push_str(&describe(o, &name));
    }
    s
}

fn describe<'a>(lat: &Latency, name: &impl Fn(usize) -> &'a str) -> String {
    match lat {
        Latency::Bounded(f) => format!(
            "p50 {} ms, p99 {} ms (critical path {})",
            num(f.p50_ms),
            num(f.p99_ms),
            f.critical_path
                .iter()
                .map(|&i| name(i))
                .collect::<Vec<_>>()
                .join(" → ")
        ),
        Latency::Unbounded(Unbounded::Cycle(c)) => format!(
            "unbounded: the call cycle {} never finishes",
            c.iter().map(|&i| name(i)).collect::<Vec<_>>().join(" → ")
        ),
        Latency::Unbounded(Unbounded::Overloaded(i)) => format!(
            "unbounded: {}'s queue is at {} utilisation or more and grows without bound",
            name(*i),
            format::percent(1.0)
        ),
    }
}
