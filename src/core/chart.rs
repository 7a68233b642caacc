//! The growth-curve chart: one small panel per metric (small multiples), all on logarithmic
//! axes sharing the user axis, drawn with plotters' SVG backend.
//!
//! Plotters draws the lines and dots; it never draws or measures text (on wasm32 its text
//! measurement goes through the DOM, which is slow and differs from native). All text (ticks,
//! titles, stage and breakpoint labels) is placed here with a fixed width estimate and written
//! as SVG `<text>` through [`escape::xml`], so the output is the same natively and in the
//! browser, and the tests see exactly what the page shows.
//!
//! Colours: every element carries a class, and an embedded `<style>` (scoped to the chart's id)
//! maps classes to CSS custom properties (`--sm-chart-fg`, ... see [`CSS_VARIABLES`]) with the
//! light or dark palette as fallback. On the page the chart follows the page's properties; a
//! downloaded file renders standalone with the fallbacks.

use crate::core::detmath::DetMath;

use std::fmt::Write as _;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::escape;
use super::sweep::{self, Mark, MarkKind, Metric, Sweep};

/// What the chart draws and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Width in CSS pixels (clamped to 200..=8000).
    pub width: u32,
    /// Height in CSS pixels (clamped to 150..=8000); see [`suggested_height`].
    pub height: u32,
    /// The metrics, one panel each, in this order; empty means [`Metric::DEFAULTS`].
    pub metrics: Vec<Metric>,
    /// Prefix for the chart's element ids and CSS scope, unique in the page (only ASCII
    /// letters, digits, `-` and `_` are kept).
    pub id_prefix: String,
    /// Use the dark palette as the fallback colours (for a download made in dark mode).
    pub dark: bool,
    /// Paint an opaque background (downloads and PNG); the page leaves it transparent.
    pub background: bool,
    /// A user count to point at: a cursor line with each panel's value there (the readout).
    pub cursor: Option<f64>,
    /// The chart's accessible name (`<title>`).
    pub title: String,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width: 900,
            height: 560,
            metrics: Metric::DEFAULTS.to_vec(),
            id_prefix: "sm-growth-".to_string(),
            dark: false,
            background: false,
            cursor: None,
            title: "Growth curves".to_string(),
        }
    }
}

/// The CSS custom properties the chart reads: `(name, light fallback, dark fallback)`.
/// Series colours are `--sm-chart-series-<metric key>`.
pub const CSS_VARIABLES: [(&str, &str, &str); 22] = [
    ("--sm-chart-bg", "#ffffff", "#0d1117"),
    ("--sm-chart-fg", "#1f2328", "#e6edf3"),
    ("--sm-chart-muted", "#59636e", "#9198a1"),
    ("--sm-chart-grid", "#e4e8ec", "#262c34"),
    ("--sm-chart-axis", "#8c959f", "#656c76"),
    ("--sm-chart-stage", "#6e7781", "#8b949e"),
    ("--sm-chart-mark", "#1f2328", "#e6edf3"),
    ("--sm-chart-neck", "#6e7781", "#9198a1"),
    ("--sm-chart-cursor", "#d1242f", "#ff7b72"),
    ("--sm-chart-series-peak_rps", "#0969da", "#4493f8"),
    ("--sm-chart-series-service_instances", "#1a7f37", "#3fb950"),
    ("--sm-chart-series-db_nodes", "#8250df", "#ab7df8"),
    ("--sm-chart-series-cache_nodes", "#bf3989", "#db61a2"),
    ("--sm-chart-series-peak_egress", "#1b7c83", "#39c5cf"),
    ("--sm-chart-series-stored", "#9a6700", "#d29922"),
    ("--sm-chart-series-monthly_cost", "#cf222e", "#f85149"),
    ("--sm-chart-series-cost_per_user", "#bc4c00", "#f0883e"),
    ("--sm-chart-series-latency_p99_ms", "#6639ba", "#d2a8ff"),
    (
        "--sm-chart-series-downtime_s_per_month",
        "#57606a",
        "#b1bac4",
    ),
    ("--sm-chart-series-p99", "#6639ba", "#d2a8ff"),
    ("--sm-chart-event", "#fff1c2", "#3b2e05"),
    (
        "--sm-chart-font",
        "system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif",
        "system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif",
    ),
];

// Layout, in CSS pixels.
pub(crate) const PAD: f64 = 8.0;
pub(crate) const TICK_FONT: f64 = 11.0;
const TITLE_FONT: f64 = 12.0;
/// Average advance of a character in em; generous for system sans-serif fonts, so estimates
/// err on the wide side and labels do not collide.
const CHAR_EM: f64 = 0.6;
pub(crate) const LANE_H: f64 = 14.0;
pub(crate) const TITLE_H: f64 = 17.0;
const GAP_X: f64 = 28.0;
pub(crate) const GAP_Y: f64 = 14.0;
pub(crate) const XTICKS_H: f64 = 16.0;
pub(crate) const XTITLE_H: f64 = 16.0;
const ZERO_LANE: f64 = 14.0;
const MIN_PLOT_H: f64 = 36.0;

/// `v` kept in `[lo, hi]`; `lo` when the bounds are crossed or anything is NaN (never panics,
/// unlike `f64::clamp`).
pub(crate) fn fit(v: f64, lo: f64, hi: f64) -> f64 {
    if v.is_nan() || lo.is_nan() || hi.is_nan() || hi < lo {
        return if lo.is_finite() { lo } else { 0.0 };
    }
    v.clamp(lo, hi)
}

/// Where `users` falls along a log user axis spanning `log_users` (log₁₀ of both ends): 0 at
/// the left end, 1 at the right, clamped; the left end for a count that has no logarithm.
fn axis_share(log_users: (f64, f64), users: f64) -> f64 {
    let (a, b) = log_users;
    let lu = if users > 0.0 && users.is_finite() {
        users.det_log10()
    } else {
        a
    };
    if b > a {
        fit((lu - a) / (b - a), 0.0, 1.0)
    } else {
        0.5
    }
}

/// The estimated width of `text` at `font` pixels.
pub(crate) fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * font * CHAR_EM
}

/// A height that gives each panel room at `width` (about 150 px of plot per row on a wide
/// screen, 130 on a phone), for `panels` panels and the usual label bands.
pub fn suggested_height(width: u32, panels: usize) -> u32 {
    let panels = panels.max(1);
    let cols = columns(f64::from(width.clamp(200, 8000)), panels);
    let rows = panels.div_ceil(cols) as f64;
    let per_row = if cols == 1 { 130.0 } else { 150.0 };
    let h = PAD * 2.0
        + 3.0 * LANE_H
        + rows * (TITLE_H + per_row)
        + (rows - 1.0) * GAP_Y
        + XTICKS_H
        + XTITLE_H;
    h.round() as u32
}

fn columns(width: f64, panels: usize) -> usize {
    let c = if width >= 1200.0 && panels >= 5 {
        3
    } else if width >= 600.0 {
        2
    } else {
        1
    };
    c.min(panels).max(1)
}

