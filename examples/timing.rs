//! Rough native timing of the core, piece by piece, for the default scenario and the stress
//! scenario (10 stages up to 1 billion users, 200 services): what one input change costs before
//! the browser's work. The benchmark (bench/run.sh) measures the page itself.
//!
//!     cargo run --release --example timing
use scalemap::core::chart::{self, ChartOptions};
use scalemap::core::sweep::{self, Metric};
use scalemap::core::{diagram, model, params, presets::Preset, uncertain};
use std::time::Instant;

/// Runs `f` `n` times and prints the mean time per run.
fn time<R>(what: &str, n: u32, mut f: impl FnMut() -> R) {
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(f());
    }
    let ms = t.elapsed().as_secs_f64() * 1e3 / f64::from(n);
    println!("  {what:<34} {ms:8.3} ms");
}

fn main() {
    let stress = vec![
        (
            "users".to_string(),
            "10,100,1k,10k,100k,1m,10m,100m,300m,1b".to_string(),
        ),
        ("nsvc".to_string(), "10:200".to_string()),
    ];
    for (name, overrides) in [("default", vec![]), ("stress", stress)] {
        let (s, _) = params::resolve(Preset::default().scenario(), &overrides);
        let r = model::report(&s);
        let ctx = model::Context::new(&s);
        let sw = sweep::sweep_with(&s, sweep::DEFAULT_POINTS, &r.breakpoints, true);
        let opts = ChartOptions {
            width: 840,
            height: chart::suggested_height(840, Metric::DEFAULTS.len()),
            metrics: Metric::DEFAULTS.to_vec(),
            ..ChartOptions::default()
        };
        println!("{name} ({} stages):", r.stages.len());
        let n = 50;
        time("report (the table's figures)", n, || model::report(&s));
        time("  of which breakpoints", n, || ctx.breakpoints());
        time("  of which stages with derivations", n, || {
            r.stages
                .iter()
                .map(|st| ctx.stage(st.users, true))
                .collect::<Vec<_>>()
        });
        time("sweep (the chart's data)", n, || {
            sweep::sweep_with(&s, sweep::DEFAULT_POINTS, &r.breakpoints, false)
        });
        time("  with p99 and downtime", n, || {
            sweep::sweep_with(&s, sweep::DEFAULT_POINTS, &r.breakpoints, true)
        });
        time("chart SVG", n, || chart::render(&sw, &opts));
        let ranged = params::resolve(
            s.clone(),
            &[
                ("rpu".into(), "20..40".into()),
                ("db_read".into(), "2k..3k..5k".into()),
            ],
        )
        .0;
        time("bands, 200 samples (with curves)", 5, || {
            let mut c = uncertain::bands::Collector::new(&ranged, 200);
            c.add(200);
            (c.bands(), c.curves())
        });
        time("sensitivity of the last stage", 5, || {
            uncertain::sensitivity::stage(&ranged, *s.users.last().unwrap_or(&1e6))
        });
        time("stage diagrams' SVG", n, || {
            r.stages
                .iter()
                .map(|st| diagram::render_stage(&s, st).len())
                .sum::<usize>()
        });
    }
}
