//! The Learn page's exercise through the core: questions read from `ask=` against the
//! scenario's stages, tolerances from `tol=`, the grading of estimates, and the link keys'
//! round trip and notices.

use scalemap::core::exercise::{self, grade, Grade, Tolerance, DEFAULT_TOLERANCE};
use scalemap::core::model::report;
use scalemap::core::share::{decode, encode, exercise_elsewhere, exercise_notices};

fn messages(ns: &[scalemap::core::params::Notice]) -> Vec<String> {
    ns.iter()
        .map(|n| format!("[{}] {}", n.key, n.message))
        .collect()
}

// Guards: the three grades at their edges: right within the fraction (10% either way), close
// within the factor (half to twice), off beyond; a zero figure is right only for zero; the
// verdict names the tolerance that decided.
#[test]
fn grades_at_their_edges() {
    let t = DEFAULT_TOLERANCE;
    assert_eq!(grade(110.0, 100.0, t), Grade::Right);
    assert_eq!(grade(90.0, 100.0, t), Grade::Right);
    assert_eq!(grade(111.0, 100.0, t), Grade::Close);
    assert_eq!(grade(200.0, 100.0, t), Grade::Close);
    assert_eq!(grade(50.0, 100.0, t), Grade::Close);
    assert_eq!(grade(201.0, 100.0, t), Grade::Off);
    assert_eq!(grade(49.0, 100.0, t), Grade::Off);
    assert_eq!(grade(0.0, 0.0, t), Grade::Right);
    assert_eq!(grade(1.0, 0.0, t), Grade::Off);
    let loose = Tolerance {
        right: 0.25,
        close: 4.0,
    };
    assert_eq!(grade(125.0, 100.0, loose), Grade::Right);
    assert_eq!(grade(400.0, 100.0, loose), Grade::Close);
    assert_eq!(Grade::Right.verdict(t), "Right: within 10%.");
    assert_eq!(Grade::Close.verdict(t), "Close: within a factor of 2.");
    assert_eq!(Grade::Off.verdict(t), "Off: more than a factor of 2 away.");
}

// Guards: questions read from `ask` against the scenario: keys as in the CSV, stages counted
// from 1 (none: stage 1); a key that names no row, a stage past the last, a repeat are each left
// out with a notice naming the part; the Self Check's kind of question, database figures at a
// stage, is posed with the stage's user count.
#[test]
fn questions_from_the_link() {
    let (link, notices) = decode("?v=2&preset=architecture&ask=peak_rps@2,replicas@3,nope@1,peak_rps@9,peak_rps@2,service_instances");
    assert!(notices.is_empty(), "{notices:?}");
    let (s, _) = link.scenario();
    let mut ns = Vec::new();
    let qs = exercise::read_ask(&link.view.ask, s.users.len(), &mut ns);
    let keys: Vec<String> = qs.iter().map(|q| q.key()).collect();
    assert_eq!(keys, ["peak_rps@2", "replicas@3", "service_instances@1"]);
    assert_eq!(
        messages(&ns),
        [
            "[ask] Link: the question “nope@1” names no figure of the stage table (keys as in the CSV: peak_rps, service_instances, replicas, …); it was left out.",
            "[ask] Link: the question “peak_rps@9” asks for stage “9”, and the scenario has stages 1 to 4; it was left out.",
            "[ask] Link: the question “peak_rps@2” is asked twice; it was left out.",
        ]
    );
    let r = report(&s);
    assert_eq!(qs[0].text(&r.stages[1]), "Peak requests/s at 10K users?");
    // The same notices on the Learn page, and elsewhere one notice per key that the link keeps.
    assert_eq!(exercise_notices(&link.view, s.users.len()).len(), 3);
    assert_eq!(
        messages(&exercise_elsewhere(&link.view)),
        ["[ask] Link: “ask” is for the Learn page's exercise (learn/); this page keeps it."]
    );
}

// Guards: `tol` reads RIGHT[,CLOSE] (a percentage, a factor above 1 and above the right
// margin); what cannot be read keeps its default with a notice (on the Learn page); `ask` and
// `tol` are kept as written (parts trimmed) and round-trip through encode and decode.
#[test]
fn tolerances_and_the_round_trip() {
    let mut ns = Vec::new();
    assert_eq!(
        exercise::read_tol("25", &mut ns),
        Tolerance {
            right: 0.25,
            close: 2.0
        }
    );
    assert_eq!(
        exercise::read_tol("5%,3", &mut ns),
        Tolerance {
            right: 0.05,
            close: 3.0
        }
    );
    assert!(ns.is_empty());
    assert_eq!(exercise::read_tol("abc,0.5", &mut ns), DEFAULT_TOLERANCE);
    assert_eq!(
        messages(&ns),
        [
            "[tol] Link: the tolerance “abc” is not a percentage between 0 and 100; right within 10% is used.",
            "[tol] Link: the tolerance “0.5” is not a factor above 1 (and above the right margin); close within a factor of 2 is used.",
        ]
    );
    let (link, notices) = decode("?v=2&ask=peak_rps@2,%20db_nodes@3&tol=20,%203");
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(link.view.ask, "peak_rps@2,db_nodes@3");
    assert_eq!(link.view.tol, "20,3");
    let again = encode(&link);
    assert_eq!(again, "?v=3&ask=peak_rps@2,db_nodes@3&tol=20,3");
    assert_eq!(decode(&again).0, link);
    let (bad, notices) = decode("?v=2&ask=peak_rps&tol=abc");
    assert!(notices.is_empty(), "read on the Learn page: {notices:?}");
    assert_eq!(
        messages(&exercise_notices(&bad.view, 4)),
        ["[tol] Link: the tolerance “abc” is not a percentage between 0 and 100; right within 10% is used."]
    );
}

// Guards: availability is graded on what is missing from 100%: 99.9% against a figure of
// 99.99% is ten times the downtime (off by the default factor of 2), 99.985% is right.
#[test]
fn availability_is_graded_on_its_downtime() {
    let (link, _) = decode("?v=2&preset=architecture&ask=availability@1");
    let (s, _) = link.scenario();
    let q = exercise::read_ask(&link.view.ask, s.users.len(), &mut Vec::new())[0];
    let t = DEFAULT_TOLERANCE;
    assert_eq!(q.grade(0.999, 0.9999, t), Grade::Off);
    assert_eq!(q.grade(0.99985, 0.9999, t), Grade::Close);
    assert_eq!(q.grade(0.999905, 0.9999, t), Grade::Right);
}
