//! SVG text from a laid-out diagram.
//!
//! Colours come from CSS classes and custom properties (`--sm-diagram-bg`, ...), defined with
//! fallbacks in an embedded `<style>`, so the page themes the diagram in light and dark mode and
//! a downloaded file still renders on its own. Every piece of text goes through
//! [`escape::push_xml`]; nothing else writes markup from text.

use std::fmt::Write;

use super::layout::{PlacedNode, Positioned, Rect, TextBox};
use crate::core::escape::{push_xml, xml};

/// How to write a diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Prefix of the ids inside the SVG (title, description); must differ between diagrams shown
    /// on one page. Characters other than ASCII letters, digits, `-` and `_` are dropped.
    pub id_prefix: String,
    /// Whether to write `width` and `height` (the page may size the diagram with CSS instead).
    pub intrinsic_size: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            id_prefix: "sm-diagram".to_string(),
            intrinsic_size: true,
        }
    }
}

/// The embedded style sheet. `--sm-*` custom properties set by the page win over the defaults.
pub const STYLE: &str = "\
.sm-diagram{--d-bg:var(--sm-diagram-bg,#ffffff);--d-fg:var(--sm-diagram-fg,#1b2430);--d-muted:var(--sm-diagram-muted,#566272);\
--d-node:var(--sm-diagram-node-bg,#ffffff);--d-border:var(--sm-diagram-node-border,#a7b2c0);--d-edge:var(--sm-diagram-edge,#738093);\
--d-group:var(--sm-diagram-group-bg,#f3f6fa);--d-group-border:var(--sm-diagram-group-border,#cad3de);\
--d-badge:var(--sm-diagram-badge-bg,#e4ebf5);--d-badge-fg:var(--sm-diagram-badge-fg,#1f4270);\
--d-entry:var(--sm-diagram-entry,#3b7dd8);--d-compute:var(--sm-diagram-compute,#7654d0);--d-data:var(--sm-diagram-data,#16946c);\
--d-ops:var(--sm-diagram-ops,#8791a0);--d-mirror:var(--sm-diagram-mirror,#b86e0c);--d-bad:var(--sm-diagram-bad,#d2382a);\
--d-bad-fg:var(--sm-diagram-bad-fg,#ffffff);--d-warn:var(--sm-diagram-warn,#8f5300);--d-warn-fg:var(--sm-diagram-warn-fg,#ffffff);font-family:system-ui,sans-serif}\
@media (prefers-color-scheme:dark){.sm-diagram{--d-bg:var(--sm-diagram-bg,#12161c);--d-fg:var(--sm-diagram-fg,#e5eaf1);\
--d-muted:var(--sm-diagram-muted,#9ba7b6);--d-node:var(--sm-diagram-node-bg,#1a2029);--d-border:var(--sm-diagram-node-border,#46525f);\
--d-edge:var(--sm-diagram-edge,#8b97a7);--d-group:var(--sm-diagram-group-bg,#161b22);--d-group-border:var(--sm-diagram-group-border,#333d4a);\
--d-badge:var(--sm-diagram-badge-bg,#253247);--d-badge-fg:var(--sm-diagram-badge-fg,#cfe0ff);--d-entry:var(--sm-diagram-entry,#5b9df0);\
--d-compute:var(--sm-diagram-compute,#9d84f2);--d-data:var(--sm-diagram-data,#3cc196);--d-ops:var(--sm-diagram-ops,#8791a0);\
--d-mirror:var(--sm-diagram-mirror,#e39a3b);--d-bad:var(--sm-diagram-bad,#ff5b4b);--d-bad-fg:var(--sm-diagram-bad-fg,#1b0b09);--d-warn:var(--sm-diagram-warn,#e39a3b);--d-warn-fg:var(--sm-diagram-warn-fg,#1b1206)}}\
.sm-diagram .bg{fill:var(--d-bg)}\
.sm-diagram text{fill:var(--d-fg)}\
.sm-diagram .caption{font-size:12px;fill:var(--d-muted)}\
.sm-diagram .frame{fill:var(--d-group);stroke:var(--d-group-border);stroke-width:1}\
.sm-diagram .region>.frame{fill:var(--d-bg);stroke-dasharray:6 4}\
.sm-diagram .region>.stack{fill:var(--d-bg);stroke:var(--d-group-border);stroke-width:1;stroke-dasharray:6 4}\
.sm-diagram .services>.frame{fill:var(--d-group)}\
.sm-diagram .new-services>.frame,.sm-diagram .versions>.frame{fill:var(--d-bg)}\
.sm-diagram .group-label{font-size:11px;font-weight:600;fill:var(--d-muted)}\
.sm-diagram .box{fill:var(--d-node);stroke:var(--d-border);stroke-width:1.2}\
.sm-diagram .strip{fill:var(--d-entry)}\
.sm-diagram .service .strip,.sm-diagram .monolith .strip,.sm-diagram .version .strip{fill:var(--d-compute)}\
.sm-diagram .database .strip,.sm-diagram .cache .strip,.sm-diagram .queue .strip{fill:var(--d-data)}\
.sm-diagram .ops .strip,.sm-diagram .retired .strip{fill:var(--d-ops)}\
.sm-diagram .retired .box{fill:none;stroke-dasharray:4 3}\
.sm-diagram .retired text{fill:var(--d-muted)}\
.sm-diagram .label{font-size:13px;font-weight:600}\
.sm-diagram .detail{font-size:11px;fill:var(--d-muted)}\
.sm-diagram .badge{fill:var(--d-badge)}\
.sm-diagram .badge-text{font-size:11px;font-weight:600;fill:var(--d-badge-fg)}\
.sm-diagram .bottleneck .box{stroke:var(--d-bad);stroke-width:2.5}\
.sm-diagram .tag{fill:var(--d-bad)}\
.sm-diagram .tag-text{font-size:11px;font-weight:600;fill:var(--d-bad-fg)}\
.sm-diagram .strain-busy .box{stroke:var(--d-warn)}\
.sm-diagram .strain-busy .tag{fill:var(--d-warn)}\
.sm-diagram .strain-busy .tag-text{fill:var(--d-warn-fg)}\
.sm-diagram .strain-light .box{stroke:var(--d-muted);stroke-width:1.6}\
.sm-diagram .strain-light .tag{fill:var(--d-badge)}\
.sm-diagram .strain-light .tag-text{fill:var(--d-badge-fg)}\
.sm-diagram .line{fill:none;stroke:var(--d-edge);stroke-width:1.5;stroke-linejoin:round}\
.sm-diagram .arrow{fill:var(--d-edge)}\
.sm-diagram .call .line{stroke:var(--d-compute)}\
.sm-diagram .call .arrow{fill:var(--d-compute)}\
.sm-diagram .mirror .line{stroke:var(--d-mirror);stroke-dasharray:5 4}\
.sm-diagram .mirror .arrow{fill:var(--d-mirror)}\
.sm-diagram .edge-label{font-size:11px;fill:var(--d-muted);paint-order:stroke;stroke:var(--d-bg);stroke-width:4px;stroke-linejoin:round}";