/// Where one panel's plot area is, in chart pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelBox {
    /// The panel's metric.
    pub metric: Metric,
    /// Left edge of the plot area (the smallest user count).
    pub left: f64,
    /// Right edge of the plot area (the largest user count).
    pub right: f64,
    /// Top edge of the plot area.
    pub top: f64,
    /// Bottom edge of the plot area.
    pub bottom: f64,
}

/// The chart's geometry, for turning a pointer position into a user count.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    /// Chart width and height after clamping.
    pub size: (f64, f64),
    /// The panels, in the order of the options' metrics.
    pub panels: Vec<PanelBox>,
    /// log₁₀ of the smallest and largest user count on the axis.
    pub log_users: (f64, f64),
}

impl Geometry {
    /// The user count under chart pixel `(x, y)` when it falls on a panel (its plot area, its
    /// title, or a few pixels around). Not rounded: [`sweep::readout`] snaps it.
    pub fn users_at(&self, x: f64, y: f64) -> Option<f64> {
        if !x.is_finite() || !y.is_finite() {
            return None;
        }
        let p = self.panels.iter().find(|p| {
            x >= p.left - 6.0 && x <= p.right + 6.0 && y >= p.top - TITLE_H && y <= p.bottom + 6.0
        })?;
        let t = fit((x - p.left) / (p.right - p.left).max(1.0), 0.0, 1.0);
        Some(10f64.det_powf(self.log_users.0 + t * (self.log_users.1 - self.log_users.0)))
    }

    /// Like [`Geometry::users_at`], but magnetic: within `px` (chart units) of a stage guide or
    /// a breakpoint mark, the result is that exact user count, so pointing at a stage shows the
    /// same figures as the table's column.
    pub fn users_at_snapped(&self, x: f64, y: f64, sw: &Sweep, px: f64) -> Option<f64> {
        let u = self.users_at(x, y)?;
        let panel = self.panels.iter().position(|p| {
            x >= p.left - 6.0 && x <= p.right + 6.0 && y >= p.top - TITLE_H && y <= p.bottom + 6.0
        })?;
        // Stages first (they are the table's columns), then breakpoint marks.
        let closest = |targets: &mut dyn Iterator<Item = f64>| {
            targets
                .filter_map(|t| self.x_of(panel, t).map(|tx| ((tx - x).abs(), t)))
                .filter(|(d, _)| *d <= px)
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, t)| t)
        };
        let stage = closest(&mut sw.stages().iter().copied());
        Some(
            stage
                .or_else(|| closest(&mut sw.marks().iter().map(|m| m.users)))
                .unwrap_or(u),
        )
    }

    /// The x position of `users` in the panel `panel` (by index).
    pub fn x_of(&self, panel: usize, users: f64) -> Option<f64> {
        let p = self.panels.get(panel)?;
        Some(p.left + axis_share(self.log_users, users) * (p.right - p.left))
    }
}

/// A label placed in a lane of a band above the panels.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// Exact x of what it labels, relative to the plot's left edge.
    pub at: f64,
    /// Left edge of the text, relative to the plot's left edge.
    pub left: f64,
    /// Estimated width.
    pub width: f64,
    /// The lane (0 = top) [`pack`] put it in.
    pub lane: usize,
    /// The text.
    pub text: String,
    /// Its class.
    pub class: &'static str,
}

/// Deterministic lane packing. Labels are taken by x; each goes into the lowest lane where
/// it fits without overlapping (with a gap) a label already there, centred on its x, else
/// starting at it, else ending at it; text is kept inside `[0, width]`. Returns the lanes used.
pub(crate) fn pack(items: &mut [Placed], width: f64) -> usize {
    const GAP: f64 = 5.0;
    crate::core::sort::by(items, |a, b| a.at.total_cmp(&b.at).is_lt());
    // Occupied intervals per lane.
    let mut lanes: Vec<Vec<(f64, f64)>> = Vec::new();
    for it in items.iter_mut() {
        let fit = |l: f64| fit(l, 0.0, width - it.width);
        let candidates = [
            fit(it.at - it.width / 2.0),
            fit(it.at - 3.0),
            fit(it.at - it.width + 3.0),
        ];
        let free = |lane: &Vec<(f64, f64)>, l: f64| {
            lane.iter()
                .all(|&(a, b)| l + it.width + GAP <= a || l >= b + GAP)
        };
        let mut placed = None;
        'outer: for (k, lane) in lanes.iter().enumerate() {
            for &l in &candidates {
                if free(lane, l) {
                    placed = Some((k, l));
                    break 'outer;
                }
            }
        }
        let (k, l) = placed.unwrap_or_else(|| {
            lanes.push(Vec::new());
            (lanes.len() - 1, candidates[0])
        });
        lanes[k].push((l, l + it.width));
        it.lane = k;
        it.left = l;
    }
    lanes.len()
}

/// Most lanes of breakpoint labels before they are replaced by numbers and a key.
fn max_mark_lanes(h: f64) -> usize {
    ((0.2 * h / LANE_H).floor() as usize).clamp(2, 6)
}

/// Flows `items` (texts) into rows of at most `width`; returns each item's (x, row) and the rows.
fn flow(items: &[String], width: f64) -> (Vec<(f64, usize)>, usize) {
    const GAP: f64 = 14.0;
    let mut out = Vec::with_capacity(items.len());
    let (mut x, mut row) = (0.0, 0);
    for t in items {
        let w = text_width(t, TICK_FONT);
        if x > 0.0 && x + w > width {
            x = 0.0;
            row += 1;
        }
        out.push((x, row));
        x += w + GAP;
    }
    let rows = if items.is_empty() { 0 } else { row + 1 };
    (out, rows)
}

/// One y tick: position (log₁₀ of the value, or the zero lane) and label.
#[derive(Debug, Clone)]
struct Tick {
    pos: f64,
    label: String,
}

/// Ticks on a log axis over exponents `[lo, hi]`: powers of ten every `step` decades, or 1-2-5
/// (then 1-9) multiples when fewer than two powers of ten fall inside. Terminates for any range.
fn log_ticks(lo: f64, hi: f64, max_labels: usize, integral: bool) -> Vec<f64> {
    let max_labels = max_labels.max(1);
    let eps = 1e-9 * (hi - lo).abs().max(1.0);
    let d0 = (lo - eps).ceil().clamp(-400.0, 400.0) as i64;
    let d1 = (hi + eps).floor().clamp(-400.0, 400.0) as i64;
    let ok = |v: f64| v.is_finite() && v > 0.0 && (!integral || (v >= 1.0 && v.fract() == 0.0));
    if d1 - d0 >= 1 {
        let n = (d1 - d0 + 1) as usize;
        let step = [1usize, 2, 3, 5, 10, 20, 25, 50, 100, 200]
            .into_iter()
            .find(|s| n.div_ceil(*s) <= max_labels)
            .unwrap_or(250) as i64;
        let mut out: Vec<f64> = (d0..=d1)
            .filter(|d| d.rem_euclid(step) == 0)
            .map(|d| d as f64)
            .filter(|&d| ok(10f64.det_powf(d)))
            .collect();
        if out.len() < 2 {
            out = (d0..=d1)
                .step_by(step as usize)
                .map(|d| d as f64)
                .filter(|&d| ok(10f64.det_powf(d)))
                .collect();
        }
        return out;
    }
    let k0 = (lo.floor() - 1.0).clamp(-400.0, 400.0) as i64;
    let k1 = (hi.ceil() + 1.0).clamp(-400.0, 400.0) as i64;
    let sets: [&[f64]; 2] = [
        &[1.0, 2.0, 5.0],
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    ];
    let mut best: Vec<f64> = Vec::new();
    for set in sets {
        let mut out = Vec::new();
        for k in k0..=k1 {
            for &m in set {
                let v = m * 10f64.powi(k as i32);
                let e = v.det_log10();
                if ok(v) && e >= lo - eps && e <= hi + eps {
                    out.push(e);
                }
            }
        }
        if out.len() > max_labels {
            break;
        }
        best = out;
        if best.len() >= 3 {
            break;
        }
    }
    best
}

