//! The five seed pages' figures, reproduced by the presets (issue: foundation, section 3).
//! Each test names the page and the figure it guards; tolerances are 1% where the page rounds.

use scalemap::core::model::{link_bytes_per_s, report, Component, Report, Stage};
use scalemap::core::params::P;
use scalemap::core::presets::Preset;

fn run(p: Preset) -> Report {
    report(&p.scenario())
}

fn at(r: &Report, users: f64) -> &Stage {
    r.stages
        .iter()
        .find(|s| s.users == users)
        .expect("stage present in the preset")
}

/// Asserts `actual` is within `tol` (relative) of `expected`.
fn close(actual: f64, expected: f64, tol: f64, what: &str) {
    let rel = (actual - expected).abs() / expected.abs().max(1e-12);
    assert!(
        rel <= tol,
        "{what}: {actual} is not within {}% of {expected}",
        tol * 100.0
    );
}

// Guards: maturity page — 100 users ~ 10 QPS, 10K ~ 1K, 1M ~ 100K, 100M ~ 10M.
#[test]
fn maturity_request_rates() {
    let r = run(Preset::Maturity);
    for (users, rps) in [(100.0, 10.0), (1e4, 1_000.0), (1e6, 1e5), (1e8, 1e7)] {
        close(
            at(&r, users).avg_rps,
            rps,
            0.01,
            &format!("average req/s at {users} users"),
        );
    }
}

// Guards: maturity page — service counts inside the bands 1-5, 10-20, 50-100, 200+.
#[test]
fn maturity_service_bands() {
    let r = run(Preset::Maturity);
    for (users, lo, hi) in [
        (100.0, 1.0, 5.0),
        (1e4, 10.0, 20.0),
        (1e6, 50.0, 100.0),
        (1e8, 200.0, f64::MAX),
    ] {
        let n = at(&r, users).service_count;
        assert!(
            n >= lo && n <= hi,
            "{n} services at {users} users, page says {lo}..{hi}"
        );
    }
}

// Guards: maturity page — storage in terabytes at 1M users and petabytes at 100M.
#[test]
fn maturity_storage_scale() {
    let r = run(Preset::Maturity);
    let tb = at(&r, 1e6).stored_bytes;
    assert!(
        (1e12..1e15).contains(&tb),
        "1M users store {tb} bytes, page says TBs"
    );
    assert!(
        at(&r, 1e8).stored_bytes >= 1e15,
        "100M users should store PBs"
    );
}

// Guards: maturity page — a shared database at 100 users, one per service from 10K.
#[test]
fn maturity_database_per_service_starts_at_10k() {
    let r = run(Preset::Maturity);
    assert!(!at(&r, 100.0).db_per_service);
    assert_eq!(at(&r, 100.0).database_count(), 1.0);
    assert!(at(&r, 1e4).db_per_service);
}

// Guards: architecture page — 10K users: 1,000 req/s average, 5,000 at peak.
#[test]
fn architecture_rates_at_10k() {
    let r = run(Preset::Architecture);
    close(at(&r, 1e4).avg_rps, 1_000.0, 0.01, "average");
    close(at(&r, 1e4).peak_rps, 5_000.0, 0.01, "peak");
}

// Guards: architecture page — capacities as its rules of thumb give them.
#[test]
fn architecture_capacities() {
    let s = Preset::Architecture.scenario();
    assert!((1_000.0..=5_000.0).contains(&s.get(P::InstConns)));
    assert!((5_000.0..=10_000.0).contains(&s.get(P::DbRead)));
    assert_eq!(s.get(P::CacheOps), 100_000.0);
    assert_eq!(link_bytes_per_s(&s), 125e6, "1 Gbps = 125 MB/s");
}

