//! The README's parameter table is generated from the registry; this keeps them in step.
//! Run with `UPDATE_README=1` to rewrite the table in place.

use scalemap::core::params::markdown_table;

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
    let want = format!("{head}{START}{}{END}{tail}", markdown_table());
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, &want).expect("README.md is writable");
        return;
    }
    assert!(
        readme == want,
        "README parameter table is stale: run UPDATE_README=1 cargo test --test docs"
    );
}
