//! The command-line tool, driven through `cli::run` with captured output (no process spawn).

use expect_test::{expect, Expect};
use scalemap::cli::run;

/// Runs the CLI on `args`; returns (exit status, stdout, stderr).
fn cli(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap_or_default(),
        String::from_utf8(err).unwrap_or_default(),
    )
}

/// The one data-driven helper: exit status, then stderr, then stdout.
fn check(args: &[&str], expect: Expect) {
    let (code, out, err) = cli(args);
    expect.assert_eq(&format!("exit {code}\n--- stderr\n{err}--- stdout\n{out}"));
}

/// A JSON number field of the n-th stage object, read without a JSON library.
fn field(json: &str, stage: usize, key: &str) -> f64 {
    let stages = json
        .split("{\"users\":")
        .nth(stage + 1)
        .expect("stage present");
    let at = stages.find(&format!("\"{key}\":")).expect("field present") + key.len() + 3;
    let end = stages[at..].find([',', '}']).expect("number ends") + at;
    stages[at..end].parse().expect("a number")
}

// Guards: the seed figures come out of the CLI as out of the model (parallel running page).
#[test]
fn json_has_seed_figures() {
    let (code, out, err) = cli(&["--format", "json", "?preset=parallel-running&users=10k,1m"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(field(&out, 0, "service_instances"), 7.0);
    assert_eq!(field(&out, 1, "service_instances"), 667.0);
    assert_eq!(field(&out, 1, "egress_bytes_per_s"), 100e9);
    for key in ["avg_rps", "peak_rps", "stored_bytes", "monthly_cost_usd"] {
        assert!(field(&out, 0, key) >= 0.0);
    }
    assert!(out.contains("\"services\":[{\"name\":\"Order\""));
    assert!(out.contains("\"bottleneck\":{\"component\":"));
    assert!(out.contains("\"warnings\":[]"));
}

// Guards: db-per-service seed figures in JSON (10,000 req/s, 500 QPS per service database).
#[test]
fn json_db_per_service() {
    let (_, out, _) = cli(&[
        "--format=json",
        "https://example.org/x/?preset=db-per-service&users=1m",
    ]);
    assert_eq!(field(&out, 0, "avg_rps"), 10_000.0);
    assert_eq!(out.matches("\"db_qps\":500,").count(), 20, "{out}");
}

// Guards: migration seed figures in the text table.
#[test]
fn text_migration() {
    check(
        &["preset=migration&users=1m"],
        expect![[r#"
            exit 0
            --- stderr
            --- stdout
              Users                                             1M

            Traffic
              Average requests/s                         116 req/s
              Peak requests/s                            579 req/s
              Reads/s (average)                          104 req/s
              Writes/s (average)                          12 req/s

            Compute
              Services                                          15
              Service instances                                 55
              Versions running                                   1
              API gateway instances                              2
              Load balancers                                     1
              Regions                                            1

            Data
              Databases                       16 (one per service)
              Primaries (shards)                                16
              Read replicas                                      0
              Database nodes                                    16
              DB reads/s, peak, before cache             1,729 QPS
              DB reads/s, peak, after cache              1,729 QPS
              DB writes/s, peak                            192 QPS
              Cache nodes                                        —
              Message queue                                      —
              Stored in all                                 390 GB
              In databases (all copies)                     390 GB
              In the object store                                —

            Network
              To clients, average                         579 KB/s
              To clients, peak                           2.89 MB/s
              Served by the CDN                         — (no CDN)
              From the origin                             579 KB/s
              Network links                                      1

            Cost per month
              Service instances                          $4,015/mo
              API gateways                                 $146/mo
              Load balancers                             $18.25/mo
              Database nodes                             $5,840/mo
              Cache nodes                                 $0.00/mo
              Queue brokers                               $0.00/mo
              Database storage                           $39.00/mo
              Object storage                              $0.00/mo
              Egress                                       $122/mo
              CDN delivery                                $0.00/mo
              Total                                     $10,180/mo
              Per user                                  $0.0102/mo

            Latency and availability
              p50 latency                                  12.7 ms
              p99 latency                                  43.6 ms
              Availability                                   99.9%
              Downtime per month                          57.3 min
              Failing with what is down                         0%

            First bottleneck
              Runs out first
                at 1M users: Database reads (Monolith database): 31% of capacity; traffic ×1.6 before it must add a cache

            Breakpoints (first user count at which each becomes necessary)
              Load balancer                   from the first user
              Cache                           289,201 users
              First read replica              673,053 users
              Sharding                        36,877,676 users
              Message queue                   21,705,132 users
              CDN                             21,600,001 users
              Second region                   50,000,001 users
              Database per service            1,000,000 users
              Parallel versions               not needed up to 1T users
        "#]],
    );
}

// Guards: bad input is named on stderr with exit status 2, and --lenient carries on.
#[test]
fn bad_input_exits_2() {
    check(
        &["?peak=abc&users=10k"],
        expect![[r#"
            exit 2
            --- stderr
            scalemap: Peak-to-average factor: “abc” is not a number; used 5×.
            scalemap: 1 value(s) could not be used as given; fix them or pass --lenient
            --- stdout
        "#]],
    );
    check(
        &["--format", "yaml", "x"],
        expect![[r#"
            exit 2
            --- stderr
            scalemap: --format “yaml” is not one of text, json, csv, markdown
            --- stdout
        "#]],
    );
    check(
        &[],
        expect![[r#"
            exit 2
            --- stderr
            scalemap: missing QUERY (use '' for the default scenario); see scalemap --help
            --- stdout
        "#]],
    );
    let (code, out, err) = cli(&["--lenient", "--format", "csv", "?peak=abc&users=10k"]);
    assert_eq!(code, 0);
    assert!(err.contains("“abc” is not a number"));
    assert!(out.starts_with("users,avg_rps,peak_rps,"));
    assert_eq!(out.lines().count(), 2);
}

// Guards: Markdown output is a well-formed table with one column per stage.
#[test]
fn markdown_table() {
    let (code, out, _) = cli(&["--format", "markdown", "?preset=maturity"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "| Users | 100 | 10K | 1M | 100M |");
    assert_eq!(lines[1], "|---|---:|---:|---:|---:|");
    assert!(
        lines.iter().skip(2).all(|l| l.matches(" | ").count() == 4),
        "{out}"
    );
}

// Guards: the CLI writes one SVG and one Mermaid file per stage, the chart and its CSV.
#[test]
fn writes_diagrams_and_chart() {
    let dir = std::env::temp_dir().join(format!("scalemap-cli-{}", std::process::id()));
    let d = dir.to_string_lossy().to_string();
    let (svg, mmd, chart, csv) = (
        format!("{d}/svg"),
        format!("{d}/mmd"),
        format!("{d}/chart.svg"),
        format!("{d}/curves.csv"),
    );
    let (code, _, err) = cli(&[
        "--svg-dir",
        &svg,
        "--mermaid-dir",
        &mmd,
        "--chart",
        &chart,
        "--chart-csv",
        &csv,
        "?preset=maturity",
    ]);
    assert_eq!(code, 0, "{err}");
    for (i, u) in ["100", "10k", "1m", "100m"].iter().enumerate() {
        let text =
            std::fs::read_to_string(format!("{svg}/stage-{}-{u}.svg", i + 1)).expect("svg written");
        assert!(
            roxmltree::Document::parse(&text).is_ok(),
            "stage {u} SVG parses"
        );
        let m = std::fs::read_to_string(format!("{mmd}/stage-{}-{u}.mmd", i + 1))
            .expect("mermaid written");
        assert!(m.starts_with("flowchart"), "{m}");
    }
    assert!(std::fs::read_to_string(&chart)
        .expect("chart written")
        .contains("<svg"));
    assert!(
        std::fs::read_to_string(&csv)
            .expect("csv written")
            .lines()
            .count()
            > 200
    );
    let _ = std::fs::remove_dir_all(&dir);
    let (code, _, err) = cli(&["--svg-dir"]);
    assert_eq!(
        (code, err.as_str()),
        (2, "scalemap: --svg-dir needs a path\n")
    );
}
