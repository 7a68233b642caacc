//! The growth curves with their bands: one small panel per metric, users across and the
//! metric up (both logarithmic, as on the growth chart), the p10-p90 band of the samples
//! shaded behind the curve at the point values, and a dashed guide at each stage.
//!
//! Lines go through plotters, like the growth chart's; the bands are SVG paths in pixel
//! coordinates (filled shapes would cost plotters' polygon code, and their colour comes from
//! a class the page's style sheet and the embedded `<style>` both define). All text goes
//! through [`push_text`], so through [`crate::core::escape`].

use std::fmt::Write as _;

use plotters::prelude::*;

use super::bands::{Band, Curves};
use crate::core::chart::{
    assemble, fit, push_text, px, sentinel, series_color, ChartOptions, PAD, TICK_FONT,
};
use crate::core::detmath::DetMath;
use crate::core::sweep::{users_label, Metric};

/// The metrics drawn when none are chosen: the growth chart's defaults.
pub const DEFAULT_METRICS: [Metric; 4] = Metric::DEFAULTS;
/// A panel's plot height.
const PLOT_H: f64 = 130.0;
/// Room above a plot for its title, and below it for the user ticks.
const TITLE_H: f64 = 22.0;
const XTICK_H: f64 = 18.0;
/// Room left of a plot for the value ticks.
const LEFT: f64 = 62.0;
/// Panels side by side from this chart width.
const TWO_COLUMNS_FROM: f64 = 640.0;

/// The chart's height for `width` and `panels`.
pub fn height(width: u32, panels: usize) -> u32 {
    let cols = columns(f64::from(width));
    let rows = panels.div_ceil(cols).max(1);
    (PAD * 2.0 + rows as f64 * ROW_H) as u32
}

fn columns(w: f64) -> usize {
    if w >= TWO_COLUMNS_FROM {
        2
    } else {
        1
    }
}

/// log₁₀ of `v`, or of the smallest positive value for 0 and below.
fn lg(v: f64) -> f64 {
    v.max(f64::MIN_POSITIVE).det_log10()
}

/// The value ticks for log₁₀ values from `lo` to `hi`: every decade, or 1-2-5 steps when the
/// span is under two decades.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (a, b) = (lo.floor() as i32, hi.ceil() as i32);
    let steps: &[f64] = if hi - lo < 2.0 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let mut out = Vec::new();
    for e in a..=b {
        for s in steps {
            let v = s * 10f64.det_powf(f64::from(e));
            let l = v.det_log10();
            if l >= lo - 1e-9 && l <= hi + 1e-9 {
                out.push(v);
            }
        }
    }
    out
}

/// Height of one row of panels: title, plot, user ticks and a gap.
const ROW_H: f64 = TITLE_H + PLOT_H + XTICK_H + 10.0;

/// One metric's panel placed: its plot box in pixels and its axes' log₁₀ ranges.
struct Panel {
    left: f64,
    top: f64,
    w: f64,
    x: (f64, f64),
    y: (f64, f64),
}

impl Panel {
    /// Panel `i` of a chart with `cols` columns `col_w` wide, users across `x`, scaled to
    /// hold every value of `vals`.
    fn new(i: usize, (cols, col_w): (usize, f64), x: (f64, f64), vals: &[Band]) -> Panel {
        Panel {
            left: PAD + (i % cols) as f64 * col_w + LEFT,
            top: PAD + (i / cols) as f64 * ROW_H + TITLE_H,
            w: col_w - LEFT - 14.0,
            x,
            y: y_range(vals),
        }
    }

    fn x_px(&self, u: f64) -> f64 {
        self.left + fit((lg(u) - self.x.0) / (self.x.1 - self.x.0), 0.0, 1.0) * self.w
    }

    fn y_px(&self, v: f64) -> f64 {
        let t = (lg(v) - self.y.0) / (self.y.1 - self.y.0);
        self.top + PLOT_H - fit(t, 0.0, 1.0) * PLOT_H
    }
}

/// The log₁₀ range that holds every band and point of `vals`, with a little room.
fn y_range(vals: &[Band]) -> (f64, f64) {
    let all = vals
        .iter()
        .flat_map(|b| [b.p10, b.p90, b.point.unwrap_or(b.p50)]);
    let (lo, hi) = all
        .filter(|v| *v > 0.0)
        .fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    if lo.is_finite() && hi > lo {
        (lg(lo) - 0.05, lg(hi) + 0.05)
    } else if lo.is_finite() {
        (lg(lo) - 0.5, lg(lo) + 0.5)
    } else {
        (0.0, 1.0)
    }
}

/// The band as an SVG path: along p90, back along p10.
fn band_path(p: &Panel, users: &[f64], vals: &[Band]) -> String {
    let mut d = String::new();
    for (k, (&u, b)) in users.iter().zip(vals).enumerate() {
        let step = if k == 0 { "M" } else { "L" };
        let _ = write!(d, "{step}{},{}", px(p.x_px(u)), px(p.y_px(b.p90)));
    }
    for (&u, b) in users.iter().zip(vals).rev() {
        let _ = write!(d, "L{},{}", px(p.x_px(u)), px(p.y_px(b.p10)));
    }
    d.push('Z');
    d
}

/// What one panel draws: into `texts` its title and ticks, into `bands` its band, with
/// plotters its grid, stage guides, curve and axes.
struct Layers<'a, DB: DrawingBackend> {
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    texts: &'a mut String,
    bands: &'a mut String,
}

