//! `scalemap queue`: one M/M/c queue's figures on the command line, driven through `cli::run`.

use expect_test::expect;
use scalemap::core::queueing::mmc;

mod support;
use support::{check_cli as check, cli};

/// A JSON field's raw text, read without a JSON library.
fn field<'a>(json: &'a str, key: &str) -> &'a str {
    let at = json.find(&format!("\"{key}\":")).expect("field present") + key.len() + 3;
    let end = json[at..].find([',', '}']).expect("value ends") + at;
    &json[at..end]
}

// Guards: the text output of the textbook bank example (three tellers, 1.2 arrivals a minute,
// 2 minutes each; HP-12C Solutions Handbook / Trueman 1977: mean wait 2.16 min).
#[test]
fn text_output() {
    check(
        &[
            "queue",
            "--rate",
            "0.02",
            "--service-ms",
            "120000",
            "--servers",
            "3",
        ],
        expect![[r#"
            exit 0
            --- stderr
            --- stdout
            M/M/c queue: 0.02 requests/s, 120,000 ms per request, 3 servers
            offered load  2.4 Erlangs
            utilization   80%
            Erlang B      0.268406     share turned away if there were no queue
            Erlang C      0.647191     probability a request waits
            mean wait     129,438 ms
            p99 wait      834,011 ms
        "#]],
    );
}

// Guards: the JSON keys the issue names, with the call-centre example's published values
// (CRAN ErlangC 0.1.0: 10 Erlangs on 14 agents wait with probability 0.1741319 and 7.8359 s on
// average), computed by the same code as the model's.
#[test]
fn json_keys_and_values() {
    let (code, out, err) = cli(&[
        "queue",
        "--format",
        "json",
        "--rate",
        "0.0555555555555556",
        "--service-ms",
        "180000",
        "--servers",
        "14",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    for key in [
        "utilization",
        "erlang_b",
        "erlang_c",
        "mean_wait_ms",
        "p99_wait_ms",
    ] {
        let v: f64 = field(&out, key)
            .parse()
            .unwrap_or_else(|_| panic!("{key} in {out}"));
        assert!(v.is_finite() && v >= 0.0);
    }
    let c: f64 = field(&out, "erlang_c").parse().unwrap();
    assert!((c - 0.174_131_9).abs() < 1e-6, "{c}");
    let w: f64 = field(&out, "mean_wait_ms").parse().unwrap();
    assert!((w - 7_835.937).abs() < 0.01, "{w}");
    // The same figures as the library's.
    let q = mmc(0.055_555_555_555_555_6, 180.0, 14).unwrap();
    let p99: f64 = field(&out, "p99_wait_ms").parse().unwrap();
    assert!((p99 - q.p99_wait_s().unwrap() * 1000.0).abs() < 1e-9 * p99);
    assert_eq!(field(&out, "stable"), "true");
}

// Guards: an unstable queue says so, in text and JSON, with no number for the waits (null in
// JSON, never inf or NaN); the exit status is still 0.
#[test]
fn unstable_queue() {
    check(
        &[
            "queue",
            "--rate",
            "1200",
            "--service-ms",
            "100",
            "--servers",
            "100",
        ],
        expect![[r#"
            exit 0
            --- stderr
            --- stdout
            M/M/c queue: 1,200 requests/s, 100 ms per request, 100 servers
            offered load  120 Erlangs
            utilization   120%
            Erlang B      0.19627      share turned away if there were no queue
            unstable: 1,200 requests/s arrive and 100 servers complete at most 1,000/s; the queue grows without bound, so there is no Erlang C or waiting time
        "#]],
    );
    let (code, out, _) = cli(&[
        "queue",
        "--rate=1000",
        "--service-ms=100",
        "--servers=100",
        "--format=json",
    ]);
    assert_eq!(code, 0);
    for key in ["erlang_c", "mean_wait_ms", "p99_wait_ms"] {
        assert_eq!(field(&out, key), "null", "{out}");
    }
    assert_eq!(field(&out, "stable"), "false");
    assert!(!out.contains("inf") && !out.contains("NaN"));
}

// Guards: bad arguments name the flag on stderr and exit 2.
#[test]
fn bad_arguments() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["queue", "--service-ms", "5", "--servers", "2"],
            "--rate is required",
        ),
        (
            &[
                "queue",
                "--rate",
                "abc",
                "--service-ms",
                "5",
                "--servers",
                "2",
            ],
            "--rate “abc”",
        ),
        (
            &[
                "queue",
                "--rate",
                "-1",
                "--service-ms",
                "5",
                "--servers",
                "2",
            ],
            "--rate must be",
        ),
        (
            &[
                "queue",
                "--rate",
                "1",
                "--service-ms",
                "0",
                "--servers",
                "2",
            ],
            "--service-ms must be",
        ),
        (
            &[
                "queue",
                "--rate",
                "1",
                "--service-ms",
                "5",
                "--servers",
                "2.5",
            ],
            "--servers must be",
        ),
        (
            &[
                "queue",
                "--rate",
                "1",
                "--service-ms",
                "5",
                "--servers",
                "0",
            ],
            "--servers must be",
        ),
        (
            &[
                "queue",
                "--rate",
                "1",
                "--service-ms",
                "5",
                "--servers",
                "2e9",
            ],
            "--servers must be",
        ),
        (
            &["queue", "--rate", "1", "--service-ms", "5", "--servers"],
            "--servers needs a value",
        ),
        (
            &[
                "queue",
                "--rate",
                "1",
                "--service-ms",
                "5",
                "--servers",
                "2",
                "--format",
                "csv",
            ],
            "--format “csv”",
        ),
        (
            &[
                "queue",
                "--rate",
                "1",
                "--service-ms",
                "5",
                "--servers",
                "2",
                "--speed",
                "3",
            ],
            "unknown option “--speed”",
        ),
        (
            &[
                "queue",
                "--rate",
                "1e400",
                "--service-ms",
                "5",
                "--servers",
                "2",
            ],
            "--rate “1e400”",
        ),
    ];
    for (args, want) in cases {
        let (code, out, err) = cli(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}");
        assert!(
            err.starts_with("scalemap: queue: ") && err.contains(want),
            "{args:?}: {err}"
        );
    }
    let (code, out, _) = cli(&["queue", "--help"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Usage: scalemap queue"));
}
