//! The capacity model: from a [`Scenario`] to a [`Report`], one [`Stage`] per user count.
//!
//! A stage is computed by a pipeline of small phases, each a plain function from the scenario
//! and the typed outputs of earlier phases to a typed struct of its own:
//!
//! ```text
//! traffic → loads → data → compute → edge → cost → latency → strain → availability  ⇒  Stage
//! ```
//!
//! (`data` comes before `compute` because a service's database queries depend on whether a
//! cache is in place; `latency` before `strain` because a p99 past its target is ranked with the
//! other bottlenecks.) Every phase records its derivations through one [`Notes`] recorder,
//! which does nothing when derivations are off, so the figures are the same with and without
//! them by construction. [`Context::stage`] is the one code path for every figure: the table,
//! the derivations, the chart's sweep and the CLI all call it.
//!
//! Units: rates are per second; `avg_*` are daily averages, `peak_*` are averages × the peak
//! factor; bytes are decimal (1 KB = 1,000 B) whatever the display convention; money is US
//! dollars per month of 730 hours.

use std::collections::BTreeMap;

use super::params::Scenario;
use super::services::{call_graph, CallGraph};

pub mod availability;
mod breakpoints;
pub mod compute;
pub mod cost;
pub mod data;
pub mod edge;
pub mod latency;
pub mod loads;
mod notes;
pub mod strain;
pub mod traffic;
mod units;

pub use availability::{AvailabilityInputs, AvailabilityPhase};
pub use compute::Compute;
pub use data::Data;
pub use edge::{link_bytes_per_s, Edge};
pub use latency::{LatencyInputs, LatencyPhase};
pub use loads::{Entry, Loads};
pub use notes::Notes;
pub use strain::Strain;
pub use traffic::Traffic;
pub use units::Units;

/// A figure of a stage that can explain itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fig {
    AvgRps,
    PeakRps,
    ReadRps,
    WriteRps,
    Regions,
    Versions,
    ServiceCount,
    ServiceInstances,
    Gateways,
    LoadBalancers,
    DbReadQps,
    DbReadAfterCache,
    DbWriteQps,
    Primaries,
    Replicas,
    DbNodes,
    Cache,
    CacheNodes,
    Queue,
    QueueBrokers,
    Cdn,
    CdnBytes,
    Egress,
    PeakEgress,
    OriginEgress,
    Ingress,
    Links,
    Stored,
    DbStored,
    ObjectStored,
    Cost(CostItem),
    CostTotal,
    CostPerUser,
    Bottleneck,
    /// Client latency (p50, p99, critical path) per entry and overall.
    Latency,
    /// Availability of client requests and downtime.
    Availability,
    /// The share of client requests that fail with what `down=` names.
    Failed,
    /// A figure of the service with this index in [`Stage::services`].
    Svc(usize, SvcFig),
}

/// A per-service figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SvcFig {
    Rps,
    DbQps,
    Instances,
}

/// A line of the monthly bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CostItem {
    Services,
    Gateways,
    LoadBalancers,
    Databases,
    Cache,
    Queue,
    Storage,
    ObjectStorage,
    Egress,
    Cdn,
}

impl CostItem {
    /// All lines, in bill order.
    pub const ALL: [CostItem; 10] = [
        CostItem::Services,
        CostItem::Gateways,
        CostItem::LoadBalancers,
        CostItem::Databases,
        CostItem::Cache,
        CostItem::Queue,
        CostItem::Storage,
        CostItem::ObjectStorage,
        CostItem::Egress,
        CostItem::Cdn,
    ];

    /// The line's label.
    pub fn label(self) -> &'static str {
        match self {
            CostItem::Services => "Service instances",
            CostItem::Gateways => "API gateways",
            CostItem::LoadBalancers => "Load balancers",
            CostItem::Databases => "Database nodes",
            CostItem::Cache => "Cache nodes",
            CostItem::Queue => "Queue brokers",
            CostItem::Storage => "Database storage",
            CostItem::ObjectStorage => "Object storage",
            CostItem::Egress => "Egress",
            CostItem::Cdn => "CDN delivery",
        }
    }
}

/// A component whose load is compared with its capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    ServiceRequests,
    ServiceConnections,
    Gateway,
    LoadBalancer,
    DbWrites,
    DbReads,
    DbStorage,
    Cache,
    Queue,
    Network,
    /// Client latency past its p99 target (calls along the critical path).
    Latency,
}

