//! What changes, and what to do first: per stage the changes of architecture since the previous
//! stage, in the order they became necessary, each with the figure that forced it; what a
//! traffic × N breaks first with the architecture as it stands, and the steps that fix it; and
//! each preset's Self Check ("Your database handles 1000 QPS. Traffic grows 10x. What do you do
//! first?") answered by the model.
//!
//! Everything here reads the model: the changes are the [`Breakpoint`] spans (a component can
//! also stop being needed), the figures are the strain phase's utilisations and headrooms at
//! the user count just before a change, and the derivations are the stage's own.

use super::format::{self, grouped, num, percent};
use super::model::{strain, Breakpoint, Context, Depth, Fig, Milestone, Stage, Utilization};
use super::params::{Scenario, P};
use super::preset::Preset;
use super::schedule::Schedule;
use super::services::ServiceDef;
use super::sort;

/// A change of architecture at a user count: a component needed from there, or no longer.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The first whole user count with the change.
    pub users: f64,
    /// What changes.
    pub milestone: Milestone,
    /// Whether the component stops being needed here (it was needed just below).
    pub ends: bool,
    /// The figure that forced it, with its numbers.
    pub why: String,
    /// The derivation of the component's figure at `users` (empty until [`explain`] writes it).
    pub derivation: String,
}

impl Change {
    /// What changes: "Cache" or "Cache no longer needed".
    pub fn what(&self) -> String {
        if self.ends {
            format!("{} no longer needed", self.milestone.label())
        } else {
            self.milestone.label().to_string()
        }
    }

    /// One line: "2,351 users: Cache. Database reads (…) at 50% of capacity …".
    pub fn line(&self) -> String {
        format!("{}: {}. {}", at_users(self.users), self.what(), self.why)
    }
}

/// "From the first user" or "2,351 users".
pub fn at_users(u: f64) -> String {
    if u <= 1.0 {
        "From the first user".to_string()
    } else {
        format!("{} users", grouped(u, 0))
    }
}

/// The user count a policy names: "the first user" for 0 or 1, else "10K users".
fn from_users(u: f64) -> String {
    if u <= 1.0 {
        "the first user".to_string()
    } else {
        format!("{} users", format::count(u))
    }
}

/// Where a breakpoint ends and starts again, after its first start: "; not needed from
/// 10,000 users; again from 50,001 users" (empty when it never ends).
pub fn ends_text(b: &Breakpoint) -> String {
    let mut out = String::new();
    for (k, &(from, until)) in b.spans.iter().enumerate() {
        if k > 0 {
            out.push_str(&format!("; again from {} users", grouped(from, 0)));
        }
        if let Some(t) = until {
            out.push_str(&format!("; not needed from {} users", grouped(t, 0)));
        }
    }
    out
}

/// The figure a milestone's derivation is written on.
fn fig(m: Milestone) -> Fig {
    match m {
        Milestone::LoadBalancer => Fig::LoadBalancers,
        Milestone::Cache => Fig::Cache,
        Milestone::ReadReplica => Fig::Replicas,
        Milestone::Sharding => Fig::Primaries,
        Milestone::Queue => Fig::Queue,
        Milestone::Cdn => Fig::Cdn,
        Milestone::SecondRegion => Fig::Regions,
        Milestone::DbPerService => Fig::ServiceCount,
        Milestone::ParallelVersions => Fig::Versions,
    }
}

/// The change of the strain phase that brings `m` (`None`: a policy brings it).
fn change_of(m: Milestone) -> Option<&'static str> {
    Some(match m {
        Milestone::LoadBalancer => strain::ADD_LB,
        Milestone::Cache => strain::ADD_CACHE,
        Milestone::ReadReplica => strain::ADD_REPLICA,
        Milestone::Sharding => strain::SHARD,
        Milestone::Queue => strain::ADD_QUEUE,
        Milestone::Cdn => strain::ADD_CDN,
        _ => return None,
    })
}

/// The component of `st` whose headroom runs out with change `change` soonest.
fn pressing<'a>(st: &'a Stage, change: &str) -> Option<&'a Utilization> {
    st.utilization
        .iter()
        .chain(&st.triggers)
        .filter(|x| x.change == change && x.headroom.is_some())
        .fold(None, |best: Option<&Utilization>, x| match best {
            Some(b) if b.headroom <= x.headroom => Some(b),
            _ => Some(x),
        })
}

