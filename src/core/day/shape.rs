//! The daily curve: how busy each minute of the day is, as a share of the stage's peak.
//!
//! A shape starts from a base curve `b` over the 1,440 minutes, scaled so that its busiest
//! minute is exactly 1: `wave` (a smoothstep around the clock, low at 4:00, high at 16:00),
//! `one` (a Gaussian bump at 20:00, 3 h wide), `two` (bumps 2 h wide at 12:00, 0.8 high, and
//! 20:00). It is then sharpened to `b^k` and
//! lifted to `g = 1 − c·(1 − b^k)`: the busiest minute stays exactly 1 (the stage's peak), and
//! `c = (1 − 1/peak) ÷ (1 − mean(b^k))` makes the mean of `g` exactly `1 ÷ peak factor`, so
//! the day's average is the stage's average and peak ÷ average is the scenario's peak factor.
//! `k` is found by Newton's method so that `mean(b^k)` is `0.75 ÷ (peak − 0.25)` (the mean falls
//! as `k` grows, and is convex in it): then `c` is about `1 − 0.25/peak`, so the quietest
//! minutes carry about a quarter of the average rather than nothing; `c ≤ 1`, none negative.
//!
//! `flat` is the stage table's own assumption: every minute as busy as the peak (`g = 1`).

use crate::core::detmath::DetMath;

use super::events::DAY_MINUTES;

/// A daily shape (the `day` parameter's words, in its value order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Low at 4:00, high at 16:00.
    Wave,
    /// The peak all day: the stage table.
    Flat,
    /// One peak, at 20:00.
    One,
    /// Two peaks: 12:00 (0.8 of the evening's) and 20:00.
    Two,
}

impl Shape {
    /// The shape the `day` parameter's value stands for.
    pub fn from_value(v: f64) -> Shape {
        match v as u8 {
            1 => Shape::Flat,
            2 => Shape::One,
            3 => Shape::Two,
            _ => Shape::Wave,
        }
    }

    /// The word in links.
    pub fn key(self) -> &'static str {
        match self {
            Shape::Wave => "wave",
            Shape::Flat => "flat",
            Shape::One => "one",
            Shape::Two => "two",
        }
    }
}

/// Hours from `h` to `at` around the 24-hour clock, 0 to 12.
fn apart(h: f64, at: f64) -> f64 {
    let d = (h - at).rem_euclid(24.0);
    d.min(24.0 - d)
}

/// A bump of height 1 at hour `at`, `width` hours wide (a Gaussian around the clock).
fn bump(h: f64, at: f64, width: f64) -> f64 {
    let x = apart(h, at) / width;
    (-0.5 * x * x).det_exp()
}

/// The base curve before sharpening, at hour `h` (no trigonometry: it would add the page's
/// only sine and cosine code).
fn base_at(shape: Shape, h: f64) -> f64 {
    match shape {
        // A smoothstep from the trough at 4:00 (0) to the crest at 16:00 (1).
        Shape::Wave => {
            let x = 1.0 - apart(h, 16.0) / 12.0;
            x * x * (3.0 - 2.0 * x)
        }
        Shape::Flat => 1.0,
        Shape::One => bump(h, 20.0, 3.0),
        Shape::Two => (0.8 * bump(h, 12.0, 2.0)).max(bump(h, 20.0, 2.0)),
    }
}

/// The base curve at the middle of each minute, its busiest minute exactly 1.
fn base(shape: Shape) -> Vec<f64> {
    let raw: Vec<f64> = (0..DAY_MINUTES)
        .map(|i| base_at(shape, (f64::from(i) + 0.5) / 60.0))
        .collect();
    let max = raw.iter().copied().fold(0.0, f64::max);
    raw.into_iter().map(|v| v / max).collect()
}

/// `bᵏ` from `ln b` (a zero minute stays zero).
fn pow_from_ln(ln_b: f64, k: f64) -> f64 {
    if ln_b == f64::NEG_INFINITY {
        0.0
    } else {
        (k * ln_b).det_exp()
    }
}

/// `mean(bᵏ)` and its derivative in k, `mean(bᵏ·ln b)`, from each minute's `ln b`.
fn mean_pow(ln_b: &[f64], k: f64) -> (f64, f64) {
    let (mut sum, mut slope) = (0.0, 0.0);
    for &l in ln_b {
        let v = pow_from_ln(l, k);
        sum += v;
        slope += if v > 0.0 { v * l } else { 0.0 };
    }
    let n = ln_b.len() as f64;
    (sum / n, slope / n)
}

/// The k ≥ 0 with `mean(bᵏ) = target` (0 < target < 1). `ln mean(bᵏ)` falls and is convex in k
/// (a log-sum-exp of lines `k·ln b`), and nearly straight, so Newton's method on it from k = 0
/// climbs to the root from below without overshooting, in a few steps; it stops once a step moves
/// k by less than 1e-12 of itself.
fn sharpness(ln_b: &[f64], target: f64) -> f64 {
    let ln_target = target.det_ln();
    let mut k: f64 = 0.0;
    for _ in 0..200 {
        let (m, slope) = mean_pow(ln_b, k);
        let gap = m.det_ln() - ln_target;
        if gap <= 0.0 || slope >= 0.0 {
            break;
        }
        // d/dk ln m = m′ / m.
        let next = k + gap * m / -slope;
        if next <= k || !next.is_finite() {
            break;
        }
        // Convergence is quadratic by the time a step is this small: take it and stop.
        let small = next - k <= 1e-12 * k;
        k = next;
        if small {
            break;
        }
    }
    k
}

/// Each minute's traffic as a share of the peak: the busiest minute is exactly 1 and the mean
/// is `1 ÷ peak_factor` (all 1 for `flat`, or a peak factor of 1).
pub fn curve(shape: Shape, peak_factor: f64) -> Vec<f64> {
    let n = DAY_MINUTES as usize;
    if shape == Shape::Flat
        || peak_factor.is_nan()
        || peak_factor <= 1.0 + 1e-12
        || peak_factor.is_infinite()
    {
        return vec![1.0; n];
    }
    let ln_b: Vec<f64> = base(shape).iter().map(|v| v.det_ln()).collect();
    let k = sharpness(&ln_b, 0.75 / (peak_factor - 0.25));
    let m = mean_pow(&ln_b, k).0;
    let c = ((1.0 - 1.0 / peak_factor) / (1.0 - m)).min(1.0);
    ln_b.iter()
        .map(|&l| 1.0 - c * (1.0 - pow_from_ln(l, k)))
        .collect()
}
