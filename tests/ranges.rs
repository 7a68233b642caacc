//! Ranges, not guesses (issue 18): the range notation, Latin hypercube samples, bands,
//! the first bottleneck's shares and the sensitivity, and `scalemap --samples`.

use scalemap::cli::run;
use scalemap::core::model::report_with;
use scalemap::core::params::{resolve, Scenario, P};
use scalemap::core::presets::Preset;
use scalemap::core::range::Range;
use scalemap::core::share;
use scalemap::core::uncertain::bands::{self, percentile, Collector, Figure};
use scalemap::core::uncertain::sample::Design;
use scalemap::core::uncertain::sensitivity;

fn read(preset: Preset, kv: &[(&str, &str)]) -> (Scenario, Vec<String>) {
    let o: Vec<(String, String)> = kv
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (s, n) = resolve(preset.scenario(), &o);
    (s, n.into_iter().map(|n| n.message).collect())
}

fn scenario(preset: Preset, kv: &[(&str, &str)]) -> Scenario {
    let (s, n) = read(preset, kv);
    assert!(n.is_empty(), "{n:?}");
    s
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

// Guards: the notation. Two parts are uniform with the midpoint as point value, three are
// triangular with the middle one; each end is read as a number is (suffixes, a guessed comma
// named); the canonical text goes back into links.
#[test]
fn range_notation() {
    let s = scenario(
        Preset::Architecture,
        &[("rpu", "20..40"), ("db_read", "2k..3k..5k")],
    );
    assert_eq!(s.get(P::Rpu), 30.0);
    assert_eq!(s.get(P::DbRead), 3000.0);
    assert_eq!(
        s.ranges,
        vec![
            (
                P::Rpu,
                Range {
                    lo: 20.0,
                    mode: None,
                    hi: 40.0
                }
            ),
            (
                P::DbRead,
                Range {
                    lo: 2000.0,
                    mode: Some(3000.0),
                    hi: 5000.0
                }
            ),
        ]
    );
    let texts: Vec<String> = s.ranges.iter().map(|(_, r)| r.to_text()).collect();
    assert_eq!(texts, ["20..40", "2k..3k..5k"]);
    // A plain value afterwards ends the range.
    let (t, _) = resolve(s.clone(), &[("rpu".into(), "25".into())]);
    assert_eq!(t.ranges.len(), 1);
    assert_eq!(t.get(P::Rpu), 25.0);
    // Through a link and back, as typed.
    let (link, n) = share::decode("?v=2&rpu=20..40&db_read=2k..3k..5k");
    assert!(n.is_empty(), "{n:?}");
    let (from_link, n) = link.scenario();
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(from_link, s);
    assert!(share::encode(&link).contains("rpu=20..40"));
}

// Guards: a range that cannot be used as written is named with what was used instead (never
// dropped silently): parts out of order (a most likely value outside the ends among them), an
// unreadable part, too many parts, a range on a field of words, a midpoint that is not a
// whole number.
#[test]
fn bad_ranges_are_named() {
    let kept = Preset::Architecture.scenario().get(P::Rpu);
    for raw in ["40..20", "20..90..40"] {
        let (s, n) = read(Preset::Architecture, &[("rpu", raw)]);
        assert!(s.ranges.is_empty());
        assert_eq!(s.get(P::Rpu), kept);
        assert_eq!(
            n,
            [format!("Requests per active user: “{raw}” is out of order: write low..high or low..likely..high; used {kept} req.")]
        );
    }

    let (s, n) = read(Preset::Architecture, &[("rpu", "20..lots")]);
    assert!(s.ranges.is_empty());
    assert_eq!(s.get(P::Rpu), Preset::Architecture.scenario().get(P::Rpu));
    assert!(
        n[0].starts_with("Requests per active user: “lots”"),
        "{n:?}"
    );

    let (s, n) = read(Preset::Architecture, &[("rpu", "1..2..3..4")]);
    assert!(s.ranges.is_empty());
    assert!(
        n[0].contains("write low..high or low..likely..high"),
        "{n:?}"
    );

    let (s, n) = read(Preset::Architecture, &[("month", "28..31")]);
    assert!(s.ranges.is_empty());
    assert!(n[0].contains("this field takes no range"), "{n:?}");

    let (s, n) = read(Preset::Architecture, &[("min_inst", "2..5")]);
    assert_eq!(s.get(P::MinInst), 4.0);
    assert!(
        n[0].contains("must be a whole number; 3.5 was rounded to 4"),
        "{n:?}"
    );
}

// Guards: the distribution. Quantiles run from the low to the high end, the triangular one
// turns at its most likely value, and a range of zero width is its one value.
#[test]
fn range_quantiles() {
    let u = Range {
        lo: 10.0,
        mode: None,
        hi: 20.0,
    };
    assert_eq!(
        (u.quantile(0.0), u.quantile(0.5), u.quantile(1.0)),
        (10.0, 15.0, 20.0)
    );
    let t = Range {
        lo: 0.0,
        mode: Some(2.5),
        hi: 10.0,
    };
    // F(mode) = 0.25: the quantile at 0.25 is the mode.
    assert!((t.quantile(0.25) - 2.5).abs() < 1e-12);
    // The triangular distribution's median (Wikipedia, "Triangular distribution": for
    // c ≤ (a+b)/2 it is b − √((b−a)(b−c)/2)): 10 − √37.5 = 3.8763...
    assert!((t.quantile(0.5) - (10.0 - 37.5f64.sqrt())).abs() < 1e-12);
    assert_eq!((t.quantile(0.0), t.quantile(1.0)), (0.0, 10.0));
    let z = Range {
        lo: 7.0,
        mode: None,
        hi: 7.0,
    };
    assert_eq!((z.quantile(0.3), z.point()), (7.0, 7.0));
}

// Guards: the Latin hypercube uses every one of n equal-probability slices of each range
// exactly once, and the same scenario always gives the same samples.
#[test]
fn latin_hypercube_covers_every_slice() {
    let s = scenario(
        Preset::Architecture,
        &[("rpu", "0..100"), ("peak", "1..11")],
    );
    let n = 50;
    let d = Design::new(&s, n);
    assert_eq!(d, Design::new(&s, n));
    for (j, (lo, w)) in [(0.0, 100.0), (1.0, 10.0)].into_iter().enumerate() {
        let mut slices: Vec<usize> = d
            .values
            .iter()
            .map(|row| ((row[j] - lo) / w * n as f64).floor() as usize)
            .collect();
        slices.sort();
        assert_eq!(slices, (0..n).collect::<Vec<_>>(), "range {j}");
    }
}

// Guards: the banded figures are the growth chart's capacity metrics in its order, then p99
// latency (the chart's own p99 metric is that figure: same key).
#[test]
fn banded_figures_follow_the_metrics() {
    use scalemap::core::sweep::Metric;
    let metrics: Vec<Figure> = Metric::ALL
        .into_iter()
        .filter(|m| !m.full())
        .map(Figure::Metric)
        .collect();
    assert_eq!(Figure::ALL[..metrics.len()], metrics[..]);
    assert_eq!(Figure::ALL.last(), Some(&Figure::P99));
    assert_eq!(Figure::P99.key(), Metric::LatencyP99.key());
}

// Guards: percentiles interpolate between the two nearest sorted values, as spreadsheets'
// PERCENTILE.INC and numpy's default ("linear") do: of 1..5, the 10th is 1.4 and the 90th 4.6.
#[test]
fn percentiles() {
    let v = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(percentile(&v, 0.5), 3.0);
    assert!((percentile(&v, 0.1) - 1.4).abs() < 1e-12);
    assert!((percentile(&v, 0.9) - 4.6).abs() < 1e-12);
    assert_eq!(percentile(&[8.0], 0.9), 8.0);
}

// Guards: a range of zero width gives today's figures exactly: the same report as the plain
// value, and every band collapsed onto the point value.
#[test]
fn zero_width_range_is_todays_figures() {
    for preset in Preset::ALL {
        let plain = scenario(preset, &[("rpu", "30")]);
        let zero = scenario(preset, &[("rpu", "30..30")]);
        assert_eq!(
            report_with(&plain, true).stages,
            report_with(&zero, true).stages,
            "{preset:?}"
        );
        let b = bands::bands(&zero, 20);
        for st in &b.stages {
            for (f, band) in &st.figures {
                let Some(band) = band else { continue };
                let point = band.point.expect("a point value");
                assert_eq!(
                    (band.p10, band.p50, band.p90),
                    (point, point, point),
                    "{f:?}"
                );
            }
            assert_eq!(st.bottlenecks.len(), 1);
            assert_eq!(st.bottlenecks[0].share, 1.0);
        }
    }
}

// Guards: each band holds the figure at the point values (the midpoints of ranges around
// every preset's own values), and p10 ≤ p50 ≤ p90.
#[test]
fn bands_contain_the_point_estimate() {
    for preset in Preset::ALL {
        let base = preset.scenario();
        let around = |p: P, f: f64| {
            let v = base.get(p);
            format!("{}..{}", v * (1.0 - f), v * (1.0 + f))
        };
        let kv = [
            ("rpu", around(P::Rpu, 0.5)),
            ("db_read", around(P::DbRead, 0.3)),
            ("peak", around(P::Peak, 0.2)),
            ("hit", around(P::Hit, 0.2)),
        ];
        let kv: Vec<(&str, &str)> = kv.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (s, _) = read(preset, &kv);
        assert_eq!(s.ranges.len(), 4, "{preset:?}");
        let b = bands::bands(&s, 200);
        assert_eq!(b.samples, 200);
        for st in &b.stages {
            for (f, band) in &st.figures {
                let Some(band) = band else { continue };
                assert!(
                    band.p10 <= band.p50 && band.p50 <= band.p90,
                    "{preset:?} {f:?}"
                );
                let point = band.point.expect("a point value");
                assert!(
                    band.p10 <= point && point <= band.p90,
                    "{preset:?} {} users {f:?}: {point} outside {}..{}",
                    st.users,
                    band.p10,
                    band.p90
                );
            }
            let total: f64 = st.bottlenecks.iter().map(|b| b.share).sum();
            assert!((total - 1.0).abs() < 1e-12);
        }
    }
}

// Guards: the same link gives the same bands, whether the samples run at once (the CLI) or
// a few at a time (the page).
#[test]
fn same_link_same_bands() {
    let s = scenario(
        Preset::DbPerService,
        &[("rpu", "10..50"), ("db_read", "5k..10k")],
    );
    let once = bands::bands(&s, 120);
    assert_eq!(once, bands::bands(&s, 120));
    let mut c = Collector::new(&s, 120);
    while !c.done() {
        c.add(7);
    }
    assert_eq!(c.bands(), once);
    // A band is wider than nothing when its figure depends on a range.
    let cost = once.stages[3]
        .figures
        .iter()
        .find(|(f, _)| *f == Figure::Metric(scalemap::core::sweep::Metric::MonthlyCost))
        .and_then(|(_, b)| b.clone())
        .expect("a cost band");
    assert!(cost.p90 > cost.p10 * 1.2, "{cost:?}");
}

// Guards: the tornado ranks a capacity whose range doubles it above inputs the figure does not
// depend on (those are left out), and its low end costs more than its high end.
#[test]
fn tornado_ranks_a_doubled_capacity_first() {
    let s = scenario(Preset::Architecture, &[("inst_rps", "250..500")]);
    let sens = sensitivity::stage(&s, 1e6);
    let pos = |k: &str| sens.by_cost.iter().position(|w| w.key == k);
    let inst = pos("inst_rps").expect("inst_rps moves the cost");
    assert!(sens.by_cost[inst].from_range);
    assert!(sens.by_cost[inst].at_low.cost > sens.by_cost[inst].at_high.cost);
    for unrelated in ["a_inst", "as_cool", "slo_ms"] {
        assert_eq!(pos(unrelated), None, "{unrelated} does not move the cost");
    }
    // Everything ranked after it moves the cost less.
    let w = sens.by_cost[inst].cost_swing();
    assert!(sens.by_cost[inst + 1..].iter().all(|x| x.cost_swing() <= w));
    // Without a range, an input swings ±25%.
    let (lo, hi, from_range) = sensitivity::low_high(&s, scalemap::core::params::spec(P::Peak));
    let v = s.get(P::Peak);
    assert_eq!((lo, hi, from_range), (v * 0.75, v * 1.25, false));
}

// Guards: `--samples` in the CLI: the text section, the JSON beside each stage, bad values
// named with exit status 2, CSV refused, and a note when ranges go unsampled.
#[test]
fn cli_samples() {
    let q = "?rpu=20..40&db_read=2k..3k..5k";
    let (code, out, err) = cli(&["--samples", "50", q]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Bands over 50 samples"), "{out}");
    assert!(out.contains("First bottleneck: "), "{out}");
    assert!(out.contains("Moves the monthly cost most"), "{out}");

    let (code, out, err) = cli(&["--format", "json", "--samples", "50", q]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["samples"], 50);
    assert_eq!(v["ranges"][0]["key"], "rpu");
    let band = &v["stages"][2]["bands"]["monthly_cost"];
    let (p10, p50, p90) = (
        band["p10"].as_f64().expect("p10"),
        band["p50"].as_f64().expect("p50"),
        band["p90"].as_f64().expect("p90"),
    );
    assert!(p10 < p50 && p50 < p90, "{band}");
    assert!(v["stages"][2]["sensitivity"]["by_cost"][0]["key"].is_string());

    let (code, _, err) = cli(&["--samples", "lots", q]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--samples “lots” is not a whole number from 0 to 5,000"),
        "{err}"
    );
    let (code, _, err) = cli(&["--format", "csv", "--samples", "10", q]);
    assert_eq!(code, 2);
    assert!(err.contains("not to --format csv"), "{err}");
    let (code, _, err) = cli(&[q]);
    assert_eq!(code, 0);
    assert!(err.contains("2 input(s) are ranges"), "{err}");
    // Without samples the JSON is what it was: no band keys.
    let (_, out, _) = cli(&["--format", "json", q]);
    assert!(!out.contains("\"bands\"") && !out.contains("\"samples\""));
}

// Guards: the band chart and the tornado are well-formed SVG with one band per metric and two
// bars per input, their text escaped (a hostile title stays text), and they describe
// themselves in words.
#[test]
fn charts_are_valid_svg() {
    use scalemap::core::chart::ChartOptions;
    use scalemap::core::uncertain::{band_chart, tornado};
    let s = scenario(Preset::Architecture, &[("rpu", "20..40")]);
    let mut c = Collector::new(&s, 40);
    c.add(40);
    let hostile = "</svg><script>alert(1)</script>";
    let opts = ChartOptions {
        width: 700,
        title: hostile.into(),
        id_prefix: "x-".into(),
        ..ChartOptions::default()
    };
    let svg = band_chart::render(&c.curves(), &s.users, &opts);
    let doc = roxmltree::Document::parse(&svg).expect("the band chart parses");
    assert!(!svg.contains("<script"));
    let bands = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("smr-band "))
        })
        .count();
    assert_eq!(bands, band_chart::DEFAULT_METRICS.len());
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text());
    assert_eq!(title, Some(hostile));
    assert!(band_chart::describe(&c.curves(), &band_chart::DEFAULT_METRICS)
        .starts_with("Growth curves at the point values with the band from the 10th to the 90th percentile of 40 samples."));

    let sens = sensitivity::stage(&s, 1e6);
    let svg = tornado::render(&sens, tornado::Watch::Cost, &opts);
    let doc = roxmltree::Document::parse(&svg).expect("the tornado parses");
    let bar = |c: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some(c))
            .count()
    };
    let rows = sens.by_cost.len().min(tornado::TOP);
    assert_eq!((bar("smc-lo"), bar("smc-hi")), (rows, rows));
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(
        text.contains("Requests per active user: 20 req → 40 req (range)"),
        "{text}"
    );
    let d = tornado::describe(&sens, tornado::Watch::Cost);
    assert!(d.starts_with("Monthly cost at 1M users"), "{d}");
}
