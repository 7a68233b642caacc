//! The parameter registry: every input of a scenario, with its link key, group, unit, range and
//! documentation. One table drives the page's inputs, the share-link codec, the CLI and the
//! README's parameter table (a test keeps the README in step).
//!
//! A [`Scenario`] is always valid: [`resolve`] turns what a person typed (a preset plus raw text
//! overrides, from a field, a link or the command line) into a scenario and a list of
//! [`Notice`]s, one for every value it could not use as typed, naming the field and what it
//! used instead.

use super::format::{self, Reading};
use super::preset::Preset;
use super::range::{self, Range};
use super::schedule::Schedule;
use super::services::ServiceDef;

/// Groups, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Request volume and shape.
    Traffic,
    /// What is stored.
    Data,
    /// What one unit of each component can take.
    Capacity,
    /// When components are introduced, and how much headroom is kept.
    Policy,
    /// Unit prices in US dollars.
    Prices,
    /// Conventions for units: the month, bytes.
    Units,
    /// Times along a request and how often each part is up (advanced; collapsed on the page).
    Latency,
    /// A day of traffic: the daily shape, autoscaling, the latency target (the Day view and
    /// `scalemap day`; the stage table does not read them).
    Day,
}

impl Group {
    /// All groups in display order.
    pub const ALL: [Group; 8] = [
        Group::Traffic,
        Group::Data,
        Group::Capacity,
        Group::Policy,
        Group::Prices,
        Group::Units,
        Group::Latency,
        Group::Day,
    ];

    /// The heading people see.
    pub fn title(self) -> &'static str {
        match self {
            Group::Traffic => "Traffic",
            Group::Data => "Data",
            Group::Capacity => "Capacity per unit",
            Group::Policy => "Policy",
            Group::Prices => "Prices (USD)",
            Group::Units => "Units and conventions",
            Group::Latency => "Latency and availability (advanced)",
            Group::Day => "A day of traffic",
        }
    }
}

/// A numeric parameter. The discriminant indexes [`Scenario::nums`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(usize)]
pub enum P {
    Active,
    Rpu,
    Per,
    Peak,
    Read,
    HoldS,
    Persist,
    ReqKb,
    RespKb,
    CdnShare,
    WriteKb,
    BlobKb,
    UserKb,
    Retention,
    Replication,
    InstRps,
    InstConns,
    GwRps,
    LbRps,
    DbRead,
    DbWrite,
    Qpr,
    Hit,
    CacheOps,
    ShardTb,
    LinkGbps,
    QueueOps,
    Util,
    MinInst,
    MaxReplicas,
    CacheAt,
    CdnAt,
    QueueAt,
    RegionUsers,
    MaxRegions,
    DbSplit,
    Versions,
    VersionsFrom,
    Mirror,
    PInst,
    PDb,
    PCache,
    PLb,
    PGb,
    PObj,
    PEgress,
    PCdn,
    Month,
    Bytes,
    OwnMs,
    DbMs,
    CacheMs,
    HopMs,
    RttMs,
    Tail,
    LagMs,
    SloMs,
    WaitMs,
    AInst,
    AGw,
    ALb,
    ADb,
    ACache,
    AQueue,
    ARegion,
    DayShape,
    Autoscale,
    AsUtil,
    AsMin,
    AsMax,
    AsWarm,
    AsCool,
}

/// How many numeric parameters there are.
pub const NUM_PARAMS: usize = P::AsCool as usize + 1;

/// A named value of a parameter that is read from words (`per=month`, `month=avg`).
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// The word in links, fields and the CLI.
    pub name: &'static str,
    /// What a person reads in a picker.
    pub label: &'static str,
    /// The number it stands for.
    pub value: f64,
}

const fn choice(name: &'static str, label: &'static str, value: f64) -> Choice {
    Choice { name, label, value }
}

/// How request rates per user are counted (`per`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// Requests per user per day.
    Day,
    /// Requests per user per second.
    Second,
    /// Requests per user per month (of the `month` convention).
    Month,
}

/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;
/// The average Gregorian month in days (365.2425 ÷ 12), the default month convention.
pub const AVG_MONTH_DAYS: f64 = 30.436_875;
/// The System Design Primer's round month, 2.5 million seconds, in days.
pub const PRIMER_MONTH_DAYS: f64 = 2_500_000.0 / SECONDS_PER_DAY;

/// The words `per` accepts, in value order.
pub const PER_CHOICES: [Choice; 3] = [
    choice("day", "per day", 0.0),
    choice("s", "per second", 1.0),
    choice("month", "per month", 2.0),
];
/// The words `month` accepts besides a number of days from 28 to 31.
pub const MONTH_CHOICES: [Choice; 3] = [
    choice("avg", "average month (30.436875 days)", AVG_MONTH_DAYS),
    choice("30", "30 days", 30.0),
    choice(
        "2.5m",
        "2,500,000 s (the System Design Primer)",
        PRIMER_MONTH_DAYS,
    ),
];
/// The words `bytes` accepts.
pub const BYTES_CHOICES: [Choice; 2] = [
    choice("si", "decimal (1 KB = 1,000 B)", 0.0),
    choice("iec", "binary (1 KiB = 1,024 B)", 1.0),
];

/// The daily shapes (`day`); see [`crate::core::day::shape`].
pub const DAY_CHOICES: [Choice; 4] = [
    choice("wave", "a wave: low at 4:00, high at 16:00", 0.0),
    choice("flat", "flat: the peak all day (the stage table)", 1.0),
    choice("one", "one peak, at 20:00", 2.0),
    choice("two", "two peaks, 12:00 and 20:00", 3.0),
];

/// Autoscaling on or off (`autoscale`).
pub const ON_OFF_CHOICES: [Choice; 2] = [
    choice("off", "off: the stage's fleet all day", 0.0),
    choice("on", "on: the policy below", 1.0),
];

/// One numeric parameter's specification.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Which parameter.
    pub p: P,
    /// Its key in links and on the command line.
    pub key: &'static str,
    /// Its label on the page.
    pub label: &'static str,
    /// Its group.
    pub group: Group,
    /// The unit shown beside the field ("%", "req/s", "KB", ...).
    pub unit: &'static str,
    /// The smallest accepted value.
    pub min: f64,
    /// The largest accepted value.
    pub max: f64,
    /// Whether only whole numbers make sense (rounded, with a notice).
    pub integer: bool,
    /// Its value in the default preset (`architecture`); other presets list their differences.
    pub default: f64,
    /// Words it accepts in place of a number (empty for plain numbers).
    pub choices: &'static [Choice],
    /// Whether a number is accepted besides the words (`month`: a number of days).
    pub numbers: bool,
    /// One line saying what it means.
    pub doc: &'static str,
}

