//! The stage table's rows: one definition shared by the page, the CLI's text, Markdown and CSV
//! output. Each row has a stable key (also the CSV column and the page's `data-testid`), a
//! label, the figure it explains, its raw value and how people read it.

use super::availability::Impact;
use super::format;
use super::latency::{Figures, Latency};
use super::model::availability::percent_precise;
use super::model::{CostItem, Fig, Stage};

/// A block of rows under one heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Request rates.
    Traffic,
    /// Services and their entry points.
    Compute,
    /// Databases, cache, queue, storage.
    Data,
    /// Bytes on the wire.
    Network,
    /// The monthly bill.
    Cost,
    /// Client latency, availability and what fails with `down=`.
    Latency,
    /// What runs out first.
    Bottleneck,
}

impl Section {
    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            Section::Traffic => "Traffic",
            Section::Compute => "Compute",
            Section::Data => "Data",
            Section::Network => "Network",
            Section::Cost => "Cost per month",
            Section::Latency => "Latency and availability",
            Section::Bottleneck => "First bottleneck",
        }
    }
}

/// One row of the stage table.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// Stable key: CSV column, JSON field, `data-testid="cell-KEY-i"`.
    pub key: &'static str,
    /// The label people read.
    pub label: &'static str,
    /// Its block.
    pub section: Section,
    /// The figure whose derivation explains the cell.
    pub fig: Fig,
    /// The raw value (counts, per-second rates, bytes, dollars).
    pub value: fn(&Stage) -> f64,
    /// The value as people read it.
    pub show: fn(&Stage) -> String,
}

fn on_off(on: bool, n: f64, what: &str) -> String {
    if on {
        let plural = if n == 1.0 { "" } else { "s" };
        format!("{} {what}{plural}", format::count(n))
    } else {
        "—".to_string()
    }
}

fn month(x: f64) -> String {
    format!("{}/mo", format::usd(x))
}

macro_rules! row {
    ($key:literal, $label:literal, $sec:ident, $fig:expr, |$s:ident| $value:expr, $show:expr) => {
        Row {
            key: $key,
            label: $label,
            section: Section::$sec,
            fig: $fig,
            value: |$s: &Stage| $value,
            show: $show,
        }
    };
}

