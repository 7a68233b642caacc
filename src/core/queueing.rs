//! M/M/c queues: a pool of `c` identical servers, Poisson arrivals at λ per second, exponential
//! service times with mean S seconds (rate μ = 1/S per server), an unlimited FIFO queue.
//!
//! # Figures
//! - Offered load a = λ·S (Erlangs); utilisation ρ = a / c.
//! - Erlang B, `B(c, a)`: the share of arrivals that would be turned away if there were no
//!   queue (all c servers busy). Defined for every load.
//! - Erlang C, `C(c, a) = c·B / (c − a·(1 − B))`: the probability an arrival has to wait. Only
//!   for ρ < 1; at ρ ≥ 1 the queue grows without bound and [`Queue::state`] is
//!   [`QueueState::Unstable`] (no number is made up for C or the waits).
//! - Waiting time: `P(Wq > t) = C·e^(−(cμ − λ)·t)`; mean `E[Wq] = C / (cμ − λ)`; the q-quantile
//!   `t_q = max(0, ln(C / (1 − q))) / (cμ − λ)` (the p99 wait is zero whenever C ≤ 1%).
//!
//! # Method (and its measured error)
//! - c ≤ [`EXACT_MAX_SERVERS`]: the textbook recursion `B(0) = 1`, `B(k) = a·B(k−1) / (k +
//!   a·B(k−1))` (stable: every step is a ratio of positive numbers; the oracle the tests use).
//! - larger c: no O(c) loop. Erlang B is a ratio of Poisson probabilities,
//!   `B(c, a) = P(N = c) / P(N ≤ c)` for N ~ Poisson(a). `P(N = c)` comes from the saddle-point
//!   form in [`special`](super::special) (Loader's method, ~1e-14 relative). The denominator
//!   is a sum of terms that shrink geometrically away from c, so only the terms that matter are
//!   added:
//!   - a < c: `P(N ≤ c) = 1 − P(N > c)` with `P(N > c)/P(N = c) = Σ_{j≥1} Π_{i=1..j} a/(c+i)`
//!     (every ratio below 1; `P(N > c)` ≤ about ½ here, so the subtraction loses nothing);
//!   - a ≥ c: `P(N ≤ c)/P(N = c) = Σ_{j≥0} Π_{i=0..j−1} (c−i)/a`.
//!
//!   When `P(N = c)·ρ/(1 − ρ)` is under 1e-17 the sum cannot change `1 − P(N > c)` from 1 in
//!   f64, so B is `P(N = c)` with no loop at all (large pools away from ρ = 1). Otherwise the
//!   loop stops when a term falls below 1e-17 of the sum: about `min(c, 10·√c, 40/|1 − ρ|)`
//!   terms (≤ 3,200 at c = 100,000, reached only at ρ ≈ 1; a few dozen at the utilisations a
//!   model sizes for), i.e. O(√c) at worst and O(1) away from ρ = 1.
//! - Measured error against the exact recursion (test `large_c_method_matches_recursion`, grid
//!   c ∈ {65 … 100,000} × ρ ∈ {0.05 … 2}, asserted below 1e-10): the largest relative error of
//!   B and of C measured is 4.3e-13 (the recursion's own rounding over 100,000 steps is of that
//!   order); against 40-digit values (mpmath) at c = 1,000 and 100,000 it is below 1e-11. The
//!   Halfin–Whitt approximation `C ≈ [1 + β·Φ(β)/φ(β)]⁻¹`, β = (c − a)/√a, is kept as
//!   [`halfin_whitt_c`] for comparison only: it is 0.6% off even at c = 10,000, ρ = 0.99 (test
//!   `halfin_whitt_is_only_rough`), and worse for smaller pools, which is why it is not used.
//!
//! # Pools of instances (Little's law)
//! Little's law, L = λ·W: an instance that keeps k requests in service, each taking S seconds,
//! completes at most k / S requests per second. The scenario gives each instance a capacity in
//! requests per second (`inst_rps`, `gw_rps`, `db_read`, …); with a per-request service time S
//! the instance therefore runs `k = capacity × S` concurrent workers. [`Pool::new`] maps:
//! - workers per instance `k = max(1, round(capacity × S))`;
//! - servers of the queue `c = n × k` for a pool of n instances (one M/M/c queue: any free
//!   worker of any instance takes the next request, as behind a least-busy load balancer);
//! - service time used by the queue `S' = k / capacity`, so that the pool's service rate is
//!   exactly `n × capacity` and the queue's utilisation equals the model's
//!   `load / (n × capacity)`. S' differs from S only by the rounding of k (at most
//!   `0.5 / capacity` seconds; S' = S whenever capacity × S is whole).

use crate::core::detmath::DetMath;

use super::special::{ln_poisson_pmf, norm_cdf, norm_pdf};

