//! Latin hypercube sampling over a scenario's ranges, from a fixed seed.
//!
//! With `n` samples, each range is cut into `n` slices of equal probability and every slice is
//! used exactly once (in an order shuffled per range), at a random point inside it; the value
//! is the range's quantile there ([`Range::quantile`]). So even a few hundred samples cover
//! each range end to end, which plain random sampling does not. The generator is SplitMix64
//! from [`SEED`]: the same scenario gives the same samples everywhere, so a link always shows
//! the same bands.

use crate::core::params::{spec, Scenario, P};
use crate::core::range::Range;

/// The generator's seed: fixed, so that bands are a function of the link alone.
pub const SEED: u64 = 0x5CA1_E0A9_2026_1206;

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast and well mixed; the same sequence
/// from the same seed everywhere (the fuzz example uses it too).
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform value in [0, 1), from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.bits() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index below `n` (0 for `n` = 0); the modulo's bias is below 2⁻⁵⁰ for the sizes
    /// here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.bits() % n.max(1) as u64) as usize
    }
}

/// The sampled values: `values[i][j]` is range `j`'s value in sample `i`.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// The inputs sampled, in the scenario's order.
    pub inputs: Vec<(P, Range)>,
    /// One row per sample.
    pub values: Vec<Vec<f64>>,
}

impl Design {
    /// `n` Latin-hypercube samples of the ranges of `s` (whole-number inputs rounded).
    pub fn new(s: &Scenario, n: usize) -> Design {
        let inputs = s.ranges.clone();
        let mut rng = SplitMix(SEED);
        let mut values = vec![Vec::with_capacity(inputs.len()); n];
        for (p, r) in &inputs {
            let mut slices: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                slices.swap(i, rng.below(i + 1));
            }
            for (row, slice) in values.iter_mut().zip(slices) {
                let q = (slice as f64 + rng.unit()) / n as f64;
                row.push(whole(*p, r.quantile(q)));
            }
        }
        Design { inputs, values }
    }

    /// The samples drawn.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no sample was drawn.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The scenario of sample `i`: `base` with each range's input set to its sampled value.
    pub fn scenario(&self, base: &Scenario, i: usize) -> Scenario {
        let mut s = base.clone();
        for ((p, _), v) in self.inputs.iter().zip(&self.values[i]) {
            s.set(*p, *v);
        }
        s
    }
}

/// `v` rounded when `p` takes only whole numbers (kept inside its range).
fn whole(p: P, v: f64) -> f64 {
    let sp = spec(p);
    if sp.integer {
        v.round().clamp(sp.min, sp.max)
    } else {
        v
    }
}
