//! Deterministic layout: tier grid → positions, sizes and routed edges.
//!
//! Nodes sit in the cells of a grid (a column per tier, a row per slot), so two boxes can never
//! overlap: every column is as wide as its widest box, every row as tall as its tallest, and
//! the gaps between them hold group frames, edge lanes and edge labels, each sized for what it
//! holds. Text is measured by estimate (a fixed advance per kind of character at a fixed font
//! size), never by a font, so the same graph always gives the same picture.
//!
//! Edges are orthogonal: out of a box's right side, along a vertical lane in the gap (the
//! "channel") after it, into the target's left side; calls between neighbouring rows of one
//! column are short vertical arrows. Each edge's label sits above its last horizontal segment,
//! inside the channel, to the right of every lane.

use std::collections::{BTreeMap, BTreeSet};

use super::graph::{End, Graph, Place};

/// Font size of node labels, in px.
pub const LABEL_SIZE: f64 = 13.0;
/// Font size of badges, details, edge labels and group headings, in px.
pub const SMALL_SIZE: f64 = 11.0;
/// Font size of the caption line, in px.
pub const CAPTION_SIZE: f64 = 12.0;
/// Part of the font size above the baseline that a text box reserves.
pub const ASCENT: f64 = 0.82;
/// Part of the font size below the baseline that a text box reserves.
pub const DESCENT: f64 = 0.26;

/// Longest node label drawn, in characters (the full name stays in the tooltip and the text).
pub const MAX_LABEL_CHARS: usize = 26;
const MAX_SMALL_CHARS: usize = 44;

const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 8.0;
const LABEL_LINE: f64 = 18.0;
const BADGE_H: f64 = 17.0;
const BADGE_PAD: f64 = 6.0;
const BADGE_GAP: f64 = 10.0;
const BADGE_LINE: f64 = 21.0;
const DETAIL_LINE: f64 = 15.0;
const TAG_H: f64 = 20.0;
const MIN_W: f64 = 92.0;
const MIN_H: f64 = 40.0;
const MONOLITH_EXTRA: f64 = 44.0;
const PORT_GAP: f64 = 20.0;

const MARGIN: f64 = 16.0;
const CAPTION_H: f64 = 30.0;
const GROUP_PAD: f64 = 12.0;
const GROUP_OPEN: f64 = 26.0;
const GROUP_LABEL_PAD: f64 = 9.0;
const ROW_GAP: f64 = 24.0;
const MIN_CHANNEL: f64 = 44.0;
const CH_PAD: f64 = 12.0;
const LANE: f64 = 8.0;
const LABEL_GAP: f64 = 8.0;
const BAND_GAP: f64 = 28.0;
const BAND_SPACING: f64 = 16.0;
/// Offset between the copies drawn behind a stacked group (regions), in px.
pub const STACK_OFFSET: f64 = 5.0;

/// An axis-aligned rectangle; `y` grows downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }

    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }

    /// Whether the two rectangles, each grown by `margin`, share any area.
    pub fn overlaps(&self, o: &Rect, margin: f64) -> bool {
        self.x < o.right() + margin
            && o.x < self.right() + margin
            && self.y < o.bottom() + margin
            && o.y < self.bottom() + margin
    }

    /// Whether `o` lies inside this rectangle (with `eps` of tolerance).
    pub fn contains(&self, o: &Rect, eps: f64) -> bool {
        o.x >= self.x - eps
            && o.y >= self.y - eps
            && o.right() <= self.right() + eps
            && o.bottom() <= self.bottom() + eps
    }

    /// Whether the point lies on the rectangle's border (with `eps` of tolerance).
    pub fn on_border(&self, p: (f64, f64), eps: f64) -> bool {
        let (x, y) = p;
        let in_x = x >= self.x - eps && x <= self.right() + eps;
        let in_y = y >= self.y - eps && y <= self.bottom() + eps;
        let on_v = (x - self.x).abs() <= eps || (x - self.right()).abs() <= eps;
        let on_h = (y - self.y).abs() <= eps || (y - self.bottom()).abs() <= eps;
        (on_v && in_y) || (on_h && in_x)
    }

    /// Whether the segment from `a` to `b` (horizontal or vertical) passes through the
    /// rectangle's inside, shrunk by `inset` on every side.
    pub fn crossed_by(&self, a: (f64, f64), b: (f64, f64), inset: f64) -> bool {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        x1 > self.x + inset
            && x0 < self.right() - inset
            && y1 > self.y + inset
            && y0 < self.bottom() - inset
    }
}

/// What a piece of text is; decides its size, weight and CSS class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextRole {
    /// The line of headline figures above the diagram.
    Caption,
    /// A node's name.
    Label,
    /// The count in a node's pill.
    Badge,
    /// A smaller line under a node's name.
    Detail,
    /// The bottleneck tag at the foot of a node.
    Tag,
    /// Text beside an edge.
    EdgeLabel,
    /// A group's heading.
    GroupLabel,
}

impl TextRole {
    /// Font size in px.
    pub fn size(self) -> f64 {
        match self {
            TextRole::Caption => CAPTION_SIZE,
            TextRole::Label => LABEL_SIZE,
            _ => SMALL_SIZE,
        }
    }

    /// Whether it is set in bold (600).
    pub fn bold(self) -> bool {
        matches!(
            self,
            TextRole::Label | TextRole::Badge | TextRole::Tag | TextRole::GroupLabel
        )
    }

