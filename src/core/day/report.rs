//! The day in words and tables: the summary's rows (each with how it was computed), the
//! minute-by-minute CSV, the JSON document and the readout at one minute. Shared by the page
//! and `scalemap day`.

use serde::Serialize;

use super::events::{hour_text, Event};
use super::{Day, Minute, NoP99, Summary};
use crate::core::format::{count, num, percent, usd};
use crate::core::sweep::Table;

/// One row of the summary: key (as in JSON), label, value, derivation.
pub type Row = (&'static str, &'static str, String, String);

/// A minute's p99: `120 ms`, or why it has none.
fn minute_ms(m: &Minute) -> String {
    match (m.p99_ms, m.no_p99) {
        (Some(v), _) => format!("{} ms", num(v)),
        (None, why) => format!("none ({})", why.unwrap_or(NoP99::NoRequests).text()),
    }
}

/// The day's worst p99, or why no minute has one.
fn worst_ms(s: &Summary) -> String {
    match s.max_p99_ms {
        Some(v) => format!("{} ms", num(v)),
        None if s.unbounded_minutes > 0 => format!("none ({})", NoP99::CallCycle.text()),
        None if s.overloaded_minutes > 0 => format!("none ({})", NoP99::PoolFull.text()),
        None => format!("none ({})", NoP99::NoRequests.text()),
    }
}

/// What the minutes without a p99 were: `3 minute(s) with a full pool have none`.
fn without_p99(s: &Summary) -> String {
    let mut t = format!(
        "{} minute(s) with a full pool have none",
        s.overloaded_minutes
    );
    if s.unbounded_minutes > 0 {
        t.push_str(&format!(
            ", {} minute(s) have no bound (a call cycle, or a queue at 100%)",
            s.unbounded_minutes
        ));
    }
    t
}

/// The summary's rows, each saying how the series gives it.
pub fn rows(d: &Day) -> Vec<Row> {
    let s = &d.summary;
    let fleet = if d.autoscale {
        "the autoscaled fleet"
    } else {
        "the stage's fleet (autoscaling off)"
    };
    vec![
        (
            "requests",
            "Requests in the day",
            count(s.requests),
            "Σ over 1,440 minutes of requests/s × 60 s".into(),
        ),
        (
            "peak_rps",
            "Peak",
            format!("{} req/s", num(s.peak_rps)),
            "the busiest minute".into(),
        ),
        (
            "avg_rps",
            "Average",
            format!("{} req/s", num(s.avg_rps)),
            format!("{} requests ÷ 86,400 s", count(s.requests)),
        ),
        (
            "peak_instances",
            "Most instances",
            num(s.peak_instances),
            format!("the most at any minute, {fleet}"),
        ),
        (
            "min_instances",
            "Fewest instances",
            num(s.min_instances),
            "the fewest at any minute".into(),
        ),
        (
            "peak_utilization",
            "Busiest utilisation",
            percent(s.peak_utilization),
            "the busiest service pool's load ÷ its capacity, at its busiest minute".into(),
        ),
        (
            "max_p99_ms",
            "Worst p99 latency",
            worst_ms(s),
            format!(
                "the largest minute's client p99 (M/M/c queues along the call graph); {}",
                without_p99(s)
            ),
        ),
        (
            "minutes_over_target",
            "Minutes over the target",
            s.minutes_over_target.to_string(),
            format!(
                "minutes whose p99 is over {} ms, or with no p99 figure",
                num(d.slo_ms)
            ),
        ),
        (
            "requests_over_target",
            "Requests over the target",
            count(s.requests_over_target),
            format!(
                "Σ requests × the share of the minute's latency above {} ms",
                num(d.slo_ms)
            ),
        ),
        (
            "requests_dropped",
            "Requests refused",
            count(s.requests_dropped),
            "Σ service requests above what the instances serve, less those the queue keeps".into(),
        ),
        (
            "peak_backlog",
            "Largest backlog",
            count(s.peak_backlog),
            "the most asynchronous requests waiting in the queue".into(),
        ),
        (
            "drain_minutes",
            "Backlog drained in",
            drain(s),
            "minutes from the largest backlog until the queue is empty".into(),
        ),
        (
            "cost_month",
            "Instances, per month",
            usd(s.cost_month),
            format!(
                "{} instance-hours ÷ 24 h × price × 730 h, {fleet}",
                num(s.instance_hours)
            ),
        ),
        (
            "peak_cost_month",
            "Provisioned for the peak",
            usd(s.peak_cost_month),
            format!(
                "{} instances (the most any minute wanted at the policy's target) × price × 730 h",
                num(s.peak_fleet)
            ),
        ),
        (
            "stage_cost_month",
            "Stage table's instances",
            usd(s.stage_cost_month),
            "the stage's bill line for service instances, sized for the peak".into(),
        ),
    ]
}

