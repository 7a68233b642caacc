//! The growth-curve sweep: the model evaluated at a few hundred log-spaced user counts, with the
//! stages and the breakpoints (milestones and bottleneck changes) the chart marks.
//!
//! Every value comes from [`Context::stage`], the same code path as the stage table, with
//! explanations off. The grid holds every whole power of ten in range, every stage's user count
//! and, for each breakpoint `b`, both `b − 1` and `b`, so the curves turn exactly where the
//! model's sizing changes and the readout at those user counts is exact.

use crate::core::detmath::DetMath;

use super::format;
use super::model::{Breakpoint, Component, Context, Depth, Milestone, Stage};
use super::params::Scenario;

/// Fewest points a sweep has.
pub const MIN_POINTS: usize = 200;
/// Most log-spaced points a sweep asks for (stages and breakpoints come on top).
pub const MAX_POINTS: usize = 5_000;
/// Points the page and the CLI ask for.
pub const DEFAULT_POINTS: usize = 240;
/// The range every sweep covers at least: 10 users to a billion.
pub const MIN_RANGE: (f64, f64) = (10.0, 1e9);

/// A quantity the growth curves can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// Peak requests per second from clients.
    PeakRps,
    /// Service instances in all.
    ServiceInstances,
    /// Database nodes (primaries and replicas).
    DbNodes,
    /// Cache nodes.
    CacheNodes,
    /// Peak bytes per second delivered to clients.
    Egress,
    /// Bytes stored, every copy counted.
    Stored,
    /// The monthly bill.
    MonthlyCost,
    /// The monthly bill divided by the users.
    CostPerUser,
    /// The p99 latency of all client requests (0 where it has no figure: a call cycle, an
    /// overloaded queue).
    LatencyP99,
    /// Expected time without service per month (the scenario's month): availability.
    Downtime,
}

impl Metric {
    /// How many metrics there are.
    pub const COUNT: usize = 10;

    /// Every metric, in the order the picker lists them.
    pub const ALL: [Metric; Metric::COUNT] = [
        Metric::PeakRps,
        Metric::ServiceInstances,
        Metric::DbNodes,
        Metric::CacheNodes,
        Metric::Egress,
        Metric::Stored,
        Metric::MonthlyCost,
        Metric::CostPerUser,
        Metric::LatencyP99,
        Metric::Downtime,
    ];

    /// The metrics that need the latency and availability phases (a full stage, not only the
    /// capacity phases).
    pub fn full(self) -> bool {
        matches!(self, Metric::LatencyP99 | Metric::Downtime)
    }

    /// The metrics shown until the user picks others.
    pub const DEFAULTS: [Metric; 4] = [
        Metric::ServiceInstances,
        Metric::DbNodes,
        Metric::MonthlyCost,
        Metric::CostPerUser,
    ];