/// A panel's y scale.
#[derive(Debug, Clone)]
struct YScale {
    /// Top of the exponent range.
    hi: f64,
    /// Lower bound of the whole coordinate range (below `lo` when a zero lane is drawn).
    bottom: f64,
    /// Where zero values are drawn, if the series has any.
    zero: Option<f64>,
    /// Whether nothing is above zero.
    all_zero: bool,
    ticks: Vec<Tick>,
}

fn y_scale(metric: Metric, values: &[f64], plot_h: f64) -> YScale {
    let mut min = f64::INFINITY;
    let mut max = 0.0f64;
    let mut has_zero = values.is_empty();
    for &v in values {
        if v.is_finite() && v > 0.0 {
            min = min.min(v);
            max = max.max(v);
        } else {
            has_zero = true;
        }
    }
    let all_zero = max <= 0.0;
    let (lo, hi) = if all_zero {
        (-0.5, 0.5)
    } else {
        let (a, b) = (min.det_log10(), max.det_log10());
        if b - a < 1e-9 {
            (a - 0.5, b + 0.5)
        } else {
            let (fa, cb) = (a.floor(), b.ceil());
            (fa, if cb > fa { cb } else { fa + 1.0 })
        }
    };
    let log_h = if has_zero {
        (plot_h - ZERO_LANE).max(1.0)
    } else {
        plot_h.max(1.0)
    };
    let span = hi - lo;
    let bottom = if has_zero {
        lo - span * ZERO_LANE / log_h
    } else {
        lo
    };
    let zero = has_zero.then(|| bottom + (hi - bottom) * 5.0 / plot_h.max(1.0));
    let mut ticks = Vec::new();
    if let Some(z) = zero {
        ticks.push(Tick {
            pos: z,
            label: "0".to_string(),
        });
    }
    if !all_zero {
        let max_labels = (log_h / 16.0).floor().max(1.0) as usize;
        for e in log_ticks(lo, hi, max_labels, metric.integral()) {
            ticks.push(Tick {
                pos: e,
                label: metric.tick(tick_value(e)),
            });
        }
    }
    YScale {
        hi,
        bottom,
        zero,
        all_zero,
        ticks,
    }
}

/// 10^e, exact for whole e in range and for 1-2-5 multiples as computed by [`log_ticks`].
fn tick_value(e: f64) -> f64 {
    let r = e.round();
    if (e - r).abs() < 1e-9 {
        10f64.powi(r as i32)
    } else {
        let m = 10f64.det_powf(e - e.floor());
        m.round() * 10f64.powi(e.floor() as i32)
    }
}

/// Everything placed, before drawing.
struct Layout {
    w: f64,
    h: f64,
    metrics: Vec<Metric>,
    cols: usize,
    col_w: f64,
    /// Plot left and right, relative to the column's left edge.
    plot_l: f64,
    plot_r: f64,
    log_users: (f64, f64),
    stage_labels: Vec<Placed>,
    stage_lanes: usize,
    mark_labels: Vec<Placed>,
    mark_lanes: usize,
    /// With numbered marks: the key's items (text, x, row) under the chart.
    key: Vec<(String, f64, usize)>,
    key_rows: usize,
    panels_top: f64,
    plot_h: f64,
    x_ticks: Vec<(f64, String)>,
}

impl Layout {
    fn col_left(&self, col: usize) -> f64 {
        PAD + col as f64 * (self.col_w + GAP_X)
    }

    /// Top of the plot area of panel row `row`.
    fn plot_top(&self, row: usize) -> f64 {
        self.panels_top + row as f64 * (TITLE_H + self.plot_h + GAP_Y) + TITLE_H
    }

    fn x_px(&self, users: f64) -> f64 {
        self.plot_l + axis_share(self.log_users, users) * (self.plot_r - self.plot_l)
    }
}

fn metrics_of(opts: &ChartOptions) -> Vec<Metric> {
    let mut out: Vec<Metric> = Vec::new();
    for m in &opts.metrics {
        if !out.contains(m) {
            out.push(*m);
        }
    }
    if out.is_empty() {
        out = Metric::DEFAULTS.to_vec();
    }
    out
}

/// Places everything for `opts`: columns, plot edges, the label bands (stages, breakpoints
/// and their key), the panels' height and the x ticks.
fn layout(sw: &Sweep, opts: &ChartOptions) -> Layout {
    let w = f64::from(opts.width.clamp(200, 8000));
    let h = f64::from(opts.height.clamp(150, 8000));
    let metrics = metrics_of(opts);
    let cols = columns(w, metrics.len());
    let rows = metrics.len().div_ceil(cols);
    let col_w = ((w - 2.0 * PAD - (cols - 1) as f64 * GAP_X) / cols as f64).max(40.0);

    let (_, uhi) = sw.range();
    let plot_l = y_label_width(sw, &metrics, col_w) + 6.0;
    let last_label = text_width(&sweep::users_label(uhi), TICK_FONT) / 2.0;
    let plot_r = (col_w - last_label.max(4.0)).max(plot_l + 10.0);
    let mut lay = Layout {
        w,
        h,
        metrics,
        cols,
        col_w,
        plot_l,
        plot_r,
        log_users: log_users(sw),
        stage_labels: Vec::new(),
        stage_lanes: 0,
        mark_labels: Vec::new(),
        mark_lanes: 0,
        key: Vec::new(),
        key_rows: 0,
        panels_top: 0.0,
        plot_h: 0.0,
        x_ticks: Vec::new(),
    };
    place_stage_labels(sw, &mut lay);
    place_mark_labels(sw, &mut lay);

    lay.panels_top = PAD + (lay.stage_lanes + lay.mark_lanes) as f64 * LANE_H + 4.0;
    let bottom = XTICKS_H + XTITLE_H + PAD + lay.key_rows as f64 * LANE_H;
    let avail = h - lay.panels_top - bottom - (rows - 1) as f64 * GAP_Y;
    lay.plot_h = (avail / rows as f64 - TITLE_H).max(MIN_PLOT_H);
    lay.x_ticks = x_ticks(&lay, uhi);
    lay
}

/// log₁₀ of the sweep's smallest and largest user count; half a decade either side of a
/// single count.
fn log_users(sw: &Sweep) -> (f64, f64) {
    let (ulo, uhi) = sw.range();
    let (a, b) = (
        ulo.max(f64::MIN_POSITIVE).det_log10(),
        uhi.max(f64::MIN_POSITIVE).det_log10(),
    );
    if b - a < 1e-9 {
        (a - 0.5, b + 0.5)
    } else {
        (a, b)
    }
}