/// Every row, in display order.
pub const ROWS: &[Row] = &[
    row!(
        "avg_rps",
        "Average requests/s",
        Traffic,
        Fig::AvgRps,
        |s| s.avg_rps,
        |s| format::rate(s.avg_rps, "req/s")
    ),
    row!(
        "peak_rps",
        "Peak requests/s",
        Traffic,
        Fig::PeakRps,
        |s| s.peak_rps,
        |s| format::rate(s.peak_rps, "req/s")
    ),
    row!(
        "read_rps",
        "Reads/s (average)",
        Traffic,
        Fig::ReadRps,
        |s| s.read_rps,
        |s| format::rate(s.read_rps, "req/s")
    ),
    row!(
        "write_rps",
        "Writes/s (average)",
        Traffic,
        Fig::WriteRps,
        |s| s.write_rps,
        |s| format::rate(s.write_rps, "req/s")
    ),
    row!(
        "service_count",
        "Services",
        Compute,
        Fig::ServiceCount,
        |s| s.service_count,
        |s| format::count(s.service_count)
    ),
    row!(
        "service_instances",
        "Service instances",
        Compute,
        Fig::ServiceInstances,
        |s| s.service_instances,
        |s| format::count(s.service_instances)
    ),
    row!(
        "versions",
        "Versions running",
        Compute,
        Fig::Versions,
        |s| s.versions,
        |s| format::count(s.versions)
    ),
    row!(
        "gateways",
        "API gateway instances",
        Compute,
        Fig::Gateways,
        |s| s.gateways,
        |s| format::count(s.gateways)
    ),
    row!(
        "load_balancers",
        "Load balancers",
        Compute,
        Fig::LoadBalancers,
        |s| s.load_balancers,
        |s| if s.load_balancers > 0.0 {
            format::count(s.load_balancers)
        } else {
            "—".into()
        }
    ),
    row!(
        "regions",
        "Regions",
        Compute,
        Fig::Regions,
        |s| s.regions,
        |s| format::count(s.regions)
    ),
    row!(
        "databases",
        "Databases",
        Data,
        Fig::Primaries,
        |s| s.database_count(),
        |s| format!(
            "{}{}",
            format::count(s.database_count()),
            if s.db_per_service && s.database_count() > 1.0 {
                " (one per service)"
            } else if s.database_count() == 1.0 && s.services.len() > 1 {
                " (shared)"
            } else {
                ""
            }
        )
    ),
    row!(
        "primaries",
        "Primaries (shards)",
        Data,
        Fig::Primaries,
        |s| s.primaries,
        |s| format::count(s.primaries)
    ),
    row!(
        "replicas",
        "Read replicas",
        Data,
        Fig::Replicas,
        |s| s.replicas,
        |s| format::count(s.replicas)
    ),
    row!(
        "db_nodes",
        "Database nodes",
        Data,
        Fig::DbNodes,
        |s| s.db_nodes,
        |s| format::count(s.db_nodes)
    ),
    row!(
        "db_read_qps",
        "DB reads/s, peak, before cache",
        Data,
        Fig::DbReadQps,
        |s| s.db_read_qps,
        |s| format::rate(s.db_read_qps, "QPS")
    ),
    row!(
        "db_read_after_cache",
        "DB reads/s, peak, after cache",
        Data,
        Fig::DbReadAfterCache,
        |s| s.db_read_after_cache,
        |s| format::rate(s.db_read_after_cache, "QPS")
    ),
    row!(
        "db_write_qps",
        "DB writes/s, peak",
        Data,
        Fig::DbWriteQps,
        |s| s.db_write_qps,
        |s| format::rate(s.db_write_qps, "QPS")
    ),
    row!(
        "cache_nodes",
        "Cache nodes",
        Data,
        Fig::CacheNodes,
        |s| s.cache_nodes,
        |s| on_off(s.cache, s.cache_nodes, "node")
    ),
    row!(
        "queue_brokers",
        "Message queue",
        Data,
        Fig::QueueBrokers,
        |s| s.queue_brokers,
        |s| on_off(s.queue, s.queue_brokers, "broker")
    ),
    row!(
        "stored",
        "Stored in all",
        Data,
        Fig::Stored,
        |s| s.stored_bytes,
        |s| s.units.bytes(s.stored_bytes)
    ),
    row!(
        "db_stored",
        "In databases (all copies)",
        Data,
        Fig::DbStored,
        |s| s.db_stored_bytes,
        |s| s.units.bytes(s.db_stored_bytes)
    ),
    row!(
        "object_stored",
        "In the object store",
        Data,
        Fig::ObjectStored,
        |s| s.object_stored_bytes,
        |s| if s.object_stored_bytes > 0.0 {
            s.units.bytes(s.object_stored_bytes)
        } else {
            "—".to_string()
        }
    ),
    row!(
        "egress",
        "To clients, average",
        Network,
        Fig::Egress,
        |s| s.egress_bytes_per_s,
        |s| s.units.bytes_per_s(s.egress_bytes_per_s)
    ),
    row!(
        "peak_egress",
        "To clients, peak",
        Network,
        Fig::PeakEgress,
        |s| s.peak_egress_bytes_per_s,
        |s| s.units.bytes_per_s(s.peak_egress_bytes_per_s)
    ),
    row!(
        "cdn_bytes",
        "Served by the CDN",
        Network,
        Fig::CdnBytes,
        |s| s.cdn_bytes_per_s,
        |s| if s.cdn {
            s.units.bytes_per_s(s.cdn_bytes_per_s)
        } else {
            "— (no CDN)".into()
        }
    ),
    row!(
        "origin_egress",
        "From the origin",
        Network,
        Fig::OriginEgress,
        |s| s.origin_egress_bytes_per_s,
        |s| s.units.bytes_per_s(s.origin_egress_bytes_per_s)
    ),
    row!(
        "links",
        "Network links",
        Network,
        Fig::Links,
        |s| s.links,
        |s| format::count(s.links)
    ),
    row!(
        "cost_services",
        "Service instances",
        Cost,
        Fig::Cost(CostItem::Services),
        |s| s.cost.line(CostItem::Services),
        |s| month(s.cost.line(CostItem::Services))
    ),
    row!(
        "cost_gateways",
        "API gateways",
        Cost,
        Fig::Cost(CostItem::Gateways),
        |s| s.cost.line(CostItem::Gateways),
        |s| month(s.cost.line(CostItem::Gateways))
    ),
    row!(
        "cost_load_balancers",
        "Load balancers",
        Cost,
        Fig::Cost(CostItem::LoadBalancers),
        |s| s.cost.line(CostItem::LoadBalancers),
        |s| month(s.cost.line(CostItem::LoadBalancers))
    ),
    row!(
        "cost_databases",
        "Database nodes",
        Cost,
        Fig::Cost(CostItem::Databases),
        |s| s.cost.line(CostItem::Databases),
        |s| month(s.cost.line(CostItem::Databases))
    ),
    row!(
        "cost_cache",
        "Cache nodes",
        Cost,
        Fig::Cost(CostItem::Cache),
        |s| s.cost.line(CostItem::Cache),
        |s| month(s.cost.line(CostItem::Cache))
    ),
    row!(
        "cost_queue",
        "Queue brokers",
        Cost,
        Fig::Cost(CostItem::Queue),
        |s| s.cost.line(CostItem::Queue),
        |s| month(s.cost.line(CostItem::Queue))
    ),
    row!(
        "cost_storage",
        "Database storage",
        Cost,
        Fig::Cost(CostItem::Storage),
        |s| s.cost.line(CostItem::Storage),
        |s| month(s.cost.line(CostItem::Storage))
    ),
    row!(
        "cost_object_storage",
        "Object storage",
        Cost,
        Fig::Cost(CostItem::ObjectStorage),
        |s| s.cost.line(CostItem::ObjectStorage),
        |s| month(s.cost.line(CostItem::ObjectStorage))
    ),
    row!(
        "cost_egress",
        "Egress",
        Cost,
        Fig::Cost(CostItem::Egress),
        |s| s.cost.line(CostItem::Egress),
        |s| month(s.cost.line(CostItem::Egress))
    ),
    row!(
        "cost_cdn",
        "CDN delivery",
        Cost,
        Fig::Cost(CostItem::Cdn),
        |s| s.cost.line(CostItem::Cdn),
        |s| month(s.cost.line(CostItem::Cdn))
    ),
    row!(
        "cost_total",
        "Total",
        Cost,
        Fig::CostTotal,
        |s| s.cost.total,
        |s| month(s.cost.total)
    ),
    row!(
        "cost_per_user",
        "Per user",
        Cost,
        Fig::CostPerUser,
        |s| s.cost.per_user,
        |s| month(s.cost.per_user)
    ),
    row!(
        "latency_p50_ms",
        "p50 latency",
        Latency,
        Fig::Latency,
        |s| latency_of(s, |f| f.p50_ms),
        |s| ms_text(s, |f| f.p50_ms)
    ),
    row!(
        "latency_p99_ms",
        "p99 latency",
        Latency,
        Fig::Latency,
        |s| latency_of(s, |f| f.p99_ms),
        |s| ms_text(s, |f| f.p99_ms)
    ),
    row!(
        "availability",
        "Availability",
        Latency,
        Fig::Availability,
        |s| s
            .availability
            .as_ref()
            .map_or(f64::NAN, |a| a.overall.availability()),
        |s| s
            .availability
            .as_ref()
            .map_or_else(none, |a| percent_precise(a.overall))
    ),
    row!(
        "downtime_s_per_month",
        "Downtime per month",
        Latency,
        Fig::Availability,
        |s| s
            .availability
            .as_ref()
            .map_or(f64::NAN, |a| a.downtime_s_per_month),
        |s| s
            .availability
            .as_ref()
            .map_or_else(none, |a| duration(a.downtime_s_per_month))
    ),
    row!(
        "failed_request_share",
        "Failing with what is down",
        Latency,
        Fig::Failed,
        |s| s
            .availability
            .as_ref()
            .map_or(f64::NAN, |a| a.failure.failed_share),
        failed_text
    ),
    row!(
        "bottleneck",
        "Runs out first",
        Bottleneck,
        Fig::Bottleneck,
        |s| s.bottleneck.value,
        bottleneck_text
    ),
];

