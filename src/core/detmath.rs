//! Transcendental functions with the same bits on every target.
//!
//! `f64::ln`, `exp`, `powf` and the like call whatever the platform links: the system's C
//! library natively (glibc here), Rust's port of musl's libm in the page's wasm. The two differ
//! in the last bits (a p99 of 20.268999383491284 ms against 20.26899938349129), so the page and
//! the CLI would print different JSON for the same link, and a figure at a rounding boundary
//! could even size differently. The core calls these instead, which run the `libm` crate (that
//! same port) on every target. `sqrt` and `powi` need no wrapper: IEEE 754 rounds `sqrt`
//! exactly, and `powi` is repeated multiplication on both targets.
//!
//! `tests/detmath.rs` checks a few values against published figures; `tests/e2e/model-v2.test.mjs`
//! checks the page's JSON against the CLI's, byte for byte.

/// The deterministic counterparts of `f64`'s transcendental methods (`x.det_ln()` for
/// `x.ln()`, and so on).
pub trait DetMath {
    /// Natural logarithm.
    fn det_ln(self) -> f64;
    /// `e` to the power of `self`.
    fn det_exp(self) -> f64;
    /// `self` to the power `y`.
    fn det_powf(self, y: f64) -> f64;
    /// Base-10 logarithm.
    fn det_log10(self) -> f64;
    /// `ln(1 + self)`, accurate near 0.
    fn det_ln_1p(self) -> f64;
    /// `e^self − 1`, accurate near 0.
    fn det_exp_m1(self) -> f64;
}

impl DetMath for f64 {
    fn det_ln(self) -> f64 {
        libm::log(self)
    }
    fn det_exp(self) -> f64 {
        libm::exp(self)
    }
    fn det_powf(self, y: f64) -> f64 {
        libm::pow(self, y)
    }
    fn det_log10(self) -> f64 {
        libm::log10(self)
    }
    fn det_ln_1p(self) -> f64 {
        libm::log1p(self)
    }
    fn det_exp_m1(self) -> f64 {
        libm::expm1(self)
    }
}
