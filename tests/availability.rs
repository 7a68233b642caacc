//! Availability arithmetic: series and parallel parts, k of n replicas, downtime per month under
//! each month convention, and the tail at scale.

use expect_test::expect;
use scalemap::core::availability::{
    days_s, downtime_s, k_of_n, parallel, parallel_n, per_call_tail_for, series, series_n,
    tail_at_scale, Avail, MONTH_2_5M_S, MONTH_30_DAYS_S, MONTH_730_HOURS_S, MONTH_GREGORIAN_S,
    YEAR_365_DAYS_S, YEAR_GREGORIAN_S,
};

fn rel(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / b.abs()
    }
}

// Guards: the standard arithmetic: two 99.9% parts are 99.8% (0.998001) in series and 99.9999%
// in parallel.
#[test]
fn series_and_parallel_of_two_nines() {
    let a = Avail::new(0.999);
    let s = series(&[a, a]);
    assert!(rel(s.availability(), 0.998_001) < 1e-12, "{s:?}");
    assert!(rel(series_n(a, 2).availability(), 0.998_001) < 1e-12);
    let p = parallel(&[a, a]);
    assert!(rel(p.unavailability(), 1e-6) < 1e-9, "{p:?}");
    assert!(rel(p.availability(), 0.999_999) < 1e-12);
    assert!(rel(parallel_n(a, 2).unavailability(), 1e-6) < 1e-9);
    // No parts: series is always up, parallel never.
    assert_eq!(series(&[]).availability(), 1.0);
    assert_eq!(parallel(&[]).availability(), 0.0);
}

// Guards: many nines keep their digits (1 − A would round them away).
#[test]
fn many_nines_are_kept() {
    let a = Avail::from_unavailability(1e-9);
    assert!(rel(series_n(a, 1000).unavailability(), 1e-6) < 1e-6);
    let tiny = parallel_n(Avail::from_unavailability(1e-5), 4);
    assert!(rel(tiny.unavailability(), 1e-20) < 1e-12);
    assert_eq!(tiny.availability(), 1.0); // as a plain number it is 1, but...
    assert!(rel(tiny.nines(), 20.0) < 1e-12); // ...the unavailability is still there.
    assert!(rel(Avail::from_nines(3.0).availability(), 0.999) < 1e-15);
}

// Guards: k of n against the direct binomial sums (40-digit values from mpmath), including
// n = 100,000 replicas, and the limits k = 1 (parallel) and k = n (series).
#[test]
fn k_of_n_against_high_precision() {
    for (k, n, a, want) in [
        (3u64, 5u64, 0.99, 9.8506e-6),
        (99_850, 100_000, 0.999, 1.216_905_038_976_477_1e-6),
        (50_000, 100_000, 0.5, 0.498_738_436_892_901_63),
        (99_000, 100_000, 0.99, 0.491_590_526_648_567_05),
        (99_990, 100_000, 0.9999, 0.416_960_249_702_745_7),
    ] {
        let got = k_of_n(k, n, Avail::new(a)).unavailability();
        assert!(rel(got, want) < 1e-9, "{k} of {n} at {a}: {got} vs {want}");
    }
    let a = Avail::new(0.95);
    assert!(
        rel(
            k_of_n(1, 7, a).unavailability(),
            parallel_n(a, 7).unavailability()
        ) < 1e-12
    );
    assert!(
        rel(
            k_of_n(7, 7, a).unavailability(),
            series_n(a, 7).unavailability()
        ) < 1e-12
    );
    // A majority quorum of 3 at 99.9%: down when 2 or 3 are down, 3·u²·A + u³ = 2.998e-6.
    let q = k_of_n(2, 3, Avail::new(0.999)).unavailability();
    assert!(rel(q, 3.0 * 1e-6 * 0.999 + 1e-9) < 1e-9, "{q}");
}

