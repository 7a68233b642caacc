//! `scalemap day [--stage N] [--format text|csv|json] [--lenient] QUERY`: a day of traffic at
//! one stage, through [`crate::core::day`] (the code the page's Day view uses).

use std::io::Write;

use crate::core::day::{self, report, Day};
use crate::core::format;
use crate::core::params;
use crate::core::share;

/// The `day` subcommand's usage text.
pub const DAY_USAGE: &str = "\
Usage: scalemap day [--stage N] [--format text|csv|json] [--lenient] QUERY

Prints a day of traffic at one stage of the scenario QUERY (a share link or its query): 1,440
minutes of client requests/s, service instances, the busiest pool's utilisation, p99 latency,
requests over the latency target, requests refused and the queue's backlog, then the day's
summary computed from them. The link keys day, events, autoscale, as_util, as_min, as_max,
as_warm, as_cool and slo_ms set the day (scalemap --list describes them), e.g.
  scalemap day --stage 3 'users=10k,1m&events=spike:x5@18h/20m'

  --stage N     the stage, 1 to the number of stages (default: the last)
  --format F    text (default: the summary and every hour), csv (every minute) or json
                (schema_version, users, shape, autoscale, slo_ms, events, summary, minutes)
  --lenient     use defaults for unreadable values instead of failing (exit 0)

Exit status: 0 on success, 2 on bad input (the reason is printed on stderr).";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Out {
    Text,
    Csv,
    Json,
}

struct DayArgs {
    stage: Option<usize>,
    out: Out,
    lenient: bool,
    query: String,
}

fn parse(args: &[String]) -> Result<Option<DayArgs>, String> {
    let (mut stage, mut out, mut lenient, mut query) = (None, Out::Text, false, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "--lenient" => lenient = true,
            "--stage" => {
                let v = it.next().ok_or("--stage needs a stage number")?;
                let n = format::parse_number(v)
                    .ok()
                    .filter(|n| *n >= 1.0 && n.fract() == 0.0 && *n <= 1e6)
                    .ok_or_else(|| {
                        format!(
                            "--stage “{}” is not a stage number (1, 2, ...)",
                            params::clip(v)
                        )
                    })?;
                stage = Some(n as usize);
            }
            "--format" => {
                let v = it
                    .next()
                    .ok_or("--format needs a value: text, csv or json")?;
                out = match v.as_str() {
                    "text" => Out::Text,
                    "csv" => Out::Csv,
                    "json" => Out::Json,
                    o => {
                        return Err(format!(
                            "--format “{}” is not one of text, csv, json",
                            params::clip(o)
                        ))
                    }
                };
            }
            s if s.starts_with('-') && s.len() > 1 && !s.starts_with("-?") => {
                return Err(format!(
                    "day: unknown option “{}”; see scalemap day --help",
                    params::clip(s)
                ));
            }
            s if query.is_some() => {
                return Err(format!(
                    "day: give one QUERY (quote it); “{}” is a second one",
                    params::clip(s)
                ));
            }
            s => query = Some(s.to_string()),
        }
    }
    let query = query
        .ok_or("day: missing QUERY (use '' for the default scenario); see scalemap day --help")?;
    Ok(Some(DayArgs {
        stage,
        out,
        lenient,
        query,
    }))
}

/// `scalemap day …`: returns the exit status.
pub fn run_day(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let a = match parse(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let _ = writeln!(out, "{DAY_USAGE}");
            return 0;
        }
        Err(e) => {
            let _ = writeln!(err, "scalemap: {e}");
            return 2;
        }
    };
    let (link, mut notices) = share::decode(&a.query);
    let (scenario, more) = link.day_scenario();
    notices.extend(more);
    for n in &notices {
        let _ = writeln!(err, "scalemap: {}", n.message);
    }
    if !notices.is_empty() && !a.lenient {
        let _ = writeln!(
            err,
            "scalemap: {} value(s) could not be used as given; fix them or pass --lenient",
            notices.len()
        );
        return 2;
    }
    let stages = scenario.users.len();
    let index = a.stage.unwrap_or(stages);
    if index > stages {
        let _ = writeln!(
            err,
            "scalemap: --stage {index} is past the scenario's {stages} stage(s)"
        );
        return 2;
    }
    let d = day::day(&scenario, scenario.users[index - 1]);
    let text = match a.out {
        Out::Text => text(&d, index),
        Out::Csv => report::csv(&d),
        Out::Json => serde_json::to_string(&report::json(&d)).unwrap_or_default() + "\n",
    };
    if out.write_all(text.as_bytes()).is_err() {
        return 1;
    }
    0
}

/// The summary with its derivations, the events, then the first minute of every hour.
fn text(d: &Day, stage: usize) -> String {
    let mut s = format!(
        "A day at stage {stage} ({} users): {} shape, autoscaling {}, p99 target {} ms\n",
        format::count(d.users),
        d.shape.key(),
        if d.autoscale { "on" } else { "off" },
        format::num(d.slo_ms)
    );
    for e in &d.events {
        s.push_str(&format!("event: {}\n", report::event_text(e)));
    }
    s.push('\n');
    for (_, label, value, why) in report::rows(d) {
        s.push_str(&format!("{label:<26} {value:<16} {why}\n"));
    }
    s.push_str("\ntime   req/s         instances  utilisation  p99\n");
    for m in (0..d.minutes.len()).step_by(60) {
        let (time, items) = report::readout(d, m);
        let v = |i: usize| items.get(i).map_or(String::new(), |x| x.1.clone());
        s.push_str(&format!(
            "{time:<6} {:<13} {:<10} {:<12} {}\n",
            v(0).trim_end_matches(" req/s"),
            v(1),
            v(2),
            v(3)
        ));
    }
    s.push_str("(the first minute of every hour; --format csv for all 1,440)\n");
    s
}
