//! The preset picker and the inputs, generated from the parameter registry: the stages and
//! services first, then one collapsible group per [`Group`] (Traffic open). Every field keeps
//! the person's raw text, shows its unit, the preset's default and its range, and lists under
//! itself the notices about its value.

use std::sync::Arc;

use leptos::prelude::*;

use super::erase::{dynamic, List};
use super::keyed::Keyed;
use super::local::local;
use super::state::{shown_text, State};
use super::url;
use super::web;
use super::when::When;
use crate::core::format;
use crate::core::params::{list_keys, Group, Spec, LISTS, MAX_STAGES, SPECS, USERS_RANGE};
use crate::core::presets::Preset;
use crate::core::share::Link;

/// The preset `<select>`. Switching keeps the view options, clears the overrides and adds a
/// history entry (Back returns to the previous preset).
#[component]
pub fn PresetPicker(
    /// The page state.
    state: State,
) -> impl IntoView {
    let change = move |ev: leptos::ev::Event| {
        let Some(preset) = Preset::from_key(&event_target_value(&ev)) else {
            return;
        };
        let old = state.link.get_untracked();
        let link = Link {
            preset,
            overrides: Vec::new(),
            view: old.view.clone(),
        };
        url::push(&old, &link);
        state.replace(link);
    };
    view! {
        <label class="sm-preset">
            <span class="sm-preset-label">"Pattern"</span>
            <select
                data-testid="preset-select"
                on:change=change
            >
                {Preset::ALL
                    .iter()
                    .map(|&p| {
                        view! {
                            <option value=p.key() prop:selected=move || state.preset() == p>
                                {p.title()}
                            </option>
                        }
                    })
                    .list()}
            </select>
        </label>
    }
}

/// A field's text (as typed, else the preset's) and the notices about its value, as
/// sentences.
///
/// On the Day page, from the signals [`State`] keeps in step with the link ([`State::field_text`],
/// [`State::notices`]): a change re-runs only the fields it changes. Memos of the link and of
/// the resolved scenario would each be marked on every change, with everything under them in
/// every field on the page: half a millisecond of the Day page's redraw. The growth page keeps
/// the memos: its size budget cannot pay for the signals' code yet (about 1.1 KiB of gzip).
fn sources(state: State, key: &'static str) -> (Memo<String>, Memo<Vec<String>>) {
    if super::DAY_PAGE {
        let errors = Memo::new(move |_| {
            state.notices.with(|pairs| {
                pairs
                    .chunks_exact(2)
                    .filter(|p| p[0] == key)
                    .map(|p| p[1].clone())
                    .collect::<Vec<_>>()
            })
        });
        let text = state.field_text(key);
        (Memo::new(move |_| text.get()), errors)
    } else {
        // The preset's value from the page's preset memo (`Link::raw` would build the preset's
        // whole scenario again, for every field on every change).
        let value = Memo::new(move |_| {
            state.link.with(|l| {
                state
                    .preset_scenario
                    .with(|(preset, _)| shown_text(l, preset, key))
            })
        });
        (value, field_errors(state, key))
    }
}

/// The notices about `key`'s value, as sentences, from the resolved scenario.
fn field_errors(state: State, key: &'static str) -> Memo<Vec<String>> {
    Memo::new(move |_| {
        state.resolved.with(|(_, notices)| {
            notices
                .iter()
                .filter(|n| n.key == key)
                .map(|n| n.message.clone())
                .collect::<Vec<_>>()
        })
    })
}

/// A range for a title: "1 to 100 ×".
fn range_text(spec: &Spec) -> String {
    let unit = if spec.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", spec.unit)
    };
    let words: Vec<&str> = spec.choices.iter().map(|c| c.name).collect();
    let words = if words.is_empty() {
        String::new()
    } else {
        format!("{} or ", words.join(", "))
    };
    format!(
        "{} Accepts {words}{} to {}{unit}.",
        spec.doc,
        format::num(spec.min),
        format::num(spec.max)
    )
}

