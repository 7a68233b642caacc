//! Named services: their relative traffic weights and whom they call; the call graph's load
//! propagation and cycle detection.
//!
//! Text form (links, CLI, the page's field): `User:1,Product:1,Order:1:User+Product` — name,
//! optional weight (default 1), optional callees joined by `+`. Each call is one request to the
//! callee per request the caller handles.
//!
//! # Calls
//! The calls part is a sequence of steps joined by `+`, run one after the other:
//! - `B`: a synchronous call (the caller waits for B's answer). This is the only form v1 links
//!   had, and it keeps exactly its meaning.
//! - `(B|C|D)`: a parallel group: the calls run at the same time and the caller waits for the
//!   slowest. The parentheses may be left out (`B|C+D` is `(B|C)` then `D`).
//! - `~B`: an asynchronous call, through the queue: B still does the work (it is loaded as
//!   before) but the caller does not wait for it; its failure does not fail the caller.
//! - `?B`: an optional call: the caller waits for it, but has a fallback when B is down.
//!
//! Markers combine with groups: `Checkout:1:Cart+(Auth|?Recs)+~Mail`.
//!
//! Every call, whatever its kind, is one request to the callee per request of the caller, so
//! load propagation ([`propagate`]) is the same for all of them.
//!
//! **Old links keep their meaning.** v1 names may contain any character but `,`, `:` and `+`,
//! so `(`, `|`, `~` and `?` can be parts of names. A call is therefore first looked up as a
//! whole name: if a service is named exactly `~B` or `A|B`, that text calls it, synchronously,
//! as it always did. Only text that names no service is read as a group or a marked call (in v1
//! it was an unknown callee, dropped with a notice). For the same reason a name containing `|`,
//! `(` or `)` can be called only on its own, not inside a group.

use super::format::{self, parse_number};
use super::limits::{clip, is_control, MAX_NAMED_SERVICES};

/// How a call is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallMode {
    /// The caller waits for the answer (`B`, the default and the only v1 kind).
    #[default]
    Sync,
    /// Through the queue: no client latency, the callee's failure does not fail the caller
    /// (`~B`).
    Async,
    /// The caller waits, but has a fallback when the callee is down (`?B`).
    Optional,
}

impl CallMode {
    /// The marker written before the callee's name.
    pub fn marker(self) -> &'static str {
        match self {
            CallMode::Sync => "",
            CallMode::Async => "~",
            CallMode::Optional => "?",
        }
    }
}

/// The kind of one call: its mode and whether it runs alongside the call before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CallKind {
    /// Sync, async or optional.
    pub mode: CallMode,
    /// In the same parallel group as the previous call (false for the first of a group).
    pub parallel: bool,
}

/// One named service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDef {
    /// Its name, as typed (trimmed; shown as text everywhere).
    pub name: String,
    /// Its relative share of incoming traffic (unnamed services weigh 1).
    pub weight: f64,
    /// Names of the services it calls once per request it handles, in order (every kind of
    /// call: each is one request to the callee).
    pub calls: Vec<String>,
    /// The kind of each call, by position in `calls`; a missing entry is a synchronous call
    /// in sequence. Kept without trailing defaults, so v1 lists have none.
    pub call_kinds: Vec<CallKind>,
}

impl ServiceDef {
    /// A service with weight 1 that calls `calls`.
    pub fn new(name: &str, calls: &[&str]) -> Self {
        ServiceDef {
            name: name.to_string(),
            weight: 1.0,
            calls: calls.iter().map(|c| c.to_string()).collect(),
            call_kinds: Vec::new(),
        }
    }

    /// The kind of call `i` (synchronous, in sequence, when not recorded).
    pub fn call_kind(&self, i: usize) -> CallKind {
        self.call_kinds.get(i).copied().unwrap_or_default()
    }

    /// The calls as steps run one after another; each step is a group of call indices run in
    /// parallel (one index for a plain call).
    pub fn steps(&self) -> Vec<Vec<usize>> {
        let mut steps: Vec<Vec<usize>> = Vec::new();
        for i in 0..self.calls.len() {
            match steps.last_mut() {
                Some(g) if self.call_kind(i).parallel => g.push(i),
                _ => steps.push(vec![i]),
            }
        }
        steps
    }
}