/// Panel `p` of metric `m`: title, value ticks and grid, a guide at each stage, the band, the
/// curve at the point values, the axes.
fn draw_panel<DB: DrawingBackend>(
    l: &mut Layers<DB>,
    p: &Panel,
    (m, vals): (Metric, &[Band]),
    (users, stages): (&[f64], &[f64]),
    dark: bool,
) {
    let (left, top, right) = (p.left, p.top, p.left + p.w);
    push_text(l.texts, left, top - 7.0, "start", "smc-title", &m.heading());
    for t in ticks(p.y.0, p.y.1) {
        let y = p.y_px(t);
        push_text(
            l.texts,
            left - 5.0,
            y + TICK_FONT * 0.35,
            "end",
            "smc-tick",
            &m.tick(t),
        );
        let y = y.round() as i32;
        let grid = vec![(left as i32, y), (right as i32, y)];
        let _ = l.root.draw(&PathElement::new(grid, sentinel("smc-grid")));
    }
    for &u in stages {
        let x = p.x_px(u);
        let xi = x.round() as i32;
        let guide = vec![(xi, top as i32), (xi, (top + PLOT_H) as i32)];
        let _ = l.root.draw(&PathElement::new(guide, sentinel("smc-stg")));
        push_text(
            l.texts,
            x,
            top + PLOT_H + 13.0,
            "middle",
            "smc-tstg",
            &users_label(u),
        );
    }
    let key = m.key();
    let _ = writeln!(
        l.bands,
        "<path class=\"smr-band smr-band-{key}\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.2\"/>",
        band_path(p, users, vals),
        crate::core::chart::fallback(&format!("--sm-chart-series-{key}"), dark)
    );
    let line: Vec<(i32, i32)> = users
        .iter()
        .zip(vals)
        .filter_map(|(&u, b)| Some((p.x_px(u).round() as i32, p.y_px(b.point?).round() as i32)))
        .collect();
    let style = ShapeStyle {
        color: series_color(key).to_rgba(),
        filled: false,
        stroke_width: 2,
    };
    let _ = l.root.draw(&PathElement::new(line, style));
    let bottom = (top + PLOT_H) as i32;
    let axes = vec![
        (left as i32, top as i32),
        (left as i32, bottom),
        (right as i32, bottom),
    ];
    let _ = l.root.draw(&PathElement::new(axes, sentinel("smc-axis")));
}

/// Renders the curves of `metrics` (empty: [`DEFAULT_METRICS`]) with their bands as a
/// standalone SVG document; `stages` get a guide each.
pub fn render(c: &Curves, stages: &[f64], opts: &ChartOptions) -> String {
    let metrics: Vec<Metric> = if opts.metrics.is_empty() {
        DEFAULT_METRICS.to_vec()
    } else {
        opts.metrics.clone()
    };
    let w = f64::from(opts.width.clamp(280, 4000));
    let h = f64::from(height(w as u32, metrics.len()));
    let cols = columns(w);
    let grid = (cols, (w - PAD * 2.0) / cols as f64);
    let x = match (c.users.first(), c.users.last()) {
        (Some(&a), Some(&b)) if b > a => (lg(a), lg(b)),
        (Some(&a), _) => (lg(a) - 1.0, lg(a) + 1.0),
        _ => (0.0, 1.0),
    };
    let (mut plot, mut bands, mut texts) = (String::new(), String::new(), String::new());
    {
        let root = SVGBackend::with_string(&mut plot, (w as u32, h as u32)).into_drawing_area();
        let mut layers = Layers {
            root: &root,
            texts: &mut texts,
            bands: &mut bands,
        };
        for (i, m) in metrics.iter().enumerate() {
            let Some((_, vals)) = c.metrics.iter().find(|(k, _)| k == m) else {
                continue;
            };
            let p = Panel::new(i, grid, x, vals);
            draw_panel(&mut layers, &p, (*m, vals), (&c.users, stages), opts.dark);
        }
        let _ = root.present();
    }
    let desc = describe(c, &metrics);
    let title = if opts.title.trim().is_empty() {
        "Growth curves with their p10-p90 bands"
    } else {
        &opts.title
    };
    // The bands go under the lines: ahead of plotters' output in the plot layer.
    bands.push_str(&plot);
    assemble(opts, (w as u32, h as u32), (title, &desc), &bands, &texts)
}

/// The chart in words: each metric's band at the first and the last user count.
pub fn describe(c: &Curves, metrics: &[Metric]) -> String {
    let mut parts = Vec::new();
    for m in metrics {
        let Some((_, vals)) = c.metrics.iter().find(|(k, _)| k == m) else {
            continue;
        };
        let at = |i: usize| {
            let b = &vals[i];
            format!(
                "{} at {} users ({} to {})",
                b.point.map_or("none".to_string(), |v| m.format(v)),
                users_label(c.users[i]),
                m.format(b.p10),
                m.format(b.p90)
            )
        };
        if !vals.is_empty() {
            parts.push(format!("{}: {}, {}", m.label(), at(0), at(vals.len() - 1)));
        }
    }
    format!(
        "Growth curves at the point values with the band from the 10th to the 90th percentile of {} samples. {}.",
        c.samples,
        parts.join("; ")
    )
}