/// Room for the y labels: the widest over every tick a panel could show (an upper bound, so
/// one pass suffices), at most 40% of a column.
fn y_label_width(sw: &Sweep, metrics: &[Metric], col_w: f64) -> f64 {
    let mut y_label_w: f64 = text_width("0", TICK_FONT);
    for &m in metrics {
        let ys = y_scale(m, sw.values(m), 10_000.0);
        for t in &ys.ticks {
            y_label_w = y_label_w.max(text_width(&t.label, TICK_FONT));
        }
    }
    y_label_w.min(col_w * 0.4)
}

/// The stage user counts, packed into the top band's lanes.
fn place_stage_labels(sw: &Sweep, lay: &mut Layout) {
    let mut stage_labels: Vec<Placed> = sw
        .stages()
        .iter()
        .map(|&u| {
            let text = sweep::users_label(u);
            Placed {
                at: lay.x_px(u) - lay.plot_l,
                left: 0.0,
                width: text_width(&text, TICK_FONT),
                lane: 0,
                text,
                class: "smc-tstg",
            }
        })
        .collect();
    lay.stage_lanes = pack(&mut stage_labels, lay.plot_r - lay.plot_l);
    lay.stage_labels = stage_labels;
}

/// The breakpoint labels, packed into the band under the stages; when they would take more
/// than [`max_mark_lanes`] lanes, numbers instead, with the key of numbers under the chart.
fn place_mark_labels(sw: &Sweep, lay: &mut Layout) {
    let plot_w = lay.plot_r - lay.plot_l;
    let marks = sw.marks();
    let xs: Vec<f64> = marks
        .iter()
        .map(|m| lay.x_px(m.users) - lay.plot_l)
        .collect();
    let mut mark_labels = unplaced_mark_labels(marks, &xs, false);
    let mut mark_lanes = pack(&mut mark_labels, plot_w);
    if mark_lanes > max_mark_lanes(lay.h) {
        mark_labels = unplaced_mark_labels(marks, &xs, true);
        mark_lanes = pack(&mut mark_labels, plot_w);
        let items: Vec<String> = marks
            .iter()
            .enumerate()
            .map(|(i, m)| format!("{} {}", i + 1, m.short()))
            .collect();
        let (pos, rows) = flow(&items, lay.w - 2.0 * PAD);
        lay.key = items
            .into_iter()
            .zip(pos)
            .map(|(t, (x, r))| (t, PAD + x, r))
            .collect();
        lay.key_rows = rows;
    }
    lay.mark_labels = mark_labels;
    lay.mark_lanes = mark_lanes;
}

/// One unplaced label per breakpoint at `xs` (relative to the plot's left): its short name,
/// or its number from 1 when `numbered`.
fn unplaced_mark_labels(marks: &[Mark], xs: &[f64], numbered: bool) -> Vec<Placed> {
    marks
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let text = if numbered {
                (i + 1).to_string()
            } else {
                m.short().to_string()
            };
            Placed {
                at: xs[i],
                left: 0.0,
                width: text_width(&text, TICK_FONT),
                lane: 0,
                text,
                class: mark_class(m).1,
            }
        })
        .collect()
}

/// The x ticks (pixel x in a column, label) at decades or 1-2-5 steps; the widest decade
/// label (`uhi` is the largest user count) sets the spacing.
fn x_ticks(lay: &Layout, uhi: f64) -> Vec<(f64, String)> {
    let plot_w = lay.plot_r - lay.plot_l;
    let widest =
        text_width("1,000", TICK_FONT).max(text_width(&sweep::users_label(uhi), TICK_FONT));
    let max_x = ((plot_w / (widest + 10.0)).floor() as usize).max(2);
    log_ticks(lay.log_users.0, lay.log_users.1, max_x, false)
        .into_iter()
        .map(|e| {
            (
                lay.x_px(10f64.det_powf(e)),
                sweep::users_label(tick_value(e)),
            )
        })
        .collect()
}

/// The chart's geometry (panel plot areas and user axis) for `opts`.
pub fn geometry(sw: &Sweep, opts: &ChartOptions) -> Geometry {
    let lay = layout(sw, opts);
    let panels = lay
        .metrics
        .iter()
        .enumerate()
        .map(|(i, &m)| {
            let (row, col) = (i / lay.cols, i % lay.cols);
            let x0 = lay.col_left(col);
            let top = lay.plot_top(row);
            PanelBox {
                metric: m,
                left: x0 + lay.plot_l,
                right: x0 + lay.plot_r,
                top,
                bottom: top + lay.plot_h,
            }
        })
        .collect();
    Geometry {
        size: (lay.w, lay.h),
        panels,
        log_users: lay.log_users,
    }
}

/// (dot class, label class) of a mark.
fn mark_class(m: &Mark) -> (&'static str, &'static str) {
    match m.kind {
        MarkKind::Milestone(_) => ("smc-mkd", "smc-tmk"),
        MarkKind::Bottleneck(_) => ("smc-nkd", "smc-tnk"),
    }
}

/// Line and dot classes plotters draws with: `(class, colour variable, property, extra
/// attributes)`. Plotters gets a sentinel colour `#AB<index>00`, replaced afterwards.
pub(crate) const CLASSES: [(&str, &str, &str, &str); 15] = [
    ("smc-grid", "--sm-chart-grid", "stroke", ""),
    ("smc-axis", "--sm-chart-axis", "stroke", ""),
    (
        "smc-stg",
        "--sm-chart-stage",
        "stroke",
        " stroke-dasharray=\"4 3\"",
    ),
    (
        "smc-mk",
        "--sm-chart-mark",
        "stroke",
        " stroke-dasharray=\"1 3\"",
    ),
    (
        "smc-nk",
        "--sm-chart-neck",
        "stroke",
        " stroke-dasharray=\"1 3\"",
    ),
    (
        "smc-zero",
        "--sm-chart-axis",
        "stroke",
        " stroke-dasharray=\"2 2\"",
    ),
    ("smc-cur", "--sm-chart-cursor", "stroke", ""),
    ("smc-mkd", "--sm-chart-mark", "fill", ""),
    ("smc-nkd", "--sm-chart-neck", "fill", ""),
    ("smc-ring", "--sm-chart-bg", "fill", ""),
    ("smc-curd", "--sm-chart-cursor", "fill", ""),
    ("smc-lead", "--sm-chart-grid", "stroke", ""),
    ("smc-ev", "--sm-chart-event", "stroke", ""),
    // The tornado's bars (the Ranges page): an input at its low value, at its high value.
    ("smc-lo", "--sm-chart-series-peak_rps", "fill", ""),
    ("smc-hi", "--sm-chart-series-monthly_cost", "fill", ""),
];

/// First sentinel index of the series colours (one per metric, in [`Metric::ALL`] order).
const SERIES_BASE: u8 = 32;

pub(crate) fn sentinel(class: &str) -> RGBColor {
    let i = CLASSES.iter().position(|c| c.0 == class).unwrap_or(0) as u8;
    RGBColor(0xAB, i, 0)
}