impl Component {
    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            Component::ServiceRequests => "Service instances (requests)",
            Component::ServiceConnections => "Service instances (connections)",
            Component::Gateway => "API gateway",
            Component::LoadBalancer => "Load balancer",
            Component::DbWrites => "Database primary (writes)",
            Component::DbReads => "Database reads",
            Component::DbStorage => "Database storage",
            Component::Cache => "Cache",
            Component::Queue => "Message queue",
            Component::Network => "Network links",
            Component::Latency => "p99 latency of calls between services",
        }
    }

    /// What its value is a share of: "of capacity", "of the p99 target".
    pub fn of(self) -> &'static str {
        if self == Component::Latency {
            "of the p99 target"
        } else {
            "of capacity"
        }
    }

    /// A short key for JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Component::ServiceRequests => "service_requests",
            Component::ServiceConnections => "service_connections",
            Component::Gateway => "gateway",
            Component::LoadBalancer => "load_balancer",
            Component::DbWrites => "db_writes",
            Component::DbReads => "db_reads",
            Component::DbStorage => "db_storage",
            Component::Cache => "cache",
            Component::Queue => "queue",
            Component::Network => "network",
            Component::Latency => "latency",
        }
    }
}

/// A component's load as a share of the capacity in place (1.0 = full), and how far traffic
/// can grow before it forces a change of architecture.
#[derive(Debug, Clone, PartialEq)]
pub struct Utilization {
    /// Which component.
    pub component: Component,
    /// Load ÷ capacity at peak.
    pub value: f64,
    /// Where exactly, when it matters ("Order", "User database").
    pub at: String,
    /// How many times traffic can grow, the architecture as built, before this component
    /// forces a change; `None` for a pool that simply grows by adding units.
    pub headroom: Option<f64>,
    /// The change it forces then ("add a read replica"); empty when `headroom` is `None`.
    pub change: &'static str,
}

/// One service at one stage, or a group of identical unnamed services (see `count`).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceStage {
    /// Its name; the group of unnamed services is "Other services"; the monolith is "Monolith".
    pub name: String,
    /// How many identical services this entry stands for: 1 for a named service or the
    /// monolith; the number of unnamed services for the group (their figures below are each
    /// one's, not the group's). Unnamed services are numbered after the named ones
    /// ("Service 4", "Service 5", ...; see [`Stage::service_names`]).
    pub count: f64,
    /// Whether the user named it.
    pub named: bool,
    /// Whether this is the monolith being migrated away from.
    pub monolith: bool,
    /// Its share of incoming (client) requests, before calls from other services.
    pub share: f64,
    /// Names of the services it calls.
    pub calls: Vec<String>,
    /// Average requests/s it handles (client share + calls from other services, × version load).
    pub rps: f64,
    /// Peak requests/s.
    pub peak_rps: f64,
    /// Average database queries/s it sends to its database, after the cache.
    pub db_qps: f64,
    /// Peak database queries/s after the cache.
    pub peak_db_qps: f64,
    /// Connections it holds at peak (Little's law plus persistent ones).
    pub connections: f64,
    /// Instances of (each) service in all regions and versions.
    pub instances: f64,
    /// Peak requests ÷ what its instances handle.
    pub request_utilization: f64,
    /// Peak connections ÷ what its instances hold.
    pub connection_utilization: f64,
    /// Index into [`Stage::databases`] of the database it uses (for the group, the group of
    /// databases, one per service).
    pub database: usize,
}

/// One logical database (a service's own, or the shared one) at one stage, or a group of
/// identical ones (the unnamed services' own databases; see `count`).
#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseStage {
    /// "Order database", "Shared database", "Other services' databases", ...
    pub name: String,
    /// How many identical databases this entry stands for (figures below are each one's).
    pub count: f64,
    /// Peak read queries/s reaching it (after the cache).
    pub peak_read_qps: f64,
    /// Peak write queries/s.
    pub peak_write_qps: f64,
    /// Data held, one copy.
    pub logical_bytes: f64,
    /// Primaries (shards).
    pub shards: f64,
    /// Read replicas per shard.
    pub replicas_per_shard: f64,
}

impl DatabaseStage {
    /// Nodes of (each) database: shards × (1 primary + replicas).
    pub fn nodes(&self) -> f64 {
        self.shards * (1.0 + self.replicas_per_shard)
    }
}

