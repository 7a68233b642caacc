//! Share links: the whole scenario and the view in the page URL's query string.
//!
//! Format (version 3, documented in `docs/share-links.md`): `?v=3&preset=KEY&KEY=VALUE...`;
//! links of versions 1 and 2 are migrated on the way in (see [`decode`]).
//! Scenario values are written as the person typed them and only where they differ from the
//! preset; the default scenario's link is empty. View keys (`embed`, `view`, `stage`, `ro`,
//! `theme`, `quiz`, `metrics`) choose how the page shows it. `+` is a literal plus (it joins a
//! service's callees), spaces are `%20`.
//!
//! Invariant: [`decode`] is total. Whatever the text, it returns a link that opens, plus a
//! notice for every part it could not use, naming the part and what was used instead.

use super::params::{self, clip, Notice, Scenario};
use super::presets::Preset;
use super::sweep::Metric;

/// The format version this build writes.
pub const VERSION: u32 = 3;
/// Links longer than this are refused (with a notice) rather than read.
pub const MAX_LINK_CHARS: usize = 8_000;
/// Links longer than this may be cut by chat apps; the page warns.
pub const WARN_LINK_CHARS: usize = 2_000;
/// The preset an empty link opens.
pub const DEFAULT_PRESET: Preset = Preset::Architecture;

/// Which part of the page an embed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Everything.
    #[default]
    All,
    /// The stage table only.
    Table,
    /// Every stage's diagram.
    Diagrams,
    /// One stage's diagram (see [`ViewOptions::stage`]).
    Diagram,
    /// The growth chart only.
    Chart,
}

impl View {
    /// All views with their link values.
    pub const ALL: [(View, &'static str); 5] = [
        (View::All, "all"),
        (View::Table, "table"),
        (View::Diagrams, "diagrams"),
        (View::Diagram, "diagram"),
        (View::Chart, "chart"),
    ];

    /// The link value.
    pub fn key(self) -> &'static str {
        View::ALL
            .iter()
            .find(|(v, _)| *v == self)
            .map_or("all", |(_, k)| k)
    }
}

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the system (or the host page's) preference.
    #[default]
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// All themes with their link values.
    pub const ALL: [(Theme, &'static str); 3] = [
        (Theme::Auto, "auto"),
        (Theme::Light, "light"),
        (Theme::Dark, "dark"),
    ];

    /// The link value.
    pub fn key(self) -> &'static str {
        Theme::ALL
            .iter()
            .find(|(v, _)| *v == self)
            .map_or("auto", |(_, k)| k)
    }
}

/// How the page shows the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViewOptions {
    /// Embed mode: no page chrome, an "open in Scalemap" link, height reported to the parent.
    pub embed: bool,
    /// Which part to show.
    pub view: View,
    /// The stage (0-based index) a single-diagram view shows; links count from 1.
    pub stage: Option<usize>,
    /// Inputs hidden, figures only.
    pub read_only: bool,
    /// Colour scheme.
    pub theme: Theme,
    /// Exercise mode: figures hidden until clicked.
    pub quiz: bool,
    /// Chart metrics by key (empty: the defaults).
    pub metrics: Vec<String>,
    /// An embed's name, echoed in its height messages so a host can tell embeds apart.
    pub id: Option<String>,
    /// The Learn page's exercise: its questions as the link writes them (`peak_rps@2,…`; read
    /// against the scenario's stages by [`super::exercise::read_ask`]); empty: no exercise.
    pub ask: String,
    /// The exercise's tolerances as the link writes them (`10,2`; empty: the defaults; read by
    /// [`super::exercise::read_tol`]).
    pub tol: String,
}

/// Longest `id` kept.
pub const MAX_ID: usize = 64;

/// A decoded link: where the scenario starts, what was changed, and how to show it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Link {
    /// The preset.
    pub preset: Preset,
    /// Scenario values as typed, in link order, only those that differ from the preset.
    pub overrides: Vec<(String, String)>,
    /// View options.
    pub view: ViewOptions,
}

impl Default for Preset {
    fn default() -> Self {
        DEFAULT_PRESET
    }
}

impl Link {
    /// The scenario this link describes, with a notice for every value not used as written.
    pub fn scenario(&self) -> (Scenario, Vec<Notice>) {
        params::resolve(self.preset.scenario(), &self.overrides)
    }