/// "Database reads (User database) at 49.9% of capacity at 2,350 users; the limit is 50%".
fn figure(x: &Utilization, users: f64) -> String {
    let at = if x.at.is_empty() {
        String::new()
    } else {
        format!(" ({})", x.at)
    };
    let limit = x.value * x.headroom.unwrap_or(1.0);
    format!(
        "{}{at} at {} of capacity at {} users; the limit is {}",
        x.component.label(),
        percent(x.value),
        grouped(users, 0),
        percent(limit)
    )
}

/// The policy that brings `m` at `users`, in words.
fn policy(s: &Scenario, m: Milestone) -> String {
    match m {
        Milestone::SecondRegion => format!(
            "One region serves {} users (region_users)",
            format::count(s.get(P::RegionUsers))
        ),
        Milestone::DbPerService => format!(
            "Each service owns its database from {} (db_split)",
            from_users(s.get(P::DbSplit))
        ),
        Milestone::ParallelVersions => format!(
            "{} versions run side by side from {} (versions, versions_from)",
            num(s.get(P::Versions)),
            from_users(s.get(P::VersionsFrom))
        ),
        Milestone::LoadBalancer => format!(
            "Each service runs at least {} instances (min_inst): they need one in front",
            num(s.get(P::MinInst))
        ),
        _ => String::new(),
    }
}

/// Why `m` starts (or, with `ends`, stops) at `users`.
fn why(ctx: &Context, m: Milestone, users: f64, ends: bool) -> String {
    let Some(change) = change_of(m) else {
        return format!("{}.", policy(ctx.scenario(), m));
    };
    if ends {
        let st = ctx.capacity_stage(users);
        return match pressing(&st, change) {
            Some(x) => format!("{}: under the limit again.", figure(x, users)),
            None => "Nothing needs it at this load.".to_string(),
        };
    }
    if users <= 1.0 {
        let st = ctx.capacity_stage(1.0);
        return match pressing(&st, change) {
            Some(x) => format!("{}.", figure(x, 1.0)),
            None => format!("{}.", policy(ctx.scenario(), m)),
        };
    }
    let before = ctx.capacity_stage(users - 1.0);
    match pressing(&before, change) {
        Some(x) => format!("{}.", figure(x, users - 1.0)),
        None => String::new(),
    }
}

/// Every change whose user count lies in `(lo, hi]`, in the order they become necessary
/// (ties in the milestones' order), without their figures (see [`changes`]).
fn events(bps: &[Breakpoint], lo: f64, hi: f64) -> Vec<Change> {
    let mut out = Vec::new();
    for b in bps {
        for &(from, until) in &b.spans {
            for (u, ends) in [(Some(from), false), (until, true)] {
                let Some(u) = u.filter(|u| *u > lo && *u <= hi) else {
                    continue;
                };
                out.push(Change {
                    users: u,
                    milestone: b.milestone,
                    ends,
                    why: String::new(),
                    derivation: String::new(),
                });
            }
        }
    }
    // By user count; at the same count what starts comes before what it makes unneeded.
    sort::by(&mut out, |a, b| (a.users, a.ends) < (b.users, b.ends));
    out
}

/// Writes each change's figure: what forced it, or for an end, the figure back under its
/// limit and the changes that start with it.
pub fn figures(ctx: &Context, changes: &mut [Change]) {
    let starts: Vec<(f64, &str)> = changes
        .iter()
        .filter(|c| !c.ends)
        .map(|c| (c.users, c.milestone.label()))
        .collect();
    for c in changes.iter_mut() {
        c.why = why(ctx, c.milestone, c.users, c.ends);
        let with: Vec<&str> = starts
            .iter()
            .filter(|s| c.ends && s.0 == c.users)
            .map(|s| s.1)
            .collect();
        if !with.is_empty() {
            c.why = format!("{} It goes with: {}.", c.why, with.join(", "));
        }
    }
}

/// Every change whose user count lies in `(lo, hi]`, in the order they become necessary
/// (ties in the milestones' order), each with its figure (see [`explain`] for derivations).
pub fn changes(ctx: &Context, bps: &[Breakpoint], lo: f64, hi: f64) -> Vec<Change> {
    let mut out = events(bps, lo, hi);
    figures(ctx, &mut out);
    out
}

/// Writes each change's derivation: its component's figure explained at its user count (the
/// CLI's `--explain`; a separate step, so the page's wasm has no code for it).
pub fn explain(ctx: &Context, changes: &mut [Change]) {
    for c in changes {
        let st = ctx.stage_at(c.users, true, Depth::Capacity);
        c.derivation = st
            .explanation(fig(c.milestone))
            .unwrap_or_default()
            .to_string();
    }
}

