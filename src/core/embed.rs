//! The embed builder's choices and what they write: the embedded page's link (the scenario with
//! the chosen view options), its address relative to the site's root, its title, and the snippet
//! a course author pastes (an `<iframe>` and the height listener the README documents). Plain
//! functions; the Learn page's builder shows them with a live preview.

use super::escape::xml;
use super::share::{self, Link, Theme, View};

/// Which page an embed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// The growth page: table, diagrams, chart (its `view` picks among them).
    #[default]
    Growth,
    /// The Learn page: the scaling plan and Self Check, or an exercise.
    Learn,
    /// The Day page: a day of traffic at one stage.
    Day,
    /// The Ranges page: bands and what moves them.
    Ranges,
}

impl Page {
    /// Every page, in the builder's order, with its name for people.
    pub const ALL: [(Page, &'static str); 4] = [
        (Page::Growth, "Growth: table, diagrams, chart"),
        (Page::Learn, "Learn: plan, Self Check or exercise"),
        (Page::Day, "A day of traffic"),
        (Page::Ranges, "Ranges"),
    ];

    /// Its folder under the site's root ("" for the growth page).
    pub fn path(self) -> &'static str {
        match self {
            Page::Growth => "",
            Page::Learn => "learn/",
            Page::Day => "day/",
            Page::Ranges => "ranges/",
        }
    }

    /// Its key in the builder's form (`growth`, `learn`, `day`, `ranges`).
    pub fn key(self) -> &'static str {
        match self {
            Page::Growth => "growth",
            Page::Learn => "learn",
            Page::Day => "day",
            Page::Ranges => "ranges",
        }
    }

    /// The page with key `key`.
    pub fn from_key(key: &str) -> Option<Page> {
        Page::ALL.iter().map(|p| p.0).find(|p| p.key() == key)
    }
}

/// What the author chose.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The page embedded.
    pub page: Page,
    /// The growth page's part (the other pages show their own).
    pub view: View,
    /// The stage a single diagram shows, from 0.
    pub stage: usize,
    /// No inputs in the frame.
    pub read_only: bool,
    /// The growth page's quiz mode (figures hidden until clicked).
    pub quiz: bool,
    /// The Learn page's exercise questions (`ask`), as the link writes them.
    pub ask: String,
    /// The colour scheme.
    pub theme: Theme,
    /// The frame's height before it reports its own, CSS pixels.
    pub height: u32,
    /// The frame's name in its height messages (`id`); empty: none.
    pub id: String,
}

impl Default for Choice {
    fn default() -> Self {
        Choice {
            page: Page::Growth,
            view: View::All,
            stage: 0,
            read_only: true,
            quiz: false,
            ask: String::new(),
            theme: Theme::Auto,
            height: DEFAULT_HEIGHT,
            id: String::new(),
        }
    }
}

/// The frame's height until it reports its own.
pub const DEFAULT_HEIGHT: u32 = 600;
/// The heights the builder accepts.
pub const HEIGHTS: (u32, u32) = (120, 20_000);

/// The embedded page's link: the scenario of `link` (its values; its own view options
/// dropped) with the options `c` chose that apply to `c.page`.
pub fn embed_link(link: &Link, c: &Choice) -> Link {
    let mut out = Link {
        preset: link.preset,
        overrides: link.overrides.clone(),
        ..Link::default()
    };
    let v = &mut out.view;
    v.embed = true;
    v.read_only = c.read_only;
    v.theme = c.theme;
    v.id = (!c.id.trim().is_empty()).then(|| c.id.trim().to_string());
    match c.page {
        Page::Growth => {
            v.view = c.view;
            v.stage = (c.view == View::Diagram).then_some(c.stage);
            v.quiz = c.quiz;
        }
        Page::Learn => {
            v.ask = c.ask.trim().to_string();
            v.tol = link.view.tol.clone();
        }
        Page::Day | Page::Ranges => {}
    }
    out
}

/// The frame's address relative to the site's root: the page's folder and the link's query.
pub fn frame_path(link: &Link, c: &Choice) -> String {
    format!("{}{}", c.page.path(), share::encode(&embed_link(link, c)))
}

/// The frame's title: the page and the scenario actually shown ("Custom scenario, from the
/// first microservice architecture" once a value differs from the pattern's).
pub fn title(link: &Link, c: &Choice) -> String {
    let what = match c.page {
        Page::Growth => "Scalemap",
        Page::Learn => "Scalemap, what to do first",
        Page::Day => "Scalemap, a day of traffic",
        Page::Ranges => "Scalemap, ranges",
    };
    format!("{what}: {}", scenario_name(link))
}

/// The scenario as a heading names it: the pattern's title, or once a value differs from the
/// pattern's, "Custom scenario, from the …".
pub fn scenario_name(link: &Link) -> String {
    let t = link.preset.title();
    if link.overrides.is_empty() {
        t.to_string()
    } else {
        let mut lower = t.to_string();
        if let Some(first) = lower.get_mut(0..1) {
            first.make_ascii_lowercase();
        }
        format!("Custom scenario, from the {lower}")
    }
}

/// The page's intro for `link`: the pattern's own summary while the scenario is the pattern's;
/// once a value differs, the scenario's name and the values changed (the pattern's summary
/// quotes its own figures, which no longer hold).
pub fn intro(link: &Link) -> String {
    if link.overrides.is_empty() {
        return link.preset.summary().to_string();
    }
    let keys: Vec<&str> = link.overrides.iter().map(|(k, _)| k.as_str()).collect();
    format!(
        "{}: the pattern's values with yours for {}.",
        scenario_name(link),
        keys.join(", ")
    )
}

/// The snippet to paste: the `<iframe>` (`src` absolute, every attribute escaped) and the script
/// that resizes it to the height it reports, accepting messages only from `origin` (Scalemap's)
/// and from the page's own frames.
pub fn snippet(src: &str, origin: &str, title: &str, height: u32) -> String {
    let h = height.clamp(HEIGHTS.0, HEIGHTS.1);
    format!(
        "<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" width=\"100%\" height=\"{h}\" style=\"border:0\"></iframe>\n\
<script>\n\
window.addEventListener(\"message\", (event) => {{\n\
  if (event.origin !== {}) return;\n\
  const d = event.data;\n\
  if (!d || d.type !== \"scalemap:height\" || typeof d.height !== \"number\") return;\n\
  for (const f of document.querySelectorAll(\"iframe\")) {{\n\
    if (f.contentWindow === event.source) f.style.height = Math.min(20000, Math.ceil(d.height)) + \"px\";\n\
  }}\n\
}});\n\
</script>",
        xml(src),
        xml(title),
        js_string(origin)
    )
}

/// `s` as a JavaScript string literal that cannot end the script element: quotes, backslashes,
/// `<` and control characters escaped.
fn js_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