    /// Position in [`Metric::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The heading people see.
    pub fn label(self) -> &'static str {
        match self {
            Metric::PeakRps => "Peak requests",
            Metric::ServiceInstances => "Service instances",
            Metric::DbNodes => "Database nodes",
            Metric::CacheNodes => "Cache nodes",
            Metric::Egress => "Peak egress",
            Metric::Stored => "Data stored",
            Metric::MonthlyCost => "Monthly cost",
            Metric::CostPerUser => "Cost per user",
            Metric::LatencyP99 => "p99 latency",
            Metric::Downtime => "Downtime per month",
        }
    }

    /// The unit, as a column heading or axis title shows it ("" for plain counts).
    pub fn unit(self) -> &'static str {
        match self {
            Metric::PeakRps => "req/s",
            Metric::ServiceInstances | Metric::DbNodes | Metric::CacheNodes => "",
            Metric::Egress => "bytes/s",
            Metric::Stored => "bytes",
            Metric::MonthlyCost => "USD/month",
            Metric::CostPerUser => "USD/user/month",
            Metric::LatencyP99 => "ms",
            Metric::Downtime => "",
        }
    }

    /// Label and unit together: "Peak requests (req/s)", "Database nodes".
    pub fn heading(self) -> String {
        match self.unit() {
            "" => self.label().to_string(),
            u => format!("{} ({u})", self.label()),
        }
    }

    /// A short key for CSV columns and links.
    pub fn key(self) -> &'static str {
        match self {
            Metric::PeakRps => "peak_rps",
            Metric::ServiceInstances => "service_instances",
            Metric::DbNodes => "db_nodes",
            Metric::CacheNodes => "cache_nodes",
            Metric::Egress => "peak_egress",
            Metric::Stored => "stored",
            Metric::MonthlyCost => "monthly_cost",
            Metric::CostPerUser => "cost_per_user",
            Metric::LatencyP99 => "latency_p99_ms",
            Metric::Downtime => "downtime_s_per_month",
        }
    }

    /// The metric with key `key`.
    pub fn from_key(key: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.key() == key.trim())
    }

    /// Whether the metric only takes whole values (node counts).
    pub fn integral(self) -> bool {
        matches!(
            self,
            Metric::ServiceInstances | Metric::DbNodes | Metric::CacheNodes
        )
    }

    /// The metric's value at a stage.
    pub fn of(self, st: &Stage) -> f64 {
        match self {
            Metric::PeakRps => st.peak_rps,
            Metric::ServiceInstances => st.service_instances,
            Metric::DbNodes => st.db_nodes,
            Metric::CacheNodes => st.cache_nodes,
            Metric::Egress => st.peak_egress_bytes_per_s,
            Metric::Stored => st.stored_bytes,
            Metric::MonthlyCost => st.cost.total,
            Metric::CostPerUser => st.cost.per_user,
            Metric::LatencyP99 => st.latency.as_ref().and_then(|l| l.p99_ms()).unwrap_or(0.0),
            Metric::Downtime => st
                .availability
                .as_ref()
                .map_or(0.0, |a| a.downtime_s_per_month),
        }
    }

    /// A value for people, unit included where the heading alone would not say it:
    /// `1.2M req/s`, `240`, `125 MB/s`, `3.2 TB`, `$1,234`, `$0.0123`.
    pub fn format(self, v: f64) -> String {
        if !v.is_finite() {
            return format::NOT_A_NUMBER.to_string();
        }
        if huge(v) {
            return self.wrap(&sci(v));
        }
        match self {
            Metric::PeakRps => format::rate(v, "req/s"),
            Metric::ServiceInstances | Metric::DbNodes | Metric::CacheNodes => format::count(v),
            Metric::Egress => format::bytes_per_s(v),
            Metric::Stored => format::bytes(v),
            Metric::MonthlyCost | Metric::CostPerUser => format::usd(v),
            Metric::LatencyP99 if v <= 0.0 => "no figure".to_string(),
            Metric::LatencyP99 => format!("{} ms", format::num(v)),
            Metric::Downtime => super::table::duration(v),
        }
    }

    /// A compact axis tick: `10K`, `1 GB/s`, `$10K`, `$0.01`.
    pub fn tick(self, v: f64) -> String {
        if !v.is_finite() {
            return format::NOT_A_NUMBER.to_string();
        }
        if huge(v) {
            return self.wrap(&sci(v));
        }
        match self {
            Metric::PeakRps | Metric::ServiceInstances | Metric::DbNodes | Metric::CacheNodes => {
                format::count(v)
            }
            Metric::Egress => format::bytes_per_s(v),
            Metric::Stored => format::bytes(v),
            Metric::MonthlyCost | Metric::CostPerUser => {
                if v.abs() >= 1e4 {
                    format!("${}", format::count(v))
                } else {
                    format!("${}", format::num(v))
                }
            }
            Metric::LatencyP99 => format!("{} ms", format::num(v)),
            Metric::Downtime => super::table::duration(v),
        }
    }

    /// Puts a scientific-notation number in the metric's unit.
    fn wrap(self, n: &str) -> String {
        match self {
            Metric::PeakRps => format!("{n} req/s"),
            Metric::Egress => format!("{n} B/s"),
            Metric::Stored => format!("{n} B"),
            Metric::MonthlyCost | Metric::CostPerUser => format!("${n}"),
            _ => n.to_string(),
        }
    }
}

