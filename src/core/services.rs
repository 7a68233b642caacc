//! Named services: their relative traffic weights and whom they call; the call graph's load
//! propagation and cycle detection.
//!
//! Text form (links, CLI, the page's field): `User:1,Product:1,Order:1:User+Product` — name,
//! optional weight (default 1), optional callees joined by `+`. Each call is one request to the
//! callee per request the caller handles.

use super::format::{self, parse_number};
use super::params::{clip, is_control, MAX_NAMED_SERVICES};

/// One named service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDef {
    /// Its name, as typed (trimmed; shown as text everywhere).
    pub name: String,
    /// Its relative share of incoming traffic (unnamed services weigh 1).
    pub weight: f64,
    /// Names of the services it calls once per request it handles.
    pub calls: Vec<String>,
}

impl ServiceDef {
    /// A service with weight 1 that calls `calls`.
    pub fn new(name: &str, calls: &[&str]) -> Self {
        ServiceDef {
            name: name.to_string(),
            weight: 1.0,
            calls: calls.iter().map(|c| c.to_string()).collect(),
        }
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
                s.push_str(&d.calls.join("+"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads a service list; returns what could be read and a sentence for each problem.
pub fn parse(raw: &str) -> (Vec<ServiceDef>, Vec<String>) {
    let mut defs: Vec<ServiceDef> = Vec::new();
    let mut problems = Vec::new();
    for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        // Control characters, and text-direction controls that would reorder the text around
        // a name wherever it is shown, are taken out of names and calls, with a word.
        let kept: String;
        let entry = if entry.chars().any(is_control) {
            kept = entry.chars().filter(|c| !is_control(*c)).collect();
            problems.push(format!(
                "“{}” has invisible control characters; they were removed.",
                clip(entry)
            ));
            kept.trim()
        } else {
            entry
        };
        if entry.is_empty() {
            continue;
        }
        let mut parts = entry.splitn(3, ':');
        let name: String = parts
            .next()
            .unwrap_or("")
            .trim()
            .chars()
            .take(MAX_NAME)
            .collect();
        if name.is_empty() {
            problems.push(format!("“{}” has no name and was left out.", clip(entry)));
            continue;
        }
        if name.contains('+') {
            problems.push(format!(
                "“{}”: a name cannot contain “+”; left out.",
                clip(&name)
            ));
            continue;
        }
        if defs.iter().any(|d| d.name == name) {
            problems.push(format!(
                "“{}” is named twice; the first is kept.",
                clip(&name)
            ));
            continue;
        }
        let weight = match parts.next().map(str::trim) {
            None | Some("") => 1.0,
            Some(w) => match parse_number(w) {
                Ok(v) if v > 0.0 && v <= MAX_WEIGHT => v,
                Ok(v) => {
                    let used = v.clamp(0.001, MAX_WEIGHT);
                    problems.push(format!(
                        "{}: weight {} is outside 0.001 to 1,000,000; used {}.",
                        clip(&name),
                        format::num(v),
                        format::num(used)
                    ));
                    used
                }
                Err(e) => {
                    problems.push(format!(
                        "{}: weight “{}” {e}; used 1.",
                        clip(&name),
                        clip(w)
                    ));
                    1.0
                }
            },
        };
        let calls = parts
            .next()
            .map(|c| {
                c.split('+')
                    .map(|s| s.trim().chars().take(MAX_NAME).collect::<String>())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if defs.len() == MAX_NAMED_SERVICES {
            problems.push(format!(
                "at most {MAX_NAMED_SERVICES} named services; the rest were left out."
            ));
            break;
        }
        defs.push(ServiceDef {
            name,
            weight,
            calls,
        });
    }
    // Calls to unknown services or to itself are dropped, with a word.
    let names: Vec<String> = defs.iter().map(|d| d.name.clone()).collect();
    for d in &mut defs {
        let own = d.name.clone();
        d.calls.retain(|c| {
            if c == &own {
                problems.push(format!(
                    "{} calls itself; that call was ignored.",
                    clip(&own)
                ));
                false
            } else if !names.contains(c) {
                problems.push(format!(
                    "{} calls “{}”, which is not in the list; that call was ignored.",
                    clip(&own),
                    clip(c)
                ));
                false
            } else {
                true
            }
        });
        d.calls.dedup();
    }
    (defs, problems)
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
}
