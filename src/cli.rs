//! The `scalemap` command-line tool: the same core as the page, for course build pipelines.
//!
//! `scalemap [--format text|json|csv|markdown] [--explain] [--lenient] QUERY`
//! QUERY is a share link's query string (with or without `?`) or a whole URL. Exit status: 0 on
//! success, 2 on bad input (unknown option, unreadable value; with `--lenient` unreadable
//! values are replaced as the page would, named on stderr, and the exit status is 0).

use std::io::Write;

use crate::core::format;
use crate::core::model::{report, Report, Stage};
use crate::core::params::{self, Notice};
use crate::core::share;
use crate::core::table::{Section, ROWS};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for a terminal.
    Text,
    /// `{"stages": [...]}`.
    Json,
    /// One line per stage.
    Csv,
    /// A Markdown table.
    Markdown,
}

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Output format.
    pub format: Format,
    /// Print each figure's derivation.
    pub explain: bool,
    /// Carry on past unreadable values (they are still named on stderr).
    pub lenient: bool,
    /// The link or query.
    pub query: String,
    /// Write one SVG diagram per stage into this folder.
    pub svg_dir: Option<String>,
    /// Write one Mermaid flowchart (`.mmd`) per stage into this folder.
    pub mermaid_dir: Option<String>,
    /// Write the growth chart (SVG) to this file.
    pub chart: Option<String>,
    /// Write the growth curves' data (CSV) to this file.
    pub chart_csv: Option<String>,
}

/// The usage text.
pub const USAGE: &str = "\
Usage: scalemap [--format text|json|csv|markdown] [--explain] [--lenient] QUERY

Prints the stage table of a Scalemap scenario. QUERY is a share link's query string
(with or without the leading '?') or a whole URL, for example:
  scalemap '?preset=parallel-running&users=10k,1m'
  scalemap --format json 'https://example.org/scalemap/?preset=migration'
  scalemap ''                      (the default scenario)

Options:
  --format F    text (default), json, csv or markdown
  --explain     show how every figure was computed
  --lenient     use defaults for unreadable values instead of failing (exit 0)
  --svg-dir D   also write each stage's architecture diagram to D/stage-N-USERS.svg
  --mermaid-dir D  also write each stage's diagram as Mermaid flowchart text (D/stage-N-USERS.mmd)
  --chart F     also write the growth chart (SVG) to F
  --chart-csv F also write the growth curves' data (CSV) to F
  --list        list every scenario parameter with unit, range and meaning
  -h, --help    this text
  -V, --version the version

Exit status: 0 on success, 2 on bad input (the reason is printed on stderr).";

/// Reads the arguments (without the program name). `Err` is a message for stderr.
pub fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut format = Format::Text;
    let mut explain = false;
    let mut lenient = false;
    let mut query: Option<String> = None;
    let (mut svg_dir, mut mermaid_dir, mut chart, mut chart_csv) = (None, None, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" | "--list" | "-V" | "--version" => return Ok(None),
            "--explain" => explain = true,
            "--lenient" => lenient = true,
            "--format" => {
                let v = it
                    .next()
                    .ok_or("--format needs a value: text, json, csv or markdown")?;
                format = parse_format(v)?;
            }
            s if s.starts_with("--format=") => format = parse_format(&s["--format=".len()..])?,
            "--svg-dir" | "--mermaid-dir" | "--chart" | "--chart-csv" => {
                let v = it
                    .next()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| format!("{a} needs a path"))?
                    .clone();
                match a.as_str() {
                    "--svg-dir" => svg_dir = Some(v),
                    "--mermaid-dir" => mermaid_dir = Some(v),
                    "--chart" => chart = Some(v),
                    _ => chart_csv = Some(v),
                }
            }
            s if s.starts_with('-') && s.len() > 1 && !s.starts_with("-?") => {
                return Err(format!(
                    "unknown option “{}”; see scalemap --help",
                    params::clip(s)
                ));
            }
            s => {
                if query.is_some() {
                    return Err(
                        "give one QUERY (quote it: the shell splits on & and spaces)".into(),
                    );
                }
                query = Some(s.to_string());
            }
        }
    }
    let query =
        query.ok_or("missing QUERY (use '' for the default scenario); see scalemap --help")?;
    Ok(Some(Options {
        format,
        explain,
        lenient,
        query,
        svg_dir,
        mermaid_dir,
        chart,
        chart_csv,
    }))
}

