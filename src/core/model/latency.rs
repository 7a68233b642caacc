//! Phase 8, queueing and latency: every service pool as an M/M/c queue, then the latency of
//! client requests along the call graph (issue 13, sections 1 and 2).
//!
//! Its inputs are the scenario's latency parameters ([`LatencyInputs::of`]: `own_ms`, `db_ms`,
//! `cache_ms`, `hop_ms`, `rtt_ms`, `tail`, `lag_ms`, `slo_ms`). The maths lives in
//! [`crate::core::queueing`] and [`crate::core::latency`]; this phase only maps the stage onto
//! it:
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
//! - **Regions**: with r regions, a write finds its shard's primary in another region (r − 1)/r
//!   of the time; such a write is forwarded there and waits one `rtt_ms` round trip. Each
//!   entry's latency mixes the local requests and those remote writes by their shares.

use super::{Compute, Data, Fig, Loads, Notes, ServiceStage, Traffic};
use crate::core::format::{self, num};
use crate::core::latency::{
    self as lat, calls_from_defs, Call, Latency, LatencyInput, QueueWait, SvcLatency,
    SvcLatencyInput, Unbounded,
};
use crate::core::params::{Scenario, P};
use crate::core::queueing::{Pool, Queue};
use crate::note;

/// The latency parameters of a scenario. Every time is the median of a log-normal part whose p99
/// is `tail_ratio` × the median.
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
    /// A round trip between regions, ms.
    pub rtt_ms: f64,
    /// The p99 target of client requests, ms.
    pub slo_ms: f64,
}

impl LatencyInputs {
    /// The inputs `s` gives.
    pub fn from_scenario(s: &Scenario) -> Self {
        LatencyInputs {
            own_ms: s.get(P::OwnMs),
            db_ms: s.get(P::DbMs),
            cache_ms: s.get(P::CacheMs),
            hop_ms: s.get(P::HopMs),
            tail_ratio: s.get(P::Tail),
            queue_lag_ms: s.get(P::LagMs),
            rtt_ms: s.get(P::RttMs),
            slo_ms: s.get(P::SloMs),
        }
    }
}

impl Default for LatencyInputs {
    /// The registry's defaults.
    fn default() -> Self {
        LatencyInputs::from_scenario(&crate::core::presets::Preset::Architecture.scenario())
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
    /// Each entry's latency as a calling service waits for it (its queue, work and calls,
    /// without the hop into it), same order: what the diagrams write on a call's arrow.
    pub called: Vec<Latency>,
    /// All client requests, the entries mixed by their share; `None` without traffic.
    pub overall: Option<Latency>,
    /// The overall p99 if no service called another (every entry's own hop, wait and work):
    /// what calls between services add is `overall p99 − this`.
    pub p99_without_calls_ms: Option<f64>,
    /// The p99 target, ms.
    pub slo_ms: f64,
}

impl LatencyPhase {
    /// The overall p99, ms, when bounded.
    pub fn p99_ms(&self) -> Option<f64> {
        self.overall.as_ref().and_then(Latency::p99_ms)
    }

    /// The overall p50, ms, when bounded.
    pub fn p50_ms(&self) -> Option<f64> {
        self.overall.as_ref().and_then(Latency::p50_ms)
    }
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
    let Graph {
        queues,
        mut input,
        shares,
        remote,
        service_ms,
    } = graph(s, t, l, c, d, k);
    let (entries, called, overall) = mixed(&input, &shares, remote, k.rtt_ms);
    for svc in &mut input.services {
        svc.calls.clear();
    }
    let alone = lat::overall(&lat::latency(&input), &shares);
    let phase = LatencyPhase {
        queues,
        entries,
        called,
        overall,
        p99_without_calls_ms: alone.as_ref().and_then(Latency::p99_ms),
        slo_ms: k.slo_ms,
    };
    if n.on() {
        note!(
            n,
            Fig::Latency,
            "{}",
            explain(l, &phase, service_ms, remote, k)
        );
    }
    phase
}

/// The latency of all client requests alone, at many loads of one stage's call graph:
/// [`LatencyPhase::overall`], the same figures from the same code, without the per-entry figures
/// and the comparison without calls that the phase adds. A day of traffic asks for it 1,440
/// times with only the instances and loads changed: the graph is mapped once, each load only
/// updates the queues, and each distinct set of queue waits ([`lat::wait_key`]) is solved once
/// (a load whose waits match one seen before gets that figure, identical to the bit), its
/// quantile search started from the last one solved ([`lat::overall_near`]: the same root to
/// within the solver's rounding, in about half the steps).
pub struct Overall<'a> {
    s: &'a Scenario,
    k: LatencyInputs,
    regions: f64,
    graph: Graph,
    seen: std::collections::BTreeMap<Vec<Option<(u64, u64)>>, Option<Latency>>,
    /// The last (p50, p99) solved: where the next search starts.
    last: Option<(f64, f64)>,
}