fn series_sentinel(m: Metric) -> RGBColor {
    RGBColor(0xAB, SERIES_BASE + m.index() as u8, 0)
}

/// Series other charts draw besides the growth metrics, after them in sentinel order.
pub(crate) const EXTRA_SERIES: [&str; 1] = ["p99"];

/// The sentinel of the extra series `key` (see [`EXTRA_SERIES`]); a growth metric's key gives
/// that metric's colour.
pub(crate) fn series_color(key: &str) -> RGBColor {
    let i = Metric::ALL
        .iter()
        .map(|m| m.key())
        .chain(EXTRA_SERIES)
        .position(|k| k == key)
        .unwrap_or(0);
    RGBColor(0xAB, SERIES_BASE + i as u8, 0)
}

/// The key of series sentinel `i` (metrics, then [`EXTRA_SERIES`]).
fn series_key(i: usize) -> &'static str {
    Metric::ALL
        .get(i)
        .map(|m| m.key())
        .or_else(|| EXTRA_SERIES.get(i - Metric::ALL.len()).copied())
        .unwrap_or("peak_rps")
}

pub(crate) fn fallback(var: &str, dark: bool) -> &'static str {
    CSS_VARIABLES
        .iter()
        .find(|v| v.0 == var)
        .map_or("#808080", |v| if dark { v.2 } else { v.1 })
}

fn series_var(key: &str) -> String {
    format!("--sm-chart-series-{key}")
}

/// Keeps ASCII letters, digits, `-` and `_`; starts with a letter.
fn clean_prefix(p: &str) -> String {
    let mut s: String = p
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert(0, 'c');
    }
    s
}

/// A pixel coordinate as SVG text: one decimal, and never NaN or inf.
pub(crate) fn px(v: f64) -> String {
    if v.is_finite() {
        let r = (v * 10.0).round() / 10.0;
        if r == r.trunc() {
            format!("{}", r as i64)
        } else {
            format!("{r:.1}")
        }
    } else {
        "0".to_string()
    }
}

/// Renders the chart as a standalone SVG document (it also works inline in HTML).
pub fn render(sw: &Sweep, opts: &ChartOptions) -> String {
    let lay = layout(sw, opts);
    let (wi, hi) = (lay.w as u32, lay.h as u32);

    let cursor = opts
        .cursor
        .filter(|u| u.is_finite())
        .map(|u| sweep::readout(sw, &lay.metrics, u));

    // 1. Lines and dots with plotters, into their own buffer (the panels' texts into `texts`).
    let mut texts = String::new();
    let plot = draw_plot(sw, &lay, cursor.as_ref(), &mut texts);
    // 2. Text: bands, axes.
    push_band_labels(&mut texts, &lay);
    if let Some(r) = &cursor {
        push_cursor_users(&mut texts, &lay, r.users);
    }
    let title_y = push_x_axes(&mut texts, &lay);
    push_mark_key(&mut texts, &lay, sw, title_y);

    let desc = sweep::describe(sw, &lay.metrics);
    let title = if opts.title.trim().is_empty() {
        "Growth curves"
    } else {
        &opts.title
    };
    assemble(opts, (wi, hi), (title, &desc), &plot, &texts)
}

/// Plotters' drawing of the whole chart (leaders and every panel), as SVG text; the panels'
/// texts go into `texts`.
fn draw_plot(
    sw: &Sweep,
    lay: &Layout,
    cursor: Option<&sweep::Readout>,
    texts: &mut String,
) -> String {
    let mut plot = String::new();
    {
        let size = (lay.w as u32, lay.h as u32);
        let root = SVGBackend::with_string(&mut plot, size).into_drawing_area();
        draw_leaders(&root, lay);
        for (i, &m) in lay.metrics.iter().enumerate() {
            draw_panel(&root, sw, lay, i, m, cursor, texts);
        }
        let _ = root.present();
    }
    plot
}

/// Label bands: a faint leader from each breakpoint label down to the first panel, in every
/// column.
fn draw_leaders(root: &DrawingArea<SVGBackend, plotters::coord::Shift>, lay: &Layout) {
    for col in 0..lay.cols {
        let x0 = lay.col_left(col);
        let band_top = PAD + lay.stage_lanes as f64 * LANE_H;
        for p in &lay.mark_labels {
            let x = (x0 + lay.plot_l + p.at).round() as i32;
            let y0 = (band_top + (p.lane as f64 + 1.0) * LANE_H - 2.0).round() as i32;
            let y1 = (lay.panels_top - 1.0).round() as i32;
            if y1 > y0 {
                let _ = root.draw(&PathElement::new(
                    vec![(x, y0), (x, y1)],
                    sentinel("smc-lead"),
                ));
            }
        }
    }
}

/// The stage and breakpoint labels in their bands above every column.
fn push_band_labels(texts: &mut String, lay: &Layout) {
    for col in 0..lay.cols {
        let x0 = lay.col_left(col) + lay.plot_l;
        for p in &lay.stage_labels {
            let y = PAD + p.lane as f64 * LANE_H + TICK_FONT;
            push_text(texts, x0 + p.left, y, "start", p.class, &p.text);
        }
        let band_top = PAD + lay.stage_lanes as f64 * LANE_H;
        for p in &lay.mark_labels {
            let y = band_top + p.lane as f64 * LANE_H + TICK_FONT;
            push_text(texts, x0 + p.left, y, "start", p.class, &p.text);
        }
    }
}

/// The cursor's user count, at the top of each column, kept inside the column.
fn push_cursor_users(texts: &mut String, lay: &Layout, users: f64) {
    for col in 0..lay.cols {
        let x = lay.col_left(col) + lay.x_px(users);
        let t = format!("{} users", sweep::users_label(users));
        let half = text_width(&t, TICK_FONT) / 2.0;
        let lo = lay.col_left(col) + half;
        let hi = (lay.col_left(col) + lay.col_w - half).max(lo);
        push_text(
            texts,
            fit(x, lo, hi),
            PAD + TICK_FONT,
            "middle",
            "smc-tcur",
            &t,
        );
    }
}

/// The x tick labels under the last panel of each column, and the axis title under the last
/// row; returns the title's baseline.
fn push_x_axes(texts: &mut String, lay: &Layout) -> f64 {
    let n = lay.metrics.len();
    for col in 0..lay.cols.min(n) {
        let last_row = (n - 1 - col) / lay.cols;
        let y = lay.plot_top(last_row) + lay.plot_h + XTICKS_H - 3.0;
        let x0 = lay.col_left(col);
        for (x, label) in &lay.x_ticks {
            let half = text_width(label, TICK_FONT) / 2.0;
            let cx = fit(x0 + x, x0 + half, x0 + lay.col_w - half + 4.0);
            push_text(texts, cx, y, "middle", "smc-tick", label);
        }
    }
    let title_y =
        lay.plot_top(lay.metrics.len().div_ceil(lay.cols) - 1) + lay.plot_h + XTICKS_H + XTITLE_H
            - 3.0;
    push_text(
        texts,
        lay.w / 2.0,
        title_y,
        "middle",
        "smc-tick",
        "Users (log scale; every axis is logarithmic)",
    );
    title_y
}

