//! The services notation's call forms (parallel groups, `~` asynchronous, `?` optional): every
//! v1 list keeps its exact meaning, new forms round-trip through `to_text`, and what cannot be
//! read is named.

use proptest::prelude::*;
use scalemap::core::latency::{calls_from_defs, Call};
use scalemap::core::services::{
    call_graph, parse, propagate, to_text, CallKind, CallMode, ServiceDef,
};

/// The v1 parser's reading of the calls, kept verbatim in spirit as the oracle: calls split on
/// `+`, trimmed, cut to 60 characters, unknown and self calls dropped, adjacent repeats merged.
fn v1_calls(raw: &str) -> Option<Vec<(String, Vec<String>)>> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let mut parts = entry.splitn(3, ':');
        let name: String = parts.next()?.trim().chars().take(60).collect();
        if name.is_empty() || name.contains('+') || out.iter().any(|(n, _)| *n == name) {
            return None;
        }
        let _weight = parts.next();
        let calls: Vec<String> = parts
            .next()
            .map(|c| {
                c.split('+')
                    .map(|s| s.trim().chars().take(60).collect::<String>())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        out.push((name, calls));
    }
    let names: Vec<String> = out.iter().map(|(n, _)| n.clone()).collect();
    for (own, calls) in &mut out {
        if calls.iter().any(|c| c == own || !names.contains(c)) {
            return None; // v1 would have named a problem: not a valid v1 list
        }
        calls.dedup();
    }
    Some(out)
}

/// Names as v1 allowed them, including the characters the new forms use.
fn v1_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-zÀ-ÿ][A-Za-z0-9 _.<>\"'&;=/?#%-]{0,12}",
        "[A-Za-z()|~? ]{1,6}",
    ]
    .prop_map(|s| s.trim().to_string())
    .prop_filter("non-empty", |s| !s.is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, ..ProptestConfig::default() })]

    // Guards: every valid v1 list (names from the v1 alphabet plus `(`, `)`, `|`, `~`, `?`) reads
    // exactly as v1 read it: same callees in the same order, all synchronous and sequential, no
    // notices, and the same canonical text.
    #[test]
    fn v1_lists_keep_their_meaning(
        names in proptest::collection::vec(v1_name(), 1..6),
        picks in proptest::collection::vec(proptest::collection::vec(0usize..6, 0..4), 6),
    ) {
        let mut uniq: Vec<String> = Vec::new();
        for n in names {
            if !uniq.contains(&n) {
                uniq.push(n);
            }
        }
        let text = uniq
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let calls: Vec<&str> = picks[i]
                    .iter()
                    .map(|&j| uniq[j % uniq.len()].as_str())
                    .filter(|c| *c != n)
                    .collect();
                if calls.is_empty() { n.clone() } else { format!("{n}:1:{}", calls.join("+")) }
            })
            .collect::<Vec<_>>()
            .join(",");
        let Some(want) = v1_calls(&text) else { return Ok(()); };
        let (defs, problems) = parse(&text);
        prop_assert!(problems.is_empty(), "{text}: {problems:?}");
        let got: Vec<(String, Vec<String>)> =
            defs.iter().map(|d| (d.name.clone(), d.calls.clone())).collect();
        prop_assert_eq!(got, want, "{}", text);
        prop_assert!(defs.iter().all(|d| d.call_kinds.is_empty()), "{}", text);
        let (again, p2) = parse(&to_text(&defs));
        prop_assert!(p2.is_empty());
        prop_assert_eq!(again, defs);
    }

    // Guards: lists written with groups and markers read back the same after `to_text`.
    #[test]
    fn new_forms_round_trip(
        n in 2usize..6,
        steps in proptest::collection::vec(
            proptest::collection::vec(proptest::collection::vec((0usize..6, 0u8..3), 1..4), 0..4),
            6,
        ),
    ) {
        let names: Vec<String> = (0..n).map(|i| format!("S{i} x")).collect();
        let text = (0..n)
            .map(|i| {
                let parts: Vec<String> = steps[i]
                    .iter()
                    .map(|g| {
                        let members: Vec<String> = g
                            .iter()
                            .map(|&(j, m)| format!("{}{}", ["", "~", "?"][m as usize], names[j % n]))
                            .collect();
                        if members.len() == 1 { members[0].clone() } else { format!("({})", members.join("|")) }
                    })
                    .collect();
                if parts.is_empty() { names[i].clone() } else { format!("{}:1:{}", names[i], parts.join("+")) }
            })
            .collect::<Vec<_>>()
            .join(",");
        let (defs, _) = parse(&text);
        let canonical = to_text(&defs);
        let (again, problems) = parse(&canonical);
        prop_assert!(problems.is_empty(), "{canonical}: {problems:?}");
        prop_assert_eq!(&again, &defs, "{}", canonical);
        prop_assert_eq!(to_text(&again), canonical);
    }
}