/// Per stage of `users`, the changes since the previous stage (the first stage: since the
/// first user).
pub fn stages(ctx: &Context, bps: &[Breakpoint], users: &[f64]) -> Vec<Vec<Change>> {
    let mut lo = 0.0;
    users
        .iter()
        .map(|&u| {
            let c = changes(ctx, bps, lo, u);
            lo = u;
            c
        })
        .collect()
}

/// What traffic × `factor` does to the architecture of the stage at `users`.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    /// The stage's users.
    pub users: f64,
    /// How many times the traffic grows.
    pub factor: f64,
    /// What runs out before traffic reaches × `factor`, with the architecture as it stands,
    /// least headroom first (each with the change it forces).
    pub breaks: Vec<Utilization>,
    /// The changes the model makes on the way to `users × factor`, in order: the fix (their
    /// figures are [`figures`]' to write; the counts that change on the way are [`counts`]).
    pub steps: Vec<Change>,
}

/// A count of a stage, by name.
type Count = (&'static str, fn(&Stage) -> f64);

/// The counts a what-if compares.
const COUNTS: [Count; 8] = [
    ("Service instances", |s| s.service_instances),
    ("Load balancers", |s| s.load_balancers),
    ("Database primaries (shards)", |s| s.primaries),
    ("Read replicas", |s| s.replicas),
    ("Cache nodes", |s| s.cache_nodes),
    ("Queue brokers", |s| s.queue_brokers),
    ("Regions", |s| s.regions),
    ("Network links", |s| s.links),
];

/// Traffic × `factor` on the stage at `users`: what breaks first as built, and the ordered
/// steps that fix it (`factor` ≥ 1; the caller reads and bounds what a person typed).
pub fn what_if(ctx: &Context, bps: &[Breakpoint], users: f64, factor: f64) -> WhatIf {
    let now = ctx.capacity_stage(users);
    let to = (users * factor).round();
    let mut breaks: Vec<Utilization> = now
        .utilization
        .iter()
        .chain(&now.triggers)
        .filter(|x| x.headroom.is_some_and(|h| h <= factor))
        .cloned()
        .collect();
    sort::by(&mut breaks, |a, b| a.headroom < b.headroom);
    WhatIf {
        users,
        factor,
        breaks,
        steps: events(bps, users, to),
    }
}

/// The counts that change between the stage at `users` and at `users × factor`: (what,
/// before, after): the last lines of [`what_if_text`].
pub fn counts(ctx: &Context, users: f64, factor: f64) -> Vec<(&'static str, f64, f64)> {
    let now = ctx.capacity_stage(users);
    let later = ctx.capacity_stage((users * factor).round());
    COUNTS
        .iter()
        .map(|(what, f)| (*what, f(&now), f(&later)))
        .filter(|c| c.1 != c.2)
        .collect()
}

/// The counts that change between `users` and `users × factor`, a line each: "Read
/// replicas: 2 → 20".
pub fn count_lines(ctx: &Context, users: f64, factor: f64) -> Vec<String> {
    counts(ctx, users, factor)
        .into_iter()
        .map(|(what, a, b)| format!("{what}: {} → {}", num(a), num(b)))
        .collect()
}

/// The what-if as the CLI's `--what-if` and the Learn page print it: its heading, then what
/// runs out, the steps with their figures and the counts that change, a line each.
pub fn what_if_text(
    ctx: &Context,
    bps: &[Breakpoint],
    users: f64,
    factor: f64,
) -> (String, Vec<String>) {
    let mut w = what_if(ctx, bps, users, factor);
    figures(ctx, &mut w.steps);
    let head = format!(
        "What if traffic grows ×{} at {} users (to {} users)",
        num(factor),
        format::count(users),
        format::count(users * factor)
    );
    let mut lines = w.lines();
    lines.extend(count_lines(ctx, users, factor));
    (head, lines)
}

impl WhatIf {
    /// What breaks first, in one sentence.
    pub fn first(&self) -> String {
        match self.breaks.first() {
            Some(x) => format!(
                "First to run out: {}, at traffic ×{} (about {} users); then it must {}.",
                describe_place(x),
                num(x.headroom.unwrap_or(1.0)),
                format::count(self.users * x.headroom.unwrap_or(1.0)),
                x.change
            ),
            None => format!(
                "Nothing bounded runs out: traffic ×{} fits the architecture as it stands.",
                num(self.factor)
            ),
        }
    }

    /// Every line: what breaks (in order), then the steps.
    pub fn lines(&self) -> Vec<String> {
        let mut v = vec![self.first()];
        for x in self.breaks.iter().skip(1) {
            v.push(format!("Then: {}", strain::describe(x)));
        }
        for c in &self.steps {
            v.push(format!("Step: {}", c.line()));
        }
        v
    }
}

/// "Database reads (User database)".
fn describe_place(x: &Utilization) -> String {
    if x.at.is_empty() {
        x.component.label().to_string()
    } else {
        format!("{} ({})", x.component.label(), x.at)
    }
}

/// A preset page's Self Check, with the model's answer beside the page's.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfCheck {
    /// The question as the page asks it.
    pub question: &'static str,
    /// The page's answer, in our words.
    pub page_answer: &'static str,
    /// The user count where the one database still needs nothing added: "now".
    pub users: f64,
    /// Peak queries per second the database answers then (reads, writes).
    pub qps: (f64, f64),
    /// Traffic × 10 from there.
    pub what_if: WhatIf,
}