/// Pools up to this many servers use the exact O(c) recursion.
pub const EXACT_MAX_SERVERS: u64 = 64;
/// Most servers a queue may have (beyond this, f64 counts stop being exact long before).
pub const MAX_SERVERS: u64 = 1_000_000_000;

/// Why a queue's inputs cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueError {
    /// The arrival rate is negative or not a finite number.
    Rate,
    /// The service time is not a positive finite number.
    ServiceTime,
    /// The server count is zero or above [`MAX_SERVERS`].
    Servers,
    /// A pool's per-instance capacity is not a positive finite number.
    Capacity,
}

impl std::fmt::Display for QueueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            QueueError::Rate => "the arrival rate must be a finite number ≥ 0",
            QueueError::ServiceTime => "the service time must be a finite number > 0",
            QueueError::Servers => {
                "the server count must be a whole number from 1 to 1,000,000,000"
            }
            QueueError::Capacity => "the capacity per instance must be a finite number > 0",
        })
    }
}

/// Whether the queue settles, and its waiting figures when it does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum QueueState {
    /// ρ < 1: a steady state exists.
    Stable {
        /// Erlang C: the probability an arrival waits at all.
        erlang_c: f64,
        /// The rate at which the wait's tail decays, cμ − λ (per second).
        decay_per_s: f64,
    },
    /// ρ ≥ 1: arrivals come at least as fast as the pool can serve them; the queue grows without
    /// bound and no waiting time exists.
    Unstable,
}

/// The figures of one M/M/c queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Queue {
    /// λ, arrivals per second.
    pub rate_per_s: f64,
    /// S, mean service time in seconds.
    pub service_s: f64,
    /// c, the servers.
    pub servers: u64,
    /// a = λ·S, in Erlangs.
    pub offered_load: f64,
    /// ρ = a / c (may be ≥ 1: then the queue is unstable).
    pub utilization: f64,
    /// Erlang B, `B(c, a)`.
    pub erlang_b: f64,
    /// Stable (with Erlang C) or unstable.
    pub state: QueueState,
}

impl Queue {
    /// Erlang C, the probability of waiting; `None` when the queue is unstable.
    pub fn erlang_c(&self) -> Option<f64> {
        match self.state {
            QueueState::Stable { erlang_c, .. } => Some(erlang_c),
            QueueState::Unstable => None,
        }
    }

    /// Whether a steady state exists (ρ < 1).
    pub fn is_stable(&self) -> bool {
        matches!(self.state, QueueState::Stable { .. })
    }

    /// Mean wait in the queue, `C / (cμ − λ)`, in seconds; `None` when unstable.
    pub fn mean_wait_s(&self) -> Option<f64> {
        match self.state {
            QueueState::Stable {
                erlang_c,
                decay_per_s,
            } => Some(erlang_c / decay_per_s),
            QueueState::Unstable => None,
        }
    }

    /// The q-quantile of the wait (0 ≤ q < 1), `max(0, ln(C/(1−q))) / (cμ − λ)`, in seconds;
    /// `None` when unstable or q is outside [0, 1).
    pub fn wait_quantile_s(&self, q: f64) -> Option<f64> {
        if !(0.0..1.0).contains(&q) {
            return None;
        }
        match self.state {
            QueueState::Stable {
                erlang_c,
                decay_per_s,
            } => {
                if erlang_c <= 1.0 - q {
                    Some(0.0)
                } else {
                    Some((erlang_c / (1.0 - q)).det_ln() / decay_per_s)
                }
            }
            QueueState::Unstable => None,
        }
    }

    /// The 99th-percentile wait in seconds; `None` when unstable.
    pub fn p99_wait_s(&self) -> Option<f64> {
        self.wait_quantile_s(0.99)
    }

    /// `P(Wq > t)` for t ≥ 0 seconds; `None` when unstable.
    pub fn wait_exceeds(&self, t_s: f64) -> Option<f64> {
        match self.state {
            QueueState::Stable {
                erlang_c,
                decay_per_s,
            } => Some(erlang_c * (-decay_per_s * t_s.max(0.0)).det_exp()),
            QueueState::Unstable => None,
        }
    }

    /// Mean response time (wait + service), seconds; `None` when unstable. For one server this
    /// is the textbook `1 / (μ − λ)`.
    pub fn mean_response_s(&self) -> Option<f64> {
        self.mean_wait_s().map(|w| w + self.service_s)
    }
}

