//! `--samples N`: the bands over the scenario's ranges, the first bottleneck's shares and the
//! sensitivity, as text, Markdown and JSON, through [`crate::core::uncertain`] (the code the
//! Ranges page uses).

use crate::core::format;
use crate::core::params::{spec, Scenario};
use crate::core::uncertain::bands::{self, Bands, StageBands};
use crate::core::uncertain::json::{self as uj, StageExtra};
use crate::core::uncertain::sensitivity::{self, Sensitivity, Swing};
use crate::core::uncertain::tornado;
use crate::core::uncertain::MAX_SAMPLES;

/// How many inputs each sensitivity list shows in text.
const TOP: usize = 5;

/// `--samples`'s value: a whole number from 0 to [`MAX_SAMPLES`].
pub fn parse_samples(v: Option<&str>) -> Result<usize, String> {
    let v = v.ok_or("--samples needs a number, for example --samples 200")?;
    match format::parse_number(v.trim()) {
        Ok(n) if n.fract() == 0.0 && (0.0..=MAX_SAMPLES as f64).contains(&n) => Ok(n as usize),
        _ => Err(format!(
            "--samples “{}” is not a whole number from 0 to {} (for example 200)",
            crate::core::params::clip(v),
            format::count(MAX_SAMPLES as f64)
        )),
    }
}

/// The note for a scenario with ranges and no samples: its figures are the point values.
pub fn unsampled_note(s: &Scenario, samples: usize) -> Option<String> {
    (samples == 0 && !s.ranges.is_empty()).then(|| {
        format!(
            "{} input(s) are ranges; the figures use each one's point value (the most likely \
             value, or the midpoint); --samples 200 adds their bands",
            s.ranges.len()
        )
    })
}

/// The samples' results.
pub struct Sampled {
    s: Scenario,
    bands: Bands,
    sens: Vec<Sensitivity>,
}

impl Sampled {
    /// Draws `n` samples of `s` and swings each input.
    pub fn new(s: &Scenario, n: usize) -> Sampled {
        Sampled {
            s: s.clone(),
            bands: bands::bands(s, n),
            sens: sensitivity::all(s),
        }
    }

    /// The JSON additions, per stage.
    pub fn json(&self) -> Vec<StageExtra> {
        uj::stages(&self.bands, &self.sens)
    }

    /// The text (or Markdown, `md`) section.
    pub fn text(&self, md: bool) -> String {
        let h = if md { "\n### " } else { "\n" };
        let mut out = format!(
            "{h}Bands over {} samples (Latin hypercube, fixed seed): p10 / p50 / p90 of each figure, after its value at the point values\n",
            self.bands.samples
        );
        out.push_str(&format!("  {}\n", ranges_line(&self.s)));
        for (sb, sens) in self.bands.stages.iter().zip(&self.sens) {
            out.push_str(&format!("{h}{} users\n", format::count(sb.users)));
            out.push_str(&stage_text(sb, sens));
        }
        out
    }
}

/// The inputs given as ranges, in words.
fn ranges_line(s: &Scenario) -> String {
    if s.ranges.is_empty() {
        return "No input is a range: every band is one value; the sensitivity swings each input ±25%.".into();
    }
    let parts: Vec<String> = s
        .ranges
        .iter()
        .map(|(p, r)| {
            let kind = if r.mode.is_some() {
                "triangular"
            } else {
                "uniform"
            };
            format!("{} {} ({kind})", spec(*p).label, r.to_text())
        })
        .collect();
    format!("Ranges: {}.", parts.join("; "))
}

fn stage_text(sb: &StageBands, sens: &Sensitivity) -> String {
    let mut out = String::new();
    for (f, b) in &sb.figures {
        let Some(b) = b else {
            out.push_str(&format!("  {:<20} no sample has a value\n", f.label()));
            continue;
        };
        let point = b.point.map_or("none".to_string(), |v| f.format(v));
        out.push_str(&format!(
            "  {:<20} {:<16} p10 {} · p50 {} · p90 {}\n",
            f.label(),
            point,
            f.format(b.p10),
            f.format(b.p50),
            f.format(b.p90)
        ));
    }
    let shares: Vec<String> = sb
        .bottlenecks
        .iter()
        .map(|b| format!("{} in {}", b.label, format::percent(b.share)))
        .collect();
    out.push_str(&format!(
        "  First bottleneck: {} of the samples\n",
        shares.join("; ")
    ));
    out.push_str(
        "  Moves the monthly cost most (input low → high, the others at their point values):\n",
    );
    out.push_str(&swings(&sens.by_cost, |w| {
        format!(
            "{} → {}",
            format::usd(w.at_low.cost),
            format::usd(w.at_high.cost)
        )
    }));
    out.push_str(&format!(
        "  Moves the first bottleneck's headroom most ({} at the point values):\n",
        sens.bottleneck
    ));
    out.push_str(&swings(&sens.by_headroom, |w| {
        let h = |v: Option<f64>| v.map_or("none".to_string(), |v| format!("×{}", format::num(v)));
        format!("{} → {}", h(w.at_low.headroom), h(w.at_high.headroom))
    }));
    out
}

fn swings(list: &[Swing], effect: impl Fn(&Swing) -> String) -> String {
    if list.is_empty() {
        return "    (no input moves it)\n".into();
    }
    list.iter()
        .take(TOP)
        .map(|w| format!("    {}: {}\n", tornado::input_text(w), effect(w)))
        .collect()
}