/// A user count for labels: `100`, `10K`, `1.2M`; scientific notation beyond a thousand
/// trillion or below one thousandth (only data built with [`Sweep::from_data`] gets there).
pub fn users_label(u: f64) -> String {
    let a = u.abs();
    if a >= 1e15 || (a > 0.0 && a < 1e-3) {
        sci(u)
    } else {
        format::count(u)
    }
}

/// Whether `v` is too large or too small for the people-formatters (which print every digit).
fn huge(v: f64) -> bool {
    let a = v.abs();
    a >= 1e18 || (a > 0.0 && a < 1e-9)
}

/// `1.5e20`, three significant digits.
fn sci(v: f64) -> String {
    let s = format!("{v:.2e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let m = m.trim_end_matches('0').trim_end_matches('.');
            format!("{m}e{e}")
        }
        None => s,
    }
}

/// What a mark on the curves stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkKind {
    /// A component becomes necessary.
    Milestone(Milestone),
    /// A component becomes the bottleneck for the first time.
    Bottleneck(Component),
}

/// A breakpoint on the curves.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The smallest whole user count where it holds (it does not hold one user below).
    pub users: f64,
    /// What happens there.
    pub kind: MarkKind,
}

impl Mark {
    /// A short label for the chart: "cache", "shards", "limit: DB reads".
    pub fn short(&self) -> &'static str {
        match self.kind {
            MarkKind::Milestone(m) => match m {
                Milestone::LoadBalancer => "load balancer",
                Milestone::Cache => "cache",
                Milestone::ReadReplica => "replica",
                Milestone::Sharding => "shards",
                Milestone::Queue => "queue",
                Milestone::Cdn => "CDN",
                Milestone::SecondRegion => "2nd region",
                Milestone::DbPerService => "DB per service",
                Milestone::ParallelVersions => "2 versions",
            },
            MarkKind::Bottleneck(c) => match c {
                Component::ServiceRequests => "limit: service requests",
                Component::ServiceConnections => "limit: connections",
                Component::Gateway => "limit: gateway",
                Component::LoadBalancer => "limit: load balancer",
                Component::DbWrites => "limit: DB writes",
                Component::DbReads => "limit: DB reads",
                Component::DbStorage => "limit: DB storage",
                Component::Cache => "limit: cache",
                Component::Queue => "limit: queue",
                Component::Network => "limit: network",
                Component::Latency => "limit: p99 latency",
            },
        }
    }

    /// A sentence-like description: "First read replica at 12,345 users".
    pub fn describe(&self) -> String {
        let what = match self.kind {
            MarkKind::Milestone(m) => m.label().to_string(),
            MarkKind::Bottleneck(c) => format!("{} becomes the bottleneck", c.label()),
        };
        let n = if self.users.abs() < 1e15 {
            format::num(self.users)
        } else {
            users_label(self.users)
        };
        format!("{what} at {n} users")
    }

    /// A key for CSV and tests: `cache`, `bottleneck:db_reads`.
    pub fn key(&self) -> String {
        match self.kind {
            MarkKind::Milestone(m) => m.key().to_string(),
            MarkKind::Bottleneck(c) => format!("bottleneck:{}", c.key()),
        }
    }
}

/// One metric's values, one per sweep point.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesData {
    /// Which metric.
    pub metric: Metric,
    /// Its value at each of [`Sweep::users`], finite and never negative.
    pub values: Vec<f64>,
}

/// The model evaluated over a range of user counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    users: Vec<f64>,
    series: Vec<SeriesData>,
    stages: Vec<f64>,
    marks: Vec<Mark>,
    scenario: Option<Scenario>,
}