fn parse_format(v: &str) -> Result<Format, String> {
    match v {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        "csv" => Ok(Format::Csv),
        "markdown" | "md" => Ok(Format::Markdown),
        other => Err(format!(
            "--format “{}” is not one of text, json, csv, markdown",
            params::clip(other)
        )),
    }
}

/// Runs the tool on the arguments as the operating system gave them (`std::env::args_os`,
/// without the program name). An argument that is not valid UTF-8 is named (invalid bytes
/// shown as �) with exit status 2; everything else goes to [`run`].
pub fn run_os(args: &[std::ffi::OsString], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut text = Vec::with_capacity(args.len());
    for (i, a) in args.iter().enumerate() {
        match a.to_str() {
            Some(t) => text.push(t.to_string()),
            None => {
                let _ = writeln!(
                    err,
                    "scalemap: argument {} “{}” is not valid UTF-8 text (shown with � for the bytes that cannot be read); see scalemap --help",
                    i + 1,
                    params::clip(&a.to_string_lossy())
                );
                return 2;
            }
        }
    }
    run(&text, out, err)
}

/// A notice when QUERY is neither a query nor a link (`scalemap foo`, `scalemap users`): text
/// with no `?` and no `=` that is not a URL would otherwise open the default scenario silently.
fn bare_query_notice(query: &str) -> Option<Notice> {
    let t = query.trim();
    if t.is_empty() || t.contains(['?', '=']) || t.contains("://") {
        return None;
    }
    let t = params::clip(t);
    let message = if params::all_keys().any(|k| k == t) {
        format!("“{t}” has no value: write {t}=VALUE; the default scenario is used.")
    } else {
        format!("“{t}” is not a query: write key=value pairs joined by & (e.g. 'users=10k,1m') or a share link; the default scenario is used.")
    };
    Some(Notice {
        key: "link".into(),
        message,
    })
}

/// Runs the tool; returns the exit status.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let opts = match parse_args(args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            let text = match args.iter().find(|a| a.starts_with('-')).map(String::as_str) {
                Some("--list") => list_params(),
                Some("-V" | "--version") => format!("scalemap {}", env!("CARGO_PKG_VERSION")),
                _ => USAGE.to_string(),
            };
            let _ = writeln!(out, "{text}");
            return 0;
        }
        Err(e) => {
            let _ = writeln!(err, "scalemap: {e}");
            return 2;
        }
    };
    let (link, mut notices) = share::decode(&opts.query);
    notices.splice(0..0, bare_query_notice(&opts.query));
    let (scenario, more) = link.scenario();
    notices.extend(more);
    notices.extend(share::view_notices(&link.view, scenario.users.len()));
    for n in &notices {
        let _ = writeln!(err, "scalemap: {}", n.message);
    }
    if !notices.is_empty() && !opts.lenient {
        let _ = writeln!(
            err,
            "scalemap: {} value(s) could not be used as given; fix them or pass --lenient",
            notices.len()
        );
        return 2;
    }
    let r = report(&scenario);
    for w in &r.warnings {
        let _ = writeln!(err, "scalemap: warning: {w}");
    }
    let text = match opts.format {
        Format::Text => text_table(&r, opts.explain),
        Format::Markdown => markdown(&r, opts.explain),
        Format::Csv => csv(&r),
        Format::Json => json(&r, &link, &notices, opts.explain),
    };
    if out.write_all(text.as_bytes()).is_err() {
        return 1;
    }
    match write_files(&opts, &scenario, &r) {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "scalemap: {e}");
            1
        }
    }
}

/// The file name stem of stage `i`: `stage-2-10k`.
pub fn stage_stem(i: usize, users: f64) -> String {
    format!("stage-{}-{}", i + 1, format::link_number(users))
}