    /// Its CSS class.
    pub fn class(self) -> &'static str {
        match self {
            TextRole::Caption => "caption",
            TextRole::Label => "label",
            TextRole::Badge => "badge-text",
            TextRole::Detail => "detail",
            TextRole::Tag => "tag-text",
            TextRole::EdgeLabel => "edge-label",
            TextRole::GroupLabel => "group-label",
        }
    }
}

/// A placed piece of text with its estimated extent.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// What is drawn (already shortened; escaped only when written out).
    pub text: String,
    /// What kind of text.
    pub role: TextRole,
    /// Left end of the estimated extent.
    pub x: f64,
    /// Baseline.
    pub baseline: f64,
    /// Estimated width.
    pub width: f64,
    /// Whether it is drawn centred on `x + width / 2` rather than from `x`.
    pub centered: bool,
}

impl TextBox {
    fn new(text: String, role: TextRole, x: f64, baseline: f64) -> Self {
        let width = text_width(&text, role.size(), role.bold());
        TextBox {
            text,
            role,
            x,
            baseline,
            width,
            centered: false,
        }
    }

    /// The box the text is estimated to fill.
    pub fn rect(&self) -> Rect {
        let s = self.role.size();
        Rect {
            x: self.x,
            y: self.baseline - ASCENT * s,
            w: self.width,
            h: (ASCENT + DESCENT) * s,
        }
    }
}

/// Advance of one character, in em: an upper bound measured on DejaVu Sans, the widest of the
/// usual `system-ui` fonts, so that text drawn in any of them fits the box made for it.
fn advance(c: char) -> f64 {
    match c {
        '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200D}' | '\u{FE00}'..='\u{FE0F}' => 0.0,
        'i' | 'j' | 'l' | '\'' => 0.35,
        'I' | 'J' => 0.38,
        '.' | ',' | ':' | ';' | '|' | ' ' | '/' | '\\' | '·' => 0.41,
        '!' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '"' | '*' | '_' | '`' => 0.53,
        '–' => 0.56,
        'c' | 's' | 'z' | '?' => 0.6,
        'm' => 1.09,
        'w' => 0.93,
        'a'..='z' | '0'..='9' | '$' | '{' | '}' => 0.72,
        'M' => 1.0,
        'W' => 1.11,
        'A'..='Z' | '&' | '▲' => 0.88,
        '#' | '+' | '<' | '=' | '>' | '^' | '~' | '×' => 0.94,
        '%' => 1.06,
        '@' | '—' | '…' => 1.12,
        c if (c as u32) < 0x2E80 => 0.95,
        c if (c as u32) < 0x1_F000 => 1.12,
        _ => 1.3,
    }
}

/// Estimated width of `text` at `size` px (the table is for bold; regular text is 10% narrower).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(advance).sum();
    em * size * if bold { 1.0 } else { 0.9 }
}

/// Text as drawn: control and direction-override characters dropped, at most `max` characters
/// (the last one an ellipsis when it was cut).
pub fn shorten(text: &str, max: usize) -> String {
    let clean: Vec<char> = text
        .chars()
        .filter(|&c| !c.is_control() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    if clean.len() <= max {
        clean.into_iter().collect()
    } else {
        let mut s: String = clean[..max.saturating_sub(1)]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string();
        s.push('…');
        s
    }
}

/// A node with its box and texts.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode {
    /// Index into [`Graph::nodes`].
    pub node: usize,
    /// Its box.
    pub rect: Rect,
    /// Label, badge text, details and tag text, in drawing order.
    pub texts: Vec<TextBox>,
    /// The badge's pill, if any.
    pub badge: Option<Rect>,
    /// The bottleneck strip, if any.
    pub tag: Option<Rect>,
}

/// An edge with its route.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdge {
    /// Index into [`Graph::edges`].
    pub edge: usize,
    /// The polyline, from the source's border to the target's border (the arrow's tip).
    pub points: Vec<(f64, f64)>,
    /// Its label, when one was given and there is room beside the edge.
    pub label: Option<TextBox>,
}

/// A group with its frame.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGroup {
    /// Index into [`Graph::groups`].
    pub group: usize,
    /// Its frame.
    pub rect: Rect,
    /// Its heading, inside the frame's top band.
    pub label: TextBox,
}

/// A laid-out diagram, ready to be written as SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Positioned {
    /// The graph it shows.
    pub graph: Graph,
    /// Width of the view box.
    pub width: f64,
    /// Height of the view box.
    pub height: f64,
    /// The caption line.
    pub caption: TextBox,
    /// Frames, parents before children.
    pub groups: Vec<PlacedGroup>,
    /// Edges that could be drawn (edges to nothing are left out).
    pub edges: Vec<PlacedEdge>,
    /// Every node, in graph order.
    pub nodes: Vec<PlacedNode>,
}

impl Positioned {
    /// The rectangle of an edge end.
    pub fn end_rect(&self, end: End) -> Option<Rect> {
        match end {
            End::Node(i) => self.nodes.get(i).map(|n| n.rect),
            End::Group(i) => self.groups.iter().find(|g| g.group == i).map(|g| g.rect),
        }
    }
}

/// Everything a node needs, measured.
struct Content {
    label: String,
    badge: Option<String>,
    badge_w: f64,
    badge_inline: bool,
    details: Vec<String>,
    tag: Option<String>,
    w: f64,
    h: f64,
}

