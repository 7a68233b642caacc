//! Architecture diagrams, one per stage, as a pipeline of pure functions in the spirit of
//! terrastruct/d2: stage → [`build`] (nodes, edges, groups; one template per preset) →
//! [`layout::layout`] (a tier grid: positions, sizes, routed edges; never two boxes on top of
//! each other) → [`svg::render`] (SVG text, every piece of text escaped by
//! [`crate::core::escape`]). [`mermaid::to_mermaid`] writes the same graph as Mermaid text and
//! [`text_alternative`] as sentences for screen readers.

pub mod graph;
pub mod layout;
pub mod mermaid;
pub mod narrow;
pub mod svg;
pub mod templates;
pub mod zoom;

pub use graph::Graph;
pub use layout::{layout, Positioned};
pub use mermaid::to_mermaid;
pub use svg::{render, RenderOptions};
pub use templates::build;

use crate::core::format;
use crate::core::model::Stage;
use crate::core::params::Scenario;
use graph::{EdgeKind, End, Node, Place};

/// The SVG of one stage, in one call, with ids prefixed by the preset and user count.
pub fn render_stage(scenario: &Scenario, stage: &Stage) -> String {
    let options = RenderOptions {
        id_prefix: format!(
            "sm-{}-{}",
            scenario.preset.key(),
            format::link_number(stage.users)
        ),
        ..RenderOptions::default()
    };
    render_stage_with(scenario, stage, &options)
}

/// The SVG of one stage with the given options.
pub fn render_stage_with(scenario: &Scenario, stage: &Stage, options: &RenderOptions) -> String {
    svg::render(&layout::layout(&templates::build(scenario, stage)), options)
}

/// One node as a phrase: `Order ×3`, `Shared database, 1 primary + 2 replicas (…)`.
pub fn node_sentence(n: &Node) -> String {
    let mut s = n.label.clone();
    if let Some(b) = &n.badge {
        s.push_str(if b.starts_with('×') { " " } else { ", " });
        s.push_str(b);
    }
    if !n.details.is_empty() {
        s.push_str(" (");
        s.push_str(&n.details.join(", "));
        s.push(')');
    }
    if let Some(a) = &n.available {
        s.push_str(", ");
        s.push_str(a);
    }
    s
}

/// The critical path of all client requests as the drawing marks it, from the gateway:
/// `API gateway → Order → User`; `None` when no arrow is marked.
pub fn critical_path(g: &Graph) -> Option<String> {
    let crit: Vec<(End, End)> = g
        .edges
        .iter()
        .filter(|e| e.critical)
        .map(|e| (e.from, e.to))
        .collect();
    let mut at = crit
        .iter()
        .find(|(from, _)| !crit.iter().any(|(_, to)| to == from))?
        .0;
    let mut names = vec![g.end_label(at)];
    while let Some(&(_, to)) = crit.iter().find(|(from, _)| *from == at) {
        if names.len() > crit.len() {
            break;
        }
        names.push(g.end_label(to));
        at = to;
    }
    Some(names.join(" → "))
}

/// The diagram as plain sentences: every component with its counts, the groups, the labelled
/// connections and calls, and the bottleneck. Used as the SVG's `<desc>` and shown beside it.
pub fn text_alternative(g: &Graph) -> String {
    let mut out = format!("{}: {}.", g.title, g.caption);
    let main: Vec<String> = g
        .nodes
        .iter()
        .filter(|n| n.place != Place::Band)
        .map(node_sentence)
        .collect();
    if !main.is_empty() {
        out.push_str(" Components: ");
        out.push_str(&main.join("; "));
        out.push('.');
    }
    for (gi, gr) in g.groups.iter().enumerate() {
        let members: Vec<&str> = g
            .group_members(gi)
            .into_iter()
            .filter_map(|n| g.nodes.get(n))
            .map(|n| n.label.as_str())
            .collect();
        if !members.is_empty() {
            out.push_str(&format!(" {}: {}.", gr.label, members.join(", ")));
        }
    }
    let links: Vec<String> = g
        .edges
        .iter()
        .filter_map(|e| {
            let (a, b) = (g.end_label(e.from), g.end_label(e.to));
            let wait = e.latency.as_ref();
            match (&e.label, e.kind) {
                (_, EdgeKind::Call) => Some(match wait {
                    Some(w) => format!("{a} calls {b} ({w})"),
                    None => format!("{a} calls {b}"),
                }),
                (Some(l), _) => Some(match wait {
                    Some(w) => format!("{a} → {b}: {l}, {w}"),
                    None => format!("{a} → {b}: {l}"),
                }),
                (None, _) => wait.map(|w| format!("{a} → {b}: {w}")),
            }
        })
        .collect();
    if !links.is_empty() {
        out.push_str(" Connections: ");
        out.push_str(&links.join("; "));
        out.push('.');
    }
    let ops: Vec<String> = g
        .nodes
        .iter()
        .filter(|n| n.place == Place::Band)
        .map(node_sentence)
        .collect();
    if !ops.is_empty() {
        out.push_str(" Operations: ");
        out.push_str(&ops.join("; "));
        out.push('.');
    }
    if let Some(p) = critical_path(g) {
        out.push_str(&format!(" Critical path of client requests: {p}."));
    }
    if let Some(n) = g.nodes.iter().find(|n| n.bottleneck.is_some()) {
        out.push_str(&format!(
            " Bottleneck: {}, {}.",
            n.label,
            n.bottleneck.as_deref().unwrap_or_default()
        ));
    }
    out
}