impl Spec {
    /// Whether the field is a picker (only words are accepted).
    pub fn is_choice(&self) -> bool {
        !self.choices.is_empty() && !self.numbers
    }

    /// The word for `v`, if `v` is one of the choices.
    pub fn choice_name(&self, v: f64) -> Option<&'static str> {
        self.choices.iter().find(|c| c.value == v).map(|c| c.name)
    }
}

macro_rules! spec {
    ($p:ident, $key:literal, $label:literal, $group:ident, $unit:literal, $min:expr, $max:expr, $int:literal, $def:expr, $doc:literal) => {
        spec!(
            $p,
            $key,
            $label,
            $group,
            $unit,
            $min,
            $max,
            $int,
            $def,
            &[],
            true,
            $doc
        )
    };
    ($p:ident, $key:literal, $label:literal, $group:ident, $unit:literal, $min:expr, $max:expr, $int:literal, $def:expr, $choices:expr, $numbers:literal, $doc:literal) => {
        Spec {
            p: P::$p,
            key: $key,
            label: $label,
            group: Group::$group,
            unit: $unit,
            min: $min,
            max: $max,
            integer: $int,
            default: $def,
            choices: $choices,
            numbers: $numbers,
            doc: $doc,
        }
    };
}

/// Every numeric parameter, in [`P`] order (a test checks the order), with its default.
pub const SPECS: [Spec; NUM_PARAMS] = [
    spec!(Active, "active", "Users active per day", Traffic, "%", 0.0, 100.0, false, 100.0, "Share of all users who use the system on a given day."),
    spec!(Rpu, "rpu", "Requests per active user", Traffic, "req", 0.0, 1e9, false, 0.1, "Requests each active user sends, per second, day or month (see `per`)."),
    spec!(Per, "per", "Requests counted", Traffic, "", 0.0, 2.0, true, 1.0, &PER_CHOICES, false, "Whether `rpu` counts requests per second (`s`), per day (`day`) or per month (`month`, of the `month` convention)."),
    spec!(Peak, "peak", "Peak-to-average factor", Traffic, "×", 1.0, 100.0, false, 5.0, "How much busier the busiest second is than the average one; sizing uses the peak."),
    spec!(Read, "read", "Read share", Traffic, "%", 0.0, 100.0, false, 90.0, "Share of requests that only read; the rest write."),
    spec!(HoldS, "hold_s", "Time a request holds its connection", Traffic, "s", 0.0, 3_600.0, false, 1.0, "Seconds each request keeps a connection open at a service instance; by Little's law, connections = peak requests/s × this."),
    spec!(Persist, "persist", "Persistent connections", Traffic, "% of active", 0.0, 100_000.0, false, 0.0, "Connections kept open all the time (websockets, streams), per 100 daily active users; added to the per-request ones."),
    spec!(ReqKb, "req_kb", "Request size", Traffic, "KB", 0.0, 1e6, false, 1.0, "Bytes a client sends per request."),
    spec!(RespKb, "resp_kb", "Response size", Traffic, "KB", 0.0, 1e6, false, 5.0, "Bytes sent back per request."),
    spec!(CdnShare, "cdn_share", "Bytes a CDN can serve", Traffic, "%", 0.0, 100.0, false, 60.0, "Share of response bytes that are static and can come from a CDN once one is in place."),
    spec!(WriteKb, "write_kb", "Stored per write", Data, "KB", 0.0, 1e6, false, 1.0, "Bytes of database records kept for every write request."),
    spec!(BlobKb, "blob_kb", "Media per write", Data, "KB", 0.0, 1e9, false, 0.0, "Bytes of media or files that come with a write, kept in an object store (never in a database) and served through the CDN once there is one."),
    spec!(UserKb, "user_kb", "Stored per user", Data, "KB", 0.0, 1e9, false, 100.0, "Profile and other data kept for every user, active or not."),
    spec!(Retention, "retention", "Retention", Data, "days", 0.0, 36_500.0, false, 30.0, "How long written records and media are kept."),
    spec!(Replication, "replication", "Copies of each byte", Data, "×", 1.0, 10.0, true, 3.0, "Replication factor of database data (billed storage counts every copy); the object store's own redundancy is in its price."),
    spec!(InstRps, "inst_rps", "Requests per service instance", Capacity, "req/s", 1.0, 1e7, false, 1_000.0, "Requests per second one service instance handles at full load."),
    spec!(InstConns, "inst_conns", "Connections per instance", Capacity, "conns", 1.0, 1e8, false, 3_000.0, "Concurrent connections one service instance (server) holds."),
    spec!(GwRps, "gw_rps", "Requests per gateway instance", Capacity, "req/s", 1.0, 1e8, false, 10_000.0, "Requests per second one API gateway instance routes."),
    spec!(LbRps, "lb_rps", "Requests per load balancer", Capacity, "req/s", 1.0, 1e9, false, 100_000.0, "Requests per second one load balancer spreads."),
    spec!(DbRead, "db_read", "Read QPS per database node", Capacity, "QPS", 1.0, 1e8, false, 5_000.0, "Read queries per second one database node (primary or replica) answers."),
    spec!(DbWrite, "db_write", "Write QPS per primary", Capacity, "QPS", 1.0, 1e8, false, 2_000.0, "Write queries per second one primary (one shard) absorbs."),
    spec!(Qpr, "qpr", "Database queries per request", Capacity, "queries", 0.0, 1000.0, false, 2.0, "Queries a service runs against its database for each request it handles."),
    spec!(Hit, "hit", "Cache hit ratio", Capacity, "%", 0.0, 100.0, false, 40.0, "Share of reads the cache answers once a cache is in place."),
    spec!(CacheOps, "cache_ops", "Operations per cache node", Capacity, "ops/s", 1.0, 1e9, false, 100_000.0, "Operations per second one cache node serves."),
    spec!(ShardTb, "shard_tb", "Data per shard", Capacity, "TB", 0.001, 1e6, false, 2.0, "Largest data set one shard holds before it must be split."),
    spec!(LinkGbps, "link_gbps", "Link speed", Capacity, "Gbps", 0.001, 1e5, false, 1.0, "Bandwidth of one network link out of a region (1 Gbps = 125 MB/s)."),
    spec!(QueueOps, "queue_ops", "Messages per queue broker", Capacity, "msg/s", 1.0, 1e9, false, 50_000.0, "Messages per second one message-queue broker passes on."),
    spec!(Util, "util", "Target utilisation", Policy, "%", 1.0, 100.0, false, 70.0, "How full any component may run; the rest is headroom. 100% sizes to the bare capacity."),
    spec!(MinInst, "min_inst", "Minimum instances per service", Policy, "instances", 1.0, 100.0, true, 1.0, "Instances each service runs however small its load, for redundancy."),
    spec!(MaxReplicas, "max_replicas", "Most read replicas per shard", Policy, "replicas", 0.0, 100.0, true, 5.0, "Read replicas one primary can feed; past that, reads force sharding."),
    spec!(CacheAt, "cache_at", "Add a cache above", Policy, "% of a node", 0.0, 1000.0, false, 50.0, "A cache is introduced once the busiest database's reads exceed this share of one node's capacity."),
    spec!(CdnAt, "cdn_at", "Add a CDN above", Policy, "% of a link", 0.0, 1000.0, false, 50.0, "A CDN is introduced once peak egress exceeds this share of one link."),
    spec!(QueueAt, "queue_at", "Add a queue above", Policy, "% of a primary", 0.0, 1000.0, false, 50.0, "A message queue is introduced once the busiest database's writes exceed this share of one primary's capacity."),
    spec!(RegionUsers, "region_users", "Users per region", Policy, "users", 1.0, 1e12, false, 500_000.0, "One region serves this many users; more users add regions."),
    spec!(MaxRegions, "max_regions", "Most regions", Policy, "regions", 1.0, 50.0, true, 6.0, "Upper bound on the number of regions."),
    spec!(DbSplit, "db_split", "Database per service from", Policy, "users", 0.0, 1e12, false, 0.0, "From this many users each service owns its database; below it, all share one."),
    spec!(Versions, "versions", "Versions run in parallel", Policy, "versions", 1.0, 10.0, true, 1.0, "How many versions of each service run side by side (parallel running)."),
    spec!(VersionsFrom, "versions_from", "Parallel running from", Policy, "users", 0.0, 1e12, false, 0.0, "From this many users the extra versions run; below it, one version."),
    spec!(Mirror, "mirror", "Traffic sent to each extra version", Policy, "%", 0.0, 100.0, false, 100.0, "Share of the traffic mirrored (shadowed) to each extra version; 100% doubles the load with two versions."),
    spec!(PInst, "p_inst", "Instance", Prices, "$/hour", 0.0, 1e4, false, 0.10, "Price of one service, gateway or queue instance per hour."),
    spec!(PDb, "p_db", "Database node", Prices, "$/hour", 0.0, 1e4, false, 0.50, "Price of one database node (primary or replica) per hour."),
    spec!(PCache, "p_cache", "Cache node", Prices, "$/hour", 0.0, 1e4, false, 0.20, "Price of one cache node per hour."),
    spec!(PLb, "p_lb", "Load balancer", Prices, "$/hour", 0.0, 1e4, false, 0.025, "Price of one load balancer per hour."),
    spec!(PGb, "p_gb", "Database storage", Prices, "$/GB-month", 0.0, 1e3, false, 0.10, "Price of one GB of database storage for a month (every copy is billed)."),
    spec!(PObj, "p_obj", "Object storage", Prices, "$/GB-month", 0.0, 1e3, false, 0.023, "Price of one GB kept in the object store for a month (its redundancy included)."),
    spec!(PEgress, "p_egress", "Egress", Prices, "$/GB", 0.0, 1e3, false, 0.08, "Price of one GB sent from the origin to clients."),
    spec!(PCdn, "p_cdn", "CDN delivery", Prices, "$/GB", 0.0, 1e3, false, 0.02, "Price of one GB delivered by the CDN."),
    spec!(Month, "month", "Month length", Units, "days", 28.0, 31.0, false, AVG_MONTH_DAYS, &MONTH_CHOICES, true, "The month that per-month figures use: `avg` (30.436875 days), `30`, `2.5m` (2,500,000 s, the System Design Primer's round figure) or days from 28 to 31. Bills always count 730 hours."),
    spec!(Bytes, "bytes", "Byte units", Units, "", 0.0, 1.0, true, 0.0, &BYTES_CHOICES, false, "How bytes are shown: `si` (1 KB = 1,000 B) or `iec` (1 KiB = 1,024 B). Inputs in KB and TB are always decimal."),
    spec!(OwnMs, "own_ms", "Service work per request", Latency, "ms", 0.0, 60_000.0, false, 5.0, "Median time a service spends on a request itself (its code), without its database queries, cache lookups and calls."),
    spec!(DbMs, "db_ms", "Database query", Latency, "ms", 0.0, 60_000.0, false, 2.0, "Median time of one database query (`qpr` of them per request, fewer once a cache answers reads)."),
    spec!(CacheMs, "cache_ms", "Cache lookup", Latency, "ms", 0.0, 60_000.0, false, 0.5, "Median time of one cache lookup (every read looks up the cache once there is one)."),
    spec!(HopMs, "hop_ms", "Network hop in a region", Latency, "ms", 0.0, 60_000.0, false, 0.5, "Median time of one network hop inside a region: every call into a service crosses one."),
    spec!(RttMs, "rtt_ms", "Round trip between regions", Latency, "ms", 0.0, 60_000.0, false, 80.0, "Median round trip between two regions: a write from a region without its shard's primary waits for one (with r regions, (r − 1)/r of writes)."),
    spec!(Tail, "tail", "Tail of each part (p99 ÷ p50)", Latency, "×", 1.0, 100.0, false, 3.0, "How much slower each part's 99th percentile is than its median (each time is log-normal); 1 makes every part take exactly its median."),
    spec!(LagMs, "lag_ms", "Queue lag", Latency, "ms", 0.0, 3_600_000.0, false, 20.0, "Median time an asynchronous message waits in the broker before its service takes it."),
    spec!(SloMs, "slo_ms", "p99 latency target", Latency, "ms", 1.0, 600_000.0, false, 200.0, "The latency 99% of client requests should beat (the SLO); past it, latency is a bottleneck like a full component, and a day of traffic counts the requests over it."),
    spec!(WaitMs, "wait_ms", "Queue wait allowed (p99)", Latency, "ms", 0.0, 600_000.0, false, 0.0, "Sizing by latency: every service gets at least the instances that keep the 99th percentile of its queue wait (its pool as an M/M/c queue) at or under this; 0 sizes by the target utilisation alone."),
    spec!(AInst, "a_inst", "Service instance up", Latency, "%", 50.0, 100.0, false, 99.0, "Availability of one service instance; a service is down when all its instances in a region are."),
    spec!(AGw, "a_gw", "API gateway instance up", Latency, "%", 50.0, 100.0, false, 99.9, "Availability of one API gateway instance."),
    spec!(ALb, "a_lb", "Load balancer up", Latency, "%", 50.0, 100.0, false, 99.99, "Availability of one load balancer."),
    spec!(ADb, "a_db", "Database node up", Latency, "%", 50.0, 100.0, false, 99.9, "Availability of one database node; a request needs the primary of its shard."),
    spec!(ACache, "a_cache", "Cache node up", Latency, "%", 50.0, 100.0, false, 99.9, "Availability of one cache node; a read needs the node holding its key once there is a cache."),
    spec!(AQueue, "a_queue", "Queue broker up", Latency, "%", 50.0, 100.0, false, 99.9, "Availability of the queue's brokers (one enough); writes and asynchronous calls need them once there is a queue."),
    spec!(ARegion, "a_region", "Region up", Latency, "%", 50.0, 100.0, false, 99.99, "Availability of a whole region; with several regions, a region's users fail over to the others."),
    spec!(DayShape, "day", "Daily shape", Day, "", 0.0, 3.0, true, 0.0, &DAY_CHOICES, false, "The shape of a day of traffic: `wave` (low at 4:00, high at 16:00), `one` (one peak at 20:00), `two` (peaks at 12:00 and 20:00), each scaled so that its busiest minute is the stage's peak and its average the stage's average (peak ÷ average = `peak`); or `flat`, the stage table's own assumption, the peak all day."),
    spec!(Autoscale, "autoscale", "Autoscaling", Day, "", 0.0, 1.0, true, 1.0, &ON_OFF_CHOICES, false, "`on`: each service's instances follow the policy below minute by minute; `off`: the stage's fleet, sized for the peak, runs all day."),
    spec!(AsUtil, "as_util", "Autoscaling target", Day, "%", 1.0, 100.0, false, 70.0, "Utilisation the autoscaler keeps each service at: it wants max(requests, connections) ÷ (capacity × this) instances."),
    spec!(AsMin, "as_min", "Autoscaling minimum", Day, "instances", 1.0, 1e6, true, 1.0, "Fewest instances of each service the autoscaler keeps (never fewer than the stage's own minimum: `min_inst` per version and region)."),
    spec!(AsMax, "as_max", "Autoscaling maximum", Day, "instances", 0.0, 1e9, true, 0.0, "Most instances of each service the autoscaler starts; 0: no maximum."),
    spec!(AsWarm, "as_warm", "Time to add an instance", Day, "min", 0.0, 120.0, true, 3.0, "Minutes from the autoscaler's decision until a new instance serves traffic."),
    spec!(AsCool, "as_cool", "Cool-down", Day, "min", 0.0, 1_440.0, true, 10.0, "Minutes after any scaling action before the autoscaler removes instances."),
];
/// Hours in a month, as cloud price lists count them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The specification of `p`.
pub fn spec(p: P) -> &'static Spec {
    &SPECS[p as usize]
}