fn content(n: &super::graph::Node) -> Content {
    let label = shorten(&n.label, MAX_LABEL_CHARS);
    let label_w = text_width(&label, LABEL_SIZE, true);
    let badge = n.badge.as_deref().map(|b| shorten(b, MAX_SMALL_CHARS));
    let badge_w = badge
        .as_deref()
        .map_or(0.0, |b| text_width(b, SMALL_SIZE, true) + 2.0 * BADGE_PAD);
    let badge_inline = badge
        .as_deref()
        .is_some_and(|b| b.starts_with('×') && b.chars().count() <= 12);
    let details: Vec<String> = n
        .details
        .iter()
        .map(|d| shorten(d, MAX_SMALL_CHARS))
        .collect();
    let tag = n
        .bottleneck
        .as_deref()
        .map(|t| shorten(&format!("▲ {t}"), MAX_SMALL_CHARS));
    let mut inner = label_w
        + if badge_inline {
            BADGE_GAP + badge_w
        } else {
            0.0
        };
    if !badge_inline {
        inner = inner.max(badge_w);
    }
    for d in &details {
        inner = inner.max(text_width(d, SMALL_SIZE, false));
    }
    if let Some(t) = &tag {
        inner = inner.max(text_width(t, SMALL_SIZE, true));
    }
    let w = (inner + 2.0 * PAD_X).max(MIN_W).ceil();
    let mut h = PAD_Y + LABEL_LINE + details.len() as f64 * DETAIL_LINE + PAD_Y;
    if badge.is_some() && !badge_inline {
        h += BADGE_LINE;
    }
    h = h.max(MIN_H) + MONOLITH_EXTRA * n.weight.clamp(0.0, 1.0);
    if tag.is_some() {
        h += TAG_H;
    }
    Content {
        label,
        badge,
        badge_w,
        badge_inline,
        details,
        tag,
        w,
        h: h.ceil(),
    }
}

/// Places the texts of a node inside its final box.
fn place_node(i: usize, c: &Content, rect: Rect) -> PlacedNode {
    let mut texts = Vec::new();
    let mut y = rect.y + PAD_Y;
    texts.push(TextBox::new(
        c.label.clone(),
        TextRole::Label,
        rect.x + PAD_X,
        y + 13.0,
    ));
    let mut badge = None;
    if let Some(b) = &c.badge {
        let pill = if c.badge_inline {
            Rect {
                x: rect.right() - PAD_X - c.badge_w,
                y: y + 0.5,
                w: c.badge_w,
                h: BADGE_H,
            }
        } else {
            Rect {
                x: rect.x + PAD_X,
                y: y + LABEL_LINE + 1.0,
                w: c.badge_w,
                h: BADGE_H,
            }
        };
        let mut t = TextBox::new(
            b.clone(),
            TextRole::Badge,
            pill.x + BADGE_PAD,
            pill.y + 12.5,
        );
        t.centered = true;
        texts.push(t);
        badge = Some(pill);
    }
    y += LABEL_LINE;
    if c.badge.is_some() && !c.badge_inline {
        y += BADGE_LINE;
    }
    for d in &c.details {
        texts.push(TextBox::new(
            d.clone(),
            TextRole::Detail,
            rect.x + PAD_X,
            y + 11.0,
        ));
        y += DETAIL_LINE;
    }
    let mut tag = None;
    if let Some(t) = &c.tag {
        let strip = Rect {
            x: rect.x,
            y: rect.bottom() - TAG_H,
            w: rect.w,
            h: TAG_H,
        };
        texts.push(TextBox::new(
            t.clone(),
            TextRole::Tag,
            rect.x + PAD_X,
            strip.bottom() - 6.0,
        ));
        tag = Some(strip);
    }
    PlacedNode {
        node: i,
        rect,
        texts,
        badge,
        tag,
    }
}

/// A cell range: columns `c0..=c1`, rows `r0..=r1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    c0: usize,
    c1: usize,
    r0: usize,
    r1: usize,
}

