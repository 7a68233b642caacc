//! The autoscaling policy, applied minute by minute to one pool of instances.
//!
//! Each minute the pool wants `desired` instances (what its load needs at the policy's target
//! utilisation, held between the minimum and the maximum). When that is more than the pool has
//! and has ordered, it orders the difference, which serves traffic `warm` minutes later. When
//! it is fewer than the pool has, nothing is on order, and `cool` minutes have passed since the
//! last action, it removes instances down to `desired`. The day starts in steady state: the
//! pool has what the first minute wants. So a pool never runs more instances than the most any
//! minute wanted, which is what a fleet provisioned for the day's peak runs all day.

use crate::core::params::{Scenario, P};

/// The autoscaling policy (parameters `as_util`, `as_min`, `as_max`, `as_warm`, `as_cool`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Target utilisation, a fraction.
    pub target: f64,
    /// Fewest instances per service.
    pub min: f64,
    /// Most instances per service; `None`: no maximum.
    pub max: Option<f64>,
    /// Minutes from the decision until a new instance serves.
    pub warm: u32,
    /// Minutes after any action before instances are removed.
    pub cool: u32,
}

impl Policy {
    /// The scenario's policy.
    pub fn of(s: &Scenario) -> Policy {
        let max = s.get(P::AsMax);
        Policy {
            target: s.frac(P::AsUtil),
            min: s.get(P::AsMin),
            max: (max > 0.0).then_some(max),
            warm: s.get(P::AsWarm) as u32,
            cool: s.get(P::AsCool) as u32,
        }
    }

    /// `n` held between the policy's minimum (or `floor`, if higher) and maximum.
    pub fn hold(&self, n: f64, floor: f64) -> f64 {
        let lo = self.min.max(floor);
        let n = n.max(lo);
        match self.max {
            Some(m) => n.min(m.max(lo)),
            None => n,
        }
    }
}

/// The instances serving at each minute when the pool follows `policy` towards `desired`.
pub fn run(policy: &Policy, desired: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(desired.len());
    let mut current = desired.first().copied().unwrap_or(0.0);
    // Orders in flight: (minute they serve from, instances).
    let mut pending: Vec<(usize, f64)> = Vec::new();
    let mut last_action: Option<usize> = None;
    for (t, &want) in desired.iter().enumerate() {
        pending.retain(|&(ready, n)| {
            if ready <= t {
                current += n;
                false
            } else {
                true
            }
        });
        let ordered: f64 = pending.iter().map(|p| p.1).sum();
        if want > current + ordered {
            let n = want - current - ordered;
            if policy.warm == 0 {
                current += n;
            } else {
                pending.push((t + policy.warm as usize, n));
            }
            last_action = Some(t);
        } else if want < current
            && pending.is_empty()
            && last_action.is_none_or(|a| t - a >= policy.cool as usize)
        {
            current = want;
            last_action = Some(t);
        }
        out.push(current);
    }
    out
}
