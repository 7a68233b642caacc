//! `scalemap day`: a day of traffic on the command line, driven through `cli::run`.

use scalemap::core::day;
use scalemap::core::params::resolve;
use scalemap::core::presets::Preset;

mod support;
use support::cli;

// Guards: the CSV has a header and one line per minute, and its figures are the core's day.
#[test]
fn csv_is_the_series() {
    let (code, out, err) = cli(&[
        "day",
        "--stage",
        "2",
        "--format",
        "csv",
        "events=spike:x4@18h/20m",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 1_440);
    assert_eq!(
        lines[0],
        "minute,time,rps,instances,utilization,p99_ms,over_target,dropped,backlog"
    );
    let (s, _) = resolve(
        Preset::Architecture.scenario(),
        &[("events".into(), "spike:x4@18h/20m".into())],
    );
    let d = day::day(&s, s.users[1]);
    let at = 18 * 60 + 1;
    let cells: Vec<&str> = lines[1 + at].split(',').collect();
    assert_eq!(cells[1], "18:01");
    let inst: f64 = cells[3].parse().expect("instances");
    assert_eq!(inst, d.minutes[at].instances);
}

// Guards: the JSON parses, carries the summary and 1,440 minutes, and the summary is the
// series' own (requests = Σ rps × 60).
#[test]
fn json_round_trips() {
    let (code, out, _) = cli(&["day", "--format", "json", "day=one&autoscale=off"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["shape"], "one");
    assert_eq!(v["autoscale"], false);
    let minutes = v["minutes"].as_array().expect("minutes");
    assert_eq!(minutes.len(), 1_440);
    let sum: f64 = minutes
        .iter()
        .map(|m| m["rps"].as_f64().unwrap_or(0.0) * 60.0)
        .sum();
    let requests = v["summary"]["requests"].as_f64().expect("requests");
    assert!((sum - requests).abs() <= 1e-9 * requests);
    assert_eq!(v["users"], 1e8);
}

// Guards: the text output names the stage, the events and every summary figure.
#[test]
fn text_summary() {
    let (code, out, _) = cli(&["day", "--stage", "1", "events=canary:1-100@9h/6h"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("A day at stage 1 (100 users): wave shape, autoscaling on"),
        "{out}"
    );
    assert!(
        out.contains("event: canary 1%→100% at 9h for 360 min"),
        "{out}"
    );
    for label in [
        "Requests in the day",
        "Worst p99 latency",
        "Requests refused",
        "Provisioned for the peak",
    ] {
        assert!(out.contains(label), "{label}");
    }
}

// Guards: bad arguments name the flag (or the key) and exit with status 2.
#[test]
fn bad_arguments_are_named() {
    for (args, says) in [
        (&["day", "--stage", "0", ""][..], "--stage “0”"),
        (&["day", "--stage"][..], "--stage needs"),
        (
            &["day", "--stage", "9", ""][..],
            "--stage 9 is past the scenario's 4 stage(s)",
        ),
        (&["day", "--format", "xml", ""][..], "--format “xml”"),
        (&["day", "--bogus", ""][..], "unknown option “--bogus”"),
        (&["day"][..], "missing QUERY"),
        (
            &["day", "events=spike:x5@25h/20m"][..],
            "Events of the day: “spike:x5@25h/20m” has a start “25h”",
        ),
        (
            &["day", "as_warm=abc"][..],
            "Time to add an instance: “abc” is not a number; used 3 min",
        ),
    ] {
        let (code, out, err) = cli(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // With --lenient the day is printed and the notice still named.
    let (code, out, err) = cli(&["day", "--lenient", "events=spike:x500@1h/5m"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("a spike multiplies traffic by 1 to 100; used ×100"),
        "{err}"
    );
    assert!(out.contains("event: spike ×100 at 1h for 5 min"), "{out}");
}
