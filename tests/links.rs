//! Share links: golden links that must keep opening to the same scenario, and property tests of
//! the codec. Golden fixtures live in `tests/golden/links/v<N>/NAME.link` with the expected
//! result beside them (`NAME.expected`); `UPDATE_GOLDEN=1` rewrites the expected files.
//! Fixtures are only ever added, never deleted (docs/share-links.md).

use proptest::prelude::*;
use scalemap::cli::csv;
use scalemap::core::day::events;
use scalemap::core::model::{report, Context};
use scalemap::core::params::{all_keys, SPECS};
use scalemap::core::presets::Preset;
use scalemap::core::share::{
    decode, encode, Link, OtherPage, Theme, View, ViewOptions, MAX_LINK_CHARS, VERSION,
};

/// Everything a link decodes to, as stable text: notices, scenario, view, and the report.
fn describe(text: &str) -> String {
    let (link, mut notices) = decode(text);
    // With the day's events read (and their problems named), as the Day page and the CLI do.
    let (scenario, more) = link.day_scenario();
    notices.extend(more);
    let mut s = format!("link: {text}\nre-encoded: {}\nnotices:\n", encode(&link));
    for n in &notices {
        s.push_str(&format!("  - [{}] {}\n", n.key, n.message));
    }
    s.push_str(&format!(
        "scenario:\n  preset = {}\n",
        scenario.preset.key()
    ));
    for key in all_keys() {
        // The events as read (their canonical text): the scenario keeps them as typed.
        let text = if key == "events" {
            events::to_text(&events::parse(&scenario.events).0)
        } else {
            scenario.text(key).unwrap_or_default()
        };
        s.push_str(&format!("  {key} = {text}\n"));
    }
    s.push_str(&format!("view: {:?}\nreport (csv):\n", link.view));
    for line in csv(&report(&scenario)).lines() {
        s.push_str(&format!("  {line}\n"));
    }
    s
}

// Guards: every golden link of every format version opens to the scenario (and report) stored
// beside it; at least five links per version. Every link must keep every value and figure it had
// (`same_meaning`), while what a newer model adds (keys, such as the latency parameters, and
// report columns, such as the latency rows) may be added; links of the current version must also
// re-encode exactly as they did, and links of older versions are migrated (their re-encoded form
// may differ).
#[test]
fn golden_links() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/links");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let current = format!("v{VERSION}");
    let mut versions = 0;
    for dir in std::fs::read_dir(root)
        .expect("golden link folder")
        .flatten()
    {
        versions += 1;
        let is_current = dir.file_name().to_string_lossy() == current;
        let mut count = 0;
        let mut files: Vec<_> = std::fs::read_dir(dir.path())
            .expect("version folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "link"))
        {
            count += 1;
            let link = std::fs::read_to_string(path).expect("link file");
            let got = describe(link.trim_end_matches('\n'));
            let expected_path = path.with_extension("expected");
            if update && is_current {
                std::fs::write(&expected_path, &got).expect("write expected");
                continue;
            }
            let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
            // A link of the current version must also re-encode exactly as it did.
            let verdict =
                if is_current && section(&want, "re-encoded:") != section(&got, "re-encoded:") {
                    Err("re-encoded form".to_string())
                } else {
                    same_meaning(&want, &got)
                };
            if let Err(why) = verdict {
                panic!(
                    "{} no longer opens to what it did ({why}):\n--- want\n{want}\n--- got\n{got}",
                    path.display()
                );
            }
        }
        assert!(
            count >= 5,
            "{} has {count} golden links; at least 5 per version",
            dir.path().display()
        );
    }
    assert!(versions >= 2);
}

/// One section of a description: the lines after `name:` up to the next section.
fn section<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(name));
    let first = lines.next().map(|l| l[name.len()..].trim());
    first
        .filter(|f| !f.is_empty())
        .into_iter()
        .chain(lines.take_while(|l| l.starts_with("  ")).map(str::trim))
        .collect()
}

