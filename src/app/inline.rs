//! Inline SVG: the core's renderers embed a `<style>` block in every drawing so that a
//! downloaded file stands alone. Inline, each such block would be a new style sheet on every
//! redraw, and every new style sheet makes the browser restyle the whole page (tens of
//! milliseconds per keystroke with four diagrams and a chart); and the page's
//! Content-Security-Policy allows no inline style at all (no `'unsafe-inline'` in
//! `style-src`). So the page drops the block and injects the rest of the drawing: the blocks'
//! rules, which are the same for every drawing the page shows, are in the page's own style
//! sheet (`style/main.css`, between the `svg-styles` markers; `tests/page_styles.rs` keeps
//! them equal to what the renderers write).

/// `svg` without its first `<style>` block (whole if it has none).
pub fn without_style(svg: &str) -> String {
    const OPEN: &str = "<style>";
    const CLOSE: &str = "</style>";
    let end = svg.find(OPEN).and_then(|start| {
        svg[start..]
            .find(CLOSE)
            .map(|len| (start, start + len + CLOSE.len()))
    });
    match end {
        Some((start, end)) => format!("{}{}", &svg[..start], &svg[end..]),
        None => svg.to_string(),
    }
}