impl Sweep {
    /// Builds a sweep from raw data (tests, tools, imported series): user counts, and for some
    /// metrics one value per user count. It cleans what it is given: points whose user count is
    /// not finite and positive are dropped, points are sorted by users and repeated user counts
    /// kept once, values that are missing, not finite or below zero become 0, and stages and
    /// marks outside the range are dropped. Readouts of such a sweep come from its points.
    pub fn from_data(
        users: &[f64],
        series: &[(Metric, Vec<f64>)],
        stages: &[f64],
        marks: &[Mark],
    ) -> Sweep {
        let mut rows: Vec<(f64, [f64; Metric::COUNT])> = users
            .iter()
            .enumerate()
            .filter(|(_, u)| u.is_finite() && **u > 0.0)
            .map(|(i, &u)| {
                let mut row = [0.0; Metric::COUNT];
                for (m, vals) in series {
                    row[m.index()] = clean(vals.get(i).copied().unwrap_or(0.0));
                }
                (u, row)
            })
            .collect();
        crate::core::sort::by(&mut rows, |a, b| a.0.total_cmp(&b.0).is_lt());
        rows.dedup_by(|a, b| a.0 == b.0);
        let users: Vec<f64> = rows.iter().map(|p| p.0).collect();
        let series = Metric::ALL
            .iter()
            .map(|&m| SeriesData {
                metric: m,
                values: rows.iter().map(|p| p.1[m.index()]).collect(),
            })
            .collect();
        let (lo, hi) = (
            users.first().copied().unwrap_or(1.0),
            users.last().copied().unwrap_or(1.0),
        );
        let inside = |u: f64| u.is_finite() && u >= lo && u <= hi && !users.is_empty();
        let mut stages: Vec<f64> = stages.iter().copied().filter(|u| inside(*u)).collect();
        sort_dedup(&mut stages);
        let mut marks: Vec<Mark> = marks.iter().filter(|m| inside(m.users)).cloned().collect();
        crate::core::sort::by(&mut marks, |a, b| a.users.total_cmp(&b.users).is_lt());
        Sweep {
            users,
            series,
            stages,
            marks,
            scenario: None,
        }
    }

    /// The user counts, ascending, whole numbers (for a sweep of a scenario).
    pub fn users(&self) -> &[f64] {
        &self.users
    }

    /// The smallest and largest user count (1, 1 when empty).
    pub fn range(&self) -> (f64, f64) {
        (
            self.users.first().copied().unwrap_or(1.0),
            self.users.last().copied().unwrap_or(1.0),
        )
    }

    /// Every metric's series, in [`Metric::ALL`] order.
    pub fn all_series(&self) -> &[SeriesData] {
        &self.series
    }

    /// One metric's values, one per point of [`Sweep::users`].
    pub fn values(&self, metric: Metric) -> &[f64] {
        &self.series[metric.index()].values
    }

    /// The scenario's stage user counts inside the range, ascending.
    pub fn stages(&self) -> &[f64] {
        &self.stages
    }

    /// The breakpoints inside the range, by user count.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// The index of the last point at or below `users` (0 below the range).
    pub fn index_at(&self, users: f64) -> usize {
        self.users
            .partition_point(|&u| u <= users)
            .saturating_sub(1)
    }
}

/// A finite, non-negative version of `v`.
fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// Sweeps `s` over log-spaced user counts from min(10, its smallest stage) to max(1e9, its
/// largest stage): at least `points` points (clamped to [`MIN_POINTS`]..=[`MAX_POINTS`]),
/// whole numbers, plus every power of ten, every stage and both sides of every breakpoint.
/// Every metric, latency and availability included.
pub fn sweep(s: &Scenario, points: usize) -> Sweep {
    sweep_with(s, points, &Context::new(s).breakpoints(), true)
}