/// Shown where the stage was computed without latency and availability.
fn none() -> String {
    "—".to_string()
}

/// An overall latency figure in ms; NaN when there is none (no traffic, a call cycle).
fn latency_of(s: &Stage, f: fn(&Figures) -> f64) -> f64 {
    s.latency
        .as_ref()
        .and_then(|l| l.overall.as_ref())
        .and_then(Latency::figures)
        .map_or(f64::NAN, f)
}

/// An overall latency as people read it: "12.3 ms", or why there is no number.
fn ms_text(s: &Stage, f: fn(&Figures) -> f64) -> String {
    match s.latency.as_ref().and_then(|l| l.overall.as_ref()) {
        Some(Latency::Bounded(x)) => format!("{} ms", format::num(f(x))),
        Some(Latency::Unbounded(u)) => u.words().to_string(),
        None => none(),
    }
}

/// Seconds as people read a duration: "26 s", "43 min", "8.8 h".
pub fn duration(s: f64) -> String {
    if s < 60.0 {
        format!("{} s", format::num(s))
    } else if s < 3600.0 {
        format!("{} min", format::num(s / 60.0))
    } else {
        format!("{} h", format::num(s / 3600.0))
    }
}

/// The share failing with `down=`, and which services fail: "40% (Order, User fail)".
fn failed_text(s: &Stage) -> String {
    let Some(a) = &s.availability else {
        return none();
    };
    let fails: Vec<&str> = s
        .services
        .iter()
        .zip(&a.failure.impact)
        .filter(|(_, i)| **i == Impact::Fails)
        .map(|(v, _)| v.name.as_str())
        .collect();
    if fails.is_empty() {
        format::percent(a.failure.failed_share)
    } else {
        format!(
            "{} ({} fail)",
            format::percent(a.failure.failed_share),
            fails.join(", ")
        )
    }
}