// Guards: architecture page's growth table, row by row, as the model sizes it.
#[test]
fn architecture_growth_table() {
    let r = run(Preset::Architecture);
    let s100 = at(&r, 100.0);
    assert!(
        s100.services.iter().all(|s| s.instances == 1.0),
        "one instance per service"
    );
    assert_eq!(s100.gateways, 1.0);
    assert_eq!(s100.load_balancers, 0.0);
    assert!(
        s100.db_per_service && s100.database_count() == 3.0,
        "a database per service"
    );
    let s10k = at(&r, 1e4);
    assert!(
        s10k.services.iter().any(|s| s.instances > 1.0),
        "several instances"
    );
    assert!(s10k.load_balancers >= 1.0, "load balancer added");
    assert!(s10k.replicas >= 1.0, "read replicas");
    assert!(s10k.cache, "caching introduced");
    let s1m = at(&r, 1e6);
    assert!(s1m.regions > 1.0, "several regions");
    assert!(s1m.databases.iter().any(|d| d.shards > 1.0), "sharding");
    assert!(s1m.queue, "asynchronous messaging");
    assert!(s1m.cdn, "CDN");
}

// Guards: migration page — 1M users × 10 requests/day ≈ 115 req/s, ≈ 575 at a 5× peak.
#[test]
fn migration_rates_at_1m() {
    let r = run(Preset::Migration);
    close(at(&r, 1e6).avg_rps, 115.0, 0.01, "average");
    close(at(&r, 1e6).peak_rps, 575.0, 0.01, "peak");
}

// Guards: migration page — the monolith's share shrinks stage by stage and is gone at the end.
#[test]
fn migration_monolith_shrinks() {
    let r = run(Preset::Migration);
    let shares: Vec<f64> = r
        .stages
        .iter()
        .map(|s| {
            s.services
                .iter()
                .filter(|x| x.monolith)
                .map(|x| x.share)
                .sum()
        })
        .collect();
    assert!(shares.windows(2).all(|w| w[1] < w[0]), "{shares:?}");
    assert_eq!(shares[3], 0.0);
}

// Guards: database-per-service page — 1M users: 10,000 req/s, 20 services, 500 QPS per
// service database, 10 MB/s at 1 KB per request.
#[test]
fn db_per_service_at_1m() {
    let r = run(Preset::DbPerService);
    let s = at(&r, 1e6);
    close(s.avg_rps, 10_000.0, 0.01, "total req/s");
    assert_eq!(s.service_count, 20.0);
    assert_eq!(s.database_count(), 20.0, "one database per service");
    assert_eq!(s.service_names().count(), 20);
    for (name, svc) in s.service_names() {
        close(svc.db_qps, 500.0, 0.01, &format!("{name} database QPS"));
    }
    close(s.egress_bytes_per_s, 10e6, 0.01, "bytes/s");
}

// Guards: parallel-running page — 3,000 connections per server, two versions: 7 servers at
// 10K users, 667 at 1M; a single version at 100 users.
#[test]
fn parallel_running_servers() {
    let r = run(Preset::ParallelRunning);
    assert_eq!(at(&r, 1e4).service_instances, 7.0);
    assert_eq!(at(&r, 1e6).service_instances, 667.0);
    let s100 = at(&r, 100.0);
    assert_eq!(s100.versions, 1.0);
    assert_eq!(s100.service_instances, 1.0);
    let why = at(&r, 1e4).explanation(scalemap::core::model::Fig::Svc(
        0,
        scalemap::core::model::SvcFig::Instances,
    ));
    assert!(why.is_some_and(|w| w.contains("6.67 → 7")), "{why:?}");
}

// Guards: parallel-running page — 1M users at 100 KB per request: 100 GB/s of client traffic.
#[test]
fn parallel_running_bandwidth() {
    let r = run(Preset::ParallelRunning);
    close(
        at(&r, 1e6).egress_bytes_per_s,
        100e9,
        0.01,
        "client bytes/s",
    );
}

