//! Failure impact (`down=`), a call cycle's latency rows, and downtime per month under each
//! month convention, through the whole model as the CLI and the page compute it.

use scalemap::cli::csv;
use scalemap::core::availability::Impact;
use scalemap::core::model::{report, Report};
use scalemap::core::params::Notice;
use scalemap::core::share::decode;
use scalemap::core::table::row;

fn run(link: &str) -> (Report, Vec<Notice>) {
    let (link, mut notices) = decode(link);
    let (s, more) = link.scenario();
    notices.extend(more);
    (report(&s), notices)
}

fn impacts(r: &Report, stage: usize) -> Vec<(String, Impact)> {
    let st = &r.stages[stage];
    let a = st
        .availability
        .as_ref()
        .expect("availability at full depth");
    st.services
        .iter()
        .zip(&a.failure.impact)
        .map(|(s, i)| (s.name.clone(), *i))
        .collect()
}

fn failed(r: &Report, stage: usize) -> f64 {
    r.stages[stage]
        .availability
        .as_ref()
        .expect("availability")
        .failure
        .failed_share
}

// Guards: the first-architecture page's example: Client → Gateway → A → B with B down: A fails
// with it and the client gets an error (every client request fails); the table says which.
#[test]
fn seed_b_down_fails_a() {
    let (r, notices) = run("?v=2&users=1000&services=A:1:B,B:0.001&down=B");
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(
        impacts(&r, 0),
        vec![("A".into(), Impact::Fails), ("B".into(), Impact::Fails)]
    );
    assert_eq!(failed(&r, 0), 1.0);
    let text = (row("failed_request_share").expect("row").show)(&r.stages[0]);
    assert_eq!(text, "100% (A, B fail)");
    // Nothing down: nothing fails for that reason, and the row says 0%.
    let (r, _) = run("?v=2&users=1000&services=A:1:B,B:0.001");
    assert_eq!(failed(&r, 0), 0.0);
    assert_eq!(
        (row("failed_request_share").expect("row").show)(&r.stages[0]),
        "0%"
    );
}

// Guards: a caller whose call to the service that is down is asynchronous or optional only
// degrades; the failed share is then the share of requests entering at the failing service.
#[test]
fn async_and_optional_callers_degrade() {
    let (r, _) = run("?v=2&users=1000&services=A:1:~B,C:1:?B,B:2&down=B");
    assert_eq!(
        impacts(&r, 0),
        vec![
            ("A".into(), Impact::Degraded),
            ("C".into(), Impact::Degraded),
            ("B".into(), Impact::Fails)
        ]
    );
    assert!((failed(&r, 0) - 0.5).abs() < 1e-12, "{}", failed(&r, 0));
}

// Guards: `db:NAME` takes down the database NAME uses, and every service that needs it; a
// region down fails everything with one region and nothing (degraded) with several.
#[test]
fn databases_and_regions() {
    let (r, n) = run("?v=2&users=1000&down=db:User");
    assert!(n.is_empty(), "{n:?}");
    // The default services: User, Product, Order calling User then Product; each its own DB.
    assert_eq!(
        impacts(&r, 0),
        vec![
            ("User".into(), Impact::Fails),
            ("Product".into(), Impact::Ok),
            ("Order".into(), Impact::Fails)
        ]
    );
    assert!((failed(&r, 0) - 2.0 / 3.0).abs() < 1e-12);
    let (r, _) = run("?v=2&users=1000,10m&down=region");
    assert_eq!(r.stages[0].regions, 1.0);
    assert_eq!(failed(&r, 0), 1.0);
    assert!(r.stages[1].regions > 1.0);
    assert_eq!(failed(&r, 1), 0.0);
    assert!(impacts(&r, 1).iter().all(|(_, i)| *i == Impact::Degraded));
}

// Guards: a value `down=` cannot use is named with the key's label and what was used instead;
// `down` written before `services` in a hand-made link still finds the services.
#[test]
fn bad_down_values_are_named() {
    let (r, n) = run("?v=2&users=1000&down=Nope,db:Ghost,Order");
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(n.iter().all(|x| x.key == "down"));
    assert!(
        n[0].message.starts_with(
            "What if this is down: “Nope” is not a named service (User, Product, Order)"
        ),
        "{}",
        n[0].message
    );
    assert!(n[1].message.contains("“db:Ghost”"), "{}", n[1].message);
    assert!(n[0].message.ends_with("it was left out."));
    assert_eq!(
        r.stages[0].availability.as_ref().expect("a").failure.down,
        vec!["Order".to_string()]
    );
    let (r, n) = run("?v=2&users=1000&down=X&services=X:1,Y:1");
    assert!(n.is_empty(), "{n:?}");
    assert!((failed(&r, 0) - 0.5).abs() < 1e-12);
}

