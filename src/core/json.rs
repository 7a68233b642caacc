//! The report as machine output: one vocabulary, serialised by serde, for the CLI's
//! `--format json` and the Day page's "Download JSON" (the same bytes for the same link).
//!
//! Every key is listed once in [`KEYS`] with its meaning; the README's key table is generated
//! from it and a test checks that the output has exactly those keys. Numbers are plain JSON
//! numbers: whole ones without a fraction, never NaN or infinity (`null` instead, which the
//! model never produces). Rates are per second, bytes decimal, money US dollars per month.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::availability::Impact;
use super::latency::{Figures, Latency};
use super::model::{AvailabilityPhase, Report, ServiceStage, Stage, Utilization};
use super::params::{Notice, Scenario};
use super::share::{self, Link};
use super::table::ROWS;
use super::uncertain::json as uj;

/// The version of this JSON shape; it goes up when a key changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// A number as JSON shows it: whole numbers without a fraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        if !x.is_finite() {
            s.serialize_none()
        } else if x == x.trunc() && x.abs() < 1e15 {
            s.serialize_i64(x as i64)
        } else {
            s.serialize_f64(x)
        }
    }
}

/// serde_json's compact output, with fractional numbers written by Rust's own shortest
/// round-trip formatting (the digits a reader parses back to the same `f64`, without an
/// exponent) instead of the `ryu` crate, which the page does not otherwise need.
struct PlainFloats;

impl serde_json::ser::Formatter for PlainFloats {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f64) -> std::io::Result<()> {
        write!(w, "{v}")
    }

    fn write_f32<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f32) -> std::io::Result<()> {
        write!(w, "{v}")
    }
}

/// The whole report.
#[derive(Debug, Serialize)]
pub struct ReportJson {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The share-link format version.
    pub format_version: u32,
    /// The preset's key.
    pub preset: &'static str,
    /// The link that reproduces the scenario.
    pub link: String,
    /// One entry per stage.
    pub stages: Vec<StageJson>,
    /// Where each milestone falls.
    pub breakpoints: Vec<BreakpointJson>,
    /// Warnings about the scenario and notices about the link, as sentences.
    pub warnings: Vec<String>,
    /// Samples drawn for the bands (`--samples N` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<usize>,
    /// The inputs given as ranges (`--samples N` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranges: Option<Vec<uj::RangeJson>>,
}

/// One stage.
#[derive(Debug, Serialize)]
pub struct StageJson {
    users: Num,
    avg_rps: Num,
    peak_rps: Num,
    read_rps: Num,
    write_rps: Num,
    service_count: Num,
    service_instances: Num,
    gateways: Num,
    load_balancers: Num,
    regions: Num,
    versions: Num,
    db_per_service: bool,
    databases: Num,
    db_primaries: Num,
    db_replicas: Num,
    db_nodes: Num,
    db_read_qps: Num,
    db_read_qps_after_cache: Num,
    db_write_qps: Num,
    cache: bool,
    cache_nodes: Num,
    queue: bool,
    queue_brokers: Num,
    cdn: bool,
    cdn_bytes_per_s: Num,
    egress_bytes_per_s: Num,
    peak_egress_bytes_per_s: Num,
    origin_egress_bytes_per_s: Num,
    ingress_bytes_per_s: Num,
    links: Num,
    stored_bytes: Num,
    db_stored_bytes: Num,
    object_stored_bytes: Num,
    monthly_cost_usd: Num,
    cost_per_user_usd: Num,
    monthly_cost_by_component_usd: Lines,
    bottleneck: BottleneckJson,
    latency_p50_ms: Num,
    latency_p99_ms: Num,
    latency_p99_target_ms: Num,
    critical_path: Vec<String>,
    availability: Num,
    downtime_s_per_month: Num,
    downtime_s_per_year: Num,
    weakest_part: String,
    down: Vec<String>,
    failed_request_share: Num,
    services: Vec<ServiceJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Lines>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bands: Option<uj::BandsJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bottleneck_shares: Option<Vec<uj::ShareJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sensitivity: Option<uj::SensitivityJson>,
}

/// An object whose keys are data (bill line labels, row keys), in a fixed order.
#[derive(Debug)]
pub struct Lines(Vec<(String, LineValue)>);

