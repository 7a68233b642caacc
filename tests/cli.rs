//! The command-line tool, driven through `cli::run` with captured output (no process spawn).

use expect_test::expect;

mod support;
use support::{check_cli as check, cli};

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
              Cache                           289,201 users; not needed from 1,000,000 users; again from 1,845,588 users
              First read replica              673,053 users; not needed from 1,000,000 users; again from 6,173,517 users
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

// Guards: `--plan` and `--what-if N` add the scaling plan, the Self Check and the what-if to
// the text report (after the breakpoints), with the numbers the core computes.
#[test]
fn plan_and_what_if() {
    let (code, out, err) = cli(&["--plan", "--what-if", "x2", "?users=10k"]);
    assert_eq!(code, 0, "{err}");
    let tail = &out[out.find("\nScaling plan").expect("a plan section")..];
    expect![[r#"

        Scaling plan (the changes since the previous stage, in the order they become necessary)
          At 10K users
            From the first user: Database per service. Each service owns its database from the first user (db_split).
            2,101 users: Load balancer. Service instances (requests) (User and Product) at 70% of capacity at 2,100 users; the limit is 70%.
            4,167 users: Cache. Database reads (User database and Product database) at 50% of capacity at 4,166 users; the limit is 50%.
            9,723 users: First read replica. Database reads (User database and Product database) at 70% of capacity at 9,722 users; the limit is 70%.

        Self Check (the pattern page's question)
          Your database handles 1000 QPS. Traffic grows 10x to 10,000 QPS. What do you do first, and why?
          The page: Read replicas: the quickest way to scale reads without a redesign.
          Scalemap: One database node (1,000 reads and 1,000 writes a second) is enough alone up to 555 users, where it answers 500 reads and 55 writes a second at peak. Traffic ×10 from there:
          First: Cache at 556 users (×1); then First read replica at 1,297 users (×2.34); Load balancer at 1,401 users (×2.52); Message queue at 5,001 users (×9.01).
            First to run out: Database reads (App database), at traffic ×1 (about 556 users); then it must add a cache.
            Then: Database reads (App database) 50% of capacity, traffic ×1.4 before it must add a read replica
            Then: Service instances (requests) (App) 28% of capacity, traffic ×2.52 before it must add a load balancer and a second instance
            Then: Service instances (connections) (App) 9.25% of capacity, traffic ×7.57 before it must add a load balancer and a second instance
            Then: Database primary (writes) (App database) 5.55% of capacity, traffic ×9.01 before it must add a message queue
            Step: 556 users: Cache. Database reads (App database) at 50% of capacity at 555 users; the limit is 50%.
            Step: 1,297 users: First read replica. Database reads (App database) at 70% of capacity at 1,296 users; the limit is 70%.
            Step: 1,401 users: Load balancer. Service instances (requests) (App) at 70% of capacity at 1,400 users; the limit is 70%.
            Step: 5,001 users: Message queue. Database primary (writes) (App database) at 50% of capacity at 5,000 users; the limit is 50%.
            Service instances: 1 → 4
            Load balancers: 0 → 1
            Read replicas: 0 → 4
            Cache nodes: 0 → 1
            Queue brokers: 0 → 1

        What if traffic grows ×2 at 10K users (to 20K users)
          First to run out: Database primary (writes) (User database and Product database), at traffic ×1.5 (about 15K users); then it must add a message queue.
          Then: Database reads (User database and Product database and Order database) 36% of capacity, traffic ×1.94 before it must add a read replica
          Step: 15,001 users: Message queue. Database primary (writes) (User database and Product database) at 50% of capacity at 15,000 users; the limit is 50%.
          Service instances: 13 → 25
          Read replicas: 2 → 5
          Queue brokers: 0 → 1
    "#]]
    .assert_eq(tail);
}

// Guards: with `--explain`, every change of the plan has its derivation under it.
#[test]
fn plan_explained() {
    let (code, out, err) = cli(&["--plan", "--explain", "?preset=maturity&users=10k"]);
    assert_eq!(code, 0, "{err}");
    let plan = &out[out.find("\nScaling plan").expect("a plan section")..];
    let plan = &plan[..plan.find("\nSelf Check").expect("a Self Check")];
    let changes = plan
        .lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("      "))
        .count();
    let hows = plan
        .lines()
        .filter(|l| l.starts_with("      how: "))
        .count();
    assert!(changes >= 7, "{plan}");
    assert_eq!(changes, hows, "{plan}");
}

// Guards: a what-if factor that cannot be read, or the plan asked of JSON or CSV, is refused
// with a message naming it (exit 2).
#[test]
fn plan_bad_input() {
    check(
        &["--what-if", "abc", ""],
        expect![[r#"
        exit 2
        --- stderr
        scalemap: --what-if “abc” is not a traffic factor from 1 to 1,000,000 (for example 10)
        --- stdout
    "#]],
    );
    check(
        &["--what-if=0.5", ""],
        expect![[r#"
        exit 2
        --- stderr
        scalemap: --what-if “0.5” is not a traffic factor from 1 to 1,000,000 (for example 10)
        --- stdout
    "#]],
    );
    check(
        &["--plan", "--format", "json", ""],
        expect![[r#"
        exit 2
        --- stderr
        scalemap: --plan and --what-if add to the text and Markdown reports, not to --format json or csv
        --- stdout
    "#]],
    );
}
