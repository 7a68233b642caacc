//! M/M/c figures against published Erlang tables and textbook queue examples, and the large-pool
//! method against the exact recursion.

use scalemap::core::queueing::{
    erlang_b, erlang_b_exact, erlang_b_fast, erlang_c, halfin_whitt_c, mmc, Pool, QueueState,
};

fn rel(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / b.abs()
    }
}

// Guards: the large-pool method (no O(c) loop) against the exact recursion over a grid of pool
// sizes and utilisations; the bound stated in the module doc.
#[test]
fn large_c_method_matches_recursion() {
    let mut worst_b: f64 = 0.0;
    let mut worst_c: f64 = 0.0;
    for c in [65u64, 100, 257, 1000, 4096, 10_000, 31_623, 100_000] {
        for rho in [
            0.05, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0, 1.001, 1.05, 1.2, 2.0,
        ] {
            let a = rho * c as f64;
            let exact = erlang_b_exact(c, a);
            let (fast, terms) = erlang_b_fast(c, a);
            let cf = c as f64;
            assert!(
                terms as f64 <= 10.0 * cf.sqrt() + 20.0,
                "c {c} rho {rho}: {terms} terms"
            );
            if exact > 1e-290 {
                worst_b = worst_b.max(rel(fast, exact));
            } else {
                assert!(fast < 1e-280, "c {c} rho {rho}: {fast} vs {exact}");
            }
            if rho < 1.0 && exact > 1e-290 {
                let ce = cf * exact / (cf - a * (1.0 - exact));
                let cfast = erlang_c(c, a).unwrap();
                worst_c = worst_c.max(rel(cfast, ce));
            }
        }
    }
    eprintln!("worst relative error: B {worst_b:e}, C {worst_c:e}");
    assert!(worst_b < 1e-10, "B {worst_b}");
    assert!(worst_c < 1e-10, "C {worst_c}");
}

// Guards: the large-pool method against 40-digit values (mpmath: B = P(N = c)/P(N ≤ c) with the
// regularized incomplete gamma), where the recursion is slowest.
#[test]
fn large_pools_against_high_precision() {
    for (c, a, b, cc) in [
        (
            100_000u64,
            99_000.0,
            8.225_775_598_504_222e-6,
            Some(0.000_821_908_237_410_795_4),
        ),
        (100_000, 100_000.0, 0.002_518_893_423_546_906_4, None),
        (
            1000,
            990.0,
            0.018_965_776_430_814_612,
            Some(0.659_080_421_880_854_5),
        ),
    ] {
        assert!(
            rel(erlang_b(c, a), b) < 1e-11,
            "B({c}, {a}) = {}",
            erlang_b(c, a)
        );
        match cc {
            Some(want) => assert!(rel(erlang_c(c, a).unwrap(), want) < 1e-11),
            None => assert_eq!(erlang_c(c, a), None),
        }
    }
    // ρ = 0.5 at c = 100,000: B is about 1e-8392, below the smallest double: 0, not NaN.
    assert_eq!(erlang_b(100_000, 50_000.0), 0.0);
    assert_eq!(erlang_c(100_000, 50_000.0), Some(0.0));
}

// Guards: Erlang B against published tables and calculators.
#[test]
fn erlang_b_published_values() {
    // erlang.com, "How much traffic can a trunk group handle?"
    // (https://erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm): 15 lines at
    // 1% blocking carry at most 8.108 Erlangs.
    let b = erlang_b(15, 8.108);
    assert!((b - 0.01).abs() < 5e-6, "{b}");
    assert!(erlang_b(15, 8.2) > 0.01 && erlang_b(15, 8.0) < 0.01);
    // erlang.com forum, "Trunk Engineering" (5 December 2001): 1,200 calls an hour of 100 s
    // average = 33.333 Erlangs needs 45 lines for 1% blocking (44 are not enough).
    assert!(erlang_b(45, 33.333) <= 0.01 && erlang_b(44, 33.333) > 0.01);
    // Wolfram Language documentation, ErlangB: "if there are 30 call lines and the traffic is 25
    // Erlangs, then the blocking or loss probability is approximately 0.05".
    let b = erlang_b(30, 25.0);
    assert!((b - 0.0526).abs() < 1e-4, "{b}");
    // Small cases by hand: B(1, a) = a/(1 + a); B(2, 1.5) = 1.125/3.625.
    assert!(rel(erlang_b(1, 3.0), 0.75) < 1e-15);
    assert!(rel(erlang_b(2, 1.5), 1.125 / 3.625) < 1e-15);
}

