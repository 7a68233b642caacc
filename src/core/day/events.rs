//! The day's events, link key `events`: spikes and canary releases.
//!
//! Notation, comma-separated items:
//! - `spike:xN@H/D` — client traffic × N (1 to 100) for D from hour H: `spike:x5@18h/20m`.
//! - `canary:A-B@H/D` — a new version whose share of traffic rises linearly from A% to B%
//!   over D from hour H, both versions running meanwhile: `canary:1-100@9h/6h` (`1%-100%` is
//!   read too; a link writes `%` as `%25`). After the ramp the new version keeps B% (at 100%
//!   the old one is retired).
//!
//! H is `18h`, `18.5h`, `18:30` or a bare number of hours; D is `20m`, `6h` or a bare number
//! of minutes. Reading is total: every item that cannot be used as written is named in a
//! sentence saying what was used instead. This module imports only `format` and `limits`.

use crate::core::format::{link_number, parse_number};
use crate::core::limits::clip;

/// Minutes in a day.
pub const DAY_MINUTES: u32 = 1_440;
/// The most events a day keeps.
pub const MAX_EVENTS: usize = 12;
/// The largest spike factor.
pub const MAX_FACTOR: f64 = 100.0;

/// One event of the day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// Client traffic × `factor` for `minutes` from minute `at`.
    Spike {
        /// The multiplier, 1 to [`MAX_FACTOR`].
        factor: f64,
        /// First minute of the day (0 = midnight).
        at: u32,
        /// Length in minutes (≥ 1; ends by midnight).
        minutes: u32,
    },
    /// A new version's share of traffic rises from `from` to `to` (fractions) over `minutes`
    /// from minute `at`.
    Canary {
        /// Share at the start, 0 to 1.
        from: f64,
        /// Share at the end, `from` to 1.
        to: f64,
        /// First minute of the ramp.
        at: u32,
        /// Length of the ramp in minutes (≥ 1; ends by midnight).
        minutes: u32,
    },
}

impl Event {
    /// First minute and length.
    pub fn span(&self) -> (u32, u32) {
        match *self {
            Event::Spike { at, minutes, .. } | Event::Canary { at, minutes, .. } => (at, minutes),
        }
    }