/// The monthly bill.
#[derive(Debug, Clone, PartialEq)]
pub struct Cost {
    /// Each line, in [`CostItem::ALL`] order.
    pub lines: Vec<(CostItem, f64)>,
    /// The sum.
    pub total: f64,
    /// Total ÷ users.
    pub per_user: f64,
}

impl Cost {
    /// The amount of one line.
    pub fn line(&self, item: CostItem) -> f64 {
        self.lines
            .iter()
            .find(|(i, _)| *i == item)
            .map_or(0.0, |l| l.1)
    }
}

/// Everything the model says about one user count.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Users.
    pub users: f64,
    /// Average requests/s from clients.
    pub avg_rps: f64,
    /// Peak requests/s from clients.
    pub peak_rps: f64,
    /// Average read requests/s.
    pub read_rps: f64,
    /// Average write requests/s.
    pub write_rps: f64,
    /// Regions.
    pub regions: f64,
    /// Versions running side by side.
    pub versions: f64,
    /// Load multiplier from parallel versions (1 + extra versions × mirrored share).
    pub version_load: f64,
    /// Services running (named and unnamed, not counting a monolith).
    pub service_count: f64,
    /// Every service: named ones first, then one entry for the group of unnamed services
    /// (if any), then the monolith (if any).
    pub services: Vec<ServiceStage>,
    /// Service instances in all (monolith included).
    pub service_instances: f64,
    /// API gateway instances.
    pub gateways: f64,
    /// Load balancers.
    pub load_balancers: f64,
    /// Whether each service owns its database at this stage.
    pub db_per_service: bool,
    /// The databases (the unnamed services' own databases as one entry with a count).
    pub databases: Vec<DatabaseStage>,
    /// Peak read queries/s sent by services, before the cache.
    pub db_read_qps: f64,
    /// Peak read queries/s reaching databases, after the cache.
    pub db_read_after_cache: f64,
    /// Peak write queries/s.
    pub db_write_qps: f64,
    /// Primaries (shards) over all databases.
    pub primaries: f64,
    /// Read replicas over all databases.
    pub replicas: f64,
    /// Database nodes over all databases.
    pub db_nodes: f64,
    /// Whether a cache is in place.
    pub cache: bool,
    /// Cache nodes.
    pub cache_nodes: f64,
    /// Whether a message queue is in place.
    pub queue: bool,
    /// Queue brokers.
    pub queue_brokers: f64,
    /// Whether a CDN is in place.
    pub cdn: bool,
    /// Average bytes/s the CDN delivers.
    pub cdn_bytes_per_s: f64,
    /// Average bytes/s delivered to clients (CDN and origin together).
    pub egress_bytes_per_s: f64,
    /// Peak bytes/s delivered to clients.
    pub peak_egress_bytes_per_s: f64,
    /// Average bytes/s leaving the origin (what the CDN does not serve).
    pub origin_egress_bytes_per_s: f64,
    /// Average bytes/s clients send.
    pub ingress_bytes_per_s: f64,
    /// Network links out of the regions.
    pub links: f64,
    /// Bytes stored: database storage (every copy) plus the object store.
    pub stored_bytes: f64,
    /// Database storage, every copy counted.
    pub db_stored_bytes: f64,
    /// Media and files in the object store.
    pub object_stored_bytes: f64,
    /// The monthly bill.
    pub cost: Cost,
    /// Every component's load ÷ capacity.
    pub utilization: Vec<Utilization>,
    /// The first bottleneck: the bounded component with the least headroom (see
    /// [`strain`]).
    pub bottleneck: Utilization,
    /// Other components whose headroom ties with the bottleneck's.
    pub bottleneck_ties: Vec<Utilization>,
    /// Policy thresholds still ahead (a cache, a queue, a CDN), with their headroom.
    pub triggers: Vec<Utilization>,
    /// How bytes are shown and how long a month is.
    pub units: Units,
    /// Queueing and latency (phase 8; `None` from [`Context::capacity_stage`]). When the p99
    /// passes its target, the strain phase's ranking (`utilization`, `bottleneck`) includes it
    /// at [`Depth::Full`] only.
    pub latency: Option<LatencyPhase>,
    /// Availability (phase 9; `None` from [`Context::capacity_stage`]).
    pub availability: Option<AvailabilityPhase>,
    /// Derivations, when asked for.
    pub explain: BTreeMap<Fig, String>,
}