/// Longest service name kept.
pub const MAX_NAME: usize = 60;
/// Largest weight.
pub const MAX_WEIGHT: f64 = 1e6;

/// The canonical text of a service list.
pub fn to_text(defs: &[ServiceDef]) -> String {
    defs.iter()
        .map(|d| {
            let mut s = d.name.clone();
            if d.weight != 1.0 || !d.calls.is_empty() {
                s.push(':');
                s.push_str(&format::link_number(d.weight));
            }
            if !d.calls.is_empty() {
                s.push(':');
                s.push_str(&calls_text(d, defs));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The calls part of one service's text: steps joined by `+`, groups in parentheses.
fn calls_text(d: &ServiceDef, defs: &[ServiceDef]) -> String {
    let one = |i: usize| {
        let name = &d.calls[i];
        let mode = d.call_kind(i).mode;
        let marked = format!("{}{name}", mode.marker());
        // If a service is literally named like the marked text, a space keeps them apart
        // (the parser trims after the marker).
        if mode != CallMode::Sync && defs.iter().any(|x| x.name == marked) {
            format!("{} {name}", mode.marker())
        } else {
            marked
        }
    };
    d.steps()
        .iter()
        .map(|g| {
            if g.len() == 1 {
                one(g[0])
            } else {
                format!(
                    "({})",
                    g.iter().map(|&i| one(i)).collect::<Vec<_>>().join("|")
                )
            }
        })
        .collect::<Vec<_>>()
        .join("+")
}

/// Reads a service list; returns what could be read and a sentence for each problem.
pub fn parse(raw: &str) -> (Vec<ServiceDef>, Vec<String>) {
    let mut problems = Vec::new();
    let (mut defs, raw_calls) = read_entries(raw, &mut problems);
    // Calls are read once every name is known (a call is first looked up as a whole name).
    let names: Vec<String> = defs.iter().map(|d| d.name.clone()).collect();
    for (d, tokens) in defs.iter_mut().zip(raw_calls) {
        let read = read_calls(&d.name, &tokens, &names, &mut problems);
        (d.calls, d.call_kinds) = call_list(&read);
    }
    note_no_client_traffic(&defs, &mut problems);
    (defs, problems)
}

/// When every service weighs 0, no client request could reach any of them: the model counts
/// each as 1 (`model::loads`), and this says so. The weights stay as typed.
fn note_no_client_traffic(defs: &[ServiceDef], problems: &mut Vec<String>) {
    if !defs.is_empty() && defs.iter().all(|d| d.weight <= 0.0) {
        problems.push(
            "every service has weight 0, so no client request would reach any of them; each counts as 1."
                .to_string(),
        );
    }
}

/// Format 2's weights in a list's text: it read a weight of 0 or below as 0.001, the smallest
/// it took (format 3 reads 0 as a service only calls reach). Returns the text with each such
/// weight written `0.001` and every other character as it was, and each changed service's
/// name and weight as typed; entries format 2 left out (no name, named twice, past
/// [`MAX_NAMED_SERVICES`]) are not touched.
pub fn format2_weights(raw: &str) -> (String, Vec<(String, f64)>) {
    let mut kept: Vec<&str> = Vec::new();
    let mut changed = Vec::new();
    let entries: Vec<String> = raw
        .split(',')
        .map(|entry| {
            let mut parts = entry.splitn(3, ':');
            let name = parts.next().unwrap_or("");
            let (weight, calls) = (parts.next(), parts.next());
            let used = name_problem(name.trim(), entry, &[]).is_none()
                && !kept.contains(&name.trim())
                && kept.len() < MAX_NAMED_SERVICES;
            if used {
                kept.push(name.trim());
            }
            match weight.map(|w| parse_number(w.trim())) {
                Some(Ok(v)) if used && v <= 0.0 => {
                    changed.push((name.trim().to_string(), v));
                    let calls = calls.map(|c| format!(":{c}")).unwrap_or_default();
                    format!("{name}:0.001{calls}")
                }
                _ => entry.to_string(),
            }
        })
        .collect();
    (entries.join(","), changed)
}

/// The list's services in order, each without calls yet, and beside each its calls part as
/// step tokens (the text between `+`). Entries without a usable name, and those past
/// [`MAX_NAMED_SERVICES`], are left out with a word.
fn read_entries(raw: &str, problems: &mut Vec<String>) -> (Vec<ServiceDef>, Vec<Vec<String>>) {
    let mut defs: Vec<ServiceDef> = Vec::new();
    let mut raw_calls: Vec<Vec<String>> = Vec::new();
    for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let entry = strip_controls(entry, problems);
        if entry.is_empty() {
            continue;
        }
        let Some((def, tokens)) = read_entry(&entry, &defs, problems) else {
            continue;
        };
        if defs.len() == MAX_NAMED_SERVICES {
            problems.push(format!(
                "at most {MAX_NAMED_SERVICES} named services; the rest were left out."
            ));
            break;
        }
        defs.push(def);
        raw_calls.push(tokens);
    }
    (defs, raw_calls)
}

/// The entry with control characters, and text-direction controls that would reorder the
/// text around a name wherever it is shown, taken out of names and calls (with a word), then
/// trimmed again.
fn strip_controls(entry: &str, problems: &mut Vec<String>) -> String {
    if !entry.chars().any(is_control) {
        return entry.to_string();
    }
    problems.push(format!(
        "“{}” has invisible control characters; they were removed.",
        clip(entry)
    ));
    let kept: String = entry.chars().filter(|c| !is_control(*c)).collect();
    kept.trim().to_string()
}

/// One entry, `name[:weight[:calls]]`: the service (no calls yet) and its step tokens, or
/// `None` with a word when the name is empty, contains `+`, or was given before.
fn read_entry(
    entry: &str,
    defs: &[ServiceDef],
    problems: &mut Vec<String>,
) -> Option<(ServiceDef, Vec<String>)> {
    let mut parts = entry.splitn(3, ':');
    let name: String = parts
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_NAME)
        .collect();
    if let Some(problem) = name_problem(&name, entry, defs) {
        problems.push(problem);
        return None;
    }
    let weight = read_weight(&name, parts.next().map(str::trim), problems);
    let tokens = step_tokens(parts.next());
    let def = ServiceDef {
        name,
        weight,
        calls: Vec::new(),
        call_kinds: Vec::new(),
    };
    Some((def, tokens))
}

/// Why `name` (read from `entry`) cannot be used: empty, containing `+`, or given before in
/// `defs`; `None` when it can.
fn name_problem(name: &str, entry: &str, defs: &[ServiceDef]) -> Option<String> {
    if name.is_empty() {
        Some(format!("“{}” has no name and was left out.", clip(entry)))
    } else if name.contains('+') {
        Some(format!(
            "“{}”: a name cannot contain “+”; left out.",
            clip(name)
        ))
    } else if defs.iter().any(|d| d.name == name) {
        Some(format!(
            "“{}” is named twice; the first is kept.",
            clip(name)
        ))
    } else {
        None
    }
}

/// A service's weight: 1 when not given or unreadable, clamped to 0 to [`MAX_WEIGHT`] (either
/// with a word naming the service). 0 is a service no client request reaches: only other
/// services' calls load it (format 3; format 2 links read 0 as 0.001 and are migrated, see
/// `share::decode`).
fn read_weight(name: &str, text: Option<&str>, problems: &mut Vec<String>) -> f64 {
    let w = match text {
        None | Some("") => return 1.0,
        Some(w) => w,
    };
    match parse_number(w) {
        Ok(v) if (0.0..=MAX_WEIGHT).contains(&v) => v,
        Ok(v) => {
            let used = v.clamp(0.0, MAX_WEIGHT);
            problems.push(format!(
                "{}: weight {} is outside 0 to 1,000,000; used {}.",
                clip(name),
                format::num(v),
                format::num(used)
            ));
            used
        }
        Err(e) => {
            problems.push(format!("{}: weight “{}” {e}; used 1.", clip(name), clip(w)));
            1.0
        }
    }
}

/// The calls part split into its steps (the text between `+`), trimmed, empty ones dropped.
fn step_tokens(calls: Option<&str>) -> Vec<String> {
    calls
        .map(|c| {
            c.split('+')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A service's step tokens read against every known name: (callee, mode, step index) in
/// call order. Calls to unknown services or to itself are dropped, with a word; a call
/// repeated right after itself (same callee, same kind) counts once, as in v1 (`A+A` is one
/// call to A).
fn read_calls(
    own: &str,
    tokens: &[String],
    names: &[String],
    problems: &mut Vec<String>,
) -> Vec<(String, CallMode, usize)> {
    let mut read: Vec<(String, CallMode, usize)> = Vec::new();
    for (group, token) in tokens.iter().enumerate() {
        for (callee, mode) in read_step(token, names, own, problems) {
            if callee == own {
                problems.push(format!(
                    "{} calls itself; that call was ignored.",
                    clip(own)
                ));
            } else if !names.contains(&callee) {
                problems.push(format!(
                    "{} calls “{}”, which is not in the list; that call was ignored.",
                    clip(own),
                    clip(&callee)
                ));
            } else {
                read.push((callee, mode, group));
            }
        }
    }
    read.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
    read
}

/// The callees and their kinds from [`read_calls`]' list: a call is parallel when the one
/// before it came from the same step; trailing default kinds are left out, so v1 lists have
/// none.
fn call_list(read: &[(String, CallMode, usize)]) -> (Vec<String>, Vec<CallKind>) {
    let mut calls = Vec::with_capacity(read.len());
    let mut kinds = Vec::with_capacity(read.len());
    for (i, (callee, mode, group)) in read.iter().enumerate() {
        calls.push(callee.clone());
        kinds.push(CallKind {
            mode: *mode,
            parallel: i > 0 && read[i - 1].2 == *group,
        });
    }
    while kinds.last().is_some_and(|k| *k == CallKind::default()) {
        kinds.pop();
    }
    (calls, kinds)
}

/// Reads one step of a calls part (the text between two `+`): a whole name, a parallel group
/// `(A|B)` or `A|B`, or one marked call (`~A`, `?A`). Returns (callee text, mode) pairs; the
/// callee may still be unknown (the caller says so).
fn read_step(
    token: &str,
    names: &[String],
    own: &str,
    problems: &mut Vec<String>,
) -> Vec<(String, CallMode)> {
    let cut = |s: &str| s.trim().chars().take(MAX_NAME).collect::<String>();
    let whole = cut(token);
    if names.contains(&whole) {
        return vec![(whole, CallMode::Sync)];
    }
    let mut inner = token.trim();
    let opens = inner.starts_with('(');
    let closes = inner.ends_with(')');
    if opens || closes {
        if opens != closes {
            problems.push(format!(
                "{}: “{}” has an unmatched parenthesis; read as a group.",
                clip(own),
                clip(inner)
            ));
        }
        inner = inner.strip_prefix('(').unwrap_or(inner);
        inner = inner.strip_suffix(')').unwrap_or(inner);
    }
    let mut out = Vec::new();
    for member in inner.split('|') {
        let m = cut(member);
        if m.is_empty() {
            continue;
        }
        if names.contains(&m) {
            out.push((m, CallMode::Sync));
            continue;
        }
        let (mode, rest) = match m.chars().next() {
            Some('~') => (CallMode::Async, cut(&m[1..])),
            Some('?') => (CallMode::Optional, cut(&m[1..])),
            _ => (CallMode::Sync, m.clone()),
        };
        if rest.is_empty() {
            problems.push(format!(
                "{}: “{}” names no service; ignored.",
                clip(own),
                clip(&m)
            ));
            continue;
        }
        if mode == CallMode::Sync && (rest.contains('(') || rest.contains(')')) {
            problems.push(format!(
                "{}: “{}”: parallel groups cannot be nested; that call was ignored.",
                clip(own),
                clip(&rest)
            ));
            continue;
        }
        out.push((rest, mode));
    }
    out
}

/// The call graph of named services by index, with the cycles found and the edges kept for
/// load propagation (every edge that closes a cycle is left out of the propagation).
#[derive(Debug, Clone, PartialEq)]
pub struct CallGraph {
    /// Callees of each service (indices), cycle-closing edges removed.
    pub edges: Vec<Vec<usize>>,
    /// Each cycle found, as service indices in call order, first repeated at the end.
    pub cycles: Vec<Vec<usize>>,
    /// Services in an order where every caller comes before its callees.
    pub order: Vec<usize>,
}

/// Builds the call graph of `defs` (calls by name; unknown names are ignored).
pub fn call_graph(defs: &[ServiceDef]) -> CallGraph {
    let n = defs.len();
    let idx = |name: &str| defs.iter().position(|d| d.name == name);
    let all: Vec<Vec<usize>> = defs
        .iter()
        .map(|d| d.calls.iter().filter_map(|c| idx(c)).collect())
        .collect();
    // Iterative DFS; an edge into a node on the stack closes a cycle.
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut cycles = Vec::new();
    let mut post = Vec::with_capacity(n);
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if *next < all[v].len() {
                let w = all[v][*next];
                *next += 1;
                match state[w] {
                    0 => {
                        edges[v].push(w);
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        let start = stack.iter().position(|(x, _)| *x == w).unwrap_or(0);
                        let mut cyc: Vec<usize> = stack[start..].iter().map(|(x, _)| *x).collect();
                        cyc.push(w);
                        cycles.push(cyc);
                    }
                    _ => edges[v].push(w),
                }
            } else {
                state[v] = 2;
                post.push(v);
                stack.pop();
            }
        }
    }
    post.reverse();
    CallGraph {
        edges,
        cycles,
        order: post,
    }
}

/// Request rates after fan-out: `external[i]` plus one request per request of every caller.
pub fn propagate(graph: &CallGraph, external: &[f64]) -> Vec<f64> {
    let mut load = external.to_vec();
    for &v in &graph.order {
        for &w in &graph.edges[v] {
            load[w] += load[v];
        }
    }
    load
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    // Guards: the seed architecture's Order → User, Product fan-out adds the caller's load.
    #[test]
    fn fan_out_adds_load() {
        let (defs, p) = parse("User,Product,Order:1:User+Product");
        assert!(p.is_empty(), "{p:?}");
        let g = call_graph(&defs);
        assert!(g.cycles.is_empty());
        assert_eq!(propagate(&g, &[10.0, 10.0, 10.0]), vec![20.0, 20.0, 10.0]);
        assert_eq!(to_text(&defs), "User,Product,Order:1:User+Product");
    }

    // Guards: a cycle is found and named, and propagation still terminates.
    #[test]
    fn cycles_are_reported() {
        let (defs, _) = parse("A:1:B,B:1:C,C:1:A");
        let g = call_graph(&defs);
        assert_eq!(g.cycles, vec![vec![0, 1, 2, 0]]);
        assert_eq!(propagate(&g, &[1.0, 0.0, 0.0]), vec![1.0, 1.0, 1.0]);
    }

    // Guards: a right-to-left override or other control character in a name is removed and
    // named (issue 16), from names and calls alike.
    #[test]
    fn control_characters_are_removed() {
        let (defs, p) = parse("Ad\u{202E}min:1:User\u{2066},User,\u{200F}");
        assert_eq!(defs.len(), 2, "{defs:?}");
        assert_eq!(defs[0].name, "Admin");
        assert_eq!(defs[0].calls, vec!["User".to_string()]);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("Ad[U+202E]min"), "{p:?}");
    }

    // Guards: unknown callees, self-calls, duplicates and bad weights are named, not fatal.
    #[test]
    fn problems_are_named() {
        let (defs, p) = parse("A:x:A+Z,A,B:-2, :3");
        assert_eq!(defs.len(), 2);
        assert_eq!(p.len(), 6, "{p:?}");
    }

    // Guards: the weight step: absent or empty is 1, 0 is kept (a service only calls reach),
    // out of range is clamped to 0 to 1,000,000 and unreadable is 1, each with a word naming
    // the service.
    #[test]
    fn weight_step() {
        let mut problems = Vec::new();
        let got: Vec<String> = [
            None,
            Some(""),
            Some("2.5"),
            Some("0"),
            Some("-2"),
            Some("2m"),
            Some("x"),
        ]
        .into_iter()
        .map(|w| format::num(read_weight("Api", w, &mut problems)))
        .collect();
        expect![[r#"
            (
                [
                    "1",
                    "1",
                    "2.5",
                    "0",
                    "0",
                    "1,000,000",
                    "1",
                ],
                [
                    "Api: weight -2 is outside 0 to 1,000,000; used 0.",
                    "Api: weight 2,000,000 is outside 0 to 1,000,000; used 1,000,000.",
                    "Api: weight “x” is not a number; used 1.",
                ],
            )
        "#]]
        .assert_debug_eq(&(got, problems));
    }

    // Guards: a list where every weight is 0 would send client requests nowhere: it is named
    // (the model counts each as 1) and the weights stay as typed; one weight above 0 keeps the
    // zeros without a word (services only calls reach).
    #[test]
    fn all_weights_zero() {
        let (defs, p) = parse("A:0:B,B:0");
        assert_eq!(
            defs.iter().map(|d| d.weight).collect::<Vec<_>>(),
            [0.0, 0.0]
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("every service has weight 0"), "{p:?}");
        let (defs, p) = parse("A:1:B,B:0");
        assert_eq!(
            defs.iter().map(|d| d.weight).collect::<Vec<_>>(),
            [1.0, 0.0]
        );
        assert!(p.is_empty(), "{p:?}");
    }

    // Guards: the format-2 migration of weights: only weights of 0 and below become 0.001, every
    // other character of the text stays, and entries format 2 left out are not touched.
    #[test]
    fn format2_weights_step() {
        let (text, changed) = format2_weights(" A:0:B , B:-2,A:0, :0,C:0.5,D:1e-9, E:0:~A+B");
        assert_eq!(
            text,
            " A:0.001:B , B:0.001,A:0, :0,C:0.5,D:1e-9, E:0.001:~A+B"
        );
        assert_eq!(
            changed,
            [
                ("A".to_string(), 0.0),
                ("B".to_string(), -2.0),
                ("E".to_string(), 0.0)
            ]
        );
        assert_eq!(format2_weights("A,B:x").0, "A,B:x");
    }

    // Guards: the calls steps: unknown and self calls dropped with a word, an immediate repeat
    // of the same call counted once, a call parallel only to one from the same step, and no
    // trailing default kinds (a plain v1 list records none).
    #[test]
    fn call_steps() {
        let names: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        let mut problems = Vec::new();
        let tokens: Vec<String> = ["B", "B", "(C|~D)", "Z", "A", "D"]
            .map(String::from)
            .to_vec();
        let read = read_calls("A", &tokens, &names, &mut problems);
        let (calls, kinds) = call_list(&read);
        let plain = call_list(&read_calls("A", &tokens[..2], &names, &mut Vec::new()));
        expect![[r#"
            (
                [
                    "B",
                    "C",
                    "D",
                    "D",
                ],
                [
                    CallKind {
                        mode: Sync,
                        parallel: false,
                    },
                    CallKind {
                        mode: Sync,
                        parallel: false,
                    },
                    CallKind {
                        mode: Async,
                        parallel: true,
                    },
                ],
                [
                    "A calls “Z”, which is not in the list; that call was ignored.",
                    "A calls itself; that call was ignored.",
                ],
                (
                    [
                        "B",
                    ],
                    [],
                ),
            )
        "#]]
        .assert_debug_eq(&(calls, kinds, problems, plain));
    }
}