/// Whether an older link's description (`want`) and its migrated reading (`got`) mean the same:
/// the same notices, every scenario value the same (version 1's `conc` as `persist` × active
/// share with `hold_s` 0), the same view, and every report column `want` has with the same
/// value in every stage.
/// View options added after links were stored, at their defaults (what an older link has).
const ADDED_VIEW_FIELDS: [&str; 2] = [", ask: \"\"", ", tol: \"\""];

/// Whether a notice says what it said: the same words, except that a list of the values a key
/// accepts (its closing parenthesis) may have grown, as when a release adds chart metrics, and
/// that a migration may add sentences after the old ones (what a newer format changed, as the
/// 2 → 3 weights do).
fn same_notice(want: &str, got: &str) -> bool {
    if want == got || (want.ends_with('.') && got.starts_with(&format!("{want} "))) {
        return true;
    }
    let list = |t: &str| -> Option<(String, Vec<String>)> {
        let t = t.strip_suffix(").")?;
        let (head, items) = t.rsplit_once(" (")?;
        Some((
            head.to_string(),
            items.split(", ").map(str::to_string).collect(),
        ))
    };
    match (list(want), list(got)) {
        (Some((wh, wi)), Some((gh, gi))) => wh == gh && gi.len() > wi.len() && gi.starts_with(&wi),
        _ => false,
    }
}

