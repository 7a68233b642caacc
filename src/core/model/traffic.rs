//! Phase 1, traffic: request rates, regions and the load of parallel versions at one user count.

use super::{ceil, Fig, Notes, Units};
use crate::core::format::{self, num};
use crate::core::params::{Per, Scenario, P, SECONDS_PER_DAY};
use crate::note;

/// Client traffic at one user count.
#[derive(Debug, Clone, PartialEq)]
pub struct Traffic {
    /// Users.
    pub users: f64,
    /// Users active on a given day.
    pub active_users: f64,
    /// Average requests/s from clients.
    pub avg_rps: f64,
    /// The peak-to-average factor.
    pub peak_factor: f64,
    /// Peak requests/s from clients.
    pub peak_rps: f64,
    /// Share of requests that only read.
    pub read_share: f64,
    /// Average read requests/s.
    pub read_rps: f64,
    /// Average write requests/s.
    pub write_rps: f64,
    /// Regions.
    pub regions: f64,
    /// Versions running side by side.
    pub versions: f64,
    /// Load multiplier from parallel versions (1 + extra versions × mirrored share).
    pub version_load: f64,
}

/// Computes the traffic phase.
pub fn traffic(s: &Scenario, users: f64, n: &mut Notes) -> Traffic {
    let active = s.frac(P::Active);
    let avg_rps = average_rps(s, users, n);
    let peak_factor = s.get(P::Peak);
    let peak_rps = avg_rps * peak_factor;
    note!(
        n,
        Fig::PeakRps,
        "{} req/s average × {} peak factor = {} req/s",
        num(avg_rps),
        num(peak_factor),
        num(peak_rps)
    );
    let read_share = s.frac(P::Read);
    let read_rps = avg_rps * read_share;
    note!(
        n,
        Fig::ReadRps,
        "{} req/s × {} reads = {} req/s",
        num(avg_rps),
        format::percent(read_share),
        num(read_rps)
    );
    note!(
        n,
        Fig::WriteRps,
        "{} req/s × {} writes = {} req/s",
        num(avg_rps),
        format::percent(1.0 - read_share),
        num(avg_rps - read_rps)
    );
    let (versions, version_load) = versions(s, users, n);
    Traffic {
        users,
        active_users: users * active,
        avg_rps,
        peak_factor,
        peak_rps,
        read_share,
        read_rps,
        write_rps: avg_rps - read_rps,
        regions: regions(s, users, n),
        versions,
        version_load,
    }
}

/// Average client requests per second, converting per-day and per-month counts.
fn average_rps(s: &Scenario, users: f64, n: &mut Notes) -> f64 {
    let active = s.frac(P::Active);
    let rpu = s.get(P::Rpu);
    let (seconds, per) = match s.per() {
        Per::Second => (1.0, None),
        Per::Day => (SECONDS_PER_DAY, Some("day ÷ 86,400 s per day".to_string())),
        Per::Month => {
            let u = Units::of(s);
            (
                u.month_s,
                Some(format!(
                    "month ÷ {} s per month ({})",
                    format::grouped(u.month_s, 0),
                    u.month_words()
                )),
            )
        }
    };
    let avg = users * active * (rpu / seconds);
    note!(
        n,
        Fig::AvgRps,
        "{} users × {} active × {} requests/{} = {} req/s",
        num(users),
        format::percent(active),
        num(rpu),
        per.unwrap_or_else(|| "s".to_string()),
        num(avg)
    );
    avg
}

/// Regions: users ÷ users per region, at most `max_regions`.
fn regions(s: &Scenario, users: f64, n: &mut Notes) -> f64 {
    let max = s.get(P::MaxRegions);
    let per = s.get(P::RegionUsers);
    let regions = ceil(users / per).clamp(1.0, max);
    note!(
        n,
        Fig::Regions,
        "{} users ÷ {} users per region = {} → {} region{} (at most {})",
        num(users),
        num(per),
        num(users / per),
        num(regions),
        if regions == 1.0 { "" } else { "s" },
        num(max)
    );
    regions
}

/// Versions running and the load factor they add.
fn versions(s: &Scenario, users: f64, n: &mut Notes) -> (f64, f64) {
    let from = s.get(P::VersionsFrom);
    let versions = if users >= from {
        s.get(P::Versions)
    } else {
        1.0
    };
    let mirror = s.frac(P::Mirror);
    let load = 1.0 + (versions - 1.0) * mirror;
    if versions > 1.0 {
        note!(
            n,
            Fig::Versions,
            "{} versions from {} users on; load × (1 + {} extra × {} mirrored) = × {}",
            num(versions),
            num(from),
            num(versions - 1.0),
            format::percent(mirror),
            num(load)
        );
    } else {
        note!(
            n,
            Fig::Versions,
            "1 version: parallel running starts at {} users",
            num(from)
        );
    }
    (versions, load)
}