/// The rules for what `down=` marks: added to a drawing's sheet only when it marks something, so
/// every other drawing is as it was.
pub const HEALTH_STYLE: &str = "\
.sm-diagram .down .box{stroke:var(--d-bad);stroke-width:2.5;stroke-dasharray:6 3}.sm-diagram .down .label{text-decoration:line-through}\
.sm-diagram .fails .box{stroke:var(--d-bad);stroke-width:2}.sm-diagram .degraded .box{stroke:var(--d-warn);stroke-width:2;stroke-dasharray:3 3}\
.sm-diagram .failing .line{stroke:var(--d-bad);stroke-dasharray:4 3}.sm-diagram .failing .arrow{fill:var(--d-bad)}";

/// The critical path's arrows, drawn thicker and in the warning colour while the drawing is
/// hovered or its frame focused: added only to drawings that mark one.
pub const CRITICAL_STYLE: &str = "\
.sm-diagram:hover .crit .line,:focus>.sm-diagram .crit .line{stroke:var(--d-warn);stroke-width:3;stroke-dasharray:none}\
.sm-diagram:hover .crit .arrow,:focus>.sm-diagram .crit .arrow{fill:var(--d-warn)}";

const ARROW_LEN: f64 = 8.0;
const ARROW_HALF: f64 = 4.0;
const RADIUS: f64 = 6.0;

/// A number for an attribute: finite, at most one decimal, no trailing `.0`.
fn n(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// `id_prefix` reduced to characters safe in an id and a `url(#...)` reference.
pub fn safe_prefix(p: &str) -> String {
    let s: String = p
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect();
    if s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        s
    } else {
        format!("d-{s}")
    }
}

fn rect_attrs(out: &mut String, r: &Rect) {
    let _ = write!(
        out,
        " x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        n(r.x),
        n(r.y),
        n(r.w),
        n(r.h)
    );
}

fn text(out: &mut String, t: &TextBox) {
    if t.centered {
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">",
            t.role.class(),
            n(t.x + t.width / 2.0),
            n(t.baseline)
        );
    } else {
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{}\" y=\"{}\">",
            t.role.class(),
            n(t.x),
            n(t.baseline)
        );
    }
    push_xml(out, &t.text);
    out.push_str("</text>");
}