/// The numeric spec with link key `key`.
pub fn spec_by_key(key: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.key == key)
}

/// The list-valued parameters, which are not in [`SPECS`].
pub mod list_keys {
    /// User counts, one per stage.
    pub const USERS: &str = "users";
    /// The named services, their traffic weights and calls.
    pub const SERVICES: &str = "services";
    /// How many services run, by user count.
    pub const SERVICE_COUNT: &str = "nsvc";
    /// Share of traffic already moved from the monolith to services, by user count.
    pub const MIGRATED: &str = "migrated";
    /// What is down: services, `db:NAME`, `region`.
    pub const DOWN: &str = "down";
    /// The day's events: spikes and canary releases.
    pub const EVENTS: &str = "events";
}

/// What the page, the README and `--list` say about a list-valued parameter.
#[derive(Debug, Clone, Copy)]
pub struct ListSpec {
    /// Link key (one of [`list_keys`]).
    pub key: &'static str,
    /// Label shown beside the field.
    pub label: &'static str,
    /// Unit of its values, if any.
    pub unit: &'static str,
    /// The values it accepts, in words.
    pub range: &'static str,
    /// The short format reminder under the field.
    pub hint: &'static str,
    /// What it means (the field's tooltip and the README).
    pub doc: &'static str,
}