/// The page's question and answer (in our words) for `p`.
fn asked(p: Preset) -> (&'static str, &'static str) {
    match p {
        Preset::ParallelRunning => (
            "Your database handles 1000 QPS. Traffic grows 10x because a new version runs in parallel. What do you do first?",
            "Read replicas and a cache to take load off the primary, before adding application servers.",
        ),
        Preset::DbPerService => (
            "Your database handles 1000 QPS. Traffic grows 10x to 10,000 QPS. What do you do first, and why?",
            "Read replicas first, to take reads off the primary; shard if writes grow too; a cache helps.",
        ),
        Preset::Architecture => (
            "Your database handles 1000 QPS. Traffic grows 10x to 10,000 QPS. What do you do first, and why?",
            "Read replicas: the quickest way to scale reads without a redesign.",
        ),
        _ => (
            "Your database handles 1000 QPS. Traffic grows 10x. What do you do first?",
            "Read replicas and a cache to take load off the primary, before sharding or anything more complex.",
        ),
    }
}

/// The Self Check's scenario: the preset with one service and one database whose node answers
/// 1,000 reads and 1,000 writes a second (`db_read`, `db_write`).
pub fn check_scenario(p: Preset) -> Scenario {
    let mut s = p.scenario();
    s.set(P::DbRead, 1_000.0).set(P::DbWrite, 1_000.0);
    s.services = vec![ServiceDef::new("App", &[])];
    s.service_count = Schedule::new(&[]);
    s.migrated = Schedule::new(&[]);
    s
}

/// The Self Check of `p`'s page answered by the model: "now" is the largest user count at which
/// the database needs nothing added (no cache, replica, shard or queue); traffic then grows
/// × 10.
pub fn self_check(p: Preset) -> SelfCheck {
    let s = check_scenario(p);
    let ctx = Context::new(&s);
    let bps = ctx.breakpoints();
    let data = [
        Milestone::Cache,
        Milestone::ReadReplica,
        Milestone::Sharding,
        Milestone::Queue,
    ];
    let first = bps
        .iter()
        .filter(|b| data.contains(&b.milestone))
        .filter_map(|b| b.users)
        .fold(f64::INFINITY, f64::min);
    let users = if first.is_finite() {
        (first - 1.0).max(1.0)
    } else {
        s.users.last().copied().unwrap_or(1.0)
    };
    let st = ctx.capacity_stage(users);
    let (question, page_answer) = asked(p);
    SelfCheck {
        question,
        page_answer,
        users,
        qps: (st.db_read_qps, st.db_write_qps),
        what_if: what_if(&ctx, &bps, users, 10.0),
    }
}

impl SelfCheck {
    /// The situation in one sentence: users, and the database's peak queries.
    pub fn now(&self) -> String {
        format!(
            "One database node (1,000 reads and 1,000 writes a second) is enough alone up to {} users, where it answers {} reads and {} writes a second at peak. Traffic ×10 from there:",
            grouped(self.users, 0),
            grouped(self.qps.0, 0),
            grouped(self.qps.1, 0)
        )
    }

    /// The model's answer: what to do first, then the rest in order.
    pub fn answer(&self) -> String {
        let steps: Vec<String> = self
            .what_if
            .steps
            .iter()
            .map(|c| {
                format!(
                    "{}{} at {} users (×{})",
                    c.milestone.label(),
                    if c.ends { " no longer needed" } else { "" },
                    grouped(c.users, 0),
                    num(c.users / self.users)
                )
            })
            .collect();
        match steps.split_first() {
            Some((first, [])) => format!("First and only: {first}."),
            Some((first, rest)) => format!("First: {first}; then {}.", rest.join("; ")),
            None => "Nothing: traffic ×10 fits as built.".to_string(),
        }
    }
}
