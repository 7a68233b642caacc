//! The CLI's JSON: serde output that parses back, with exactly the documented keys.

use std::collections::BTreeSet;

use scalemap::cli::run;
use scalemap::core::json::KEYS;
use serde_json::Value;

fn json_of(query: &str, explain: bool) -> Value {
    json_with(query, explain, &[])
}

fn json_with(query: &str, explain: bool, more: &[&str]) -> Value {
    let mut args = vec!["--format".to_string(), "json".to_string()];
    args.extend(more.iter().map(|a| a.to_string()));
    if explain {
        args.push("--explain".to_string());
    }
    args.push(query.to_string());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&args, &mut out, &mut err);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    serde_json::from_slice(&out).expect("the CLI prints JSON")
}

/// Every key path in `v`: `stages[].avg_rps`; objects keyed by data stop at their own key.
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(p.clone());
                let data_keyed = ["monthly_cost_by_component_usd", "explain", "bands"];
                if !data_keyed.iter().any(|k| p.ends_with(k)) {
                    paths(x, &p, out);
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

// Guards: the output has exactly the documented keys (no undocumented one, none missing), for
// every preset, with and without derivations.
#[test]
fn keys_are_documented() {
    let documented: BTreeSet<String> = KEYS.iter().map(|(k, _)| k.to_string()).collect();
    let mut seen = BTreeSet::new();
    for preset in [
        "architecture",
        "maturity",
        "migration",
        "db-per-service",
        "parallel-running",
    ] {
        paths(
            &json_of(&format!("?v=2&preset={preset}"), true),
            "",
            &mut seen,
        );
    }
    // The bands' keys: a scenario with ranges, sampled.
    paths(
        &json_with(
            "?v=2&rpu=20..40&db_read=2k..3k..5k",
            false,
            &["--samples", "20"],
        ),
        "",
        &mut seen,
    );
    assert_eq!(seen, documented);
}

// Guards: numbers survive the round trip through serde_json, whole ones stay whole, and the
// figures equal the model's.
#[test]
fn round_trips_through_serde_json() {
    let v = json_of("?v=2&preset=parallel-running&users=10k,1m", false);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["format_version"], 3);
    let st = &v["stages"][0];
    assert_eq!(
        st["service_instances"], 7,
        "the page's 7 servers at 10K users"
    );
    assert_eq!(v["stages"][1]["service_instances"], 667);
    let text = serde_json::to_string(&v).expect("serialises");
    let again: Value = serde_json::from_str(&text).expect("parses");
    assert_eq!(again, v);
    assert!(st["bottleneck"]["headroom"].is_number());
}

// Guards: the Day page's "Download JSON" (the core's report JSON) and the CLI write the same
// bytes for the same link.
#[test]
fn page_and_cli_write_the_same_bytes() {
    let q = "?v=2&preset=migration&users=1m";
    let (link, notices) = scalemap::core::share::decode(q);
    let (s, more) = link.scenario();
    assert!(notices.is_empty() && more.is_empty());
    let r = scalemap::core::model::report(&s);
    let page = scalemap::core::json::ReportJson::new(&r, &link, &[], false).to_line();
    let mut out = Vec::new();
    run(
        &["--format".into(), "json".into(), q.into()],
        &mut out,
        &mut Vec::new(),
    );
    assert_eq!(String::from_utf8(out).expect("utf-8"), format!("{page}\n"));
}

// Guards: one vocabulary: every CSV column is a JSON stage key, a bill line (`cost_*`, the
// JSON's `monthly_cost_by_component_usd`) or a bottleneck field (`bottleneck_*`).
#[test]
fn csv_columns_are_json_keys() {
    let (link, _) = scalemap::core::share::decode("?v=2");
    let (s, _) = link.scenario();
    let csv = scalemap::cli::csv(&scalemap::core::model::report(&s));
    let header = csv.lines().next().expect("a header");
    for col in header.split(',') {
        let documented = KEYS.iter().any(|(k, _)| *k == format!("stages[].{col}"));
        assert!(
            documented || col.starts_with("cost_") || col.starts_with("bottleneck_"),
            "CSV column {col} is not a JSON key"
        );
    }
}