    /// [`Link::scenario`] with the day's events read, and a notice for each of their problems:
    /// for the Day page and the CLI, which use them (the other pages keep the text unread).
    pub fn day_scenario(&self) -> (Scenario, Vec<Notice>) {
        let (s, mut notices) = self.scenario();
        let (_, problems) = super::day::events::parse(&s.events);
        params::push_problems(params::list_keys::EVENTS, problems, &mut notices);
        (s, notices)
    }

    /// Sets `key` to `raw` (as typed), keeping link order; removes it when it equals the
    /// preset's value, so links carry only differences.
    pub fn set(&mut self, key: &str, raw: &str) {
        let same_as_preset = {
            let base = self.preset.scenario();
            let mut probe = base.clone();
            let mut notes = Vec::new();
            params::apply(&mut probe, key, raw, &mut notes);
            notes.is_empty() && probe == base
        };
        if let Some(pos) = self.overrides.iter().position(|(k, _)| k == key) {
            if same_as_preset {
                self.overrides.remove(pos);
            } else {
                self.overrides[pos].1 = raw.to_string();
            }
        } else if !same_as_preset {
            self.overrides.push((key.to_string(), raw.to_string()));
        }
    }

    /// The text typed for `key`, or the preset's canonical text.
    pub fn raw(&self, key: &str) -> String {
        self.typed(key)
            .map(str::to_string)
            .or_else(|| self.preset.scenario().text(key))
            .unwrap_or_default()
    }

