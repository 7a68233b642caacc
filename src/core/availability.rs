//! Availability arithmetic: parts in series (all needed), in parallel (any one enough), k of n
//! replicas, downtime over a period, and the tail at scale.
//!
//! An availability is held as its complement, the unavailability `u = 1 − A` ([`Avail`]), so
//! that 99.9999999% keeps its digits (1 − A in floating point would lose them) and products of
//! many small failure probabilities neither cancel nor round to zero early.
//!
//! - Series: `A = Π Aᵢ`, computed as `u = −expm1(Σ ln1p(−uᵢ))`.
//! - Parallel (any one of n): `u = Π uᵢ`.
//! - k of n identical replicas (each up with probability A, independently): the request is served
//!   when at least k are up, so `u = P(Bin(n, A) ≤ k − 1)`. The binomial tail is summed from its
//!   edge outward, term by term in log space (each pmf from Loader's saddle-point form, see
//!   [`special`](super::special)), over whichever tail is the smaller; the other side is `1 −`
//!   that. Cost: O(√(n·A·u)) terms at worst, fine for n = 100,000; relative error ~1e-12.
//! - Downtime over a period T: `u × T` seconds ([`downtime_s`]). The period's length is a
//!   convention, so every one is named: [`MONTH_2_5M_S`], [`MONTH_30_DAYS_S`],
//!   [`MONTH_GREGORIAN_S`], [`MONTH_730_HOURS_S`], [`YEAR_365_DAYS_S`], [`YEAR_GREGORIAN_S`],
//!   and [`days_s`] for any other.
//! - The tail at scale ([`tail_at_scale`]): if one call exceeds a latency x with probability p,
//!   a request that waits for the slowest of n independent parallel calls exceeds x with
//!   probability `1 − (1 − p)ⁿ`, computed as `−expm1(n·ln1p(−p))` (exact for tiny p, where the
//!   direct form rounds to 0).
//!
//! # Along the call graph
//! Over the same index-based calls as [`latency`](super::latency) ([`Call`]):
//! - [`needed`]: the services a request to each service needs: itself and everything it reaches
//!   through synchronous calls. Asynchronous calls (through the queue) and optional calls (with a
//!   fallback) are not needed: their failure does not fail the caller.
//! - [`request_availability`]: a request is served when every needed service is, each counted
//!   once (a service two callers share is one part, not two): the series of their own
//!   availabilities (each typically the k-of-n of its instances, times its database's, …).
//!   Failures are taken as independent. A call cycle does not change the set (it is still
//!   finite); the latency model reports the cycle.
//! - [`impact`]: with some services down, each service [`Impact::Fails`] when a needed service is
//!   down, is [`Impact::Degraded`] when a down service is reachable only through asynchronous or
//!   optional calls, and is [`Impact::Ok`] otherwise. [`failed_share`] weighs the entry services'
//!   outcomes by their share of client requests.

use crate::core::detmath::DetMath;

use super::latency::{Call, CallMode};
use super::special::{ln_add, ln_binomial_pmf};

/// A month of 2,500,000 s: the round figure of the System Design Primer ("1 request per second
/// = 2.5 million requests per month").
pub const MONTH_2_5M_S: f64 = 2_500_000.0;
/// A 30-day month, 2,592,000 s.
pub const MONTH_30_DAYS_S: f64 = 30.0 * 86_400.0;
/// The average Gregorian month, 30.436875 days = 2,629,746 s (365.2425 / 12 days).
pub const MONTH_GREGORIAN_S: f64 = 30.436_875 * 86_400.0;
/// A billing month of 730 hours, 2,628,000 s.
pub const MONTH_730_HOURS_S: f64 = 730.0 * 3600.0;
/// A 365-day year, 31,536,000 s.
pub const YEAR_365_DAYS_S: f64 = 365.0 * 86_400.0;
/// The average Gregorian year, 365.2425 days = 31,556,952 s.
pub const YEAR_GREGORIAN_S: f64 = 365.2425 * 86_400.0;

/// A period of `days` days, in seconds.
pub fn days_s(days: f64) -> f64 {
    days * 86_400.0
}

/// An availability, stored as the probability of being unavailable.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Avail {
    down: f64,
}

impl Avail {
    /// Always up.
    pub const ALWAYS: Avail = Avail { down: 0.0 };
    /// Never up.
    pub const NEVER: Avail = Avail { down: 1.0 };

    /// From an availability A in [0, 1] (clamped; NaN counts as never up).
    pub fn new(availability: f64) -> Avail {
        Avail::from_unavailability(1.0 - availability)
    }

    /// From an unavailability u = 1 − A in [0, 1], the precise way to give many nines:
    /// `from_unavailability(1e-9)` is 99.9999999%.
    pub fn from_unavailability(u: f64) -> Avail {
        Avail {
            down: if u.is_nan() { 1.0 } else { u.clamp(0.0, 1.0) },
        }
    }

