//! The capacity model: from a [`Scenario`] to a [`Report`], one [`Stage`] per user count.
//!
//! Every figure is computed by one code path, [`stage`], which can also record its derivation
//! (the formula with the numbers put in) for each [`Fig`]. The chart's sweep calls the same
//! function with explanations off, so the numbers it plots are the table's numbers.
//!
//! Units: rates are per second; `avg_*` are daily averages, `peak_*` are averages × the peak
//! factor; bytes are decimal (1 KB = 1,000 B); money is US dollars per month of 730 hours.

use std::collections::BTreeMap;

use super::format::{self, num};
use super::params::{Scenario, HOURS_PER_MONTH, P};
use super::services::{call_graph, propagate, CallGraph};

/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;
/// Seconds in a 730-hour month.
pub const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3_600.0;

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
    Cost(CostItem),
    CostTotal,
    CostPerUser,
    Bottleneck,
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
    Egress,
    Cdn,
}

impl CostItem {
    /// All lines, in bill order.
    pub const ALL: [CostItem; 9] = [
        CostItem::Services,
        CostItem::Gateways,
        CostItem::LoadBalancers,
        CostItem::Databases,
        CostItem::Cache,
        CostItem::Queue,
        CostItem::Storage,
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
            CostItem::Storage => "Storage",
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
        }
    }
}

/// A component's load as a share of the capacity in place (1.0 = full).
#[derive(Debug, Clone, PartialEq)]
pub struct Utilization {
    /// Which component.
    pub component: Component,
    /// Load ÷ capacity at peak.
    pub value: f64,
    /// Where exactly, when it matters ("Order", "User database").
    pub at: String,
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
    /// Instances of (each) service in all regions and versions.
    pub instances: f64,
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
    /// Bytes stored, every copy counted.
    pub stored_bytes: f64,
    /// The monthly bill.
    pub cost: Cost,
    /// Every component's load ÷ capacity.
    pub utilization: Vec<Utilization>,
    /// The component closest to (or past) its capacity.
    pub bottleneck: Utilization,
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

/// Bytes per second one network link carries: Gbps × 10⁹ ÷ 8 (1 Gbps = 125 MB/s).
pub fn link_bytes_per_s(s: &Scenario) -> f64 {
    s.get(P::LinkGbps) * 1e9 / 8.0
}

/// Computes the report: every stage with derivations, the breakpoints and the warnings.
pub fn report(s: &Scenario) -> Report {
    report_with(s, true)
}

/// Computes the report, with the stages' derivations only when `explain` (the same figures
/// either way; writing the derivations is a third of a report's time). The page computes them
/// for one stage when a figure is asked to explain itself.
pub fn report_with(s: &Scenario, explain: bool) -> Report {
    let ctx = Context::new(s);
    let stages = s.users.iter().map(|&u| ctx.stage(u, explain)).collect();
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

/// Per-scenario work done once, then reused for every stage and sweep point.
pub struct Context<'a> {
    s: &'a Scenario,
    graph: CallGraph,
}

fn ceil(x: f64) -> f64 {
    // Tolerate floating-point noise: 6.000000000001 servers is 6 servers.
    let r = x.round();
    if (x - r).abs() <= 1e-9 * x.abs().max(1.0) {
        r
    } else {
        x.ceil()
    }
}

/// The smallest power of two ≥ `x` (x ≥ 1).
fn pow2_at_least(x: f64) -> f64 {
    let mut p = 1.0;
    while p < x {
        p *= 2.0;
    }
    p
}

fn ratio(load: f64, capacity: f64) -> f64 {
    if capacity > 0.0 {
        load / capacity
    } else {
        0.0
    }
}

macro_rules! note {
    ($notes:expr, $fig:expr, $($arg:tt)*) => {
        if let Some(n) = $notes.as_mut() {
            n.insert($fig, format!($($arg)*));
        }
    };
}

impl<'a> Context<'a> {
    /// Prepares `s` (call graph) for many stage computations.
    pub fn new(s: &'a Scenario) -> Self {
        Context {
            s,
            graph: call_graph(&s.services),
        }
    }

    /// Warnings about the scenario itself.
    pub fn warnings(&self) -> Vec<String> {
        self.graph
            .cycles
            .iter()
            .map(|c| {
                let names: Vec<&str> = c.iter().map(|&i| self.s.services[i].name.as_str()).collect();
                format!(
                    "Call cycle: {}. The call that closes it is left out of the load; a cycle like this can loop forever or deadlock.",
                    names.join(" → ")
                )
            })
            .collect()
    }