/// The list-valued parameters, in the order the page shows them.
pub const LISTS: [ListSpec; 6] = [
    ListSpec {
        key: list_keys::USERS,
        label: "Stages (users)",
        unit: "users",
        range: "1 to 10¹², at most 12 stages",
        hint: "comma-separated: 100, 10k, 1m, 100m (at most 12)",
        doc: "User counts, one stage each, comma-separated (`10k`, `1.5m`, `1e8` are read).",
    },
    ListSpec {
        key: list_keys::SERVICES,
        label: "Named services",
        unit: "",
        range: "at most 50",
        hint: "Name:weight:calls, calls joined by +, e.g. Order:1:User+Product",
        doc: "Named services: `name[:weight[:calls]]`, comma-separated; weights are relative shares of client traffic (unnamed services weigh 1; 0 is a service only calls reach). Calls are steps joined by `+`, run in turn: `B` waits for B; `~B` goes through the queue (asynchronous, no wait); `?B` is optional (the caller has a fallback); calls in parentheses separated by a vertical bar run in parallel, e.g. `Order:1:User+?Recs+~Mail`. Each call is one request to the callee per request.",
    },
    ListSpec {
        key: list_keys::SERVICE_COUNT,
        label: "Services by user count",
        unit: "services",
        range: "0 to 5,000 per point",
        hint: "users:count pairs, e.g. 100:3, 10k:15; empty: just the named ones",
        doc: "Total services by user count, `users:count` pairs; read on a log scale between points, constant beyond them. Empty: just the named services.",
    },
    ListSpec {
        key: list_keys::MIGRATED,
        label: "Traffic on new services",
        unit: "%",
        range: "0 to 100 per point",
        hint: "users:% pairs, e.g. 100:10, 1m:80; empty: no monolith",
        doc: "Share of client traffic already on the new services (the rest stays on the monolith), `users:percent` pairs. Empty: no monolith.",
    },
    ListSpec {
        key: list_keys::DOWN,
        label: "What if this is down",
        unit: "",
        range: "named services, `db:NAME`, `region`",
        hint: "e.g. User, db:Order, region; empty: nothing is down",
        doc: "What is down, comma-separated: a named service, `db:NAME` (the database the named service uses; a shared database takes every service with it) or `region` (one region). Each stage then shows the share of client requests that fail, the services that fail with it (they need it through synchronous calls) and those that only degrade (asynchronous or optional calls). Empty: nothing is down.",
    },
    ListSpec {
        key: list_keys::EVENTS,
        label: "Events of the day",
        unit: "",
        range: "at most 12",
        hint: "spike:x5@18h/20m, canary:1-100@9h/6h",
        doc: "Events in a day of traffic, comma-separated: `spike:xN@H/D`, traffic × N (1 to 100) for D from hour H (`18h`, `18:30`); `canary:A-B@H/D`, a new version whose share of traffic rises from A% to B% over D from hour H, both versions running meanwhile (the new one keeps B% after; at 100% the old one is retired). D is minutes (`20m`) or hours (`6h`). At most 12 events, one canary. Empty: none.",
    },
];

