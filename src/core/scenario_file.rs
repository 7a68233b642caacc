//! What Scalemap keeps outside a link, as versioned JSON (serde): the scenario file ("Download
//! scenario", "Open scenario", `scalemap --scenario FILE`) and the records the page keeps in
//! the browser's local storage (the saved scenarios, the last scenario, and the entries it
//! could not read, kept aside).
//!
//! Written with `serde_json`, read with [`super::json_read`] (the same JSON, a fraction of the page's
//! size).
//!
//! A scenario is always its link's query ([`crate::core::share::encode`]); these formats only
//! name it and carry a version. Reading is total: every record either reads, migrates from the
//! plain-text format of before (version 1), or comes back as an [`Unreadable`] naming what
//! could not be read and holding its text, so the caller can keep it aside and say so.

use serde::{Deserialize, Serialize};

use super::json_read as json;
use super::params::clip;
use super::share;

/// The `format` field of a scenario file.
pub const FILE_FORMAT: &str = "scalemap-scenario";
/// The scenario file's current version.
pub const FILE_VERSION: u32 = 1;
/// The version of the stored records (saved list, last scenario); version 1 was plain text.
pub const STORED_VERSION: u32 = 2;
/// How many scenarios can be saved.
pub const MAX_SAVED: usize = 50;
/// The longest name kept (characters).
pub const MAX_NAME_CHARS: usize = 80;

/// A scenario file: `{"format": "scalemap-scenario", "version": 1, "name": ..., "query": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioFile {
    /// Always [`FILE_FORMAT`]: tells a scenario file from any other JSON.
    pub format: String,
    /// The format version ([`FILE_VERSION`]).
    pub version: u32,
    /// The scenario's name.
    pub name: String,
    /// The link's query (`?v=1&preset=...`, or "" for the default scenario).
    pub query: String,
}

/// One saved scenario: a name and a link query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The name shown in the list (unique in the list).
    pub name: String,
    /// The link's query.
    pub query: String,
}

/// The saved scenarios as stored: `{"version": 2, "scenarios": [{"name", "query"}, ...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedList {
    /// [`STORED_VERSION`].
    pub version: u32,
    /// The scenarios, in the order they were saved.
    pub scenarios: Vec<Saved>,
}

/// The last scenario as stored: `{"version": 2, "query": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Last {
    /// [`STORED_VERSION`].
    pub version: u32,
    /// The link's query.
    pub query: String,
}

/// A record, or part of one, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    /// Where it was found (the storage key).
    pub from: String,
    /// Its text, exactly as found.
    pub text: String,
    /// A phrase naming it and why it could not be read, for a notice.
    pub why: String,
}

/// The entries kept aside: `{"version": 2, "entries": [Unreadable, ...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aside {
    /// [`STORED_VERSION`].
    pub version: u32,
    /// Everything kept aside so far, oldest first.
    pub entries: Vec<Unreadable>,
}

/// The saved list as read: the usable entries, what could not be used, and whether the stored
/// value must be rewritten (migrated from version 1, or cleaned of unreadable entries).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedRead {
    /// The entries to show.
    pub entries: Vec<Saved>,
    /// What could not be read (to keep aside and name in a notice).
    pub unreadable: Vec<Unreadable>,
    /// Whether the value came from the version 1 (tab-separated) format.
    pub migrated: bool,
}

impl SavedRead {
    /// Whether the stored value should be written again in the current format.
    pub fn needs_rewrite(&self) -> bool {
        self.migrated || !self.unreadable.is_empty()
    }
}

/// `raw` as a name: control characters become spaces, trimmed, at most [`MAX_NAME_CHARS`].
pub fn clean_name(raw: &str) -> String {
    let spaced: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_NAME_CHARS)
        .collect();
    spaced.trim().to_string()
}

/// Whether `query` is a link query as the page writes it: empty, or `?` and no control
/// characters.
fn is_query(query: &str) -> bool {
    query.is_empty() || (query.starts_with('?') && !query.chars().any(char::is_control))
}

/// The scenario file for `name` and `query`, as pretty JSON ending in a line break.
pub fn write_file(name: &str, query: &str) -> String {
    let file = ScenarioFile {
        format: FILE_FORMAT.to_string(),
        version: FILE_VERSION,
        name: clean_name(name),
        query: query.to_string(),
    };
    // Serialising a struct of strings and a number cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads a scenario file. `Err` is a sentence saying why it cannot be used (it names the
/// missing or wrong field). The query is returned as written: the caller decodes it with
/// [`crate::core::share::decode`], which names every value it cannot use.
pub fn read_file(text: &str) -> Result<ScenarioFile, String> {
    let file: ScenarioFile = json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("it is not a Scalemap scenario file ({e})"))?;
    if file.format != FILE_FORMAT {
        return Err(format!(
            "its “format” is “{}”, not “{FILE_FORMAT}”",
            clip(&file.format)
        ));
    }
    if file.version == 0 || file.version > FILE_VERSION {
        return Err(format!(
            "its “version” is {}; this Scalemap reads version {FILE_VERSION}",
            file.version
        ));
    }
    // A whole link is read like the CLI reads one: its query part.
    let query = share::query_of(&file.query);
    if query.is_empty() && !file.query.trim().is_empty() {
        return Err(format!(
            "its “query” “{}” is not a link or a link query",
            clip(&printable(&file.query))
        ));
    }
    Ok(ScenarioFile {
        name: clean_name(&file.name),
        query: if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        },
        ..file
    })
}