/// A rectangle with only its bottom corners rounded (the bottleneck strip).
fn bottom_rounded(r: &Rect, rad: f64) -> String {
    let rad = rad.min(r.h / 2.0).min(r.w / 2.0);
    format!(
        "M{},{}h{}v{}a{},{} 0 0 1 -{},{}h-{}a{},{} 0 0 1 -{},-{}z",
        n(r.x),
        n(r.y),
        n(r.w),
        n(r.h - rad),
        n(rad),
        n(rad),
        n(rad),
        n(rad),
        n(r.w - 2.0 * rad),
        n(rad),
        n(rad),
        n(rad),
        n(rad)
    )
}

/// Writes the diagram as a standalone SVG document (no XML declaration, so it can be inlined):
/// the head (title, description, style, background, caption), then the groups' frames, the
/// edges and the nodes, each in a `<g>` of its own.
pub fn render(p: &Positioned, o: &RenderOptions) -> String {
    let mut out = String::with_capacity(16_384);
    push_head(&mut out, p, o);
    push_groups(&mut out, p);
    push_edges(&mut out, p);
    push_nodes(&mut out, p);
    out.push_str("</svg>");
    out
}

/// The `<svg>` element's opening tag, its title and description (the text alternative), the
/// style sheet (with [`HEALTH_STYLE`] when a node is marked), the background and the caption.
fn push_head(out: &mut String, p: &Positioned, o: &RenderOptions) {
    let g = &p.graph;
    let id = safe_prefix(&o.id_prefix);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sm-diagram\" viewBox=\"0 0 {w} {h}\"",
        w = n(p.width),
        h = n(p.height)
    );
    if o.intrinsic_size {
        let _ = write!(out, " width=\"{}\" height=\"{}\"", n(p.width), n(p.height));
    }
    let _ = write!(
        out,
        " role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">"
    );
    let _ = write!(out, "<title id=\"{id}-title\">{}</title>", xml(&g.title));
    let _ = write!(
        out,
        "<desc id=\"{id}-desc\">{}</desc>",
        xml(&super::text_alternative(g))
    );
    let marked = g.nodes.iter().any(|x| x.health != super::graph::Health::Up);
    let health = if marked { HEALTH_STYLE } else { "" };
    let crit = if g.edges.iter().any(|e| e.critical) {
        CRITICAL_STYLE
    } else {
        ""
    };
    let _ = write!(out, "<style>{STYLE}{health}{crit}</style>");
    let _ = write!(
        out,
        "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\"/>",
        n(p.width),
        n(p.height)
    );
    text(out, &p.caption);
}