fn write_files(
    opts: &Options,
    scenario: &crate::core::params::Scenario,
    r: &Report,
) -> Result<(), String> {
    use crate::core::{chart, diagram, sweep};
    let write = |path: &std::path::Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let dir = |d: &str| -> Result<std::path::PathBuf, String> {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create folder {d}: {e}"))?;
        Ok(std::path::PathBuf::from(d))
    };
    if let Some(d) = &opts.svg_dir {
        let d = dir(d)?;
        for (i, st) in r.stages.iter().enumerate() {
            write(
                &d.join(format!("{}.svg", stage_stem(i, st.users))),
                &diagram::render_stage(scenario, st),
            )?;
        }
    }
    if let Some(d) = &opts.mermaid_dir {
        let d = dir(d)?;
        for (i, st) in r.stages.iter().enumerate() {
            let text = diagram::mermaid::to_mermaid(&diagram::graph::build(scenario, st));
            write(&d.join(format!("{}.mmd", stage_stem(i, st.users))), &text)?;
        }
    }
    if opts.chart.is_some() || opts.chart_csv.is_some() {
        let sw = sweep::sweep(scenario, sweep::DEFAULT_POINTS);
        if let Some(f) = &opts.chart {
            let o = chart::ChartOptions {
                background: true,
                ..chart::ChartOptions::default()
            };
            let o = chart::ChartOptions {
                height: chart::suggested_height(o.width, o.metrics.len()),
                ..o
            };
            write(std::path::Path::new(f), &chart::render(&sw, &o))?;
        }
        if let Some(f) = &opts.chart_csv {
            write(
                std::path::Path::new(f),
                &sweep::to_csv(&sw, &sweep::Metric::ALL),
            )?;
        }
    }
    Ok(())
}

fn list_params() -> String {
    let mut s = String::from("key\tunit\tmin\tmax\tmeaning\n");
    for sp in params::SPECS.iter() {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            sp.key,
            sp.unit,
            format::num(sp.min),
            format::num(sp.max),
            sp.doc
        ));
    }
    s.push_str("users\tusers\t1\t1,000,000,000,000\tComma-separated user counts, one per stage (at most 12).\n");
    s.push_str("services\t\t\t\tNamed services: name[:weight[:callee+callee]], comma-separated.\n");
    s.push_str(
        "nsvc\tservices\t0\t5,000\tService count by user count: users:count, comma-separated.\n",
    );
    s.push_str(
        "migrated\t%\t0\t100\tShare of traffic on the new services by user count: users:percent.\n",
    );
    s
}

/// The cells of the table: a header row of user counts, then one row per table row.
fn grid(r: &Report) -> Vec<(Option<Section>, String, Vec<String>)> {
    let mut rows = vec![(
        None,
        "Users".to_string(),
        r.stages.iter().map(|s| format::count(s.users)).collect(),
    )];
    for row in ROWS {
        rows.push((
            Some(row.section),
            row.label.to_string(),
            r.stages.iter().map(|s| (row.show)(s)).collect(),
        ));
    }
    rows
}

