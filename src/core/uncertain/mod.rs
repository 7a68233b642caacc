//! Ranges, not guesses (issue "Ranges"): what the figures do when inputs are ranges.
//!
//! A pipeline of three small steps, each testable on its own:
//! 1. [`sample`]: a Latin hypercube over the scenario's ranges, from a fixed seed, so a link
//!    always gives the same samples (and the same bands) on every machine.
//! 2. [`bands`]: each sample run through the model ([`crate::core::model::Context`], the one
//!    code path for every figure); per stage, each figure's p10 / p50 / p90 over the samples,
//!    and how often each component is the first bottleneck. The growth curves' bands come
//!    from the same samples at the chart's user counts.
//! 3. [`sensitivity`]: one input at a time across its range (or ±25% without one), the swing
//!    of the monthly cost and of the first bottleneck's headroom, ranked (the tornado).
//!
//! [`tornado`] and [`band_chart`] draw them with plotters, like the growth chart.

pub mod band_chart;
pub mod bands;
pub mod json;
pub mod sample;
pub mod sensitivity;
pub mod tornado;

/// Samples drawn when none are asked for.
pub const DEFAULT_SAMPLES: usize = 200;
/// The most samples a link or the CLI may ask for.
pub const MAX_SAMPLES: usize = 5_000;