/// Every group's frame (behind it, up to two offset copies when it stands for a stack) and
/// heading.
fn push_groups(out: &mut String, p: &Positioned) {
    out.push_str("<g class=\"groups\">");
    for pg in &p.groups {
        let Some(gr) = p.graph.groups.get(pg.group) else {
            continue;
        };
        let _ = write!(out, "<g class=\"group {}\">", gr.kind.class());
        for k in (1..=gr.stack.min(2)).rev() {
            let off = k as f64 * super::layout::STACK_OFFSET;
            let r = Rect {
                x: pg.rect.x + off,
                y: pg.rect.y + off,
                ..pg.rect
            };
            out.push_str("<rect class=\"stack\"");
            rect_attrs(out, &r);
            out.push_str(" rx=\"10\"/>");
        }
        out.push_str("<rect class=\"frame\"");
        rect_attrs(out, &pg.rect);
        out.push_str(" rx=\"10\"/>");
        text(out, &pg.label);
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

/// Every edge with two points or more: its line, its arrowhead and its label.
fn push_edges(out: &mut String, p: &Positioned) {
    out.push_str("<g class=\"edges\">");
    for pe in &p.edges {
        let Some(e) = p.graph.edges.get(pe.edge) else {
            continue;
        };
        let k = pe.points.len();
        if k < 2 {
            continue;
        }
        let _ = write!(
            out,
            "<g class=\"edge {}{}{}\">",
            e.kind.class(),
            if e.failing { " failing" } else { "" },
            if e.critical { " crit" } else { "" }
        );
        if let Some(w) = &e.latency {
            let (a, b) = (p.graph.end_label(e.from), p.graph.end_label(e.to));
            let _ = write!(out, "<title>{}</title>", xml(&format!("{a} → {b}: {w}")));
        }
        let (tip, prev) = (pe.points[k - 1], pe.points[k - 2]);
        let (u, len) = direction(prev, tip);
        let d = line_path(&pe.points, u, (ARROW_LEN - 1.0).min(len));
        let _ = write!(out, "<path class=\"line\" d=\"{d}\"/>");
        push_arrow(out, tip, u);
        if let Some(l) = &pe.label {
            text(out, l);
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

/// The unit vector from `from` to `to` (along x when they coincide) and their distance.
fn direction(from: (f64, f64), to: (f64, f64)) -> ((f64, f64), f64) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    let u = if len > 1e-9 {
        (dx / len, dy / len)
    } else {
        (1.0, 0.0)
    };
    (u, len)
}

/// A line's path data through `points`, its last point moved `back` against the direction `u`
/// so that the line ends inside the arrowhead rather than past its tip.
fn line_path(points: &[(f64, f64)], u: (f64, f64), back: f64) -> String {
    let k = points.len();
    let mut d = String::new();
    for (i, pt) in points.iter().enumerate() {
        let pt = if i + 1 == k {
            (pt.0 - u.0 * back, pt.1 - u.1 * back)
        } else {
            *pt
        };
        let _ = write!(
            d,
            "{}{},{}",
            if i == 0 { "M" } else { "L" },
            n(pt.0),
            n(pt.1)
        );
    }
    d
}

/// The arrowhead: a triangle with its point at `tip`, [`ARROW_LEN`] long along the direction
/// `u`, [`ARROW_HALF`] to each side.
fn push_arrow(out: &mut String, tip: (f64, f64), u: (f64, f64)) {
    let (ux, uy) = u;
    let base = (tip.0 - ux * ARROW_LEN, tip.1 - uy * ARROW_LEN);
    let _ = write!(
        out,
        "<path class=\"arrow\" d=\"M{},{}L{},{}L{},{}Z\"/>",
        n(tip.0),
        n(tip.1),
        n(base.0 - uy * ARROW_HALF),
        n(base.1 + ux * ARROW_HALF),
        n(base.0 + uy * ARROW_HALF),
        n(base.1 - ux * ARROW_HALF)
    );
}

/// Every node: its `<g>` (classes for its kind, health and strain; its id), its sentence as
/// a tooltip, then its box, strip, badge, bottleneck tag and texts.
fn push_nodes(out: &mut String, p: &Positioned) {
    out.push_str("<g class=\"nodes\">");
    for pn in &p.nodes {
        let Some(node) = p.graph.nodes.get(pn.node) else {
            continue;
        };
        let tagged = node.bottleneck.is_some();
        let _ = write!(
            out,
            "<g class=\"node {}{}{}{}\" data-id=\"{}\">",
            node.kind.class(),
            node.health.class(),
            if tagged { " bottleneck " } else { "" },
            if tagged { node.strain.class() } else { "" },
            xml(&node.id)
        );
        let _ = write!(out, "<title>{}</title>", xml(&super::node_sentence(node)));
        push_node_shapes(out, pn);
        for t in &pn.texts {
            text(out, t);
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

/// A node's box, the coloured strip down its left side (when there is room for it above the
/// tag), its badge's pill and its bottleneck tag.
fn push_node_shapes(out: &mut String, pn: &PlacedNode) {
    let r = pn.rect;
    out.push_str("<rect class=\"box\"");
    rect_attrs(out, &r);
    let _ = write!(out, " rx=\"{}\"/>", n(RADIUS));
    let strip_h = r.h - 12.0 - pn.tag.map_or(0.0, |t| t.h);
    if strip_h > 4.0 {
        let s = Rect {
            x: r.x + 3.0,
            y: r.y + 6.0,
            w: 3.0,
            h: strip_h,
        };
        out.push_str("<rect class=\"strip\"");
        rect_attrs(out, &s);
        out.push_str(" rx=\"1.5\"/>");
    }
    if let Some(b) = &pn.badge {
        out.push_str("<rect class=\"badge\"");
        rect_attrs(out, b);
        let _ = write!(out, " rx=\"{}\"/>", n(b.h / 2.0));
    }
    if let Some(t) = &pn.tag {
        let _ = write!(
            out,
            "<path class=\"tag\" d=\"{}\"/>",
            bottom_rounded(t, RADIUS)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards the edge's end: the line stops 7 px short of the tip (inside the arrowhead), the
    // arrowhead points along the last segment, and coinciding points give a direction, not NaN.
    #[test]
    fn an_edge_ends_inside_its_arrowhead() {
        let points = [(10.0, 0.0), (10.0, 20.0), (40.0, 20.0)];
        let (u, len) = direction(points[1], points[2]);
        assert_eq!((u, len), ((1.0, 0.0), 30.0));
        assert_eq!(
            line_path(&points, u, (ARROW_LEN - 1.0).min(len)),
            "M10,0L10,20L33,20"
        );
        let mut out = String::new();
        push_arrow(&mut out, points[2], u);
        assert_eq!(out, "<path class=\"arrow\" d=\"M40,20L32,24L32,16Z\"/>");
        let (u, len) = direction((5.0, 5.0), (5.0, 5.0));
        assert_eq!((u, len), ((1.0, 0.0), 0.0));
        assert_eq!(line_path(&[(5.0, 5.0), (5.0, 5.0)], u, 0.0), "M5,5L5,5");
    }
}
