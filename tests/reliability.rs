//! Issue 16, "Nothing silent, nothing leaking, nothing crashing": each reproducer of the probe
//! that the core or the CLI can show, as a test. The CLI runs in-process through `cli::run_os`
//! (the arguments as the operating system gives them); links go through `share::decode` and
//! the scenario through `params::resolve`, as on the page.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use scalemap::cli::run_os;
use scalemap::core::params::{resolve, Notice, P};
use scalemap::core::presets::Preset;
use scalemap::core::share::{decode, view_notices};

/// Runs the CLI on raw argument bytes; returns (exit status, stdout, stderr).
fn cli_bytes(args: &[&[u8]]) -> (i32, String, String) {
    let args: Vec<OsString> = args
        .iter()
        .map(|a| OsString::from_vec(a.to_vec()))
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_os(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).expect("stdout is UTF-8"),
        String::from_utf8(err).expect("stderr is UTF-8"),
    )
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let bytes: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    cli_bytes(&bytes)
}

/// Every notice a link gets, on the page or in the CLI: decoding, the scenario, the view.
fn notices(link: &str) -> Vec<String> {
    let (l, mut n) = decode(link);
    let (s, more) = l.scenario();
    n.extend(more);
    n.extend(view_notices(&l.view, s.users.len()));
    n.into_iter().map(|n| n.message).collect()
}

fn one_value(key: &str, raw: &str) -> (f64, Vec<Notice>) {
    let (s, n) = resolve(
        Preset::Architecture.scenario(),
        &[(key.to_string(), raw.to_string())],
    );
    let p = scalemap::core::params::spec_by_key(key)
        .expect("a numeric key")
        .p;
    (s.get(p), n)
}

// Guards (1): an argument that is not UTF-8 is named with exit 2, never a panic (the probe's
// `scalemap $'peak=\xff'` exited 134).
#[test]
fn invalid_utf8_argument_exits_2_with_its_name() {
    for args in [
        vec![&b"peak=\xff"[..]],
        vec![&b"--format"[..], &b"js\xc3"[..]],
        vec![&b"\x80\x81"[..]],
        vec![&b"--lenient"[..], &b"users=10k,\xed\xa0\x80"[..]],
    ] {
        let (code, out, err) = cli_bytes(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty());
        assert!(err.contains("is not valid UTF-8"), "{err}");
        assert!(
            err.contains('\u{FFFD}'),
            "the argument is shown, lossily: {err}"
        );
    }
    let (_, _, err) = cli_bytes(&[b"--lenient", b"peak=\xff"]);
    assert!(err.contains("argument 2 “peak=\u{FFFD}”"), "{err}");
}

