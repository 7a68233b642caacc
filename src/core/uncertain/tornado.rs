//! The tornado: one stage's inputs ranked by how far each moves a figure (the monthly cost or
//! the first bottleneck's headroom), one bar each from the figure at the input's low value to
//! the figure at its high value, across a line at the figure's point value.
//!
//! The bars and the axis line go through plotters like every chart's, coloured by class
//! (`smc-lo`, `smc-hi`: the chart's shared class table, see `core::chart::CLASSES`); all text
//! goes through [`push_text`] (so through the one escaping routine).

use plotters::prelude::*;

use super::sensitivity::{Sensitivity, Swing};
use crate::core::chart::{assemble, push_text, sentinel, text_width, ChartOptions, PAD, TICK_FONT};
use crate::core::format;

/// Bars drawn (the most moving inputs).
pub const TOP: usize = 8;
const ROW_H: f64 = 30.0;
const HEAD_H: f64 = 40.0;
const FOOT_H: f64 = 26.0;
/// One more line of text.
const LINE_H: f64 = 13.0;

/// The figure the tornado ranks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watch {
    /// Monthly cost, USD.
    Cost,
    /// The first bottleneck's headroom, × traffic.
    Headroom,
}

impl Watch {
    /// Its key in links and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Watch::Cost => "cost",
            Watch::Headroom => "headroom",
        }
    }

    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            Watch::Cost => "Monthly cost",
            Watch::Headroom => "First bottleneck's headroom",
        }
    }

    /// A value for people.
    pub fn format(self, v: f64) -> String {
        match self {
            Watch::Cost => format::usd(v),
            Watch::Headroom => format!("×{}", format::num(v)),
        }
    }

    /// The ranked swings.
    pub fn list(self, s: &Sensitivity) -> &[Swing] {
        match self {
            Watch::Cost => &s.by_cost,
            Watch::Headroom => &s.by_headroom,
        }
    }

    /// The figure at the point values.
    pub fn base(self, s: &Sensitivity) -> Option<f64> {
        match self {
            Watch::Cost => Some(s.base.cost),
            Watch::Headroom => s.base.headroom,
        }
    }

    /// The figure with a swing's input at its low and at its high value.
    pub fn ends(self, w: &Swing) -> (f64, f64) {
        match self {
            Watch::Cost => (w.at_low.cost, w.at_high.cost),
            Watch::Headroom => (
                w.at_low.headroom.unwrap_or(0.0),
                w.at_high.headroom.unwrap_or(0.0),
            ),
        }
    }
}

/// An input's name and its values: (`Requests per active user`, `20 req → 40 req (range)`).
pub fn input_parts(w: &Swing) -> (&str, String) {
    let unit = match w.unit {
        "" => String::new(),
        "%" | "×" => w.unit.to_string(),
        u => format!(" {u}"),
    };
    let from = if w.from_range { "range" } else { "±25%" };
    let values = format!(
        "{}{unit} → {}{unit} ({from})",
        format::num(w.low),
        format::num(w.high)
    );
    (&w.label, values)
}

/// An input's name and values on one line: `Requests per active user: 20 req → 40 req (range)`.
pub fn input_text(w: &Swing) -> String {
    let (label, values) = input_parts(w);
    format!("{label}: {values}")
}

/// Rows and the head: their heights, on one line each, or two where a line does not fit.
struct Lay {
    /// Whether each input's name and values take a line each.
    two_lines: bool,
    row_h: f64,
    head_h: f64,
}

impl Lay {
    fn new(list: &[&Swing], w: f64, note: &str) -> Lay {
        let room = w - 2.0 * PAD;
        let two_lines = list
            .iter()
            .any(|x| text_width(&input_text(x), TICK_FONT) > room)
            || text_width(note, TICK_FONT) > room;
        Lay {
            two_lines,
            row_h: if two_lines { ROW_H + LINE_H } else { ROW_H },
            head_h: if two_lines { HEAD_H + LINE_H } else { HEAD_H },
        }
    }

    fn height(&self, rows: usize) -> f64 {
        self.head_h + rows.max(1) as f64 * self.row_h + FOOT_H + PAD * 2.0
    }
}