    /// The value this link gives `key` as typed (the last, if the key is repeated), or `None`
    /// when the preset's stands.
    pub fn typed(&self, key: &str) -> Option<&str> {
        self.overrides
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Characters written as they are in values (`@` and `/` are plain in a query, RFC 3986, and
/// the day's events use them); everything else is percent-encoded.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            ',' | ':' | '+' | '.' | '-' | '_' | '~' | '!' | '*' | '(' | ')' | '@' | '/'
        )
}

/// Percent-encodes `text` for a query value (UTF-8, upper-case hex).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_plain(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Decodes `%XX` sequences; `+` stays a plus. Returns `None` when a `%` is not followed by two
/// hex digits or the bytes are not UTF-8.
pub fn decode_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let s = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(s, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Writes `link` as a query string: empty for the default scenario and view, otherwise
/// `?v=1&...`, scenario values in registry order, then view keys.
pub fn encode(link: &Link) -> String {
    let mut parts: Vec<String> = Vec::new();
    if link.preset != DEFAULT_PRESET {
        parts.push(format!("preset={}", link.preset.key()));
    }
    for key in params::all_keys() {
        if let Some((_, v)) = link.overrides.iter().rev().find(|(k, _)| k == key) {
            parts.push(format!("{key}={}", encode_component(v)));
        }
    }
    let v = &link.view;
    if v.embed {
        parts.push("embed=1".into());
    }
    if v.view != View::All {
        parts.push(format!("view={}", v.view.key()));
    }
    if let Some(st) = v.stage {
        parts.push(format!("stage={}", st + 1));
    }
    if v.read_only {
        parts.push("ro=1".into());
    }
    if v.theme != Theme::Auto {
        parts.push(format!("theme={}", v.theme.key()));
    }
    if v.quiz {
        parts.push("quiz=1".into());
    }
    if !v.metrics.is_empty() {
        parts.push(format!(
            "metrics={}",
            encode_component(&v.metrics.join(","))
        ));
    }
    if let Some(id) = &v.id {
        parts.push(format!("id={}", encode_component(id)));
    }
    if !v.ask.is_empty() {
        parts.push(format!("ask={}", encode_component(&v.ask)));
    }
    if !v.tol.is_empty() {
        parts.push(format!("tol={}", encode_component(&v.tol)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?v={VERSION}&{}", parts.join("&"))
    }
}

/// The query part of a whole URL, a query string with or without `?`, or bare `k=v` pairs.
pub fn query_of(text: &str) -> &str {
    let t = text.trim();
    let t = t.split_once('#').map_or(t, |(q, _)| q);
    match t.split_once('?') {
        Some((_, q)) => q,
        None if t.contains('=') || t.is_empty() => t,
        None => "",
    }
}

fn flag(key: &str, raw: &str, notices: &mut Vec<Notice>) -> bool {
    match raw.trim() {
        "1" | "true" | "yes" | "" => true,
        "0" | "false" | "no" => false,
        other => {
            notices.push(Notice {
                key: key.to_string(),
                message: format!("Link: “{key}={}” should be 1 or 0; used 1.", clip(other)),
            });
            true
        }
    }
}

/// The on/off view keys, which may stand alone in a link (`?embed&ro`).
const FLAGS: [&str; 3] = ["embed", "ro", "quiz"];

/// Every key that is not a scenario value: each is read once (a repeat gets a notice).
const VIEW_KEYS: [&str; 12] = [
    "v", "preset", "embed", "view", "stage", "ro", "theme", "quiz", "metrics", "id", "ask", "tol",
];

/// Notices for values a link keeps that this page does not use: the day's keys on a page
/// without the day (`day` false: every page but the Day page), and a range where the page shows
/// no bands (`ranges` false: every page but the Ranges page computes with its point value). The
/// values stay in the link, for the page or the command line that uses them.
pub fn unused_on_page(link: &Link, day: bool, ranges: bool) -> Vec<Notice> {
    link.overrides
        .iter()
        .filter_map(|(key, raw)| {
            let spec = params::SPECS.iter().find(|s| s.key == key.as_str());
            if !ranges && spec.is_some() && super::range::parts(raw).is_some() {
                let message = format!("Link: “{key}={}” is a range; this page computes with its point value (the most likely value, or the midpoint); the Ranges page shows its band.", params::clip(raw));
                return Some(Notice { key: key.clone(), message });
            }
            let day = !day
                && (spec.is_some_and(|s| s.group == params::Group::Day)
                    || key == params::list_keys::EVENTS);
            day.then(|| Notice {
                key: key.clone(),
                message: format!("Link: “{key}” is for the Day page; this page keeps it."),
            })
        })
        .collect()
}

/// Notices for view options that the scenario does not let the page use as given: a `stage`
/// past the scenario's `stages` (the last is shown), or a `stage` without `view=diagram`
/// (ignored). The page and the CLI call this once both the link and the scenario are known.
pub fn view_notices(view: &ViewOptions, stages: usize) -> Vec<Notice> {
    let mut out = Vec::new();
    if let Some(st) = view.stage {
        let message = if view.view != View::Diagram {
            "Link: “stage” applies only to view=diagram; it was ignored.".to_string()
        } else if st >= stages && stages > 0 {
            format!(
                "Link: “stage={}” is past the last of the scenario's {stages} stages; stage {stages} is shown.",
                st + 1
            )
        } else {
            return out;
        };
        out.push(Notice {
            key: "stage".into(),
            message,
        });
    }
    out
}

/// Notices for the exercise's keys (`ask`, `tol`) on the Learn page: each question of `ask` it
/// cannot pose with the scenario's `stages` and each part of `tol` it cannot read (see
/// [`super::exercise`]).
pub fn exercise_notices(view: &ViewOptions, stages: usize) -> Vec<Notice> {
    let mut out = Vec::new();
    if !view.ask.is_empty() {
        super::exercise::read_ask(&view.ask, stages, &mut out);
    }
    super::exercise::read_tol(&view.tol, &mut out);
    out
}

/// Notices for the exercise's keys anywhere but the Learn page: the link keeps them for it.
pub fn exercise_elsewhere(view: &ViewOptions) -> Vec<Notice> {
    [("ask", &view.ask), ("tol", &view.tol)]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, _)| Notice {
            key: key.into(),
            message: format!(
                "Link: “{key}” is for the Learn page's exercise (learn/); this page keeps it."
            ),
        })
        .collect()
}

/// The pages besides the growth page, for [`other_page_notices`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherPage {
    /// The Day page: a day of traffic.
    Day,
    /// The Ranges page: bands and the tornado.
    Ranges,
    /// The Learn page: the scaling plan, the exercise, the builder.
    Learn,
}

/// Notices for the view options another page than the growth page does not use: `view` and
/// `stage` choose among the growth page's views (the Day and Ranges pages' steppers pick their
/// stage; the Learn page shows every stage). A link that sets one is told so rather than
/// silently ignored. (`metrics`, the growth curves, travels with the scenario from page to page,
/// as the pages' links write it, so that coming back shows the same chart: no page names it.)
pub fn other_page_notices(view: &ViewOptions, page: OtherPage) -> Vec<Notice> {
    let (name, shows, stage) = match page {
        OtherPage::Ranges => ("Ranges page", "its bands", "its stepper picks its stage"),
        OtherPage::Day => ("Day page", "its day", "its stepper picks its stage"),
        OtherPage::Learn => (
            "Learn page",
            "its plan and exercise",
            "it shows every stage",
        ),
    };
    let mut out = Vec::new();
    if view.view != View::All {
        out.push(Notice {
            key: "view".into(),
            message: format!(
                "Link: “view={}” chooses a part of the growth page; the {name} shows {shows}.",
                view.view.key()
            ),
        });
    }
    if view.stage.is_some() {
        out.push(Notice {
            key: "stage".into(),
            message: format!(
                "Link: “stage” applies to the growth page's view=diagram; on the {name} {stage}."
            ),
        });
    }
    out
}

/// Reads a link (a whole URL or its query). Total: never fails, never panics; every part it
/// cannot use is named in a notice with what was used instead.
pub fn decode(text: &str) -> (Link, Vec<Notice>) {
    let mut notices = Vec::new();
    let mut link = Link::default();
    if let Some(refused) = too_long(text) {
        notices.push(refused);
        return (link, notices);
    }
    let mut pairs = split_pairs(query_of(text), &mut notices);
    // An empty link is the default scenario of whichever version opens it (version 1's and
    // version 2's size the same figures: `tests/links.rs`); any other link without `v` is 1.
    let version = if pairs.is_empty() {
        VERSION
    } else {
        read_version(&pairs, &mut notices)
    };
    if let Some(preset) = read_preset(&pairs, &mut notices) {
        link.preset = preset;
    }
    // Migrations from older versions, one step at a time (v1 → v2 → ...).
    let v1_connections = (version < 2).then(|| take_v1_connections(&mut pairs));
    let mut seen_view: Vec<&str> = Vec::new();
    for (key, value) in &pairs {
        note_repeated_view_key(key, &mut seen_view, &mut notices);
        apply_pair(&mut link, key, value, &mut notices);
    }
    if let Some(conc) = v1_connections {
        migrate_v1_connections(&mut link, conc, &mut notices);
    }
    if version < 3 {
        migrate_v2_weights(&mut link, version, &mut notices);
    }
    (link, notices)
}

/// The notice refusing a link over [`MAX_LINK_CHARS`] characters, or `None` when it may be read.
fn too_long(text: &str) -> Option<Notice> {
    let len = text.chars().count();
    (len > MAX_LINK_CHARS).then(|| Notice {
        key: "link".into(),
        message: format!(
            "The link is {} characters long, over the limit of {}; it was not read and the default scenario is shown.",
            super::format::grouped(len as f64, 0),
            super::format::grouped(MAX_LINK_CHARS as f64, 0)
        ),
    })
}

/// The query's `key=value` pairs, percent-decoded, in link order. A bare key other than an
/// on/off flag is dropped with a notice; a value with a broken `%`-escape is kept as written.
fn split_pairs(query: &str, notices: &mut Vec<Notice>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for piece in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
        let key = decode_component(k).unwrap_or_else(|| k.to_string());
        // A bare key (`?users`) has no value to use; only the on/off view keys may stand alone.
        if !piece.contains('=') && !FLAGS.contains(&key.as_str()) {
            notices.push(Notice {
                key: clip(&key),
                message: format!(
                    "Link: “{}” has no value (no “=”); it was ignored.",
                    clip(&key)
                ),
            });
            continue;
        }
        let value = match decode_component(v) {
            Some(v) => v,
            None => {
                notices.push(Notice {
                    key: key.clone(),
                    message: format!(
                        "Link: the value of “{}” has a broken %-escape; it was read as written.",
                        clip(&key)
                    ),
                });
                v.to_string()
            }
        };
        pairs.push((key, value));
    }
    pairs
}