// Guards: a call cycle gives no made-up latency: the rows say why, CSV and JSON carry null, and
// the warning says its latency has no number.
#[test]
fn a_cycle_has_no_latency_number() {
    let (r, _) = run("?v=2&users=1000&services=A:1:B,B:1:A");
    let st = &r.stages[0];
    for key in ["latency_p50_ms", "latency_p99_ms"] {
        let row = row(key).expect("row");
        assert_eq!((row.show)(st), "no limit: a call cycle");
        assert!((row.value)(st).is_nan());
    }
    assert!(
        r.warnings[0].contains("its latency has no number"),
        "{:?}",
        r.warnings
    );
    let csv = csv(&r);
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let line: Vec<&str> = csv.lines().nth(1).expect("a stage").split(',').collect();
    let at = header
        .iter()
        .position(|h| *h == "latency_p99_ms")
        .expect("column");
    assert_eq!(line[at], "null");
    // Availability is still a number: a cycle does not stop the parts being up.
    assert!(st.availability.as_ref().expect("a").overall.availability() > 0.9);
}

// Guards: downtime per month follows the `month` convention: (1 − availability) × the month's
// seconds, for the average month, 30 days and the Primer's 2.5 million seconds.
#[test]
fn downtime_per_month_under_each_convention() {
    for (month, seconds) in [
        ("avg", 30.436_875 * 86_400.0),
        ("30", 30.0 * 86_400.0),
        ("2.5m", 2_500_000.0),
    ] {
        let (r, n) = run(&format!("?v=2&users=10k&month={month}"));
        assert!(n.is_empty(), "{n:?}");
        let a = r.stages[0].availability.as_ref().expect("a");
        let want = a.overall.unavailability() * seconds;
        assert!(
            (a.downtime_s_per_month - want).abs() <= 1e-9 * want,
            "{month}: {} vs {want}",
            a.downtime_s_per_month
        );
        assert!(
            (a.downtime_s_per_year - a.overall.unavailability() * 365.0 * 86_400.0).abs() < 1e-6
        );
    }
}

// Guards: the availability parameters reach the figures: better instances, fewer failures.
#[test]
fn availability_parameters_are_used() {
    let (a, _) = run("?v=2&users=1000");
    let (b, _) = run("?v=2&users=1000&a_inst=99.99");
    let av = |r: &Report| {
        r.stages[0]
            .availability
            .as_ref()
            .expect("a")
            .overall
            .availability()
    };
    assert!(av(&b) > av(&a), "{} vs {}", av(&b), av(&a));
    let (c, _) = run("?v=2&users=1000&own_ms=50");
    let p99 = |r: &Report| {
        r.stages[0]
            .latency
            .as_ref()
            .and_then(|l| l.p99_ms())
            .expect("p99")
    };
    assert!(p99(&c) > p99(&a) + 40.0, "{} vs {}", p99(&c), p99(&a));
}

// Guards: the diagram marks what is down (class `down`, struck through), the services that fail
// with it (`fails`) or only degrade (`degraded`), and the failing paths (`failing` edges); each
// marked box says so in words (its detail line, its title), and the marking rules travel with
// the drawing. Nothing down: none of it.
#[test]
fn diagram_marks_what_is_down() {
    use scalemap::core::diagram::{build, render_stage};
    let (link, _) = decode("?v=2&users=1000&services=A:1:B%2B~C,B:0.001,C:0.001&down=B");
    let (s, _) = link.scenario();
    let st = &report(&s).stages[0];
    let g = build(&s, st);
    let class = |label: &str| {
        g.nodes.iter().find(|n| n.label == label).map(|n| {
            (
                n.health.class(),
                n.details.last().cloned().unwrap_or_default(),
            )
        })
    };
    assert_eq!(class("B"), Some((" down", "down".to_string())));
    assert_eq!(
        class("A"),
        Some((" fails", "fails: needs what is down".to_string()))
    );
    // C is called asynchronously by A and needs nothing that is down.
    assert_eq!(class("C").map(|c| c.0), Some(""));
    assert!(g.edges.iter().any(|e| e.failing), "a failing edge");
    let svg = render_stage(&s, st);
    assert!(svg.contains("class=\"node service down"), "{svg}");
    assert!(svg.contains("class=\"node service fails"));
    assert!(svg.contains(" failing\">"));
    assert!(svg.contains(".sm-diagram .down .box"));
    assert!(svg.contains("<title>B ×1 (down)</title>"));
    let (link, _) = decode("?v=2&users=1000&services=A:1:B,B:0.001");
    let (s, _) = link.scenario();
    let svg = render_stage(&s, &report(&s).stages[0]);
    assert!(!svg.contains("down") && !svg.contains("failing"));
}

