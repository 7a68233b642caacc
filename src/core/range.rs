//! A numeric input given as a range rather than one value (issue "Ranges"): `1k..5k` (every
//! value between equally likely: uniform) or `1k..2k..5k` (a most likely value between:
//! triangular). The notation is read by [`crate::core::params`], which reads each end as it
//! reads a number; this module is the distribution: its point value, its quantiles and its
//! text.
//!
//! The point value is what a page without bands computes with: the most likely value when one
//! is given, the midpoint otherwise. A range of zero width is that one value.

use crate::core::format;

/// The separator between a range's ends.
pub const SEP: &str = "..";

/// A range of values of one input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// The smallest value.
    pub lo: f64,
    /// The most likely value, when given (`lo ≤ mode ≤ hi`).
    pub mode: Option<f64>,
    /// The largest value.
    pub hi: f64,
}

impl Range {
    /// The value used where one number is needed: the most likely value, or the midpoint.
    pub fn point(&self) -> f64 {
        self.mode.unwrap_or((self.lo + self.hi) / 2.0)
    }

    /// The value below which a share `q` (0..=1) of the range's probability lies: uniform
    /// without a most likely value, triangular with one.
    pub fn quantile(&self, q: f64) -> f64 {
        let (lo, hi) = (self.lo, self.hi);
        let w = hi - lo;
        if w <= 0.0 {
            return lo;
        }
        let q = q.clamp(0.0, 1.0);
        let Some(m) = self.mode else {
            return lo + q * w;
        };
        // Triangular: F(m) = (m − lo) / w splits the two sides (sqrt is exact in IEEE 754,
        // so the same on every platform).
        let left = (m - lo) / w;
        if q < left {
            lo + (q * w * (m - lo)).sqrt()
        } else {
            hi - ((1.0 - q) * w * (hi - m)).sqrt()
        }
    }

    /// The range in link notation: `1000..5000`, `1000..2000..5000`.
    pub fn to_text(&self) -> String {
        let n = format::link_number;
        match self.mode {
            Some(m) => format!("{}{SEP}{}{SEP}{}", n(self.lo), n(m), n(self.hi)),
            None => format!("{}{SEP}{}", n(self.lo), n(self.hi)),
        }
    }
}

/// The parts of `raw` when it is written as a range (two or three parts around `..`), `None`
/// for anything else (a plain number, a word).
pub fn parts(raw: &str) -> Option<Vec<&str>> {
    if !raw.contains(SEP) {
        return None;
    }
    Some(raw.split(SEP).map(str::trim).collect())
}
