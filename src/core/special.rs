//! Special functions the capacity maths needs: Poisson and binomial probabilities in log space
//! (Loader's saddle-point form, accurate to about 1e-14 relative even at n = 10⁹, written out
//! here), and the normal distribution (`erfc` from the `libm` crate, the one numeric dependency,
//! which [`detmath`](super::detmath) already brings; `norm_cdf`, `norm_pdf`, `norm_quantile`).
//!
//! Reference for the saddle-point form: C. Loader, "Fast and accurate computation of binomial
//! probabilities" (2000), the method R's `dbinom`/`dpois` use: a pmf is written as
//! `exp(−stirlerr(n) − bd0(x, np) − …) / √(2πx…)`, where `stirlerr` is the error of Stirling's
//! formula and `bd0(x, m) = x·ln(x/m) + m − x` is computed without cancellation.

use crate::core::detmath::DetMath;

use std::f64::consts::PI;

/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// `ln(n!)` for n = 0..=15, summed exactly enough (each term is one `ln`).
fn ln_factorial_small(n: u64) -> f64 {
    (2..=n).map(|k| (k as f64).det_ln()).sum()
}

/// The error of Stirling's formula: `ln(n!) − (n + ½)·ln(n) + n − ln √(2π)`, for n ≥ 1.
pub fn stirlerr(n: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    if n <= 15.0 {
        // Only whole n reach here (counts); the sum of logs is exact to a few ulps.
        let k = n.round() as u64;
        return ln_factorial_small(k) - (n + 0.5) * n.det_ln() + n - LN_SQRT_2PI;
    }
    let nn = n * n;
    if n > 500.0 {
        (S0 - S1 / nn) / n
    } else if n > 80.0 {
        (S0 - (S1 - S2 / nn) / nn) / n
    } else if n > 35.0 {
        (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
    } else {
        (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
    }
}

/// `ln(n!)` for any whole n (Stirling with its error term above 15).
pub fn ln_factorial(n: u64) -> f64 {
    if n <= 15 {
        return ln_factorial_small(n);
    }
    let x = n as f64;
    (x + 0.5) * x.det_ln() - x + LN_SQRT_2PI + stirlerr(x)
}

/// The deviance term `x·ln(x/m) + m − x` (≥ 0), without cancellation when x ≈ m.
pub fn bd0(x: f64, m: f64) -> f64 {
    if (x - m).abs() < 0.1 * (x + m) {
        let mut v = (x - m) / (x + m);
        let mut s = (x - m) * v;
        let mut ej = 2.0 * x * v;
        v *= v;
        for j in 1..1000 {
            ej *= v;
            let s1 = s + ej / (2 * j + 1) as f64;
            if s1 == s {
                return s1;
            }
            s = s1;
        }
        s
    } else {
        x * (x / m).det_ln() + m - x
    }
}

/// `ln P(N = x)` for N Poisson with mean `m` (x whole, m ≥ 0); −∞ when impossible.
pub fn ln_poisson_pmf(x: u64, m: f64) -> f64 {
    if m <= 0.0 {
        return if x == 0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if x == 0 {
        return -m;
    }
    let xf = x as f64;
    -stirlerr(xf) - bd0(xf, m) - 0.5 * (2.0 * PI * xf).det_ln()
}

/// `ln P(X = x)` for X binomial with n trials, success probability `p` and failure probability
/// `q` (given separately so that a tiny q keeps its digits; p + q = 1).
pub fn ln_binomial_pmf(x: u64, n: u64, p: f64, q: f64) -> f64 {
    if x > n {
        return f64::NEG_INFINITY;
    }
    if p <= 0.0 {
        return if x == 0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if q <= 0.0 {
        return if x == n { 0.0 } else { f64::NEG_INFINITY };
    }
    let nf = n as f64;
    if x == 0 {
        return nf
            * if p < 0.5 {
                (-p).det_ln_1p()
            } else {
                q.det_ln()
            };
    }
    if x == n {
        return nf
            * if q < 0.5 {
                (-q).det_ln_1p()
            } else {
                p.det_ln()
            };
    }
    let xf = x as f64;
    let yf = nf - xf;
    let lc = stirlerr(nf) - stirlerr(xf) - stirlerr(yf) - bd0(xf, nf * p) - bd0(yf, nf * q);
    let lf = 2.0 * PI * xf * yf / nf;
    lc - 0.5 * lf.det_ln()
}

/// `ln(e^a + e^b)` without overflow.
pub fn ln_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).det_exp().det_ln_1p()
}

/// The complementary error function: the `libm` crate's `erfc` (musl's, from FreeBSD's msun:
/// rational approximations on five intervals, one `exp` beyond 0.84; error under 1 ulp), so
/// the page and the CLI compute the same bits (see [`detmath`](super::detmath)).
pub fn erfc(x: f64) -> f64 {
    libm::erfc(x)
}

/// Φ(z), the standard normal distribution function.
pub fn norm_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// φ(z), the standard normal density.
pub fn norm_pdf(z: f64) -> f64 {
    (-0.5 * z * z).det_exp() / (2.0 * PI).sqrt()
}

/// Φ⁻¹(p) for 0 < p < 1 (±∞ at the ends): Newton's method on the smaller tail from the
/// logistic-style start `√(−2 ln p)`, to a relative step of 1e-15.
pub fn norm_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p > 0.5 {
        return -norm_quantile_lower(1.0 - p);
    }
    norm_quantile_lower(p)
}

/// Φ⁻¹(p) for 0 < p ≤ ½, solving on `ln Φ(z) = ln p` so the far tail keeps its precision.
fn norm_quantile_lower(p: f64) -> f64 {
    if p == 0.5 {
        return 0.0;
    }
    let t = (-2.0 * p.det_ln()).sqrt();
    // Abramowitz & Stegun 26.2.23 start (error < 4.5e-4), then Newton on ln Φ.
    let mut z = -(t
        - (2.515517 + 0.802853 * t + 0.010328 * t * t)
            / (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
    let lp = p.det_ln();
    let mut last = f64::INFINITY;
    for _ in 0..50 {
        let cdf = norm_cdf(z);
        if cdf <= 0.0 {
            break;
        }
        // d/dz ln Φ(z) = φ(z)/Φ(z); stop once the steps stop shrinking (rounding level).
        let step = (cdf.det_ln() - lp) * cdf / norm_pdf(z);
        if step.is_nan() || step.abs() >= last {
            break;
        }
        z -= step;
        last = step.abs();
        if last <= 1e-15 * z.abs().max(1.0) {
            break;
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(f64::MIN_POSITIVE)
    }

    // Guards: erfc against values from Abramowitz & Stegun table 7.1 and the tail.
    #[test]
    fn erfc_values() {
        // erfc(0.5) = 0.4795001221869535, erfc(1) = 0.15729920705028513,
        // erfc(2) = 0.004677734981047266, erfc(3) = 2.209049699858544e-05,
        // erfc(5) = 1.5374597944280349e-12, erfc(10) = 2.088487583762545e-45.
        for (x, want) in [
            (0.0, 1.0),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_13),
            (2.0, 0.004_677_734_981_047_266),
            (2.999, 2.223_016_859_983_405_8e-5),
            (3.0, 2.209_049_699_858_544e-5),
            (5.0, 1.537_459_794_428_035e-12),
            (10.0, 2.088_487_583_762_545e-45),
            (-1.0, 1.842_700_792_949_715),
        ] {
            let got = erfc(x);
            assert!(close(got, want, 1e-9), "erfc({x}) = {got}, want {want}");
        }
    }

    // Guards: Φ⁻¹ inverts Φ, including the 99th percentile z = 2.3263478740408408.
    #[test]
    fn quantile_inverts_cdf() {
        assert!(close(norm_quantile(0.99), 2.326_347_874_040_840_8, 1e-12));
        assert!(close(norm_quantile(0.5), 0.0, 1e-12) || norm_quantile(0.5).abs() < 1e-15);
        for p in [1e-12, 1e-6, 0.001, 0.2, 0.7, 0.9999, 1.0 - 1e-9] {
            let z = norm_quantile(p);
            assert!(close(norm_cdf(z), p, 1e-9), "p {p}: z {z}");
        }
    }

    // Guards: ln n! by Stirling above 15 matches the summed logs.
    #[test]
    fn ln_factorial_matches_sum() {
        for n in [16u64, 20, 35, 36, 80, 81, 500, 501, 3000] {
            let want: f64 = (2..=n).map(|k| (k as f64).det_ln()).sum();
            assert!(close(ln_factorial(n), want, 1e-13), "{n}");
        }
    }

    // Guards: the saddle-point pmfs sum to one and match the direct formula where it is exact.
    #[test]
    fn pmfs_are_right() {
        // Poisson(3): P(N = 2) = e^-3 · 9/2.
        assert!(close(
            ln_poisson_pmf(2, 3.0).det_exp(),
            (-3.0f64).det_exp() * 4.5,
            1e-13
        ));
        let total: f64 = (0..200).map(|x| ln_poisson_pmf(x, 40.0).det_exp()).sum();
        assert!(close(total, 1.0, 1e-13));
        // Binomial(10, 0.3): P(X = 3) = 120 · 0.3³ · 0.7⁷.
        let want = 120.0 * 0.3f64.powi(3) * 0.7f64.powi(7);
        assert!(close(
            ln_binomial_pmf(3, 10, 0.3, 0.7).det_exp(),
            want,
            1e-13
        ));
        let total: f64 = (0..=1000)
            .map(|x| ln_binomial_pmf(x, 1000, 0.01, 0.99).det_exp())
            .sum();
        assert!(close(total, 1.0, 1e-13));
    }
}