/// "Database reads (User database): 68% of capacity; traffic ×1.5 before it must add a read
/// replica" (ties named after it).
pub fn bottleneck_text(s: &Stage) -> String {
    let one = |b: &crate::core::model::Utilization| {
        let at = if b.at.is_empty() {
            String::new()
        } else {
            format!(" ({})", b.at)
        };
        match b.headroom {
            Some(h) => format!(
                "{}{at}: {} {}; traffic ×{} before it must {}",
                b.component.label(),
                format::percent(b.value),
                b.component.of(),
                format::num(h),
                b.change
            ),
            None => format!("{}{at}: {}", b.component.label(), format::percent(b.value)),
        }
    };
    let mut text = one(&s.bottleneck);
    for t in &s.bottleneck_ties {
        text.push_str("; tied with ");
        text.push_str(&one(t));
    }
    text
}

impl Row {
    /// The row's column in CSV: the JSON key of the same figure (`db_primaries`,
    /// `stored_bytes`, `monthly_cost_usd`, ...), so machine output has one vocabulary; bill
    /// lines are `cost_*` (the JSON's `monthly_cost_by_component_usd` by label).
    pub fn column(&self) -> &'static str {
        match self.key {
            "primaries" => "db_primaries",
            "replicas" => "db_replicas",
            "db_read_after_cache" => "db_read_qps_after_cache",
            "stored" => "stored_bytes",
            "db_stored" => "db_stored_bytes",
            "object_stored" => "object_stored_bytes",
            "egress" => "egress_bytes_per_s",
            "peak_egress" => "peak_egress_bytes_per_s",
            "cdn_bytes" => "cdn_bytes_per_s",
            "origin_egress" => "origin_egress_bytes_per_s",
            "cost_total" => "monthly_cost_usd",
            "cost_per_user" => "cost_per_user_usd",
            "bottleneck" => "bottleneck_utilization",
            key => key,
        }
    }
}

/// The row with `key`.
pub fn row(key: &str) -> Option<&'static Row> {
    ROWS.iter().find(|r| r.key == key)
}
