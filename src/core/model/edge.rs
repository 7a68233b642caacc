//! Phase 5, edge: bytes to and from clients, the CDN, and the network links out of the regions.

use super::{ceil, Fig, Notes, Traffic, Units};
use crate::core::format::{self, num};
use crate::core::params::{Scenario, P};
use crate::note;

/// Bandwidth at one stage (averages unless named peak).
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Bytes/s delivered to clients (CDN and origin together).
    pub egress: f64,
    /// Peak bytes/s delivered to clients.
    pub peak_egress: f64,
    /// Bytes/s clients send.
    pub ingress: f64,
    /// Whether a CDN is in place.
    pub cdn: bool,
    /// Bytes/s the CDN delivers.
    pub cdn_bytes: f64,
    /// Bytes/s leaving the origin.
    pub origin: f64,
    /// Peak bytes/s leaving the origin.
    pub origin_peak: f64,
    /// Network links out of the regions.
    pub links: f64,
}

/// Bytes per second one network link carries: Gbps × 10⁹ ÷ 8 (1 Gbps = 125 MB/s).
pub fn link_bytes_per_s(s: &Scenario) -> f64 {
    s.get(P::LinkGbps) * 1e9 / 8.0
}

/// Computes the edge phase.
pub fn edge(s: &Scenario, t: &Traffic, n: &mut Notes) -> Edge {
    let b = Units::of(s);
    let egress = t.avg_rps * (s.get(P::RespKb) * 1e3);
    let peak_egress = egress * t.peak_factor;
    let ingress = t.avg_rps * (s.get(P::ReqKb) * 1e3);
    note!(
        n,
        Fig::Egress,
        "{} req/s × {} KB = {} to clients",
        num(t.avg_rps),
        num(s.get(P::RespKb)),
        b.bytes_per_s(egress)
    );
    note!(
        n,
        Fig::PeakEgress,
        "{} × {} peak factor = {}",
        b.bytes_per_s(egress),
        num(t.peak_factor),
        b.bytes_per_s(peak_egress)
    );
    note!(
        n,
        Fig::Ingress,
        "{} req/s × {} KB = {} from clients",
        num(t.avg_rps),
        num(s.get(P::ReqKb)),
        b.bytes_per_s(ingress)
    );
    let (cdn, cdn_bytes) = cdn(s, egress, peak_egress, n);
    let origin = egress - cdn_bytes;
    note!(
        n,
        Fig::OriginEgress,
        "{} − {} served by the CDN = {}",
        b.bytes_per_s(egress),
        b.bytes_per_s(cdn_bytes),
        b.bytes_per_s(origin)
    );
    let origin_peak = origin * t.peak_factor;
    let links = links(s, t, origin_peak, n);
    Edge {
        egress,
        peak_egress,
        ingress,
        cdn,
        cdn_bytes,
        origin,
        origin_peak,
        links,
    }
}

/// The CDN: in place once peak egress passes `cdn_at` of one link; then it serves the static
/// share of the bytes.
fn cdn(s: &Scenario, egress: f64, peak_egress: f64, n: &mut Notes) -> (bool, f64) {
    let b = Units::of(s);
    let link = link_bytes_per_s(s);
    let at = s.frac(P::CdnAt);
    let on = peak_egress > at * link && peak_egress > 0.0;
    note!(
        n,
        Fig::Cdn,
        "peak egress {} {} {} × one {} Gbps link ({}) → {}",
        b.bytes_per_s(peak_egress),
        if on { ">" } else { "≤" },
        format::percent(at),
        num(s.get(P::LinkGbps)),
        b.bytes_per_s(at * link),
        if on {
            "a CDN serves static content"
        } else {
            "no CDN yet"
        }
    );
    let share = s.frac(P::CdnShare);
    let bytes = if on { egress * share } else { 0.0 };
    if on {
        note!(
            n,
            Fig::CdnBytes,
            "{} × {} static = {} from the CDN",
            b.bytes_per_s(egress),
            format::percent(share),
            b.bytes_per_s(bytes)
        );
    } else {
        note!(n, Fig::CdnBytes, "no CDN at this stage");
    }
    (on, bytes)
}

/// Links out of the regions: peak origin bytes over link capacity, one per region at least.
fn links(s: &Scenario, t: &Traffic, origin_peak: f64, n: &mut Notes) -> f64 {
    let b = Units::of(s);
    let u = s.frac(P::Util);
    let link = link_bytes_per_s(s);
    let links = ceil(origin_peak / (link * u)).max(t.regions);
    note!(
        n,
        Fig::Links,
        "max({} peak from the origin ÷ ({} Gbps = {} × {} target) = {}, one per region: {}) = {} link{}",
        b.bytes_per_s(origin_peak),
        num(s.get(P::LinkGbps)),
        b.bytes_per_s(link),
        format::percent(u),
        num(origin_peak / (link * u)),
        num(t.regions),
        num(links),
        if links == 1.0 { "" } else { "s" }
    );
    links
}
