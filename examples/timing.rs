//! Rough native timing of the model (the benchmark script measures the page properly).
use scalemap::core::{model, params::resolve, presets::Preset};
use std::time::Instant;
fn main() {
    let stress: Vec<(String, String)> = vec![
        (
            "users".into(),
            "10,100,1k,10k,100k,1m,10m,100m,300m,1b".into(),
        ),
        ("nsvc".into(), "10:200".into()),
    ];
    for (name, p, o) in [
        ("architecture", Preset::Architecture, vec![]),
        ("maturity", Preset::Maturity, vec![]),
        ("stress", Preset::Architecture, stress),
    ] {
        let (s, _) = resolve(p, &o);
        let n = 20;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(model::report(&s));
        }
        let r = t.elapsed() / n;
        let ctx = model::Context::new(&s);
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(ctx.breakpoints());
        }
        let b = t.elapsed() / n;
        println!("{name}: report {r:?}, of which breakpoints {b:?}");
    }
}
