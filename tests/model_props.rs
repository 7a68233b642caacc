//! Properties of the capacity model over random scenarios, including the edges of every range.

use proptest::prelude::*;
use scalemap::core::model::{report, report_with, Fig, Stage};
use scalemap::core::params::{Scenario, SPECS};
use scalemap::core::presets::Preset;
use scalemap::core::schedule::Schedule;
use scalemap::core::services::ServiceDef;

/// A random valid scenario: every numeric parameter at its minimum, its maximum, or in between.
fn scenario() -> impl Strategy<Value = Scenario> {
    let nums = proptest::collection::vec((0u8..4, 0.0f64..1.0), SPECS.len());
    let users = proptest::collection::vec(0.0f64..12.0, 1..6);
    let nsvc = proptest::option::of(proptest::collection::vec(
        (0.0f64..12.0, 0.0f64..500.0),
        1..5,
    ));
    let calls = proptest::collection::vec(proptest::collection::vec(0usize..6, 0..3), 1..6);
    (0usize..Preset::ALL.len(), nums, users, nsvc, calls).prop_map(
        |(p, nums, users, nsvc, calls)| {
            let mut s = Preset::ALL[p].scenario();
            for (spec, (kind, t)) in SPECS.iter().zip(nums) {
                let v = match kind {
                    0 => spec.min,
                    1 => spec.max,
                    _ => spec.min + (spec.max - spec.min) * t * t * t,
                };
                let v = if spec.integer { v.round() } else { v };
                s.set(spec.p, v);
            }
            let mut u: Vec<f64> = users.iter().map(|e| 10f64.powf(*e).round()).collect();
            u.sort_by(f64::total_cmp);
            u.dedup();
            s.users = u;
            let n = calls.len();
            s.services = calls
                .iter()
                .enumerate()
                .map(|(i, c)| ServiceDef {
                    name: format!("S{i}"),
                    // 0 (only calls reach it) for the first and every third; a list of one
                    // weighs 0 in all (the model then counts each as 1).
                    weight: (i % 3) as f64,
                    calls: c
                        .iter()
                        .filter(|&&j| j < n && j != i)
                        .map(|j| format!("S{j}"))
                        .collect(),
                    call_kinds: Vec::new(),
                })
                .collect();
            if let Some(pts) = nsvc {
                let pts: Vec<(f64, f64)> = pts
                    .iter()
                    .map(|(u, c)| (10f64.powf(*u).round(), c.round()))
                    .collect();
                s.service_count = Schedule::new(&pts);
            }
            s
        },
    )
}

