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

/// The bars' horizontal scale: the figure's values across the room left between the end
/// values' labels.
struct Scale {
    lo: f64,
    span: f64,
    left: f64,
    right: f64,
}

impl Scale {
    /// From the point value `base` and the rows' ends, for a chart `w` wide.
    fn new(list: &[&Swing], watch: Watch, base: f64, w: f64) -> Scale {
        let ends: Vec<f64> = list
            .iter()
            .flat_map(|x| {
                let (a, b) = watch.ends(x);
                [a, b]
            })
            .collect();
        let (lo, hi) = ends
            .iter()
            .fold((base, base), |(l, h), &v| (l.min(v), h.max(v)));
        // Room for the end values beside the bars: the widest value each side.
        let widest = ends
            .iter()
            .map(|&v| text_width(&watch.format(v), TICK_FONT))
            .fold(0.0, f64::max);
        Scale {
            lo,
            span: if hi > lo { hi - lo } else { 1.0 },
            left: PAD + widest + 8.0,
            right: w - PAD - widest - 8.0,
        }
    }

    fn x(&self, v: f64) -> f64 {
        self.left + (v - self.lo) / self.span * (self.right - self.left)
    }
}

/// One bar: its corners in pixels and its class.
type Bar = ([(i32, i32); 2], &'static str);

/// The title and the note under it (on two lines when one does not fit).
fn push_head(texts: &mut String, lay: &Lay, watch: Watch, notes: (&str, &str)) {
    push_text(texts, PAD, PAD + 12.0, "start", "smc-title", watch.title());
    if lay.two_lines {
        push_text(texts, PAD, PAD + 28.0, "start", "smc-tick", notes.0);
        push_text(
            texts,
            PAD,
            PAD + 28.0 + LINE_H,
            "start",
            "smc-tick",
            notes.1,
        );
    } else {
        let note = format!("{} {}", notes.0, notes.1);
        push_text(texts, PAD, PAD + 28.0, "start", "smc-tick", &note);
    }
}

/// Row `top` for input `x`: its label (and values) into `texts`, its two bars (low, high)
/// returned, the figure at each end beside the bars' outer ends.
fn push_row(
    texts: &mut String,
    lay: &Lay,
    sc: &Scale,
    (watch, base): (Watch, f64),
    x: &Swing,
    mut top: f64,
) -> [Bar; 2] {
    if lay.two_lines {
        let (label, values) = input_parts(x);
        push_text(texts, PAD, top + 10.0, "start", "smc-tstg", label);
        top += LINE_H;
        push_text(texts, PAD, top + 10.0, "start", "smc-tstg", &values);
    } else {
        push_text(texts, PAD, top + 10.0, "start", "smc-tstg", &input_text(x));
    }
    let (a, b) = watch.ends(x);
    let bar = |v: f64, class| -> Bar {
        let (x0, x1) = (sc.x(base.min(v)), sc.x(base.max(v)));
        let x1 = x1.max(x0 + 1.0);
        let corners = [
            (x0.round() as i32, (top + 14.0) as i32),
            (x1.round() as i32, (top + 26.0) as i32),
        ];
        (corners, class)
    };
    // The values at the bars' outer ends: the smaller left of them, the larger right.
    let (small, large) = (a.min(b), a.max(b));
    let y = top + 24.0;
    let at = sc.x(small.min(base)) - 4.0;
    push_text(texts, at, y, "end", "smc-tick", &watch.format(small));
    if large != small {
        let at = sc.x(large.max(base)) + 4.0;
        push_text(texts, at, y, "start", "smc-tick", &watch.format(large));
    }
    [bar(a, "smc-lo"), bar(b, "smc-hi")]
}

/// Plotters' drawing of the bars and, through each row's bars, the point value's line at `xb`.
fn draw_bars(rows: &[[Bar; 2]], xb: i32, size: (u32, u32)) -> String {
    let mut plot = String::new();
    {
        let root = SVGBackend::with_string(&mut plot, size).into_drawing_area();
        for (corners, class) in rows.iter().flatten() {
            let _ = root.draw(&Rectangle::new(*corners, sentinel(class).filled()));
        }
        for [(corners, _), _] in rows {
            let (y0, y1) = (corners[0].1 - 2, corners[1].1 + 2);
            let line = PathElement::new(vec![(xb, y0), (xb, y1)], sentinel("smc-axis"));
            let _ = root.draw(&line);
        }
        let _ = root.present();
    }
    plot
}

/// Renders the tornado of `s` by `watch` as a standalone SVG document: the head, a row per
/// input (label, bars, end values), the legend.
pub fn render(s: &Sensitivity, watch: Watch, opts: &ChartOptions) -> String {
    let list: Vec<&Swing> = watch.list(s).iter().take(TOP).collect();
    let w = f64::from(opts.width.clamp(280, 4000));
    let point_note = match watch.base(s) {
        Some(b) => format!("{} at the point values;", watch.format(b)),
        None => "No bottleneck bounds growth at the point values;".to_string(),
    };
    let notes = (
        point_note.as_str(),
        "each bar: one input from its low to its high value",
    );
    let lay = Lay::new(&list, w, &format!("{} {}", notes.0, notes.1));
    let h = lay.height(list.len()).round();
    let base = watch.base(s).unwrap_or(0.0);
    let sc = Scale::new(&list, watch, base, w);
    let mut texts = String::new();
    push_head(&mut texts, &lay, watch, notes);
    let rows: Vec<[Bar; 2]> = list
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let top = PAD + lay.head_h + i as f64 * lay.row_h;
            push_row(&mut texts, &lay, &sc, (watch, base), x, top)
        })
        .collect();
    let legend = "Blue: the input low · red: the input high";
    push_text(&mut texts, PAD, h - PAD - 6.0, "start", "smc-tick", legend);
    let plot = draw_bars(&rows, sc.x(base).round() as i32, (w as u32, h as u32));
    let title = if opts.title.trim().is_empty() {
        "What moves this figure most"
    } else {
        &opts.title
    };
    let desc = describe(s, watch);
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