/// The stored value of `list`.
pub fn write_saved(list: &[Saved]) -> SavedList {
    SavedList {
        version: STORED_VERSION,
        scenarios: list.to_vec(),
    }
}

/// Checks one entry against the list so far; `Err` says why it cannot be used.
fn check_entry(name: &str, query: &str, so_far: &[Saved]) -> Result<Saved, String> {
    let name = clean_name(name);
    let query = query.trim();
    if name.is_empty() {
        return Err("has no name".into());
    }
    if !is_query(query) {
        return Err(format!("has “{}” where a link query belongs", clip(query)));
    }
    if so_far.iter().any(|s| s.name == name) {
        return Err(format!("repeats the name “{}”", clip(&name)));
    }
    if so_far.len() >= MAX_SAVED {
        return Err(format!("is past the {MAX_SAVED} scenarios the list holds"));
    }
    Ok(Saved {
        name,
        query: query.to_string(),
    })
}

/// Reads the saved list: `current` is the stored value under the current key (JSON), `old`
/// the version 1 value (`name<TAB>query` lines), read only when there is no current value.
pub fn read_saved(current: Option<&str>, old: Option<&str>, keys: (&str, &str)) -> SavedRead {
    match (current, old) {
        (Some(text), _) => read_saved_json(text, keys.0),
        (None, Some(text)) => read_saved_v1(text, keys.1),
        (None, None) => SavedRead::default(),
    }
}

fn read_saved_json(text: &str, key: &str) -> SavedRead {
    let mut out = SavedRead::default();
    let whole = |why: String| Unreadable {
        from: key.to_string(),
        text: text.to_string(),
        why,
    };
    let list: SavedList = match json::from_str(text) {
        Ok(l) => l,
        Err(e) => {
            out.unreadable
                .push(whole(format!("the saved list could not be read ({e})")));
            return out;
        }
    };
    if list.version != STORED_VERSION {
        out.unreadable.push(whole(format!(
            "the saved list has version {}, which this Scalemap does not read",
            list.version
        )));
        return out;
    }
    for (i, s) in list.scenarios.iter().enumerate() {
        match check_entry(&s.name, &s.query, &out.entries) {
            Ok(e) => out.entries.push(e),
            Err(why) => out.unreadable.push(Unreadable {
                from: key.to_string(),
                text: serde_json::to_string(s).unwrap_or_default(),
                why: format!("saved scenario {} (“{}”) {why}", i + 1, clip(&s.name)),
            }),
        }
    }
    out
}

fn read_saved_v1(text: &str, key: &str) -> SavedRead {
    let mut out = SavedRead {
        migrated: true,
        ..SavedRead::default()
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let checked = match line.split_once('\t') {
            Some((name, query)) => check_entry(name, query, &out.entries),
            None => Err("has no tab between name and link".into()),
        };
        match checked {
            Ok(e) => out.entries.push(e),
            Err(why) => out.unreadable.push(Unreadable {
                from: key.to_string(),
                text: line.to_string(),
                why: format!("saved line {} (“{}”) {why}", i + 1, clip(&printable(line))),
            }),
        }
    }
    out
}

/// `text` with control characters shown as `�` (for naming an entry in a notice).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// Reads the last scenario's stored value: `Ok((query, migrated))`, where `migrated` says the
/// value was in the version 1 format (the bare query) and should be written again.
pub fn read_last(text: &str, key: &str) -> Result<(String, bool), Unreadable> {
    let unreadable = |why: String| Unreadable {
        from: key.to_string(),
        text: text.to_string(),
        why,
    };
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        return if is_query(trimmed) {
            Ok((trimmed.to_string(), true))
        } else {
            Err(unreadable(format!(
                "the last scenario “{}” is not a link query",
                clip(&printable(trimmed))
            )))
        };
    }
    let last: Last = json::from_str(trimmed)
        .map_err(|e| unreadable(format!("the last scenario could not be read ({e})")))?;
    if last.version != STORED_VERSION {
        return Err(unreadable(format!(
            "the last scenario has version {}, which this Scalemap does not read",
            last.version
        )));
    }
    if !is_query(last.query.trim()) {
        return Err(unreadable(format!(
            "the last scenario “{}” is not a link query",
            clip(&printable(&last.query))
        )));
    }
    Ok((last.query.trim().to_string(), false))
}

/// The stored value of the last scenario.
pub fn write_last(query: &str) -> Last {
    Last {
        version: STORED_VERSION,
        query: query.to_string(),
    }
}

/// The aside list with `more` added to what was there (`existing`, its stored value). An
/// aside value that cannot itself be read becomes an entry of the new one, so nothing is lost.
pub fn add_aside(existing: Option<&str>, more: &[Unreadable], key: &str) -> Aside {
    let mut entries = match existing.map(json::from_str::<Aside>) {
        None => Vec::new(),
        Some(Ok(a)) => a.entries,
        Some(Err(e)) => vec![Unreadable {
            from: key.to_string(),
            text: existing.unwrap_or_default().to_string(),
            why: format!("the entries kept aside could not be read ({e})"),
        }],
    };
    entries.extend(more.iter().cloned());
    Aside {
        version: STORED_VERSION,
        entries,
    }
}