// Guards: downtime of 99.9% over each month convention and a year.
#[test]
fn downtime_per_month_conventions() {
    let a = Avail::new(0.999);
    let table: String = [
        ("2,500,000 s month (System Design Primer)", MONTH_2_5M_S),
        ("30-day month", MONTH_30_DAYS_S),
        ("average Gregorian month (30.436875 d)", MONTH_GREGORIAN_S),
        ("730-hour billing month", MONTH_730_HOURS_S),
        ("28-day month", days_s(28.0)),
        ("365-day year", YEAR_365_DAYS_S),
        ("Gregorian year (365.2425 d)", YEAR_GREGORIAN_S),
    ]
    .iter()
    .map(|(name, t)| {
        let d = downtime_s(a, *t);
        format!("{name}: {t} s → {d:.3} s = {:.3} min\n", d / 60.0)
    })
    .collect();
    expect![[r#"
        2,500,000 s month (System Design Primer): 2500000 s → 2500.000 s = 41.667 min
        30-day month: 2592000 s → 2592.000 s = 43.200 min
        average Gregorian month (30.436875 d): 2629746 s → 2629.746 s = 43.829 min
        730-hour billing month: 2628000 s → 2628.000 s = 43.800 min
        28-day month: 2419200 s → 2419.200 s = 40.320 min
        365-day year: 31536000 s → 31536.000 s = 525.600 min
        Gregorian year (365.2425 d): 31556952 s → 31556.952 s = 525.949 min
    "#]]
    .assert_eq(&table);
}

// Guards: the tail at scale: 1% slow per call becomes 9.56% for 10 parallel calls and 63.4%
// for 100. J. Dean and L. A. Barroso, "The Tail at Scale", CACM 56(2), 2013: a server whose p99
// is 1 s, queried 100 at a time in parallel, makes 63% of requests take over 1 s (as summarised
// at https://toolkit-v2.pages.dev/papers/tail-at-scale/; Barroso's talk, as retold at
// https://vivekhaldar.com/articles/the-poisonous-long-tail/, gives "10 servers: 10%"). A tiny p
// keeps its digits.
#[test]
fn tail_at_scale_grows_with_fan_out() {
    assert!(rel(tail_at_scale(0.01, 1.0), 0.01) < 1e-15);
    assert!(rel(tail_at_scale(0.01, 10.0), 0.095_617_924_991_195_51) < 1e-13);
    assert!(rel(tail_at_scale(0.01, 100.0), 0.633_967_658_726_770_5) < 1e-13);
    // 1 − (1 − 1e-12)^1000 = 9.9999999950e-10; the direct form loses most digits.
    assert!(rel(tail_at_scale(1e-12, 1000.0), 9.999_999_995_005e-10) < 1e-12);
    let direct = 1.0 - (1.0 - 1e-12f64).powf(1000.0);
    assert!(rel(direct, 9.999_999_995_005e-10) > 1e-6);
    // The inverse: what per-call tail keeps the slowest of 100 below 1%.
    let p = per_call_tail_for(0.01, 100.0);
    assert!(rel(tail_at_scale(p, 100.0), 0.01) < 1e-12);
    assert!(rel(p, 1.004_983_082_416_679e-4) < 1e-9, "{p}");
}

mod graph {
    use super::rel;
    use scalemap::core::availability::{
        failed_share, impact, k_of_n, needed, request_availability, series, weakest, Avail, Impact,
    };
    use scalemap::core::latency::calls_from_defs;
    use scalemap::core::services::parse;

    // Guards: the seed's first-architecture question: Client → Gateway → A → B with B down: A
    // fails and the client gets an error; called asynchronously or optionally, A only degrades.
    #[test]
    fn b_down_behind_a() {
        for (text, a, share) in [
            ("Gateway:1:A,A:1:B,B", Impact::Fails, 1.0),
            ("Gateway:1:A,A:1:~B,B", Impact::Degraded, 0.0),
            ("Gateway:1:A,A:1:?B,B", Impact::Degraded, 0.0),
        ] {
            let (defs, problems) = parse(text);
            assert!(problems.is_empty(), "{problems:?}");
            let calls = calls_from_defs(&defs);
            let hit = impact(&calls, &[false, false, true]);
            assert_eq!(hit[1], a, "{text}");
            assert_eq!(hit[0], a, "{text}: the gateway fares as A does");
            assert_eq!(hit[2], Impact::Fails);
            assert_eq!(failed_share(&hit, &[1.0, 0.0, 0.0]), share, "{text}");
        }
    }

    // Guards: sync calls put services in series, each needed service counted once even when two
    // callers share it; async and optional callees are not needed.
    #[test]
    fn request_availability_along_calls() {
        let (defs, _) = parse("Order:1:User+(Stock|?Recs)+~Mail,User:1:Db,Stock:1:Db,Recs,Mail,Db");
        let calls = calls_from_defs(&defs);
        assert_eq!(needed(&calls)[0], vec![0, 1, 2, 5]);
        let a = Avail::new(0.999);
        let own = vec![a; 6];
        let r = request_availability(&own, &calls);
        // Order, User, Stock, Db: four 99.9% parts in series (Db once, not twice).
        assert!(rel(r[0].availability(), 0.999f64.powi(4)) < 1e-12);
        // Redundancy: Order with 3 instances of which 1 is enough, the rest single.
        let mut own = own;
        own[0] = k_of_n(1, 3, a);
        let r = request_availability(&own, &calls);
        let want = series(&[own[0], a, a, a]);
        assert!(rel(r[0].unavailability(), want.unavailability()) < 1e-12);
        // The weakest link is then one of the single 99.9% services.
        own[5] = Avail::new(0.99);
        assert_eq!(weakest(&own, &needed(&calls)[0]), Some(5));
    }

    // Guards: a share of failed requests weighs entries by their traffic.
    #[test]
    fn failed_share_weighs_entries() {
        let (defs, _) = parse("A:3:C,B:1,C");
        let calls = calls_from_defs(&defs);
        let hit = impact(&calls, &[false, false, true]);
        assert_eq!(hit, vec![Impact::Fails, Impact::Ok, Impact::Fails]);
        assert!(rel(failed_share(&hit, &[3.0, 1.0, 0.0]), 0.75) < 1e-15);
        assert_eq!(
            failed_share(&impact(&calls, &[false; 3]), &[3.0, 1.0, 0.0]),
            0.0
        );
    }
}