fn drain(s: &Summary) -> String {
    match (s.drain_minutes, s.peak_backlog > 0.0) {
        (Some(m), _) => format!("{m} min"),
        (None, true) => "not by midnight".into(),
        (None, false) => "no backlog".into(),
    }
}

/// The events in words: `spike ×5 at 18h for 20 min`.
pub fn event_text(e: &Event) -> String {
    let (at, len) = e.span();
    format!("{} at {} for {len} min", e.label(), hour_text(at))
}

/// The time of minute `m`: `18:05`.
pub fn clock(m: usize) -> String {
    format!("{}:{:02}", m / 60, m % 60)
}

fn csv_num(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    if r == r.trunc() && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// The minute-by-minute series as CSV.
pub fn csv(d: &Day) -> String {
    let mut out =
        String::from("minute,time,rps,instances,utilization,p99_ms,over_target,dropped,backlog\n");
    for (i, m) in d.minutes.iter().enumerate() {
        out.push_str(&format!(
            "{i},{},{},{},{},{},{},{},{}\n",
            clock(i),
            csv_num(m.rps),
            csv_num(m.instances),
            csv_num(m.utilization),
            m.p99_ms.map(csv_num).unwrap_or_default(),
            csv_num(m.over_target),
            csv_num(m.dropped),
            csv_num(m.backlog)
        ));
    }
    out
}

/// The readout at minute `m`: the time, then (label, value) pairs.
pub fn readout(d: &Day, m: usize) -> (String, Vec<(&'static str, String)>) {
    let Some(x) = d.minutes.get(m) else {
        return (String::new(), Vec::new());
    };
    let mut items = vec![
        ("Requests", format!("{} req/s", num(x.rps))),
        ("Instances", num(x.instances)),
        ("Utilisation", percent(x.utilization)),
        ("p99", minute_ms(x)),
    ];
    if x.dropped > 0.0 {
        items.push(("Refused", count(x.dropped)));
    }
    if x.backlog > 0.0 {
        items.push(("Backlog", count(x.backlog)));
    }
    let during: Vec<String> = d
        .events
        .iter()
        .filter(|e| {
            let (at, len) = e.span();
            (at as usize..(at + len) as usize).contains(&m)
        })
        .map(Event::label)
        .collect();
    if !during.is_empty() {
        items.push(("During", during.join(", ")));
    }
    (clock(m), items)
}

/// The JSON document of `scalemap day`.
#[derive(Serialize)]
pub struct DayJson<'a> {
    /// Schema of this document.
    pub schema_version: u32,
    /// Users at the stage.
    pub users: f64,
    /// `wave`, `flat`, `one` or `two`.
    pub shape: &'static str,
    /// Whether the policy drives the instances.
    pub autoscale: bool,
    /// The latency target, ms.
    pub slo_ms: f64,
    /// The events in the link notation.
    pub events: String,
    /// The figures of the day.
    pub summary: &'a Summary,
    /// The 1,440 minutes.
    pub minutes: &'a [Minute],
}

/// The day as a JSON value for serde.
pub fn json(d: &Day) -> DayJson<'_> {
    DayJson {
        schema_version: 1,
        users: d.users,
        shape: d.shape.key(),
        autoscale: d.autoscale,
        slo_ms: d.slo_ms,
        events: super::events::to_text(&d.events),
        summary: &d.summary,
        minutes: &d.minutes,
    }
}

/// The screen-reader table: every half hour, and the first minute of each event.
pub fn table(d: &Day) -> Table {
    let headers = [
        "Time",
        "Requests/s",
        "Instances",
        "Utilisation",
        "p99",
        "Refused",
    ];
    let mut at: Vec<usize> = (0..d.minutes.len()).step_by(30).collect();
    at.extend(d.events.iter().map(|e| e.span().0 as usize));
    crate::core::sort::by(&mut at, |a, b| a < b);
    at.dedup();
    let rows = at
        .into_iter()
        .filter_map(|m| {
            let x = d.minutes.get(m)?;
            Some(vec![
                clock(m),
                num(x.rps),
                num(x.instances),
                percent(x.utilization),
                minute_ms(x),
                count(x.dropped),
            ])
        })
        .collect();
    Table {
        headers: headers.map(String::from).to_vec(),
        rows,
    }
}

/// The summary as a table: figure, value, how the series gives it.
pub fn summary_table(d: &Day) -> Table {
    Table {
        headers: ["Figure", "Value", "How"].map(String::from).to_vec(),
        rows: rows(d)
            .into_iter()
            .map(|(_, label, value, why)| vec![label.to_string(), value, why])
            .collect(),
    }
}
