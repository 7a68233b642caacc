//! `core::json` (the page's JSON reader) against `serde_json`, the reference: the same values
//! from the same text, and an error wherever `serde_json` refuses the text.

use std::collections::BTreeMap;

use proptest::prelude::*;
use scalemap::core::json_read::{from_str, MAX_DEPTH};
use scalemap::core::scenario_file::{Saved, SavedList, ScenarioFile};
use serde_json::Value;

/// Reads `text` both ways as `T`; panics unless both agree (same value, or both refuse).
fn agree<T>(text: &str) -> Option<T>
where
    T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let ours = from_str::<T>(text);
    let theirs = serde_json::from_str::<T>(text);
    match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{text:?}");
            Some(a)
        }
        (Err(_), Err(_)) => None,
        (a, b) => panic!("{text:?}: ours {a:?}, serde_json {b:?}"),
    }
}

// Guards: every kind of JSON value reads as serde_json reads it (into its own `Value` type,
// which takes any JSON), and malformed text is refused by both.
#[test]
fn same_values_and_same_refusals_as_serde_json() {
    let cases = [
        r#"{"a":[1,-2,3.5,1e3,-0.25E-2,true,false,null],"b":{"c":"d"}}"#,
        r#" [ ] "#,
        r#"{}"#,
        r#""x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00y""#,
        r#"18446744073709551615"#,
        r#"18446744073709551616"#,
        r#"-9223372036854775808"#,
        r#"-9223372036854775809"#,
        r#"0"#,
        r#"-0"#,
        r#"1.5e308"#,
        "\"caf\u{e9} \u{1f600}\"",
        // Refused:
        "",
        "   ",
        "{",
        "[1,]",
        "[1 2]",
        r#"{"a" 1}"#,
        r#"{"a":1,}"#,
        r#"{a:1}"#,
        "01",
        "1.",
        ".5",
        "1e",
        "+1",
        "-",
        "tru",
        "nul",
        "[1]x",
        "\"a\u{1}b\"",
        r#""\x""#,
        r#""\ud800""#,
        r#""\udc00""#,
        r#""\ud800\u0041""#,
        r#""\u12g4""#,
        "\"unterminated",
        "1e999",
    ];
    for text in cases {
        agree::<Value>(text);
    }
}

// Guards: the stored types read the same, including unknown fields (skipped), missing fields
// and wrong types (refused, naming the field or the expected type).
#[test]
fn stored_types_read_the_same() {
    let list = r#"{"version":2,"extra":{"x":[1,{"y":null}]},"scenarios":[{"name":"A","query":"?v=1","more":1.5}]}"#;
    let read = agree::<SavedList>(list).expect("reads");
    assert_eq!(
        read.scenarios,
        vec![Saved {
            name: "A".into(),
            query: "?v=1".into()
        }]
    );
    assert!(agree::<ScenarioFile>(r#"{"format":"x","version":1,"name":"n"}"#).is_none());
    let e =
        from_str::<ScenarioFile>(r#"{"format":"x","version":1,"name":"n"}"#).expect_err("refused");
    assert!(
        e.to_string()
            .contains("missing field `query` at line 1 column"),
        "{e}"
    );
    let e = from_str::<ScenarioFile>(r#"{"format":1}"#).expect_err("refused");
    assert!(
        e.to_string()
            .contains("invalid type: a number, expected a string"),
        "{e}"
    );
    assert!(agree::<SavedList>(r#"{"version":-1,"scenarios":[]}"#).is_none());
    assert!(agree::<SavedList>(r#"{"version":4294967296,"scenarios":[]}"#).is_none());
    agree::<BTreeMap<String, Vec<u32>>>(r#"{"a":[1,2],"b":[]}"#);
    agree::<Option<u32>>("null");
    agree::<Option<u32>>("7");
}

// Guards: errors say where (line and column, counted in characters).
#[test]
fn errors_say_where() {
    let e = from_str::<Value>("{\n  \"é\": tru\n}").expect_err("refused");
    assert_eq!(e.to_string(), "expected a value at line 2 column 8");
}

// Guards: hostile nesting is refused, not a stack overflow.
#[test]
fn deep_nesting_is_refused() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(from_str::<Value>(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = from_str::<Value>(&deep).expect_err("refused");
    assert!(e.to_string().contains("nested too deeply"), "{e}");
}

proptest! {
    // Guards: any string serde_json writes (every escape, any Unicode) reads back the same.
    #[test]
    fn strings_round_trip(s in any::<String>()) {
        let text = serde_json::to_string(&s).expect("serialises");
        prop_assert_eq!(from_str::<String>(&text).expect("reads"), s);
    }

    // Guards: any number serde_json writes reads back as the same value.
    #[test]
    fn numbers_round_trip(u in any::<u64>(), i in any::<i64>(), f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        let text = serde_json::to_string(&(u, i, f)).expect("serialises");
        prop_assert_eq!(from_str::<(u64, i64, f64)>(&text).expect("reads"), (u, i, f));
    }

    // Guards: arbitrary short texts are read or refused exactly as serde_json does.
    #[test]
    fn arbitrary_text_agrees(text in "[\\[\\]{}\",:0-9.eE+\\-tfrueanl \\\\u]{0,24}") {
        agree::<Value>(&text);
    }
}
