//! The scenario file and the page's stored records (`core::scenario_file`), and the CLI's
//! `--scenario FILE`, which reads the same file the page's "Download scenario" writes.

use scalemap::core::scenario_file::{
    add_aside, read_file, read_last, read_saved, write_file, write_last, write_saved, Saved,
    FILE_FORMAT, FILE_VERSION, MAX_SAVED, STORED_VERSION,
};
use scalemap::core::share;

mod support;
use support::cli;

/// The file the browser test downloads for `?preset=parallel-running&users=10k,1m` named
/// "Two versions" (tests/e2e/storage.test.mjs compares its download with it byte for byte).
const GOLDEN: &str = include_str!("golden/scenario/two-versions-v3.json");
/// The same file as link format 2 wrote it: it still reads to the same report.
const GOLDEN_V2: &str = include_str!("golden/scenario/two-versions.json");
const KEYS: (&str, &str) = ("scalemap:saved", "scalemap:saved:v1");

/// A temporary file holding `text`, removed on drop.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(tag: &str, text: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("scalemap-test-{}-{tag}.json", std::process::id()));
        std::fs::write(&path, text).expect("temp file written");
        TempFile(path)
    }
    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn saved(name: &str, query: &str) -> Saved {
    Saved {
        name: name.into(),
        query: query.into(),
    }
}

// Guards: the file the page writes for a scenario is exactly the golden file (format, version,
// name, the link's query), so the browser test and the CLI test read the same bytes.
#[test]
fn write_file_matches_the_golden_file() {
    let (link, notices) = share::decode("?preset=parallel-running&users=10k,1m");
    assert!(notices.is_empty());
    let query = share::encode(&link);
    assert_eq!(write_file("Two versions", &query), GOLDEN);
}

// Guards: a written file reads back to the same name and query (round trip), names cleaned.
#[test]
fn file_round_trips() {
    let text = write_file("  A\tname\n ", "?v=1&preset=migration&peak=3");
    let f = read_file(&text).expect("reads");
    assert_eq!(f.format, FILE_FORMAT);
    assert_eq!(f.version, FILE_VERSION);
    assert_eq!(f.name, "A name");
    assert_eq!(f.query, "?v=1&preset=migration&peak=3");
    let empty = read_file(&write_file("Default", "")).expect("reads");
    assert_eq!(empty.query, "");
}

// Guards: a file that cannot be used says why, naming the field (never a panic or a silent
// default scenario).
#[test]
fn bad_files_name_the_problem() {
    let cases = [
        ("not json", "not a Scalemap scenario file"),
        (
            r#"{"format":"scalemap-scenario","version":1,"name":"x"}"#,
            "missing field `query`",
        ),
        (
            r#"{"format":"other","version":1,"name":"x","query":""}"#,
            "“format” is “other”",
        ),
        (
            r#"{"format":"scalemap-scenario","version":7,"name":"x","query":""}"#,
            "“version” is 7",
        ),
        (
            r#"{"format":"scalemap-scenario","version":1,"name":"x","query":"hello"}"#,
            "“query” “hello” is not a link",
        ),
        (
            r#"{"format":"scalemap-scenario","version":1,"name":3,"query":""}"#,
            "invalid type",
        ),
    ];
    for (text, expected) in cases {
        let e = read_file(text).expect_err(text);
        assert!(e.contains(expected), "{text}: {e}");
    }
}

// Guards: a file holding a whole link (not just its query) is read like the CLI reads links.
#[test]
fn file_with_a_whole_link() {
    let text = r#"{"format":"scalemap-scenario","version":1,"name":"x","query":"https://example.org/s/?preset=migration&peak=3#top"}"#;
    assert_eq!(
        read_file(text).expect("reads").query,
        "?preset=migration&peak=3"
    );
}

// Guards: version 1 (tab-separated) saved lists migrate: good lines become entries, every bad
// line is returned with its text and a reason (kept aside by the page, never dropped).
#[test]
fn old_saved_lines_migrate_and_bad_ones_are_kept() {
    let old = "garbage\u{0}\n\tno-name\nok\t?v=1&preset=migration\nbad\tnot a query\n\nok\t?v=1\n";
    let r = read_saved(None, Some(old), KEYS);
    assert!(r.migrated && r.needs_rewrite());
    assert_eq!(r.entries, vec![saved("ok", "?v=1&preset=migration")]);
    let texts: Vec<&str> = r.unreadable.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(
        texts,
        vec!["garbage\u{0}", "\tno-name", "bad\tnot a query", "ok\t?v=1"]
    );
    assert!(r.unreadable.iter().all(|u| u.from == "scalemap:saved:v1"));
    assert!(
        r.unreadable[0].why.contains("line 1"),
        "{:?}",
        r.unreadable[0]
    );
    assert!(r.unreadable[1].why.contains("has no name"));
    assert!(r.unreadable[2].why.contains("where a link query belongs"));
    assert!(r.unreadable[3].why.contains("repeats the name “ok”"));
}

// Guards: the current JSON list reads back what was written; nothing to rewrite.
#[test]
fn saved_json_round_trips() {
    let list = vec![saved("One", "?v=1&preset=maturity"), saved("Two", "")];
    let text = serde_json::to_string(&write_saved(&list)).expect("serialises");
    assert!(text.contains(&format!("\"version\":{STORED_VERSION}")));
    let r = read_saved(Some(&text), Some("ignored\t?v=1"), KEYS);
    assert_eq!(r.entries, list);
    assert!(!r.needs_rewrite());
}