impl<'a> Overall<'a> {
    /// The stage's graph, to be asked at the loads of its day.
    pub fn new(s: &'a Scenario, t: &Traffic, l: &Loads, c: &Compute, d: &Data) -> Self {
        let k = LatencyInputs::from_scenario(s);
        Overall {
            s,
            k,
            regions: t.regions.max(1.0),
            graph: graph(s, t, l, c, d, &k),
            seen: std::collections::BTreeMap::new(),
            last: None,
        }
    }

    /// The overall latency with the instances and loads in `c` (everything else as the stage
    /// has it).
    pub fn at(&mut self, c: &Compute) -> Option<Latency> {
        let g = &mut self.graph;
        let queues = pools(self.s, c, self.regions, g.service_ms);
        for (svc, q) in g.input.services.iter_mut().zip(&queues) {
            svc.wait = q
                .queue
                .as_ref()
                .map_or(QueueWait::None, QueueWait::from_queue);
        }
        let key = lat::wait_key(&g.input);
        if let Some(hit) = self.seen.get(&key) {
            return hit.clone();
        }
        let (all, both) = with_remote(lat::latency(&g.input), &g.shares, g.remote, self.k.rtt_ms);
        let r = lat::overall_near(&all, &both, self.last);
        if let Some(f) = r.as_ref().and_then(Latency::figures) {
            self.last = Some((f.p50_ms, f.p99_ms));
        }
        self.seen.insert(key, r.clone());
        r
    }
}

/// The stage's call graph as the latency maths reads it.
struct Graph {
    /// Each entry's pool as a queue.
    queues: Vec<SvcQueue>,
    /// The services' latency inputs.
    input: LatencyInput,
    /// Each entry's share of client requests.
    shares: Vec<f64>,
    /// The share of requests that are writes to a primary in another region.
    remote: f64,
    /// The service time of every pool, ms.
    service_ms: f64,
}

/// Maps the stage onto [`LatencyInput`]: pools, work, calls and shares.
fn graph(s: &Scenario, t: &Traffic, l: &Loads, c: &Compute, d: &Data, k: &LatencyInputs) -> Graph {
    let Work {
        queries,
        lookups,
        service_ms,
    } = work(s, t, d, k);
    let regions = t.regions.max(1.0);
    let named_calls = calls_from_defs(&s.services);
    let queues = pools(s, c, regions, service_ms);
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
    Graph {
        queues,
        input: LatencyInput {
            services,
            hop_ms: k.hop_ms,
            tail_ratio: k.tail_ratio,
            queue_lag_ms: k.queue_lag_ms,
        },
        shares: l.entries.iter().map(|e| e.share * e.count).collect(),
        remote: (1.0 - t.read_share) * (regions - 1.0) / regions,
        service_ms,
    }
}

/// What one request asks of a service at this stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Work {
    /// Database queries: the reads the cache misses and every write, `qpr` per request.
    pub queries: f64,
    /// Cache lookups: every read once there is a cache.
    pub lookups: f64,
    /// The median time the request keeps an instance's worker busy, ms: its own work, its
    /// queries and its lookups (`own_ms + queries × db_ms + lookups × cache_ms`).
    pub service_ms: f64,
}

/// One request's work at this stage: the service time of every pool's M/M/c queue, here and in
/// the compute phase's sizing by queue wait (`wait_ms`).
pub fn work(s: &Scenario, t: &Traffic, d: &Data, k: &LatencyInputs) -> Work {
    let qpr = s.get(P::Qpr);
    let queries = qpr * (t.read_share * d.miss + (1.0 - t.read_share));
    let lookups = if d.cache { qpr * t.read_share } else { 0.0 };
    Work {
        queries,
        lookups,
        service_ms: k.own_ms + queries * k.db_ms + lookups * k.cache_ms,
    }
}

/// Each service entry's pool in one region as an M/M/c queue at its peak rate there. Entries
/// sized alike (equal shares of traffic) form the same queue, computed once.
fn pools(s: &Scenario, c: &Compute, regions: f64, service_ms: f64) -> Vec<SvcQueue> {
    let mut out: Vec<SvcQueue> = Vec::with_capacity(c.services.len());
    for (i, svc) in c.services.iter().enumerate() {
        let alike = c.services[..i]
            .iter()
            .position(|o| o.instances == svc.instances && o.peak_rps == svc.peak_rps);
        let q = match alike {
            Some(j) => out[j].clone(),
            None => pool(s, svc, regions, service_ms),
        };
        out.push(q);
    }
    out
}