/// Renders the tornado of `s` by `watch` as a standalone SVG document.
pub fn render(s: &Sensitivity, watch: Watch, opts: &ChartOptions) -> String {
    let list: Vec<&Swing> = watch.list(s).iter().take(TOP).collect();
    let w = f64::from(opts.width.clamp(280, 4000));
    let (point_note, bar_note) = match watch.base(s) {
        Some(b) => (
            format!("{} at the point values;", watch.format(b)),
            "each bar: one input from its low to its high value",
        ),
        None => (
            "No bottleneck bounds growth at the point values;".to_string(),
            "each bar: one input from its low to its high value",
        ),
    };
    let lay = Lay::new(&list, w, &format!("{point_note} {bar_note}"));
    let h = lay.height(list.len()).round();
    let base = watch.base(s).unwrap_or(0.0);
    let (lo, hi) = list
        .iter()
        .flat_map(|x| {
            let (a, b) = watch.ends(x);
            [a, b]
        })
        .fold((base, base), |(l, h), v| (l.min(v), h.max(v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    // Room for the end values beside the bars: the widest value each side.
    let widest = list
        .iter()
        .flat_map(|x| {
            let (a, b) = watch.ends(x);
            [watch.format(a), watch.format(b)]
        })
        .map(|t| text_width(&t, TICK_FONT))
        .fold(0.0, f64::max);
    let (left, right) = (PAD + widest + 8.0, w - PAD - widest - 8.0);
    let x_of = |v: f64| left + (v - lo) / span * (right - left);
    let mut texts = String::new();
    // Each bar's corners (pixels) and class, drawn with plotters below.
    let mut bars: Vec<([(i32, i32); 2], &str)> = Vec::new();
    push_text(
        &mut texts,
        PAD,
        PAD + 12.0,
        "start",
        "smc-title",
        watch.title(),
    );
    if lay.two_lines {
        push_text(
            &mut texts,
            PAD,
            PAD + 28.0,
            "start",
            "smc-tick",
            &point_note,
        );
        push_text(
            &mut texts,
            PAD,
            PAD + 28.0 + LINE_H,
            "start",
            "smc-tick",
            bar_note,
        );
    } else {
        let note = format!("{point_note} {bar_note}");
        push_text(&mut texts, PAD, PAD + 28.0, "start", "smc-tick", &note);
    }
    for (i, x) in list.iter().enumerate() {
        let mut top = PAD + lay.head_h + i as f64 * lay.row_h;
        let (a, b) = watch.ends(x);
        if lay.two_lines {
            let (label, values) = input_parts(x);
            push_text(&mut texts, PAD, top + 10.0, "start", "smc-tstg", label);
            top += LINE_H;
            push_text(&mut texts, PAD, top + 10.0, "start", "smc-tstg", &values);
        } else {
            push_text(
                &mut texts,
                PAD,
                top + 10.0,
                "start",
                "smc-tstg",
                &input_text(x),
            );
        }
        for (v, class) in [(a, "smc-lo"), (b, "smc-hi")] {
            let (x0, x1) = (x_of(base.min(v)), x_of(base.max(v)));
            let x1 = x1.max(x0 + 1.0);
            let (y0, y1) = (top + 14.0, top + 26.0);
            bars.push((
                [
                    (x0.round() as i32, y0 as i32),
                    (x1.round() as i32, y1 as i32),
                ],
                class,
            ));
        }
        // The values at the bars' outer ends: the smaller left of them, the larger right.
        let (small, large) = (a.min(b), a.max(b));
        let y = top + 24.0;
        push_text(
            &mut texts,
            x_of(small.min(base)) - 4.0,
            y,
            "end",
            "smc-tick",
            &watch.format(small),
        );
        if large != small {
            push_text(
                &mut texts,
                x_of(large.max(base)) + 4.0,
                y,
                "start",
                "smc-tick",
                &watch.format(large),
            );
        }
    }
    let mut plot = String::new();
    {
        let root = SVGBackend::with_string(&mut plot, (w as u32, h as u32)).into_drawing_area();
        let xb = x_of(base).round() as i32;
        for (corners, class) in &bars {
            let _ = root.draw(&Rectangle::new(*corners, sentinel(class).filled()));
        }
        // The point value's line through each row's bars (not through the labels above them).
        for (corners, _) in bars.iter().step_by(2) {
            let (y0, y1) = (corners[0].1 - 2, corners[1].1 + 2);
            let _ = root.draw(&PathElement::new(
                vec![(xb, y0), (xb, y1)],
                sentinel("smc-axis"),
            ));
        }
        let _ = root.present();
    }
    let legend_y = h - PAD - 6.0;
    push_text(
        &mut texts,
        PAD,
        legend_y,
        "start",
        "smc-tick",
        "Blue: the input low · red: the input high",
    );
    let desc = describe(s, watch);
    let title = if opts.title.trim().is_empty() {
        "What moves this figure most"
    } else {
        &opts.title
    };
    assemble(opts, (w as u32, h as u32), (title, &desc), &plot, &texts)
}

/// The tornado in words.
pub fn describe(s: &Sensitivity, watch: Watch) -> String {
    let list = watch.list(s);
    if list.is_empty() {
        return format!(
            "No input moves the {} at this stage.",
            watch.title().to_lowercase()
        );
    }
    let parts: Vec<String> = list
        .iter()
        .take(TOP)
        .map(|w| {
            let (a, b) = watch.ends(w);
            format!(
                "{}: {} to {}",
                input_text(w),
                watch.format(a),
                watch.format(b)
            )
        })
        .collect();
    format!(
        "{} at {} users, inputs ranked by how far each moves it: {}.",
        watch.title(),
        format::count(s.users),
        parts.join("; ")
    )
}
