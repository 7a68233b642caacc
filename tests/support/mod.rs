//! What several test files share: running the CLI in-process, and printing the model's phases
//! over a table of cases. Each test file takes what it needs (`mod support;`), so an item one
//! file does not use is not dead code.
#![allow(dead_code)]

use expect_test::Expect;
use scalemap::cli::run;
use scalemap::core::model::{Context, Notes, Phases};
use scalemap::core::share::decode;

/// Runs the CLI on `args`; returns (exit status, stdout, stderr).
pub fn cli(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap_or_default(),
        String::from_utf8(err).unwrap_or_default(),
    )
}

/// The CLI's data-driven check: exit status, then stderr, then stdout.
pub fn check_cli(args: &[&str], expect: Expect) {
    let (code, out, err) = cli(args);
    expect.assert_eq(&format!("exit {code}\n--- stderr\n{err}--- stdout\n{out}"));
}

/// A case of the phase snapshots: a name, a link, a user count.
pub type Case = (&'static str, &'static str, f64);

/// Runs every case through the model's phases and checks what `show` says of each, one line a
/// case. Every case's link must decode and resolve without a notice.
pub fn check_phases(cases: &[Case], show: fn(&Phases) -> String, want: Expect) {
    let mut out = String::new();
    for (name, link, users) in cases {
        let (link, notices) = decode(link);
        assert!(notices.is_empty(), "{name}: {notices:?}");
        let (s, notices) = link.scenario();
        assert!(notices.is_empty(), "{name}: {notices:?}");
        let p = Context::new(&s).phases(*users, &mut Notes::new(false));
        out.push_str(&format!("{name}: {}\n", show(&p)));
    }
    want.assert_eq(&out);
}