/// Something that is down (`down=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Down {
    /// A named service.
    Service(String),
    /// The database the named service uses.
    Db(String),
    /// One region.
    Region,
}

impl Down {
    /// As a link writes it: `Order`, `db:Order`, `region`.
    pub fn text(&self) -> String {
        match self {
            Down::Service(n) => n.clone(),
            Down::Db(n) => format!("db:{n}"),
            Down::Region => "region".to_string(),
        }
    }
}

/// Reads `down=`: each part a named service of `services`, `db:` and one, or `region`; parts
/// it cannot use are named in a notice and left out.
fn read_down(raw: &str, services: &[ServiceDef], notices: &mut Vec<Notice>) -> Vec<Down> {
    let mut out: Vec<Down> = Vec::new();
    let known = |n: &str| services.iter().find(|d| d.name.eq_ignore_ascii_case(n));
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let d = if part.eq_ignore_ascii_case("region") {
            Some(Down::Region)
        } else if let Some(db) = part.strip_prefix("db:") {
            known(db.trim()).map(|d| Down::Db(d.name.clone()))
        } else {
            known(part).map(|d| Down::Service(d.name.clone()))
        };
        match d {
            Some(d) if !out.contains(&d) => out.push(d),
            Some(_) => {}
            None => {
                let names: Vec<&str> = services.iter().map(|d| d.name.as_str()).collect();
                notices.push(Notice::new(
                    list_keys::DOWN,
                    format!(
                        "{}: “{}” is not a named service ({}), db:NAME or region; it was left out.",
                        label(list_keys::DOWN),
                        clip(part),
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    out
}

pub use super::limits::{
    clip, is_control, MAX_NAMED_SERVICES, MAX_SERVICES, MAX_STAGES, USERS_RANGE,
};

/// A complete, valid scenario: every number is finite and inside its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The preset this scenario starts from (links write only what differs from it).
    pub preset: Preset,
    /// User count of each stage, ascending, whole numbers in [`USERS_RANGE`].
    pub users: Vec<f64>,
    /// Numeric parameters, indexed by [`P`]; percentages are stored as typed (20 for 20%).
    pub nums: [f64; NUM_PARAMS],
    /// The named services.
    pub services: Vec<ServiceDef>,
    /// Total services by user count (empty: just the named ones).
    pub service_count: Schedule,
    /// Share of traffic handled by the new services rather than the monolith, in percent, by
    /// user count (empty: no monolith).
    pub migrated: Schedule,
    /// What is down (`down=`; empty: nothing).
    pub down: Vec<Down>,
    /// The day's events (spikes, canaries) as typed, trimmed. Only the Day view and `scalemap
    /// day` use them, and they read them ([`crate::core::day::events::parse`]; the notices:
    /// [`crate::core::share::Link::day_scenario`]), so the pages that never show the day
    /// neither read them nor carry their reader; they keep the text, and say so
    /// ([`crate::core::share::unused_on_page`]).
    pub events: String,
    /// Inputs given as ranges (`rpu=20..40`), in link order; `nums` holds each one's point
    /// value ([`Range::point`]), and [`Scenario::text`] gives that point value: the link keeps
    /// the range as typed ([`Range::to_text`] writes it). Only the Ranges page and
    /// `scalemap --samples` sample them.
    pub ranges: Vec<(P, Range)>,
}

impl Scenario {
    /// The value of `p` as stored (percentages as typed).
    pub fn get(&self, p: P) -> f64 {
        self.nums[p as usize]
    }

    /// A percentage parameter as a fraction (20% → 0.2).
    pub fn frac(&self, p: P) -> f64 {
        self.nums[p as usize] / 100.0
    }

    /// Sets `p`, without validation (presets and tests use it; people go through [`resolve`]).
    pub fn set(&mut self, p: P, v: f64) -> &mut Self {
        self.nums[p as usize] = v;
        self
    }

    /// How requests per user are counted.
    pub fn per(&self) -> Per {
        match self.get(P::Per) as u8 {
            0 => Per::Day,
            2 => Per::Month,
            _ => Per::Second,
        }
    }

    /// The month convention's length in seconds (`month`).
    pub fn month_seconds(&self) -> f64 {
        self.get(P::Month) * SECONDS_PER_DAY
    }

    /// Whether bytes are shown in binary units (`bytes=iec`).
    pub fn iec_bytes(&self) -> bool {
        self.get(P::Bytes) != 0.0
    }

    /// The canonical text of one parameter, as a link or a field shows it.
    pub fn text(&self, key: &str) -> Option<String> {
        if let Some(s) = spec_by_key(key) {
            let v = self.get(s.p);
            return Some(match s.choice_name(v) {
                Some(name) => name.to_string(),
                None => format::link_number(v),
            });
        }
        Some(match key {
            list_keys::USERS => self
                .users
                .iter()
                .map(|u| format::link_number(*u))
                .collect::<Vec<_>>()
                .join(","),
            list_keys::SERVICES => super::services::to_text(&self.services),
            list_keys::SERVICE_COUNT => self.service_count.to_text(),
            list_keys::MIGRATED => self.migrated.to_text(),
            list_keys::DOWN => self
                .down
                .iter()
                .map(Down::text)
                .collect::<Vec<_>>()
                .join(","),
            list_keys::EVENTS => self.events.clone(),
            _ => return None,
        })
    }
}

/// Every key a link or the CLI accepts for a scenario value, in display order.
pub fn all_keys() -> impl Iterator<Item = &'static str> {
    LISTS
        .iter()
        .map(|l| l.key)
        .chain(SPECS.iter().map(|s| s.key))
}

/// The label people see for `key`.
pub fn label(key: &str) -> &'static str {
    if let Some(s) = spec_by_key(key) {
        return s.label;
    }
    LISTS
        .iter()
        .find(|l| l.key == key)
        .map_or("Unknown parameter", |l| l.label)
}

/// The README's parameter table (Markdown), generated from the registry and `base`, the
/// default preset's scenario.
pub fn markdown_table(base: &Scenario) -> String {
    let mut s = String::from(
        "| key | parameter | unit | default | range | meaning |\n|---|---|---|---|---|---|\n",
    );
    for l in &LISTS {
        let d = base.text(l.key).unwrap_or_default();
        s.push_str(&format!(
            "| `{}` | {} | {} | `{}` | {} | {} |\n",
            l.key,
            l.label,
            l.unit,
            if d.is_empty() { "(none)".into() } else { d },
            l.range,
            l.doc
        ));
    }
    for sp in SPECS.iter() {
        let range = if sp.is_choice() {
            let w: Vec<String> = sp.choices.iter().map(|c| format!("`{}`", c.name)).collect();
            w.join(", ")
        } else if !sp.choices.is_empty() {
            let w: Vec<String> = sp.choices.iter().map(|c| format!("`{}`", c.name)).collect();
            format!(
                "{}, or {} to {}",
                w.join(", "),
                format::num(sp.min),
                format::num(sp.max)
            )
        } else {
            format!("{} to {}", format::num(sp.min), format::num(sp.max))
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | `{}` | {} | {} |\n",
            sp.key,
            sp.label,
            sp.unit,
            base.text(sp.key).unwrap_or_default(),
            range,
            sp.doc.replace('|', "\\|")
        ));
    }
    s
}

/// A value that could not be used as given, and what was used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The parameter's key (`users`, `peak`, ...), or the unknown key as given.
    pub key: String,
    /// A full sentence naming the field, what was wrong and what was used instead.
    pub message: String,
}