fn text_table(r: &Report, explain: bool) -> String {
    let g = grid(r);
    let label_w = g
        .iter()
        .map(|(_, l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let col_w: Vec<usize> = (0..r.stages.len())
        .map(|i| {
            g.iter()
                .map(|(_, _, c)| c[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut s = String::new();
    let mut section = None;
    for (sec, label, cells) in &g {
        if sec.is_some() && *sec != section {
            section = *sec;
            s.push_str(&format!("\n{}\n", sec.map_or("", |x| x.title())));
        }
        s.push_str(&format!("  {label:<label_w$}"));
        for (c, w) in cells.iter().zip(&col_w) {
            s.push_str(&format!("  {:>w$}", c, w = *w));
        }
        s.push('\n');
    }
    s.push_str("\nBreakpoints (first user count at which each becomes necessary)\n");
    for b in &r.breakpoints {
        let at = match b.users {
            None => "not needed up to 1T users".to_string(),
            Some(u) if u <= 1.0 => "from the first user".to_string(),
            Some(u) => format!("{} users", format::grouped(u, 0)),
        };
        s.push_str(&format!("  {:<label_w$}  {at}\n", b.milestone.label()));
    }
    if explain {
        s.push_str(&explanations(r));
    }
    s
}

fn explanations(r: &Report) -> String {
    let mut s = String::new();
    for st in &r.stages {
        s.push_str(&format!(
            "\nHow the figures at {} users were computed\n",
            format::count(st.users)
        ));
        for row in ROWS {
            if let Some(e) = st.explanation(row.fig) {
                s.push_str(&format!("  {}: {}\n", row.label, e));
            }
        }
        for (i, svc) in st.services.iter().enumerate().take(10) {
            for (f, what) in [
                (crate::core::model::SvcFig::Rps, "requests"),
                (crate::core::model::SvcFig::Instances, "instances"),
            ] {
                if let Some(e) = st.explanation(crate::core::model::Fig::Svc(i, f)) {
                    s.push_str(&format!("  {} {what}: {e}\n", svc.name));
                }
            }
        }
    }
    s
}

fn md_cell(t: &str) -> String {
    t.replace('|', "\\|")
}

fn markdown(r: &Report, explain: bool) -> String {
    let g = grid(r);
    let mut s = String::new();
    for (i, (_, label, cells)) in g.iter().enumerate() {
        s.push_str(&format!(
            "| {} | {} |\n",
            md_cell(label),
            cells
                .iter()
                .map(|c| md_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        if i == 0 {
            s.push_str(&format!("|---|{}\n", "---:|".repeat(cells.len())));
        }
    }
    if explain {
        s.push_str(&explanations(r));
    }
    s
}

fn csv_field(t: &str) -> String {
    if t.contains([',', '"', '\n']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t.to_string()
    }
}

/// The report as CSV: a header of row keys, then one line per stage.
pub fn csv(r: &Report) -> String {
    let mut s = String::from("users");
    for row in ROWS {
        s.push(',');
        s.push_str(row.key);
    }
    s.push_str(",bottleneck_component\n");
    for st in &r.stages {
        s.push_str(&format::link_number(st.users));
        for row in ROWS {
            s.push(',');
            s.push_str(&json_number((row.value)(st)));
        }
        s.push(',');
        s.push_str(&csv_field(st.bottleneck.component.key()));
        s.push('\n');
    }
    s
}

/// A JSON number: whole numbers without a fraction, others with full precision; never NaN.
fn json_number(x: f64) -> String {
    if !x.is_finite() {
        "null".into()
    } else if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn json_string(t: &str) -> String {
    let mut s = String::with_capacity(t.len() + 2);
    s.push('"');
    for c in t.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 => s.push_str(&format!("\\u{:04x}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn json_stage(st: &Stage, explain: bool) -> String {
    let mut f: Vec<(String, String)> = vec![
        ("users".into(), json_number(st.users)),
        ("avg_rps".into(), json_number(st.avg_rps)),
        ("peak_rps".into(), json_number(st.peak_rps)),
        ("read_rps".into(), json_number(st.read_rps)),
        ("write_rps".into(), json_number(st.write_rps)),
        ("service_count".into(), json_number(st.service_count)),
        (
            "service_instances".into(),
            json_number(st.service_instances),
        ),
        ("gateways".into(), json_number(st.gateways)),
        ("load_balancers".into(), json_number(st.load_balancers)),
        ("regions".into(), json_number(st.regions)),
        ("versions".into(), json_number(st.versions)),
        ("db_per_service".into(), st.db_per_service.to_string()),
        ("databases".into(), json_number(st.database_count())),
        ("db_primaries".into(), json_number(st.primaries)),
        ("db_replicas".into(), json_number(st.replicas)),
        ("db_nodes".into(), json_number(st.db_nodes)),
        ("db_read_qps".into(), json_number(st.db_read_qps)),
        (
            "db_read_qps_after_cache".into(),
            json_number(st.db_read_after_cache),
        ),
        ("db_write_qps".into(), json_number(st.db_write_qps)),
        ("cache".into(), st.cache.to_string()),
        ("cache_nodes".into(), json_number(st.cache_nodes)),
        ("queue".into(), st.queue.to_string()),
        ("queue_brokers".into(), json_number(st.queue_brokers)),
        ("cdn".into(), st.cdn.to_string()),
        ("cdn_bytes_per_s".into(), json_number(st.cdn_bytes_per_s)),
        (
            "egress_bytes_per_s".into(),
            json_number(st.egress_bytes_per_s),
        ),
        (
            "peak_egress_bytes_per_s".into(),
            json_number(st.peak_egress_bytes_per_s),
        ),
        (
            "origin_egress_bytes_per_s".into(),
            json_number(st.origin_egress_bytes_per_s),
        ),
        (
            "ingress_bytes_per_s".into(),
            json_number(st.ingress_bytes_per_s),
        ),
        ("links".into(), json_number(st.links)),
        ("stored_bytes".into(), json_number(st.stored_bytes)),
        ("monthly_cost_usd".into(), json_number(st.cost.total)),
        ("cost_per_user_usd".into(), json_number(st.cost.per_user)),
    ];
    let lines: Vec<String> = st
        .cost
        .lines
        .iter()
        .map(|(i, v)| format!("{}:{}", json_string(i.label()), json_number(*v)))
        .collect();
    f.push((
        "monthly_cost_by_component_usd".into(),
        format!("{{{}}}", lines.join(",")),
    ));
    f.push((
        "bottleneck".into(),
        format!(
            "{{\"component\":{},\"label\":{},\"at\":{},\"utilization\":{}}}",
            json_string(st.bottleneck.component.key()),
            json_string(st.bottleneck.component.label()),
            json_string(&st.bottleneck.at),
            json_number(st.bottleneck.value)
        ),
    ));
    let svcs: Vec<String> = st
        .service_names()
        .map(|(name, s)| {
            format!(
                "{{\"name\":{},\"monolith\":{},\"share\":{},\"rps\":{},\"peak_rps\":{},\"db_qps\":{},\"peak_db_qps\":{},\"instances\":{}}}",
                json_string(&name),
                s.monolith,
                json_number(s.share),
                json_number(s.rps),
                json_number(s.peak_rps),
                json_number(s.db_qps),
                json_number(s.peak_db_qps),
                json_number(s.instances)
            )
        })
        .collect();
    f.push(("services".into(), format!("[{}]", svcs.join(","))));
    if explain {
        let ex: Vec<String> = ROWS
            .iter()
            .filter_map(|r| {
                st.explanation(r.fig)
                    .map(|e| format!("{}:{}", json_string(r.key), json_string(e)))
            })
            .collect();
        f.push(("explain".into(), format!("{{{}}}", ex.join(","))));
    }
    let body: Vec<String> = f
        .iter()
        .map(|(k, v)| format!("{}:{}", json_string(k), v))
        .collect();
    format!("{{{}}}", body.join(","))
}

fn json(r: &Report, link: &share::Link, notices: &[Notice], explain: bool) -> String {
    let stages: Vec<String> = r.stages.iter().map(|s| json_stage(s, explain)).collect();
    let bps: Vec<String> = r
        .breakpoints
        .iter()
        .map(|b| {
            format!(
                "{{\"milestone\":{},\"users\":{}}}",
                json_string(b.milestone.key()),
                b.users.map_or("null".into(), json_number)
            )
        })
        .collect();
    let warnings: Vec<String> = r
        .warnings
        .iter()
        .chain(notices.iter().map(|n| &n.message))
        .map(|w| json_string(w))
        .collect();
    format!(
        "{{\"format_version\":{},\"preset\":{},\"link\":{},\"stages\":[{}],\"breakpoints\":[{}],\"warnings\":[{}]}}\n",
        share::VERSION,
        json_string(link.preset.key()),
        json_string(&share::encode(link)),
        stages.join(","),
        bps.join(","),
        warnings.join(",")
    )
}