/// A value in [`Lines`].
#[derive(Debug)]
enum LineValue {
    Amount(Num),
    Text(String),
}

impl Serialize for Lines {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            match v {
                LineValue::Amount(n) => m.serialize_entry(k, n)?,
                LineValue::Text(t) => m.serialize_entry(k, t)?,
            }
        }
        m.end()
    }
}

/// The first bottleneck.
#[derive(Debug, Serialize)]
pub struct BottleneckJson {
    component: &'static str,
    label: &'static str,
    at: String,
    utilization: Num,
    headroom: Option<Num>,
    change: &'static str,
    ties: Vec<&'static str>,
}

/// One service (the unnamed group expanded, one entry each).
#[derive(Debug, Serialize)]
pub struct ServiceJson {
    name: String,
    monolith: bool,
    share: Num,
    rps: Num,
    peak_rps: Num,
    db_qps: Num,
    peak_db_qps: Num,
    connections: Num,
    instances: Num,
    latency_p50_ms: Num,
    latency_p99_ms: Num,
    wait_probability: Num,
    availability: Num,
    impact: &'static str,
}

/// Where one milestone falls.
#[derive(Debug, Serialize)]
pub struct BreakpointJson {
    milestone: &'static str,
    users: Option<Num>,
    spans: Vec<SpanJson>,
}

/// A span of user counts over which a milestone holds.
#[derive(Debug, Serialize)]
pub struct SpanJson {
    from: Num,
    until: Option<Num>,
}

impl ReportJson {
    /// The report of `link`, with the notices its reading produced, and derivations when
    /// `explain`.
    pub fn new(r: &Report, link: &Link, notices: &[Notice], explain: bool) -> Self {
        ReportJson {
            schema_version: SCHEMA_VERSION,
            format_version: share::VERSION,
            preset: link.preset.key(),
            link: share::encode(link),
            stages: r
                .stages
                .iter()
                .map(|s| StageJson::new(s, explain))
                .collect(),
            breakpoints: r
                .breakpoints
                .iter()
                .map(|b| BreakpointJson {
                    milestone: b.milestone.key(),
                    users: b.users.map(Num),
                    spans: b
                        .spans
                        .iter()
                        .map(|&(from, until)| SpanJson {
                            from: Num(from),
                            until: until.map(Num),
                        })
                        .collect(),
                })
                .collect(),
            warnings: r
                .warnings
                .iter()
                .cloned()
                .chain(notices.iter().map(|n| n.message.clone()))
                .collect(),
            samples: None,
            ranges: None,
        }
    }

    /// Adds the bands, the bottleneck's shares and the sensitivity of the samples of `s`
    /// (`--samples N`).
    pub fn with_uncertainty(mut self, s: &Scenario, extra: Vec<uj::StageExtra>, n: usize) -> Self {
        self.samples = Some(n);
        self.ranges = Some(uj::ranges(s));
        for (st, x) in self.stages.iter_mut().zip(extra) {
            st.bands = Some(x.bands);
            st.bottleneck_shares = Some(x.shares);
            st.sensitivity = Some(x.sensitivity);
        }
        self
    }