/// One service entry's pool in one region as an M/M/c queue at its peak rate there.
fn pool(s: &Scenario, svc: &ServiceStage, regions: f64, service_ms: f64) -> SvcQueue {
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
}

/// Each entry's client latency, its latency as a caller sees it, and all client requests',
/// mixing local requests with the
/// `remote` share: writes forwarded to their primary's region, one `rtt_ms` round trip later
/// (each such request's quantiles shifted by the round trip, then carried as a log-normal
/// through them like any part of a mixture).
fn mixed(
    input: &LatencyInput,
    shares: &[f64],
    remote: f64,
    rtt_ms: f64,
) -> (Vec<Latency>, Vec<Latency>, Option<Latency>) {
    let local = lat::latency(input);
    let called = local.iter().map(|r| r.latency.clone()).collect();
    if remote <= 0.0 || rtt_ms <= 0.0 {
        let overall = lat::overall(&local, shares);
        return (
            local.into_iter().map(|r| r.client).collect(),
            called,
            overall,
        );
    }
    let pair = [1.0 - remote, remote];
    let entries = local
        .iter()
        .zip(shifted(&local, rtt_ms))
        .map(|(a, b)| lat::overall(&[a.clone(), b], &pair).unwrap_or_else(|| a.client.clone()))
        .collect();
    let (all, both) = with_remote(local, shares, remote, rtt_ms);
    (entries, called, lat::overall(&all, &both))
}

/// Each service's client latency one `rtt_ms` round trip later.
fn shifted(local: &[SvcLatency], rtt_ms: f64) -> Vec<SvcLatency> {
    local
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if let Latency::Bounded(f) = &mut r.client {
                f.p50_ms += rtt_ms;
                f.p99_ms += rtt_ms;
                f.mean_ms += rtt_ms;
            }
            r
        })
        .collect()
}

/// The parts of all client requests with `remote` of them a round trip later: every service
/// local then shifted, with their shares (the services as they are without remote writes or
/// a round trip).
fn with_remote(
    local: Vec<SvcLatency>,
    shares: &[f64],
    remote: f64,
    rtt_ms: f64,
) -> (Vec<SvcLatency>, Vec<f64>) {
    if remote <= 0.0 || rtt_ms <= 0.0 {
        return (local, shares.to_vec());
    }
    let far = shifted(&local, rtt_ms);
    let both = shares
        .iter()
        .map(|w| w * (1.0 - remote))
        .chain(shares.iter().map(|w| w * remote))
        .collect();
    (local.into_iter().chain(far).collect(), both)
}

/// Client latency past its target, as the strain phase ranks it: p99 ÷ target, at the
/// critical path, headroom target ÷ p99.
pub fn past_target(p: &LatencyPhase, l: &Loads) -> Option<super::Utilization> {
    let f = p.overall.as_ref()?.figures()?;
    (f.p99_ms > p.slo_ms).then(|| super::Utilization {
        component: super::Component::Latency,
        value: f.p99_ms / p.slo_ms,
        at: path(&f.critical_path, l),
        headroom: Some(p.slo_ms / f.p99_ms),
        change: "shorten the synchronous call chain (parallel or asynchronous calls)",
    })
}

/// A chain of entries by name: "Order → User".
pub fn path(chain: &[usize], l: &Loads) -> String {
    chain
        .iter()
        .map(|&i| l.entries.get(i).map_or("?", |e| e.name.as_str()))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The derivation of the latency figures.
fn explain(l: &Loads, p: &LatencyPhase, service_ms: f64, remote: f64, k: &LatencyInputs) -> String {
    let name = |i: usize| l.entries.get(i).map_or("?", |e| e.name.as_str());
    let mut s = format!(
        "each request: {} ms of its own work, database and cache time; {} ms a hop; parts log-normal with p99 = {} × p50",
        num(service_ms),
        num(k.hop_ms),
        num(k.tail_ratio)
    );
    if remote > 0.0 && k.rtt_ms > 0.0 {
        s.push_str(&format!(
            "; {} of requests are writes whose primary is in another region: +{} ms round trip",
            format::percent(remote),
            num(k.rtt_ms)
        ));
    }
    for (i, lat) in p.entries.iter().enumerate() {
        s.push_str(&format!("; {}: ", name(i)));
        s.push_str(&describe(lat, &name));
    }
    if let Some(o) = &p.overall {
        s.push_str("; all client requests: ");
        s.push_str(&describe(o, &name));
    }
    if let (Some(all), Some(alone)) = (p.p99_ms(), p.p99_without_calls_ms) {
        s.push_str(&format!(
            "; calls between services add {} ms to the p99 (without them {} ms); target p99 {} ms",
            num(all - alone),
            num(alone),
            num(k.slo_ms)
        ));
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
