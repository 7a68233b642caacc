//! Which inputs move a stage's figures most: one input at a time from its low to its high
//! value, every other input at its point value (a one-at-a-time sensitivity, drawn as a
//! tornado).
//!
//! An input's low and high are its range's ends when it is a range, otherwise its value −25%
//! and +25% (kept inside what the input accepts, rounded where it takes whole numbers). Two
//! figures are watched: the monthly cost, and the first bottleneck's headroom (how many times
//! traffic can grow before the architecture as built needs a change; whichever component is
//! first at that value). Inputs are ranked by how far each moves the figure (|high − low|);
//! inputs that move neither are left out. Words (the month convention, byte units) are not
//! swung: they are conventions, not guesses.

use crate::core::model::{Context, Depth, Stage};
use crate::core::params::{Group, Scenario, Spec, SPECS};

/// Without a range, an input swings this share below and above its value.
pub const SWING: f64 = 0.25;

/// The two figures watched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Watched {
    /// Monthly cost, USD.
    pub cost: f64,
    /// The first bottleneck's headroom (× traffic); `None` when nothing bounds growth.
    pub headroom: Option<f64>,
}

impl Watched {
    fn of(st: &Stage) -> Watched {
        Watched {
            cost: st.cost.total,
            headroom: st.bottleneck.headroom,
        }
    }
}

/// One input's swing.
#[derive(Debug, Clone, PartialEq)]
pub struct Swing {
    /// The input's key (`rps`, ...).
    pub key: &'static str,
    /// Its label, with " price" after a unit price's (`Database node price`).
    pub label: String,
    /// Its unit.
    pub unit: &'static str,
    /// Whether low and high are the ends of a range the scenario gives (otherwise ±25%).
    pub from_range: bool,
    /// The input's low and high values.
    pub low: f64,
    /// See `low`.
    pub high: f64,
    /// The figures with the input at its low value.
    pub at_low: Watched,
    /// The figures with the input at its high value.
    pub at_high: Watched,
}

impl Swing {
    /// How far the input moves the monthly cost.
    pub fn cost_swing(&self) -> f64 {
        (self.at_high.cost - self.at_low.cost).abs()
    }

    /// How far the input moves the first bottleneck's headroom (0 when either has none).
    pub fn headroom_swing(&self) -> f64 {
        match (self.at_low.headroom, self.at_high.headroom) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => 0.0,
        }
    }
}

/// One stage's sensitivity.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// Users.
    pub users: f64,
    /// The figures at the point values.
    pub base: Watched,
    /// The first bottleneck at the point values.
    pub bottleneck: &'static str,
    /// Inputs that move the cost, most first.
    pub by_cost: Vec<Swing>,
    /// Inputs that move the headroom, most first.
    pub by_headroom: Vec<Swing>,
}

/// The inputs that are swung: every numeric input that takes numbers only.
fn swung() -> impl Iterator<Item = &'static Spec> {
    SPECS.iter().filter(|s| s.choices.is_empty())
}

/// The low and high values of input `sp` in `s`, and whether they are a range's ends.
pub fn low_high(s: &Scenario, sp: &Spec) -> (f64, f64, bool) {
    if let Some((_, r)) = s.ranges.iter().find(|(p, _)| *p == sp.p) {
        return (r.lo, r.hi, true);
    }
    let v = s.get(sp.p);
    let at = |f: f64| {
        let x = (v * f).clamp(sp.min, sp.max);
        if sp.integer {
            x.round().clamp(sp.min, sp.max)
        } else {
            x
        }
    };
    (at(1.0 - SWING), at(1.0 + SWING), false)
}

/// The sensitivity of stage `users` of `s`.
pub fn stage(s: &Scenario, users: f64) -> Sensitivity {
    let at = |s: &Scenario| Watched::of(&Context::new(s).stage_at(users, false, Depth::Full));
    let point = Context::new(s).stage_at(users, false, Depth::Full);
    let mut swings: Vec<Swing> = Vec::new();
    for sp in swung() {
        let (low, high, from_range) = low_high(s, sp);
        if low == high {
            continue;
        }
        let with = |v: f64| {
            let mut t = s.clone();
            t.set(sp.p, v);
            at(&t)
        };
        swings.push(Swing {
            key: sp.key,
            label: match sp.group {
                Group::Prices => format!("{} price", sp.label),
                _ => sp.label.to_string(),
            },
            unit: sp.unit,
            from_range,
            low,
            high,
            at_low: with(low),
            at_high: with(high),
        });
    }
    Sensitivity {
        users,
        base: Watched::of(&point),
        bottleneck: point.bottleneck.component.label(),
        by_cost: ranked(&swings, Swing::cost_swing),
        by_headroom: ranked(&swings, Swing::headroom_swing),
    }
}

/// The swings that move `by`, largest first (ties in the inputs' order).
fn ranked(swings: &[Swing], by: fn(&Swing) -> f64) -> Vec<Swing> {
    let mut v: Vec<Swing> = swings.iter().filter(|w| by(w) > 0.0).cloned().collect();
    v.sort_by(|a, b| by(b).total_cmp(&by(a)));
    v
}

/// Every stage's sensitivity.
pub fn all(s: &Scenario) -> Vec<Sensitivity> {
    s.users.iter().map(|&u| stage(s, u)).collect()
}
