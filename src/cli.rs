//! The `scalemap` command-line tool: the same core as the page, for course build pipelines.
//!
//! `scalemap [--format text|json|csv|markdown] [--explain] [--lenient] QUERY`
//! QUERY is a share link's query string (with or without `?`) or a whole URL. Exit status: 0 on
//! success, 2 on bad input (unknown option, unreadable value; with `--lenient` unreadable
//! values are replaced as the page would, named on stderr, and the exit status is 0).
//!
//! `scalemap queue --rate R --service-ms S --servers N [--format text|json]` prints one M/M/c
//! queue's figures through [`crate::core::queueing`], the code the model uses.
//!
//! `scalemap day [--stage N] [--format text|csv|json] QUERY` prints a day of traffic at one
//! stage through [`crate::core::day`] (see `cli/day.rs`).

use std::io::Write;

mod day;
mod ranges;
pub use day::{run_day, DAY_USAGE};

use crate::core::format;
use crate::core::json::{Num, ReportJson};
use crate::core::model::{report, Context, Report};
use crate::core::params::{self, Notice};
use crate::core::plan;
use crate::core::presets::Preset;
use crate::core::queueing::{self, Queue};
use crate::core::scenario_file;
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
    /// Read the scenario from this scenario file (instead of QUERY).
    pub scenario: Option<String>,
    /// Add the scaling plan and the preset page's Self Check (text and Markdown).
    pub plan: bool,
    /// Add, for every stage, what traffic × this breaks and the steps that fix it.
    pub what_if: Option<f64>,
    /// Draw this many samples over the scenario's ranges: bands, the bottleneck's shares and
    /// the sensitivity (`--samples N`; 0 or absent: none).
    pub samples: usize,
}

/// The usage text.
pub const USAGE: &str = "\
Usage: scalemap [--format text|json|csv|markdown] [--explain] [--lenient] [--plan]
                [--what-if N] [--samples N] QUERY
       scalemap [options] --scenario FILE

Prints the stage table of a Scalemap scenario. QUERY is a share link's query string
(with or without the leading '?') or a whole URL, for example:
  scalemap '?preset=parallel-running&users=10k,1m'
  scalemap --format json 'https://example.org/scalemap/?preset=migration'
  scalemap ''                      (the default scenario)

Options:
  --format F    text (default), json, csv or markdown
  --explain     show how every figure was computed
  --lenient     use defaults for unreadable values instead of failing (exit 0)
  --scenario F  read the scenario from F, a scenario file the page's “Download scenario” wrote
  --svg-dir D   also write each stage's architecture diagram to D/stage-N-USERS.svg
  --mermaid-dir D  also write each stage's diagram as Mermaid flowchart text (D/stage-N-USERS.mmd)
  --chart F     also write the growth chart (SVG) to F
  --chart-csv F also write the growth curves' data (CSV) to F
  --plan        also print the scaling plan (per stage, the changes since the previous one,
                in order, each with the figure that forced it) and the pattern page's Self
                Check answered by the model (text and markdown formats)
  --what-if N   also print, per stage, what traffic × N (1 to 1,000,000) breaks first with
                the architecture as it stands, and the ordered steps that fix it
  --samples N   also draw N samples (1 to 5,000; 200 is a good start) over the inputs given
                as ranges (rpu=20..40, db_read=2k..3k..5k): each figure's p10 / p50 / p90
                band per stage, how often each component is the first bottleneck, and which
                inputs move the monthly cost and the bottleneck's headroom most (text,
                markdown and json formats)
  --list        list every scenario parameter with unit, range and meaning
  -h, --help    this text
  -V, --version the version

  scalemap queue --rate R --service-ms S --servers N [--format text|json]
                one M/M/c queue: utilization, Erlang B, Erlang C, mean and p99 wait
                (scalemap queue --help for more)

  scalemap day [--stage N] [--format text|csv|json] QUERY
                a day of traffic at one stage: requests, autoscaled instances, p99,
                requests over the target or refused, minute by minute, and the summary
                (scalemap day --help for more)

Exit status: 0 on success, 2 on bad input (the reason is printed on stderr).";

/// The `queue` subcommand's usage text.
pub const QUEUE_USAGE: &str = "\
Usage: scalemap queue --rate R --service-ms S --servers N [--format text|json]