impl Stage {
    /// The derivation of `fig`, if it was recorded.
    pub fn explanation(&self, fig: Fig) -> Option<&str> {
        self.explain.get(&fig).map(String::as_str)
    }

    /// How many databases there are in all.
    pub fn database_count(&self) -> f64 {
        self.databases.iter().map(|d| d.count).sum()
    }

    /// Every service one by one, as `(name, entry)`: the group of unnamed services expands to
    /// "Service 4", "Service 5", ... (numbered after the named ones).
    pub fn service_names(&self) -> impl Iterator<Item = (String, &ServiceStage)> + '_ {
        let named = self.services.iter().filter(|s| s.named).count();
        self.services.iter().flat_map(move |s| {
            let n = if s.named || s.monolith {
                1
            } else {
                s.count as usize
            };
            (0..n).map(move |k| {
                let name = if s.named || s.monolith {
                    s.name.clone()
                } else {
                    format!("Service {}", named + k + 1)
                };
                (name, s)
            })
        })
    }
}

/// A point where a component first becomes necessary as users grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Milestone {
    LoadBalancer,
    Cache,
    ReadReplica,
    Sharding,
    Queue,
    Cdn,
    SecondRegion,
    DbPerService,
    ParallelVersions,
}

impl Milestone {
    /// All milestones, in the order they are listed.
    pub const ALL: [Milestone; 9] = [
        Milestone::LoadBalancer,
        Milestone::Cache,
        Milestone::ReadReplica,
        Milestone::Sharding,
        Milestone::Queue,
        Milestone::Cdn,
        Milestone::SecondRegion,
        Milestone::DbPerService,
        Milestone::ParallelVersions,
    ];

    /// What becomes necessary.
    pub fn label(self) -> &'static str {
        match self {
            Milestone::LoadBalancer => "Load balancer",
            Milestone::Cache => "Cache",
            Milestone::ReadReplica => "First read replica",
            Milestone::Sharding => "Sharding",
            Milestone::Queue => "Message queue",
            Milestone::Cdn => "CDN",
            Milestone::SecondRegion => "Second region",
            Milestone::DbPerService => "Database per service",
            Milestone::ParallelVersions => "Parallel versions",
        }
    }

    /// A short key for JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Milestone::LoadBalancer => "load_balancer",
            Milestone::Cache => "cache",
            Milestone::ReadReplica => "read_replica",
            Milestone::Sharding => "sharding",
            Milestone::Queue => "queue",
            Milestone::Cdn => "cdn",
            Milestone::SecondRegion => "second_region",
            Milestone::DbPerService => "db_per_service",
            Milestone::ParallelVersions => "parallel_versions",
        }
    }

    /// Whether `stage` has it.
    pub fn holds(self, stage: &Stage) -> bool {
        match self {
            Milestone::LoadBalancer => stage.load_balancers > 0.0,
            Milestone::Cache => stage.cache,
            Milestone::ReadReplica => stage.replicas > 0.0,
            Milestone::Sharding => stage.databases.iter().any(|d| d.shards > 1.0),
            Milestone::Queue => stage.queue,
            Milestone::Cdn => stage.cdn,
            Milestone::SecondRegion => stage.regions > 1.0,
            Milestone::DbPerService => stage.db_per_service && stage.database_count() > 1.0,
            Milestone::ParallelVersions => stage.versions > 1.0,
        }
    }
}

/// Where a milestone falls.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakpoint {
    /// Which.
    pub milestone: Milestone,
    /// The smallest whole number of users at which it holds, if it does by [`SWEEP_MAX_USERS`].
    pub users: Option<f64>,
    /// Every span of user counts over which it holds, ascending: from (the first whole user
    /// count that has it) and until (the first that has it no longer; `None`: to the end of
    /// the search). `users` is the first span's start.
    pub spans: Vec<(f64, Option<f64>)>,
}

/// The largest user count the breakpoint search and the sweep look at.
pub const SWEEP_MAX_USERS: f64 = 1e12;

/// The whole answer for a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One stage per user count, ascending, with derivations.
    pub stages: Vec<Stage>,
    /// Where each milestone falls.
    pub breakpoints: Vec<Breakpoint>,
    /// Problems with the scenario itself (a call cycle, ...), as sentences.
    pub warnings: Vec<String>,
}

/// Computes the report: every stage with derivations, the breakpoints and the warnings.
pub fn report(s: &Scenario) -> Report {
    report_with(s, true)
}

