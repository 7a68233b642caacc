//! The narrow layout mode: the tiers stacked top to bottom in one column, for containers too
//! narrow for the wide (left to right) layout at natural size, such as a phone or a course
//! page's column. It is the same graph with its nodes moved, laid out by the same
//! [`super::layout::layout`], so every promise of that layout (no overlaps, edges border to
//! border, everything inside the view box) holds for it too; only edge labels, which the
//! layout writes beside horizontal edges, are left out (the text alternative keeps them).
//!
//! The wide layout is the default and stays byte for byte as it was; the page picks this one
//! by the width it has ([`choose`]).

use super::graph::{Graph, Place};
use super::layout::{layout, text_width, Positioned, CAPTION_SIZE, STACK_OFFSET};

/// The graph with all its nodes in one column, one row each, in reading order (tier by tier,
/// top to bottom within a tier, the operations band last), or `None` when that order would put
/// a node inside a group frame it does not belong to (each group must be one unbroken run of
/// rows).
pub fn stacked(g: &Graph) -> Option<Graph> {
    let mut order: Vec<(u8, i32, usize)> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| match n.place {
            Place::Cell { col, row } => (col, row, i),
            Place::Band => (u8::MAX, i32::MAX, i),
        })
        .collect();
    crate::core::sort::by(&mut order, |a, b| (a.0, a.1, a.2) < (b.0, b.1, b.2));
    let mut row_of: Vec<Option<usize>> = vec![None; g.nodes.len()];
    let mut out = g.clone();
    for (k, &(_, _, i)) in order.iter().enumerate() {
        row_of[i] = Some(k);
        out.nodes[i].place = Place::Cell {
            col: 0,
            row: i32::try_from(k).ok()?,
        };
    }
    for gi in 0..g.groups.len() {
        let rows: Vec<usize> = g
            .group_members(gi)
            .into_iter()
            .filter_map(|n| row_of.get(n).copied().flatten())
            .collect();
        let (Some(lo), Some(hi)) = (rows.iter().min(), rows.iter().max()) else {
            continue;
        };
        if hi - lo + 1 != rows.len() {
            return None;
        }
    }
    Some(out)
}

/// The layout for a container `width` CSS pixels wide: the wide one when it fits at natural
/// size (or when no width is known), else the stacked one when it is narrower than the wide
/// one and the graph allows it ([`stacked`]), else the wide one (the page then scrolls it
/// sideways inside its box rather than shrink its text).
pub fn choose(g: &Graph, width: Option<f64>) -> Positioned {
    let wide = layout(g);
    let Some(width) = width.filter(|w| w.is_finite() && *w > 0.0) else {
        return wide;
    };
    if wide.width <= width {
        return wide;
    }
    let Some(mut sg) = stacked(g) else {
        return wide;
    };
    let mut narrow = layout(&sg);
    if narrow.width > width {
        // The caption line is then often the widest thing: keep the parts of it that fit
        // above the drawing (the card's title already names the user count; the text
        // alternative keeps every part).
        let room = drawing_right(&narrow);
        let mut kept: Vec<&str> = Vec::new();
        for part in g.caption.split(" · ") {
            kept.push(part);
            if MARGIN + text_width(&kept.join(" · "), CAPTION_SIZE, false) > room {
                kept.pop();
                break;
            }
        }
        if !kept.is_empty() && kept.len() < g.caption.split(" · ").count() {
            sg.caption = kept.join(" · ");
            narrow = layout(&sg);
        }
    }
    if narrow.width < wide.width {
        narrow
    } else {
        wide
    }
}

/// Left margin of a drawing, as the layout leaves it.
const MARGIN: f64 = 16.0;

/// The right edge of everything drawn but the caption.
fn drawing_right(p: &Positioned) -> f64 {
    let nodes = p.nodes.iter().map(|n| n.rect.right());
    let groups = p
        .groups
        .iter()
        .map(|gr| gr.rect.right() + STACK_OFFSET * 2.0);
    let edges = p.edges.iter().flat_map(|e| e.points.iter().map(|q| q.0));
    nodes.chain(groups).chain(edges).fold(0.0, f64::max)
}