// Guards (5): an argument with neither `?` nor `=` is not silently the default scenario.
#[test]
fn argument_that_is_not_a_query_is_refused() {
    let (code, _, err) = cli(&["foo"]);
    assert_eq!(code, 2);
    assert!(err.contains("“foo” is not a query"), "{err}");
    let (code, _, err) = cli(&["users"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("“users” has no value: write users=VALUE"),
        "{err}"
    );
    let (code, out, err) = cli(&["--lenient", "--format", "csv", "users"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("has no value"), "{err}");
    assert_eq!(
        out.lines().count(),
        5,
        "the default scenario's four stages: {out}"
    );
    // A whole URL without a query is the default scenario, and '' still is too.
    for ok in ["", "https://example.org/scalemap/", "?"] {
        let (code, _, err) = cli(&["--format", "csv", ok]);
        assert_eq!(code, 0, "{ok:?}: {err}");
    }
}

// Guards (2): a decimal comma never changes a value silently: it is read as a decimal point
// and named; thousands groups that cannot be misread pass; stray separators are refused.
#[test]
fn separators_are_read_or_named() {
    let (v, n) = one_value("peak", "2,5");
    assert_eq!(v, 2.5);
    assert_eq!(n.len(), 1);
    assert_eq!(
        n[0].message,
        "Peak-to-average factor: “2,5” was read as 2.5 (the comma as a decimal point)."
    );
    assert_eq!(n[0].key, "peak");
    let (v, n) = one_value("rpu", "0,5");
    assert_eq!((v, n.len()), (0.5, 1));
    let (v, n) = one_value("read", "1,5");
    assert_eq!((v, n.len()), (1.5, 1));
    let (v, n) = one_value("req_kb", "1,000");
    assert_eq!(v, 1000.0);
    assert!(
        n[0].message
            .contains("“1,000” was read as 1000 (the comma as a thousands separator"),
        "{n:?}"
    );
    for silent in ["10_000", "1,000,000", "12,345.5"] {
        let (_, n) = one_value("user_kb", silent);
        assert!(n.is_empty(), "{silent}: {n:?}");
    }
    for bad in ["1,,0", "1__0", "_5", "5_"] {
        let (v, n) = one_value("peak", bad);
        assert_eq!(v, 5.0, "{bad}: the preset's value");
        assert_eq!(n.len(), 1, "{bad}");
        assert!(n[0].message.contains("has a misplaced"), "{:?}", n[0]);
        assert!(n[0].message.contains("used 5×"), "{:?}", n[0]);
    }
    // In the CLI: a notice on stderr and exit 2; --lenient uses 2.5 (peak 5 → 2.5 halves peak_rps).
    let (code, _, err) = cli(&["peak=2,5"]);
    assert_eq!(code, 2);
    assert!(err.contains("was read as 2.5"), "{err}");
    let (code, out, _) = cli(&["--lenient", "--format", "json", "peak=2,5&users=1m"]);
    assert_eq!(code, 0);
    let (_, base, _) = cli(&["--format", "json", "peak=2.5&users=1m"]);
    let stages =
        |s: &str| s[s.find("\"stages\"").unwrap()..s.find("\"warnings\"").unwrap()].to_string();
    assert_eq!(stages(&out), stages(&base));
    // A user list's own commas separate stages; its entries get the same reader.
    let (s, n) = resolve(
        Preset::Architecture.scenario(),
        &[("users".into(), "1__0,10k".into())],
    );
    assert_eq!(s.users, vec![10_000.0]);
    assert!(n[0].message.contains("has a misplaced “_”"), "{n:?}");
}

// Guards (6): a huge number is named compactly (the probe's notice for peak=1e308 had 309 digits).
#[test]
fn huge_numbers_in_notices_are_short() {
    let (v, n) = one_value("peak", "1e308");
    assert_eq!(v, 100.0);
    assert_eq!(
        n[0].message,
        "Peak-to-average factor: 1e308 is above the maximum 100×; used 100×."
    );
    let (_, n) = resolve(
        Preset::Architecture.scenario(),
        &[("users".into(), "1e300".into())],
    );
    assert!(n[0].message.len() < 120, "{n:?}");
}

// Guards (6): a right-to-left override in a service name is removed and named, and a notice
// never carries a raw control character.
#[test]
fn direction_controls_are_removed_and_named() {
    let (s, n) = resolve(
        Preset::Architecture.scenario(),
        &[("services".into(), "Pay\u{202E}ments:2,User".into())],
    );
    assert_eq!(s.services[0].name, "Payments");
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(n[0].message.contains("Pay[U+202E]ments"), "{n:?}");
    for msg in notices("?peak=%E2%80%AE5&zz%E2%81%A6=1&id=a%E2%80%AEb") {
        assert!(
            !msg.chars().any(scalemap::core::params::is_control),
            "{msg:?}"
        );
    }
}

// Guards (5): bare keys, repeated view and format keys, unknown chart metrics, a stage past
// the scenario's last and a stage out of range are all named.
#[test]
fn every_link_part_not_used_as_given_is_named() {
    assert_eq!(
        notices("?users"),
        ["Link: “users” has no value (no “=”); it was ignored."]
    );
    assert_eq!(
        notices("?foo&peak=3"),
        ["Link: “foo” has no value (no “=”); it was ignored."]
    );
    // The on/off view keys may stand alone.
    assert!(notices("?embed&ro&quiz").is_empty());
    for (key, a, b) in [
        ("view", "chart", "table"),
        ("theme", "dark", "light"),
        ("stage", "1", "1"),
        ("id", "a", "b"),
        ("metrics", "peak_rps", "stored"),
        ("preset", "maturity", "migration"),
        ("v", "1", "1"),
        ("embed", "1", "1"),
    ] {
        let link = format!("?embed=1&view=diagram&{key}={a}&{key}={b}");
        let got = notices(&link);
        let want = format!("Link: “{key}” is given more than once; the last is used.");
        assert!(got.contains(&want), "{link}: {got:?}");
    }
    let (l, _) = decode("?theme=dark&theme=light&preset=maturity&preset=migration");
    assert_eq!(l.view.theme, scalemap::core::share::Theme::Light);
    assert_eq!(l.preset, Preset::Migration);
    assert_eq!(
        notices("?metrics=nope,peak_rps"),
        ["Link: there is no chart metric “nope”; it was ignored (peak_rps, service_instances, db_nodes, cache_nodes, peak_egress, stored, monthly_cost, cost_per_user, latency_p99_ms, downtime_s_per_month)."]
    );
    assert_eq!(
        notices("?embed=1&view=diagram&stage=5"),
        ["Link: “stage=5” is past the last of the scenario's 4 stages; stage 4 is shown."]
    );
    assert!(notices("?embed=1&view=diagram&stage=4").is_empty());
    assert_eq!(
        notices("?embed=1&view=table&stage=2"),
        ["Link: “stage” applies only to view=diagram; it was ignored."]
    );
    // Out of range: the nearest end, as docs/share-links.md promises.
    let (l, n) = decode("?view=diagram&stage=13");
    assert_eq!(l.view.stage, Some(11));
    assert_eq!(
        n[0].message,
        "Link: “stage=13” should be a stage number from 1 to 12; used 12."
    );
    let (l, n) = decode("?view=diagram&stage=0");
    assert_eq!(l.view.stage, Some(0));
    assert!(n[0].message.ends_with("used 1."), "{n:?}");
    let (l, _) = decode("?view=diagram&stage=abc");
    assert_eq!(l.view.stage, Some(0));
    // The CLI names them too.
    let (code, _, err) = cli(&["?embed=1&view=diagram&stage=5"]);
    assert_eq!(code, 2);
    assert!(err.contains("stage 4 is shown"), "{err}");
    let (code, _, err) = cli(&["?view=chart&view=table"]);
    assert_eq!(code, 2);
    assert!(err.contains("“view” is given more than once"), "{err}");
}

// Guards: the numbers the probe changed tenfold reach the model as typed with a point.
#[test]
fn decimal_comma_reaches_the_model_as_a_decimal() {
    let (s, _) = resolve(
        Preset::Architecture.scenario(),
        &[("rpu".into(), "0,5".into()), ("users".into(), "10k".into())],
    );
    assert_eq!(s.get(P::Rpu), 0.5);
}
