//! The stage table as one keyboard stop: the ARIA grid pattern with a roving tabindex.
//!
//! Every interactive thing in the table (figure buttons, quiz "reveal" buttons, the "List every
//! service" toggle: the [`STOPS`]) has `tabindex="-1"`, except one, the *current* stop, which has
//! `0`: Tab enters the table there and leaves it at the next control after it. The arrow keys
//! move between stops (up and down to the nearest stop of the next row that has one), Home and
//! End to the row's ends, Ctrl+Home and Ctrl+End to the grid's. Enter or Space presses the
//! button (its derivation opens, pinned; see `explain.rs`), Escape closes it.
//!
//! The current stop lives in the DOM only (its `tabindex`), not in a signal: moving it touches
//! two attributes, and no cell re-renders when it moves or when a figure changes. Both listeners
//! are delegated to the table's container, like the popovers' (one listener for hundreds of
//! cells). The first figure of the first row is the current stop when the table is built.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What the arrow keys move between.
pub const STOPS: &str = ".sm-fig, .sm-reveal, .sm-link-btn";
/// The current stop (the one with `tabindex="0"`), found among [`STOPS`].
const CURRENT: &str =
    ".sm-fig[tabindex=\"0\"], .sm-reveal[tabindex=\"0\"], .sm-link-btn[tabindex=\"0\"]";

/// A row of the grid that holds stops: each stop with the index of its cell in the row.
type GridRow = Vec<(u32, Element)>;

/// Every row of `table` that holds stops, in document order, with their stops (a cell holds
/// at most one).
fn rows(table: &Element) -> Vec<GridRow> {
    let mut out: Vec<GridRow> = Vec::new();
    let trs = table.get_elements_by_tag_name("tr");
    for r in 0..trs.length() {
        let Some(tr) = trs.item(r) else { continue };
        let cells = tr.children();
        let stops: GridRow = (0..cells.length())
            .filter_map(|k| {
                let stop = cells.item(k)?.query_selector(STOPS).ok()??;
                Some((k, stop))
            })
            .collect();
        if !stops.is_empty() {
            out.push(stops);
        }
    }
    out
}

/// The stop of `row` whose cell is nearest to column `col`.
fn nearest(row: &GridRow, col: u32) -> Option<&Element> {
    row.iter()
        .min_by_key(|(c, _)| c.abs_diff(col))
        .map(|(_, el)| el)
}

/// Makes `el` the current stop of `table` (the only one Tab reaches).
fn make_current(table: &Element, el: &Element) {
    let _ = el.set_attribute("tabindex", "-1");
    // Normally one, but whatever a rebuild left behind goes too (bounded: one per cell).
    for _ in 0..10_000 {
        match table.query_selector(CURRENT) {
            Ok(Some(old)) => {
                let _ = old.set_attribute("tabindex", "-1");
            }
            _ => break,
        }
    }
    let _ = el.set_attribute("tabindex", "0");
}

/// The stop `target` is in, and its table.
fn stop_at(target: Option<web_sys::EventTarget>) -> Option<(Element, Element)> {
    let el = target?.dyn_into::<Element>().ok()?;
    let stop = el.closest(STOPS).ok()??;
    let table = stop.closest("table").ok()??;
    Some((stop, table))
}

/// Focus arriving on a stop (by arrow, Tab, click or script) makes it the current one, so Tab
/// comes back to where the person left the table.
pub fn on_focus_in(ev: &web_sys::FocusEvent) {
    if let Some((stop, table)) = stop_at(ev.target()) {
        make_current(&table, &stop);
        reveal(&stop);
    }
}

/// The arrow, Home and End keys inside the table (see the module's documentation).
pub fn on_key(ev: &web_sys::KeyboardEvent) {
    let Some((stop, table)) = stop_at(ev.target()) else {
        return;
    };
    let grid = rows(&table);
    let Some((ri, si)) = grid
        .iter()
        .enumerate()
        .find_map(|(ri, r)| r.iter().position(|(_, el)| *el == stop).map(|si| (ri, si)))
    else {
        return;
    };
    let row = &grid[ri];
    let col = row[si].0;
    let ctrl = ev.ctrl_key() || ev.meta_key();
    let next: Option<&Element> = match ev.key().as_str() {
        "ArrowLeft" => si.checked_sub(1).and_then(|k| row.get(k)).map(|s| &s.1),
        "ArrowRight" => row.get(si + 1).map(|s| &s.1),
        "ArrowUp" => ri
            .checked_sub(1)
            .and_then(|k| grid.get(k))
            .and_then(|r| nearest(r, col)),
        "ArrowDown" => grid.get(ri + 1).and_then(|r| nearest(r, col)),
        "Home" if ctrl => grid.first().and_then(|r| r.first()).map(|s| &s.1),
        "End" if ctrl => grid.last().and_then(|r| r.last()).map(|s| &s.1),
        "Home" => row.first().map(|s| &s.1),
        "End" => row.last().map(|s| &s.1),
        _ => return,
    };
    // A handled key never scrolls the page, even at the grid's edge.
    ev.prevent_default();
    if let Some(next) = next {
        make_current(&table, next);
        if let Some(h) = next.dyn_ref::<HtmlElement>() {
            let _ = h.focus();
        }
        reveal(next);
    }
}

/// Scrolls the table sideways so that `el` is wholly visible beside its row's pinned label
/// (the browser's own scrolling on focus lets a figure sit under that sticky column).
fn reveal(el: &Element) {
    let Some(wrap) = el.closest(".sm-table-wrap").ok().flatten() else {
        return;
    };
    let head = el
        .closest("tr")
        .ok()
        .flatten()
        .and_then(|tr| tr.query_selector(".sm-rowhead").ok().flatten());
    let (r, w) = (
        el.get_bounding_client_rect(),
        wrap.get_bounding_client_rect(),
    );
    let (r_right, w_right) = (r.left() + r.width(), w.left() + w.width());
    // A label cell is the row's first: a stop inside it needs no room beside it.
    let left_edge = match head {
        Some(h) if !h.contains(Some(el)) => {
            let hr = h.get_bounding_client_rect();
            hr.left() + hr.width()
        }
        _ => w.left(),
    };
    const PAD: f64 = 4.0;
    let shift = if r.left() < left_edge + PAD {
        r.left() - left_edge - PAD
    } else if r_right > w_right - PAD {
        (r_right - w_right + PAD).min(r.left() - left_edge - PAD)
    } else {
        0.0
    };
    if shift != 0.0 {
        // Rounded away from zero, so the figure ends up fully in view.
        let px = if shift < 0.0 {
            shift.floor()
        } else {
            shift.ceil()
        };
        wrap.scroll_by_with_x_and_y(px, 0.0);
    }
}