// Guards: Erlang C and the wait figures against a call-centre worked example.
#[test]
fn erlang_c_call_centre_example() {
    // The Call Centre Helper worked example as computed by the CRAN package ErlangC 0.1.0
    // (https://rdocumentation.org/packages/ErlangC/versions/0.1.0) and by pyworkforce 0.1.0
    // (https://pypi.org/project/pyworkforce/0.1.0/): 100 calls in 30 minutes, 180 s average
    // handling time → 10 Erlangs; with 14 agents the probability of waiting is 0.1741319,
    // occupancy 0.7142857, average speed of answer 7.83593701177724 s and 88.835% answered
    // within 20 s; with 11 agents the probability of waiting is 0.6821182.
    let q = mmc(100.0 / 1800.0, 180.0, 14).unwrap();
    assert!(rel(q.offered_load, 10.0) < 1e-12);
    assert!(rel(q.utilization, 0.714_285_714_285_714_3) < 1e-12);
    assert!(rel(q.erlang_c().unwrap(), 0.174_131_933_595_049_8) < 1e-9);
    assert!(rel(q.mean_wait_s().unwrap(), 7.835_937_011_777_24) < 1e-9);
    assert!(rel(1.0 - q.wait_exceeds(20.0).unwrap(), 0.888_350_019_179_466_9) < 1e-9);
    assert!(rel(erlang_c(11, 10.0).unwrap(), 0.682_118_2) < 1e-6);
}

// Guards: M/M/c and M/M/1 textbook examples.
#[test]
fn textbook_queues() {
    // HP-12C Solutions Handbook, queueing example 1 (after R. E. Trueman, "An Introduction to
    // Quantitative Methods for Decision Making", 1977, table 12.2): bank customers arrive at
    // 1.2 a minute to three tellers serving 0.5 a minute each; mean wait in queue 2.16 min
    // (1.079 service times), in the system 4.16 min, 2.59 in the queue, 4.99 in the system.
    let q = mmc(1.2, 2.0, 3).unwrap();
    let wq = q.mean_wait_s().unwrap();
    assert!((wq - 2.16).abs() < 0.005, "{wq}");
    assert!((wq / 2.0 - 1.079).abs() < 0.0005);
    assert!((q.mean_response_s().unwrap() - 4.16).abs() < 0.005);
    assert!((1.2 * wq - 2.59).abs() < 0.005);
    assert!((1.2 * q.mean_response_s().unwrap() - 4.99).abs() < 0.005);
    // An M/M/1 example (https://th4.ilovetranslation.com/ZLFKs4qD00w=d): λ = 49/h, μ = 55/h,
    // ρ = 0.8909, Lq = 7.2758, Wq = 0.1485 h; and the textbook W = 1/(μ − λ) = 1/6 h.
    let q = mmc(49.0, 1.0 / 55.0, 1).unwrap();
    assert!((q.utilization - 0.8909).abs() < 5e-5);
    assert!((49.0 * q.mean_wait_s().unwrap() - 7.2758).abs() < 5e-5);
    assert!((q.mean_wait_s().unwrap() - 0.1485).abs() < 5e-5);
    assert!(rel(q.mean_response_s().unwrap(), 1.0 / 6.0) < 1e-12);
    // M/M/1: C = ρ, and the p99 wait is ln(ρ/0.01)/(μ − λ).
    let q = mmc(0.5, 1.0 / 0.9, 1).unwrap();
    assert!(rel(q.erlang_c().unwrap(), 0.5 / 0.9) < 1e-12);
    assert!(rel(q.mean_response_s().unwrap(), 2.5) < 1e-12);
    assert!(rel(q.p99_wait_s().unwrap(), (0.5 / 0.9 / 0.01f64).ln() / 0.4) < 1e-12);
}

// Guards: ρ ≥ 1 is reported as unstable, with no waiting figure, and Erlang B stays finite.
#[test]
fn unstable_queues_have_no_wait() {
    for (rate, servers) in [(10.0, 10u64), (11.0, 10), (1e9, 1), (200_000.0, 100_000)] {
        let q = mmc(rate, 1.0, servers).unwrap();
        assert_eq!(q.state, QueueState::Unstable);
        assert!(q.utilization >= 1.0 && q.erlang_b.is_finite());
        assert_eq!(q.mean_wait_s(), None);
        assert_eq!(q.p99_wait_s(), None);
        assert_eq!(q.erlang_c(), None);
    }
    // Just below: stable, with a large but finite wait.
    let q = mmc(9.999, 1.0, 10).unwrap();
    assert!(q.is_stable() && q.mean_wait_s().unwrap().is_finite());
}