    /// Breakpoints: a log-spaced scan from 1 user to [`SWEEP_MAX_USERS`] finds where each
    /// milestone first holds, then bisection finds the exact whole number of users.
    pub fn breakpoints(&self) -> Vec<Breakpoint> {
        // 24 points a decade, plus every user count where a policy switches something on (and
        // the one before it), so that a milestone that holds only briefly is not stepped over.
        const PER_DECADE: usize = 24;
        let decades = SWEEP_MAX_USERS.log10() as usize;
        let mut grid: Vec<f64> = (0..=decades * PER_DECADE)
            .map(|i| 10f64.powf(i as f64 / PER_DECADE as f64).round())
            .collect();
        let s = self.s;
        let mut policy = vec![s.get(P::DbSplit), s.get(P::VersionsFrom)];
        policy.extend(
            (1..=s.get(P::MaxRegions) as usize).map(|k| k as f64 * s.get(P::RegionUsers) + 1.0),
        );
        policy.extend(
            s.service_count
                .points()
                .iter()
                .chain(s.migrated.points())
                .map(|p| p.0),
        );
        for p in policy {
            for q in [p - 1.0, p] {
                if (1.0..=SWEEP_MAX_USERS).contains(&q) {
                    grid.push(q.round());
                }
            }
        }
        super::sort::f64s(&mut grid);
        grid.dedup();
        let mut found: Vec<Option<(f64, f64)>> = vec![None; Milestone::ALL.len()];
        let mut prev = 0.0;
        for &u in &grid {
            if found.iter().all(Option::is_some) {
                break;
            }
            let st = self.stage(u, false);
            for (k, m) in Milestone::ALL.iter().enumerate() {
                if found[k].is_none() && m.holds(&st) {
                    found[k] = Some((prev, u));
                }
            }
            prev = u;
        }
        Milestone::ALL
            .iter()
            .zip(found)
            .map(|(&m, f)| Breakpoint {
                milestone: m,
                users: f.map(|(lo, hi)| self.bisect(m, lo, hi)),
            })
            .collect()
    }

