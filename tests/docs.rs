//! The README's parameter table is generated from the registry; this keeps them in step.
//! Run with `UPDATE_README=1` to rewrite the table in place.

use scalemap::core::params::markdown_table;
use scalemap::core::presets::Preset;

const START: &str = "<!-- params:start -->\n";
const END: &str = "<!-- params:end -->";

// Guards: every parameter, unit, default and range in the README matches the code.
#[test]
fn readme_parameter_table_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md exists");
    let (head, rest) = readme
        .split_once(START)
        .expect("README has the params:start marker");
    let (_, tail) = rest
        .split_once(END)
        .expect("README has the params:end marker");
    let want = format!(
        "{head}{START}{}{END}{tail}",
        markdown_table(&Preset::Architecture.scenario())
    );
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, &want).expect("README.md is writable");
        return;
    }
    assert!(
        readme == want,
        "README parameter table is stale: run UPDATE_README=1 cargo test --test docs"
    );
}

const JSON_START: &str = "<!-- json:start -->\n";
const JSON_END: &str = "<!-- json:end -->";

// Guards: every JSON key the CLI prints is documented once in the README, from `json::KEYS`.
#[test]
fn readme_json_keys_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md exists");
    let (head, rest) = readme
        .split_once(JSON_START)
        .expect("README has the json:start marker");
    let (_, tail) = rest
        .split_once(JSON_END)
        .expect("README has the json:end marker");
    let want = format!(
        "{head}{JSON_START}{}{JSON_END}{tail}",
        scalemap::core::json::markdown_keys()
    );
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, &want).expect("README.md is writable");
        return;
    }
    assert!(
        readme == want,
        "README JSON key table is stale: run UPDATE_README=1 cargo test --test docs"
    );
}
