//! Breakpoints: the smallest whole user count at which each [`Milestone`] holds, and where it
//! stops holding and starts again, found by a log-spaced scan from 1 user to
//! [`SWEEP_MAX_USERS`] and then bisection.

use crate::core::detmath::DetMath;

use super::{Breakpoint, Context, Milestone, SWEEP_MAX_USERS};
use crate::core::params::P;

/// Scan points per decade of users.
const PER_DECADE: usize = 24;

impl Context<'_> {
    /// Where each milestone first holds, and every span of user counts it holds over (a
    /// component can be needed from one user count, not needed again from another, and come
    /// back: the maturity preset's cache goes when each service gets its own database).
    pub fn breakpoints(&self) -> Vec<Breakpoint> {
        let grid = self.scan_grid();
        let mut spans: Vec<Vec<(f64, Option<f64>)>> = vec![Vec::new(); Milestone::ALL.len()];
        let mut prev: Option<(f64, [bool; Milestone::ALL.len()])> = None;
        for &u in &grid {
            let st = self.capacity_stage(u);
            let now = Milestone::ALL.map(|m| m.holds(&st));
            for (k, &m) in Milestone::ALL.iter().enumerate() {
                let (lo, was) = prev.map_or((0.0, false), |(lo, p)| (lo, p[k]));
                if now[k] == was {
                    continue;
                }
                let at = self.bisect(m, now[k], lo, u);
                if now[k] {
                    spans[k].push((at, None));
                } else if let Some(last) = spans[k].last_mut() {
                    last.1 = Some(at);
                }
            }
            prev = Some((u, now));
        }
        Milestone::ALL
            .iter()
            .zip(spans)
            .map(|(&m, spans)| Breakpoint {
                milestone: m,
                users: spans.first().map(|s| s.0),
                spans,
            })
            .collect()
    }

    /// 24 points a decade, plus every user count where a policy switches something on (and
    /// the one before it), so that a milestone that holds only briefly is not stepped over.
    fn scan_grid(&self) -> Vec<f64> {
        let s = self.s;
        let decades = SWEEP_MAX_USERS.det_log10() as usize;
        let mut grid: Vec<f64> = (0..=decades * PER_DECADE)
            .map(|i| 10f64.det_powf(i as f64 / PER_DECADE as f64).round())
            .collect();
        let mut policy = vec![s.get(P::DbSplit), s.get(P::VersionsFrom)];
        policy.extend(
            (1..=s.get(P::MaxRegions) as usize).map(|k| k as f64 * s.get(P::RegionUsers) + 1.0),
        );
        policy.extend(
            s.service_count
                .points()
                .iter()
                .chain(s.migrated.points())
                .map(|p| p.0),
        );
        for p in policy {
            for q in [p - 1.0, p] {
                if (1.0..=SWEEP_MAX_USERS).contains(&q) {
                    grid.push(q.round());
                }
            }
        }
        crate::core::sort::f64s(&mut grid);
        grid.dedup();
        grid
    }

    /// The smallest whole `u` in `(lo, hi]` where whether `m` holds is `holds`, given it is so
    /// at `hi`.
    fn bisect(&self, m: Milestone, holds: bool, mut lo: f64, mut hi: f64) -> f64 {
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if m.holds(&self.capacity_stage(mid)) == holds {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}
