//! Each figure's band over the samples, per stage, and how often each component is the first
//! bottleneck.
//!
//! A band is the 10th, 50th and 90th percentiles of a figure over the samples (linear
//! interpolation between the two nearest sorted values, as spreadsheets' `PERCENTILE` does),
//! beside the figure at the point values (each range's most likely value or midpoint): what
//! the table shows without ranges.
//!
//! The work is split so a page can spread it over several frames: [`Collector::add`] runs a
//! few samples at a time, [`Collector::bands`] reads what is collected so far.

use crate::core::detmath::DetMath;
use crate::core::format;
use crate::core::model::{Context, Depth, Stage};
use crate::core::params::Scenario;
use crate::core::sweep::Metric;

use super::sample::Design;

/// The figures that get a band, in the table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// One of the growth chart's metrics.
    Metric(Metric),
    /// Client p99 latency, ms (no value where latency has no bound).
    P99,
}

impl Figure {
    /// Every figure with a band, in the table's order: the chart's metrics, then p99 latency.
    pub const ALL: [Figure; 9] = [
        Figure::Metric(Metric::PeakRps),
        Figure::Metric(Metric::ServiceInstances),
        Figure::Metric(Metric::DbNodes),
        Figure::Metric(Metric::CacheNodes),
        Figure::Metric(Metric::Egress),
        Figure::Metric(Metric::Stored),
        Figure::Metric(Metric::MonthlyCost),
        Figure::Metric(Metric::CostPerUser),
        Figure::P99,
    ];

    /// Its key, as in JSON (`monthly_cost`, `latency_p99_ms`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Figure::Metric(m) => m.key(),
            Figure::P99 => "latency_p99_ms",
        }
    }

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            Figure::Metric(m) => m.label(),
            Figure::P99 => "p99 latency",
        }
    }

    /// Its value at a stage.
    pub fn of(self, st: &Stage) -> Option<f64> {
        match self {
            Figure::Metric(m) => Some(m.of(st)),
            Figure::P99 => st.latency.as_ref()?.p99_ms(),
        }
    }

    /// A value for people: `$1,234`, `120 ms`.
    pub fn format(self, v: f64) -> String {
        match self {
            Figure::Metric(m) => m.format(v),
            Figure::P99 => format!("{} ms", format::num(v)),
        }
    }
}

/// A figure's band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The figure at the point values.
    pub point: Option<f64>,
    /// 10th percentile over the samples with a value.
    pub p10: f64,
    /// Median over the samples with a value.
    pub p50: f64,
    /// 90th percentile over the samples with a value.
    pub p90: f64,
    /// Samples with a value (all of them, except p99 where latency had no bound).
    pub n: usize,
}

/// One component's share of the samples in which it is the first bottleneck.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// Its key (`db_reads`, ...).
    pub key: &'static str,
    /// What people call it.
    pub label: &'static str,
    /// Samples ÷ all samples.
    pub share: f64,
}

/// One stage's bands.
#[derive(Debug, Clone, PartialEq)]
pub struct StageBands {
    /// Users.
    pub users: f64,
    /// Each of [`Figure::ALL`], with its band (`None` when no sample has a value).
    pub figures: Vec<(Figure, Option<Band>)>,
    /// The first bottleneck by share of samples, most frequent first.
    pub bottlenecks: Vec<Share>,
}

/// Every stage's bands.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    /// Samples drawn.
    pub samples: usize,
    /// One per stage.
    pub stages: Vec<StageBands>,
}

/// The p-th percentile (0..=1) of sorted `v`, interpolating linearly between neighbours.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let x = p.clamp(0.0, 1.0) * last as f64;
    let i = x.floor() as usize;
    let f = x - i as f64;
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + (next - sorted[i]) * f,
        None => sorted[i],
    }
}

/// The growth curves' bands: each metric at each of `users`.
#[derive(Debug, Clone, PartialEq)]
pub struct Curves {
    /// Samples drawn.
    pub samples: usize,
    /// The user counts, ascending.
    pub users: Vec<f64>,
    /// Each metric's band at each user count.
    pub metrics: Vec<(Metric, Vec<Band>)>,
}

/// Points along each growth curve's band.
pub const CURVE_POINTS: usize = 25;

/// What one sample gave at one stage.
#[derive(Debug, Clone)]
struct Seen {
    values: Vec<Option<f64>>,
    bottleneck: (&'static str, &'static str),
}

/// What one sample gave: at each stage, and each metric along the curve.
#[derive(Debug, Clone)]
struct Sampled {
    stages: Vec<Seen>,
    curve: Vec<[f64; Metric::COUNT]>,
}

/// The samples' figures, collected a few at a time.
pub struct Collector {
    base: Scenario,
    design: Design,
    point: Vec<Vec<Option<f64>>>,
    curve_users: Vec<f64>,
    point_curve: Vec<[f64; Metric::COUNT]>,
    seen: Vec<Sampled>,
}

/// [`CURVE_POINTS`] user counts evenly spaced on a log scale from the first stage to the last
/// (a decade either side of a single stage).
pub fn curve_users(users: &[f64]) -> Vec<f64> {
    let (a, b) = match (users.first(), users.last()) {
        (Some(&a), Some(&b)) if b > a => (a, b),
        (Some(&a), _) => (a / 10.0, a * 10.0),
        _ => return Vec::new(),
    };
    let (la, lb) = (a.det_log10(), b.det_log10());
    (0..CURVE_POINTS)
        .map(|i| {
            let t = i as f64 / (CURVE_POINTS - 1) as f64;
            match i {
                0 => a,
                _ if i == CURVE_POINTS - 1 => b,
                _ => 10f64.det_powf(la + (lb - la) * t).round(),
            }
        })
        .collect()
}