/// The link's preset (the last `preset` given). `None` when the link gives none, or (with a
/// notice) when no preset has that name: the default stands.
fn read_preset(pairs: &[(String, String)], notices: &mut Vec<Notice>) -> Option<Preset> {
    let (_, p) = pairs.iter().rev().find(|(k, _)| k == "preset")?;
    let preset = Preset::from_key(p);
    if preset.is_none() {
        notices.push(Notice {
            key: "preset".into(),
            message: format!(
                "Link: there is no preset “{}”; used “{}” ({}).",
                clip(p),
                DEFAULT_PRESET.key(),
                Preset::ALL.map(|p| p.key()).join(", ")
            ),
        });
    }
    preset
}

/// Names a format or view key the second time it is seen (`seen` holds those seen so far);
/// every such key counts once and the last is used. Scenario keys are not counted here.
fn note_repeated_view_key(key: &str, seen: &mut Vec<&'static str>, notices: &mut Vec<Notice>) {
    let Some(&vk) = VIEW_KEYS.iter().find(|x| **x == key) else {
        return;
    };
    if seen.contains(&vk) {
        notices.push(Notice {
            key: vk.into(),
            message: format!("Link: “{vk}” is given more than once; the last is used."),
        });
    } else {
        seen.push(vk);
    }
}

