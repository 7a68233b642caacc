//! Saved scenarios (named links kept in this browser's local storage) and scenario files.
//!
//! The list is stored under [`STORAGE_KEY`] as serde JSON with a schema version
//! (`scenario_file::SavedList`); the link query stays the scenario's form. The tab-separated
//! list of before (under [`OLD_KEY`]) is read once, migrated and removed. Entries that cannot
//! be read are kept aside (`store::ASIDE_KEY`) and named in notices, never dropped; a write the
//! browser refuses (storage full or turned off) is reported and the list stays as stored. The
//! list lives in a signal read from storage once and changed only by Save and Delete.
//!
//! "Download scenario" writes the current scenario as a scenario file (JSON: format, version,
//! name, link query); "Open scenario" reads one back, with the link's notices for anything in
//! it that cannot be used.

use gloo_file::callbacks::FileReader;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::download;
use super::erase::{dynamic, List};
use super::state::State;
use super::store;
use super::url;
use super::when::When;
use crate::core::params::{clip, Notice};
use crate::core::scenario_file::{self, clean_name, Saved, MAX_NAME_CHARS, MAX_SAVED};
use crate::core::share;

/// Where the saved scenarios are kept (JSON, schema version 2).
const STORAGE_KEY: &str = "scalemap:saved";
/// Where version 1 kept them (`name<TAB>query` lines); read once, then removed.
const OLD_KEY: &str = "scalemap:saved:v1";

/// Reads the stored list, migrating the old format and keeping aside what cannot be read;
/// every such entry, and any refusal to store, is named in `notices`.
fn load(notices: &mut Vec<Notice>) -> Vec<Saved> {
    let current = store::read(STORAGE_KEY);
    let old = match current {
        Some(_) => None,
        None => store::read(OLD_KEY),
    };
    let read =
        scenario_file::read_saved(current.as_deref(), old.as_deref(), (STORAGE_KEY, OLD_KEY));
    // Rewrite only once what could not be read is safely aside.
    if read.needs_rewrite() && store::put_aside(&read.unreadable, notices) {
        match store::write(STORAGE_KEY, &scenario_file::write_saved(&read.entries)) {
            Ok(()) if read.migrated => store::remove(OLD_KEY),
            Ok(()) => {}
            Err(e) => notices.push(store::notice(format!(
                "{e}: the saved scenarios stay as they were stored."
            ))),
        }
    }
    read.entries
}

/// Stores `entries`; `Err` is the browser's refusal as the start of a sentence.
fn store_list(entries: &[Saved]) -> Result<(), String> {
    store::write(STORAGE_KEY, &scenario_file::write_saved(entries))
}

/// The first free "Scenario N" name.
fn default_name(entries: &[Saved]) -> String {
    (entries.len() + 1..)
        .map(|n| format!("Scenario {n}"))
        .find(|name| !entries.iter().any(|s| s.name == *name))
        .unwrap_or_else(|| "Scenario".to_string())
}

/// A file name for a scenario called `name`: `scalemap-two-versions.json`.
fn file_name(name: &str) -> String {
    let mut slug = String::new();
    // ASCII only: Unicode case tables would cost the page about 10 KB.
    for c in name.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "scalemap-scenario.json".to_string()
    } else {
        format!("scalemap-{slug}.json")
    }
}

/// Opens the scenario file `file_name` whose text (or why it could not be read) is `text`:
/// its link replaces the page's, with the link's notices; a file that cannot be used is named
/// in a notice and changes nothing.
fn open_file(state: State, file_name: &str, text: Result<String, String>) -> String {
    match text.and_then(|t| scenario_file::read_file(&t)) {
        Ok(f) => {
            let (link, notices) = share::decode(&f.query);
            url::push(&state.link.get_untracked(), &link);
            state.replace(link);
            state.link_notices.set(notices);
            let name = if f.name.is_empty() {
                file_name
            } else {
                &f.name
            };
            format!("Opened “{}”.", clip(name))
        }
        Err(why) => {
            let message = format!("“{}” was not opened: {why}.", clip(file_name));
            let n = Notice {
                key: "file".into(),
                message: message.clone(),
            };
            state.link_notices.update(|ns| ns.push(n));
            message
        }
    }
}