// Guards: bad inputs are named, not turned into numbers.
#[test]
fn bad_inputs_are_errors() {
    use scalemap::core::queueing::QueueError;
    assert_eq!(mmc(-1.0, 1.0, 1), Err(QueueError::Rate));
    assert_eq!(mmc(f64::NAN, 1.0, 1), Err(QueueError::Rate));
    assert_eq!(mmc(1.0, 0.0, 1), Err(QueueError::ServiceTime));
    assert_eq!(mmc(1.0, f64::INFINITY, 1), Err(QueueError::ServiceTime));
    assert_eq!(mmc(1.0, 1.0, 0), Err(QueueError::Servers));
    assert_eq!(Pool::new(3, 0.0, 0.1), Err(QueueError::Capacity));
}

// Guards: Little's-law mapping of a pool: 800 req/s per instance at 50 ms is 40 workers; 10
// instances are one M/M/400 queue whose utilisation is load / (10 × 800).
#[test]
fn pool_mapping() {
    let p = Pool::new(10, 800.0, 0.05).unwrap();
    assert_eq!((p.workers_per_instance, p.servers), (40, 400));
    assert!(rel(p.service_s, 0.05) < 1e-15);
    let q = p.queue(4800.0).unwrap();
    assert!(rel(q.utilization, 0.6) < 1e-12);
    // Not whole: 800 × 0.0123 = 9.84 → 10 workers, service time 10/800 = 12.5 ms, so the pool
    // still serves exactly 800 req/s per instance.
    let p = Pool::new(3, 800.0, 0.0123).unwrap();
    assert_eq!(p.workers_per_instance, 10);
    assert!(rel(p.service_s, 0.0125) < 1e-15);
    assert!(rel(p.queue(1200.0).unwrap().utilization, 0.5) < 1e-12);
    // Fewer than one worker's worth still gets one worker.
    assert_eq!(Pool::new(1, 800.0, 0.0001).unwrap().workers_per_instance, 1);
}

// Guards: Halfin–Whitt is only a rough guide (why the module does not use it): 0.6% off at
// c = 10,000, ρ = 0.99, against 1e-12 for the method used.
#[test]
fn halfin_whitt_is_only_rough() {
    let (c, a) = (10_000u64, 9_900.0);
    let exact = erlang_c(c, a).unwrap();
    let hw = halfin_whitt_c(c, a);
    let err = rel(hw, exact);
    assert!(err > 0.005 && err < 0.2, "{err}");
}

// Guards: a 100,000-server pool evaluated 1,000 times stays well inside a keystroke's budget
// (counts terms, not time: at most 10·√c + 20 per evaluation, against c for the recursion).
#[test]
fn huge_pools_are_cheap() {
    let c = 100_000u64;
    let mut total = 0;
    for i in 0..1000 {
        let rho = 0.5 + 0.5 * i as f64 / 1000.0;
        total += erlang_b_fast(c, rho * c as f64).1;
    }
    assert!(total < 1000 * 3_200, "{total}");
}

// Guards: sizing by a wait target: the fewest instances whose p99 wait meets it, never fewer
// than stability needs, and None when the cap is too low.
#[test]
fn sizing_by_wait_target() {
    use scalemap::core::queueing::{min_instances_for_wait, Pool};
    // 10,000 req/s on instances of 800 req/s with 50 ms per request (40 workers each): 13 keep
    // the queue stable (12.5 needed); a p99 wait of at most 1 ms may need more.
    let n = min_instances_for_wait(10_000.0, 800.0, 0.05, 0.99, 0.001, 1000)
        .unwrap()
        .unwrap();
    assert!(n >= 13);
    let wait = |n: u64| {
        Pool::new(n, 800.0, 0.05)
            .unwrap()
            .queue(10_000.0)
            .unwrap()
            .p99_wait_s()
            .unwrap()
    };
    assert!(wait(n) <= 0.001);
    assert!(n == 13 || wait(n - 1) > 0.001);
    // A generous target is met by the stability minimum itself.
    assert_eq!(
        min_instances_for_wait(10_000.0, 800.0, 0.05, 0.99, 10.0, 1000).unwrap(),
        Some(13)
    );
    assert_eq!(
        min_instances_for_wait(10_000.0, 800.0, 0.05, 0.99, 0.001, 12).unwrap(),
        None
    );
}
