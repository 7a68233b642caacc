//! The core's deterministic transcendental functions (`core::detmath`) against known values:
//! ln 2, e and √10 (as 10^0.5) within one unit in the last place of their correctly rounded
//! doubles, and exact powers of ten.

use scalemap::core::detmath::DetMath;

/// Within one unit in the last place (musl's `exp(1)` is one above the rounded e).
fn ulp_close(got: f64, want: f64) {
    assert!(
        (got - want).abs() <= want.abs() * f64::EPSILON,
        "{got} vs {want}"
    );
}

// Guards: the wrappers compute what their names say, to the last bit or the one beside it, so
// switching the core to them changed figures by no more than the C library's own last-bit
// differences.
#[test]
fn known_values() {
    ulp_close(2.0f64.det_ln(), std::f64::consts::LN_2);
    ulp_close(1.0f64.det_exp(), std::f64::consts::E);
    ulp_close(10.0f64.det_powf(0.5), 3.1622776601683795);
    assert_eq!(1000.0f64.det_log10(), 3.0);
    assert_eq!(10.0f64.det_powf(6.0), 1e6);
    // Near zero, ln(1 + x) ≈ x − x²/2 and e^x − 1 ≈ x + x²/2, far beyond what ln(1 + x) keeps.
    let x = 1e-10;
    assert!((x.det_ln_1p() - (x - x * x / 2.0)).abs() < 1e-24);
    assert!((x.det_exp_m1() - (x + x * x / 2.0)).abs() < 1e-24);
}

// Guards: the invariant "same bits natively and in wasm": no code under src/core/ calls `f64`'s
// own transcendental methods (which run glibc natively and musl's port in wasm) instead of
// `core::detmath`'s. A text scan of every core file, comments left out.
#[test]
fn the_core_calls_no_platform_math() {
    const PLATFORM: [&str; 12] = [
        ".ln(", ".exp(", ".powf(", ".log10(", ".log2(", ".log(", ".ln_1p(", ".exp_m1(", ".exp2(",
        ".sin(", ".cos(", ".tan(",
    ];
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("src/core").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"),
        &mut files,
    );
    assert!(files.len() > 20, "the core's files were found");
    let mut found = Vec::new();
    for f in files.iter().filter(|f| !f.ends_with("detmath.rs")) {
        let text = std::fs::read_to_string(f).expect("core file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if PLATFORM.iter().any(|m| code.contains(m)) {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "use core::detmath instead:\n{}",
        found.join("\n")
    );
}