/// The key of numbered breakpoints (when the layout made one), in rows under the axis title
/// at `title_y`.
fn push_mark_key(texts: &mut String, lay: &Layout, sw: &Sweep, title_y: f64) {
    for ((text, x, row), m) in lay.key.iter().zip(sw.marks()) {
        let y = title_y + (*row as f64 + 1.0) * LANE_H;
        let (num, rest) = text.split_once(' ').unwrap_or((text.as_str(), ""));
        let _ = write!(
            texts,
            "<text x=\"{}\" y=\"{}\" class=\"{}\"><tspan class=\"smc-tnum\">",
            px(*x),
            px(y),
            mark_class(m).1
        );
        escape::push_xml(texts, num);
        texts.push_str("</tspan> ");
        escape::push_xml(texts, rest);
        texts.push_str("</text>\n");
    }
}

/// The whole SVG document: our root element, style, title and description, then plotters'
/// drawing (`plot`, recoloured) and our `texts`. Shared by every chart the core draws.
pub(crate) fn assemble(
    opts: &ChartOptions,
    (wi, hi): (u32, u32),
    (title, desc): (&str, &str),
    plot: &str,
    texts: &str,
) -> String {
    let prefix = clean_prefix(&opts.id_prefix);
    let root_id = format!("{prefix}chart");
    let mut out = String::with_capacity(plot.len() + texts.len() + 4096);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{}\" class=\"sm-chart\" width=\"{wi}\" height=\"{hi}\" viewBox=\"0 0 {wi} {hi}\" role=\"img\" aria-labelledby=\"{}name {}desc\">",
        escape::xml(&root_id),
        escape::xml(&prefix),
        escape::xml(&prefix)
    );
    // `{prefix}name`, not `{prefix}title`: the page's heading of the chart's card is
    // `sm-growth-title`, and ids must be unique in the page.
    out.push_str("<title id=\"");
    escape::push_xml(&mut out, &prefix);
    out.push_str("name\">");
    escape::push_xml(&mut out, title);
    out.push_str("</title>\n<desc id=\"");
    escape::push_xml(&mut out, &prefix);
    out.push_str("desc\">");
    escape::push_xml(&mut out, desc);
    out.push_str("</desc>\n<style>");
    escape::push_xml(&mut out, &css(&root_id, opts.dark));
    out.push_str("</style>\n");
    if opts.background {
        let _ = writeln!(
            out,
            "<rect class=\"smc-bg\" x=\"0\" y=\"0\" width=\"{wi}\" height=\"{hi}\" fill=\"{}\"/>",
            fallback("--sm-chart-bg", opts.dark)
        );
    }
    out.push_str("<g class=\"smc-plot\">\n");
    recolor(plot, opts.dark, &mut out);
    out.push_str("</g>\n<g class=\"smc-text\">\n");
    out.push_str(texts);
    out.push_str("</g>\n</svg>\n");
    out
}

pub(crate) fn push_text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, text: &str) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"{class}\">",
        px(x),
        px(y)
    );
    escape::push_xml(out, text);
    out.push_str("</text>\n");
}

/// The plotting area of one panel: log₁₀ users across, the y scale's exponents up.
type PlotArea<DB> = DrawingArea<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// One panel placed: its plot box in chart pixels, its metric's values and y scale.
struct Panel<'a> {
    metric: Metric,
    values: &'a [f64],
    ys: YScale,
    left: f64,
    top: f64,
    /// Plot width and height.
    w: f64,
    h: f64,
}

impl<'a> Panel<'a> {
    /// Panel `index` of the layout (row by row), showing `metric`.
    fn new(sw: &'a Sweep, lay: &Layout, index: usize, metric: Metric) -> Self {
        let (row, col) = (index / lay.cols, index % lay.cols);
        let h = lay.plot_h;
        let values = sw.values(metric);
        Panel {
            metric,
            values,
            ys: y_scale(metric, values, h),
            left: lay.col_left(col) + lay.plot_l,
            top: lay.plot_top(row),
            w: lay.plot_r - lay.plot_l,
            h,
        }
    }

    /// The pixel y of exponent `e` on the y scale (the middle when the scale is flat).
    fn y_px(&self, e: f64) -> f64 {
        let ys = &self.ys;
        let t = if ys.hi > ys.bottom {
            (e - ys.bottom) / (ys.hi - ys.bottom)
        } else {
            0.5
        };
        self.top + self.h - fit(t, 0.0, 1.0) * self.h
    }

    /// The data coordinates plotters draws the panel in.
    fn axes(&self, lay: &Layout) -> Axes {
        Axes {
            xa: lay.log_users.0,
            xb: lay.log_users.1,
            bottom: self.ys.bottom,
            hi: self.ys.hi,
            zero: self.ys.zero,
        }
    }
}

/// A panel's data coordinates: x is log₁₀ users from `xa` to `xb`, y the exponent from
/// `bottom` to `hi`, with zero values on the `zero` lane when there is one.
struct Axes {
    xa: f64,
    xb: f64,
    bottom: f64,
    hi: f64,
    zero: Option<f64>,
}

impl Axes {
    /// The x of a user count (the left edge for none).
    fn x_pos(&self, u: f64) -> f64 {
        if u > 0.0 && u.is_finite() {
            fit(u.det_log10(), self.xa, self.xb)
        } else {
            self.xa
        }
    }

    /// The y of a value (the zero lane, else the bottom, for zero and non-finite values).
    fn y_pos(&self, v: f64) -> f64 {
        if v > 0.0 && v.is_finite() {
            fit(v.det_log10(), self.bottom, self.hi)
        } else {
            self.zero.unwrap_or(self.bottom)
        }
    }

    /// A line across the panel at `y`.
    fn hline(&self, y: f64, class: &str) -> PathElement<(f64, f64)> {
        PathElement::new(vec![(self.xa, y), (self.xb, y)], sentinel(class))
    }

    /// A line up the panel at `x`.
    fn vline(&self, x: f64, class: &str) -> PathElement<(f64, f64)> {
        PathElement::new(vec![(x, self.bottom), (x, self.hi)], sentinel(class))
    }
}

/// Draws one panel: its texts into `texts`, its lines and dots with plotters.
#[allow(clippy::too_many_arguments)]
fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    sw: &Sweep,
    lay: &Layout,
    index: usize,
    metric: Metric,
    cursor: Option<&sweep::Readout>,
    texts: &mut String,
) {
    let p = Panel::new(sw, lay, index, metric);
    push_panel_texts(texts, &p);
    let area = root.clone().shrink(
        (p.left.round() as i32, p.top.round() as i32),
        (
            (p.w.round() as i32).max(1) as u32,
            (p.h.round() as i32).max(1) as u32,
        ),
    );
    let ax = p.axes(lay);
    let Ok(chart) = ChartBuilder::on(&area).build_cartesian_2d(ax.xa..ax.xb, ax.bottom..ax.hi)
    else {
        return;
    };
    let plot = chart.plotting_area();
    draw_guides(plot, &ax, sw, lay, &p);
    draw_series(plot, &ax, sw, &p);
    draw_mark_dots(plot, &ax, sw, p.values);
    if let Some(r) = cursor {
        draw_cursor(plot, &ax, &p, r, texts);
    }
}