fn same_meaning(want: &str, got: &str) -> Result<(), String> {
    let (wn, gn) = (section(want, "notices:"), section(got, "notices:"));
    if wn.len() != gn.len() || wn.iter().zip(&gn).any(|(w, g)| !same_notice(w, g)) {
        return Err("notices".into());
    }
    // View options a release added read at their defaults in an older link's view.
    let added = |t: &str| -> Vec<String> {
        section(t, "view:")
            .iter()
            .map(|l| {
                ADDED_VIEW_FIELDS
                    .iter()
                    .fold(l.to_string(), |l, f| l.replace(f, ""))
            })
            .collect()
    };
    if section(want, "view:") != section(got, "view:") && added(want) != added(got) {
        return Err("view".into());
    }
    let values = |t: &str| -> Vec<(String, String)> {
        section(t, "scenario:")
            .iter()
            .filter_map(|l| l.split_once(" = "))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let (w, g) = (values(want), values(got));
    let get = |k: &str| g.iter().find(|(x, _)| x == k).map(|(_, v)| v.as_str());
    let num = |t: &str| scalemap::core::format::parse_number(t).unwrap_or(f64::NAN);
    // An empty link is the default scenario of the version that opens it: only its figures
    // must be the same.
    let empty = section(want, "link:").is_empty();
    for (k, v) in &w {
        if k == "conc" && empty {
            continue;
        } else if k == "conc" {
            let persist =
                num(get("persist").unwrap_or("")) * num(get("active").unwrap_or("")) / 100.0;
            if (persist - num(v)).abs() > 1e-9 * num(v).abs().max(1.0) || get("hold_s") != Some("0")
            {
                return Err(format!(
                    "conc = {v} became persist {:?}, hold_s {:?}",
                    get("persist"),
                    get("hold_s")
                ));
            }
        } else if get(k) != Some(v.as_str()) {
            return Err(format!("{k} = {v} became {:?}", get(k)));
        }
    }
    let table = |t: &str| -> Vec<Vec<String>> {
        section(t, "report (csv):")
            .iter()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let (w, g) = (table(want), table(got));
    if w.len() != g.len() || w.is_empty() {
        return Err("stage count".into());
    }
    // Format 2 names CSV columns with the JSON keys (`primaries` became `db_primaries`).
    let renamed =
        |h: &str| scalemap::core::table::row(h).map_or(h.to_string(), |r| r.column().to_string());
    for (col, name) in w[0].iter().enumerate() {
        let name = &renamed(name);
        let Some(gcol) = g[0].iter().position(|x| x == name) else {
            return Err(format!("column {name} is gone"));
        };
        for (wr, gr) in w.iter().zip(&g).skip(1) {
            if wr.get(col) != gr.get(gcol) && !last_bits(wr.get(col), gr.get(gcol)) {
                return Err(format!(
                    "{name}: {:?} became {:?} at {} users",
                    wr.get(col),
                    gr.get(gcol),
                    wr[0]
                ));
            }
        }
    }
    Ok(())
}

/// Whether two figures differ only in their last bits (relative 1e-12): a continuous figure
/// (a latency, a downtime) computed through `ln`/`exp` moved that much when the core's
/// transcendental functions became the same code on every target (`core::detmath`; the
/// fixtures were written with the C library's). A sized figure, a count, differs by at least
/// one, and an empty cell from a number by more: neither passes.
fn last_bits(want: Option<&String>, got: Option<&String>) -> bool {
    let num = |t: Option<&String>| t.and_then(|t| t.parse::<f64>().ok());
    match (num(want), num(got)) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
        _ => false,
    }
}

/// A random valid override: a parameter key and a canonical value inside its range.
fn valid_override() -> impl Strategy<Value = (String, String)> {
    let numeric = (0..SPECS.len(), 0.0f64..1.0).prop_map(|(i, t)| {
        let s = &SPECS[i];
        let v = s.min + (s.max - s.min) * t * t;
        let v = if s.integer { v.round() } else { v };
        let text = if s.is_choice() {
            let c = &s.choices[(t * s.choices.len() as f64) as usize % s.choices.len()];
            c.name.to_string()
        } else {
            scalemap::core::format::link_number(v)
        };
        (s.key.to_string(), text)
    });
    let users = proptest::collection::vec(0u32..12, 1..12).prop_map(|e| {
        let mut u: Vec<u64> = e.iter().map(|x| 10u64.pow(*x)).collect();
        u.sort();
        u.dedup();
        (
            "users".to_string(),
            u.iter()
                .map(|x| scalemap::core::format::link_number(*x as f64))
                .collect::<Vec<_>>()
                .join(","),
        )
    });
    // Names, each with no weight, weight 0 (only calls reach it) or 2.5; one service of weight 0
    // alone is named and counted as 1, so only lists with another service weigh 0.
    let services = proptest::collection::vec(
        ("[A-Za-zÀ-ÿ][A-Za-z0-9 _.<>\"'&;=/?#%-]{0,12}", 0usize..3),
        1..6,
    )
    .prop_map(|names| {
        let mut seen: Vec<(String, &str)> = Vec::new();
        for (n, w) in names {
            let n = n.trim().to_string();
            if !n.is_empty() && !seen.iter().any(|(x, _)| *x == n) {
                seen.push((n, ["", ":0", ":2.5"][w]));
            }
        }
        if seen.iter().all(|(_, w)| *w == ":0") {
            seen[0].1 = "";
        }
        let text: Vec<String> = seen.iter().map(|(n, w)| format!("{n}{w}")).collect();
        ("services".to_string(), text.join(","))
    });
    prop_oneof![4 => numeric, 1 => users, 1 => services]
}

fn view() -> impl Strategy<Value = ViewOptions> {
    (
        any::<bool>(),
        0usize..5,
        proptest::option::of(0usize..12),
        any::<bool>(),
        0usize..3,
        any::<bool>(),
        proptest::option::of("[a-z0-9 ]{1,10}"),
        proptest::collection::vec(("[a-z_]{1,12}", 1usize..13), 0..4),
        proptest::option::of((1u32..99, proptest::option::of(2u32..9))),
    )
        .prop_map(
            |(embed, v, stage, read_only, t, quiz, id, ask, tol)| ViewOptions {
                embed,
                view: View::ALL[v].0,
                stage,
                read_only,
                theme: Theme::ALL[t].0,
                quiz,
                metrics: Vec::new(),
                id,
                // Questions as a link writes them (whether they name a figure is the scenario's
                // business), tolerances as a link writes them.
                ask: ask
                    .iter()
                    .map(|(k, n)| format!("{k}@{n}"))
                    .collect::<Vec<_>>()
                    .join(","),
                tol: tol.map_or(String::new(), |(r, c)| match c {
                    Some(c) => format!("{r},{c}"),
                    None => r.to_string(),
                }),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    // Guards: encode then decode returns the same link and the same scenario, for valid scenarios.
    #[test]
    fn encode_decode_round_trip(p in 0..Preset::ALL.len(), overrides in proptest::collection::vec(valid_override(), 0..8), view in view()) {
        let mut link = Link { preset: Preset::ALL[p], view, ..Link::default() };
        for (k, v) in &overrides {
            link.set(k, v);
        }
        let (scenario, notices) = link.scenario();
        prop_assume!(notices.is_empty());
        let text = encode(&link);
        let (back, n2) = decode(&text);
        prop_assert!(n2.is_empty(), "{text}: {n2:?}");
        prop_assert_eq!(&back.view, &link.view);
        let (again, n3) = back.scenario();
        prop_assert!(n3.is_empty(), "{:?}", n3);
        prop_assert_eq!(again, scenario, "{}", text);
    }

    // Guards: decoding is total: no text makes it panic, and the result always resolves to a
    // scenario whose report has only finite figures.
    #[test]
    fn decode_is_total(parts in proptest::collection::vec((
        prop_oneof![Just("v".to_string()), Just("preset".to_string()), Just("users".to_string()), Just("peak".to_string()), Just("services".to_string()), Just("nsvc".to_string()), Just("migrated".to_string()), Just("stage".to_string()), Just("theme".to_string()), Just("__proto__".to_string()), "[a-z_%]{0,8}"],
        prop_oneof![Just("NaN".to_string()), Just("inf".to_string()), Just("-inf".to_string()), Just("1e400".to_string()), Just("-5".to_string()), Just("0".to_string()), Just(String::new()), Just("%".to_string()), Just("%E2%82".to_string()), Just("1,2,3,4,5,6,7,8,9,10,11,12,13,14".to_string()), Just("a:b:c+d+e".to_string()), Just("<script>alert(1)</script>".to_string()), Just("100:1e400,x:y".to_string()), "\\PC{0,20}", "[0-9.,:+ekmKM%-]{0,16}"]
    ), 0..12)) {
        let text: String = parts.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let (link, _) = decode(&text);
        let (scenario, _) = link.scenario();
        let ctx = Context::new(&scenario);
        for &u in &scenario.users {
            let st = ctx.stage(u, false);
            prop_assert!(st.cost.total.is_finite() && st.peak_rps.is_finite());
        }
        let _ = encode(&link);
    }
}

// Guards: very long lists and over-long links are handled with a message, not a hang or panic.
#[test]
fn long_inputs() {
    let many = (1..=5000)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let (link, _) = decode(&format!("users={}", &many[..7000]));
    let (s, notices) = link.scenario();
    assert_eq!(s.users.len(), 12);
    assert!(notices
        .iter()
        .any(|n| n.message.contains("at most 12 stages")));
    let (_, n) = decode(&"x".repeat(MAX_LINK_CHARS + 1));
    assert!(n[0].message.contains("over the limit"));
}

/// The long fuzzing run (kept out of the test command): `cargo test --release --test links --
/// --ignored`. It decodes `FUZZ_CASES` (default 1,000,000) pseudo-random byte strings.
#[test]
#[ignore]
fn fuzz_decode_long_run() {
    let cases: u64 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let alphabet: Vec<char> = "=&?%+,:.-_ 0123456789abcdefkmKMeE%#<>\"'\\/éЖ😀\u{200B}\u{202E}\0\n"
        .chars()
        .collect();
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let keys: Vec<&str> = all_keys()
        .chain([
            "v", "preset", "embed", "view", "stage", "ro", "theme", "quiz", "metrics", "id",
        ])
        .collect();
    for _ in 0..cases {
        let mut s = String::new();
        let n = next() % 8;
        for _ in 0..n {
            if next() % 3 == 0 {
                s.push_str(keys[(next() % keys.len() as u64) as usize]);
                s.push('=');
            }
            for _ in 0..next() % 12 {
                s.push(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            s.push('&');
        }
        let (link, _) = decode(&s);
        let (scenario, _) = link.scenario();
        let ctx = Context::new(&scenario);
        assert!(
            scenario
                .users
                .iter()
                .all(|&u| ctx.stage(u, true).cost.total.is_finite()),
            "{s:?}"
        );
    }
}

// Guards: a link's values a page keeps but does not use (the day's keys on every page but the
// Day page) are each named in a notice, never silently ignored; on the Day page none. Every page
// computes latency, so its inputs are never named.
#[test]
fn values_the_page_does_not_use_are_named() {
    let (link, _) =
        scalemap::core::share::decode("?v=2&slo_ms=50&peak=4&day=two&events=spike:x5@18h/20m");
    let keys = |day| {
        scalemap::core::share::unused_on_page(&link, day, false)
            .into_iter()
            .map(|n| n.key)
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(false), ["day", "events"]);
    assert_eq!(keys(true), Vec::<String>::new());
    let msgs = scalemap::core::share::unused_on_page(&link, false, false);
    assert_eq!(
        msgs[0].message,
        "Link: “day” is for the Day page; this page keeps it."
    );
}

// Guards: a range in a link is named on a page without bands (with what the page uses
// instead), and not on the Ranges page.
#[test]
fn a_range_is_named_where_no_band_is_shown() {
    let (link, n) = scalemap::core::share::decode("?v=2&rpu=20..40&peak=4");
    assert!(n.is_empty(), "{n:?}");
    let growth = scalemap::core::share::unused_on_page(&link, false, false);
    assert_eq!(growth.len(), 1);
    assert_eq!(
        growth[0].message,
        "Link: “rpu=20..40” is a range; this page computes with its point value (the most likely value, or the midpoint); the Ranges page shows its band."
    );
    assert!(scalemap::core::share::unused_on_page(&link, false, true).is_empty());
}

// Guards: on the Day page a link's `view` and `stage` (the growth page's view options) are named
// in notices, never silently ignored; a link without them gets none.
#[test]
fn the_day_page_names_the_growth_pages_view_options() {
    let notices = |q: &str| {
        let (link, _) = scalemap::core::share::decode(q);
        scalemap::core::share::other_page_notices(&link.view, OtherPage::Day)
            .into_iter()
            .map(|n| (n.key, n.message))
            .collect::<Vec<_>>()
    };
    assert_eq!(notices("?v=2&preset=maturity&embed=1"), Vec::new());
    let n = notices("?v=2&embed=1&view=diagram&stage=2");
    assert_eq!(
        n.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["view", "stage"]
    );
    assert!(
        n[0].1
            .contains("“view=diagram” chooses a part of the growth page"),
        "{}",
        n[0].1
    );
    assert!(
        n[1].1
            .contains("on the Day page its stepper picks its stage"),
        "{}",
        n[1].1
    );
}

// Guards: the Learn page names the growth page's view options too (`view`, `stage`); `metrics`
// travels with the scenario between the pages (their links keep it) and is named on none.
#[test]
fn the_learn_page_names_what_it_does_not_show() {
    let (link, _) = scalemap::core::share::decode("?v=3&view=chart&stage=2&metrics=peak_rps");
    let words = |page| {
        scalemap::core::share::other_page_notices(&link.view, page)
            .into_iter()
            .map(|n| format!("{}: {}", n.key, n.message))
            .collect::<Vec<_>>()
    };
    expect_test::expect![[r#"
        [
            "view: Link: “view=chart” chooses a part of the growth page; the Learn page shows its plan and exercise.",
            "stage: Link: “stage” applies to the growth page's view=diagram; on the Learn page it shows every stage.",
        ]
    "#]]
    .assert_debug_eq(&words(OtherPage::Learn));
    assert_eq!(words(OtherPage::Day).len(), 2);
}