/// [`sweep`], reusing breakpoints already computed for `s` (a [`Report`](super::model::Report)'s),
/// which saves the model's own breakpoint search (about 40% of a sweep). With `full` false the
/// metrics that need a full stage ([`Metric::full`]: p99, downtime) are left out (their
/// series are empty): the latency phase at every point tripled the sweep (1.2 to 3.6 ms
/// natively), which the page pays only while it shows one of them.
pub fn sweep_with(s: &Scenario, points: usize, breakpoints: &[Breakpoint], full: bool) -> Sweep {
    let ctx = Context::new(s);
    let (lo, hi) = user_range(&s.users);
    let stages = stages_within(&s.users, lo, hi);
    let grid = first_grid(lo, hi, points, &stages, breakpoints);
    let mut computed: Vec<(f64, Stage)> =
        grid.iter().map(|&u| (u, ctx.capacity_stage(u))).collect();
    let marks = refine_marks(&ctx, &mut computed);
    let users: Vec<f64> = computed.iter().map(|p| p.0).collect();
    // Latency and availability at the evaluated points only (the marks' bisection needs the
    // capacity phases alone), and only when asked for.
    let full_stages: Vec<Stage> = if full {
        users
            .iter()
            .map(|&u| ctx.stage_at(u, false, Depth::Full))
            .collect()
    } else {
        Vec::new()
    };
    let series = Metric::ALL
        .iter()
        .map(|&m| SeriesData {
            metric: m,
            values: if m.full() {
                full_stages.iter().map(|f| clean(m.of(f))).collect()
            } else {
                computed.iter().map(|p| clean(m.of(&p.1))).collect()
            },
        })
        .collect();
    Sweep {
        users,
        series,
        stages,
        marks,
        scenario: Some(s.clone()),
    }
}

/// The swept range of user counts: from min(10, the smallest stage) to max(1e9, the largest),
/// whole numbers within 1 to 10¹⁵; counts that are not finite are ignored.
fn user_range(stages: &[f64]) -> (f64, f64) {
    let finite = || stages.iter().copied().filter(|u| u.is_finite());
    let first = finite().fold(f64::INFINITY, f64::min);
    let last = finite().fold(0.0, f64::max);
    let lo = first.min(MIN_RANGE.0).max(1.0).round();
    let hi = last.max(MIN_RANGE.1).min(1e15).round();
    (lo, hi)
}

/// The stages' user counts within `lo..=hi`, ascending, each once.
fn stages_within(stages: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let mut within: Vec<f64> = stages
        .iter()
        .copied()
        .filter(|u| *u >= lo && *u <= hi)
        .collect();
    crate::core::sort::f64s(&mut within);
    within.dedup();
    within
}

/// The user counts evaluated first, ascending and each once: `points` log-spaced ones (clamped
/// to [`MIN_POINTS`]..=[`MAX_POINTS`]), every power of ten, every stage, and both sides of each
/// of the model's breakpoints. The model's search is coarser than the sweep; its answers join
/// the grid so the sweep never sees a milestone later than the model does.
fn first_grid(
    lo: f64,
    hi: f64,
    points: usize,
    stages: &[f64],
    breakpoints: &[Breakpoint],
) -> Vec<f64> {
    let mut grid = log_grid(lo, hi, points.clamp(MIN_POINTS, MAX_POINTS));
    let mut decade = 10f64.powi(lo.det_log10().ceil() as i32);
    while decade <= hi {
        grid.push(decade);
        decade *= 10.0;
    }
    grid.extend(stages);
    for b in breakpoints {
        if let Some(u) = b.users.filter(|u| *u > lo && *u <= hi) {
            grid.push(u - 1.0);
            grid.push(u);
        }
    }
    sort_dedup(&mut grid);
    grid
}

/// Each milestone where it first holds, and each component where it first becomes the
/// bottleneck (the one at the start excepted), refined to the exact whole user count, in order
/// of user count. The points on both sides of each join `computed` (kept in order), which can
/// reveal an earlier first, so this repeats until nothing moves (a few rounds at most).
fn refine_marks(ctx: &Context, computed: &mut Vec<(f64, Stage)>) -> Vec<Mark> {
    let mut marks = Vec::new();
    for _round in 0..8 {
        marks = first_marks(ctx, computed);
        let mut extra: Vec<f64> = marks
            .iter()
            .flat_map(|m| [m.users - 1.0, m.users])
            .collect();
        extra.retain(|u| computed.binary_search_by(|p| p.0.total_cmp(u)).is_err());
        sort_dedup(&mut extra);
        if extra.is_empty() {
            break;
        }
        computed.extend(extra.iter().map(|&u| (u, ctx.capacity_stage(u))));
        crate::core::sort::by(computed, |a, b| a.0.total_cmp(&b.0).is_lt());
    }
    crate::core::sort::by(&mut marks, |a, b| {
        a.users
            .total_cmp(&b.users)
            .then_with(|| kind_order(a).cmp(&kind_order(b)))
            .is_lt()
    });
    marks
}