/// Computes the report, with the stages' derivations only when `explain` (the same figures
/// either way; writing the derivations is a third of a report's time). The page computes them
/// for one stage when a figure is asked to explain itself.
pub fn report_with(s: &Scenario, explain: bool) -> Report {
    report_at(s, explain, Depth::Full)
}

/// Computes the report down to `depth` ([`Depth::Capacity`] stops after the strain phase: the
/// same capacity figures without latency and availability).
pub fn report_at(s: &Scenario, explain: bool, depth: Depth) -> Report {
    let ctx = Context::new(s);
    let stages = s
        .users
        .iter()
        .map(|&u| ctx.stage_at(u, explain, depth))
        .collect();
    Report {
        stages,
        breakpoints: ctx.breakpoints(),
        warnings: ctx.warnings(),
    }
}

/// Computes one stage (derivations recorded when `explain`).
pub fn stage(s: &Scenario, users: f64, explain: bool) -> Stage {
    Context::new(s).stage(users, explain)
}

/// Computes one stage down to `depth`.
pub fn stage_at(s: &Scenario, users: f64, explain: bool, depth: Depth) -> Stage {
    Context::new(s).stage_at(users, explain, depth)
}

/// Per-scenario work done once, then reused for every stage and sweep point.
pub struct Context<'a> {
    s: &'a Scenario,
    graph: CallGraph,
}

/// Whether `at` (a place: one name, or the names of identical services or databases that tie,
/// joined by " and ") names `name` first.
pub fn names_first(at: &str, name: &str) -> bool {
    at == name
        || at
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(" and "))
}

/// Rounds up, tolerating floating-point noise: 6.000000000001 servers is 6 servers.
pub(crate) fn ceil(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() <= 1e-9 * x.abs().max(1.0) {
        r
    } else {
        x.ceil()
    }
}

/// The smallest power of two ≥ `x` (x ≥ 1).
pub(crate) fn pow2_at_least(x: f64) -> f64 {
    let mut p = 1.0;
    while p < x {
        p *= 2.0;
    }
    p
}

/// `load ÷ capacity`, 0 when there is no capacity.
pub(crate) fn ratio(load: f64, capacity: f64) -> f64 {
    if capacity > 0.0 {
        load / capacity
    } else {
        0.0
    }
}

/// Every phase's output for one stage, before they are put together as a [`Stage`].
#[derive(Debug, Clone, PartialEq)]
pub struct Phases {
    /// Phase 1.
    pub traffic: Traffic,
    /// Phase 2.
    pub loads: Loads,
    /// Phase 3 (computed after data: queries depend on the cache).
    pub compute: Compute,
    /// Phase 4.
    pub data: Data,
    /// Phase 5.
    pub edge: Edge,
    /// Phase 6.
    pub cost: Cost,
    /// Phase 7.
    pub strain: Strain,
    /// Phase 8 (`None` when only capacity was asked for).
    pub latency: Option<LatencyPhase>,
    /// Phase 9 (`None` when only capacity was asked for).
    pub availability: Option<AvailabilityPhase>,
}