/// One text field. Its value is the link's raw text for `key`; while the field has the focus the
/// page never rewrites it, so nothing typed is lost (`5.` stays `5.`).
#[component]
pub(super) fn Field(
    /// The page state.
    state: State,
    /// The link key.
    key: &'static str,
    /// The label.
    label: &'static str,
    /// The unit shown inside the field's right edge. Default: none.
    #[prop(optional)]
    unit: &'static str,
    /// A help line under the field. Default: none.
    #[prop(optional)]
    hint: &'static str,
    /// The tooltip (what it means and its range). Default: none.
    #[prop(optional)]
    title: String,
    /// Whether the value is a single number (numeric keyboard on phones). Default: false.
    #[prop(optional)]
    numeric: bool,
) -> impl IntoView {
    let id = format!("f-{key}");
    let err_id = format!("e-{key}");
    let (value, errors) = sources(state, key);
    let default = Memo::new(move |_| {
        state
            .preset_scenario
            .with(|(s, _)| s.text(key).unwrap_or_default())
    });
    let invalid = Memo::new(move |_| !errors.with(Vec::is_empty));
    let node = NodeRef::<leptos::html::Input>::new();
    let described = {
        let e = err_id.clone();
        Signal::derive(move || invalid.get().then(|| e.clone()))
    };
    let invalid_text = Signal::derive(move || invalid.get().to_string());
    // The message is built with the conditional part that shows it, which comes and goes.
    let error_text = move || local(move || errors.with(|e| e.join(" ")));
    let hint_text = Signal::derive(move || {
        let d = default.get();
        let d = if d.is_empty() { "none" } else { d.as_str() };
        if hint.is_empty() {
            format!("Preset: {d}")
        } else {
            format!("Preset: {d} · {hint}")
        }
    });
    view! {
        <div class="sm-field" class:sm-invalid=invalid>
            <label for=id.clone()>{label}</label>
            <div class="sm-input-wrap">
                <input
                    id=id
                    node_ref=node
                    type="text"
                    inputmode=if numeric { "decimal" } else { "text" }
                    spellcheck="false"
                    autocomplete="off"
                    data-testid=format!("input-{key}")
                    title=title
                    placeholder=default
                    aria-invalid=invalid_text
                    aria-describedby=described
                    prop:value=move || {
                        let v = value.get();
                        node.get_untracked().filter(|el| web::is_focused(el)).map(|el| el.value()).unwrap_or(v)
                    }
                    on:input=move |ev| state.set_value(key, &event_target_value(&ev))
                />
                {(!unit.is_empty()).then(|| view! { <span class="sm-unit" aria-hidden="true">{unit}</span> }).into_iter().list()}
            </div>
            <p class="sm-hint">{hint_text}</p>
            <When when=move || invalid.get()>
                <p id=err_id.clone() class="sm-field-error" data-testid=format!("field-error-{key}")>
                    {error_text()}
                </p>
            </When>
        </div>
    }
}

/// The options of a [`Picker`]: (value, label) pairs, read in a reactive context (the picker is
/// rebuilt when what they read changes).
type Options = Arc<dyn Fn() -> Vec<(String, String)> + Send + Sync>;

/// A field that takes one of a few values: a `<select>` of `options`, writing `key` at once,
/// with the notices about its value under it. The word fields (`per`, `bytes`: a spec's choices,
/// [`choice_field`]) and the "what if this is down" picker ([`down_field`]) are this one
/// component: two components compiled the same view twice.
#[component]
fn Picker(
    /// The page state.
    state: State,
    /// The link key.
    key: &'static str,
    /// The label.
    label: &'static str,
    /// The tooltip.
    doc: &'static str,
    /// The options.
    options: Options,
    /// Whether notices mark the field itself invalid (class and `aria-invalid`), as the word
    /// fields do; the down picker only lists them.
    mark: bool,
) -> impl IntoView {
    let value = Memo::new(move |_| {
        state
            .resolved
            .with(|(s, _)| s.text(key).unwrap_or_default())
    });
    let errors = field_errors(state, key);
    let invalid = Memo::new(move |_| !errors.with(Vec::is_empty));
    let aria_invalid = Signal::derive(move || mark.then(|| invalid.get().to_string()));
    // The message is built with the conditional part that shows it, which comes and goes.
    let error_text = move || local(move || errors.with(|e| e.join(" ")));
    let id = format!("f-{key}");
    let options = move || {
        options()
            .into_iter()
            .map(|(v, label)| {
                let selected = v.clone();
                view! { <option value=v prop:selected=move || value.with(|x| *x == selected)>{label}</option> }
            })
            .list()
    };
    view! {
        <div class="sm-field" class:sm-invalid=move || mark && invalid.get()>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                data-testid=format!("input-{key}")
                title=doc
                aria-invalid=aria_invalid
                on:change=move |ev| state.set_value_now(key, &event_target_value(&ev))
            >
                {dynamic(options)}
            </select>
            <When when=move || invalid.get()>
                <p class="sm-field-error" data-testid=format!("field-error-{key}")>{error_text()}</p>
            </When>
        </div>
    }
}