fn kinds(d: &ServiceDef) -> Vec<(String, CallKind)> {
    (0..d.calls.len())
        .map(|i| (d.calls[i].clone(), d.call_kind(i)))
        .collect()
}

// Guards: the documented example reads as written: Cart, then Auth alongside an optional Recs,
// then Mail through the queue; the canonical text is the same; every call still loads its
// callee.
#[test]
fn groups_and_markers() {
    let text = "Cart,Auth,Recs,Mail,Checkout:1:Cart+(Auth|?Recs)+~Mail";
    let (defs, problems) = parse(text);
    assert!(problems.is_empty(), "{problems:?}");
    let sync = |parallel| CallKind {
        mode: CallMode::Sync,
        parallel,
    };
    assert_eq!(
        kinds(&defs[4]),
        vec![
            ("Cart".to_string(), sync(false)),
            ("Auth".to_string(), sync(false)),
            (
                "Recs".to_string(),
                CallKind {
                    mode: CallMode::Optional,
                    parallel: true
                }
            ),
            (
                "Mail".to_string(),
                CallKind {
                    mode: CallMode::Async,
                    parallel: false
                }
            ),
        ]
    );
    assert_eq!(defs[4].steps(), vec![vec![0], vec![1, 2], vec![3]]);
    assert_eq!(to_text(&defs), text);
    let g = call_graph(&defs);
    assert_eq!(
        propagate(&g, &[0.0, 0.0, 0.0, 0.0, 10.0]),
        vec![10.0, 10.0, 10.0, 10.0, 10.0]
    );
    // Without parentheses a bare `|` groups too; the canonical text adds them.
    let (defs, problems) = parse("A,B,C,X:1:A|B+C");
    assert!(problems.is_empty());
    assert_eq!(to_text(&defs), "A,B,C,X:1:(A|B)+C");
    // The latency model reads the same structure.
    let (defs, _) = parse(text);
    let calls = calls_from_defs(&defs);
    assert_eq!(
        calls[4],
        vec![
            Call {
                to: 0,
                mode: CallMode::Sync,
                parallel: false
            },
            Call {
                to: 1,
                mode: CallMode::Sync,
                parallel: false
            },
            Call {
                to: 2,
                mode: CallMode::Optional,
                parallel: true
            },
            Call {
                to: 3,
                mode: CallMode::Async,
                parallel: false
            },
        ]
    );
}

// Guards: a name that looks like a new form is still called by its whole name, as in v1.
#[test]
fn whole_names_win() {
    let (defs, problems) = parse("~B,B,A|C,A,C,X:1:~B+A|C");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(defs[5].calls, vec!["~B", "A|C"]);
    assert!(defs[5].call_kinds.is_empty());
    assert_eq!(to_text(&defs), "~B,B,A|C,A,C,X:1:~B+A|C");
    // An asynchronous call to B next to a service named `~B` is written with a space.
    let (defs, _) = parse("~B,B,X:1:~ B");
    assert_eq!(defs[2].call_kind(0).mode, CallMode::Async);
    assert_eq!(to_text(&defs), "~B,B,X:1:~ B");
    assert_eq!(parse(&to_text(&defs)).0, defs);
}

// Guards: what cannot be read is named, and the rest is kept.
#[test]
fn notation_problems_are_named() {
    let (defs, problems) = parse("A,B,C,X:1:(A|B+~+((B|C)|A)+~Z+?X");
    assert_eq!(defs[3].calls, vec!["A", "B", "A"]);
    let text = problems.join("\n");
    expect_test::expect![[r#"
        X: “(A|B” has an unmatched parenthesis; read as a group.
        X: “~” names no service; ignored.
        X: “(B”: parallel groups cannot be nested; that call was ignored.
        X: “C)”: parallel groups cannot be nested; that call was ignored.
        X calls “Z”, which is not in the list; that call was ignored.
        X calls itself; that call was ignored."#]]
    .assert_eq(&text);
}
