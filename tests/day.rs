//! A day of traffic (issue 17): the day's honest numbers against the stage table, spikes and
//! the autoscaler's warm-up, cost against peak provisioning, the canary, and snapshots.

use expect_test::{expect, Expect};
use scalemap::core::day::{self, events, report, shape, Shape, DAY_MINUTES};
use scalemap::core::model::{self, CostItem};
use scalemap::core::params::{resolve, Scenario};
use scalemap::core::presets::Preset;

fn scenario(preset: Preset, kv: &[(&str, &str)]) -> Scenario {
    let o: Vec<(String, String)> = kv
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (s, n) = resolve(preset.scenario(), &o);
    assert!(n.is_empty(), "{n:?}");
    s
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

// Guards: the flat day with no events and no autoscaling is the stage table exactly: every
// minute has the stage's peak rate, fleet, busiest utilisation and p99 — for every preset and
// stage.
#[test]
fn flat_day_is_the_stage() {
    // Each preset as it comes, then with every latency parameter moved off its default (the day
    // once read the registry's defaults instead of the scenario's, and the presets alone did not
    // show it).
    let moved = [
        ("own_ms", "40"),
        ("db_ms", "7"),
        ("cache_ms", "2"),
        ("hop_ms", "3"),
        ("tail", "6"),
        ("rtt_ms", "150"),
    ];
    let cases = Preset::ALL
        .into_iter()
        .flat_map(|p| [(p, false), (p, true)]);
    for (preset, moved_off) in cases {
        let mut pairs = vec![("day", "flat"), ("autoscale", "off")];
        if moved_off {
            pairs.extend(moved);
        }
        let s = scenario(preset, &pairs);
        for &u in &s.users {
            let st = model::stage(&s, u, false);
            let d = day::day(&s, u);
            let util = st
                .services
                .iter()
                .map(|x| x.request_utilization)
                .fold(0.0, f64::max);
            let p99 = st
                .latency
                .as_ref()
                .and_then(|l| l.overall.as_ref()?.p99_ms());
            for m in &d.minutes {
                assert_eq!(m.rps, st.peak_rps, "{preset:?} {u}");
                assert_eq!(m.instances, st.service_instances, "{preset:?} {u}");
                assert_eq!(m.utilization, util, "{preset:?} {u}");
                assert_eq!(m.p99_ms, p99, "{preset:?} {u}");
                assert_eq!(m.dropped, 0.0);
            }
            assert_eq!(d.summary.stage_cost_month, st.cost.line(CostItem::Services));
            assert!(close(
                d.summary.cost_month,
                st.cost.line(CostItem::Services)
            ));
        }
    }
}

// Guards: every shaped day peaks at exactly the stage's peak and averages the stage's average
// (peak ÷ average is the scenario's peak factor), for every preset, stage and shape.
#[test]
fn day_peak_is_the_stage_peak() {
    for preset in Preset::ALL {
        for shape in ["wave", "one", "two"] {
            let s = scenario(preset, &[("day", shape)]);
            for &u in &s.users {
                let st = model::stage(&s, u, false);
                let d = day::day(&s, u);
                assert_eq!(d.summary.peak_rps, st.peak_rps, "{preset:?} {shape} {u}");
                assert!(
                    close(d.summary.avg_rps, st.avg_rps),
                    "{preset:?} {shape} {u}: {} vs {}",
                    d.summary.avg_rps,
                    st.avg_rps
                );
            }
        }
    }
}

// Guards: the shape's normalisation holds at the ends of the peak factor's range.
#[test]
fn shapes_hold_their_peak_factor() {
    for shape in [Shape::Wave, Shape::One, Shape::Two] {
        for pf in [1.0, 1.01, 2.0, 5.0, 30.0, 100.0] {
            let g = shape::curve(shape, pf);
            assert_eq!(g.len(), DAY_MINUTES as usize);
            let max = g.iter().copied().fold(0.0, f64::max);
            let mean = g.iter().sum::<f64>() / g.len() as f64;
            assert_eq!(max, 1.0, "{shape:?} {pf}");
            assert!(close(mean * pf, 1.0), "{shape:?} {pf}: {}", mean * pf);
            assert!(g.iter().all(|v| *v >= 0.0 && v.is_finite()));
        }
    }
}

/// The day's minutes from `from` for `len` minutes.
fn span(d: &day::Day, from: usize, len: usize) -> &[day::Minute] {
    &d.minutes[from..from + len]
}

// Guards: a spike longer than the time to add an instance is absorbed (its last minutes serve
// everything within the target), one shorter is not (every minute of it refuses requests, and
// the instances it ordered arrive after it); both counted.
#[test]
fn spikes_and_warm_up() {
    let base = [("as_warm", "5"), ("day", "flat")];
    let long = scenario(
        Preset::Architecture,
        &[base[0], base[1], ("events", "spike:x3@18h/30m")],
    );
    let d = day::day(&long, 1e6);
    let at = 18 * 60;
    let first = span(&d, at, 5);
    assert!(first.iter().all(|m| m.dropped > 0.0 && m.p99_ms.is_none()));
    assert!(first.iter().all(|m| m.no_p99 == Some(day::NoP99::PoolFull)));
    let rest = span(&d, at + 5, 25);
    assert!(rest.iter().all(|m| m.dropped == 0.0 && m.p99_ms.is_some()));
    assert!(rest.iter().all(|m| m.p99_ms < Some(d.slo_ms)));
    let counted: f64 = first.iter().map(|m| m.dropped).sum();
    assert!(close(d.summary.requests_dropped, counted), "{counted}");
    assert!(d.summary.requests_dropped > 0.0);

    let short = scenario(
        Preset::Architecture,
        &[base[0], base[1], ("events", "spike:x3@18h/3m")],
    );
    let d = day::day(&short, 1e6);
    let spike = span(&d, at, 3);
    assert!(spike.iter().all(|m| m.dropped > 0.0 && m.p99_ms.is_none()));
    assert!(spike.iter().all(|m| m.instances == spike[0].instances));
    let counted: f64 = spike.iter().map(|m| m.dropped).sum();
    assert!(close(d.summary.requests_dropped, counted));
    assert_eq!(d.summary.overloaded_minutes, 3);
    assert_eq!(d.summary.unbounded_minutes, 0);
    // The instances the spike ordered serve from minute 18:05, after it.
    assert!(d.minutes[at + 5].instances > spike[0].instances);
}

// Guards: a call cycle leaves every minute without a p99 because latency has no bound, not
// because a pool is full: no minute counts as full, the chart marks none as full and says
// why, and every text names the cycle (the day once said "a pool is full" 1,440 times).
#[test]
fn call_cycle_is_not_a_full_pool() {
    let s = scenario(Preset::Architecture, &[("services", "A:1:B,B:1:A")]);
    let d = day::day(&s, 1e4);
    assert!(d.minutes.iter().all(|m| m.p99_ms.is_none()));
    assert!(d
        .minutes
        .iter()
        .all(|m| m.no_p99 == Some(day::NoP99::CallCycle)));
    assert_eq!(d.summary.overloaded_minutes, 0);
    assert_eq!(d.summary.unbounded_minutes, DAY_MINUTES);
    let rows = report::rows(&d);
    let worst = rows
        .iter()
        .find(|r| r.0 == "max_p99_ms")
        .expect("a p99 row");
    assert_eq!(worst.2, "none (no bound: a call cycle)");
    assert!(
        worst.3.contains("1440 minute(s) have no bound"),
        "{}",
        worst.3
    );
    let (_, items) = report::readout(&d, 600);
    assert!(items.contains(&("p99", "none (no bound: a call cycle)".to_string())));
    let described = day::chart::describe(&d);
    assert!(!described.contains("full pool"), "{described}");
    assert!(described.contains("no bound"), "{described}");
    let opts = scalemap::core::chart::ChartOptions {
        width: 900,
        cursor: Some(600.0),
        ..Default::default()
    };
    let svg = day::chart::render(&d, &opts);
    assert!(svg.contains("latency has no bound (a call cycle)"));
    assert!(
        svg.contains(">no bound<"),
        "the cursor's p99 reads \"no bound\""
    );
    let json = serde_json::to_value(report::json(&d)).expect("JSON");
    assert_eq!(json["minutes"][600]["no_p99"], "call_cycle");
    assert_eq!(json["summary"]["unbounded_minutes"], DAY_MINUTES);
}

// Guards: the same spike with a queue in place keeps the writes in the backlog instead of
// refusing them, and the backlog drains after the spike.
#[test]
fn queue_absorbs_async_work() {
    let s = scenario(
        Preset::Architecture,
        &[
            ("autoscale", "off"),
            ("events", "spike:x3@16h/3m"),
            ("queue_at", "0"),
        ],
    );
    let d = day::day(&s, 1e6);
    assert!(model::stage(&s, 1e6, false).queue);
    assert!(d.summary.peak_backlog > 0.0);
    let drain = d.summary.drain_minutes.expect("drained by midnight");
    let peak_at = d
        .minutes
        .iter()
        .rposition(|m| m.backlog == d.summary.peak_backlog)
        .unwrap_or(0);
    assert_eq!(d.minutes[peak_at + drain as usize].backlog, 0.0);
    assert!(d.minutes[peak_at + drain as usize - 1].backlog > 0.0);
}

// Guards: the autoscaled fleet never costs more than a fleet provisioned for the day's peak
// under the same policy, and the summary is the series' own sums and maxima.
#[test]
fn autoscaling_never_costs_more_than_the_peak() {
    let events = [
        "",
        "spike:x5@18h/20m",
        "spike:x2@3h/2m,canary:1%-100%@9h/6h",
    ];
    for preset in Preset::ALL {
        for shape in ["wave", "one", "two", "flat"] {
            for ev in events {
                let s = scenario(preset, &[("day", shape), ("events", ev), ("as_cool", "30")]);
                for &u in &s.users {
                    let d = day::day(&s, u);
                    let sm = &d.summary;
                    assert!(
                        sm.cost_month <= sm.peak_cost_month * (1.0 + 1e-12),
                        "{preset:?} {shape} {ev} {u}"
                    );
                    let inst: f64 = d.minutes.iter().map(|m| m.instances).sum();
                    assert!(close(sm.instance_hours, inst / 60.0));
                    let req: f64 = d.minutes.iter().map(|m| m.rps * 60.0).sum();
                    assert!(close(sm.requests, req));
                    let most = d.minutes.iter().map(|m| m.instances).fold(0.0, f64::max);
                    assert_eq!(sm.peak_instances, most);
                    assert!(most <= sm.peak_fleet);
                }
            }
        }
    }
}

// Guards: a canary loads both versions: the parallel-running page counts 667 servers for two
// versions at 1M users (every user on both); a canary shifting the same users from one version
// to the other keeps both running, each with its share (334 servers for one version, so about
// 334 during the shift), never the mirrored 667.
#[test]
fn canary_loads_both_versions() {
    let both = scenario(Preset::ParallelRunning, &[]);
    assert_eq!(model::stage(&both, 1e6, false).service_instances, 667.0);
    let one = scenario(
        Preset::ParallelRunning,
        &[
            ("versions", "1"),
            ("autoscale", "off"),
            ("events", "canary:1%-100%@9h/6h"),
        ],
    );
    let st = model::stage(&one, 1e6, false);
    assert_eq!(st.service_instances, 334.0);
    let d = day::day(&one, 1e6);
    // Before: one version. During: both, 1% → 100%, each sized for its share.
    assert_eq!(d.minutes[8 * 60].instances, 334.0);
    let ramp = span(&d, 9 * 60, 6 * 60);
    for (k, m) in ramp.iter().enumerate() {
        let share = 0.01 + 0.99 * k as f64 / 360.0;
        // Rounded up, as the model does (6.000000000001 servers are 6).
        let up = |x: f64| (x - 1e-9).ceil().max(1.0);
        let (old, new) = (up(1e6 * (1.0 - share) / 3000.0), up(1e6 * share / 3000.0));
        assert_eq!(m.instances, old + new, "minute {k}");
        assert!(m.instances < 667.0);
    }
    // After the shift the new version carries everything and the old one is gone.
    assert_eq!(d.minutes[16 * 60].instances, 334.0);
    assert_eq!(events::canary_share(&d.events, 16 * 60), Some(1.0));
}

fn check(kv: &[(&str, &str)], users: f64, expect: Expect) {
    let s = scenario(Preset::Architecture, kv);
    let d = day::day(&s, users);
    let text: Vec<String> = report::rows(&d)
        .into_iter()
        .map(|(k, _, v, _)| format!("{k}: {v}"))
        .collect();
    expect.assert_eq(&(text.join("\n") + "\n"));
}

// Guards: the summary of a default day and of a spike, as people read them (snapshots).
#[test]
fn summary_snapshots() {
    check(
        &[],
        1e6,
        expect![[r#"
            requests: 8.64B
            peak_rps: 500,000 req/s
            avg_rps: 100,000 req/s
            peak_instances: 1,193
            min_instances: 60
            peak_utilization: 73%
            max_p99_ms: 108 ms
            minutes_over_target: 0
            requests_over_target: 12.3M
            requests_dropped: 0
            peak_backlog: 0
            drain_minutes: no backlog
            cost_month: $17,540
            peak_cost_month: $87,089
            stage_cost_month: $87,089
        "#]],
    );
    check(
        &[("events", "spike:x5@18h/20m")],
        1e6,
        expect![[r#"
            requests: 9.58B
            peak_rps: 1,105,558 req/s
            avg_rps: 110,870 req/s
            peak_instances: 2,633
            min_instances: 60
            peak_utilization: 100%
            max_p99_ms: 108 ms
            minutes_over_target: 3
            requests_over_target: 210M
            requests_dropped: 206M
            peak_backlog: 22.9M
            drain_minutes: 4 min
            cost_month: $19,222
            peak_cost_month: $192,209
            stage_cost_month: $87,089
        "#]],
    );
    check(
        &[("autoscale", "off"), ("day", "two")],
        1e4,
        expect![[r#"
        requests: 86.4M
        peak_rps: 5,000 req/s
        avg_rps: 1,000 req/s
        peak_instances: 13
        min_instances: 13
        peak_utilization: 67%
        max_p99_ms: 41.3 ms
        minutes_over_target: 0
        requests_over_target: 6.83
        requests_dropped: 0
        peak_backlog: 0
        drain_minutes: no backlog
        cost_month: $949
        peak_cost_month: $949
        stage_cost_month: $949
    "#]],
    );
}

// Guards: the day's per-minute latency (`model::latency::Overall`: the graph mapped once, each
// distinct set of queue waits solved once, each search started from the last answer) is the
// latency phase's own overall figure, at loads and fleets the stage never had: the same root
// to within the solver's rounding (1e-12 relative), the same critical path, and a load seen
// before gives the figure it gave then, to the bit.
#[test]
fn the_days_latency_is_the_phases() {
    use model::latency::{latency, LatencyInputs, Overall};
    use model::{Context, Notes};
    use scalemap::core::latency::Latency;
    let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
    let regions = [("region_users", "100000"), ("rtt_ms", "120")];
    for (preset, extra) in [
        (Preset::Architecture, &[][..]),
        (Preset::Maturity, &[][..]),
        (Preset::Architecture, &regions[..]),
    ] {
        let s = scenario(preset, extra);
        for &u in &s.users {
            let ctx = Context::new(&s);
            let p = ctx.phases(u, &mut Notes::new(false));
            let k = LatencyInputs::from_scenario(&s);
            let mut memo = Overall::new(&s, &p.traffic, &p.loads, &p.compute, &p.data);
            let mut first = Vec::new();
            let steps = [(1.0, 1.0), (0.3, 0.5), (0.9, 0.7), (1.0, 1.0), (0.3, 0.5)];
            for (i, (load, fleet)) in steps.into_iter().enumerate() {
                let mut c = p.compute.clone();
                for svc in &mut c.services {
                    svc.peak_rps *= load;
                    svc.instances = (svc.instances * fleet).ceil();
                }
                let phase = latency(
                    &s,
                    &p.traffic,
                    &p.loads,
                    &c,
                    &p.data,
                    &k,
                    &mut Notes::new(false),
                );
                let got = memo.at(&c);
                let at = format!("{preset:?} {u} ×{load} ×{fleet}");
                match (&got, &phase.overall) {
                    (Some(Latency::Bounded(a)), Some(Latency::Bounded(b))) => {
                        assert!(
                            near(a.p50_ms, b.p50_ms) && near(a.p99_ms, b.p99_ms),
                            "{at}: {a:?} {b:?}"
                        );
                        assert_eq!(a.mean_ms, b.mean_ms, "{at}");
                        assert_eq!(a.critical_path, b.critical_path, "{at}");
                    }
                    (a, b) => assert_eq!(a, b, "{at}"),
                }
                if let Some(j) = steps[..i].iter().position(|x| *x == (load, fleet)) {
                    assert_eq!(got, first[j], "{at}: seen before");
                }
                first.push(got);
            }
        }
    }
}

// Guards: the day's events are read where they are used: the scenario keeps them as typed
// (the growth, Ranges and Learn pages never read them and name the key as the Day page's), and
// `Link::day_scenario` (the Day page, the CLI) reads them and names each problem, with the
// field's label, as the other fields' notices are.
#[test]
fn events_are_read_by_the_day() {
    let (link, notices) =
        scalemap::core::share::decode("?v=3&events=spike:x5@18h/20m,%20wobble:x2@1h/1h");
    assert!(notices.is_empty(), "{notices:?}");
    let (s, plain) = link.scenario();
    assert_eq!(s.events, "spike:x5@18h/20m, wobble:x2@1h/1h");
    assert!(plain.is_empty(), "{plain:?}");
    let (s, named) = link.day_scenario();
    assert_eq!(named.len(), 1, "{named:?}");
    assert_eq!(named[0].key, "events");
    assert!(
        named[0]
            .message
            .contains("“wobble:x2@1h/1h” is not a known event"),
        "{named:?}"
    );
    let d = day::day(&s, 1e4);
    assert_eq!(
        d.events.len(),
        1,
        "the spike is read, the unknown item left out"
    );
}
