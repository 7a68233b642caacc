//! Scenarios no preset was tuned for, checked against published hand estimates and plain
//! arithmetic: the defaults must give sane counts for a new user's own system.
//!
//! Published figures used:
//! - The System Design Primer, "Back-of-the-envelope calculations" / "Handy conversion guide":
//!   2.5 million seconds per month; 1 request per second = 2.5 million requests per month;
//!   40 requests per second = 100 million per month; 400 requests per second = 1 billion per
//!   month (github.com/donnemartin/system-design-primer, README).
//! - The same primer's Pastebin exercise (solutions/system_design/pastebin): 10 million users,
//!   10 million paste writes and 100 million reads per month, 1.27 KB per paste: about 4 writes
//!   and 40 reads per second, 12.7 GB of new content a month, about 450 GB in 3 years.

use scalemap::core::model::{report, Component, Stage};
use scalemap::core::share::decode;

fn stages(link: &str) -> Vec<Stage> {
    let (link, n) = decode(link);
    assert!(n.is_empty(), "{n:?}");
    let (s, n) = link.scenario();
    assert!(n.is_empty(), "{n:?}");
    report(&s).stages
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs()
}

// Guards: per-month request counts under the primer's 2.5-million-second month give its
// conversion guide's rates exactly.
#[test]
fn primer_conversion_guide() {
    for (per_month, rps) in [(2.5e6, 1.0), (100e6, 40.0), (1e9, 400.0)] {
        let link = format!("?v=2&users=1&rpu={per_month}&per=month&month=2.5m");
        let st = &stages(&link)[0];
        assert!(
            close(st.avg_rps, rps, 1e-12),
            "{per_month}/month: {}",
            st.avg_rps
        );
    }
}

// Guards: the month convention is applied and said: the same per-month count is 30.436875/30
// times busier in a 30-day month than in the average month.
#[test]
fn month_conventions() {
    let avg = stages("?v=2&users=1m&rpu=30&per=month")[0].avg_rps;
    let thirty = stages("?v=2&users=1m&rpu=30&per=month&month=30")[0].avg_rps;
    assert!(close(avg, 1e6 * 30.0 / (30.436875 * 86_400.0), 1e-12));
    assert!(close(thirty / avg, 30.436875 / 30.0, 1e-12));
    let (link, _) = decode("?v=2&users=1m&rpu=30&per=month&month=2.5m");
    let (s, _) = link.scenario();
    let st = scalemap::core::model::stage(&s, 1e6, true);
    let why = st
        .explanation(scalemap::core::model::Fig::AvgRps)
        .unwrap_or_default();
    assert!(why.contains("2,500,000 s"), "{why}");
}

// Guards: the primer's Pastebin: its rates and storage, and a handful of instances rather than
// hundreds (each of the 3 services needs only its minimum per region).
#[test]
fn pastebin_by_the_primer() {
    // 110 million requests a month from 10 million users; 1 write in 11; 3 years kept.
    let link = "?v=2&users=10m&rpu=11&per=month&month=2.5m&read=90.909090909&write_kb=1.27&user_kb=0&retention=1041.666666667&replication=1";
    let st = &stages(link)[0];
    assert!(close(st.avg_rps, 44.0, 1e-9), "{}", st.avg_rps);
    assert!(close(st.write_rps, 4.0, 1e-6), "{}", st.write_rps);
    assert!(close(st.read_rps, 40.0, 1e-6), "{}", st.read_rps);
    // 4 writes/s × 2.5M s × 1.27 KB = 12.7 GB a month; × 36 months = 457 GB ("about 450 GB").
    assert!(
        close(st.db_stored_bytes, 457.2e9, 1e-6),
        "{}",
        st.db_stored_bytes
    );
    assert_eq!(st.object_stored_bytes, 0.0);
    // Traffic needs one instance of each service; only the minimum per region adds more.
    assert!(
        st.service_instances <= 3.0 * st.regions,
        "{} instances",
        st.service_instances
    );
    let one_region = &stages(&format!("{link}&max_regions=1"))[0];
    assert_eq!(one_region.service_instances, 3.0);
    assert!(!one_region.cache && !one_region.queue && !one_region.cdn);
}