// Guards: a corrupted JSON list, a newer version and bad entries are named and returned whole.
#[test]
fn corrupted_saved_json_is_kept() {
    let r = read_saved(Some("{\"version\":2,\"scen"), None, KEYS);
    assert!(r.entries.is_empty());
    assert_eq!(r.unreadable.len(), 1);
    assert_eq!(r.unreadable[0].text, "{\"version\":2,\"scen");
    assert!(r.unreadable[0].why.contains("could not be read"));

    let newer = r#"{"version":9,"scenarios":[]}"#;
    let r = read_saved(Some(newer), None, KEYS);
    assert!(r.unreadable[0].why.contains("version 9"));

    let mixed = r#"{"version":2,"scenarios":[{"name":"a","query":"?v=1"},{"name":"","query":"?v=1"},{"name":"b","query":"x"}]}"#;
    let r = read_saved(Some(mixed), None, KEYS);
    assert_eq!(r.entries, vec![saved("a", "?v=1")]);
    assert_eq!(r.unreadable.len(), 2);
    assert!(r.needs_rewrite());
    assert_eq!(r.unreadable[0].text, r#"{"name":"","query":"?v=1"}"#);
}

// Guards: entries past the list's limit are kept aside, not dropped.
#[test]
fn entries_past_the_limit_are_kept() {
    let lines: String = (0..MAX_SAVED + 2)
        .map(|i| format!("S{i}\t?v=1&peak={}\n", i + 2))
        .collect();
    let r = read_saved(None, Some(&lines), KEYS);
    assert_eq!(r.entries.len(), MAX_SAVED);
    assert_eq!(r.unreadable.len(), 2);
    assert!(r.unreadable[0].why.contains("past the 50"));
}

// Guards: the last scenario reads in both formats (a bare query migrates) and an unreadable
// value comes back whole with a reason.
#[test]
fn last_scenario_formats() {
    assert_eq!(
        read_last("?v=1&preset=migration", "k"),
        Ok(("?v=1&preset=migration".to_string(), true))
    );
    assert_eq!(read_last("", "k"), Ok((String::new(), true)));
    let json = serde_json::to_string(&write_last("?v=1&peak=3")).expect("serialises");
    assert_eq!(
        read_last(&json, "k"),
        Ok(("?v=1&peak=3".to_string(), false))
    );
    let bad = read_last("{oops", "k").expect_err("unreadable");
    assert_eq!((bad.text.as_str(), bad.from.as_str()), ("{oops", "k"));
    assert!(read_last("hello", "k")
        .expect_err("not a query")
        .why
        .contains("not a link query"));
}

// Guards: the aside list only grows, and an unreadable aside value is itself kept.
#[test]
fn aside_keeps_everything() {
    let r = read_saved(None, Some("bad line\n"), KEYS);
    let first = add_aside(None, &r.unreadable, "aside");
    assert_eq!(first.entries.len(), 1);
    let text = serde_json::to_string(&first).expect("serialises");
    let second = add_aside(Some(&text), &r.unreadable, "aside");
    assert_eq!(second.entries.len(), 2);
    let broken = add_aside(Some("{not json"), &r.unreadable, "aside");
    assert_eq!(broken.entries[0].text, "{not json");
    assert_eq!(broken.entries[0].from, "aside");
    assert_eq!(broken.entries.len(), 2);
}

// Guards: `scalemap --scenario FILE` prints the same report as the file's link.
#[test]
fn cli_reads_the_scenario_file() {
    let (_, from_link, _) = cli(&["--format", "json", "?preset=parallel-running&users=10k,1m"]);
    for (name, text) in [("golden", GOLDEN), ("golden-v2", GOLDEN_V2)] {
        let file = TempFile::new(name, text);
        let (code, from_file, err) = cli(&["--format", "json", "--scenario", file.path()]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(from_file, from_link, "{name}");
        assert!(
            from_file.contains("\"service_instances\":667"),
            "{from_file}"
        );
    }
}

// Guards: the CLI's errors for scenario files: unreadable file, bad file, both QUERY and FILE,
// and a file whose link holds a bad value (named, exit 2; --lenient goes on).
#[test]
fn cli_scenario_errors() {
    let (code, _, err) = cli(&["--scenario", "/nonexistent/scalemap.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read /nonexistent/scalemap.json"),
        "{err}"
    );

    let bad = TempFile::new("bad", "{\"format\":\"scalemap-scenario\"}");
    let (code, _, err) = cli(&["--scenario", bad.path()]);
    assert_eq!(code, 2);
    assert!(err.contains("missing field `version`"), "{err}");

    let (code, _, err) = cli(&["--scenario", bad.path(), "?v=1"]);
    assert_eq!(code, 2);
    assert!(err.contains("not both"), "{err}");

    let typo = TempFile::new("typo", &write_file("Typo", "?v=1&peak=lots"));
    let (code, _, err) = cli(&["--scenario", typo.path()]);
    assert_eq!(code, 2);
    assert!(err.contains("Peak-to-average factor: “lots”"), "{err}");
    let (code, _, _) = cli(&["--lenient", "--scenario", typo.path()]);
    assert_eq!(code, 0);
}