impl Notice {
    /// A notice of `key`.
    pub fn new(key: &str, message: String) -> Self {
        Notice {
            key: key.to_string(),
            message,
        }
    }
}

/// Applies raw text overrides to `base` (a preset's scenario). Later duplicates of a key win,
/// with a notice. Never fails: every value it cannot use is named in a notice with what it used
/// instead.
pub fn resolve(base: Scenario, overrides: &[(String, String)]) -> (Scenario, Vec<Notice>) {
    let mut scenario = base;
    let mut notices = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (key, raw) in overrides {
        let key = key.as_str();
        if seen.contains(&key) {
            notices.push(Notice::new(
                key,
                format!(
                    "{}: “{}” was given more than once; the last value is used.",
                    label(key),
                    key
                ),
            ));
        } else {
            seen.push(key);
        }
        if key != list_keys::DOWN {
            apply(&mut scenario, key, raw, &mut notices);
        }
    }
    // `down` names services: read it once the services are known, wherever it stands.
    if let Some((key, raw)) = overrides.iter().rev().find(|(k, _)| k == list_keys::DOWN) {
        apply(&mut scenario, key, raw, &mut notices);
    }
    (scenario, notices)
}

/// Applies one override; exposed for the page, which validates a field as it is typed.
pub fn apply(scenario: &mut Scenario, key: &str, raw: &str, notices: &mut Vec<Notice>) {
    if let Some(s) = spec_by_key(key) {
        let fallback = scenario.get(s.p);
        let Some(parts) = range::parts(raw) else {
            if let Some(v) = read_number(s, raw, fallback, notices) {
                scenario.ranges.retain(|(p, _)| *p != s.p);
                scenario.set(s.p, v);
            }
            return;
        };
        if let Some(r) = read_range(s, raw, &parts, fallback, notices) {
            scenario.ranges.retain(|(p, _)| *p != s.p);
            scenario.ranges.push((s.p, r));
            scenario.set(s.p, round_if_whole(s, r.point(), notices));
        }
        return;
    }
    match key {
        list_keys::USERS => {
            if let Some(u) = read_users(raw, &scenario.users, notices) {
                scenario.users = u;
            }
        }
        list_keys::SERVICES => apply_services(scenario, raw, notices),
        list_keys::DOWN => scenario.down = read_down(raw, &scenario.services, notices),
        // Read where they are used (see `Scenario::events`).
        list_keys::EVENTS => scenario.events = raw.trim().to_string(),
        list_keys::SERVICE_COUNT | list_keys::MIGRATED => {
            apply_schedule(scenario, key, raw, notices)
        }
        _ => notices.push(Notice::new(
            key,
            format!("Unknown parameter “{}” was ignored.", clip(key)),
        )),
    }
}

/// Each of a list's `problems` as a notice of `key`, after the field's label.
pub fn push_problems(key: &str, problems: Vec<String>, notices: &mut Vec<Notice>) {
    for p in problems {
        notices.push(Notice::new(key, format!("{}: {p}", label(key))));
    }
}

/// The named services, when at least one can be read from `raw`; the preset's are kept (and
/// named in a notice) otherwise.
fn apply_services(scenario: &mut Scenario, raw: &str, notices: &mut Vec<Notice>) {
    let key = list_keys::SERVICES;
    let (defs, problems) = super::services::parse(raw);
    push_problems(key, problems, notices);
    if defs.is_empty() {
        notices.push(Notice::new(
            key,
            format!(
                "{}: no service could be read from “{}”; used the preset's {}.",
                label(key),
                clip(raw),
                super::services::to_text(&scenario.services)
            ),
        ));
    } else {
        scenario.services = defs;
    }
}

/// A schedule by user count: `migrated` (percent, at most 100) or `nsvc` (services, at most
/// [`MAX_SERVICES`]). What cannot be read keeps the preset's, named in the notice.
fn apply_schedule(scenario: &mut Scenario, key: &str, raw: &str, notices: &mut Vec<Notice>) {
    let (current, max, unit) = if key == list_keys::MIGRATED {
        (&mut scenario.migrated, 100.0, "%")
    } else {
        (&mut scenario.service_count, MAX_SERVICES, "")
    };
    match Schedule::parse(raw, max) {
        Ok((sched, problems)) => {
            push_problems(key, problems, notices);
            *current = sched;
        }
        Err(why) => notices.push(Notice::new(
            key,
            format!(
                "{}: {why}; used the preset's “{}”{unit}.",
                label(key),
                if current.is_empty() {
                    "none".to_string()
                } else {
                    current.to_text()
                }
            ),
        )),
    }
}