/// Applies one decoded pair to `link`: a view option, a scenario value, or (unknown) a notice.
/// `v` and `preset` were read before.
fn apply_pair(link: &mut Link, k: &str, value: &str, notices: &mut Vec<Notice>) {
    let view = &mut link.view;
    match k {
        "v" | "preset" => {}
        "embed" => view.embed = flag(k, value, notices),
        "ro" => view.read_only = flag(k, value, notices),
        "quiz" => view.quiz = flag(k, value, notices),
        "view" => {
            if let Some(v) = read_view(value, notices) {
                view.view = v;
            }
        }
        "theme" => {
            if let Some(t) = read_theme(value, notices) {
                view.theme = t;
            }
        }
        "stage" => view.stage = Some(read_stage(value, notices)),
        "id" => view.id = read_id(value, notices),
        "metrics" => view.metrics = read_metrics(value, notices),
        // Kept as written (its parts trimmed); read on the Learn page ([`exercise_notices`]).
        "ask" => view.ask = trim_parts(value),
        "tol" => view.tol = trim_parts(value),
        _ => set_scenario_value(link, k, value, notices),
    }
}

/// A comma-separated value with spaces around its parts and empty parts dropped.
fn trim_parts(value: &str) -> String {
    value
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// The `view` value, or `None` with a notice when it names no view (all is used).
fn read_view(value: &str, notices: &mut Vec<Notice>) -> Option<View> {
    let found = View::ALL.iter().find(|(_, key)| *key == value.trim());
    if found.is_none() {
        notices.push(Notice {
            key: "view".into(),
            message: format!(
                "Link: “view={}” is not one of all, table, diagrams, diagram, chart; used all.",
                clip(value)
            ),
        });
    }
    found.map(|(v, _)| *v)
}

/// The `theme` value, or `None` with a notice when it names no theme (auto is used).
fn read_theme(value: &str, notices: &mut Vec<Notice>) -> Option<Theme> {
    let found = Theme::ALL.iter().find(|(_, key)| *key == value.trim());
    if found.is_none() {
        notices.push(Notice {
            key: "theme".into(),
            message: format!(
                "Link: “theme={}” is not one of auto, light, dark; used auto.",
                clip(value)
            ),
        });
    }
    found.map(|(t, _)| *t)
}

/// The `stage` value as a 0-based index. Out of range: the nearest end of 1 to
/// [`params::MAX_STAGES`]; unreadable: 1; either with a notice.
fn read_stage(value: &str, notices: &mut Vec<Notice>) -> usize {
    let max = params::MAX_STAGES as f64;
    let (n, exact) = match super::format::parse_number(value) {
        Ok(v) => (v.round().clamp(1.0, max), v.round().clamp(1.0, max) == v),
        Err(_) => (1.0, false),
    };
    if !exact {
        notices.push(Notice {
            key: "stage".into(),
            message: format!(
                "Link: “stage={}” should be a stage number from 1 to {}; used {n}.",
                clip(value),
                params::MAX_STAGES
            ),
        });
    }
    n as usize - 1
}

/// The `id` value without control characters, at most [`MAX_ID`] of them (a notice when cut);
/// `None` when nothing is left.
fn read_id(value: &str, notices: &mut Vec<Notice>) -> Option<String> {
    let id: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_ID)
        .collect();
    if id.chars().count() < value.chars().count() {
        notices.push(Notice {
            key: "id".into(),
            message: format!(
                "Link: “id” keeps at most {MAX_ID} printable characters; used “{}”.",
                clip(&id)
            ),
        });
    }
    (!id.is_empty()).then_some(id)
}