/// A panel's texts: its title, the y tick labels, and a note when nothing is above zero.
fn push_panel_texts(texts: &mut String, p: &Panel) {
    let (left, top) = (p.left, p.top);
    push_text(
        texts,
        left,
        top - 5.0,
        "start",
        "smc-title",
        &p.metric.heading(),
    );
    for t in &p.ys.ticks {
        push_text(
            texts,
            left - 5.0,
            p.y_px(t.pos) + TICK_FONT * 0.35,
            "end",
            "smc-tick",
            &t.label,
        );
    }
    if p.ys.all_zero {
        let note = if p.values.is_empty() {
            "no data"
        } else {
            "0 throughout"
        };
        push_text(
            texts,
            left + p.w / 2.0,
            top + p.h / 2.0,
            "middle",
            "smc-note",
            note,
        );
    }
}

/// The lines behind a series: grid at the y ticks (not the zero lane) and x ticks, the zero
/// lane, stage and breakpoint guides, and the axes.
fn draw_guides<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    ax: &Axes,
    sw: &Sweep,
    lay: &Layout,
    p: &Panel,
) {
    for t in &p.ys.ticks {
        if Some(t.pos) != ax.zero {
            let _ = plot.draw(&ax.hline(t.pos, "smc-grid"));
        }
    }
    for (x, _) in &lay.x_ticks {
        let xv = ax.xa + (x - lay.plot_l) / p.w.max(1.0) * (ax.xb - ax.xa);
        let _ = plot.draw(&ax.vline(xv, "smc-grid"));
    }
    if let Some(z) = ax.zero {
        let _ = plot.draw(&ax.hline(z, "smc-zero"));
    }
    for &u in sw.stages() {
        let _ = plot.draw(&ax.vline(ax.x_pos(u), "smc-stg"));
    }
    for m in sw.marks() {
        let class = match m.kind {
            MarkKind::Milestone(_) => "smc-mk",
            MarkKind::Bottleneck(_) => "smc-nk",
        };
        let _ = plot.draw(&ax.vline(ax.x_pos(m.users), class));
    }
    let _ = plot.draw(&PathElement::new(
        vec![(ax.xa, ax.hi), (ax.xa, ax.bottom), (ax.xb, ax.bottom)],
        sentinel("smc-axis"),
    ));
}

/// The points a polyline's drawing needs, as indices into `px` (its points in pixels, in
/// order): a point on the same pixel as the one kept before it, or on the straight segment
/// between its kept neighbours (same line, same direction), adds nothing to the line drawn and
/// is left out. The path is the same (every point left out lies on it, in order); drawn by
/// Chromium, at most a few dozen pixels along the stroke differ, by 1 or 2 of 255 levels of
/// anti-aliasing. A day's 1,440 minutes on a chart a few hundred pixels wide come down to the
/// few hundred points where the line turns. The first and the last point are always kept, so
/// the line starts and ends at its first and last values exactly.
pub fn drawn_points(px: &[(i32, i32)]) -> Vec<usize> {
    let mut keep: Vec<usize> = Vec::with_capacity(px.len());
    for (i, &c) in px.iter().enumerate() {
        match keep[..] {
            [.., j] if px[j] == c => continue,
            [.., i_a, i_b] if on_segment(px[i_a], px[i_b], c) => {
                keep.pop();
            }
            _ => {}
        }
        keep.push(i);
    }
    // Points after the last one kept share its pixel: end at the last of them (unless every
    // point shares the first's pixel: then the first alone stands for them).
    if keep.len() > 1 {
        let n = keep.len();
        keep[n - 1] = px.len() - 1;
    }
    keep
}

/// Whether `b` lies on the segment from `a` to `c` with `c` ahead of it: the three in a line
/// (the cross product is zero) and the line going on in the same direction (the dot product of
/// the two steps is positive).
fn on_segment(a: (i32, i32), b: (i32, i32), c: (i32, i32)) -> bool {
    let (ux, uy) = (i64::from(b.0 - a.0), i64::from(b.1 - a.1));
    let (vx, vy) = (i64::from(c.0 - b.0), i64::from(c.1 - b.1));
    ux * vy == uy * vx && ux * vx + uy * vy > 0
}

/// The panel's series as one path, without points that land on the same pixel as the one
/// before (the last point is always kept). Its few hundred points need no more: the day's
/// [`drawn_points`] also drops the points along straight runs, for 0.2 KiB more of the growth
/// page's gzip, which its budget does not have.
fn draw_series<DB: DrawingBackend>(plot: &PlotArea<DB>, ax: &Axes, sw: &Sweep, p: &Panel) {
    let values = p.values;
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(values.len());
    let mut last: Option<(i32, i32)> = None;
    for (&u, &v) in sw.users().iter().zip(values) {
        let pt = (ax.x_pos(u), ax.y_pos(v));
        let pix = plot.map_coordinate(&pt);
        if last != Some(pix) {
            pts.push(pt);
            last = Some(pix);
        }
    }
    if let Some((&lx, &ly)) = sw.users().last().zip(values.last()) {
        let pt = (ax.x_pos(lx), ax.y_pos(ly));
        if pts.last() != Some(&pt) {
            pts.push(pt);
        }
    }
    let style = ShapeStyle {
        color: series_sentinel(p.metric).to_rgba(),
        filled: false,
        stroke_width: 2,
    };
    // One path (what plotters' LineSeries draws too, through one more generic type).
    let _ = plot.draw(&PathElement::new(pts, style));
}

/// A ringed dot on the curve at each breakpoint.
fn draw_mark_dots<DB: DrawingBackend>(plot: &PlotArea<DB>, ax: &Axes, sw: &Sweep, values: &[f64]) {
    for m in sw.marks() {
        let i = sw.index_at(m.users);
        let Some(&v) = values.get(i) else { continue };
        let pt = (ax.x_pos(m.users), ax.y_pos(v));
        let (dot, _) = mark_class(m);
        let _ = plot.draw(&Circle::new(pt, 5, sentinel("smc-ring").filled()));
        let _ = plot.draw(&Circle::new(pt, 3, sentinel(dot).filled()));
    }
}

/// The cursor: a line at its user count, a dot on the curve, and the value beside the dot
/// (into `texts`) on the side with more room.
fn draw_cursor<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    ax: &Axes,
    p: &Panel,
    r: &sweep::Readout,
    texts: &mut String,
) {
    let x = ax.x_pos(r.users);
    let _ = plot.draw(&ax.vline(x, "smc-cur"));
    let Some((_, v)) = r.values.iter().find(|(m, _)| *m == p.metric) else {
        return;
    };
    let pt = (x, ax.y_pos(*v));
    let _ = plot.draw(&Circle::new(pt, 4, sentinel("smc-curd").filled()));
    let (cx, cy) = plot.map_coordinate(&pt);
    let (cx, cy) = (f64::from(cx), f64::from(cy));
    let right = cx < p.left + p.w * 0.6;
    let tx = if right { cx + 7.0 } else { cx - 7.0 };
    let ty = fit(cy - 7.0, p.top + TICK_FONT, p.top + p.h - 3.0);
    push_text(
        texts,
        tx,
        ty,
        if right { "start" } else { "end" },
        "smc-tcur",
        &p.metric.format(*v),
    );
}