    /// The report as one line of JSON.
    pub fn to_line(&self) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, PlainFloats);
        // Serialising plain data cannot fail: every map key is a string, every float finite.
        if self.serialize(&mut ser).is_err() {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

fn bottleneck(b: &Utilization, ties: &[Utilization]) -> BottleneckJson {
    BottleneckJson {
        component: b.component.key(),
        label: b.component.label(),
        at: b.at.clone(),
        utilization: Num(b.value),
        headroom: b.headroom.map(Num),
        change: b.change,
        ties: ties.iter().map(|t| t.component.key()).collect(),
    }
}

impl StageJson {
    fn new(st: &Stage, explain: bool) -> Self {
        StageJson {
            users: Num(st.users),
            avg_rps: Num(st.avg_rps),
            peak_rps: Num(st.peak_rps),
            read_rps: Num(st.read_rps),
            write_rps: Num(st.write_rps),
            service_count: Num(st.service_count),
            service_instances: Num(st.service_instances),
            gateways: Num(st.gateways),
            load_balancers: Num(st.load_balancers),
            regions: Num(st.regions),
            versions: Num(st.versions),
            db_per_service: st.db_per_service,
            databases: Num(st.database_count()),
            db_primaries: Num(st.primaries),
            db_replicas: Num(st.replicas),
            db_nodes: Num(st.db_nodes),
            db_read_qps: Num(st.db_read_qps),
            db_read_qps_after_cache: Num(st.db_read_after_cache),
            db_write_qps: Num(st.db_write_qps),
            cache: st.cache,
            cache_nodes: Num(st.cache_nodes),
            queue: st.queue,
            queue_brokers: Num(st.queue_brokers),
            cdn: st.cdn,
            cdn_bytes_per_s: Num(st.cdn_bytes_per_s),
            egress_bytes_per_s: Num(st.egress_bytes_per_s),
            peak_egress_bytes_per_s: Num(st.peak_egress_bytes_per_s),
            origin_egress_bytes_per_s: Num(st.origin_egress_bytes_per_s),
            ingress_bytes_per_s: Num(st.ingress_bytes_per_s),
            links: Num(st.links),
            stored_bytes: Num(st.stored_bytes),
            db_stored_bytes: Num(st.db_stored_bytes),
            object_stored_bytes: Num(st.object_stored_bytes),
            monthly_cost_usd: Num(st.cost.total),
            cost_per_user_usd: Num(st.cost.per_user),
            monthly_cost_by_component_usd: Lines(
                st.cost
                    .lines
                    .iter()
                    .map(|(i, v)| (i.label().to_string(), LineValue::Amount(Num(*v))))
                    .collect(),
            ),
            bottleneck: bottleneck(&st.bottleneck, &st.bottleneck_ties),
            latency_p50_ms: Num(overall(st, |f| f.p50_ms)),
            latency_p99_ms: Num(overall(st, |f| f.p99_ms)),
            latency_p99_target_ms: Num(st.latency.as_ref().map_or(f64::NAN, |l| l.slo_ms)),
            critical_path: critical_path(st),
            availability: Num(avail(st, |a| a.overall.availability())),
            downtime_s_per_month: Num(avail(st, |a| a.downtime_s_per_month)),
            downtime_s_per_year: Num(avail(st, |a| a.downtime_s_per_year)),
            weakest_part: st
                .availability
                .as_ref()
                .map_or_else(String::new, |a| a.weakest.clone()),
            down: st
                .availability
                .as_ref()
                .map_or_else(Vec::new, |a| a.failure.down.clone()),
            failed_request_share: Num(avail(st, |a| a.failure.failed_share)),
            services: services(st),
            explain: explain.then(|| {
                Lines(
                    ROWS.iter()
                        .filter_map(|r| {
                            st.explanation(r.fig)
                                .map(|e| (r.key.to_string(), LineValue::Text(e.to_string())))
                        })
                        .collect(),
                )
            }),
            bands: None,
            bottleneck_shares: None,
            sensitivity: None,
        }
    }
}

/// An overall latency figure; NaN (null) when there is none.
fn overall(st: &Stage, f: fn(&Figures) -> f64) -> f64 {
    st.latency
        .as_ref()
        .and_then(|l| l.overall.as_ref())
        .and_then(Latency::figures)
        .map_or(f64::NAN, f)
}

/// The services on the overall p99's critical path, by name.
fn critical_path(st: &Stage) -> Vec<String> {
    let path = st
        .latency
        .as_ref()
        .and_then(|l| l.overall.as_ref())
        .and_then(Latency::figures)
        .map_or(&[][..], |f| f.critical_path.as_slice());
    path.iter()
        .filter_map(|&i| st.services.get(i).map(|s| s.name.clone()))
        .collect()
}

/// An availability figure; NaN (null) when it was not computed.
fn avail(st: &Stage, f: fn(&AvailabilityPhase) -> f64) -> f64 {
    st.availability.as_ref().map_or(f64::NAN, f)
}

/// Every service one by one, with its latency, wait and availability (its entry's).
fn services(st: &Stage) -> Vec<ServiceJson> {
    let index = |s: &ServiceStage| st.services.iter().position(|x| std::ptr::eq(x, s));
    st.service_names()
        .map(|(name, s)| {
            let i = index(s).unwrap_or(0);
            let lat = st.latency.as_ref();
            let client = lat
                .and_then(|l| l.entries.get(i))
                .and_then(Latency::figures);
            // No traffic: nobody waits; an unstable queue (ρ ≥ 1): everybody does.
            let wait = lat.and_then(|l| l.queues.get(i)).map(|q| {
                q.queue
                    .as_ref()
                    .map_or(0.0, |q| q.erlang_c().unwrap_or(1.0))
            });
            let av = st.availability.as_ref();
            ServiceJson {
                name,
                monolith: s.monolith,
                share: Num(s.share),
                rps: Num(s.rps),
                peak_rps: Num(s.peak_rps),
                db_qps: Num(s.db_qps),
                peak_db_qps: Num(s.peak_db_qps),
                connections: Num(s.connections),
                instances: Num(s.instances),
                latency_p50_ms: Num(client.map_or(f64::NAN, |f| f.p50_ms)),
                latency_p99_ms: Num(client.map_or(f64::NAN, |f| f.p99_ms)),
                wait_probability: Num(wait.unwrap_or(f64::NAN)),
                availability: Num(av
                    .and_then(|a| a.entries.get(i))
                    .map_or(f64::NAN, |a| a.availability())),
                impact: match av.and_then(|a| a.failure.impact.get(i)) {
                    Some(Impact::Fails) => "fails",
                    Some(Impact::Degraded) => "degraded",
                    _ => "ok",
                },
            }
        })
        .collect()
}

/// Every key of the output, as a path (`stages[].avg_rps`), with its meaning. Objects whose
/// keys are data (`monthly_cost_by_component_usd`, `explain`) are listed as one key.
pub const KEYS: &[(&str, &str)] = &[
    ("schema_version", "Version of this JSON shape (1)."),
    ("format_version", "Version of the share-link format (3)."),
    ("preset", "The preset the scenario starts from."),
    ("link", "The query string that reproduces the scenario."),
    ("stages", "One object per user count, ascending."),
    ("stages[].users", "Users at this stage."),
    (
        "stages[].avg_rps",
        "Average client requests per second over a day.",
    ),
    (
        "stages[].peak_rps",
        "Peak client requests per second (average × peak factor).",
    ),
    ("stages[].read_rps", "Average read requests per second."),
    ("stages[].write_rps", "Average write requests per second."),
    (
        "stages[].service_count",
        "Services running (named and unnamed, without a monolith).",
    ),
    (
        "stages[].service_instances",
        "Service instances in all regions and versions, a monolith included.",
    ),
    ("stages[].gateways", "API gateway instances."),
    ("stages[].load_balancers", "Load balancers."),
    ("stages[].regions", "Regions."),
    (
        "stages[].versions",
        "Versions of each service running side by side.",
    ),
    (
        "stages[].db_per_service",
        "Whether each service owns its database.",
    ),
    ("stages[].databases", "Logical databases."),
    (
        "stages[].db_primaries",
        "Database primaries (shards) over all databases.",
    ),
    ("stages[].db_replicas", "Read replicas over all databases."),
    (
        "stages[].db_nodes",
        "Database nodes (primaries + replicas).",
    ),
    (
        "stages[].db_read_qps",
        "Peak read queries per second sent by services, before the cache.",
    ),
    (
        "stages[].db_read_qps_after_cache",
        "Peak read queries per second that reach databases.",
    ),
    ("stages[].db_write_qps", "Peak write queries per second."),
    ("stages[].cache", "Whether a cache is in place."),
    ("stages[].cache_nodes", "Cache nodes."),
    (
        "stages[].queue",
        "Whether writes go through a message queue.",
    ),
    ("stages[].queue_brokers", "Queue brokers."),
    ("stages[].cdn", "Whether a CDN is in place."),
    (
        "stages[].cdn_bytes_per_s",
        "Average bytes per second the CDN delivers.",
    ),
    (
        "stages[].egress_bytes_per_s",
        "Average bytes per second to clients (CDN and origin).",
    ),
    (
        "stages[].peak_egress_bytes_per_s",
        "Peak bytes per second to clients.",
    ),
    (
        "stages[].origin_egress_bytes_per_s",
        "Average bytes per second leaving the origin.",
    ),
    (
        "stages[].ingress_bytes_per_s",
        "Average bytes per second from clients.",
    ),
    ("stages[].links", "Network links out of the regions."),
    (
        "stages[].stored_bytes",
        "Bytes stored: `db_stored_bytes` + `object_stored_bytes`.",
    ),
    (
        "stages[].db_stored_bytes",
        "Database storage, every copy counted.",
    ),
    (
        "stages[].object_stored_bytes",
        "Media and files in the object store.",
    ),
    (
        "stages[].monthly_cost_usd",
        "The monthly bill (730-hour month).",
    ),
    ("stages[].cost_per_user_usd", "The monthly bill per user."),
    (
        "stages[].monthly_cost_by_component_usd",
        "Each bill line by its label (`\"Service instances\": 1314`, ...).",
    ),
    (
        "stages[].bottleneck",
        "The first bottleneck: what runs out first as traffic grows.",
    ),
    (
        "stages[].bottleneck.component",
        "Its key (`db_reads`, `service_requests`, ...).",
    ),
    ("stages[].bottleneck.label", "Its name."),
    (
        "stages[].bottleneck.at",
        "Which service or database, when it matters.",
    ),
    (
        "stages[].bottleneck.utilization",
        "Its peak load ÷ its capacity.",
    ),
    (
        "stages[].bottleneck.headroom",
        "How many times traffic can grow before it forces a change (null: no bounded component).",
    ),
    (
        "stages[].bottleneck.change",
        "The change it forces (`add a read replica`, ...).",
    ),
    (
        "stages[].bottleneck.ties",
        "Components whose headroom ties with it.",
    ),
    (
        "stages[].latency_p50_ms",
        "Median latency of client requests, ms (null: no number, e.g. a call cycle).",
    ),
    (
        "stages[].latency_p99_ms",
        "99th-percentile latency of client requests, ms (null: no number, e.g. a call cycle).",
    ),
    (
        "stages[].latency_p99_target_ms",
        "The p99 target (`slo_ms`); past it, latency is ranked as a bottleneck.",
    ),
    (
        "stages[].critical_path",
        "The chain of services that sets the p99, by name.",
    ),
    (
        "stages[].availability",
        "Share of the time client requests are served (independent failures).",
    ),
    (
        "stages[].downtime_s_per_month",
        "Expected seconds without service per month (the `month` convention).",
    ),
    (
        "stages[].downtime_s_per_year",
        "Expected seconds without service per 365-day year.",
    ),
    (
        "stages[].weakest_part",
        "The least available part the busiest entry's requests need.",
    ),
    (
        "stages[].down",
        "What `down=` names (`Order`, `db:User`, `region`).",
    ),
    (
        "stages[].failed_request_share",
        "Share of client requests that fail with what is down (0 when nothing is).",
    ),
    (
        "stages[].services",
        "Every service, the unnamed ones one by one.",
    ),
    ("stages[].services[].name", "Its name."),
    (
        "stages[].services[].monolith",
        "Whether it is the monolith being migrated away from.",
    ),
    ("stages[].services[].share", "Its share of client requests."),
    (
        "stages[].services[].rps",
        "Average requests per second it handles (calls included).",
    ),
    ("stages[].services[].peak_rps", "Peak requests per second."),
    (
        "stages[].services[].db_qps",
        "Average database queries per second, after the cache.",
    ),
    (
        "stages[].services[].peak_db_qps",
        "Peak database queries per second.",
    ),
    (
        "stages[].services[].connections",
        "Connections it holds at peak.",
    ),
    ("stages[].services[].instances", "Its instances."),
    (
        "stages[].services[].latency_p50_ms",
        "Median latency of client requests entering here, ms.",
    ),
    (
        "stages[].services[].latency_p99_ms",
        "99th-percentile latency of client requests entering here, ms.",
    ),
    (
        "stages[].services[].wait_probability",
        "Probability a request waits in its queue (Erlang C; 0 without traffic, 1 when the queue is unstable).",
    ),
    (
        "stages[].services[].availability",
        "Availability of client requests entering here.",
    ),
    (
        "stages[].services[].impact",
        "With what is down: `ok`, `degraded` (asynchronous or optional calls) or `fails`.",
    ),
    (
        "stages[].explain",
        "With `--explain`: each table row's derivation by row key.",
    ),
    (
        "breakpoints",
        "Where each component first becomes necessary.",
    ),
    (
        "breakpoints[].milestone",
        "Its key (`cache`, `read_replica`, ...).",
    ),
    (
        "breakpoints[].users",
        "The smallest whole user count that needs it (null: not by 10¹² users).",
    ),
    (
        "breakpoints[].spans",
        "Every span of user counts that needs it, ascending (a component can stop being needed).",
    ),
    (
        "breakpoints[].spans[].from",
        "The first whole user count of the span.",
    ),
    (
        "breakpoints[].spans[].until",
        "The first whole user count after it that no longer needs it (null: none by 10¹² users).",
    ),
    (
        "warnings",
        "Warnings about the scenario and notices about the link.",
    ),
    ("samples", "Samples drawn for the bands (only with `--samples N`)."),
    ("ranges", "The inputs given as ranges (only with `--samples N`)."),
    ("ranges[].key", "The input's key."),
    ("ranges[].low", "The range's low end."),
    ("ranges[].likely", "Its most likely value (null: none given; the samples are then uniform)."),
    ("ranges[].high", "The range's high end."),
    ("ranges[].point", "The value the figures without bands use: the most likely value, or the midpoint."),
    ("stages[].bands", "Only with `--samples N`: each banded figure by its key (`peak_rps`, `service_instances`, `db_nodes`, `cache_nodes`, `peak_egress`, `stored`, `monthly_cost`, `cost_per_user`, `latency_p99_ms`), each `{point, p10, p50, p90, samples}`: the figure at the point values, its 10th, 50th and 90th percentiles over the samples, and the samples with a value (null: none had one)."),
    ("stages[].bottleneck_shares", "Only with `--samples N`: each component that is the first bottleneck in some samples, most often first."),
    ("stages[].bottleneck_shares[].component", "Its key (`db_reads`, ...)."),
    ("stages[].bottleneck_shares[].label", "What people call it."),
    ("stages[].bottleneck_shares[].share", "The share of the samples in which it is the first bottleneck (0..1)."),
    ("stages[].sensitivity", "Only with `--samples N`: one input at a time from its low to its high value."),
    ("stages[].sensitivity.by_cost", "The inputs that move the monthly cost, most first."),
    ("stages[].sensitivity.by_cost[].key", "The input's key."),
    ("stages[].sensitivity.by_cost[].from_range", "Whether low and high are the ends of the scenario's range (otherwise the value −25% and +25%)."),
    ("stages[].sensitivity.by_cost[].low", "The input's low value."),
    ("stages[].sensitivity.by_cost[].high", "The input's high value."),
    ("stages[].sensitivity.by_cost[].cost_at_low_usd", "The stage's monthly cost with the input at its low value, every other input at its point value."),
    ("stages[].sensitivity.by_cost[].cost_at_high_usd", "The same at its high value."),
    ("stages[].sensitivity.by_cost[].headroom_at_low", "The first bottleneck's headroom (× traffic) with the input at its low value (null: nothing bounds growth)."),
    ("stages[].sensitivity.by_cost[].headroom_at_high", "The same at its high value."),
    ("stages[].sensitivity.by_headroom", "The inputs that move the first bottleneck's headroom, most first (same fields)."),
    ("stages[].sensitivity.by_headroom[].key", "The input's key."),
    ("stages[].sensitivity.by_headroom[].from_range", "Whether low and high are the ends of the scenario's range (otherwise the value −25% and +25%)."),
    ("stages[].sensitivity.by_headroom[].low", "The input's low value."),
    ("stages[].sensitivity.by_headroom[].high", "The input's high value."),
    ("stages[].sensitivity.by_headroom[].cost_at_low_usd", "The stage's monthly cost with the input at its low value, every other input at its point value."),
    ("stages[].sensitivity.by_headroom[].cost_at_high_usd", "The same at its high value."),
    ("stages[].sensitivity.by_headroom[].headroom_at_low", "The first bottleneck's headroom (× traffic) with the input at its low value (null: nothing bounds growth)."),
    ("stages[].sensitivity.by_headroom[].headroom_at_high", "The same at its high value."),
];

/// The README's JSON key table (Markdown), generated from [`KEYS`].
pub fn markdown_keys() -> String {
    let mut s = String::from("| key | meaning |\n|---|---|\n");
    for (k, doc) in KEYS {
        s.push_str(&format!("| `{k}` | {doc} |\n"));
    }
    s
}
