//! The diagram as Mermaid flowchart text, for people who keep diagrams in Markdown.
//!
//! Every label is written as a quoted string (`["..."]`, `|"..."|`) with Mermaid's entity codes
//! for the characters that could end the string or be read as markup (`"` → `#quot;`,
//! `<` → `#lt;`, ...), and line breaks turned into spaces, so no name can change the chart's
//! structure or inject HTML.

use std::fmt::Write;

use super::graph::{EdgeKind, End, Graph, NodeKind, Place};

/// `text` made safe inside a double-quoted Mermaid label.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            ';' => out.push_str("#59;"),
            '\\' => out.push_str("#92;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid identifier from a graph id (ASCII letters, digits and `_` only).
fn ident(prefix: &str, id: &str) -> String {
    let body: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{prefix}_{body}")
}

fn node_text(g: &Graph, i: usize) -> String {
    let n = &g.nodes[i];
    let mut s = n.label.clone();
    if let Some(b) = &n.badge {
        s.push_str(if b.starts_with('×') { " " } else { " · " });
        s.push_str(b);
    }
    for d in &n.details {
        s.push_str(" · ");
        s.push_str(d);
    }
    if let Some(t) = &n.bottleneck {
        s.push_str(" · bottleneck: ");
        s.push_str(t);
    }
    s
}

fn end_id(g: &Graph, e: End) -> Option<String> {
    match e {
        End::Node(i) => g.nodes.get(i).map(|n| ident("n", &n.id)),
        End::Group(i) => g.groups.get(i).map(|x| ident("g", &x.id)),
    }
}

fn write_node(out: &mut String, g: &Graph, i: usize, indent: usize) {
    let n = &g.nodes[i];
    let text = label(&node_text(g, i));
    let (open, close) = match n.kind {
        NodeKind::Database | NodeKind::MoreDatabases => ("[(\"", "\")]"),
        NodeKind::Client => ("([\"", "\"])"),
        _ => ("[\"", "\"]"),
    };
    let _ = writeln!(
        out,
        "{:indent$}{}{open}{text}{close}",
        "",
        ident("n", &n.id)
    );
}

fn write_group(out: &mut String, g: &Graph, gi: usize, indent: usize, depth: usize) {
    let Some(gr) = g.groups.get(gi) else { return };
    if depth > g.groups.len() {
        return;
    }
    let _ = writeln!(
        out,
        "{:indent$}subgraph {}[\"{}\"]",
        "",
        ident("g", &gr.id),
        label(&gr.label)
    );
    for &n in &gr.nodes {
        if n < g.nodes.len() {
            write_node(out, g, n, indent + 2);
        }
    }
    for &c in &gr.groups {
        write_group(out, g, c, indent + 2, depth + 1);
    }
    let _ = writeln!(out, "{:indent$}end", "");
}

/// The graph as a `flowchart LR`: groups as subgraphs, counts in the labels, mirrored traffic
/// as dotted arrows, each arrow's wait (when the stage has latency) after its words, the
/// critical path of client requests thicker (`linkStyle`).
pub fn to_mermaid(g: &Graph) -> String {
    let mut out = String::from("flowchart LR\n");
    let _ = writeln!(out, "  %% {}", g.title.replace(['\n', '\r'], " "));
    let parents = g.group_parents();
    let mut grouped = vec![false; g.nodes.len()];
    for gi in 0..g.groups.len() {
        for n in g.group_members(gi) {
            if n < grouped.len() {
                grouped[n] = true;
            }
        }
    }
    for (i, n) in g.nodes.iter().enumerate() {
        if !grouped[i] && n.place != Place::Band {
            write_node(&mut out, g, i, 2);
        }
    }
    for (gi, p) in parents.iter().enumerate() {
        if p.is_none() {
            write_group(&mut out, g, gi, 2, 0);
        }
    }
    let band: Vec<usize> = (0..g.nodes.len())
        .filter(|&i| g.nodes[i].place == Place::Band && !grouped[i])
        .collect();
    if !band.is_empty() {
        out.push_str("  subgraph operations[\"Operations\"]\n");
        for i in band {
            write_node(&mut out, g, i, 4);
        }
        out.push_str("  end\n");
    }
    // Mermaid numbers the links in the order they are written; `linkStyle` draws the critical
    // path's thicker, as the SVG does on hover.
    let mut written = 0;
    let mut critical = Vec::new();
    for e in &g.edges {
        let (Some(a), Some(b)) = (end_id(g, e.from), end_id(g, e.to)) else {
            continue;
        };
        if e.critical {
            critical.push(written.to_string());
        }
        written += 1;
        let arrow = if e.kind == EdgeKind::Mirror {
            "-.->"
        } else {
            "-->"
        };
        let text = match (&e.label, e.kind) {
            (Some(l), _) => Some(l.clone()),
            (None, EdgeKind::Call) => Some("calls".to_string()),
            _ => None,
        };
        // How long the caller waits along it, after its words.
        let text = match (text, &e.latency) {
            (Some(t), Some(l)) => Some(format!("{t} · {l}")),
            (t, l) => t.or_else(|| l.clone()),
        };
        match text {
            Some(t) => {
                let _ = writeln!(out, "  {a} {arrow}|\"{}\"| {b}", label(&t));
            }
            None => {
                let _ = writeln!(out, "  {a} {arrow} {b}");
            }
        }
    }
    if !critical.is_empty() {
        out.push_str("  %% The critical path of client requests\n");
        let _ = writeln!(out, "  linkStyle {} stroke-width:3px", critical.join(","));
    }
    out
}