/// The M/M/c figures for `rate_per_s` arrivals per second, `service_s` seconds per request and
/// `servers` servers.
pub fn mmc(rate_per_s: f64, service_s: f64, servers: u64) -> Result<Queue, QueueError> {
    if !(rate_per_s.is_finite() && rate_per_s >= 0.0) {
        return Err(QueueError::Rate);
    }
    if !(service_s.is_finite() && service_s > 0.0) {
        return Err(QueueError::ServiceTime);
    }
    if servers == 0 || servers > MAX_SERVERS {
        return Err(QueueError::Servers);
    }
    let a = rate_per_s * service_s;
    if !a.is_finite() {
        return Err(QueueError::Rate);
    }
    let c = servers as f64;
    let rho = a / c;
    let b = erlang_b(servers, a);
    let state = if a < c {
        QueueState::Stable {
            erlang_c: erlang_c_from_b(c, a, b),
            decay_per_s: (c - a) / service_s,
        }
    } else {
        QueueState::Unstable
    };
    Ok(Queue {
        rate_per_s,
        service_s,
        servers,
        offered_load: a,
        utilization: rho,
        erlang_b: b,
        state,
    })
}

/// Erlang C from Erlang B (a < c): `c·B / (c − a·(1 − B))`, clamped to [0, 1].
fn erlang_c_from_b(c: f64, a: f64, b: f64) -> f64 {
    (c * b / (c - a * (1.0 - b))).clamp(0.0, 1.0)
}

/// Erlang B, `B(c, a)`, for `c` servers and offered load `a` Erlangs (a ≥ 0). Exact recursion
/// up to [`EXACT_MAX_SERVERS`], the truncated Poisson-ratio sums above (see the module doc).
pub fn erlang_b(servers: u64, a: f64) -> f64 {
    if servers <= EXACT_MAX_SERVERS {
        erlang_b_exact(servers, a)
    } else {
        erlang_b_fast(servers, a).0
    }
}

/// Erlang C for `c` servers and load `a`; `None` when a ≥ c (unstable).
pub fn erlang_c(servers: u64, a: f64) -> Option<f64> {
    let c = servers as f64;
    if servers == 0 || a.is_nan() || a >= c {
        return None;
    }
    Some(erlang_c_from_b(c, a, erlang_b(servers, a)))
}

/// Erlang B by the O(c) recursion `B(k) = a·B(k−1) / (k + a·B(k−1))`: the reference value.
pub fn erlang_b_exact(servers: u64, a: f64) -> f64 {
    if a <= 0.0 {
        return if servers == 0 { 1.0 } else { 0.0 };
    }
    let mut b = 1.0;
    for k in 1..=servers {
        let ab = a * b;
        b = ab / (k as f64 + ab);
    }
    b
}

/// Erlang B without the O(c) loop; also returns how many terms were added.
pub fn erlang_b_fast(servers: u64, a: f64) -> (f64, u64) {
    if a <= 0.0 {
        return (if servers == 0 { 1.0 } else { 0.0 }, 0);
    }
    let c = servers as f64;
    const EPS: f64 = 1e-17;
    if a < c {
        // B = pmf / (1 − pmf·T), T = Σ_{j≥1} Π_{i=1..j} a/(c+i).
        let pmf = ln_poisson_pmf(servers, a).det_exp();
        if pmf == 0.0 {
            return (0.0, 0);
        }
        // Every ratio is below ρ = a/c, so the sum is below ρ/(1 − ρ). When pmf times that is
        // under 1e-17 (a quarter of half an ulp of 1), `1 − pmf·sum` rounds to exactly 1 and
        // B is pmf itself: the same bits the loop would give, without it (large pools away
        // from ρ = 1, where the loop would run hundreds of terms).
        let rho = a / c;
        if pmf * (rho / (1.0 - rho)) < 1e-17 {
            return (pmf.clamp(0.0, 1.0), 0);
        }
        let (mut term, mut sum, mut n) = (1.0, 0.0, 0u64);
        loop {
            n += 1;
            term *= a / (c + n as f64);
            sum += term;
            if term < EPS * sum || n > 100_000_000 {
                break;
            }
        }
        ((pmf / (1.0 - pmf * sum)).clamp(0.0, 1.0), n)
    } else {
        // 1/B = Σ_{j≥0} Π_{i=0..j−1} (c−i)/a.
        let (mut term, mut sum, mut n) = (1.0, 1.0, 0u64);
        while n < servers {
            term *= (c - n as f64) / a;
            n += 1;
            sum += term;
            if term < EPS * sum {
                break;
            }
        }
        ((1.0 / sum).clamp(0.0, 1.0), n)
    }
}

/// The Halfin–Whitt (square-root staffing) approximation of Erlang C,
/// `[1 + β·Φ(β)/φ(β)]⁻¹` with β = (c − a)/√a; for comparison in tests only.
pub fn halfin_whitt_c(servers: u64, a: f64) -> f64 {
    let beta = (servers as f64 - a) / a.sqrt();
    1.0 / (1.0 + beta * norm_cdf(beta) / norm_pdf(beta))
}

