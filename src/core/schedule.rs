//! A value that changes with the user count, given at a few user counts (`100:3,10k:15`) and
//! read in between by straight-line interpolation against log₁₀(users), constant past either end.

use crate::core::detmath::DetMath;

use super::format::{self, parse_number};
use super::limits::{clip, USERS_RANGE};

/// Points `(users, value)`, ascending by users, with distinct user counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schedule {
    points: Vec<(f64, f64)>,
}

/// Most points a schedule may have.
pub const MAX_POINTS: usize = 24;

impl Schedule {
    /// A schedule from points (sorted and deduplicated here; later duplicates win).
    pub fn new(points: &[(f64, f64)]) -> Self {
        let mut pts: Vec<(f64, f64)> = points.to_vec();
        super::sort::by(&mut pts, |a, b| a.0.total_cmp(&b.0).is_lt());
        let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
        for p in pts {
            match out.last_mut() {
                Some(last) if last.0 == p.0 => *last = p,
                _ => out.push(p),
            }
        }
        Schedule { points: out }
    }

    /// Whether no point is given.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The points.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// The value at `users` (None when empty).
    pub fn at(&self, users: f64) -> Option<f64> {
        let pts = &self.points;
        let first = pts.first()?;
        let last = pts[pts.len() - 1];
        if users <= first.0 {
            return Some(first.1);
        }
        if users >= last.0 {
            return Some(last.1);
        }
        let i = pts.iter().position(|p| p.0 > users)?;
        let (a, b) = (pts[i - 1], pts[i]);
        let t = (users.det_log10() - a.0.det_log10()) / (b.0.det_log10() - a.0.det_log10());
        Some(a.1 + t * (b.1 - a.1))
    }

    /// The canonical text: `100:3,10k:15`.
    pub fn to_text(&self) -> String {
        self.points
            .iter()
            .map(|(u, v)| format!("{}:{}", format::link_number(*u), format::link_number(*v)))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads `users:value` pairs separated by commas, values in `[0, max]`. An empty text is
    /// the empty schedule. Entries that cannot be read are left out and described in the
    /// returned problems; if none can be read, the error says why.
    pub fn parse(raw: &str, max: f64) -> Result<(Schedule, Vec<String>), String> {
        let mut problems = Vec::new();
        let mut pts = Vec::new();
        let entries: Vec<&str> = raw
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .collect();
        if entries.is_empty() {
            return Ok((Schedule::default(), problems));
        }
        for e in &entries {
            let Some((u, v)) = e.split_once(':') else {
                problems.push(format!(
                    "“{}” is not of the form users:value and was left out.",
                    clip(e)
                ));
                continue;
            };
            match (parse_number(u), parse_number(v)) {
                (Ok(u), Ok(v)) => {
                    let uc = u.round().clamp(USERS_RANGE.0, USERS_RANGE.1);
                    let vc = v.clamp(0.0, max);
                    if uc != u || vc != v {
                        problems.push(format!(
                            "“{}” was out of range; used {}:{}.",
                            clip(e),
                            format::num(uc),
                            format::num(vc)
                        ));
                    }
                    pts.push((uc, vc));
                }
                (Err(err), _) | (_, Err(err)) => {
                    problems.push(format!("“{}” {err} and was left out.", clip(e)));
                }
            }
        }
        if pts.len() > MAX_POINTS {
            problems.push(format!(
                "at most {MAX_POINTS} points; the rest were left out."
            ));
            pts.truncate(MAX_POINTS);
        }
        if pts.is_empty() {
            return Err(format!(
                "no users:value pair could be read from “{}”",
                clip(raw)
            ));
        }
        Ok((Schedule::new(&pts), problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: interpolation is on log(users), constant past the ends.
    #[test]
    fn interpolates_on_log_users() {
        let s = Schedule::new(&[(100.0, 3.0), (10_000.0, 15.0)]);
        assert_eq!(s.at(10.0), Some(3.0));
        assert_eq!(s.at(1_000.0), Some(9.0));
        assert_eq!(s.at(1e9), Some(15.0));
        assert_eq!(Schedule::default().at(5.0), None);
    }

    // Guards: text round-trips and bad entries are named.
    #[test]
    fn parse_and_print() {
        let (s, p) = Schedule::parse("10k:15, 100:3", 1e4).unwrap();
        assert!(p.is_empty());
        assert_eq!(s.to_text(), "100:3,10k:15");
        let (s, p) = Schedule::parse("100:3,x:1,5", 1e4).unwrap();
        assert_eq!(s.points().len(), 1);
        assert_eq!(p.len(), 2);
        assert!(Schedule::parse("zzz", 10.0).is_err());
    }
}
