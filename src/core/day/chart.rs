//! The day's chart: requests/s, instances and p99 latency over 24 hours, one panel each,
//! stacked on a shared time axis, the events shaded and labelled in a band above, minutes with
//! a full pool marked under the p99 panel, and an optional cursor with each panel's value.
//!
//! Drawn with the growth chart's machinery ([`crate::core::chart`]): plotters draws the lines
//! and shapes in sentinel colours that become classes and CSS custom properties, every text is
//! ours (escaped, no font measurement), event labels go into lanes by the same packing, and
//! the same [`assemble`](crate::core::chart::assemble) writes the document, title and
//! description; [`ChartOptions`] says the size, id prefix, theme and cursor (a minute).

use crate::core::detmath::DetMath;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::{report, Day, NoP99};
use crate::core::chart::{
    assemble, drawn_points, fit, pack, push_text, sentinel, series_color, text_width, ChartOptions,
    Placed, GAP_Y, LANE_H, PAD, TICK_FONT, TITLE_H, XTICKS_H, XTITLE_H,
};
use crate::core::format::{count, num};

/// The panels: (series key, heading).
const PANELS: [(&str, &str); 3] = [
    ("peak_rps", "Requests/s"),
    ("service_instances", "Instances"),
    ("p99", "p99 latency (ms)"),
];

/// A panel's values (p99: `None` where a pool is full).
fn values(d: &Day, panel: usize) -> Vec<Option<f64>> {
    d.minutes
        .iter()
        .map(|m| match panel {
            0 => Some(m.rps),
            1 => Some(m.instances),
            _ => m.p99_ms,
        })
        .collect()
}

/// The top of a linear axis from 0: the smallest 1-2-5 step × 4 at or above `max`, and its step.
fn axis_top(max: f64) -> (f64, f64) {
    if !(max > 0.0 && max.is_finite()) {
        return (1.0, 0.25);
    }
    let raw = max / 4.0;
    let p = 10f64.det_powf(raw.det_log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| s * 4.0 >= max)
        .unwrap_or(10.0 * p);
    (step * 4.0, step)
}

/// A tick label: short for large values (`200M`), plain otherwise (`2.5`).
fn tick(v: f64) -> String {
    if v >= 10_000.0 {
        count(v)
    } else {
        num(v)
    }
}

/// Where the plots are, for turning a pointer into a minute.
#[derive(Debug, Clone, PartialEq)]
pub struct DayGeometry {
    /// Chart width and height.
    pub size: (f64, f64),
    /// Left and right edge of every plot (midnight and the next).
    pub x: (f64, f64),
    /// Top of the first plot and bottom of the last.
    pub y: (f64, f64),
}

impl DayGeometry {
    /// The minute under chart pixel `(x, y)`, if it is over the plots (or a few pixels off).
    pub fn minute_at(&self, x: f64, y: f64) -> Option<usize> {
        let (l, r) = self.x;
        let inside = x >= l - 6.0 && x <= r + 6.0 && y >= self.y.0 - TITLE_H && y <= self.y.1 + 6.0;
        inside.then(|| (fit((x - l) / (r - l).max(1.0), 0.0, 1.0) * 1439.0).round() as usize)
    }
}

/// Everything placed before drawing.
struct Layout {
    w: f64,
    h: f64,
    left: f64,
    right: f64,
    top: f64,
    plot_h: f64,
    labels: Vec<Placed>,
}

impl Layout {
    fn plot_top(&self, i: usize) -> f64 {
        self.top + i as f64 * (TITLE_H + self.plot_h + GAP_Y) + TITLE_H
    }
    fn x_of(&self, minute: f64) -> f64 {
        self.left + minute / 1440.0 * (self.right - self.left)
    }
}

/// A height that gives each of the three panels about 110 px of plot.
pub fn suggested_height(events: usize) -> u32 {
    let band = LANE_H * (events.min(3) as f64) + 4.0;
    (PAD * 2.0 + band + 3.0 * (TITLE_H + 110.0) + 2.0 * GAP_Y + XTICKS_H + XTITLE_H) as u32
}

fn layout(d: &Day, opts: &ChartOptions) -> Layout {
    let w = f64::from(opts.width.clamp(200, 8000));
    let h = f64::from(opts.height.clamp(150, 8000));
    let label_w = (0..3)
        .map(|p| {
            let max = values(d, p).into_iter().flatten().fold(0.0, f64::max);
            text_width(&tick(axis_top(max).0), TICK_FONT)
        })
        .fold(text_width("0", TICK_FONT), f64::max);
    let left = PAD + label_w + 6.0;
    let right = (w - PAD - text_width("24:00", TICK_FONT) / 2.0).max(left + 10.0);
    let mut labels: Vec<Placed> = d
        .events
        .iter()
        .map(|e| {
            let (at, len) = e.span();
            let text = e.label();
            Placed {
                at: (f64::from(at) + f64::from(len) / 2.0) / 1440.0 * (right - left),
                left: 0.0,
                width: text_width(&text, TICK_FONT),
                lane: 0,
                text,
                class: "smc-tmk",
            }
        })
        .collect();
    let lanes = pack(&mut labels, right - left);
    let top = PAD + lanes as f64 * LANE_H + 4.0;
    let bottom = XTICKS_H + XTITLE_H + PAD;
    let plot_h = ((h - top - bottom - 2.0 * GAP_Y) / 3.0 - TITLE_H).max(30.0);
    Layout {
        w,
        h,
        left,
        right,
        top,
        plot_h,
        labels,
    }
}