    /// From a number of nines: 3 → 99.9%.
    pub fn from_nines(nines: f64) -> Avail {
        Avail::from_unavailability(10f64.det_powf(-nines))
    }

    /// A = 1 − u.
    pub fn availability(self) -> f64 {
        1.0 - self.down
    }

    /// u = 1 − A, to full relative precision.
    pub fn unavailability(self) -> f64 {
        self.down
    }

    /// −log₁₀(u): 99.9% is 3 nines (∞ when never down).
    pub fn nines(self) -> f64 {
        -self.down.det_log10()
    }
}

/// All parts needed: `A = Π Aᵢ` (1 for no parts).
pub fn series(parts: &[Avail]) -> Avail {
    let ln_up: f64 = parts.iter().map(|p| (-p.down).det_ln_1p()).sum();
    Avail::from_unavailability(-ln_up.det_exp_m1())
}

/// `n` identical parts all needed: `Aⁿ`.
pub fn series_n(part: Avail, n: u64) -> Avail {
    Avail::from_unavailability(-(n as f64 * (-part.down).det_ln_1p()).det_exp_m1())
}

/// Any one part enough: `u = Π uᵢ` (never up for no parts).
pub fn parallel(parts: &[Avail]) -> Avail {
    // In log space so that 10⁵ replicas of 1e-5 underflow only at the very end (to "always").
    let ln_down: f64 = parts.iter().map(|p| p.down.det_ln()).sum();
    Avail::from_unavailability(ln_down.det_exp())
}

/// `n` identical parts, any one enough: `uⁿ`.
pub fn parallel_n(part: Avail, n: u64) -> Avail {
    if n == 0 {
        return Avail::NEVER;
    }
    Avail::from_unavailability((n as f64 * part.down.det_ln()).det_exp())
}

/// At least `k` of `n` identical, independent replicas needed. `k = 1` is [`parallel_n`],
/// `k = n` is [`series_n`]; `k = 0` is always up, `k > n` never.
pub fn k_of_n(k: u64, n: u64, part: Avail) -> Avail {
    if k == 0 {
        return Avail::ALWAYS;
    }
    if k > n {
        return Avail::NEVER;
    }
    // Down when the number of replicas up, X ~ Bin(n, A), is at most k − 1.
    let (p, q) = (part.availability(), part.down);
    // binomial_tails sums the smaller tail directly, so both sides keep their precision.
    let (lower, _) = binomial_tails(k - 1, n, p, q);
    Avail::from_unavailability(lower)
}

/// `(P(X ≤ m), P(X > m))` for X ~ Bin(n, p) (q = 1 − p given separately). The smaller one is
/// summed term by term away from the mode; the other is 1 minus it.
pub fn binomial_tails(m: u64, n: u64, p: f64, q: f64) -> (f64, f64) {
    if m >= n {
        return (1.0, 0.0);
    }
    let mode = ((n as f64 + 1.0) * p).floor() as u64;
    if m < mode {
        // Lower tail from m down to 0: terms shrink as x falls below the mode.
        let lower = sum_away(m, n, p, q, false).det_exp().min(1.0);
        (lower, 1.0 - lower)
    } else {
        // Upper tail from m + 1 up to n.
        let upper = sum_away(m + 1, n, p, q, true).det_exp().min(1.0);
        (1.0 - upper, upper)
    }
}

/// ln Σ of binomial pmfs from `start` moving away from the mode (up when `upward`), stopping once
/// a term is below 1e-17 of the sum.
fn sum_away(start: u64, n: u64, p: f64, q: f64, upward: bool) -> f64 {
    let mut ln_term = ln_binomial_pmf(start, n, p, q);
    if ln_term == f64::NEG_INFINITY {
        return ln_term;
    }
    let mut ln_sum = ln_term;
    let mut x = start;
    let (ln_p, ln_q) = (p.det_ln(), q.det_ln());
    loop {
        // Ratio of neighbouring terms: P(x+1)/P(x) = (n−x)/(x+1) · p/q.
        if upward {
            if x == n {
                break;
            }
            ln_term += ((n - x) as f64).det_ln() - ((x + 1) as f64).det_ln() + ln_p - ln_q;
            x += 1;
        } else {
            if x == 0 {
                break;
            }
            ln_term += (x as f64).det_ln() - ((n - x + 1) as f64).det_ln() + ln_q - ln_p;
            x -= 1;
        }
        ln_sum = ln_add(ln_sum, ln_term);
        if ln_term < ln_sum - 39.2 {
            break; // e^−39.2 ≈ 1e-17
        }
    }
    ln_sum
}

/// Expected time down over a period of `period_s` seconds: `(1 − A) × T`.
pub fn downtime_s(a: Avail, period_s: f64) -> f64 {
    a.down * period_s
}