/// The value of a word `s` accepts (`per`'s `day`, `s`, `month` and older spellings such as
/// `per day` or `1`; `month`'s `avg`, `30`, `2.5m`; `bytes`' `si`, `iec`).
fn read_choice(s: &Spec, raw: &str) -> Option<f64> {
    let lower = raw.trim().to_ascii_lowercase();
    let t = lower.strip_prefix("per ").unwrap_or(&lower);
    if let Some(c) = s.choices.iter().find(|c| c.name == t) {
        return Some(c.value);
    }
    if s.p != P::Per {
        return None;
    }
    match t {
        "second" | "sec" | "1" => Some(1.0),
        "d" | "0" => Some(0.0),
        "2" => Some(2.0),
        _ => None,
    }
}

/// The notice for a number [`format::read_number`] read by guessing what a comma means.
fn reading_notice(key: &str, label: &str, raw: &str, v: f64, r: Reading) -> Notice {
    Notice::new(
        key,
        format!(
            "{label}: “{}” was read as {} ({r}).",
            clip(raw.trim()),
            format::plain(v)
        ),
    )
}

/// The value of `s` typed as `raw`: one of its words, or a number (a guessed comma named in a
/// notice) brought into its range and to a whole number where it must be one. `None`, after a
/// notice naming `fallback` (the value kept), for text that is neither.
fn read_number(s: &Spec, raw: &str, fallback: f64, notices: &mut Vec<Notice>) -> Option<f64> {
    if !s.choices.is_empty() {
        if let Some(v) = read_choice(s, raw) {
            return Some(v);
        }
        if !s.numbers {
            notices.push(not_a_choice(s, raw, fallback));
            return None;
        }
    }
    let v = match format::read_number(raw) {
        Ok((v, reading)) => {
            if let Some(r) = reading {
                notices.push(reading_notice(s.key, s.label, raw, v, r));
            }
            v
        }
        Err(e) => {
            notices.push(Notice::new(
                s.key,
                format!(
                    "{}: “{}” {e}; used {}.",
                    s.label,
                    clip(raw),
                    shown(s, fallback)
                ),
            ));
            return None;
        }
    };
    let used = clamp_to_range(s, v, notices);
    Some(round_if_whole(s, used, notices))
}

/// The range `raw` (split into `parts` at `..`) of `s`, each part read as a number is (named in
/// notices when brought into its range). `None`, after a notice naming `fallback` (the value
/// kept), when `s` takes no range, a part cannot be read, or the parts are out of order (low,
/// then the most likely value, then high).
fn read_range(
    s: &Spec,
    raw: &str,
    parts: &[&str],
    fallback: f64,
    notices: &mut Vec<Notice>,
) -> Option<Range> {
    let mut why = if !s.choices.is_empty() {
        "is a range, and this field takes no range"
    } else if !(2..=3).contains(&parts.len()) {
        "is not a range: write low..high or low..likely..high"
    } else {
        ""
    };
    let mut v = Vec::with_capacity(3);
    if why.is_empty() {
        for part in parts {
            v.push(read_number(s, part, fallback, notices)?);
        }
        if v.windows(2).any(|w| w[0] > w[1]) {
            why = "is out of order: write low..high or low..likely..high";
        }
    }
    if !why.is_empty() {
        let msg = format!(
            "{}: “{}” {why}; used {}.",
            s.label,
            clip(raw),
            shown(s, fallback)
        );
        notices.push(Notice::new(s.key, msg));
        return None;
    }
    Some(Range {
        lo: v[0],
        mode: (v.len() == 3).then(|| v[1]),
        hi: v[v.len() - 1],
    })
}

/// The notice for text that is none of the words of `s`, which takes no number: the words,
/// and the one `fallback` is.
fn not_a_choice(s: &Spec, raw: &str, fallback: f64) -> Notice {
    let words: Vec<String> = s.choices.iter().map(|c| format!("“{}”", c.name)).collect();
    let used = s.choice_name(fallback).unwrap_or("");
    Notice::new(
        s.key,
        format!(
            "{}: “{}” is not one of {}; used “{used}”.",
            s.label,
            clip(raw),
            words.join(", ")
        ),
    )
}

/// A value of `s` with its unit, as notices show it: `12`, `1.5×`, `40%`, `250 ms`.
fn shown(s: &Spec, v: f64) -> String {
    if s.unit.is_empty() {
        format::num(v)
    } else if s.unit == "×" || s.unit == "%" {
        format!("{}{}", format::num(v), s.unit)
    } else {
        format!("{} {}", format::num(v), unit_for(s.unit, v))
    }
}