/// The "Saved scenarios" control: a name field, Save, and the saved list with Open and Delete.
#[component]
pub fn SavedScenarios(
    /// The page state.
    state: State,
) -> impl IntoView {
    let mut stored = Vec::new();
    let saved = RwSignal::new(load(&mut stored));
    if !stored.is_empty() {
        state.link_notices.update(|ns| ns.extend(stored));
    }
    let name = RwSignal::new(String::new());
    // The status line; empty for none (a `String` signal: an `Option<String>` one compiled the
    // signal's code once more).
    let message = RwSignal::new(String::new());
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
        if let Some(e) = entries.iter_mut().find(|s| s.name == label) {
            e.query = query;
        } else if entries.len() >= MAX_SAVED {
            message.set(format!(
                "The list is full ({MAX_SAVED} scenarios): delete one to save another."
            ));
            return;
        } else {
            entries.push(Saved {
                name: label.clone(),
                query,
            });
        }
        if let Err(e) = store_list(&entries) {
            message.set(format!("{e}: “{label}” was not saved."));
            return;
        }
        saved.set(entries);
        name.set(String::new());
        message.set(format!("Saved “{label}”."));
    };
    let open = move |i: usize| {
        let Some(query) = saved.with_untracked(|s| s.get(i).map(|e| e.query.clone())) else {
            return;
        };
        let (link, notices) = share::decode(&query);
        let old = state.link.get_untracked();
        url::push(&old, &link);
        state.replace(link);
        state.link_notices.set(notices);
        message.set(String::new());
    };
    let delete = move |i: usize| {
        let mut entries = saved.get_untracked();
        if i < entries.len() {
            let gone = entries.remove(i);
            match store_list(&entries) {
                Ok(()) => {
                    saved.set(entries);
                    message.set(String::new());
                }
                Err(e) => message.set(format!("{e}: “{}” was not deleted.", gone.name)),
            }
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
                <ScenarioFiles state name message/>
                {dynamic(move || {
                    let m = message.get();
                    if m.is_empty() {
                        ().into_any()
                    } else {
                        view! { <p class="sm-saved-msg" role="status">{m}</p> }.into_any()
                    }
                })}
                <ul class="sm-saved-list" data-testid="saved-list">
                    {dynamic(move || {
                        saved
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, Saved { name: n, .. })| {
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

/// "Download scenario" and "Open scenario…": the current scenario as a scenario file, named
/// after the name field (or the preset), and a scenario file read back. A component of its own,
/// so that the release build's erased components keep it out of the panel's view type.
#[component]
fn ScenarioFiles(
    /// The page state.
    state: State,
    /// The panel's name field.
    name: RwSignal<String>,
    /// The panel's status line (empty for none).
    message: RwSignal<String>,
) -> impl IntoView {
    // The file being read for "Open scenario" (dropping it cancels the read).
    let reading = StoredValue::new_local(None::<FileReader>);
    let download = move |_| {
        let typed = clean_name(&name.get_untracked());
        let label = if typed.is_empty() {
            state.preset_untracked().title().to_string()
        } else {
            typed
        };
        let query = state.link.with_untracked(share::encode);
        download::download_text(
            &file_name(&label),
            "application/json",
            &scenario_file::write_file(&label, &query),
        );
        message.set(format!("Downloaded “{label}” as a scenario file."));
    };
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // Cleared, so that picking the same file again opens it again.
        input.set_value("");
        let file_name = file.name();
        let reader = download::read_text(file, move |text| {
            message.try_set(open_file(state, &file_name, text));
        });
        reading.try_update_value(|r| *r = Some(reader));
    };
    view! {
        <div class="sm-saved-file">
            <button type="button" class="sm-btn" data-testid="download-scenario" on:click=download>
                "Download scenario"
            </button>
            <input
                id="sm-open-file"
                class="sm-sr sm-file-input"
                data-testid="open-scenario-file"
                type="file"
                accept=".json,application/json"
                on:change=pick
            />
            <label class="sm-btn" for="sm-open-file" data-testid="open-scenario">
                "Open scenario…"
            </label>
        </div>
    }
}
