//! Exercises: the questions a course author picks by link (`ask=`: stage-table figures at
//! stages), the estimates a learner types, and how close each is (`tol=`: what counts as right
//! and as close). Plain functions of the link's text and the report; the Learn page shows them.

use super::format;
use super::model::Stage;
use super::params::Notice;
use super::table::{self, Row};

/// One question: a stage-table figure at one stage.
#[derive(Debug, Clone, Copy)]
pub struct Question {
    /// The figure's row (its key is the link's name for it).
    pub row: &'static Row,
    /// The stage, counted from 0 (links count from 1).
    pub stage: usize,
}

impl Question {
    /// The question as the link writes it: `peak_rps@2`.
    pub fn key(&self) -> String {
        format!("{}@{}", self.row.key, self.stage + 1)
    }

    /// The question as people read it: "Peak requests/s at 1M users?".
    pub fn text(&self, stage: &Stage) -> String {
        format!(
            "{} at {} users?",
            self.row.label,
            format::count(stage.users)
        )
    }

    /// How close `estimate` is to the model's `figure`. Availability is graded on what is
    /// missing from 100% (99.9% against 99.99% is ten times the downtime, not 0.09% off).
    pub fn grade(&self, estimate: f64, figure: f64, tol: Tolerance) -> Grade {
        if self.row.key == "availability" {
            grade(1.0 - estimate, 1.0 - figure, tol)
        } else {
            grade(estimate, figure, tol)
        }
    }
}

/// How far an estimate may be from the model's figure: within `right` (a fraction) it is right,
/// within a factor of `close` it is close, anything else is off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// Right within this fraction of the figure (0.1: within 10%).
    pub right: f64,
    /// Close within this factor of the figure (2: from half to twice).
    pub close: f64,
}

/// The tolerances when a link names none: right within 10%, close within a factor of 2.
pub const DEFAULT_TOLERANCE: Tolerance = Tolerance {
    right: 0.1,
    close: 2.0,
};

/// Most questions one link asks.
pub const MAX_QUESTIONS: usize = 12;

/// How close an estimate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// Within the `right` fraction.
    Right,
    /// Within the `close` factor.
    Close,
    /// Further.
    Off,
}

impl Grade {
    /// A short verdict for people, naming the tolerance that decided.
    pub fn verdict(self, tol: Tolerance) -> String {
        match self {
            Grade::Right => format!("Right: within {}.", format::percent(tol.right)),
            Grade::Close => format!("Close: within a factor of {}.", format::num(tol.close)),
            Grade::Off => format!(
                "Off: more than a factor of {} away.",
                format::num(tol.close)
            ),
        }
    }

    /// Its CSS class and `data-grade` value: `right`, `close`, `off`.
    pub fn key(self) -> &'static str {
        match self {
            Grade::Right => "right",
            Grade::Close => "close",
            Grade::Off => "off",
        }
    }
}

/// Grades `estimate` against the model's `figure`. A figure of 0 is right only when the estimate
/// is 0 too (no factor reaches it from anything else).
pub fn grade(estimate: f64, figure: f64, tol: Tolerance) -> Grade {
    let (e, f) = (estimate.abs(), figure.abs());
    if f == 0.0 || e == 0.0 {
        return if e == f { Grade::Right } else { Grade::Off };
    }
    if (e - f).abs() <= tol.right * f * (1.0 + 1e-12) {
        Grade::Right
    } else if e.max(f) / e.min(f) <= tol.close * (1.0 + 1e-12) {
        Grade::Close
    } else {
        Grade::Off
    }
}

/// Reads the link's `ask` value: comma-separated `ROW@STAGE` (a stage-table row's key, a stage
/// counted from 1; `@STAGE` left out means stage 1), each once, at most [`MAX_QUESTIONS`]. A
/// part that names no row, a stage past `stages`, or one too many is left out with a notice.
pub fn read_ask(value: &str, stages: usize, notices: &mut Vec<Notice>) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    let mut skip = |why: String| {
        notices.push(Notice {
            key: "ask".into(),
            message: format!("Link: {why}; it was left out."),
        })
    };
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, at) = part.split_once('@').unwrap_or((part, "1"));
        let Some(row) = table::row(key.trim()) else {
            skip(format!(
                "the question “{part}” names no figure of the stage table (keys as in the CSV: peak_rps, service_instances, replicas, …)"
            ));
            continue;
        };
        let stage = match at.trim().parse::<usize>() {
            Ok(n) if n >= 1 && n <= stages => n - 1,
            _ => {
                skip(format!(
                    "the question “{part}” asks for stage “{}”, and the scenario has stages 1 to {stages}",
                    at.trim()
                ));
                continue;
            }
        };
        let q = Question { row, stage };
        if out.iter().any(|x| x.key() == q.key()) {
            skip(format!("the question “{part}” is asked twice"));
        } else if out.len() == MAX_QUESTIONS {
            skip(format!(
                "the question “{part}” is past the {MAX_QUESTIONS} a link can ask"
            ));
        } else {
            out.push(q);
        }
    }
    out
}

/// Reads the link's `tol` value: `RIGHT` or `RIGHT,CLOSE`, the first a percentage (`10` or
/// `10%`: right within 10%), the second a factor above 1 (`2`: close within a factor of 2).
/// What cannot be read keeps its default, with a notice.
pub fn read_tol(value: &str, notices: &mut Vec<Notice>) -> Tolerance {
    let mut tol = DEFAULT_TOLERANCE;
    let mut parts = value.split(',').map(str::trim);
    let mut bad = |what: &str, part: &str, kept: String| {
        notices.push(Notice {
            key: "tol".into(),
            message: format!("Link: the tolerance “{part}” is not {what}; {kept} is used."),
        })
    };
    if let Some(p) = parts.next().filter(|p| !p.is_empty()) {
        match format::parse_number(p.trim_end_matches('%')) {
            Ok(x) if x > 0.0 && x < 100.0 => tol.right = x / 100.0,
            _ => bad(
                "a percentage between 0 and 100",
                p,
                format!("right within {}", format::percent(tol.right)),
            ),
        }
    }
    if let Some(p) = parts.next().filter(|p| !p.is_empty()) {
        match format::parse_number(p) {
            Ok(x) if x > 1.0 && x <= 1000.0 && x >= 1.0 + tol.right => tol.close = x,
            _ => bad(
                "a factor above 1 (and above the right margin)",
                p,
                format!("close within a factor of {}", format::num(tol.close)),
            ),
        }
    }
    if let Some(p) = parts.next() {
        bad("part of RIGHT,CLOSE", p, "nothing of it".to_string());
    }
    tol
}