// Guards: a small site (1,000 users, 20 requests a day each) runs on one instance per service,
// without a load balancer, cache, queue or CDN; the bill is the default's three database nodes
// ($0.50 an hour each), three instances and a gateway: 3 × 365 + 4 × 73 = $1,387 a month.
#[test]
fn small_site() {
    let st = &stages("?v=2&users=1k&rpu=20&per=day")[0];
    assert!(close(st.avg_rps, 1_000.0 * 20.0 / 86_400.0, 1e-12));
    assert_eq!(st.service_instances, 3.0);
    assert_eq!(st.load_balancers, 0.0);
    assert!(!st.cache && !st.queue && !st.cdn);
    assert!(
        close(st.cost.total, 3.0 * 0.5 * 730.0 + 4.0 * 0.1 * 730.0, 0.01),
        "{}",
        st.cost.total
    );
    // What runs out first is a lone instance, which needs a load balancer to become two.
    assert_eq!(
        st.bottleneck.change,
        "add a load balancer and a second instance"
    );
}

// Guards: a write-heavy logger (10,000 devices, one 0.5 KB write a second each): writes size
// the shards, a queue is in place, and the primaries' writes run out first.
#[test]
fn write_heavy_logger() {
    let st = &stages("?v=2&users=10k&rpu=1&per=s&read=0&write_kb=0.5&services=Ingest")[0];
    // Peak 50,000 writes/s × 2 queries each ÷ (2,000 QPS × 70%) = 71.4 → 128 shards (powers
    // of two).
    assert!(close(st.db_write_qps, 100_000.0, 1e-12));
    assert_eq!(st.primaries, 128.0);
    assert!(st.queue);
    assert_eq!(st.bottleneck.component, Component::DbWrites);
    // 10,000 writes/s × 86,400 s × 30 days × 0.5 KB × 3 copies.
    assert!(close(
        st.db_stored_bytes,
        1e4 * 86_400.0 * 30.0 * 500.0 * 3.0 + 1e4 * 100e3 * 3.0,
        1e-12
    ));
}

// Guards: a photo-heavy app keeps media in the object store, not in sharded databases, bills
// it at the object store's price, and serves it through a CDN.
#[test]
fn media_heavy_app() {
    let link = "?v=2&users=1m&rpu=20&per=day&read=95&resp_kb=300&blob_kb=2000";
    let st = &stages(link)[0];
    let writes = 1e6 * 20.0 / 86_400.0 * 0.05;
    assert!(close(
        st.object_stored_bytes,
        writes * 86_400.0 * 30.0 * 2e6,
        1e-9
    ));
    // Without media in them the databases need no more shards than the records need.
    let no_media = &stages("?v=2&users=1m&rpu=20&per=day&read=95&resp_kb=300")[0];
    assert_eq!(st.primaries, no_media.primaries);
    assert!(st.cdn);
    let obj = st.cost.line(scalemap::core::model::CostItem::ObjectStorage);
    assert!(close(obj, st.object_stored_bytes / 1e9 * 0.023, 1e-12));
    assert_eq!(st.stored_bytes, st.db_stored_bytes + st.object_stored_bytes);
}

// Guards: Little's law: 40 requests/s at peak, each holding its connection 1 s, is 40
// connections, not a share of every user; persistent connections add to it per active user.
#[test]
fn connections_by_littles_law() {
    let st = &stages("?v=2&users=100k&rpu=40&per=day&services=Web")[0];
    let peak = 1e5 * 40.0 / 86_400.0 * 5.0;
    assert!(close(st.services[0].connections, peak, 1e-12));
    let ws = &stages("?v=2&users=100k&rpu=40&per=day&services=Web&persist=20&active=50")[0];
    assert!(close(
        ws.services[0].connections,
        1e5 * 0.5 * 0.2 + 1e5 * 0.5 * 40.0 / 86_400.0 * 5.0,
        1e-12
    ));
}