    /// A short label for the chart and the readout: `spike ×5`, `canary 1%→100%`.
    pub fn label(&self) -> String {
        match *self {
            Event::Spike { factor, .. } => format!("spike ×{}", link_number(factor)),
            Event::Canary { from, to, .. } => format!(
                "canary {}%→{}%",
                link_number(round6(from * 100.0)),
                link_number(round6(to * 100.0))
            ),
        }
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The traffic multiplier of the spikes running at `minute` (their product; 1 without any).
pub fn multiplier(events: &[Event], minute: u32) -> f64 {
    events
        .iter()
        .filter_map(|e| match *e {
            Event::Spike {
                factor,
                at,
                minutes,
            } if minute >= at && minute < at + minutes => Some(factor),
            _ => None,
        })
        .product()
}

/// The new version's share of traffic at `minute` under the day's canary, if it has started.
pub fn canary_share(events: &[Event], minute: u32) -> Option<f64> {
    events.iter().find_map(|e| match *e {
        Event::Canary {
            from,
            to,
            at,
            minutes,
        } if minute >= at => {
            let t = (f64::from(minute - at) / f64::from(minutes.max(1))).min(1.0);
            Some(from + (to - from) * t)
        }
        _ => None,
    })
}

/// The canary event, if any.
pub fn canary(events: &[Event]) -> Option<Event> {
    events
        .iter()
        .copied()
        .find(|e| matches!(e, Event::Canary { .. }))
}

/// Reads an event list; returns what could be read and a sentence for each problem.
pub fn parse(raw: &str) -> (Vec<Event>, Vec<String>) {
    let mut out: Vec<Event> = Vec::new();
    let mut problems = Vec::new();
    for item in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        if out.len() == MAX_EVENTS {
            problems.push(format!(
                "at most {MAX_EVENTS} events; “{}” and those after it were left out.",
                clip(item)
            ));
            break;
        }
        match parse_item(item, &mut problems) {
            Ok(e) if matches!(e, Event::Canary { .. }) && canary(&out).is_some() => {
                problems.push(format!(
                    "“{}”: one canary per day; the first is kept and this one was left out.",
                    clip(item)
                ))
            }
            Ok(e) => out.push(e),
            Err(why) => problems.push(format!("“{}” {why}; it was left out.", clip(item))),
        }
    }
    (out, problems)
}

/// One item: `kind:body@time/duration`.
fn parse_item(item: &str, problems: &mut Vec<String>) -> Result<Event, String> {
    let (kind, rest) = item
        .split_once(':')
        .ok_or("is not “spike:…” or “canary:…”")?;
    let (what, when) = rest.split_once('@').ok_or("has no start time (“@18h”)")?;
    let (at, dur) = when.split_once('/').ok_or("has no length (“/20m”)")?;
    let at = read_hour(at.trim())?;
    let mut minutes = read_minutes(dur.trim())?;
    if at + minutes > DAY_MINUTES {
        let cut = DAY_MINUTES - at;
        problems.push(format!(
            "“{}” runs past midnight; it was cut to {cut} min, the rest of the day.",
            clip(item)
        ));
        minutes = cut;
    }
    match kind.trim().to_ascii_lowercase().as_str() {
        "spike" => {
            let f = what.trim();
            let f = f.strip_prefix(['x', 'X', '×', '*']).unwrap_or(f).trim();
            let v = parse_number(f).map_err(|e| format!("has a factor “{}” that {e}", clip(f)))?;
            let factor = v.clamp(1.0, MAX_FACTOR);
            if factor != v {
                problems.push(format!(
                    "“{}”: a spike multiplies traffic by 1 to {}; used ×{}.",
                    clip(item),
                    link_number(MAX_FACTOR),
                    link_number(factor)
                ));
            }
            Ok(Event::Spike {
                factor,
                at,
                minutes,
            })
        }
        "canary" => {
            let (a, b) = what.split_once('-').ok_or("has no shares “A%-B%”")?;
            let (from, to) = (read_share(a)?, read_share(b)?);
            let (lo, hi) = (from.min(to), from.max(to));
            if lo != from {
                problems.push(format!(
                    "“{}”: a canary's share rises; read as {}%-{}%.",
                    clip(item),
                    link_number(round6(lo * 100.0)),
                    link_number(round6(hi * 100.0))
                ));
            }
            Ok(Event::Canary {
                from: lo,
                to: hi,
                at,
                minutes,
            })
        }
        _ => Err(format!(
            "is not a known event (“{}”: use spike or canary)",
            clip(kind.trim())
        )),
    }
}

/// `18h`, `18.5h`, `18:30`, `18` → minute of the day.
fn read_hour(t: &str) -> Result<u32, String> {
    let bad = || format!("has a start “{}” that is not an hour from 0 to 24", clip(t));
    let h = if let Some((h, m)) = t.split_once(':') {
        let (h, m) = (
            parse_number(h).map_err(|_| bad())?,
            parse_number(m).map_err(|_| bad())?,
        );
        if !(0.0..60.0).contains(&m) || h.fract() != 0.0 {
            return Err(bad());
        }
        h + m / 60.0
    } else {
        parse_number(t.strip_suffix(['h', 'H']).unwrap_or(t)).map_err(|_| bad())?
    };
    let minute = (h * 60.0).round();
    if !(0.0..f64::from(DAY_MINUTES)).contains(&minute) {
        return Err(bad());
    }
    Ok(minute as u32)
}

/// `20m`, `6h`, `90` → minutes (1 to a day).
fn read_minutes(t: &str) -> Result<u32, String> {
    let bad = || format!("has a length “{}” that is not 1 min to 24 h", clip(t));
    let m = if let Some(h) = t.strip_suffix(['h', 'H']) {
        parse_number(h).map_err(|_| bad())? * 60.0
    } else {
        let t = t.strip_suffix("min").unwrap_or(t);
        parse_number(t.strip_suffix(['m', 'M']).unwrap_or(t)).map_err(|_| bad())?
    };
    let m = m.round();
    if !(1.0..=f64::from(DAY_MINUTES)).contains(&m) {
        return Err(bad());
    }
    Ok(m as u32)
}

/// `25%` or `25` → 0.25.
fn read_share(t: &str) -> Result<f64, String> {
    let t = t.trim();
    let v = parse_number(t.strip_suffix('%').unwrap_or(t).trim())
        .map_err(|_| format!("has a share “{}” that is not 0% to 100%", clip(t)))?;
    if !(0.0..=100.0).contains(&v) {
        return Err(format!("has a share “{}” outside 0% to 100%", clip(t)));
    }
    Ok(v / 100.0)
}

/// A minute of the day as the notation writes it: `18h`, `18:30`.
pub fn hour_text(minute: u32) -> String {
    if minute % 60 == 0 {
        format!("{}h", minute / 60)
    } else {
        format!("{}:{:02}", minute / 60, minute % 60)
    }
}

fn length_text(minutes: u32) -> String {
    if minutes % 60 == 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

/// The canonical text of an event list; [`parse`] reads it back to the same events.
pub fn to_text(events: &[Event]) -> String {
    events
        .iter()
        .map(|e| {
            let (at, minutes) = e.span();
            let what = match *e {
                Event::Spike { factor, .. } => format!("spike:x{}", link_number(factor)),
                // Shares in percent without `%`, which a link would have to escape.
                Event::Canary { from, to, .. } => format!(
                    "canary:{}-{}",
                    link_number(round6(from * 100.0)),
                    link_number(round6(to * 100.0))
                ),
            };
            format!("{what}@{}/{}", hour_text(at), length_text(minutes))
        })
        .collect::<Vec<_>>()
        .join(",")
}