    /// The smallest whole `u` in `(lo, hi]` where `m` holds, given it holds at `hi`.
    fn bisect(&self, m: Milestone, mut lo: f64, mut hi: f64) -> f64 {
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if m.holds(&self.stage(mid, false)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }

    /// Computes the stage at `users`.
    pub fn stage(&self, users: f64, explain: bool) -> Stage {
        let s = self.s;
        let mut notes: Option<BTreeMap<Fig, String>> = explain.then(BTreeMap::new);
        let u = s.frac(P::Util);
        let users_s = num(users);

        // Traffic.
        let active = s.frac(P::Active);
        let per_user_s = if s.per_day() {
            s.get(P::Rpu) / SECONDS_PER_DAY
        } else {
            s.get(P::Rpu)
        };
        let avg_rps = users * active * per_user_s;
        if s.per_day() {
            note!(
                notes,
                Fig::AvgRps,
                "{users_s} users × {} active × {} requests/day ÷ 86,400 s/day = {} req/s",
                format::percent(active),
                num(s.get(P::Rpu)),
                num(avg_rps)
            );
        } else {
            note!(
                notes,
                Fig::AvgRps,
                "{users_s} users × {} active × {} requests/s = {} req/s",
                format::percent(active),
                num(s.get(P::Rpu)),
                num(avg_rps)
            );
        }
        let peak_f = s.get(P::Peak);
        let peak_rps = avg_rps * peak_f;
        note!(
            notes,
            Fig::PeakRps,
            "{} req/s average × {} peak factor = {} req/s",
            num(avg_rps),
            num(peak_f),
            num(peak_rps)
        );
        let read = s.frac(P::Read);
        let read_rps = avg_rps * read;
        let write_rps = avg_rps - read_rps;
        note!(
            notes,
            Fig::ReadRps,
            "{} req/s × {} reads = {} req/s",
            num(avg_rps),
            format::percent(read),
            num(read_rps)
        );
        note!(
            notes,
            Fig::WriteRps,
            "{} req/s × {} writes = {} req/s",
            num(avg_rps),
            format::percent(1.0 - read),
            num(write_rps)
        );

        // Regions and versions.
        let max_regions = s.get(P::MaxRegions);
        let regions = ceil(users / s.get(P::RegionUsers)).clamp(1.0, max_regions);
        note!(
            notes,
            Fig::Regions,
            "{users_s} users ÷ {} users per region = {} → {} region{} (at most {})",
            num(s.get(P::RegionUsers)),
            num(users / s.get(P::RegionUsers)),
            num(regions),
            if regions == 1.0 { "" } else { "s" },
            num(max_regions)
        );
        let versions = if users >= s.get(P::VersionsFrom) {
            s.get(P::Versions)
        } else {
            1.0
        };
        let mirror = s.frac(P::Mirror);
        let vload = 1.0 + (versions - 1.0) * mirror;
        if versions > 1.0 {
            note!(
                notes,
                Fig::Versions,
                "{} versions from {} users on; load × (1 + {} extra × {} mirrored) = × {}",
                num(versions),
                num(s.get(P::VersionsFrom)),
                num(versions - 1.0),
                format::percent(mirror),
                num(vload)
            );
        } else {
            note!(
                notes,
                Fig::Versions,
                "1 version: parallel running starts at {} users",
                num(s.get(P::VersionsFrom))
            );
        }

        // Services: count, shares, fan-out.
        let named = s.services.len() as f64;
        let scheduled = s.service_count.at(users).map(|c| c.round());
        let service_count = scheduled.map_or(named, |c| c.max(named));
        match scheduled {
            Some(c) => note!(
                notes,
                Fig::ServiceCount,
                "max({} named, {} scheduled at {users_s} users) = {} services",
                num(named),
                num(c),
                num(service_count)
            ),
            None => note!(notes, Fig::ServiceCount, "{} named services", num(named)),
        }
        let migrated = s.migrated.at(users).map(|m| m / 100.0);
        let to_services = migrated.unwrap_or(1.0);
        let unnamed = (service_count - named).max(0.0) as usize;
        let total_weight: f64 = s.services.iter().map(|d| d.weight).sum::<f64>() + unnamed as f64;
        // Entries: named services, then one for the group of identical unnamed ones, then the
        // monolith. `counts[i]` is how many services entry i stands for.
        let mut ext: Vec<f64> = s
            .services
            .iter()
            .map(|d| d.weight / total_weight * to_services)
            .collect();
        let mut loads = propagate(
            &self.graph,
            &ext.iter().map(|sh| sh * avg_rps).collect::<Vec<_>>(),
        );
        let mut counts = vec![1.0; ext.len()];
        let group = (unnamed > 0).then_some(ext.len());
        if unnamed > 0 {
            let unnamed_share = to_services / total_weight;
            ext.push(unnamed_share);
            loads.push(unnamed_share * avg_rps);
            counts.push(unnamed as f64);
        }
        let monolith_share = 1.0 - to_services;
        if monolith_share > 0.0 {
            ext.push(monolith_share);
            loads.push(monolith_share * avg_rps);
            counts.push(1.0);
        }

        // Databases: shared or one per service; the monolith keeps the shared one.
        let db_per_service = users >= s.get(P::DbSplit);
        let n_svc = loads.len();
        let has_monolith = monolith_share > 0.0;
        let db_of = |i: usize| -> usize {
            if !db_per_service {
                0
            } else {
                i
            }
        };
        let n_db = if db_per_service { n_svc } else { 1 };
        let qpr = s.get(P::Qpr);
        // Per database (each one of a group): a shared database takes every entry's load.
        let mut db_reads = vec![0.0; n_db];
        let mut db_writes = vec![0.0; n_db];
        let db_counts: Vec<f64> = if db_per_service {
            counts.clone()
        } else {
            vec![1.0]
        };
        for (i, l) in loads.iter().enumerate() {
            let q = l * vload * peak_f * qpr;
            let k = if db_per_service { 1.0 } else { counts[i] };
            db_reads[db_of(i)] += q * read * k;
            db_writes[db_of(i)] += q * (1.0 - read) * k;
        }
        let db_read_qps: f64 = db_reads.iter().zip(&db_counts).map(|(r, k)| r * k).sum();
        let db_write_qps: f64 = db_writes.iter().zip(&db_counts).map(|(w, k)| w * k).sum();
        let busiest_read = db_reads.iter().cloned().fold(0.0, f64::max);
        let busiest_write = db_writes.iter().cloned().fold(0.0, f64::max);

        let db_read_cap = s.get(P::DbRead);
        let db_write_cap = s.get(P::DbWrite);
        let cache = busiest_read > s.frac(P::CacheAt) * db_read_cap && db_read_qps > 0.0;
        note!(
            notes,
            Fig::Cache,
            "busiest database's peak reads {} QPS {} {} × {} QPS per node = {} QPS → {}",
            num(busiest_read),
            if cache { ">" } else { "≤" },
            format::percent(s.frac(P::CacheAt)),
            num(db_read_cap),
            num(s.frac(P::CacheAt) * db_read_cap),
            if cache {
                "cache in place"
            } else {
                "no cache yet"
            }
        );
        note!(
            notes,
            Fig::DbReadQps,
            "Σ services' peak requests/s × {} queries per request × {} reads = {} QPS",
            num(qpr),
            format::percent(read),
            num(db_read_qps)
        );
        note!(
            notes,
            Fig::DbWriteQps,
            "Σ services' peak requests/s × {} queries per request × {} writes = {} QPS",
            num(qpr),
            format::percent(1.0 - read),
            num(db_write_qps)
        );
        let miss = if cache { 1.0 - s.frac(P::Hit) } else { 1.0 };
        let db_read_after_cache = db_read_qps * miss;
        if cache {
            note!(
                notes,
                Fig::DbReadAfterCache,
                "{} QPS × (1 − {} cache hits) = {} QPS",
                num(db_read_qps),
                format::percent(s.frac(P::Hit)),
                num(db_read_after_cache)
            );
        } else {
            note!(
                notes,
                Fig::DbReadAfterCache,
                "no cache: all {} QPS of reads reach the databases",
                num(db_read_qps)
            );
        }
        let cache_nodes = if cache {
            ceil(db_read_qps / (s.get(P::CacheOps) * u)).max(regions)
        } else {
            0.0
        };
        if cache {
            note!(notes, Fig::CacheNodes, "max({} lookups/s ÷ ({} ops/s per node × {} target) = {}, one per region: {}) = {} node{}", num(db_read_qps), num(s.get(P::CacheOps)), format::percent(u), num(db_read_qps / (s.get(P::CacheOps) * u)), num(regions), num(cache_nodes), if cache_nodes == 1.0 { "" } else { "s" });
        } else {
            note!(notes, Fig::CacheNodes, "no cache at this stage");
        }

        // Storage.
        let logical = users * s.get(P::UserKb) * 1e3
            + write_rps * SECONDS_PER_DAY * s.get(P::Retention) * s.get(P::WriteKb) * 1e3;
        let stored_bytes = logical * s.get(P::Replication);
        note!(
            notes,
            Fig::Stored,
            "({users_s} users × {} KB + {} writes/s × 86,400 s × {} days × {} KB) × {} copies = {}",
            num(s.get(P::UserKb)),
            num(write_rps),
            num(s.get(P::Retention)),
            num(s.get(P::WriteKb)),
            num(s.get(P::Replication)),
            format::bytes(stored_bytes)
        );
        let shard_bytes = s.get(P::ShardTb) * 1e12;
        let max_rep = s.get(P::MaxReplicas);

        let db_name = |i: usize| -> String {
            if !db_per_service {
                "Shared database".to_string()
            } else if has_monolith && i == n_svc - 1 {
                "Monolith database".to_string()
            } else if Some(i) == group {
                "Other services' databases".to_string()
            } else {
                String::new()
            }
        };
        let mut databases: Vec<DatabaseStage> = Vec::with_capacity(n_db);
        for d in 0..n_db {
            let reads = db_reads[d] * miss;
            let writes = db_writes[d];
            let n_dbs: f64 = db_counts.iter().sum();
            let data = if db_write_qps > 0.0 {
                logical * writes / db_write_qps
            } else {
                logical / n_dbs
            };
            let by_writes = ceil(writes / (db_write_cap * u));
            let by_data = ceil(data / shard_bytes);
            let by_reads = ceil(reads / ((max_rep + 1.0) * db_read_cap * u));
            // Shards split in two, so counts are powers of two: this keeps the node count from
            // falling when one more shard would spread the replicas thinner.
            let shards = pow2_at_least(by_writes.max(by_data).max(by_reads).max(1.0));
            let nodes_for_reads = ceil(reads / shards / (db_read_cap * u)).max(1.0);
            let replicas = (nodes_for_reads - 1.0).max((regions - 1.0).min(max_rep));
            databases.push(DatabaseStage {
                name: db_name(d),
                count: db_counts[d],
                peak_read_qps: reads,
                peak_write_qps: writes,
                logical_bytes: data,
                shards,
                replicas_per_shard: replicas,
            });
        }

        // Services: instances.
        let min_inst = s.get(P::MinInst);
        let conns_total = users * s.frac(P::Conc);
        let inst_rps = s.get(P::InstRps);
        let inst_conns = s.get(P::InstConns);
        let mut services = Vec::with_capacity(n_svc);
        let mut svc_req_util = (0.0, String::new());
        let mut svc_conn_util = (0.0, String::new());
        for i in 0..n_svc {
            let monolith = has_monolith && i == n_svc - 1;
            let is_named = i < s.services.len();
            let name = if monolith {
                "Monolith".to_string()
            } else if is_named {
                s.services[i].name.clone()
            } else {
                "Other services".to_string()
            };
            if db_per_service && databases[i].name.is_empty() {
                databases[i].name = format!("{name} database");
            }
            let rps = loads[i] * vload;
            let peak = rps * peak_f;
            let conns = conns_total * ext[i] * vload;
            // Sized for the whole load, with at least the minimum per version in every region.
            let by_rps = ceil(peak / (inst_rps * u));
            let by_conns = ceil(conns / (inst_conns * u));
            let floor = min_inst * versions * regions;
            let instances = by_rps.max(by_conns).max(floor);
            let r_util = ratio(peak, instances * inst_rps);
            let c_util = ratio(conns, instances * inst_conns);
            if r_util > svc_req_util.0 {
                svc_req_util = (r_util, name.clone());
            }
            if c_util > svc_conn_util.0 {
                svc_conn_util = (c_util, name.clone());
            }
            let db_qps = rps * qpr * (read * miss + (1.0 - read));
            if let Some(n) = notes.as_mut() {
                let fan_in = loads[i] - ext[i] * avg_rps;
                let fan = if fan_in > 1e-12 {
                    format!(" + {} req/s of calls from other services", num(fan_in))
                } else {
                    String::new()
                };
                let ver = if vload != 1.0 {
                    format!(" × {} version load", num(vload))
                } else {
                    String::new()
                };
                n.insert(Fig::Svc(i, SvcFig::Rps), format!("{} req/s × {} of client traffic{fan}{ver} = {} req/s average, × {} peak = {} req/s", num(avg_rps), format::percent(ext[i]), num(rps), num(peak_f), num(peak)));
                n.insert(Fig::Svc(i, SvcFig::DbQps), format!("{} req/s × {} queries × ({} reads × {} reaching the database + {} writes) = {} QPS average", num(rps), num(qpr), format::percent(read), format::percent(miss), format::percent(1.0 - read), num(db_qps)));
                let mut why = format!(
                    "requests: {} req/s peak ÷ ({} req/s per instance × {} target) = {} → {}",
                    num(peak),
                    num(inst_rps),
                    format::percent(u),
                    num(peak / (inst_rps * u)),
                    num(by_rps)
                );
                why.push_str(&format!("; connections: {users_s} users × {} connected × {} of traffic{} ÷ ({} connections per instance × {} target) = {} → {}", format::percent(s.frac(P::Conc)), format::percent(ext[i]), if vload != 1.0 { format!(" × {} versions' load", num(vload)) } else { String::new() }, num(inst_conns), format::percent(u), num(conns / (inst_conns * u)), num(by_conns)));
                why.push_str(&format!(
                    "; minimum {} × {} version{} × {} region{} = {}; the largest: {} instance{}",
                    num(min_inst),
                    num(versions),
                    if versions == 1.0 { "" } else { "s" },
                    num(regions),
                    if regions == 1.0 { "" } else { "s" },
                    num(floor),
                    num(instances),
                    if instances == 1.0 { "" } else { "s" }
                ));
                n.insert(Fig::Svc(i, SvcFig::Instances), why);
            }
            services.push(ServiceStage {
                name,
                count: counts[i],
                named: is_named,
                monolith,
                share: ext[i],
                calls: if is_named {
                    s.services[i].calls.clone()
                } else {
                    Vec::new()
                },
                rps,
                peak_rps: peak,
                db_qps,
                peak_db_qps: db_qps * peak_f,
                instances,
                database: db_of(i),
            });
        }
        let service_instances: f64 = services.iter().map(|x| x.instances * x.count).sum();
        note!(
            notes,
            Fig::ServiceInstances,
            "Σ over {} service{}{} of max(requests, connections, minimum) = {} instances",
            num(counts.iter().sum()),
            if counts.iter().sum::<f64>() == 1.0 {
                ""
            } else {
                "s"
            },
            if has_monolith {
                " (the monolith included)"
            } else {
                ""
            },
            num(service_instances)
        );

        let gateways = ceil(peak_rps / (s.get(P::GwRps) * u)).max(min_inst * regions);
        note!(notes, Fig::Gateways, "max({} req/s peak ÷ ({} req/s per gateway × {} target) = {}, minimum {} × {} region{}) = {}", num(peak_rps), num(s.get(P::GwRps)), format::percent(u), num(peak_rps / (s.get(P::GwRps) * u)), num(min_inst), num(regions), if regions == 1.0 { "" } else { "s" }, num(gateways));
        // Traffic spread over more than one instance of anything needs a load balancer (across
        // regions too: one per region, behind the global DNS).
        let spread = services.iter().any(|x| x.instances > 1.0) || gateways > 1.0;
        let load_balancers = if spread {
            ceil(peak_rps / (s.get(P::LbRps) * u)).max(regions)
        } else {
            0.0
        };
        if spread {
            note!(notes, Fig::LoadBalancers, "traffic is spread over several instances: max({} req/s ÷ ({} req/s per load balancer × {} target) = {}, one per region: {}) = {}", num(peak_rps), num(s.get(P::LbRps)), format::percent(u), num(peak_rps / (s.get(P::LbRps) * u)), num(regions), num(load_balancers));
        } else {
            note!(
                notes,
                Fig::LoadBalancers,
                "one instance of everything: the gateway is the only entry, no load balancer yet"
            );
        }

        // Queue.
        let queue = busiest_write > s.frac(P::QueueAt) * db_write_cap && db_write_qps > 0.0;
        let queue_brokers = if queue {
            ceil(db_write_qps / (s.get(P::QueueOps) * u)).max(regions)
        } else {
            0.0
        };
        note!(
            notes,
            Fig::Queue,
            "busiest database's peak writes {} QPS {} {} × {} QPS per primary = {} → {}",
            num(busiest_write),
            if queue { ">" } else { "≤" },
            format::percent(s.frac(P::QueueAt)),
            num(db_write_cap),
            num(s.frac(P::QueueAt) * db_write_cap),
            if queue {
                "writes go through a message queue"
            } else {
                "no queue yet"
            }
        );
        if queue {
            note!(notes, Fig::QueueBrokers, "max({} writes/s ÷ ({} messages/s per broker × {} target) = {}, one per region) = {} brokers", num(db_write_qps), num(s.get(P::QueueOps)), format::percent(u), num(db_write_qps / (s.get(P::QueueOps) * u)), num(queue_brokers));
        } else {
            note!(notes, Fig::QueueBrokers, "no queue at this stage");
        }

        // Databases: totals.
        let primaries: f64 = databases.iter().map(|d| d.shards * d.count).sum();
        let replicas: f64 = databases
            .iter()
            .map(|d| d.shards * d.replicas_per_shard * d.count)
            .sum();
        let db_nodes = primaries + replicas;
        if let Some(n) = notes.as_mut() {
            let b = databases
                .iter()
                .max_by(|a, b| a.nodes().total_cmp(&b.nodes()))
                .cloned();
            if let Some(b) = b {
                let dbs = databases.iter().map(|d| d.count).sum::<f64>();
                n.insert(Fig::Primaries, format!("{} database{}; the largest, {}: max(1, {} writes/s ÷ ({} QPS × {}) → {}, {} ÷ {} TB per shard → {}, reads {} QPS ÷ ({} nodes × {} QPS × {}) → {}), rounded up to a power of two (shards split in two) = {} shard{}; {} primaries in all", num(dbs), if dbs == 1.0 { "" } else { "s" }, if b.count > 1.0 { format!("each of {}", b.name) } else { b.name.clone() }, num(b.peak_write_qps), num(db_write_cap), format::percent(u), num(ceil(b.peak_write_qps / (db_write_cap * u))), format::bytes(b.logical_bytes), num(s.get(P::ShardTb)), num(ceil(b.logical_bytes / shard_bytes)), num(b.peak_read_qps), num(max_rep + 1.0), num(db_read_cap), format::percent(u), num(ceil(b.peak_read_qps / ((max_rep + 1.0) * db_read_cap * u))), num(b.shards), if b.shards == 1.0 { "" } else { "s" }, num(primaries)));
                n.insert(Fig::Replicas, format!("{}: {} read QPS ÷ {} shard{} ÷ ({} QPS per node × {}) = {} nodes → {} replica{} per shard (the primary serves reads too; at least one per extra region: {}); {} replicas in all", b.name, num(b.peak_read_qps), num(b.shards), if b.shards == 1.0 { "" } else { "s" }, num(db_read_cap), format::percent(u), num(ceil(b.peak_read_qps / b.shards / (db_read_cap * u)).max(1.0)), num(b.replicas_per_shard), if b.replicas_per_shard == 1.0 { "" } else { "s" }, num((regions - 1.0).min(max_rep)), num(replicas)));
            }
            n.insert(
                Fig::DbNodes,
                format!(
                    "{} primaries + {} replicas = {} nodes",
                    num(primaries),
                    num(replicas),
                    num(db_nodes)
                ),
            );
        }

        // Bandwidth.
        let resp = s.get(P::RespKb) * 1e3;
        let egress = avg_rps * resp;
        let peak_egress = egress * peak_f;
        let ingress = avg_rps * s.get(P::ReqKb) * 1e3;
        let link_bps = link_bytes_per_s(s);
        note!(
            notes,
            Fig::Egress,
            "{} req/s × {} KB = {}/s to clients",
            num(avg_rps),
            num(s.get(P::RespKb)),
            format::bytes(egress)
        );
        note!(
            notes,
            Fig::PeakEgress,
            "{}/s × {} peak factor = {}/s",
            format::bytes(egress),
            num(peak_f),
            format::bytes(peak_egress)
        );
        note!(
            notes,
            Fig::Ingress,
            "{} req/s × {} KB = {}/s from clients",
            num(avg_rps),
            num(s.get(P::ReqKb)),
            format::bytes(ingress)
        );
        let cdn = peak_egress > s.frac(P::CdnAt) * link_bps && peak_egress > 0.0;
        note!(
            notes,
            Fig::Cdn,
            "peak egress {}/s {} {} × one {} Gbps link ({}/s) → {}",
            format::bytes(peak_egress),
            if cdn { ">" } else { "≤" },
            format::percent(s.frac(P::CdnAt)),
            num(s.get(P::LinkGbps)),
            format::bytes(s.frac(P::CdnAt) * link_bps),
            if cdn {
                "a CDN serves static content"
            } else {
                "no CDN yet"
            }
        );
        let cdn_bytes = if cdn {
            egress * s.frac(P::CdnShare)
        } else {
            0.0
        };
        note!(
            notes,
            Fig::CdnBytes,
            "{}",
            if cdn {
                format!(
                    "{}/s × {} static = {}/s from the CDN",
                    format::bytes(egress),
                    format::percent(s.frac(P::CdnShare)),
                    format::bytes(cdn_bytes)
                )
            } else {
                "no CDN at this stage".to_string()
            }
        );
        let origin = egress - cdn_bytes;
        note!(
            notes,
            Fig::OriginEgress,
            "{}/s − {}/s served by the CDN = {}/s",
            format::bytes(egress),
            format::bytes(cdn_bytes),
            format::bytes(origin)
        );
        let origin_peak = origin * peak_f;
        let links = ceil(origin_peak / (link_bps * u)).max(regions);
        note!(notes, Fig::Links, "max({}/s peak from the origin ÷ ({} Gbps = {}/s × {} target) = {}, one per region: {}) = {} link{}", format::bytes(origin_peak), num(s.get(P::LinkGbps)), format::bytes(link_bps), format::percent(u), num(origin_peak / (link_bps * u)), num(regions), num(links), if links == 1.0 { "" } else { "s" });

        // Cost.
        let month = HOURS_PER_MONTH;
        let gb_month = SECONDS_PER_MONTH / 1e9;
        let lines = vec![
            (
                CostItem::Services,
                service_instances * s.get(P::PInst) * month,
            ),
            (CostItem::Gateways, gateways * s.get(P::PInst) * month),
            (
                CostItem::LoadBalancers,
                load_balancers * s.get(P::PLb) * month,
            ),
            (CostItem::Databases, db_nodes * s.get(P::PDb) * month),
            (CostItem::Cache, cache_nodes * s.get(P::PCache) * month),
            (CostItem::Queue, queue_brokers * s.get(P::PInst) * month),
            (CostItem::Storage, stored_bytes / 1e9 * s.get(P::PGb)),
            (CostItem::Egress, origin * gb_month * s.get(P::PEgress)),
            (CostItem::Cdn, cdn_bytes * gb_month * s.get(P::PCdn)),
        ];
        if let Some(n) = notes.as_mut() {
            let hourly = |count: f64, price: P| {
                format!(
                    "{} × {}/hour × 730 hours",
                    num(count),
                    format::usd(s.get(price))
                )
            };
            let texts = [
                hourly(service_instances, P::PInst),
                hourly(gateways, P::PInst),
                hourly(load_balancers, P::PLb),
                hourly(db_nodes, P::PDb),
                hourly(cache_nodes, P::PCache),
                hourly(queue_brokers, P::PInst),
                format!(
                    "{} ÷ 1 GB × {}/GB-month",
                    format::bytes(stored_bytes),
                    format::usd(s.get(P::PGb))
                ),
                format!(
                    "{}/s × 2,628,000 s ÷ 1 GB × {}/GB",
                    format::bytes(origin),
                    format::usd(s.get(P::PEgress))
                ),
                format!(
                    "{}/s × 2,628,000 s ÷ 1 GB × {}/GB",
                    format::bytes(cdn_bytes),
                    format::usd(s.get(P::PCdn))
                ),
            ];
            for ((item, v), t) in lines.iter().zip(texts) {
                n.insert(Fig::Cost(*item), format!("{t} = {}/month", format::usd(*v)));
            }
        }
        let total: f64 = lines.iter().map(|l| l.1).sum();
        let per_user = total / users;
        note!(
            notes,
            Fig::CostTotal,
            "{} = {}/month",
            lines
                .iter()
                .map(|l| format::usd(l.1))
                .collect::<Vec<_>>()
                .join(" + "),
            format::usd(total)
        );
        note!(
            notes,
            Fig::CostPerUser,
            "{}/month ÷ {users_s} users = {} per user per month",
            format::usd(total),
            format::usd(per_user)
        );

        // Utilisation and the bottleneck.
        let mut utilization = vec![
            Utilization {
                component: Component::ServiceRequests,
                value: svc_req_util.0,
                at: svc_req_util.1,
            },
            Utilization {
                component: Component::ServiceConnections,
                value: svc_conn_util.0,
                at: svc_conn_util.1,
            },
            Utilization {
                component: Component::Gateway,
                value: ratio(peak_rps, gateways * s.get(P::GwRps)),
                at: String::new(),
            },
        ];
        if load_balancers > 0.0 {
            utilization.push(Utilization {
                component: Component::LoadBalancer,
                value: ratio(peak_rps, load_balancers * s.get(P::LbRps)),
                at: String::new(),
            });
        }
        let worst_db = |f: &dyn Fn(&DatabaseStage) -> f64| -> (f64, String) {
            databases.iter().fold((0.0, String::new()), |acc, d| {
                let v = f(d);
                if v > acc.0 {
                    (v, d.name.clone())
                } else {
                    acc
                }
            })
        };
        let (w, wn) = worst_db(&|d| ratio(d.peak_write_qps / d.shards, db_write_cap));
        utilization.push(Utilization {
            component: Component::DbWrites,
            value: w,
            at: wn,
        });
        let (r, rn) = worst_db(&|d| {
            ratio(
                d.peak_read_qps / d.shards,
                (1.0 + d.replicas_per_shard) * db_read_cap,
            )
        });
        utilization.push(Utilization {
            component: Component::DbReads,
            value: r,
            at: rn,
        });
        let (st, stn) = worst_db(&|d| ratio(d.logical_bytes / d.shards, shard_bytes));
        utilization.push(Utilization {
            component: Component::DbStorage,
            value: st,
            at: stn,
        });
        if cache {
            utilization.push(Utilization {
                component: Component::Cache,
                value: ratio(db_read_qps, cache_nodes * s.get(P::CacheOps)),
                at: String::new(),
            });
        }
        if queue {
            utilization.push(Utilization {
                component: Component::Queue,
                value: ratio(db_write_qps, queue_brokers * s.get(P::QueueOps)),
                at: String::new(),
            });
        }
        utilization.push(Utilization {
            component: Component::Network,
            value: ratio(origin_peak, links * link_bps),
            at: String::new(),
        });
        let bottleneck = utilization
            .iter()
            .fold(None::<&Utilization>, |best, x| match best {
                Some(b) if b.value >= x.value => Some(b),
                _ => Some(x),
            })
            .cloned()
            .unwrap_or(Utilization {
                component: Component::ServiceRequests,
                value: 0.0,
                at: String::new(),
            });
        if let Some(n) = notes.as_mut() {
            let all: Vec<String> = utilization
                .iter()
                .map(|x| format!("{} {}", x.component.label(), format::percent(x.value)))
                .collect();
            n.insert(
                Fig::Bottleneck,
                format!("highest load ÷ capacity at peak among: {}", all.join(", ")),
            );
            n.insert(
                Fig::DbNodes,
                format!(
                    "{} (each database sized for its own load)",
                    n.get(&Fig::DbNodes).cloned().unwrap_or_default()
                ),
            );
        }

        Stage {
            users,
            avg_rps,
            peak_rps,
            read_rps,
            write_rps,
            regions,
            versions,
            version_load: vload,
            service_count,
            services,
            service_instances,
            gateways,
            load_balancers,
            db_per_service,
            databases,
            db_read_qps,
            db_read_after_cache,
            db_write_qps,
            primaries,
            replicas,
            db_nodes,
            cache,
            cache_nodes,
            queue,
            queue_brokers,
            cdn,
            cdn_bytes_per_s: cdn_bytes,
            egress_bytes_per_s: egress,
            peak_egress_bytes_per_s: peak_egress,
            origin_egress_bytes_per_s: origin,
            ingress_bytes_per_s: ingress,
            links,
            stored_bytes,
            cost: Cost {
                lines,
                total,
                per_user,
            },
            utilization,
            bottleneck,
            explain: notes.unwrap_or_default(),
        }
    }
}