/// Every metric at each of `users` (the growth chart's own figures): with `full` the latency
/// and availability phases too, else the capacity stage, whose p99 and downtime are 0. The
/// point values' curve is full; the samples' are not (latency at every point of every sample
/// took the 200 samples from 19 to 82 ms natively), so p99 and downtime curves show the point
/// values without a band ([`Collector::curves`]); the bands table has p99's band per stage.
fn curve(s: &Scenario, users: &[f64], full: bool) -> Vec<[f64; Metric::COUNT]> {
    let ctx = Context::new(s);
    users
        .iter()
        .map(|&u| {
            let st = if full {
                ctx.stage_at(u, false, Depth::Full)
            } else {
                ctx.capacity_stage(u)
            };
            Metric::ALL.map(|m| m.of(&st))
        })
        .collect()
}

impl Collector {
    /// Ready to run `n` samples of the ranges of `s`.
    pub fn new(s: &Scenario, n: usize) -> Collector {
        let point = stages(s).iter().map(values).collect();
        let curve_users = curve_users(&s.users);
        Collector {
            base: s.clone(),
            design: Design::new(s, n),
            point,
            point_curve: curve(s, &curve_users, true),
            curve_users,
            seen: Vec::new(),
        }
    }

    /// The growth curves' bands of the samples run so far.
    pub fn curves(&self) -> Curves {
        let metrics = Metric::ALL
            .iter()
            .map(|&m| {
                let i = m.index();
                let bands = (0..self.curve_users.len())
                    .map(|k| {
                        let point = self.point_curve[k][i];
                        if m.full() {
                            return flat(point);
                        }
                        let mut v: Vec<f64> = self.seen.iter().map(|s| s.curve[k][i]).collect();
                        band(Some(point), &mut v).unwrap_or_else(|| flat(point))
                    })
                    .collect();
                (m, bands)
            })
            .collect();
        Curves {
            samples: self.seen.len(),
            users: self.curve_users.clone(),
            metrics,
        }
    }

    /// Whether every sample has run.
    pub fn done(&self) -> bool {
        self.seen.len() >= self.design.len()
    }

    /// Samples run so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.seen.len(), self.design.len())
    }

    /// Runs up to `k` more samples. Without ranges every sample is the point values, so their
    /// figures are copied rather than computed again.
    pub fn add(&mut self, k: usize) {
        let end = (self.seen.len() + k).min(self.design.len());
        if self.design.inputs.is_empty() && !self.seen.is_empty() {
            let first = self.seen[0].clone();
            self.seen.resize(end.max(self.seen.len()), first);
            return;
        }
        for i in self.seen.len()..end {
            let s = self.design.scenario(&self.base, i);
            let stages = stages(&s)
                .iter()
                .map(|st| Seen {
                    values: values(st),
                    bottleneck: (
                        st.bottleneck.component.key(),
                        st.bottleneck.component.label(),
                    ),
                })
                .collect();
            let curve = curve(&s, &self.curve_users, false);
            self.seen.push(Sampled { stages, curve });
        }
    }

    /// The bands of the samples run so far.
    pub fn bands(&self) -> Bands {
        let stages = self
            .base
            .users
            .iter()
            .enumerate()
            .map(|(k, &users)| self.stage(k, users))
            .collect();
        Bands {
            samples: self.seen.len(),
            stages,
        }
    }

    fn stage(&self, k: usize, users: f64) -> StageBands {
        let figures = Figure::ALL
            .into_iter()
            .enumerate()
            .map(|(f, fig)| {
                let mut v: Vec<f64> = self
                    .seen
                    .iter()
                    .filter_map(|s| s.stages[k].values[f])
                    .collect();
                (fig, band(self.point[k][f], &mut v))
            })
            .collect();
        let mut bottlenecks: Vec<Share> = Vec::new();
        for s in &self.seen {
            let (key, label) = s.stages[k].bottleneck;
            match bottlenecks.iter_mut().find(|b| b.key == key) {
                Some(b) => b.share += 1.0,
                None => bottlenecks.push(Share {
                    key,
                    label,
                    share: 1.0,
                }),
            }
        }
        let n = self.seen.len().max(1) as f64;
        for b in &mut bottlenecks {
            b.share /= n;
        }
        bottlenecks.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.key.cmp(b.key)));
        StageBands {
            users,
            figures,
            bottlenecks,
        }
    }
}

/// The band of values `v` (sorted here) beside `point`; `None` without values.
fn band(point: Option<f64>, v: &mut [f64]) -> Option<Band> {
    v.sort_by(f64::total_cmp);
    (!v.is_empty()).then(|| Band {
        point,
        p10: percentile(v, 0.1),
        p50: percentile(v, 0.5),
        p90: percentile(v, 0.9),
        n: v.len(),
    })
}

/// A band of one value (before any sample has run).
fn flat(v: f64) -> Band {
    Band {
        point: Some(v),
        p10: v,
        p50: v,
        p90: v,
        n: 0,
    }
}

/// Every stage of `s` (no derivations: a band explains itself by how it was made).
fn stages(s: &Scenario) -> Vec<Stage> {
    let ctx = Context::new(s);
    s.users
        .iter()
        .map(|&u| ctx.stage_at(u, false, Depth::Full))
        .collect()
}

fn values(st: &Stage) -> Vec<Option<f64>> {
    Figure::ALL.into_iter().map(|f| f.of(st)).collect()
}

/// The bands of `n` samples of the ranges of `s`, all at once (the CLI's way).
pub fn bands(s: &Scenario, n: usize) -> Bands {
    let mut c = Collector::new(s, n);
    c.add(n);
    c.bands()
}