Prints the figures of one M/M/c queue: N servers, requests arriving at random (Poisson) at R per
second, each taking S milliseconds on average (exponentially distributed), an unlimited queue.

  --rate R        arrivals per second (>= 0; 10k, 2.5e3 are read)
  --service-ms S  mean service time per request, in milliseconds (> 0)
  --servers N     servers: a whole number from 1 to 1,000,000,000
  --format F      text (default) or json

Prints utilization (R x S / N), Erlang B (the share that would be turned away with no queue),
Erlang C (the probability a request waits), and the mean and 99th-percentile wait. When
utilization reaches 100% the queue grows without bound: it says so and prints no wait.
JSON keys: utilization, erlang_b, erlang_c, mean_wait_ms, p99_wait_ms (null when unstable),
plus rate_per_s, service_ms, servers, offered_load, stable.

Exit status: 0 on success (an unstable queue included), 2 on bad input.";

/// Reads the arguments (without the program name). `Err` is a message for stderr.
pub fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut format = Format::Text;
    let mut explain = false;
    let mut lenient = false;
    let mut query: Option<String> = None;
    let (mut svg_dir, mut mermaid_dir, mut chart, mut chart_csv) = (None, None, None, None);
    let mut scenario = None;
    let (mut plan, mut what_if) = (false, None);
    let mut samples = 0;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" | "--list" | "-V" | "--version" => return Ok(None),
            "--explain" => explain = true,
            "--lenient" => lenient = true,
            "--plan" => plan = true,
            "--what-if" => what_if = Some(parse_factor(it.next().map(String::as_str))?),
            s if s.starts_with("--what-if=") => {
                what_if = Some(parse_factor(Some(&s["--what-if=".len()..]))?);
            }
            "--samples" => samples = ranges::parse_samples(it.next().map(String::as_str))?,
            s if s.starts_with("--samples=") => {
                samples = ranges::parse_samples(Some(&s["--samples=".len()..]))?;
            }
            "--format" => {
                let v = it
                    .next()
                    .ok_or("--format needs a value: text, json, csv or markdown")?;
                format = parse_format(v)?;
            }
            s if s.starts_with("--format=") => format = parse_format(&s["--format=".len()..])?,
            "--svg-dir" | "--mermaid-dir" | "--chart" | "--chart-csv" | "--scenario" => {
                let v = it
                    .next()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| format!("{a} needs a path"))?
                    .clone();
                match a.as_str() {
                    "--svg-dir" => svg_dir = Some(v),
                    "--mermaid-dir" => mermaid_dir = Some(v),
                    "--chart" => chart = Some(v),
                    "--scenario" => scenario = Some(v),
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
    let query = match (query, &scenario) {
        (Some(_), Some(_)) => return Err("give either QUERY or --scenario FILE, not both".into()),
        (Some(q), None) => q,
        // The file's query replaces this when the file is read (see `run`).
        (None, Some(_)) => String::new(),
        (None, None) => {
            return Err(
                "missing QUERY (use '' for the default scenario); see scalemap --help".into(),
            )
        }
    };
    Ok(Some(Options {
        format,
        explain,
        lenient,
        query,
        svg_dir,
        mermaid_dir,
        chart,
        chart_csv,
        scenario,
        plan,
        what_if,
        samples,
    }))
}

/// The largest traffic factor `--what-if` takes.
const MAX_FACTOR: f64 = 1e6;