/// The `metrics` list: at most 16 keys of at most 40 characters. Unknown keys stay in the
/// link (a newer version may know them) but are named.
fn read_metrics(value: &str, notices: &mut Vec<Notice>) -> Vec<String> {
    let metrics: Vec<String> = value
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .take(16)
        .map(|m| m.chars().take(40).collect())
        .collect();
    for m in &metrics {
        if !Metric::ALL.iter().any(|x| x.key() == m) {
            notices.push(Notice {
                key: "metrics".into(),
                message: format!(
                    "Link: there is no chart metric “{}”; it was ignored ({}).",
                    clip(m),
                    Metric::ALL.map(|x| x.key()).join(", ")
                ),
            });
        }
    }
    metrics
}

/// A scenario value: kept as typed, after the preset's (a repeat replaces the earlier one,
/// named); a key that is no scenario parameter is named and ignored.
fn set_scenario_value(link: &mut Link, k: &str, value: &str, notices: &mut Vec<Notice>) {
    if !params::all_keys().any(|x| x == k) {
        notices.push(Notice {
            key: clip(k),
            message: format!("Link: unknown parameter “{}” was ignored.", clip(k)),
        });
        return;
    }
    if let Some(pos) = link.overrides.iter().position(|(x, _)| x == k) {
        notices.push(Notice {
            key: k.into(),
            message: format!(
                "{}: given more than once in the link; the last value is used.",
                params::label(k)
            ),
        });
        link.overrides.remove(pos);
    }
    link.overrides.push((k.to_string(), value.to_string()));
}

/// The link's format version: absent means 1; a newer or unknown one is read as this one.
fn read_version(pairs: &[(String, String)], notices: &mut Vec<Notice>) -> u32 {
    let Some((_, v)) = pairs.iter().rev().find(|(k, _)| k == "v") else {
        return 1;
    };
    match v.trim().parse::<u32>() {
        Ok(n) if (1..=VERSION).contains(&n) => n,
        Ok(n) if n > VERSION => {
            notices.push(Notice {
                key: "v".into(),
                message: format!("Link: made by a newer Scalemap (format {n}); read as format {VERSION}, and values this version does not know are named below."),
            });
            VERSION
        }
        _ => {
            notices.push(Notice {
                key: "v".into(),
                message: format!(
                    "Link: format version “{}” is unknown; read as format {VERSION}.",
                    clip(v)
                ),
            });
            VERSION
        }
    }
}

/// Version 1's `conc` (share of *all* users connected at once), taken out of the pairs: the
/// last value given, if any.
fn take_v1_connections(pairs: &mut Vec<(String, String)>) -> Option<String> {
    let last = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "conc")
        .map(|(_, v)| v.clone());
    pairs.retain(|(k, _)| k != "conc");
    last
}

/// v1 → v2: version 1 sized connections as a share of all users (`conc`, 10% in every preset
/// but parallel running's 100%) and knew nothing of the time a request holds one. Version 2
/// counts persistent connections per 100 *active* users (`persist`) plus Little's law
/// (`hold_s`). The same connections come out with `persist = conc ÷ active share` and
/// `hold_s = 0`, so a v1 link sizes exactly what it sized before.
fn migrate_v1_connections(link: &mut Link, conc: Option<String>, notices: &mut Vec<Notice>) {
    const LABEL: &str = "Users connected at once (format 1)";
    let preset_conc = if link.preset == Preset::ParallelRunning {
        100.0
    } else {
        10.0
    };
    let conc = match conc.as_deref().map(super::format::parse_number) {
        None => preset_conc,
        Some(Ok(v)) if (0.0..=100.0).contains(&v) => v,
        Some(Ok(v)) => {
            let used = v.clamp(0.0, 100.0);
            notices.push(Notice {
                key: "conc".into(),
                message: format!(
                    "{LABEL}: {} is outside 0 to 100%; used {}%.",
                    super::format::num(v),
                    super::format::num(used)
                ),
            });
            used
        }
        Some(Err(e)) => {
            notices.push(Notice {
                key: "conc".into(),
                message: format!(
                    "{LABEL}: “{}” {e}; used {}%.",
                    clip(conc.as_deref().unwrap_or_default()),
                    super::format::num(preset_conc)
                ),
            });
            preset_conc
        }
    };
    let (scenario, _) = link.scenario();
    let active = scenario.get(params::P::Active);
    let persist = if active > 0.0 {
        conc / active * 100.0
    } else {
        if conc > 0.0 {
            notices.push(Notice {
                key: "conc".into(),
                message: format!("{LABEL}: with no active users, format 2 has no way to keep {}% of all users connected; used no persistent connections.", super::format::num(conc)),
            });
        }
        0.0
    };
    link.set("persist", &super::format::link_number(persist));
    link.set("hold_s", "0");
}