/// A field that takes one of a few words (`per`, `bytes`): a picker of the spec's choices.
fn choice_field(state: State, spec: &'static Spec) -> AnyView {
    let options: Options = Arc::new(move || {
        spec.choices
            .iter()
            .map(|c| (c.name.to_string(), c.label.to_string()))
            .collect()
    });
    view! { <Picker state key=spec.key label=spec.label doc=spec.doc options mark=true/> }
        .into_any()
}

/// The "what if this is down" picker: nothing, a named service, the database it uses, or one
/// region; it writes `down=` into the link (a value from a link that it does not offer is kept
/// as an extra choice).
fn down_field(state: State) -> AnyView {
    let key = list_keys::DOWN;
    let options: Options = Arc::new(move || {
        let mut opts = vec![(String::new(), "Nothing".to_string())];
        state.resolved.with(|(s, _)| {
            for d in &s.services {
                opts.push((d.name.clone(), d.name.clone()));
                opts.push((format!("db:{}", d.name), format!("{}'s database", d.name)));
            }
        });
        opts.push(("region".to_string(), "One region".to_string()));
        let current = state
            .resolved
            .with(|(s, _)| s.text(key).unwrap_or_default());
        if !opts.iter().any(|o| o.0 == current) {
            opts.push((current.clone(), current));
        }
        opts
    });
    view! { <Picker state key label=label_of(key) doc=doc_of(key) options mark=false/> }.into_any()
}

fn label_of(key: &str) -> &'static str {
    LISTS.iter().find(|l| l.key == key).map_or("", |l| l.label)
}

fn doc_of(key: &str) -> &'static str {
    LISTS.iter().find(|l| l.key == key).map_or("", |l| l.doc)
}

/// A user count to add as a new stage: ten times the largest, or when that is too many, the
/// geometric middle of the widest gap.
fn next_stage(users: &[f64]) -> Option<f64> {
    let last = users.last().copied()?;
    if last * 10.0 <= USERS_RANGE.1 {
        return Some(last * 10.0);
    }
    let widest = users
        .windows(2)
        .max_by(|a, b| (a[1] / a[0]).total_cmp(&(b[1] / b[0])))?;
    let mid = (widest[0] * widest[1]).sqrt().round();
    (mid > widest[0] && mid < widest[1])
        .then_some(mid)
        .or_else(|| {
            let first = users.first().copied()?;
            (first > USERS_RANGE.0).then(|| (first / 10.0).max(USERS_RANGE.0).round())
        })
}

/// Writes a user list back as the `users` text.
fn users_text(users: &[f64]) -> String {
    users
        .iter()
        .map(|u| format::link_number(*u))
        .collect::<Vec<_>>()
        .join(",")
}

/// The stages as chips, each removable, plus an "add stage" chip; they edit the `users` text.
#[component]
fn StageChips(
    /// The page state.
    state: State,
) -> impl IntoView {
    // The chips' labels (what they show and how many there are); the handlers read the numbers.
    let labels = Memo::new(move |_| {
        state.resolved.with(|(s, _)| {
            s.users
                .iter()
                .copied()
                .map(format::count)
                .collect::<Vec<_>>()
        })
    });
    let users = move || state.resolved.with_untracked(|(s, _)| s.users.clone());
    // "+ Add stage" asks for the user count: Enter adds what was typed to the stages (an empty
    // field: ten times the last stage, or between the two farthest apart). The stages field
    // reads it as if typed there: in order, and what is not a user count is named under it.
    let key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        let u = users();
        let typed = event_target_value(&ev);
        let new = match typed.trim() {
            "" => next_stage(&u).map(format::link_number).unwrap_or_default(),
            t => t.to_string(),
        };
        state.set_value_now(list_keys::USERS, &format!("{},{new}", users_text(&u)));
        if let Some(f) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
        {
            f.set_value("");
        }
    };
    view! {
        <div class="sm-chips" role="group" aria-label="Stages">
            // Keyed by position and label: a chip is rebuilt when the stage it shows changes.
            <Keyed
                each=Signal::derive(move || labels.get().into_iter().enumerate().collect())
                child=Arc::new(move |(i, shown)| {
                    let aria = format!("Remove the {shown}-user stage");
                    // Chips come and go with the stages (see `local.rs`).
                    let alone = local(move || labels.with(|u| u.len() <= 1));
                    view! {
                        <span class="sm-chip">
                            {shown}
                            <button
                                type="button"
                                class="sm-chip-x"
                                aria-label=aria
                                title="Remove this stage"
                                prop:disabled=alone
                                on:click=move |_| {
                                    let mut u = users();
                                    if u.len() > 1 && i < u.len() {
                                        u.remove(i);
                                        state.set_value_now(list_keys::USERS, &users_text(&u));
                                    }
                                }
                            >
                                "×"
                            </button>
                        </span>
                    }
                    .into_any()
                })
            />
            <label class="sm-chip sm-chip-ask">
                "+ Add stage"
                <input
                    type="text"
                    inputmode="decimal"
                    placeholder="users, Enter"
                    data-testid="add-stage-users"
                    prop:disabled=move || labels.with(|u| u.len() >= MAX_STAGES)
                    on:keydown=key
                />
            </label>
        </div>
    }
}