/// The marks the evaluated points show: each milestone's and each new bottleneck's first point,
/// bisected against the point before it.
fn first_marks(ctx: &Context, computed: &[(f64, Stage)]) -> Vec<Mark> {
    let first = |holds: &dyn Fn(&Stage) -> bool| -> Option<f64> {
        let i = computed.iter().position(|p| holds(&p.1))?;
        (i > 0).then(|| {
            bisect(computed[i - 1].0, computed[i].0, |u| {
                holds(&ctx.capacity_stage(u))
            })
        })
    };
    let mut marks = Vec::new();
    for m in Milestone::ALL {
        if let Some(u) = first(&|st| m.holds(st)) {
            marks.push(Mark {
                users: u,
                kind: MarkKind::Milestone(m),
            });
        }
    }
    let start = computed.first().map(|p| p.1.bottleneck.component);
    for c in COMPONENTS {
        if Some(c) != start {
            if let Some(u) = first(&|st| st.bottleneck.component == c) {
                marks.push(Mark {
                    users: u,
                    kind: MarkKind::Bottleneck(c),
                });
            }
        }
    }
    marks
}

/// Every component, for the bottleneck scan.
const COMPONENTS: [Component; 10] = [
    Component::ServiceRequests,
    Component::ServiceConnections,
    Component::Gateway,
    Component::LoadBalancer,
    Component::DbWrites,
    Component::DbReads,
    Component::DbStorage,
    Component::Cache,
    Component::Queue,
    Component::Network,
];

fn kind_order(m: &Mark) -> (u8, usize) {
    match m.kind {
        MarkKind::Milestone(x) => (0, Milestone::ALL.iter().position(|y| *y == x).unwrap_or(0)),
        MarkKind::Bottleneck(c) => (1, c as usize),
    }
}

fn sort_dedup(v: &mut Vec<f64>) {
    crate::core::sort::f64s(v);
    v.dedup();
}

/// At least `n` whole numbers from `lo` to `hi` (both included), log-spaced.
fn log_grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if hi <= lo {
        return vec![lo];
    }
    let (a, b) = (lo.det_ln(), hi.det_ln());
    let mut k = n;
    loop {
        let mut g: Vec<f64> = (0..k)
            .map(|i| {
                (a + (b - a) * i as f64 / (k - 1) as f64)
                    .det_exp()
                    .round()
                    .clamp(lo, hi)
            })
            .collect();
        g[0] = lo;
        g[k - 1] = hi;
        sort_dedup(&mut g);
        // Rounding to whole numbers merges points at the low end; ask for more until `n` remain
        // (or every whole number in range is there).
        if g.len() >= n || g.len() as f64 > hi - lo || k >= 4 * n {
            return g;
        }
        k += n - g.len();
    }
}

/// The smallest whole `u` in `(lo, hi]` such that `holds(u)` and not `holds(u − 1)`, given
/// `holds(hi)` and not `holds(lo)` (both whole numbers).
fn bisect(mut lo: f64, mut hi: f64, holds: impl Fn(f64) -> bool) -> f64 {
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0).floor();
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The values at one user count, for the readout.
#[derive(Debug, Clone, PartialEq)]
pub struct Readout {
    /// The user count (a whole number inside the sweep's range).
    pub users: f64,
    /// Each asked-for metric's value there.
    pub values: Vec<(Metric, f64)>,
    /// The component closest to its capacity there (for a sweep of a scenario).
    pub bottleneck: Option<Component>,
}