/// Copies plotters' output (without its `<svg>` wrapper) into `out`, turning every sentinel
/// colour into the class's fallback colour plus the class (and its extra attributes).
fn recolor(plot: &str, dark: bool, out: &mut String) {
    for line in plot.lines() {
        let t = line.trim_start();
        if t.starts_with("<svg") || t.starts_with("</svg") || t.is_empty() {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("=\"#AB") {
            let (head, tail) = rest.split_at(i);
            out.push_str(head);
            // tail = ="#ABxxyy"...
            let hex = tail.get(5..9).unwrap_or("0000");
            let idx = u8::from_str_radix(hex.get(0..2).unwrap_or("00"), 16).unwrap_or(0);
            let (class, var, extra) = if idx >= SERIES_BASE {
                let key = series_key(usize::from(idx - SERIES_BASE));
                (format!("smc-s smc-s-{key}"), series_var(key), "")
            } else {
                let c = CLASSES.get(usize::from(idx)).copied().unwrap_or(CLASSES[0]);
                (c.0.to_string(), c.1.to_string(), c.3)
            };
            let color = fallback(&var, dark);
            let _ = write!(out, "=\"{color}\" class=\"{}\"{extra}", escape::xml(&class));
            rest = tail.get(10..).unwrap_or("");
        }
        out.push_str(rest);
        out.push('\n');
    }
}

/// The rules of the `<style>` block that [`render`] writes into a chart with `id_prefix` in
/// the light palette, as the page shows it (the page keeps them in its own style sheet and
/// drops the block, see `app::inline`).
pub fn style_sheet(id_prefix: &str) -> String {
    css(&format!("{}chart", clean_prefix(id_prefix)), false)
}

/// The embedded style sheet, scoped to `#root_id`. Every colour is declared twice: plainly
/// (for renderers without custom properties, such as librsvg) and through its variable.
fn css(root_id: &str, dark: bool) -> String {
    let decl = |prop: &str, name: &str| {
        let f = fallback(name, dark);
        format!("{prop}:{f};{prop}:var({name},{f})")
    };
    let r = format!("#{root_id}");
    let mut s = String::new();
    let _ = write!(s, "{r}{{{}}}", decl("font-family", "--sm-chart-font"));
    let _ = write!(
        s,
        "{r} text{{font-size:{TICK_FONT}px;{}}}",
        decl("fill", "--sm-chart-muted")
    );
    let _ = write!(
        s,
        "{r} .smc-title{{font-size:{TITLE_FONT}px;font-weight:600;{}}}",
        decl("fill", "--sm-chart-fg")
    );
    let _ = write!(s, "{r} .smc-tstg{{{}}}", decl("fill", "--sm-chart-stage"));
    let _ = write!(
        s,
        "{r} .smc-tmk{{font-weight:600;{}}}",
        decl("fill", "--sm-chart-mark")
    );
    let _ = write!(
        s,
        "{r} .smc-tnk{{font-style:italic;{}}}",
        decl("fill", "--sm-chart-neck")
    );
    let _ = write!(s, "{r} .smc-tnum{{font-weight:700;font-style:normal}}");
    let _ = write!(
        s,
        "{r} .smc-tcur{{font-weight:600;{}}}",
        decl("fill", "--sm-chart-cursor")
    );
    let _ = write!(s, "{r} .smc-note{{{}}}", decl("fill", "--sm-chart-muted"));
    let _ = write!(s, "{r} .smc-bg{{{}}}", decl("fill", "--sm-chart-bg"));
    // A halo in the background colour keeps band labels legible over leader lines.
    let _ = write!(
        s,
        "{r} .smc-tstg,{r} .smc-tmk,{r} .smc-tnk,{r} .smc-tcur,{r} .smc-note{{paint-order:stroke;stroke-width:3px;stroke-linejoin:round;{}}}",
        decl("stroke", "--sm-chart-bg")
    );
    for (class, var, prop, _) in CLASSES {
        let _ = write!(s, "{r} .{class}{{{}}}", decl(prop, var));
    }
    let _ = write!(
        s,
        "{r} .smc-grid,{r} .smc-axis,{r} .smc-stg,{r} .smc-lead{{shape-rendering:crispEdges}}"
    );
    let _ = write!(
        s,
        "{r} .smc-s{{fill:none;stroke-linejoin:round;stroke-linecap:round}}"
    );
    for key in Metric::ALL.iter().map(|m| m.key()).chain(EXTRA_SERIES) {
        let _ = write!(
            s,
            "{r} .smc-s-{key}{{{}}}",
            decl("stroke", &series_var(key))
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Milestone;

    /// A sweep over `users` (every metric 1) with a milestone mark at each of `marks`.
    fn sweep_with_marks(users: &[f64], marks: &[(f64, Milestone)]) -> Sweep {
        let series: Vec<(Metric, Vec<f64>)> = Metric::ALL
            .iter()
            .map(|&m| (m, vec![1.0; users.len()]))
            .collect();
        let marks: Vec<Mark> = marks
            .iter()
            .map(|&(users, m)| Mark {
                users,
                kind: MarkKind::Milestone(m),
            })
            .collect();
        Sweep::from_data(users, &series, &[], &marks)
    }

    // Guards: the user axis spans the sweep's decades exactly, and half a decade either side
    // of a sweep with one user count (never an empty range).
    #[test]
    fn log_users_step() {
        assert_eq!(log_users(&sweep_with_marks(&[100.0, 1e6], &[])), (2.0, 6.0));
        assert_eq!(log_users(&sweep_with_marks(&[1e3], &[])), (2.5, 3.5));
    }

    // Guards: breakpoint labels keep their short names while they fit the band's lanes, and
    // become numbers with a key under the chart when they would need more lanes than a short
    // chart allows.
    #[test]
    fn mark_labels_step() {
        let users: Vec<f64> = (0..=40)
            .map(|i| 10f64.det_powf(2.0 + f64::from(i) * 0.1))
            .collect();
        let few = sweep_with_marks(&users, &[(1e3, Milestone::Cache), (1e5, Milestone::Queue)]);
        let opts = ChartOptions {
            width: 600,
            height: 150,
            ..ChartOptions::default()
        };
        let lay = layout(&few, &opts);
        let texts: Vec<&str> = lay.mark_labels.iter().map(|p| p.text.as_str()).collect();
        let names: Vec<&str> = few.marks().iter().map(Mark::short).collect();
        assert_eq!(texts, names);
        assert!(lay.key.is_empty() && lay.key_rows == 0);

        let crowded: Vec<(f64, Milestone)> = [
            Milestone::LoadBalancer,
            Milestone::Cache,
            Milestone::ReadReplica,
            Milestone::Sharding,
            Milestone::Queue,
        ]
        .into_iter()
        .map(|m| (1e4, m))
        .collect();
        let lay = layout(&sweep_with_marks(&users, &crowded), &opts);
        let texts: Vec<&str> = lay.mark_labels.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["1", "2", "3", "4", "5"]);
        assert_eq!(lay.key.len(), 5);
        assert!(lay.key[0].0.starts_with("1 "), "{:?}", lay.key);
        assert!(lay.key_rows >= 1);
    }
}