/// The chart's geometry for `opts`.
pub fn geometry(d: &Day, opts: &ChartOptions) -> DayGeometry {
    let lay = layout(d, opts);
    DayGeometry {
        size: (lay.w, lay.h),
        x: (lay.left, lay.right),
        y: (lay.plot_top(0), lay.plot_top(2) + lay.plot_h),
    }
}

/// Renders the day as a standalone SVG document; `opts.cursor` is a minute.
pub fn render(d: &Day, opts: &ChartOptions) -> String {
    let lay = layout(d, opts);
    let (wi, hi) = (lay.w as u32, lay.h as u32);
    let cursor = opts
        .cursor
        .filter(|m| m.is_finite() && *m >= 0.0)
        .map(|m| (m.round() as usize).min(d.minutes.len().saturating_sub(1)));
    let mut plot = String::new();
    let mut texts = String::new();
    {
        let root = SVGBackend::with_string(&mut plot, (wi, hi)).into_drawing_area();
        for i in 0..3 {
            draw_panel(&root, d, &lay, i, cursor, &mut texts);
        }
        let _ = root.present();
    }
    for p in &lay.labels {
        let y = PAD + p.lane as f64 * LANE_H + TICK_FONT;
        push_text(&mut texts, lay.left + p.left, y, "start", p.class, &p.text);
    }
    let y = lay.plot_top(2) + lay.plot_h + XTICKS_H - 3.0;
    let every = if lay.right - lay.left >= 420.0 { 3 } else { 6 };
    for hour in (0..=24).step_by(every) {
        let x = lay.x_of(f64::from(hour) * 60.0);
        push_text(
            &mut texts,
            x,
            y,
            "middle",
            "smc-tick",
            &format!("{hour}:00"),
        );
    }
    push_text(
        &mut texts,
        lay.w / 2.0,
        y + XTITLE_H,
        "middle",
        "smc-tick",
        "Time of day (every axis is linear, from 0)",
    );
    // The cursor's time, at the right of the first panel's title row.
    if let Some(m) = cursor {
        let y = lay.plot_top(0) - 5.0;
        push_text(
            &mut texts,
            lay.right,
            y,
            "end",
            "smc-tcur",
            &report::clock(m),
        );
    }
    let title = format!("A day of traffic at {} users", num(d.users));
    assemble(opts, (wi, hi), (&title, &describe(d)), &plot, &texts)
}

/// A panel's plotting area: minutes across, the panel's values up.
type Area<DB> = DrawingArea<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// One panel: its labels, then its backdrop, series and cursor in its plotting area.
fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    d: &Day,
    lay: &Layout,
    i: usize,
    cursor: Option<usize>,
    texts: &mut String,
) {
    let (key, heading) = PANELS[i];
    let top = lay.plot_top(i);
    let (pw, ph) = (lay.right - lay.left, lay.plot_h);
    let vals = values(d, i);
    let (ymax, step) = axis_top(vals.iter().flatten().copied().fold(0.0, f64::max));
    push_text(texts, lay.left, top - 5.0, "start", "smc-title", heading);
    if vals.iter().all(Option::is_none) && d.summary.unbounded_minutes > 0 {
        let (x, y) = (lay.left + pw / 2.0, top + ph / 2.0);
        let why = "no figure: latency has no bound (a call cycle)";
        push_text(texts, x, y, "middle", "smc-tcur", why);
    }
    for k in 0..=4 {
        let v = step * f64::from(k);
        let y = top + ph - v / ymax * ph + TICK_FONT * 0.35;
        push_text(texts, lay.left - 5.0, y, "end", "smc-tick", &tick(v));
    }
    let area = root.clone().shrink(
        (lay.left.round() as i32, top.round() as i32),
        ((pw.round() as u32).max(1), (ph.round() as u32).max(1)),
    );
    let Ok(chart) = ChartBuilder::on(&area).build_cartesian_2d(0.0..1440.0, 0.0..ymax) else {
        return;
    };
    let pa = chart.plotting_area();
    backdrop(pa, d, pw, ymax, step);
    series(pa, d, key, &vals, ymax);
    if let Some(m) = cursor {
        let x = m as f64 + 0.5;
        let _ = pa.draw(&PathElement::new(
            vec![(x, 0.0), (x, ymax)],
            sentinel("smc-cur"),
        ));
        let text = match vals[m] {
            Some(v) => {
                let _ = pa.draw(&Circle::new((x, v), 4, sentinel("smc-curd").filled()));
                num(v)
            }
            None => match d.minutes[m].no_p99 {
                Some(NoP99::PoolFull) => "full".to_string(),
                Some(NoP99::NoRequests) => "none".to_string(),
                _ => "no bound".to_string(),
            },
        };
        let right = m < 900;
        let tx = lay.x_of(x) + if right { 7.0 } else { -7.0 };
        let anchor = if right { "start" } else { "end" };
        push_text(texts, tx, top + TICK_FONT + 2.0, anchor, "smc-tcur", &text);
    }
}