impl Readout {
    /// One line for a live region: "1.2M users: Service instances 240; Monthly cost $1,234".
    pub fn sentence(&self) -> String {
        let parts: Vec<String> = self
            .values
            .iter()
            .map(|(m, v)| format!("{} {}", m.label(), m.format(*v)))
            .collect();
        let mut s = format!("{} users: {}", users_label(self.users), parts.join("; "));
        if let Some(c) = self.bottleneck {
            s.push_str(&format!("; bottleneck: {}", c.label()));
        }
        s
    }
}

/// The user count a readout shows for `users`: rounded to a whole number and kept in range.
pub fn snap(sweep: &Sweep, users: f64) -> f64 {
    let (lo, hi) = sweep.range();
    if !users.is_finite() {
        return lo;
    }
    let u = if sweep.scenario.is_some() {
        users.round()
    } else {
        users
    };
    u.clamp(lo, hi)
}

/// The metrics' values at `users` (snapped with [`snap`]): the model's own figures for a sweep
/// of a scenario, the nearest point at or below for a sweep built from data.
pub fn readout(sweep: &Sweep, metrics: &[Metric], users: f64) -> Readout {
    let u = snap(sweep, users);
    if let Some(s) = &sweep.scenario {
        let ctx = Context::new(s);
        let st = if metrics.iter().any(|m| m.full()) {
            ctx.stage_at(u, false, Depth::Full)
        } else {
            ctx.capacity_stage(u)
        };
        return Readout {
            users: u,
            values: metrics.iter().map(|&m| (m, clean(m.of(&st)))).collect(),
            bottleneck: Some(st.bottleneck.component),
        };
    }
    let i = sweep.index_at(u);
    Readout {
        users: u,
        values: metrics
            .iter()
            .map(|&m| (m, sweep.values(m).get(i).copied().unwrap_or(0.0)))
            .collect(),
        bottleneck: None,
    }
}

/// One metric's value at `users` (see [`readout`]).
pub fn value_at(sweep: &Sweep, metric: Metric, users: f64) -> f64 {
    readout(sweep, &[metric], users).values[0].1
}

/// The sweep as CSV: a header `users,<metric keys>,note`, one row per point; numbers in plain
/// decimal (scientific notation beyond 1e15), the note naming stages and breakpoints there.
pub fn to_csv(sweep: &Sweep, metrics: &[Metric]) -> String {
    let mut out = String::from("users");
    for m in metrics {
        out.push(',');
        out.push_str(m.key());
    }
    out.push_str(",note\n");
    for (i, &u) in sweep.users.iter().enumerate() {
        out.push_str(&csv_number(u));
        for &m in metrics {
            out.push(',');
            // A metric the sweep left out (see [`sweep_with`]) writes an empty cell.
            if let Some(&v) = sweep.values(m).get(i) {
                out.push_str(&csv_number(v));
            }
        }
        out.push(',');
        out.push_str(&csv_field(&notes_at(sweep, u).join("; ")));
        out.push('\n');
    }
    out
}

/// What happens at exactly `users`: "stage", then each breakpoint's short label.
fn notes_at(sweep: &Sweep, users: f64) -> Vec<String> {
    let mut notes = Vec::new();
    if sweep.stages.contains(&users) {
        notes.push("stage".to_string());
    }
    notes.extend(
        sweep
            .marks
            .iter()
            .filter(|m| m.users == users)
            .map(|m| m.short().to_string()),
    );
    notes
}

fn csv_number(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        String::new()
    } else if a == 0.0 || (1e-6..1e15).contains(&a) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A table for screen readers (and the page's "show as table"): headings, then one row per
/// power of ten, stage and breakpoint, formatted for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column headings: "Users", "What happens", then each metric's heading.
    pub headers: Vec<String>,
    /// Rows of cells, as many as headings.
    pub rows: Vec<Vec<String>>,
}

