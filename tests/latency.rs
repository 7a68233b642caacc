//! Latency through the call graph: sequence, parallel fan-out (the tail at scale), asynchronous
//! calls, queue waits, the critical path, and no number for a cycle.

use expect_test::{expect, Expect};
use scalemap::core::latency::{
    latency, overall, Call, CallMode, Latency, LatencyInput, QueueWait, SvcLatencyInput, Unbounded,
    Z99,
};
use scalemap::core::queueing::mmc;
use scalemap::core::special::norm_quantile;

fn svc(own_ms: f64, calls: &[(usize, CallMode, bool)]) -> SvcLatencyInput {
    SvcLatencyInput {
        own_ms,
        hops: 1.0,
        calls: calls
            .iter()
            .map(|&(to, mode, parallel)| Call { to, mode, parallel })
            .collect(),
        ..SvcLatencyInput::default()
    }
}

fn input(services: Vec<SvcLatencyInput>, tail_ratio: f64) -> LatencyInput {
    LatencyInput {
        services,
        hop_ms: 1.0,
        tail_ratio,
        queue_lag_ms: 50.0,
    }
}

/// Each service's client latency as one line: `i: p50 / p99 ms via path` or the reason for none.
fn show(inp: &LatencyInput) -> String {
    latency(inp)
        .iter()
        .enumerate()
        .map(|(i, r)| match &r.client {
            Latency::Bounded(f) => format!(
                "{i}: p50 {:.3} p99 {:.3} mean {:.3} path {:?}\n",
                f.p50_ms, f.p99_ms, f.mean_ms, f.critical_path
            ),
            Latency::Unbounded(u) => format!("{i}: unbounded {u:?}\n"),
        })
        .collect()
}

fn check(inp: &LatencyInput, want: Expect) {
    want.assert_eq(&show(inp));
}

use CallMode::{Async, Optional, Sync};

