//! The bands, the bottleneck's shares and the sensitivity as JSON (`scalemap --samples N
//! --format json`): added beside the figures of each stage by [`crate::core::json`], absent
//! without samples (so a report without them is byte for byte what it was).

use serde::Serialize;

use super::bands::{Band, Bands, StageBands};
use super::sensitivity::{Sensitivity, Swing};
use crate::core::json::Num;
use crate::core::params::{spec, Scenario};

/// A range the scenario gives.
#[derive(Debug, Serialize)]
pub struct RangeJson {
    key: &'static str,
    low: Num,
    likely: Option<Num>,
    high: Num,
    point: Num,
}

/// The scenario's ranges.
pub fn ranges(s: &Scenario) -> Vec<RangeJson> {
    s.ranges
        .iter()
        .map(|(p, r)| RangeJson {
            key: spec(*p).key,
            low: Num(r.lo),
            likely: r.mode.map(Num),
            high: Num(r.hi),
            point: Num(s.get(*p)),
        })
        .collect()
}

/// One figure's band.
#[derive(Debug, Serialize)]
pub struct BandJson {
    point: Option<Num>,
    p10: Num,
    p50: Num,
    p90: Num,
    samples: usize,
}

/// A figure's band by the figure's key, in the table's order.
#[derive(Debug)]
pub struct BandsJson(Vec<(&'static str, Option<BandJson>)>);

impl Serialize for BandsJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A component's share of the samples as the first bottleneck.
#[derive(Debug, Serialize)]
pub struct ShareJson {
    component: &'static str,
    label: &'static str,
    share: Num,
}

/// One input's swing.
#[derive(Debug, Serialize)]
pub struct SwingJson {
    key: &'static str,
    from_range: bool,
    low: Num,
    high: Num,
    cost_at_low_usd: Num,
    cost_at_high_usd: Num,
    headroom_at_low: Option<Num>,
    headroom_at_high: Option<Num>,
}

/// A stage's sensitivity.
#[derive(Debug, Serialize)]
pub struct SensitivityJson {
    by_cost: Vec<SwingJson>,
    by_headroom: Vec<SwingJson>,
}

/// What one stage adds.
pub struct StageExtra {
    /// `stages[].bands`.
    pub bands: BandsJson,
    /// `stages[].bottleneck_shares`.
    pub shares: Vec<ShareJson>,
    /// `stages[].sensitivity`.
    pub sensitivity: SensitivityJson,
}

fn band(b: &Band) -> BandJson {
    BandJson {
        point: b.point.map(Num),
        p10: Num(b.p10),
        p50: Num(b.p50),
        p90: Num(b.p90),
        samples: b.n,
    }
}

fn swing(w: &Swing) -> SwingJson {
    SwingJson {
        key: w.key,
        from_range: w.from_range,
        low: Num(w.low),
        high: Num(w.high),
        cost_at_low_usd: Num(w.at_low.cost),
        cost_at_high_usd: Num(w.at_high.cost),
        headroom_at_low: w.at_low.headroom.map(Num),
        headroom_at_high: w.at_high.headroom.map(Num),
    }
}

/// What stage `sb` adds, with its sensitivity `sens`.
pub fn stage(sb: &StageBands, sens: &Sensitivity) -> StageExtra {
    StageExtra {
        bands: BandsJson(
            sb.figures
                .iter()
                .map(|(f, b)| (f.key(), b.as_ref().map(band)))
                .collect(),
        ),
        shares: sb
            .bottlenecks
            .iter()
            .map(|b| ShareJson {
                component: b.key,
                label: b.label,
                share: Num(b.share),
            })
            .collect(),
        sensitivity: SensitivityJson {
            by_cost: sens.by_cost.iter().map(swing).collect(),
            by_headroom: sens.by_headroom.iter().map(swing).collect(),
        },
    }
}

/// Every stage's additions, in order.
pub fn stages(b: &Bands, sens: &[Sensitivity]) -> Vec<StageExtra> {
    b.stages
        .iter()
        .zip(sens)
        .map(|(sb, s)| stage(sb, s))
        .collect()
}