/// The events' spans, the grid and the axes of a panel `pw` pixels wide.
fn backdrop<DB: DrawingBackend>(pa: &Area<DB>, d: &Day, pw: f64, ymax: f64, step: f64) {
    // Each event as one vertical stroke as wide as its span (a rectangle would cost the page
    // plotters' rectangle code).
    for e in &d.events {
        let (at, len) = e.span();
        let mid = f64::from(at) + f64::from(len) / 2.0;
        let band = ShapeStyle {
            color: sentinel("smc-ev").to_rgba(),
            filled: false,
            stroke_width: (f64::from(len) / 1440.0 * pw).round().max(1.0) as u32,
        };
        let _ = pa.draw(&PathElement::new(vec![(mid, 0.0), (mid, ymax)], band));
    }
    for k in 1..=4 {
        let y = step * f64::from(k);
        let _ = pa.draw(&PathElement::new(
            vec![(0.0, y), (1440.0, y)],
            sentinel("smc-grid"),
        ));
    }
    let _ = pa.draw(&PathElement::new(
        vec![(0.0, ymax), (0.0, 0.0), (1440.0, 0.0)],
        sentinel("smc-axis"),
    ));
}

/// The series `key`: one path per run of minutes with a value (p99 has none while a pool is
/// full, or when latency has no bound; full minutes get a red tick at the bottom).
fn series<DB: DrawingBackend>(pa: &Area<DB>, d: &Day, key: &str, vals: &[Option<f64>], ymax: f64) {
    let style = ShapeStyle {
        color: series_color(key).to_rgba(),
        filled: false,
        stroke_width: 2,
    };
    let mut run: Vec<(f64, f64)> = Vec::new();
    let draw = |run: Vec<(f64, f64)>| {
        let px: Vec<(i32, i32)> = run.iter().map(|p| pa.map_coordinate(p)).collect();
        let pts: Vec<(f64, f64)> = drawn_points(&px).into_iter().map(|i| run[i]).collect();
        let _ = pa.draw(&PathElement::new(pts, style));
    };
    for (m, v) in vals.iter().enumerate() {
        let x = m as f64 + 0.5;
        match v {
            Some(v) => run.push((x, fit(*v, 0.0, ymax))),
            None => {
                if !run.is_empty() {
                    draw(std::mem::take(&mut run));
                }
                if d.minutes[m].no_p99 == Some(NoP99::PoolFull) {
                    let tick = vec![(x, 0.0), (x, ymax * 0.08)];
                    let _ = pa.draw(&PathElement::new(tick, sentinel("smc-cur")));
                }
            }
        }
    }
    if !run.is_empty() {
        draw(run);
    }
}

/// The chart's description for screen readers.
pub fn describe(d: &Day) -> String {
    let s = &d.summary;
    let mut t = format!(
        "Requests per second, instances and p99 latency over the 24 hours of a day at {} users ({} shape, autoscaling {}): peak {} requests/s, {} to {} instances, ",
        num(d.users),
        d.shape.key(),
        if d.autoscale { "on" } else { "off" },
        num(s.peak_rps),
        num(s.min_instances),
        num(s.peak_instances)
    );
    t.push_str(&match s.max_p99_ms {
        Some(p) => format!("p99 up to {} ms", num(p)),
        None if s.unbounded_minutes > 0 => "no p99 figure (latency has no bound)".to_string(),
        None => "no p99 figure".to_string(),
    });
    if s.overloaded_minutes > 0 {
        t.push_str(&format!(
            ", {} minute(s) with a full pool",
            s.overloaded_minutes
        ));
    }
    if s.unbounded_minutes > 0 {
        t.push_str(&format!(
            ", {} minute(s) whose latency has no bound",
            s.unbounded_minutes
        ));
    }
    for e in &d.events {
        t.push_str("; ");
        t.push_str(&report::event_text(e));
    }
    t.push('.');
    t
}