fn numbers(st: &Stage) -> Vec<(&'static str, f64)> {
    let mut v = vec![
        ("avg_rps", st.avg_rps),
        ("peak_rps", st.peak_rps),
        ("regions", st.regions),
        ("service_instances", st.service_instances),
        ("gateways", st.gateways),
        ("load_balancers", st.load_balancers),
        ("primaries", st.primaries),
        ("replicas", st.replicas),
        ("db_nodes", st.db_nodes),
        ("cache_nodes", st.cache_nodes),
        ("queue_brokers", st.queue_brokers),
        ("links", st.links),
        ("egress", st.egress_bytes_per_s),
        ("origin", st.origin_egress_bytes_per_s),
        ("stored", st.stored_bytes),
        ("cost", st.cost.total),
        ("per_user", st.cost.per_user),
        ("bottleneck", st.bottleneck.value),
    ];
    for s in &st.services {
        v.push(("svc.rps", s.rps));
        v.push(("svc.db_qps", s.db_qps));
        v.push(("svc.instances", s.instances));
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    // Guards: no scenario, however extreme, yields NaN, infinity or a negative figure, and
    // counts of things are whole numbers.
    #[test]
    fn figures_are_finite_and_whole(s in scenario()) {
        let r = report(&s);
        for st in &r.stages {
            for (name, x) in numbers(st) {
                prop_assert!(x.is_finite() && x >= 0.0, "{name} = {x} at {} users", st.users);
            }
            for (name, x) in [("instances", st.service_instances), ("db_nodes", st.db_nodes), ("cache", st.cache_nodes), ("links", st.links)] {
                prop_assert_eq!(x, x.round(), "{} is not whole", name);
            }
            prop_assert!(st.explanation(Fig::AvgRps).is_some());
            prop_assert!(st.explain.values().all(|t| !t.contains("NaN") && !t.contains("inf")));
        }
        for b in &r.breakpoints {
            if let Some(u) = b.users {
                prop_assert!(u.is_finite() && u >= 1.0);
            }
        }
    }
}

// Guards: every stage figure the table shows carries a derivation.
#[test]
fn every_table_figure_explains_itself() {
    for p in Preset::ALL {
        let r = report(&p.scenario());
        for st in &r.stages {
            for fig in [
                Fig::AvgRps,
                Fig::PeakRps,
                Fig::ReadRps,
                Fig::WriteRps,
                Fig::Regions,
                Fig::Versions,
                Fig::ServiceCount,
                Fig::ServiceInstances,
                Fig::Gateways,
                Fig::LoadBalancers,
                Fig::DbReadQps,
                Fig::DbReadAfterCache,
                Fig::DbWriteQps,
                Fig::Primaries,
                Fig::Replicas,
                Fig::DbNodes,
                Fig::Cache,
                Fig::CacheNodes,
                Fig::Queue,
                Fig::QueueBrokers,
                Fig::Cdn,
                Fig::CdnBytes,
                Fig::Egress,
                Fig::PeakEgress,
                Fig::OriginEgress,
                Fig::Ingress,
                Fig::Links,
                Fig::Stored,
                Fig::CostTotal,
                Fig::CostPerUser,
                Fig::Bottleneck,
            ] {
                assert!(
                    st.explanation(fig).is_some(),
                    "{} {fig:?} at {}",
                    p.key(),
                    st.users
                );
            }
            for i in 0..st.services.len() {
                assert!(st
                    .explain
                    .contains_key(&Fig::Svc(i, scalemap::core::model::SvcFig::Instances)));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    // Guards: under fixed assumptions (no schedules, no policy switches by user count), no
    // count of anything and no cost falls as users grow. The only exceptions are substitutions
    // at the step where a component arrives: a CDN takes bytes off the origin links (and bills
    // them at its own price), a cache takes reads off the database nodes.
    #[test]
    fn counts_never_fall_as_users_grow(s in scenario()) {
        let mut s = s;
        s.service_count = Schedule::default();
        s.migrated = Schedule::default();
        s.set(scalemap::core::params::P::DbSplit, 0.0);
        s.set(scalemap::core::params::P::VersionsFrom, 0.0);
        let ctx = scalemap::core::model::Context::new(&s);
        let mut prev: Option<Stage> = None;
        for i in 0..=240 {
            let users = 10f64.powf(i as f64 / 20.0).round();
            let st = ctx.stage(users, false);
            if let Some(p) = &prev {
                for (name, a, b) in [
                    ("service instances", p.service_instances, st.service_instances),
                    ("gateways", p.gateways, st.gateways),
                    ("load balancers", p.load_balancers, st.load_balancers),
                    ("primaries", p.primaries, st.primaries),
                    ("database nodes", p.db_nodes, st.db_nodes),
                    ("cache nodes", p.cache_nodes, st.cache_nodes),
                    ("queue brokers", p.queue_brokers, st.queue_brokers),
                    ("links", p.links, st.links),
                    ("regions", p.regions, st.regions),
                    ("stored bytes", p.stored_bytes, st.stored_bytes),
                ] {
                    let substituted = (name == "links" && p.cdn != st.cdn)
                        || (matches!(name, "database nodes" | "primaries") && p.cache != st.cache);
                    prop_assert!(b >= a || substituted, "{} fell from {} to {} between {} and {} users", name, a, b, p.users, users);
                }
                if p.cdn == st.cdn && p.cache == st.cache {
                    prop_assert!(st.cost.total >= p.cost.total * (1.0 - 1e-12), "cost fell from {} to {} between {} and {} users", p.cost.total, st.cost.total, p.users, users);
                }
            }
            prev = Some(st);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    // Guards the page's lean report (derivations left out, computed on demand): it must hold
    // exactly the figures, breakpoints and warnings of the full report.
    #[test]
    fn lean_report_has_the_same_figures(s in scenario()) {
        let mut full = report(&s);
        for st in &mut full.stages {
            st.explain.clear();
        }
        prop_assert_eq!(full, report_with(&s, false));
    }
}