impl<'a> Context<'a> {
    /// Prepares `s` (call graph) for many stage computations.
    pub fn new(s: &'a Scenario) -> Self {
        Context {
            s,
            graph: call_graph(&s.services),
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        self.s
    }

    /// Warnings about the scenario itself.
    pub fn warnings(&self) -> Vec<String> {
        self.graph
            .cycles
            .iter()
            .map(|c| {
                let names: Vec<&str> = c.iter().map(|&i| self.s.services[i].name.as_str()).collect();
                format!(
                    "Call cycle: {}. The call that closes it is left out of the load; a cycle like this can loop forever or deadlock. Through synchronous calls a request that enters it never finishes, so its latency has no number (the latency rows say so).",
                    names.join(" → ")
                )
            })
            .collect()
    }

    /// Runs every phase at `users`.
    pub fn phases(&self, users: f64, n: &mut Notes) -> Phases {
        self.run(users, Depth::Full, n)
    }

    /// Runs the phases `depth` asks for; latency and availability come out `None` at
    /// [`Depth::Capacity`].
    fn run(&self, users: f64, depth: Depth, n: &mut Notes) -> Phases {
        let s = self.s;
        let traffic = traffic::traffic(s, users, n);
        let loads = loads::loads(s, &self.graph, &traffic, n);
        let data = data::data(s, &traffic, &loads, n);
        let compute = compute::compute(s, &traffic, &loads, &data, n);
        let edge = edge::edge(s, &traffic, n);
        let cost = cost::cost(s, &traffic, &compute, &data, &edge, n);
        let full = depth == Depth::Full;
        // Latency before strain: strain ranks a p99 past its target with the rest.
        let latency = full.then(|| {
            let inputs = LatencyInputs::from_scenario(s);
            latency::latency(s, &traffic, &loads, &compute, &data, &inputs, n)
        });
        let past = latency
            .as_ref()
            .and_then(|p| latency::past_target(p, &loads));
        let strain = strain::strain(s, &traffic, &compute, &data, &edge, past, n);
        let availability = full.then(|| {
            let inputs = AvailabilityInputs::of(s);
            availability::availability(s, &traffic, &loads, &compute, &data, &inputs, n)
        });
        Phases {
            traffic,
            loads,
            compute,
            data,
            edge,
            cost,
            strain,
            latency,
            availability,
        }
    }

    /// Computes the stage at `users`: every phase, derivations recorded when `explain`.
    pub fn stage(&self, users: f64, explain: bool) -> Stage {
        self.stage_at(users, explain, Depth::Full)
    }

    /// Computes the stage at `users` down to `depth`.
    pub fn stage_at(&self, users: f64, explain: bool, depth: Depth) -> Stage {
        let mut notes = Notes::new(explain);
        let p = self.run(users, depth, &mut notes);
        assemble(self.s, p, notes)
    }

    /// The stage at `users` through the capacity phases only (traffic to strain), without
    /// derivations: what the breakpoint search and the growth sweep evaluate hundreds of times
    /// per change. Its figures are [`Context::stage`]'s; `latency` and `availability` are
    /// `None`.
    pub fn capacity_stage(&self, users: f64) -> Stage {
        let mut notes = Notes::new(false);
        let p = self.run(users, Depth::Capacity, &mut notes);
        assemble(self.s, p, notes)
    }
}

/// How far down the pipeline a stage is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Traffic to strain: every sized figure and the first bottleneck.
    Capacity,
    /// Also latency and availability.
    Full,
}

/// Puts the phases' outputs together as the stage every view reads.
fn assemble(s: &Scenario, p: Phases, notes: Notes) -> Stage {
    let Phases {
        traffic: t,
        loads: l,
        compute: c,
        data: d,
        edge: e,
        cost,
        strain,
        latency,
        availability,
    } = p;
    let mut first = strain.first.into_iter();
    let bottleneck = first.next().unwrap_or(Utilization {
        component: Component::ServiceRequests,
        value: 0.0,
        at: String::new(),
        headroom: None,
        change: "",
    });
    Stage {
        users: t.users,
        avg_rps: t.avg_rps,
        peak_rps: t.peak_rps,
        read_rps: t.read_rps,
        write_rps: t.write_rps,
        regions: t.regions,
        versions: t.versions,
        version_load: t.version_load,
        service_count: l.service_count,
        services: c.services,
        service_instances: c.service_instances,
        gateways: c.gateways,
        load_balancers: c.load_balancers,
        db_per_service: d.db_per_service,
        databases: d.databases,
        db_read_qps: d.db_read_qps,
        db_read_after_cache: d.db_read_after_cache,
        db_write_qps: d.db_write_qps,
        primaries: d.primaries,
        replicas: d.replicas,
        db_nodes: d.db_nodes,
        cache: d.cache,
        cache_nodes: d.cache_nodes,
        queue: d.queue,
        queue_brokers: d.queue_brokers,
        cdn: e.cdn,
        cdn_bytes_per_s: e.cdn_bytes,
        egress_bytes_per_s: e.egress,
        peak_egress_bytes_per_s: e.peak_egress,
        origin_egress_bytes_per_s: e.origin,
        ingress_bytes_per_s: e.ingress,
        links: e.links,
        stored_bytes: d.db_stored_bytes + d.object_stored_bytes,
        db_stored_bytes: d.db_stored_bytes,
        object_stored_bytes: d.object_stored_bytes,
        cost,
        utilization: strain.utilization,
        bottleneck,
        bottleneck_ties: first.collect(),
        triggers: strain.triggers,
        units: Units::of(s),
        latency,
        availability,
        explain: notes.into_map(),
    }
}