/// The readout table for `metrics`: rows at every power of ten, stage and breakpoint in range.
pub fn readout_table(sweep: &Sweep, metrics: &[Metric]) -> Table {
    let mut headers = vec!["Users".to_string(), "What happens".to_string()];
    headers.extend(metrics.iter().map(|m| m.heading()));
    let mut at: Vec<f64> = sweep.stages.clone();
    at.extend(sweep.marks.iter().map(|m| m.users));
    let (lo, hi) = sweep.range();
    if lo > 0.0 && hi.is_finite() {
        let mut d = 10f64.powi(lo.det_log10().ceil().clamp(-320.0, 310.0) as i32);
        let mut guard = 0;
        while d <= hi && guard < 700 {
            at.push(d);
            d *= 10.0;
            guard += 1;
        }
    }
    at.retain(|u| sweep.users.binary_search_by(|p| p.total_cmp(u)).is_ok());
    sort_dedup(&mut at);
    let rows = at
        .iter()
        .map(|&u| {
            let i = sweep.index_at(u);
            let mut notes = Vec::new();
            if sweep.stages.contains(&u) {
                notes.push("Stage".to_string());
            }
            notes.extend(
                sweep
                    .marks
                    .iter()
                    .filter(|m| m.users == u)
                    .map(|m| match m.kind {
                        MarkKind::Milestone(x) => x.label().to_string(),
                        MarkKind::Bottleneck(c) => format!("{} becomes the bottleneck", c.label()),
                    }),
            );
            let mut row = vec![users_label(u), notes.join("; ")];
            row.extend(metrics.iter().map(|&m| {
                sweep
                    .values(m)
                    .get(i)
                    .map_or_else(|| format::NOT_A_NUMBER.to_string(), |&v| m.format(v))
            }));
            row
        })
        .collect();
    Table { headers, rows }
}

/// A few sentences describing the sweep (plain text; the chart escapes it for its `<desc>`).
pub fn describe(sweep: &Sweep, metrics: &[Metric]) -> String {
    let (lo, hi) = sweep.range();
    let names: Vec<&str> = metrics.iter().map(|m| m.label()).collect();
    let mut s = format!(
        "Growth curves from {} to {} users on logarithmic axes: {}.",
        users_label(lo),
        users_label(hi),
        names.join(", ")
    );
    if !sweep.marks.is_empty() {
        let marks: Vec<String> = sweep.marks.iter().map(Mark::describe).collect();
        s.push_str(&format!(" Breakpoints: {}.", marks.join("; ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards the swept range: at least 10 to 1e9, widened to the stages, whole numbers within
    // 1 to 10¹⁵, counts that are not finite ignored.
    #[test]
    fn user_range_covers_the_stages() {
        assert_eq!(user_range(&[]), (10.0, 1e9));
        assert_eq!(user_range(&[100.0, 1e6]), (10.0, 1e9));
        assert_eq!(user_range(&[5.4, 2e9 + 0.6]), (5.0, 2e9 + 1.0));
        let wild = [0.2, f64::INFINITY, 1e16, f64::NAN];
        assert_eq!(user_range(&wild), (1.0, 1e15));
        assert_eq!(
            stages_within(&[1e6, 5.0, 1e6, 2e9, 100.0], 10.0, 1e9),
            [100.0, 1e6]
        );
    }

    // Guards the first grid: ascending, each count once, at least the points asked for, with
    // every power of ten, every stage and both sides of each breakpoint past the range's start.
    #[test]
    fn first_grid_holds_decades_stages_and_breakpoint_sides() {
        let at = |users| Breakpoint {
            milestone: Milestone::ALL[0],
            users,
            spans: Vec::new(),
        };
        let stages = [123.0, 4567.0];
        let grid = first_grid(
            10.0,
            1e9,
            10,
            &stages,
            &[at(Some(5000.0)), at(Some(10.0)), at(None)],
        );
        assert!(grid.len() >= MIN_POINTS, "{}", grid.len());
        assert!(grid.windows(2).all(|w| w[0] < w[1]));
        assert_eq!((grid[0], grid[grid.len() - 1]), (10.0, 1e9));
        let decades = (1..=9).map(|k| 10f64.powi(k));
        for u in decades.chain([123.0, 4567.0, 4999.0, 5000.0]) {
            assert!(grid.binary_search_by(|g| g.total_cmp(&u)).is_ok(), "{u}");
        }
        assert!(!grid.contains(&9.0));
    }
}