// Guards: the diagram's latency marking: each call's arrow carries how long its caller waits
// (the callee's p99 and p50, the model's own figures), the gateway's arrow into each service its
// client requests' latency, an asynchronous call says the caller does not wait, and the critical
// path of all client requests (gateway → A → B, not the asynchronous C) is marked, with its rule
// in the drawing's sheet and named in the text description. A call cycle: no number, no path.
#[test]
fn diagram_marks_latency_and_the_critical_path() {
    use scalemap::core::diagram::graph::{EdgeKind, End};
    use scalemap::core::diagram::{build, critical_path, render_stage, text_alternative};
    use scalemap::core::format::num;
    let (link, _) = decode("?v=2&users=1000&services=A:1:B%2B~C,B:0.001,C:0.001");
    let (s, _) = link.scenario();
    let st = &report(&s).stages[0];
    let lat = st.latency.as_ref().expect("latency");
    let g = build(&s, st);
    let label = |e: End| g.end_label(e).to_string();
    let edge = |from: &str, to: &str| {
        g.edges
            .iter()
            .find(|e| label(e.from) == from && label(e.to) == to)
            .unwrap_or_else(|| panic!("an edge {from} → {to}"))
    };
    let words = |l: &scalemap::core::latency::Latency| {
        let f = l.figures().expect("bounded");
        format!("p99 {} ms, p50 {} ms", num(f.p99_ms), num(f.p50_ms))
    };
    let (a, b) = (0, 1);
    assert_eq!(edge("A", "B").latency, Some(words(&lat.called[b])));
    assert_eq!(
        edge("API gateway", "A").latency,
        Some(words(&lat.entries[a]))
    );
    assert_eq!(
        edge("A", "C").latency.as_deref(),
        Some("asynchronous: the caller does not wait")
    );
    let crit: Vec<(String, String)> = g
        .edges
        .iter()
        .filter(|e| e.critical)
        .map(|e| (label(e.from), label(e.to)))
        .collect();
    assert_eq!(
        crit,
        [
            ("API gateway".to_string(), "A".to_string()),
            ("A".to_string(), "B".to_string())
        ]
    );
    assert!(g
        .edges
        .iter()
        .filter(|e| e.critical)
        .all(|e| e.kind != EdgeKind::Data));
    assert_eq!(critical_path(&g).as_deref(), Some("API gateway → A → B"));
    assert!(text_alternative(&g).contains("Critical path of client requests: API gateway → A → B."));
    let svg = render_stage(&s, st);
    assert!(svg.contains("<g class=\"edge call crit\">"), "{svg}");
    assert!(svg.contains(":focus>.sm-diagram .crit .line"));
    // Each component's availability, the model's own pools.
    let gw = g
        .nodes
        .iter()
        .find(|n| n.label == "API gateway")
        .expect("gateway");
    let pools = &st.availability.as_ref().expect("availability").pools;
    assert_eq!(
        gw.available.as_deref(),
        Some(
            format!(
                "available {}",
                scalemap::core::model::availability::percent_precise(pools.gateways)
            )
            .as_str()
        )
    );
    // A call cycle: the arrows say there is no number, and nothing is marked.
    let (link, _) = decode("?v=2&users=1000&services=A:1:B,B:0.001:A");
    let (s, _) = link.scenario();
    let st = &report(&s).stages[0];
    let g = build(&s, st);
    assert!(g.edges.iter().all(|e| !e.critical));
    assert!(g
        .edges
        .iter()
        .any(|e| e.latency.as_deref() == Some("no limit: a call cycle")));
    assert!(!render_stage(&s, st).contains("crit"));
}