// Guards: with no variability (ratio 1) times simply add: own work, queries, cache lookups,
// hops, and sequential calls.
#[test]
fn deterministic_times_add() {
    let mut a = svc(5.0, &[(1, Sync, false), (2, Sync, false)]);
    a.db_queries = 2.0;
    a.db_ms = 3.0;
    a.cache_lookups = 1.0;
    a.cache_ms = 0.5;
    let inp = input(vec![a, svc(10.0, &[(2, Sync, false)]), svc(4.0, &[])], 1.0);
    // C = 4 + 1 hop = 5; B = 10 + C(4) + hop(1) = 15 (+1 into B as a client = 16);
    // A = 5 + 6 + 0.5 + (15 + 1) + (4 + 1) = 32.5 (+1 = 33.5).
    check(
        &inp,
        expect![[r#"
            0: p50 33.500 p99 33.500 mean 33.500 path [0, 1, 2]
            1: p50 16.000 p99 16.000 mean 16.000 path [1, 2]
            2: p50 5.000 p99 5.000 mean 5.000 path [2]
        "#]],
    );
}

// Guards: p99 grows with parallel fan-out exactly as the tail at scale says: the slowest of n
// identical log-normal branches has p99 = median · exp(σ · Φ⁻¹(0.99^(1/n))).
#[test]
fn p99_grows_with_parallel_fan_out() {
    let ratio = 4.0;
    let sigma = f64::ln(ratio) / Z99;
    let mut lines = String::new();
    for n in [1usize, 2, 5, 10, 50, 100] {
        // Service 0 only fans out (no own work, no hops into the leaves) to n leaves of 10 ms.
        let calls: Vec<(usize, CallMode, bool)> = (1..=n).map(|i| (i, Sync, i > 1)).collect();
        let mut services = vec![svc(0.0, &calls)];
        services[0].hops = 0.0;
        for _ in 0..n {
            let mut leaf = svc(10.0, &[]);
            leaf.hops = 0.0;
            services.push(leaf);
        }
        let inp = input(services, ratio);
        let p99 = latency(&inp)[0].latency.p99_ms().unwrap();
        let want = 10.0 * (sigma * norm_quantile(0.99f64.powf(1.0 / n as f64))).exp();
        assert!((p99 - want).abs() < 1e-9 * want, "n {n}: {p99} vs {want}");
        lines.push_str(&format!("{n:>3} parallel calls: p99 {p99:.2} ms\n"));
    }
    expect![[r#"
          1 parallel calls: p99 40.00 ms
          2 parallel calls: p99 46.39 ms
          5 parallel calls: p99 55.53 ms
         10 parallel calls: p99 63.01 ms
         50 parallel calls: p99 82.38 ms
        100 parallel calls: p99 91.66 ms
    "#]]
    .assert_eq(&lines);
    // The same calls in sequence cost far more at p50, but their p99 grows more slowly than n×.
    let calls: Vec<(usize, CallMode, bool)> = (1..=10).map(|i| (i, Sync, false)).collect();
    let mut services = vec![svc(0.0, &calls)];
    for _ in 0..10 {
        services.push(svc(10.0, &[]));
    }
    let seq = latency(&input(services, ratio))[0].latency.clone();
    assert!(seq.p50_ms().unwrap() > 100.0 && seq.p99_ms().unwrap() < 400.0);
}

// Guards: an asynchronous call costs the caller nothing and reports its lag instead; an optional
// call costs like a synchronous one.
#[test]
fn async_and_optional_calls() {
    let inp = input(
        vec![
            svc(5.0, &[(1, Async, false), (2, Optional, false)]),
            svc(100.0, &[]),
            svc(7.0, &[]),
        ],
        1.0,
    );
    let r = latency(&inp);
    // 5 + (7 + 1 hop) = 13, + 1 hop into A = 14: B's 100 ms is not on the client's path.
    assert_eq!(r[0].client.p99_ms(), Some(14.0));
    assert_eq!(r[0].async_lags.len(), 1);
    // Lag: 50 ms in the broker + 1 hop + B's 100 ms.
    assert_eq!(r[0].async_lags[0].lag.p50_ms(), Some(151.0));
}

// Guards: a synchronous call cycle gives no latency number for every service that reaches it;
// services outside it keep theirs; a cycle closed by an asynchronous call is harmless.
#[test]
fn a_cycle_has_no_number() {
    let inp = input(
        vec![
            svc(1.0, &[(1, Sync, false)]),
            svc(1.0, &[(2, Sync, false)]),
            svc(1.0, &[(1, Sync, false)]),
            svc(1.0, &[]),
        ],
        2.0,
    );
    check(
        &inp,
        expect![[r#"
            0: unbounded Cycle([1, 2, 1])
            1: unbounded Cycle([1, 2, 1])
            2: unbounded Cycle([1, 2, 1])
            3: p50 2.044 p99 3.355 mean 2.091 path [3]
        "#]],
    );
    let inp = input(
        vec![
            svc(1.0, &[(1, Sync, false)]),
            svc(1.0, &[(0, Async, false)]),
        ],
        1.0,
    );
    assert_eq!(latency(&inp)[0].client.p50_ms(), Some(4.0));
    assert!(matches!(
        latency(&inp)[1].async_lags[0].lag,
        Latency::Bounded(_)
    ));
}

// Guards: an overloaded queue (ρ ≥ 1) makes every caller's latency unbounded; a stable one adds
// its exact mean wait.
#[test]
fn queue_waits() {
    let q = mmc(90.0, 0.01, 1).unwrap(); // M/M/1 at ρ = 0.9: mean wait 0.9/(100 − 90) s = 90 ms
    let mut b = svc(10.0, &[]);
    b.wait = QueueWait::from_queue(&q);
    let inp = input(vec![svc(1.0, &[(1, Sync, false)]), b], 1.0);
    let r = latency(&inp);
    let mean = r[1].latency.figures().unwrap().mean_ms;
    assert!((mean - 100.0).abs() < 1e-9, "{mean}");
    // p99 wait of M/M/1 at ρ = 0.9 is ln(0.9/0.01)/10 s = 450 ms; the carried log-normal puts the
    // whole request's p99 in the same range.
    let p99 = r[1].latency.p99_ms().unwrap();
    assert!(p99 > 300.0 && p99 < 700.0, "{p99}");
    let mut b = svc(10.0, &[]);
    b.wait = QueueWait::from_queue(&mmc(100.0, 0.01, 1).unwrap());
    let r = latency(&input(vec![svc(1.0, &[(1, Sync, false)]), b], 1.0));
    assert_eq!(r[0].client, Latency::Unbounded(Unbounded::Overloaded(1)));
}

// Guards: the critical path follows the slowest branch, through parallel groups.
#[test]
fn critical_path() {
    let inp = input(
        vec![
            svc(1.0, &[(1, Sync, false), (2, Sync, false), (3, Sync, true)]),
            svc(5.0, &[]),
            svc(3.0, &[]),
            svc(20.0, &[(4, Sync, false)]),
            svc(2.0, &[]),
        ],
        3.0,
    );
    let r = latency(&inp);
    assert_eq!(r[0].client.figures().unwrap().critical_path, vec![0, 3, 4]);
}

// Guards: the overall figure is the traffic-weighted mixture of the entries, between them.
#[test]
fn overall_is_weighted() {
    let inp = input(vec![svc(10.0, &[]), svc(100.0, &[])], 2.0);
    let r = latency(&inp);
    let all = overall(&r, &[0.9, 0.1]).unwrap();
    let f = all.figures().unwrap();
    // 90% of requests take about 11 ms: the median is near 11, the p99 among the slow 10%.
    assert!(f.p50_ms > 10.0 && f.p50_ms < 14.0, "{f:?}");
    assert!(f.p99_ms > 101.0 && f.p99_ms < 202.0, "{f:?}");
    assert_eq!(f.critical_path, vec![1]);
    // An unbounded entry with weight makes the whole unbounded; without weight it does not count.
    let inp = input(
        vec![
            svc(10.0, &[]),
            svc(1.0, &[(2, Sync, false)]),
            svc(1.0, &[(1, Sync, false)]),
        ],
        2.0,
    );
    let r = latency(&inp);
    assert!(matches!(
        overall(&r, &[1.0, 1.0, 0.0]),
        Some(Latency::Unbounded(_))
    ));
    assert!(matches!(
        overall(&r, &[1.0, 0.0, 0.0]),
        Some(Latency::Bounded(_))
    ));
    assert_eq!(overall(&r, &[0.0, 0.0, 0.0]), None);
}