/// v2 → v3: formats 1 and 2 read a service weight of 0 or below as 0.001, their smallest;
/// format 3 reads 0 as a service no client request reaches (only calls load it). Such weights
/// are written 0.001 in the link, so it sizes exactly what it sized, and each is named in the
/// words format 2 used, with what changed.
fn migrate_v2_weights(link: &mut Link, version: u32, notices: &mut Vec<Notice>) {
    let key = params::list_keys::SERVICES;
    let Some(raw) = link.typed(key) else {
        return;
    };
    let (text, changed) = super::services::format2_weights(raw);
    if changed.is_empty() {
        return;
    }
    for (name, w) in changed {
        notices.push(Notice {
            key: key.into(),
            message: format!(
                "{}: {}: weight {} is outside 0.001 to 1,000,000; used 0.001. Format {version} links took weights from 0.001; since format 3, 0 is a service only calls reach.",
                params::label(key),
                clip(&name),
                super::format::num(w)
            ),
        });
    }
    link.set(key, &text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    // Guards: the default scenario's link is empty, and a preset link is short and readable.
    #[test]
    fn short_links() {
        assert_eq!(encode(&Link::default()), "");
        let mut l = Link {
            preset: Preset::ParallelRunning,
            ..Link::default()
        };
        l.set("users", "10k,1m");
        assert_eq!(encode(&l), "?v=3&preset=parallel-running&users=10k,1m");
        // Setting a value back to the preset's removes it from the link.
        l.set("users", "100,10k,1m,100m");
        assert_eq!(encode(&l), "?v=3&preset=parallel-running");
    }

    // Guards: text round-trips through percent-encoding, `+` stays a plus.
    #[test]
    fn components_round_trip() {
        for t in [
            "Order:1:User+Product",
            "a b&c=d%?#",
            "Ünïcødé ✓",
            "<script>",
        ] {
            assert_eq!(decode_component(&encode_component(t)).as_deref(), Some(t));
        }
        assert_eq!(decode_component("%zz"), None);
    }

    // Guards: whole URLs, bare queries and fragments are all read.
    #[test]
    fn reads_urls() {
        let (l, n) = decode("https://example.org/course/scalemap/?v=2&preset=migration&peak=3#top");
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(l.preset, Preset::Migration);
        assert_eq!(l.overrides, vec![("peak".to_string(), "3".to_string())]);
        let (l2, _) = decode("v=2&preset=migration&peak=3");
        assert_eq!(l, l2);
    }

    // Guards: a version-1 link keeps its connection sizing: `conc` (a share of all users)
    // becomes `persist` (per 100 active users) with `hold_s` 0; a link without `v` is version 1.
    #[test]
    fn migrates_v1_connections() {
        let (l, n) = decode("?preset=migration&active=50&conc=20");
        assert!(n.is_empty(), "{n:?}");
        let (s, _) = l.scenario();
        assert_eq!(s.get(params::P::Persist), 40.0);
        assert_eq!(s.get(params::P::HoldS), 0.0);
        assert_eq!(
            encode(&l),
            "?v=3&preset=migration&active=50&hold_s=0&persist=40"
        );
        // The preset's own value: 10% of all users in every preset but parallel running.
        let (l, _) = decode("?v=1");
        assert_eq!(l.raw("persist"), "10");
        let (l, _) = decode("?v=1&preset=parallel-running");
        assert!(l.overrides.is_empty(), "{:?}", l.overrides);
        // An unreadable value is named, with what was used.
        let (_, n) = decode("?v=1&conc=lots");
        assert!(
            n[0].message.contains("“lots” is not a number; used 10%"),
            "{n:?}"
        );
    }

    /// Runs `step` over each input and prints what it made and the notices it wrote, one line
    /// an input.
    fn check_step(inputs: &[&str], step: fn(&str, &mut Vec<Notice>) -> String, want: Expect) {
        let mut out = String::new();
        for input in inputs {
            let mut notices = Vec::new();
            let made = step(input, &mut notices);
            out.push_str(&format!("{input:?} -> {made}\n"));
            for n in notices {
                out.push_str(&format!("    [{}] {}\n", n.key, n.message));
            }
        }
        want.assert_eq(&out);
    }

    // Guards: the query splitter: bare keys other than the on/off flags are dropped with a
    // notice, `%`-escapes are decoded in keys and values, a broken one is kept as written.
    #[test]
    fn split_pairs_step() {
        check_step(
            &["embed&users&ro=0", "a%20b=c%2Cd&peak=%zz", "&&"],
            |q, n| format!("{:?}", split_pairs(q, n)),
            expect![[r#"
                "embed&users&ro=0" -> [("embed", ""), ("ro", "0")]
                    [users] Link: “users” has no value (no “=”); it was ignored.
                "a%20b=c%2Cd&peak=%zz" -> [("a b", "c,d"), ("peak", "%zz")]
                    [peak] Link: the value of “peak” has a broken %-escape; it was read as written.
                "&&" -> []
            "#]],
        );
    }

    // Guards: the view-option readers: a stage is clamped to 1..=MAX_STAGES (unreadable: 1),
    // an id loses control characters and is cut to MAX_ID, metrics are trimmed and unknown
    // ones named but kept.
    #[test]
    fn view_option_steps() {
        check_step(
            &["3", "0", "2.5", "9999", "x"],
            |v, n| read_stage(v, n).to_string(),
            expect![[r#"
                "3" -> 2
                "0" -> 0
                    [stage] Link: “stage=0” should be a stage number from 1 to 12; used 1.
                "2.5" -> 2
                    [stage] Link: “stage=2.5” should be a stage number from 1 to 12; used 3.
                "9999" -> 11
                    [stage] Link: “stage=9999” should be a stage number from 1 to 12; used 12.
                "x" -> 0
                    [stage] Link: “stage=x” should be a stage number from 1 to 12; used 1.
            "#]],
        );
        check_step(
            &["box-1", "a\tb", ""],
            |v, n| format!("{:?}", read_id(v, n)),
            expect![[r#"
                "box-1" -> Some("box-1")
                "a\tb" -> Some("ab")
                    [id] Link: “id” keeps at most 64 printable characters; used “ab”.
                "" -> None
            "#]],
        );
        check_step(
            &["peak_rps, monthly_cost,,nope"],
            |v, n| format!("{:?}", read_metrics(v, n)),
            expect![[r#"
                "peak_rps, monthly_cost,,nope" -> ["peak_rps", "monthly_cost", "nope"]
                    [metrics] Link: there is no chart metric “nope”; it was ignored (peak_rps, service_instances, db_nodes, cache_nodes, peak_egress, stored, monthly_cost, cost_per_user, latency_p99_ms, downtime_s_per_month).
            "#]],
        );
        check_step(
            &["diagram", " chart ", "pie"],
            |v, n| format!("{:?}", read_view(v, n)),
            expect![[r#"
                "diagram" -> Some(Diagram)
                " chart " -> Some(Chart)
                "pie" -> None
                    [view] Link: “view=pie” is not one of all, table, diagrams, diagram, chart; used all.
            "#]],
        );
    }

    // Guards: a broken link still opens, with every unusable part named.
    #[test]
    fn broken_links_open_with_notices() {
        let (l, n) = decode("?v=9&preset=nope&peak=abc&zzz=1&stage=0&theme=pink&peak=4");
        assert_eq!(l.preset, DEFAULT_PRESET);
        let msgs: Vec<&str> = n.iter().map(|x| x.message.as_str()).collect();
        assert_eq!(msgs.len(), 6, "{msgs:#?}");
        let (s, n2) = l.scenario();
        assert!(n2.is_empty(), "{n2:?}");
        assert_eq!(s.get(params::P::Peak), 4.0);
        let long = "a".repeat(MAX_LINK_CHARS + 1);
        let (l, n) = decode(&long);
        assert_eq!(l, Link::default());
        assert!(n[0].message.contains("over the limit of 8,000"));
    }
}
