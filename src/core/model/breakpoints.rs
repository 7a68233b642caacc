//! Breakpoints: the smallest whole user count at which each [`Milestone`] holds, found by a
//! log-spaced scan from 1 user to [`SWEEP_MAX_USERS`] and then bisection.

use super::{Breakpoint, Context, Milestone, SWEEP_MAX_USERS};
use crate::core::params::P;

/// Scan points per decade of users.
const PER_DECADE: usize = 24;

impl Context<'_> {
    /// Where each milestone first holds.
    pub fn breakpoints(&self) -> Vec<Breakpoint> {
        let grid = self.scan_grid();
        let mut found: Vec<Option<(f64, f64)>> = vec![None; Milestone::ALL.len()];
        let mut prev = 0.0;
        for &u in &grid {
            if found.iter().all(Option::is_some) {
                break;
            }
            let st = self.capacity_stage(u);
            for (k, m) in Milestone::ALL.iter().enumerate() {
                if found[k].is_none() && m.holds(&st) {
                    found[k] = Some((prev, u));
                }
            }
            prev = u;
        }
        Milestone::ALL
            .iter()
            .zip(found)
            .map(|(&m, f)| Breakpoint {
                milestone: m,
                users: f.map(|(lo, hi)| self.bisect(m, lo, hi)),
            })
            .collect()
    }

    /// 24 points a decade, plus every user count where a policy switches something on (and
    /// the one before it), so that a milestone that holds only briefly is not stepped over.
    fn scan_grid(&self) -> Vec<f64> {
        let s = self.s;
        let decades = SWEEP_MAX_USERS.log10() as usize;
        let mut grid: Vec<f64> = (0..=decades * PER_DECADE)
            .map(|i| 10f64.powf(i as f64 / PER_DECADE as f64).round())
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

    /// The smallest whole `u` in `(lo, hi]` where `m` holds, given it holds at `hi`.
    fn bisect(&self, m: Milestone, mut lo: f64, mut hi: f64) -> f64 {
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if m.holds(&self.capacity_stage(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}