/// How a pool of instances is seen as one M/M/c queue (see the module doc, "Pools of
/// instances").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pool {
    /// Instances in the pool (n).
    pub instances: u64,
    /// Concurrent workers per instance, `k = max(1, round(capacity × S))`.
    pub workers_per_instance: u64,
    /// Servers of the queue, `n × k`.
    pub servers: u64,
    /// The service time the queue uses, `k / capacity` seconds.
    pub service_s: f64,
}

impl Pool {
    /// Maps n instances, each handling `capacity_per_s` requests per second, with `service_s`
    /// seconds per request, to an M/M/c queue.
    pub fn new(instances: u64, capacity_per_s: f64, service_s: f64) -> Result<Pool, QueueError> {
        if !(capacity_per_s.is_finite() && capacity_per_s > 0.0) {
            return Err(QueueError::Capacity);
        }
        if !(service_s.is_finite() && service_s > 0.0) {
            return Err(QueueError::ServiceTime);
        }
        let k = workers_per_instance(capacity_per_s, service_s);
        let servers = instances.checked_mul(k).ok_or(QueueError::Servers)?;
        if instances == 0 || servers > MAX_SERVERS {
            return Err(QueueError::Servers);
        }
        Ok(Pool {
            instances,
            workers_per_instance: k,
            servers,
            service_s: k as f64 / capacity_per_s,
        })
    }

    /// The queue this pool forms under `rate_per_s` requests per second.
    pub fn queue(&self, rate_per_s: f64) -> Result<Queue, QueueError> {
        mmc(rate_per_s, self.service_s, self.servers)
    }
}

/// The fewest instances `n` (up to `max_instances`) of a pool, each handling `capacity_per_s`
/// requests per second at `service_s` per request, for which the q-quantile wait under
/// `rate_per_s` is at most `max_wait_s`; `Ok(None)` when even `max_instances` are not enough.
/// Binary search over n (the wait only falls as instances are added), starting from the
/// fewest that keep the queue stable: O(log n) queue evaluations.
pub fn min_instances_for_wait(
    rate_per_s: f64,
    capacity_per_s: f64,
    service_s: f64,
    q: f64,
    max_wait_s: f64,
    max_instances: u64,
) -> Result<Option<u64>, QueueError> {
    if !(rate_per_s.is_finite() && rate_per_s >= 0.0) {
        return Err(QueueError::Rate);
    }
    if !(capacity_per_s.is_finite() && capacity_per_s > 0.0) {
        return Err(QueueError::Capacity);
    }
    let ok = |n: u64| -> Result<bool, QueueError> {
        let w = Pool::new(n, capacity_per_s, service_s)?
            .queue(rate_per_s)?
            .wait_quantile_s(q);
        Ok(w.is_some_and(|w| w <= max_wait_s))
    };
    let stable_from = ((rate_per_s / capacity_per_s).floor() + 1.0).max(1.0);
    if !stable_from.is_finite() || stable_from > max_instances as f64 {
        return Ok(None);
    }
    let (mut lo, mut hi) = (stable_from as u64, max_instances);
    if !ok(hi)? {
        return Ok(None);
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if ok(mid)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(Some(lo))
}

/// Little's law: the concurrent workers an instance needs to complete `capacity_per_s`
/// requests per second when each takes `service_s` seconds, `max(1, round(capacity × S))`.
pub fn workers_per_instance(capacity_per_s: f64, service_s: f64) -> u64 {
    let k = (capacity_per_s * service_s).round();
    if k.is_finite() && k >= 1.0 {
        k.min(MAX_SERVERS as f64) as u64
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: the two Erlang B routes agree right at the switch-over.
    #[test]
    fn routes_agree_at_the_threshold() {
        for a in [1.0, 30.0, 60.0, 64.0, 70.0, 200.0] {
            for c in [EXACT_MAX_SERVERS, EXACT_MAX_SERVERS + 1] {
                let (fast, _) = erlang_b_fast(c, a);
                let exact = erlang_b_exact(c, a);
                assert!((fast - exact).abs() <= 1e-12 * exact, "c {c} a {a}");
            }
        }
    }

    // Guards: no NaN or infinity from extreme loads.
    #[test]
    fn extremes_are_finite() {
        for c in [1u64, 65, 1000, MAX_SERVERS] {
            for a in [0.0, 1e-300, 1e-9, 1.0, 1e6, 1e12, 1e300] {
                let b = erlang_b(c, a);
                assert!(
                    b.is_finite() && (0.0..=1.0).contains(&b),
                    "c {c} a {a}: {b}"
                );
                if let Some(cc) = erlang_c(c, a) {
                    assert!(cc.is_finite() && (0.0..=1.0).contains(&cc));
                }
            }
        }
    }
}
