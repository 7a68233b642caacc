//! Inline SVG: the core's renderers embed a `<style>` block in every drawing so that a
//! downloaded file stands alone. Inline, each such block would be a new style sheet on every
//! redraw, and every new style sheet makes the browser restyle the whole page (tens of
//! milliseconds per keystroke with four diagrams and a chart); and the page's
//! Content-Security-Policy allows no inline style at all (no `'unsafe-inline'` in
//! `style-src`). So the page drops the block and injects the rest of the drawing: the blocks'
//! rules, which are the same for every drawing the page shows, are in the page's own style
//! sheet (`style/main.css`, between the `svg-styles` markers; `tests/page_styles.rs` keeps
//! them equal to what the renderers write).

/// `svg` split into its first `<style>` block's CSS and the drawing without that block. A
/// drawing without a style block comes back whole, with no CSS.
pub fn split_style(svg: &str) -> (String, String) {
    const OPEN: &str = "<style>";
    const CLOSE: &str = "</style>";
    let Some(start) = svg.find(OPEN) else {
        return (String::new(), svg.to_string());
    };
    let body = start + OPEN.len();
    let Some(len) = svg[body..].find(CLOSE) else {
        return (String::new(), svg.to_string());
    };
    let css = svg[body..body + len].to_string();
    let mut rest = String::with_capacity(svg.len() - len - OPEN.len() - CLOSE.len());
    rest.push_str(&svg[..start]);
    rest.push_str(&svg[body + len + CLOSE.len()..]);
    (css, rest)
}