/// Under "Named services": the same list as a form, the Learn page's service editor (on the
/// Learn page, its card; from another page, with the scenario: `#services` focuses it there).
fn services_form_link(state: State) -> AnyView {
    if super::LEARN_PAGE {
        let href = format!("#{}", super::service_editor::FORM_ID);
        return view! { <a class="sm-field-link" href=href data-testid="services-form-link">"Edit as a form"</a> }
            .into_any();
    }
    let to = if super::DAY_PAGE || super::RANGES_PAGE {
        "../learn/#services"
    } else {
        "learn/#services"
    };
    view! { <a class="sm-field-link" href=url::page_href(state, to) data-testid="services-form-link">"Edit as a form →"</a> }
        .into_any()
}

/// All inputs.
#[component]
pub fn Inputs(
    /// The page state.
    state: State,
) -> impl IntoView {
    // The day's parameters change only the Day page: the growth page shows no fields for them
    // (their link keys are kept as written).
    let groups = Group::ALL
        .iter()
        .filter(|g| super::DAY_PAGE || **g != Group::Day)
        .map(|&g| {
            let fields = SPECS
                .iter()
                .filter(|s| s.group == g)
                .map(|spec| {
                    if spec.is_choice() {
                        choice_field(state, spec)
                    } else {
                        view! {
                            <Field state key=spec.key label=spec.label unit=spec.unit title=range_text(spec) numeric=spec.choices.is_empty()/>
                        }
                        .into_any()
                    }
                })
                .list();
            view! {
                <details class="sm-group" open=g == Group::Traffic>
                    <summary>{g.title()}</summary>
                    <div class="sm-group-body">{fields}</div>
                </details>
            }
        })
        .list();
    let reset = move |_| {
        state.update(|l| l.overrides.clear());
    };
    let changed = move || state.link.with(|l| l.overrides.len());
    view! {
        <form class="sm-inputs" on:submit=|ev| ev.prevent_default() aria-label="Scenario inputs">
            <fieldset class="sm-block">
                <legend>"Stages and services"</legend>
                {LISTS
                    .iter()
                    // `down=` has its own picker (`DownField`); the day's events are edited in the Day view (`day.rs`).
                    .filter(|l| l.key != list_keys::DOWN && l.key != list_keys::EVENTS)
                    .map(|l| {
                        // The stage chips edit the user counts, right under their field; under
                        // the services, a link to the same list as a form.
                        let chips = match l.key {
                            list_keys::USERS => Some(view! { <StageChips state/> }.into_any()),
                            list_keys::SERVICES => Some(services_form_link(state)),
                            _ => None,
                        }
                        .into_iter()
                        .list();
                        view! {
                            <Field state key=l.key label=l.label hint=l.hint title=l.doc.to_string()/>
                            {chips}
                        }
                    })
                    .list()}
                {down_field(state)}
            </fieldset>
            {groups}
            <div class="sm-inputs-foot">
                <span class="sm-muted">
                    {move || match changed() {
                        0 => "All values are the preset's.".to_string(),
                        1 => "1 value differs from the preset.".to_string(),
                        n => format!("{n} values differ from the preset."),
                    }}
                </span>
                <button type="button" class="sm-btn" on:click=reset prop:disabled=move || changed() == 0>
                    "Reset to preset"
                </button>
            </div>
        </form>
    }
}