impl Span {
    fn mid_row(&self) -> f64 {
        (self.r0 + self.r1) as f64 / 2.0
    }
    fn mid_col(&self) -> f64 {
        (self.c0 + self.c1) as f64 / 2.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// Right side → lane in `channel` → left side.
    Forward(usize),
    /// Bottom side → top side (target below).
    Down,
    /// Top side → bottom side (target above).
    Up,
    /// Right side → lane in `channel` → right side (same column).
    Lane(usize),
    /// Left side → lane in `channel` → right side (target to the left).
    Back(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Slot {
    /// The shared exit of every forward edge leaving an end.
    Trunk,
    /// One edge's own attachment.
    Edge(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum LaneOwner {
    Trunk(End),
    Edge(usize),
}

/// The grid: every node's cell, renumbered densely.
struct Grid {
    /// Each node's (column, row), `None` for the band below.
    cell_of: Vec<Option<(usize, usize)>>,
    /// Which node sits in each cell.
    occupied: BTreeMap<(usize, usize), usize>,
    /// Columns.
    ncols: usize,
    /// Rows.
    nrows: usize,
}

/// Each group's nesting depth and cell range.
struct GroupSpans {
    /// Nesting depth (0 for a top-level group).
    depth: Vec<usize>,
    /// The cells it covers, `None` when it has no member in the grid.
    span: Vec<Option<Span>>,
}

/// Every edge's route on the grid: its ends' spans and how it runs.
type Routes = Vec<Option<(Span, Span, Route)>>;
/// Attachment slots on each side of each end, in order along the side.
type Slots = BTreeMap<(End, Side), Vec<(f64, Slot)>>;

/// Sizes of nodes, columns and rows.
struct Sizes {
    node_w: Vec<f64>,
    node_h: Vec<f64>,
    col_w: Vec<f64>,
    row_h: Vec<f64>,
}

/// The channels between columns: their lanes and widths.
struct Channels {
    lanes: Vec<Vec<LaneOwner>>,
    ch_w: Vec<f64>,
}

impl Channels {
    /// Where an edge label starts in channel `ch`, from its left side.
    fn label_offset(&self, ch: usize) -> f64 {
        CH_PAD + (self.lanes[ch].len().max(1) - 1) as f64 * LANE + LABEL_GAP
    }
}

/// Nesting pads at every column and row boundary, and the rows' positions.
struct Frame {
    open_c: Vec<Option<(usize, usize)>>,
    close_c: Vec<Option<(usize, usize)>>,
    open_r: Vec<Option<(usize, usize)>>,
    close_r: Vec<Option<(usize, usize)>>,
    row_top: Vec<f64>,
    grid_bottom: f64,
}

fn levels(d: Option<(usize, usize)>) -> f64 {
    d.map_or(0.0, |(lo, hi)| (hi - lo + 1) as f64)
}

impl Frame {
    /// Columns' left edges, channels' left edges, and the grid's right edge.
    fn xs(&self, col_w: &[f64], ch: &Channels) -> (Vec<f64>, Vec<f64>, f64) {
        let ncols = col_w.len();
        let mut x = MARGIN;
        let mut left = vec![0.0; ncols];
        let mut ch_left = vec![0.0; ncols];
        for c in 0..ncols {
            x += levels(self.open_c[c]) * GROUP_PAD;
            left[c] = x;
            x += col_w[c];
            x += levels(self.close_c[c]) * GROUP_PAD;
            ch_left[c] = x;
            x += ch.ch_w[c];
        }
        (left, ch_left, x + MARGIN)
    }

    /// The frame of group `gi`, spanning `sp`.
    fn group_rect(
        &self,
        depth: usize,
        sp: &Span,
        col_left: &[f64],
        col_w: &[f64],
        row_h: &[f64],
    ) -> Rect {
        let d = depth as f64;
        let lv = |o: Option<(usize, usize)>| o.map_or(1.0, |(_, hi)| hi as f64 - d + 1.0);
        let x0 = col_left[sp.c0] - lv(self.open_c[sp.c0]) * GROUP_PAD;
        let x1 = col_left[sp.c1] + col_w[sp.c1] + lv(self.close_c[sp.c1]) * GROUP_PAD;
        let y0 = self.row_top[sp.r0] - lv(self.open_r[sp.r0]) * GROUP_OPEN;
        let y1 = self.row_top[sp.r1] + row_h[sp.r1] + lv(self.close_r[sp.r1]) * GROUP_PAD;
        Rect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }
    }
}

/// Lays out `g` in named steps: the grid, the groups' spans, the routes, the attachment slots,
/// the sizes, the channels, the frame, then nodes, groups and edges placed, and the caption.
pub fn layout(g: &Graph) -> Positioned {
    let contents: Vec<Content> = g.nodes.iter().map(content).collect();
    let grid = grid(g);
    let spans = group_spans(g, &grid);
    let routes = routes(g, &grid, &spans);
    let slots = slots(g, &routes);
    let mut sizes = sizes(g, &contents, &grid, &spans, &slots);
    let ch = channels(g, &routes, grid.ncols);
    let frame = frame(g, &grid, &spans, &sizes);
    let group_labels: Vec<String> = g.groups.iter().map(|gr| shorten(&gr.label, 60)).collect();
    widen_for_group_labels(g, &spans, &frame, &ch, &group_labels, &mut sizes);
    let (col_left, ch_left, grid_right) = frame.xs(&sizes.col_w, &ch);
    let (nodes, mut bottom, mut right) =
        place_nodes(&contents, &grid, &sizes, &frame, &col_left, grid_right);
    let groups = place_groups(&spans, &frame, &sizes, &col_left, &group_labels);
    for p in &groups {
        let stack = g.groups[p.group].stack.min(2) as f64 * STACK_OFFSET;
        right = right.max(p.rect.right() + stack);
        bottom = bottom.max(p.rect.bottom() + stack);
    }
    let edges = place_edges(g, &routes, &slots, &ch, &ch_left, &nodes, &groups);
    let caption = TextBox::new(
        shorten(&g.caption, 120),
        TextRole::Caption,
        MARGIN,
        MARGIN + 12.0,
    );
    right = right.max(caption.rect().right());
    Positioned {
        graph: g.clone(),
        width: (right + MARGIN).ceil(),
        height: (bottom + MARGIN).ceil(),
        caption,
        groups,
        edges,
        nodes,
    }
}

/// Grid cells, renumbered densely; a template mistake (two nodes in one cell) moves the
/// second one to a fresh row instead of overlapping.
fn grid(g: &Graph) -> Grid {
    let cols: BTreeSet<u8> = g
        .nodes
        .iter()
        .filter_map(|n| match n.place {
            Place::Cell { col, .. } => Some(col),
            Place::Band => None,
        })
        .collect();
    let rows: BTreeSet<i32> = g
        .nodes
        .iter()
        .filter_map(|n| match n.place {
            Place::Cell { row, .. } => Some(row),
            Place::Band => None,
        })
        .collect();
    let ncols = cols.len();
    let mut nrows = rows.len();
    let mut cell_of: Vec<Option<(usize, usize)>> = vec![None; g.nodes.len()];
    let mut occupied: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut band: Vec<usize> = Vec::new();
    for (i, n) in g.nodes.iter().enumerate() {
        match n.place {
            Place::Cell { col, row } => {
                // Dense numbers: how many distinct columns (rows) come before this one.
                let c = cols.range(..col).count();
                let mut r = rows.range(..row).count();
                if occupied.contains_key(&(c, r)) {
                    r = nrows;
                    nrows += 1;
                }
                occupied.insert((c, r), i);
                cell_of[i] = Some((c, r));
            }
            Place::Band => band.push(i),
        }
    }

    Grid {
        cell_of,
        occupied,
        ncols,
        nrows,
    }
}

/// Groups: their cell ranges and nesting depths.
fn group_spans(g: &Graph, grid: &Grid) -> GroupSpans {
    let cell_of = &grid.cell_of;
    let parents = g.group_parents();
    let depth: Vec<usize> = (0..g.groups.len())
        .map(|mut i| {
            let mut d = 0;
            while let Some(p) = parents[i] {
                d += 1;
                i = p;
                if d > g.groups.len() {
                    break;
                }
            }
            d
        })
        .collect();
    let group_span: Vec<Option<Span>> = (0..g.groups.len())
        .map(|gi| {
            let cells: Vec<(usize, usize)> = g
                .group_members(gi)
                .into_iter()
                .filter_map(|n| cell_of.get(n).copied().flatten())
                .collect();
            let c0 = cells.iter().map(|c| c.0).min()?;
            let c1 = cells.iter().map(|c| c.0).max()?;
            let r0 = cells.iter().map(|c| c.1).min()?;
            let r1 = cells.iter().map(|c| c.1).max()?;
            Some(Span { c0, c1, r0, r1 })
        })
        .collect();
    #[cfg(debug_assertions)]
    for (gi, sp) in group_span.iter().enumerate() {
        if let Some(sp) = sp {
            let members = g.group_members(gi);
            for (&(c, r), &n) in &grid.occupied {
                debug_assert!(
                    !(c >= sp.c0 && c <= sp.c1 && r >= sp.r0 && r <= sp.r1) || members.contains(&n),
                    "node {} sits inside group {} without belonging to it",
                    g.nodes[n].id,
                    g.groups[gi].id
                );
            }
        }
    }

    GroupSpans {
        depth,
        span: group_span,
    }
}

/// Routes, decided on the grid alone.
fn routes(g: &Graph, grid: &Grid, spans: &GroupSpans) -> Routes {
    let (cell_of, occupied, group_span) = (&grid.cell_of, &grid.occupied, &spans.span);
    let span_of = |e: End| -> Option<Span> {
        match e {
            End::Node(i) => cell_of.get(i).copied().flatten().map(|(c, r)| Span {
                c0: c,
                c1: c,
                r0: r,
                r1: r,
            }),
            End::Group(i) => group_span.get(i).copied().flatten(),
        }
    };
    let clear = |cs: std::ops::Range<usize>, rs: std::ops::RangeInclusive<usize>| -> bool {
        cs.into_iter()
            .all(|c| rs.clone().all(|r| !occupied.contains_key(&(c, r))))
    };

    // Routes, decided on the grid alone.
    let mut routes: Vec<Option<(Span, Span, Route)>> = Vec::with_capacity(g.edges.len());
    for e in &g.edges {
        let (Some(a), Some(b)) = (span_of(e.from), span_of(e.to)) else {
            routes.push(None);
            continue;
        };
        if e.from == e.to {
            routes.push(None);
            continue;
        }
        let route = if a.c1 < b.c0 {
            let between = a.c1 + 1..b.c0;
            if between.is_empty() || clear(between.clone(), b.r0..=b.r1) {
                Route::Forward(a.c1)
            } else if clear(between, a.r0..=a.r1) {
                Route::Forward(b.c0 - 1)
            } else {
                Route::Forward(a.c1)
            }
        } else if b.c1 < a.c0 {
            Route::Back(b.c1)
        } else {
            let (lo, hi) = (a.c0.max(b.c0), a.c1.min(b.c1));
            let between_clear = |top: usize, bottom: usize| {
                bottom == top + 1 || clear(lo..hi + 1, top + 1..=bottom - 1)
            };
            if a.r1 < b.r0 && between_clear(a.r1, b.r0) {
                Route::Down
            } else if b.r1 < a.r0 && between_clear(b.r1, a.r0) {
                Route::Up
            } else {
                Route::Lane(a.c1.max(b.c1))
            }
        };
        routes.push(Some((a, b, route)));
    }

    routes
}

/// Attachment slots on each side of each end, ordered to limit crossings.
fn slots(g: &Graph, routes: &Routes) -> Slots {
    let mut slots: BTreeMap<(End, Side), Vec<(f64, Slot)>> = BTreeMap::new();
    let mut add_slot = |end: End, side: Side, key: f64, slot: Slot| {
        let v = slots.entry((end, side)).or_default();
        if !v.iter().any(|s| s.1 == slot) {
            v.push((key, slot));
        }
    };
    for (ei, r) in routes.iter().enumerate() {
        let Some((a, b, route)) = r else { continue };
        let e = &g.edges[ei];
        match route {
            Route::Forward(_) => {
                add_slot(e.from, Side::Right, a.mid_row(), Slot::Trunk);
                add_slot(e.to, Side::Left, a.mid_row(), Slot::Edge(ei));
            }
            Route::Down => {
                add_slot(e.from, Side::Bottom, b.mid_col(), Slot::Edge(ei));
                add_slot(e.to, Side::Top, a.mid_col(), Slot::Edge(ei));
            }
            Route::Up => {
                add_slot(e.from, Side::Top, b.mid_col(), Slot::Edge(ei));
                add_slot(e.to, Side::Bottom, a.mid_col(), Slot::Edge(ei));
            }
            Route::Lane(_) => {
                add_slot(e.from, Side::Right, b.mid_row(), Slot::Edge(ei));
                add_slot(e.to, Side::Right, a.mid_row(), Slot::Edge(ei));
            }
            Route::Back(_) => {
                add_slot(e.from, Side::Left, b.mid_row(), Slot::Edge(ei));
                add_slot(e.to, Side::Right, a.mid_row(), Slot::Edge(ei));
            }
        }
    }
    for v in slots.values_mut() {
        crate::core::sort::by(v, |x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).is_lt());
    }

    slots
}

/// Node sizes, with room for their attachments; column widths and row heights.
fn sizes(g: &Graph, contents: &[Content], grid: &Grid, spans: &GroupSpans, slots: &Slots) -> Sizes {
    let (ncols, nrows, cell_of, group_span) = (grid.ncols, grid.nrows, &grid.cell_of, &spans.span);
    let mut node_w: Vec<f64> = contents.iter().map(|c| c.w).collect();
    let mut node_h: Vec<f64> = contents.iter().map(|c| c.h).collect();
    for ((end, side), v) in slots {
        if let End::Node(i) = *end {
            let need = (v.len() as f64 + 1.0) * PORT_GAP;
            match side {
                Side::Left | Side::Right => node_h[i] = node_h[i].max(need),
                Side::Top | Side::Bottom => node_w[i] = node_w[i].max(need),
            }
        }
    }
    let mut col_w = vec![0.0_f64; ncols];
    let mut row_h = vec![0.0_f64; nrows];
    for (i, c) in cell_of.iter().enumerate() {
        if let Some((c, r)) = *c {
            col_w[c] = col_w[c].max(node_w[i]);
            row_h[r] = row_h[r].max(node_h[i]);
        }
    }

    // Evenly spaced stacks: the rows of a group without inner groups share one height.
    for (gi, sp) in group_span.iter().enumerate() {
        if let Some(sp) = sp {
            if g.groups[gi]
                .groups
                .iter()
                .all(|&c| group_span.get(c).is_none_or(|x| x.is_none()))
            {
                let h = row_h[sp.r0..=sp.r1].iter().cloned().fold(0.0, f64::max);
                row_h[sp.r0..=sp.r1].fill(h);
            }
        }
    }

    Sizes {
        node_w,
        node_h,
        col_w,
        row_h,
    }
}

/// Channels: lanes and label room.
fn channels(g: &Graph, routes: &Routes, ncols: usize) -> Channels {
    let mut lanes: Vec<Vec<LaneOwner>> = vec![Vec::new(); ncols];
    let mut label_room = vec![0.0_f64; ncols];
    for (ei, r) in routes.iter().enumerate() {
        let Some((_, _, route)) = r else { continue };
        let e = &g.edges[ei];
        let (ch, owner) = match *route {
            Route::Forward(ch) => (ch, LaneOwner::Trunk(e.from)),
            Route::Lane(ch) | Route::Back(ch) => (ch, LaneOwner::Edge(ei)),
            Route::Down | Route::Up => continue,
        };
        if ch < ncols && !lanes[ch].contains(&owner) {
            lanes[ch].push(owner);
        }
        if let (Route::Forward(ch), Some(l)) = (*route, &e.label) {
            let w = text_width(&shorten(l, MAX_SMALL_CHARS), SMALL_SIZE, false);
            label_room[ch] = label_room[ch].max(w);
        }
    }
    let label_offset = |ch: usize| CH_PAD + (lanes[ch].len().max(1) - 1) as f64 * LANE + LABEL_GAP;
    let ch_w: Vec<f64> = (0..ncols)
        .map(|ch| {
            if ch + 1 == ncols {
                if lanes[ch].is_empty() {
                    0.0
                } else {
                    CH_PAD + lanes[ch].len() as f64 * LANE
                }
            } else {
                let with_label = if label_room[ch] > 0.0 {
                    label_offset(ch) + label_room[ch] + CH_PAD
                } else {
                    0.0
                };
                let lanes_only = CH_PAD * 2.0 + lanes[ch].len().saturating_sub(1) as f64 * LANE;
                MIN_CHANNEL.max(with_label).max(lanes_only).ceil()
            }
        })
        .collect();

    Channels { lanes, ch_w }
}

/// Nesting pads at each column and row boundary, and the rows' positions.
fn frame(g: &Graph, grid: &Grid, spans: &GroupSpans, sizes: &Sizes) -> Frame {
    let (ncols, nrows) = (grid.ncols, grid.nrows);
    let depth_range = |pick: &dyn Fn(&Span) -> bool| -> Option<(usize, usize)> {
        let ds: Vec<usize> = (0..g.groups.len())
            .filter(|&gi| spans.span[gi].as_ref().is_some_and(pick))
            .map(|gi| spans.depth[gi])
            .collect();
        Some((*ds.iter().min()?, *ds.iter().max()?))
    };
    let open_c: Vec<Option<(usize, usize)>> = (0..ncols)
        .map(|c| depth_range(&|s: &Span| s.c0 == c))
        .collect();
    let close_c: Vec<Option<(usize, usize)>> = (0..ncols)
        .map(|c| depth_range(&|s: &Span| s.c1 == c))
        .collect();
    let open_r: Vec<Option<(usize, usize)>> = (0..nrows)
        .map(|r| depth_range(&|s: &Span| s.r0 == r))
        .collect();
    let close_r: Vec<Option<(usize, usize)>> = (0..nrows)
        .map(|r| depth_range(&|s: &Span| s.r1 == r))
        .collect();
    let mut y = MARGIN + CAPTION_H;
    let mut row_top = vec![0.0; nrows];
    for r in 0..nrows {
        y += levels(open_r[r]) * GROUP_OPEN;
        row_top[r] = y;
        y += sizes.row_h[r];
        y += levels(close_r[r]) * GROUP_PAD;
        if r + 1 < nrows {
            y += ROW_GAP;
        }
    }
    let grid_bottom = if nrows == 0 { MARGIN + CAPTION_H } else { y };
    Frame {
        open_c,
        close_c,
        open_r,
        close_r,
        row_top,
        grid_bottom,
    }
}

/// Widens a group's last column until its heading fits, innermost groups first.
fn widen_for_group_labels(
    g: &Graph,
    spans: &GroupSpans,
    frame: &Frame,
    ch: &Channels,
    group_labels: &[String],
    sizes: &mut Sizes,
) {
    let mut order: Vec<usize> = (0..g.groups.len()).collect();
    crate::core::sort::by(&mut order, |&a, &b| spans.depth[a] > spans.depth[b]);
    for &gi in &order {
        if let Some(sp) = spans.span[gi] {
            let (left, _, _) = frame.xs(&sizes.col_w, ch);
            let r = frame.group_rect(spans.depth[gi], &sp, &left, &sizes.col_w, &sizes.row_h);
            let need = text_width(&group_labels[gi], SMALL_SIZE, true) + 2.0 * GROUP_LABEL_PAD;
            if r.w < need {
                sizes.col_w[sp.c1] += (need - r.w).ceil();
            }
        }
    }
}

/// Places every node in its cell (the band's in a row below the grid); returns them with the
/// drawing's bottom and right edges so far.
fn place_nodes(
    contents: &[Content],
    grid: &Grid,
    sizes: &Sizes,
    frame: &Frame,
    col_left: &[f64],
    grid_right: f64,
) -> (Vec<PlacedNode>, f64, f64) {
    let mut nodes: Vec<PlacedNode> = Vec::with_capacity(contents.len());
    let mut band_x = MARGIN;
    let band_y = frame.grid_bottom + BAND_GAP;
    let mut bottom = frame.grid_bottom;
    let mut right = grid_right - MARGIN;
    for (i, c) in contents.iter().enumerate() {
        let rect = match grid.cell_of[i] {
            Some((cc, r)) => Rect {
                x: col_left[cc],
                y: frame.row_top[r] + ((sizes.row_h[r] - sizes.node_h[i]) / 2.0).floor(),
                w: sizes.col_w[cc],
                h: sizes.node_h[i],
            },
            None => {
                let r = Rect {
                    x: band_x,
                    y: band_y,
                    w: sizes.node_w[i],
                    h: sizes.node_h[i],
                };
                band_x += sizes.node_w[i] + BAND_SPACING;
                r
            }
        };
        bottom = bottom.max(rect.bottom());
        right = right.max(rect.right());
        nodes.push(place_node(i, c, rect));
    }
    (nodes, bottom, right)
}

/// Frames every group that has members in the grid, with its heading.
fn place_groups(
    spans: &GroupSpans,
    frame: &Frame,
    sizes: &Sizes,
    col_left: &[f64],
    group_labels: &[String],
) -> Vec<PlacedGroup> {
    group_labels
        .iter()
        .enumerate()
        .filter_map(|(gi, text)| {
            let sp = spans.span[gi]?;
            let rect = frame.group_rect(spans.depth[gi], &sp, col_left, &sizes.col_w, &sizes.row_h);
            let label = TextBox::new(
                text.clone(),
                TextRole::GroupLabel,
                rect.x + GROUP_LABEL_PAD,
                rect.y + 16.0,
            );
            Some(PlacedGroup {
                group: gi,
                rect,
                label,
            })
        })
        .collect()
}

/// Where edges attach: the placed ends, their slots and the channels' lanes.
struct Attach<'a> {
    slots: &'a Slots,
    ch: &'a Channels,
    ch_left: &'a [f64],
    nodes: &'a [PlacedNode],
    groups: &'a [PlacedGroup],
}

impl Attach<'_> {
    /// The rectangle of an end (a node or a group), once placed.
    fn end_rect(&self, e: End) -> Option<Rect> {
        match e {
            End::Node(i) => self.nodes.get(i).map(|n| n.rect),
            End::Group(i) => self.groups.iter().find(|p| p.group == i).map(|p| p.rect),
        }
    }

    /// The point of `slot` on `side` of `end`: slots are spread evenly along the side, in
    /// their order, on whole pixels.
    fn slot_pos(&self, end: End, side: Side, slot: Slot) -> Option<(f64, f64)> {
        let r = self.end_rect(end)?;
        let v = self.slots.get(&(end, side))?;
        let k = v.iter().position(|s| s.1 == slot)?;
        let f = (k as f64 + 1.0) / (v.len() as f64 + 1.0);
        Some(match side {
            Side::Left => (r.x, (r.y + r.h * f).round()),
            Side::Right => (r.right(), (r.y + r.h * f).round()),
            Side::Top => ((r.x + r.w * f).round(), r.y),
            Side::Bottom => ((r.x + r.w * f).round(), r.bottom()),
        })
    }

    /// The x of `owner`'s lane in channel `ch` (the first lane when it has none).
    fn lane_x(&self, ch: usize, owner: LaneOwner) -> f64 {
        let k = self
            .ch
            .lanes
            .get(ch)
            .and_then(|l| l.iter().position(|o| *o == owner))
            .unwrap_or(0);
        self.ch_left[ch] + CH_PAD + k as f64 * LANE
    }
}

/// Draws every edge along its route between its attachment points, with its label where one
/// fits without touching anything.
fn place_edges(
    g: &Graph,
    routes: &Routes,
    slots: &Slots,
    ch: &Channels,
    ch_left: &[f64],
    nodes: &[PlacedNode],
    groups: &[PlacedGroup],
) -> Vec<PlacedEdge> {
    let at = Attach {
        slots,
        ch,
        ch_left,
        nodes,
        groups,
    };
    let mut edges: Vec<PlacedEdge> = Vec::new();
    let mut taken: Vec<Rect> = nodes
        .iter()
        .map(|n| n.rect)
        .chain(groups.iter().map(|p| p.label.rect()))
        .collect();
    for (ei, r) in routes.iter().enumerate() {
        let Some((_, _, route)) = r else { continue };
        let e = &g.edges[ei];
        let Some(pts) = edge_points(&at, e.from, e.to, ei, *route) else {
            continue;
        };
        let mut label = None;
        if let (Route::Forward(c), Some(text)) = (*route, &e.label) {
            let Some(&end) = pts.last() else { continue };
            let x = ch_left[c] + ch.label_offset(c);
            label = place_edge_label(text, x, end, &mut taken);
        }
        edges.push(PlacedEdge {
            edge: ei,
            points: pts,
            label,
        });
    }
    edges
}

/// The points of edge `ei` from `from` to `to` along `route`; `None` when an end or slot is
/// missing. Forward edges leave through their source's shared trunk; a straight run needs
/// no bends.
fn edge_points(
    at: &Attach,
    from: End,
    to: End,
    ei: usize,
    route: Route,
) -> Option<Vec<(f64, f64)>> {
    let own = Slot::Edge(ei);
    Some(match route {
        Route::Forward(ch) => {
            let s = at.slot_pos(from, Side::Right, Slot::Trunk)?;
            let t = at.slot_pos(to, Side::Left, own)?;
            let lx = at.lane_x(ch, LaneOwner::Trunk(from));
            if (s.1 - t.1).abs() < 0.5 {
                vec![s, (t.0, s.1)]
            } else {
                vec![s, (lx, s.1), (lx, t.1), t]
            }
        }
        Route::Down | Route::Up => {
            let (fs, ts) = if route == Route::Down {
                (Side::Bottom, Side::Top)
            } else {
                (Side::Top, Side::Bottom)
            };
            let s = at.slot_pos(from, fs, own)?;
            let t = at.slot_pos(to, ts, own)?;
            if (s.0 - t.0).abs() < 0.5 {
                vec![s, (s.0, t.1)]
            } else {
                let my = ((s.1 + t.1) / 2.0).round();
                vec![s, (s.0, my), (t.0, my), t]
            }
        }
        Route::Lane(ch) | Route::Back(ch) => {
            let from_side = if matches!(route, Route::Lane(_)) {
                Side::Right
            } else {
                Side::Left
            };
            let s = at.slot_pos(from, from_side, own)?;
            let t = at.slot_pos(to, Side::Right, own)?;
            let lx = at.lane_x(ch, LaneOwner::Edge(ei));
            vec![s, (lx, s.1), (lx, t.1), t]
        }
    })
}

/// A forward edge's label at `x`, just above its end point `end`, else just below; `None`
/// when neither fits left of the end without overlapping a rectangle in `taken`. The label
/// placed joins `taken`.
fn place_edge_label(text: &str, x: f64, end: (f64, f64), taken: &mut Vec<Rect>) -> Option<TextBox> {
    let above = TextBox::new(
        shorten(text, MAX_SMALL_CHARS),
        TextRole::EdgeLabel,
        x,
        end.1 - 5.0,
    );
    let below = TextBox {
        baseline: end.1 + 5.0 + ASCENT * SMALL_SIZE,
        ..above.clone()
    };
    let label = [above, below].into_iter().find(|t| {
        let r = t.rect();
        r.right() <= end.0 - 2.0 && !taken.iter().any(|o| o.overlaps(&r, 1.0))
    });
    if let Some(t) = &label {
        taken.push(t.rect());
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: an edge label goes just above its edge's end, else just below, else nowhere: it
    // must end left of the arrowhead and overlap nothing taken, and once placed it is taken.
    #[test]
    fn edge_label_step() {
        let end = (400.0, 100.0);
        let mut taken = Vec::new();
        let above = place_edge_label("reads", 300.0, end, &mut taken).expect("room above");
        assert_eq!(above.baseline, 95.0);
        assert_eq!(taken, vec![above.rect()]);
        let below = place_edge_label("reads", 300.0, end, &mut taken).expect("room below");
        assert_eq!(below.baseline, 105.0 + ASCENT * SMALL_SIZE);
        assert_eq!(taken.len(), 2);
        assert_eq!(place_edge_label("reads", 300.0, end, &mut taken), None);
        assert_eq!(
            place_edge_label("reads", 395.0, (400.0, 300.0), &mut Vec::new()),
            None
        );
    }
}