/// The tail at scale: the probability that the slowest of `n` independent parallel calls
/// exceeds a latency that one call exceeds with probability `p`, `1 − (1 − p)ⁿ`.
pub fn tail_at_scale(p: f64, n: f64) -> f64 {
    if p >= 1.0 {
        return if n > 0.0 { 1.0 } else { 0.0 };
    }
    if p <= 0.0 || n <= 0.0 {
        return 0.0;
    }
    -(n * (-p).det_ln_1p()).det_exp_m1()
}

/// The per-call exceedance probability that makes the slowest of `n` calls exceed with
/// probability `target`: `1 − (1 − target)^(1/n)` (the inverse of [`tail_at_scale`]).
pub fn per_call_tail_for(target: f64, n: f64) -> f64 {
    if target <= 0.0 || n <= 0.0 {
        return 0.0;
    }
    if target >= 1.0 {
        return 1.0;
    }
    -((-target).det_ln_1p() / n).det_exp_m1()
}

/// Services reachable from each service, following only calls for which `follow` holds;
/// each list includes the service itself and is sorted.
fn closure(calls: &[Vec<Call>], follow: impl Fn(&Call) -> bool) -> Vec<Vec<usize>> {
    let n = calls.len();
    (0..n)
        .map(|s| {
            let mut seen = vec![false; n];
            seen[s] = true;
            let mut stack = vec![s];
            while let Some(v) = stack.pop() {
                for c in &calls[v] {
                    if c.to < n && !seen[c.to] && follow(c) {
                        seen[c.to] = true;
                        stack.push(c.to);
                    }
                }
            }
            (0..n).filter(|&i| seen[i]).collect()
        })
        .collect()
}

/// The services a request to each service needs: itself and every service it reaches through
/// synchronous calls (sorted indices).
pub fn needed(calls: &[Vec<Call>]) -> Vec<Vec<usize>> {
    closure(calls, |c| c.mode == CallMode::Sync)
}

/// The availability of a request entering each service: the series of `own[t]` over the
/// services t it [`needed`], each once. `own` and `calls` are indexed alike.
pub fn request_availability(own: &[Avail], calls: &[Vec<Call>]) -> Vec<Avail> {
    needed(calls)
        .iter()
        .map(|set| {
            let parts: Vec<Avail> = set.iter().filter_map(|&t| own.get(t).copied()).collect();
            series(&parts)
        })
        .collect()
}

/// The weakest link of a request to service `s`: the needed service with the largest
/// unavailability (the first such on a tie).
pub fn weakest(own: &[Avail], needed_by_s: &[usize]) -> Option<usize> {
    needed_by_s
        .iter()
        .copied()
        .filter(|&t| t < own.len())
        .fold(None, |best: Option<usize>, t| match best {
            Some(b) if own[b].down >= own[t].down => Some(b),
            _ => Some(t),
        })
}

/// What the services that are down do to a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impact {
    /// Nothing it calls, in any way, is down.
    Ok,
    /// Works, but something it calls asynchronously or optionally (directly or further on) is
    /// down: queued work piles up or a fallback answers.
    Degraded,
    /// It or a service it needs (synchronously) is down: its requests fail.
    Fails,
}

/// Each service's [`Impact`] when the services marked in `down` are down.
pub fn impact(calls: &[Vec<Call>], down: &[bool]) -> Vec<Impact> {
    let is_down = |t: &usize| down.get(*t).copied().unwrap_or(false);
    let all = closure(calls, |_| true);
    needed(calls)
        .iter()
        .zip(&all)
        .map(|(need, reach)| {
            if need.iter().any(is_down) {
                Impact::Fails
            } else if reach.iter().any(is_down) {
                Impact::Degraded
            } else {
                Impact::Ok
            }
        })
        .collect()
}

/// The share of client requests that fail: the weights (shares of client traffic entering at
/// each service) of the failing services over the total weight; 0 when nothing has weight.
pub fn failed_share(impact: &[Impact], weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if total.is_nan() || total <= 0.0 {
        return 0.0;
    }
    let failed: f64 = impact
        .iter()
        .zip(weights)
        .filter(|(i, w)| **i == Impact::Fails && **w > 0.0)
        .map(|(_, w)| w)
        .sum();
    failed / total
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: k of n matches the direct binomial sum on small cases.
    #[test]
    fn k_of_n_small_cases() {
        let a = Avail::new(0.9);
        // 2 of 3: down when 0 or 1 up: 0.1³ + 3·0.9·0.1² = 0.028.
        assert!((k_of_n(2, 3, a).unavailability() - 0.028).abs() < 1e-15);
        assert!((k_of_n(1, 3, a).unavailability() - 0.001).abs() < 1e-15);
        assert!((k_of_n(3, 3, a).unavailability() - (1.0 - 0.729)).abs() < 1e-15);
        assert_eq!(k_of_n(0, 3, a), Avail::ALWAYS);
        assert_eq!(k_of_n(4, 3, a), Avail::NEVER);
    }
}