// Guards: the first bottleneck agrees with the one each seed page names wherever the page's is a
// capacity Scalemap computes (the database for the architecture, migration and
// database-per-service pages at 10K and 1M); every other stage says why it cannot agree.
#[test]
fn first_bottleneck_as_the_pages_mean_it() {
    use scalemap::core::presets::PageCheck;
    let mut agreed = 0;
    for preset in Preset::ALL {
        let r = report(&preset.scenario());
        for st in &r.stages {
            let row = preset.growth_row(st.users);
            let text = row.comparison(st);
            match row.check {
                PageCheck::Computed(list) => {
                    assert!(
                        list.contains(&st.bottleneck.component),
                        "{} at {}: {text}",
                        preset.key(),
                        st.users
                    );
                    agreed += 1;
                }
                PageCheck::NotCapacity(why) | PageCheck::Differs(why) => {
                    assert!(text.contains(why), "{text}")
                }
                PageCheck::Idle => assert!(text.starts_with("The page names no bottleneck")),
                PageCheck::Calls => assert!(text.starts_with("Computed: calls between"), "{text}"),
            }
        }
    }
    // The database at 10K and 1M on the architecture and database-per-service pages, at every
    // stage of the migration page, and at 100M on the database-per-service page: 2 + 2 + 4 + 1.
    assert_eq!(agreed, 9);
    // Parallel running: every server the page counts is there; what cannot simply grow is the
    // database.
    let r = report(&Preset::ParallelRunning.scenario());
    assert_eq!(r.stages[1].service_instances, 7.0);
    assert!(r.stages[1].bottleneck.headroom.is_some());
}

// Guards: a pool that grows by adding instances is never the first bottleneck once a load
// balancer spreads it: at 100M users nothing "ties at the target utilisation".
#[test]
fn elastic_pools_are_not_bottlenecks() {
    for preset in Preset::ALL {
        for st in &report(&preset.scenario()).stages {
            if st.load_balancers > 0.0 {
                assert!(
                    !matches!(
                        st.bottleneck.component,
                        Component::ServiceRequests
                            | Component::ServiceConnections
                            | Component::Gateway
                            | Component::LoadBalancer
                            | Component::Cache
                            | Component::Queue
                    ),
                    "{} at {}: {:?}",
                    preset.key(),
                    st.users,
                    st.bottleneck
                );
            }
            assert!(st
                .bottleneck
                .headroom
                .is_some_and(|h| h.is_finite() && h > 0.0));
        }
    }
}

// Guards: the maturity page's 1M bottleneck, the overhead of calls between services, is a
// computed figure: what the calls add to the p99 of client requests (the p99 with the calls
// minus the p99 of the same requests with no calls), compared with the p99 target.
#[test]
fn maturity_1m_calls_overhead_is_computed() {
    let r = run(Preset::Maturity);
    let st = r
        .stages
        .iter()
        .find(|s| s.users == 1e6)
        .expect("a 1M stage");
    let lat = st.latency.as_ref().expect("latency at full depth");
    let all = lat.p99_ms().expect("a bounded p99");
    let alone = lat.p99_without_calls_ms.expect("a p99 without calls");
    // Order calls User and Product in turn, so calls add to the tail.
    assert!(all > alone && alone > 0.0, "{all} vs {alone}");
    let text = Preset::Maturity.growth_row(1e6).comparison(st);
    let added = scalemap::core::format::num(all - alone);
    assert!(
        text.contains(&format!("calls between services add {added} ms")),
        "{text}"
    );
    assert!(text.contains("within the target of 200 ms"), "{text}");
    // With a tighter target the same overhead is the first bottleneck, at the critical path.
    let (link, _) = scalemap::core::share::decode("?v=2&preset=maturity&users=1m&slo_ms=20");
    let (s, _) = link.scenario();
    let st = &report(&s).stages[0];
    assert_eq!(
        st.bottleneck.component,
        Component::Latency,
        "{:?}",
        st.bottleneck
    );
    assert!(
        st.bottleneck.at.starts_with("Order → "),
        "{}",
        st.bottleneck.at
    );
    let text = Preset::Maturity.growth_row(1e6).comparison(st);
    assert!(
        text.contains("past the target: it is the first bottleneck"),
        "{text}"
    );
}
