//! Saved scenarios: named links kept in this browser's localStorage.
//!
//! Stored under [`STORAGE_KEY`] as one entry per line, `name\tquery`, where the query is
//! [`share::encode`]'s. Names never hold tabs or line breaks (they become spaces). Reading is
//! total: lines that do not fit the format are skipped, so a corrupted value only loses what it
//! corrupted. The list lives in a signal read from storage once and changed only by the Save
//! and Delete handlers, which write it back.

use leptos::prelude::*;

use super::erase::{dynamic, List};
use super::state::State;
use super::url;
use super::web;
use super::when::When;
use crate::core::share;

/// Where the saved scenarios are kept.
const STORAGE_KEY: &str = "scalemap:saved:v1";
/// How many scenarios can be saved.
const MAX_SAVED: usize = 50;
/// The longest name kept (characters).
const MAX_NAME_CHARS: usize = 80;

/// One saved scenario: its name and its link's query.
type Entry = (String, String);

/// `raw` as a name: tabs and line breaks become spaces, trimmed, at most [`MAX_NAME_CHARS`].
fn clean_name(raw: &str) -> String {
    let spaced: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_NAME_CHARS)
        .collect();
    spaced.trim().to_string()
}

/// Reads the stored list; anything unreadable is skipped.
fn parse(stored: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for line in stored.lines() {
        let Some((name, query)) = line.split_once('\t') else {
            continue;
        };
        let name = clean_name(name);
        let query = query.trim();
        let query_ok = query.is_empty() || (query.starts_with('?') && !query.contains('\t'));
        if name.is_empty() || !query_ok || out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        out.push((name, query.to_string()));
        if out.len() == MAX_SAVED {
            break;
        }
    }
    out
}

/// Writes the list in the stored format.
fn format(entries: &[Entry]) -> String {
    entries.iter().map(|(n, q)| format!("{n}\t{q}\n")).collect()
}

fn load() -> Vec<Entry> {
    web::storage_get(STORAGE_KEY)
        .map(|s| parse(&s))
        .unwrap_or_default()
}

fn store(entries: &[Entry]) {
    web::storage_set(STORAGE_KEY, &format(entries));
}

/// The first free "Scenario N" name.
fn default_name(entries: &[Entry]) -> String {
    (entries.len() + 1..)
        .map(|n| format!("Scenario {n}"))
        .find(|name| !entries.iter().any(|(n, _)| n == name))
        .unwrap_or_else(|| "Scenario".to_string())
}

/// The "Saved scenarios" control: a name field, Save, and the saved list with Open and Delete.
#[component]
pub fn SavedScenarios(
    /// The page state.
    state: State,
) -> impl IntoView {
    let saved = RwSignal::new(load());
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let query = state.link.with_untracked(share::encode);
        let mut entries = saved.get_untracked();
        let typed = clean_name(&name.get_untracked());
        let label = if typed.is_empty() {
            default_name(&entries)
        } else {
            typed
        };
        if let Some(e) = entries.iter_mut().find(|(n, _)| *n == label) {
            e.1 = query;
        } else if entries.len() >= MAX_SAVED {
            message.set(Some(format!(
                "The list is full ({MAX_SAVED} scenarios): delete one to save another."
            )));
            return;
        } else {
            entries.push((label.clone(), query));
        }
        store(&entries);
        saved.set(entries);
        name.set(String::new());
        message.set(Some(format!("Saved “{label}”.")));
    };
    let open = move |i: usize| {
        let Some((_, query)) = saved.with_untracked(|s| s.get(i).cloned()) else {
            return;
        };
        let (link, notices) = share::decode(&query);
        let old = state.link.get_untracked();
        url::push(&old, &link);
        state.replace(link);
        state.link_notices.set(notices);
        message.set(None);
    };
    let delete = move |i: usize| {
        let mut entries = saved.get_untracked();
        if i < entries.len() {
            entries.remove(i);
            store(&entries);
            saved.set(entries);
            message.set(None);
        }
    };
    let count = move || saved.with(Vec::len);
    view! {
        <details class="sm-saved" data-testid="saved-scenarios">
            <summary class="sm-btn">
                "Saved scenarios"
                <span class="sm-saved-count">{move || format!("({})", count())}</span>
            </summary>
            <div class="sm-saved-panel">
                <form class="sm-saved-form" on:submit=save>
                    <label class="sm-sr" for="sm-save-name">"Name for this scenario"</label>
                    <input
                        id="sm-save-name"
                        data-testid="save-name"
                        type="text"
                        placeholder="Name (optional)"
                        maxlength=MAX_NAME_CHARS
                        prop:value=name
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <button type="submit" class="sm-btn sm-btn-primary" data-testid="save-scenario">
                        "Save"
                    </button>
                </form>
                {dynamic(move || match message.get() {
                    Some(m) => view! { <p class="sm-saved-msg" role="status">{m}</p> }.into_any(),
                    None => ().into_any(),
                })}
                <ul class="sm-saved-list" data-testid="saved-list">
                    {dynamic(move || {
                        saved
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, (n, _))| {
                                let full = n.clone();
                                view! {
                                    <li>
                                        <span class="sm-saved-name" title=full>{n}</span>
                                        <button
                                            type="button"
                                            class="sm-link-btn"
                                            data-testid=format!("open-saved-{i}")
                                            on:click=move |_| open(i)
                                        >
                                            "Open"
                                        </button>
                                        <button
                                            type="button"
                                            class="sm-link-btn"
                                            data-testid=format!("delete-saved-{i}")
                                            on:click=move |_| delete(i)
                                        >
                                            "Delete"
                                        </button>
                                    </li>
                                }
                            })
                            .list()
                    })}
                </ul>
                <When when=move || count() == 0>
                    <p class="sm-muted sm-saved-empty">"Nothing saved yet. Saved scenarios stay in this browser."</p>
                </When>
            </div>
        </details>
    }
}