/// `--what-if`'s factor: a number from 1 to [`MAX_FACTOR`] (`10`, `x10`, `1e3`).
fn parse_factor(v: Option<&str>) -> Result<f64, String> {
    let v = v.ok_or("--what-if needs a factor, for example --what-if 10")?;
    let t = v.trim().trim_start_matches(['x', '×']);
    match format::parse_number(t) {
        Ok(f) if (1.0..=MAX_FACTOR).contains(&f) => Ok(f),
        _ => Err(format!(
            "--what-if “{}” is not a traffic factor from 1 to 1,000,000 (for example 10)",
            params::clip(v)
        )),
    }
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
    if args.first().map(String::as_str) == Some("queue") {
        return run_queue(&args[1..], out, err);
    }
    if args.first().map(String::as_str) == Some("day") {
        return run_day(&args[1..], out, err);
    }
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
    let query = match &opts.scenario {
        Some(path) => match read_scenario_file(path) {
            Ok(q) => q,
            Err(e) => {
                let _ = writeln!(err, "scalemap: {e}");
                return 2;
            }
        },
        None => opts.query.clone(),
    };
    let (link, mut notices) = share::decode(&query);
    notices.splice(0..0, bare_query_notice(&query));
    let (scenario, more) = link.day_scenario();
    notices.extend(more);
    notices.extend(share::view_notices(&link.view, scenario.users.len()));
    notices.extend(share::exercise_elsewhere(&link.view));
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
    if (opts.plan || opts.what_if.is_some()) && matches!(opts.format, Format::Json | Format::Csv) {
        let _ = writeln!(
            err,
            "scalemap: --plan and --what-if add to the text and Markdown reports, not to --format json or csv"
        );
        return 2;
    }
    if opts.samples > 0 && opts.format == Format::Csv {
        let _ = writeln!(
            err,
            "scalemap: --samples adds to the text, Markdown and JSON reports, not to --format csv"
        );
        return 2;
    }
    if let Some(note) = ranges::unsampled_note(&scenario, opts.samples) {
        let _ = writeln!(err, "scalemap: {note}");
    }
    let plan = plan_text(&scenario, &r, &opts);
    let sampled = (opts.samples > 0).then(|| ranges::Sampled::new(&scenario, opts.samples));
    let bands = |md: bool| sampled.as_ref().map_or(String::new(), |x| x.text(md));
    let text = match opts.format {
        Format::Text => text_table(&r, opts.explain) + &plan + &bands(false),
        Format::Markdown => markdown(&r, opts.explain) + &plan + &bands(true),
        Format::Csv => csv(&r),
        Format::Json => {
            let mut j = ReportJson::new(&r, &link, &notices, opts.explain);
            if let Some(x) = &sampled {
                j = j.with_uncertainty(&scenario, x.json(), opts.samples);
            }
            format!("{}\n", j.to_line())
        }
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

/// The scaling plan (`--plan`: per stage the changes since the previous one, then the preset
/// page's Self Check answered) and the what-if (`--what-if N`: per stage), as plain text; with
/// `--explain`, each change's derivation under it. Empty when neither was asked for.
fn plan_text(s: &params::Scenario, r: &Report, opts: &Options) -> String {
    let ctx = Context::new(s);
    let mut out = String::new();
    if opts.plan {
        out.push_str(&plan_section(&ctx, r, opts.explain));
        out.push_str(&self_check_section(s.preset));
    }
    if let Some(f) = opts.what_if {
        for &u in &s.users {
            let (head, lines) = plan::what_if_text(&ctx, &r.breakpoints, u, f);
            out.push_str(&format!("\n{head}\n"));
            for line in lines {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out
}

/// Per stage, the changes since the previous one, each with its figure (and its derivation
/// when `explain`).
fn plan_section(ctx: &Context, r: &Report, explain: bool) -> String {
    let users = &ctx.scenario().users;
    let mut out = String::from(
        "\nScaling plan (the changes since the previous stage, in the order they become necessary)\n",
    );
    for (u, mut changes) in users.iter().zip(plan::stages(ctx, &r.breakpoints, users)) {
        if explain {
            plan::explain(ctx, &mut changes);
        }
        out.push_str(&format!("  At {} users\n", format::count(*u)));
        if changes.is_empty() {
            out.push_str("    nothing new\n");
        }
        for c in &changes {
            out.push_str(&format!("    {}\n", c.line()));
            if explain && !c.derivation.is_empty() {
                out.push_str(&format!("      how: {}\n", c.derivation));
            }
        }
    }
    out
}

/// The preset page's Self Check: the question, the page's answer, the model's, then its
/// what-if line by line.
fn self_check_section(preset: Preset) -> String {
    let mut check = plan::self_check(preset);
    let mut out = format!(
        "\nSelf Check (the pattern page's question)\n  {}\n  The page: {}\n  Scalemap: {}\n  {}\n",
        check.question,
        check.page_answer,
        check.now(),
        check.answer()
    );
    let check_s = plan::check_scenario(preset);
    let ctx = Context::new(&check_s);
    plan::figures(&ctx, &mut check.what_if.steps);
    let counts = plan::count_lines(&ctx, check.users, 10.0);
    for line in check.what_if.lines().into_iter().chain(counts) {
        out.push_str(&format!("    {line}\n"));
    }
    out
}

/// The link query of the scenario file at `path`; `Err` names the file and what is wrong.
fn read_scenario_file(path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--scenario: cannot read {path}: {e}"))?;
    scenario_file::read_file(&text)
        .map(|f| f.query)
        .map_err(|e| format!("--scenario {path}: {e}"))
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
            let text = diagram::mermaid::to_mermaid(&diagram::build(scenario, st));
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
    // The bottleneck's sentence is printed below its label, one line a stage, so that it does
    // not widen every column.
    let long = |sec: &Option<Section>| *sec == Some(Section::Bottleneck);
    let col_w: Vec<usize> = (0..r.stages.len())
        .map(|i| {
            g.iter()
                .filter(|(sec, _, _)| !long(sec))
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
        if long(sec) {
            s.push_str(&format!("  {label}\n"));
            for (c, st) in cells.iter().zip(&r.stages) {
                s.push_str(&format!("    at {} users: {c}\n", format::count(st.users)));
            }
            continue;
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
            Some(u) => format!("{} users{}", format::grouped(u, 0), plan::ends_text(b)),
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
        s.push_str(row.column());
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

/// What `scalemap queue` was asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueArgs {
    /// Arrivals per second.
    pub rate: f64,
    /// Mean service time, milliseconds.
    pub service_ms: f64,
    /// Servers.
    pub servers: u64,
    /// Text or JSON.
    pub json: bool,
}

/// Reads the `queue` subcommand's arguments (after `queue`). `Ok(None)` asks for the help text;
/// `Err` is a message for stderr naming the flag.
pub fn parse_queue_args(args: &[String]) -> Result<Option<QueueArgs>, String> {
    let (mut rate, mut service_ms, mut servers) = (None, None, None);
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        if matches!(flag, "-h" | "--help") {
            return Ok(None);
        }
        if !matches!(flag, "--rate" | "--service-ms" | "--servers" | "--format") {
            return Err(if flag.starts_with('-') {
                format!(
                    "queue: unknown option “{}”; see scalemap queue --help",
                    params::clip(flag)
                )
            } else {
                format!(
                    "queue: unexpected “{}”; see scalemap queue --help",
                    params::clip(flag)
                )
            });
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("queue: {flag} needs a value"))?,
        };
        let number = |v: &str| {
            format::parse_number(v).map_err(|e| format!("queue: {flag} “{}” {e}", params::clip(v)))
        };
        match flag {
            "--rate" => {
                let v = number(&value)?;
                if !(v >= 0.0 && v.is_finite()) {
                    return Err(format!(
                        "queue: --rate must be 0 or more requests per second, not {}",
                        format::num(v)
                    ));
                }
                rate = Some(v);
            }
            "--service-ms" => {
                let v = number(&value)?;
                if !(v > 0.0 && v.is_finite()) {
                    return Err(format!(
                        "queue: --service-ms must be more than 0 milliseconds, not {}",
                        format::num(v)
                    ));
                }
                service_ms = Some(v);
            }
            "--servers" => {
                let v = number(&value)?;
                if !(v >= 1.0 && v <= queueing::MAX_SERVERS as f64 && v == v.trunc()) {
                    return Err(format!(
                        "queue: --servers must be a whole number from 1 to 1,000,000,000, not {}",
                        params::clip(&value)
                    ));
                }
                servers = Some(v as u64);
            }
            _ => {
                json = match value.as_str() {
                    "text" => false,
                    "json" => true,
                    other => {
                        return Err(format!(
                            "queue: --format “{}” is not one of text, json",
                            params::clip(other)
                        ))
                    }
                }
            }
        }
    }
    let need = |v: Option<f64>, flag: &str| {
        v.ok_or_else(|| format!("queue: {flag} is required; see scalemap queue --help"))
    };
    Ok(Some(QueueArgs {
        rate: need(rate, "--rate")?,
        service_ms: need(service_ms, "--service-ms")?,
        servers: need(servers.map(|s| s as f64), "--servers")? as u64,
        json,
    }))
}

/// `scalemap queue …`: returns the exit status.
pub fn run_queue(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let a = match parse_queue_args(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let _ = writeln!(out, "{QUEUE_USAGE}");
            return 0;
        }
        Err(e) => {
            let _ = writeln!(err, "scalemap: {e}");
            return 2;
        }
    };
    let q = match queueing::mmc(a.rate, a.service_ms / 1000.0, a.servers) {
        Ok(q) => q,
        Err(e) => {
            let _ = writeln!(err, "scalemap: queue: {e}");
            return 2;
        }
    };
    let text = if a.json {
        queue_json(&q)
    } else {
        queue_text(&q)
    };
    if out.write_all(text.as_bytes()).is_err() {
        return 1;
    }
    0
}

/// A probability for a terminal: six decimals, or three significant digits in scientific
/// notation when smaller than 0.000001.
fn probability(p: f64) -> String {
    if p == 0.0 {
        "0".into()
    } else if p < 1e-6 {
        format!("{p:.3e}")
    } else {
        let s = format!("{p:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Why an unstable queue has no waiting figures, in one sentence.
fn unstable_note(q: &Queue) -> String {
    format!(
        "unstable: {} requests/s arrive and {} servers complete at most {}/s; the queue grows without bound, so there is no Erlang C or waiting time",
        format::num(q.rate_per_s),
        format::grouped(q.servers as f64, 0),
        format::num(q.servers as f64 / q.service_s)
    )
}

/// Milliseconds for a terminal; tiny non-zero values in scientific notation rather than "0".
fn millis(ms: f64) -> String {
    if ms > 0.0 && ms < 0.001 {
        format!("{ms:.3e} ms")
    } else {
        format!("{} ms", format::num(ms))
    }
}

fn queue_text(q: &Queue) -> String {
    let mut s = format!(
        "M/M/c queue: {} requests/s, {} ms per request, {} servers\n",
        format::num(q.rate_per_s),
        format::num(q.service_s * 1000.0),
        format::grouped(q.servers as f64, 0)
    );
    let row = |s: &mut String, k: &str, v: String, note: &str| {
        let line = format!("{k:<13} {v:<12} {note}");
        s.push_str(line.trim_end());
        s.push('\n');
    };
    row(
        &mut s,
        "offered load",
        format!("{} Erlangs", format::num(q.offered_load)),
        "",
    );
    row(&mut s, "utilization", format::percent(q.utilization), "");
    row(
        &mut s,
        "Erlang B",
        probability(q.erlang_b),
        "share turned away if there were no queue",
    );
    match (q.erlang_c(), q.mean_wait_s(), q.p99_wait_s()) {
        (Some(c), Some(mean), Some(p99)) => {
            row(
                &mut s,
                "Erlang C",
                probability(c),
                "probability a request waits",
            );
            row(&mut s, "mean wait", millis(mean * 1000.0), "");
            row(&mut s, "p99 wait", millis(p99 * 1000.0), "");
        }
        _ => s.push_str(&format!("{}\n", unstable_note(q))),
    }
    s
}

/// `scalemap queue --format json`: one object; the waiting figures are `null` when unstable.
#[derive(serde::Serialize)]
struct QueueJson {
    rate_per_s: Num,
    service_ms: Num,
    servers: u64,
    offered_load: Num,
    utilization: Num,
    erlang_b: Num,
    erlang_c: Option<Num>,
    mean_wait_ms: Option<Num>,
    p99_wait_ms: Option<Num>,
    stable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

fn queue_json(q: &Queue) -> String {
    let j = QueueJson {
        rate_per_s: Num(q.rate_per_s),
        service_ms: Num(q.service_s * 1000.0),
        servers: q.servers,
        offered_load: Num(q.offered_load),
        utilization: Num(q.utilization),
        erlang_b: Num(q.erlang_b),
        erlang_c: q.erlang_c().map(Num),
        mean_wait_ms: q.mean_wait_s().map(|w| Num(w * 1000.0)),
        p99_wait_ms: q.p99_wait_s().map(|w| Num(w * 1000.0)),
        stable: q.is_stable(),
        note: (!q.is_stable()).then(|| unstable_note(q)),
    };
    let mut s = serde_json::to_string(&j).unwrap_or_default();
    s.push('\n');
    s
}