/// A unit as it reads after `v`: a counted noun in the singular for exactly one ("1 region",
/// "1 day"), otherwise as written.
fn unit_for(unit: &'static str, v: f64) -> &'static str {
    const COUNTED: [&str; 8] = [
        "conns",
        "days",
        "instances",
        "queries",
        "regions",
        "replicas",
        "users",
        "versions",
    ];
    if v == 1.0 && COUNTED.contains(&unit) {
        &unit[..unit.len() - 1]
    } else {
        unit
    }
}

/// `v` brought into the range of `s`, with a notice when it was below or above it.
fn clamp_to_range(s: &Spec, v: f64, notices: &mut Vec<Notice>) -> f64 {
    let (used, side, bound) = if v < s.min {
        (s.min, "below the minimum", s.min)
    } else if v > s.max {
        (s.max, "above the maximum", s.max)
    } else {
        return v;
    };
    notices.push(Notice::new(
        s.key,
        format!(
            "{}: {} is {side} {}; used {}.",
            s.label,
            format::num(v),
            shown(s, bound),
            shown(s, used)
        ),
    ));
    used
}

/// `v` rounded to a whole number (kept in range) when `s` takes only whole numbers, with a
/// notice when that changed it.
fn round_if_whole(s: &Spec, v: f64, notices: &mut Vec<Notice>) -> f64 {
    if !s.integer || v.fract() == 0.0 {
        return v;
    }
    let r = v.round().clamp(s.min, s.max);
    notices.push(Notice::new(
        s.key,
        format!(
            "{}: must be a whole number; {} was rounded to {}.",
            s.label,
            format::num(v),
            format::num(r)
        ),
    ));
    r
}

fn read_users(raw: &str, fallback: &[f64], notices: &mut Vec<Notice>) -> Option<Vec<f64>> {
    let key = list_keys::USERS;
    let lab = label(key);
    let mut out = Vec::new();
    let parts: Vec<&str> = raw
        .split([',', ';', ' '])
        .filter(|p| !p.trim().is_empty())
        .collect();
    for part in &parts {
        match format::read_number(part) {
            Ok((v, reading)) => {
                if let Some(r) = reading {
                    notices.push(reading_notice(key, lab, part, v, r));
                }
                let mut u = v.round();
                if u < USERS_RANGE.0 || u > USERS_RANGE.1 {
                    u = u.clamp(USERS_RANGE.0, USERS_RANGE.1);
                    notices.push(Notice::new(
                        key,
                        format!(
                            "{lab}: {} is outside 1 to 1,000,000,000,000 users; used {}.",
                            format::num(v),
                            format::num(u)
                        ),
                    ));
                } else if u != v {
                    notices.push(Notice::new(
                        key,
                        format!(
                            "{lab}: {} is not a whole number of users; used {}.",
                            format::num(v),
                            format::num(u)
                        ),
                    ));
                }
                out.push(u);
            }
            Err(e) => notices.push(Notice::new(
                key,
                format!("{lab}: “{}” {e} and was left out.", clip(part)),
            )),
        }
    }
    super::sort::f64s(&mut out);
    let before = out.len();
    out.dedup();
    if out.len() < before {
        notices.push(Notice::new(
            key,
            format!("{lab}: repeated user counts were shown once."),
        ));
    }
    if out.len() > MAX_STAGES {
        notices.push(Notice::new(
            key,
            format!(
                "{lab}: at most {MAX_STAGES} stages; used the first {MAX_STAGES} of {}.",
                out.len()
            ),
        ));
        out.truncate(MAX_STAGES);
    }
    if out.is_empty() {
        notices.push(Notice::new(
            key,
            format!(
                "{lab}: no user count could be read from “{}”; used the preset's {}.",
                clip(raw),
                fallback
                    .iter()
                    .map(|u| format::count(*u))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: SPECS is indexed by P, so the table must stay in enum order.
    #[test]
    fn specs_in_enum_order() {
        for (i, s) in SPECS.iter().enumerate() {
            assert_eq!(s.p as usize, i, "{} is out of order", s.key);
            assert!(
                s.min <= s.max && s.min.is_finite() && s.max.is_finite(),
                "{}",
                s.key
            );
        }
        let mut keys: Vec<&str> = all_keys().collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate keys");
    }

    // Guards: every bad value is named, with what was used instead, and good ones still apply.
    #[test]
    fn bad_values_are_named() {
        let o = |k: &str, v: &str| (k.to_string(), v.to_string());
        let (s, n) = resolve(
            Preset::Architecture.scenario(),
            &[
                o("peak", "abc"),
                o("read", "150"),
                o("min_inst", "2.4"),
                o("nope", "1"),
                o("rpu", "0.2"),
            ],
        );
        let text: Vec<&str> = n.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(text.len(), 4, "{text:?}");
        assert!(
            text[0].starts_with("Peak-to-average factor: “abc” is not a number; used 5×"),
            "{}",
            text[0]
        );
        assert!(
            text[1].contains("150 is above the maximum 100%; used 100%"),
            "{}",
            text[1]
        );
        assert!(text[2].contains("rounded to 2"), "{}", text[2]);
        assert!(text[3].contains("Unknown parameter “nope”"), "{}", text[3]);
        assert_eq!(s.get(P::Read), 100.0);
        assert_eq!(s.get(P::Rpu), 0.2);
        assert_eq!(s.get(P::Peak), 5.0);
    }

    // Guards: user lists are cleaned up (sorted, deduplicated, bad entries named) not rejected whole.
    #[test]
    fn users_lists() {
        let (s, n) = resolve(
            Preset::Maturity.scenario(),
            &[("users".into(), "1m, 10k,abc,10k,0".into())],
        );
        assert_eq!(s.users, vec![1.0, 10_000.0, 1e6]);
        assert_eq!(n.len(), 3, "{n:?}");
        let (s, n) = resolve(Preset::Maturity.scenario(), &[("users".into(), "".into())]);
        assert_eq!(s.users, Preset::Maturity.scenario().users);
        assert!(
            n[0].message
                .contains("used the preset's 100, 10K, 1M, 100M"),
            "{n:?}"
        );
    }

    // Guards the number steps' words: a value with its unit (none, `×`, `%`, or spaced), a
    // value brought into range naming the bound, a whole-number parameter rounded (others
    // kept), and a words-only parameter's refusal naming its words and the one kept.
    #[test]
    fn number_steps() {
        let mut notices = Vec::new();
        let regions = spec(P::MaxRegions);
        let got = (
            [P::Bytes, P::Peak, P::Active, P::OwnMs].map(|p| shown(spec(p), 1.5)),
            [0.0, 7.0, 60.0].map(|v| clamp_to_range(regions, v, &mut notices)),
            [2.5, 3.0].map(|v| round_if_whole(regions, v, &mut notices)),
            round_if_whole(spec(P::Peak), 2.5, &mut notices),
            not_a_choice(spec(P::Bytes), "kb", 1.0).message,
        );
        expect_test::expect![[r#"
            (
                (
                    [
                        "1.5",
                        "1.5×",
                        "1.5%",
                        "1.5 ms",
                    ],
                    [
                        1.0,
                        7.0,
                        50.0,
                    ],
                    [
                        3.0,
                        3.0,
                    ],
                    2.5,
                    "Byte units: “kb” is not one of “si”, “iec”; used “iec”.",
                ),
                [
                    Notice {
                        key: "max_regions",
                        message: "Most regions: 0 is below the minimum 1 region; used 1 region.",
                    },
                    Notice {
                        key: "max_regions",
                        message: "Most regions: 60 is above the maximum 50 regions; used 50 regions.",
                    },
                    Notice {
                        key: "max_regions",
                        message: "Most regions: must be a whole number; 2.5 was rounded to 3.",
                    },
                ],
            )
        "#]].assert_debug_eq(&(got, notices));
    }
}
