//! The service editor (the Learn page's "Services" card): the named services as a form, one row
//! per service (its name, its share of client traffic, the services it calls and how: waits,
//! through the queue, or with a fallback), rows added and removed, the problems the model found
//! in the list shown under it. Every change writes the list's text notation
//! ([`crate::core::services::to_text`]) into the link, so the inputs panel's "Named services"
//! field and the form stay in step: the form is read back from the scenario each time.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::erase::{dynamic, List};
use super::state::State;
use crate::core::format;
use crate::core::params::list_keys;
use crate::core::services::{to_text, CallKind, CallMode, ServiceDef};

/// The named services as the scenario has them.
fn defs(state: State) -> Vec<ServiceDef> {
    state.with_drawn_scenario(|s| s.services.clone())
}

/// Applies `f` to the named services and writes the result into the link.
fn change(state: State, f: impl FnOnce(&mut Vec<ServiceDef>)) {
    let mut d = state.with_drawn_scenario_untracked(|s| s.services.clone());
    f(&mut d);
    state.set_value_now(list_keys::SERVICES, &to_text(&d));
}

/// A name for a new service that none has yet: "Service 4", ...
fn new_name(d: &[ServiceDef]) -> String {
    (d.len() + 1..)
        .map(|n| format!("Service {n}"))
        .find(|n| d.iter().all(|x| &x.name != n))
        .unwrap_or_default()
}

/// The modes a call can have, with their words.
const MODES: [(CallMode, &str); 3] = [
    (CallMode::Sync, "waits"),
    (CallMode::Async, "through the queue"),
    (CallMode::Optional, "waits, with a fallback"),
];

/// The card's element id ("Edit as a form" on the inputs panel links to it).
pub const FORM_ID: &str = "sm-services-form";

/// The service editor's card.
#[component]
pub fn ServiceEditor(
    /// The page state.
    state: State,
) -> impl IntoView {
    let rows = dynamic(move || {
        let d = defs(state);
        let names: Arc<[String]> = d.iter().map(|x| x.name.clone()).collect();
        let total: f64 = d.iter().map(|x| x.weight).sum();
        d.into_iter()
            .enumerate()
            .map(|(i, def)| view! { <ServiceRow state i def names=names.clone() total/> })
            .list()
    });
    let problems = dynamic(move || {
        state
            .resolved
            .with(|(_, ns)| {
                ns.iter()
                    .filter(|n| n.key == list_keys::SERVICES)
                    .map(|n| n.message.clone())
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .map(|m| view! { <li>{m}</li> })
            .list()
    });
    // Opened by another page's "Edit as a form" (`#services`).
    super::web::focus_if_asked(|h| h == "#services", FORM_ID);
    let add = move |_| {
        change(state, |d| {
            let name = new_name(d);
            d.push(ServiceDef::new(&name, &[]));
        })
    };
    view! {
        <super::Card id=FORM_ID title_id="sm-sf-title" title="Services, as a form" testid="service-editor"
            note="The same list as the Named services field: a change here writes its text there, and the other way round. A share of 0 makes a service internal: no client request enters there, only calls from other services reach it.">
            <ol class="sm-sf-rows">{rows}</ol>
            <ul class="sm-sf-problems sm-field-error" data-testid="service-editor-problems" role="status">{problems}</ul>
            <p><button type="button" class="sm-btn" data-testid="sf-add" on:click=add>"+ Add service"</button></p>
        </super::Card>
    }
}

/// One service: name, share, its calls, remove.
#[component]
fn ServiceRow(
    /// The page state.
    state: State,
    /// Its place in the list.
    i: usize,
    /// The service as the scenario has it.
    def: ServiceDef,
    /// Every service's name, in order (the calls it can make).
    names: Arc<[String]>,
    /// The named services' weights added up (its share of their client requests).
    total: f64,
) -> impl IntoView {
    let n = names.len();
    let old = def.name.clone();
    let rename = move |ev: leptos::ev::Event| {
        let new = event_target_value(&ev).trim().to_string();
        let old = old.clone();
        change(state, move |d| {
            if new.is_empty() || new == old {
                return;
            }
            for x in d.iter_mut() {
                for c in &mut x.calls {
                    if *c == old {
                        *c = new.clone();
                    }
                }
            }
            if let Some(x) = d.get_mut(i) {
                x.name = new;
            }
        })
    };
    // A share that is no number is named under the row and not written; one the model bounds
    // (-1, say) is written, and the model's notice below the rows says what it used.
    let error = RwSignal::new(String::new());
    let reweigh = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        match format::parse_number(&typed) {
            Ok(w) => {
                error.set(String::new());
                change(state, move |d| {
                    if let Some(x) = d.get_mut(i) {
                        x.weight = w;
                    }
                })
            }
            Err(e) => error.set(format!(
                "Share of client traffic: “{}” {e}; the list keeps the share it had.",
                crate::core::limits::clip(&typed)
            )),
        }
    };
    let remove = move |_| {
        change(state, move |d| {
            if i < d.len() {
                let gone = d.remove(i).name;
                for x in d.iter_mut() {
                    let keep: Vec<bool> = x.calls.iter().map(|c| *c != gone).collect();
                    let mut k = keep.iter();
                    x.calls.retain(|_| *k.next().unwrap_or(&true));
                    let mut k = keep.iter();
                    x.call_kinds.retain(|_| *k.next().unwrap_or(&true));
                }
            }
        })
    };
    let me = def.name.clone();
    let calls = names
        .iter()
        .filter(|m| **m != def.name)
        .map(|callee| {
            let at = def.calls.iter().position(|c| c == callee);
            let mode = at.map(|k| def.call_kind(k).mode);
            let callee = callee.clone();
            let who = callee.clone();
            let toggle = move |ev: leptos::ev::Event| {
                let on = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .is_some_and(|c| c.checked());
                let callee = callee.clone();
                change(state, move |d| {
                    let Some(x) = d.get_mut(i) else { return };
                    match x.calls.iter().position(|c| *c == callee) {
                        Some(k) if !on => {
                            x.calls.remove(k);
                            if k < x.call_kinds.len() {
                                x.call_kinds.remove(k);
                            }
                        }
                        None if on => x.calls.push(callee),
                        _ => {}
                    }
                })
            };
            let set_mode = move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                let m = MODES.iter().find(|x| x.1 == v).map_or(CallMode::Sync, |x| x.0);
                change(state, move |d| {
                    let Some(x) = d.get_mut(i) else { return };
                    if let Some(k) = at {
                        if x.call_kinds.len() <= k {
                            x.call_kinds.resize(k + 1, CallKind::default());
                        }
                        x.call_kinds[k].mode = m;
                    }
                })
            };
            let modes = mode.map(|on| {
                MODES
                    .iter()
                    .map(|(m, words)| view! { <option value=*words selected=*m == on>{*words}</option> })
                    .list()
            });
            let label = format!("calls {who}");
            let how = format!("How {me} calls {who}");
            view! {
                <span class="sm-sf-call">
                    <label><input type="checkbox" prop:checked=at.is_some() on:change=toggle/>{label}</label>
                    {modes.map(|m| view! { <select aria-label=how on:change=set_mode>{m}</select> })}
                </span>
            }
        })
        .list();
    let share = format::link_number(def.weight);
    let pct_id = format!("sm-sf-pct-{i}");
    let pct = share_words(def.weight, total);
    view! {
        <li class="sm-sf-row" data-testid=format!("sf-row-{i}")>
            <label class="sm-eb-field">"Name"
                <input type="text" data-testid=format!("sf-name-{i}") prop:value=def.name.clone() on:change=rename/>
            </label>
            <label class="sm-eb-field">"Share of client traffic"
                <input type="text" inputmode="decimal" data-testid=format!("sf-share-{i}") aria-describedby=pct_id.clone() prop:value=share on:change=reweigh/>
            </label>
            <span class="sm-sf-calls" data-testid=format!("sf-calls-{i}")>{calls}</span>
            <button type="button" class="sm-btn" data-testid=format!("sf-remove-{i}") disabled=n <= 1 on:click=remove>"Remove"</button>
            <p class="sm-sf-pct" id=pct_id data-testid=format!("sf-pct-{i}")>{pct}</p>
            <p class="sm-field-error" data-testid=format!("sf-error-{i}") role="status">{move || error.get()}</p>
        </li>
    }
}

/// What a weight means among the named services: its share of their client requests, or, at 0,
/// that only calls reach it (a list all of 0 counts each as 1, as the model does).
fn share_words(weight: f64, total: f64) -> String {
    if total <= 0.0 {
        return "weight 0 everywhere: each counts as 1".to_string();
    }
    if weight <= 0.0 {
        return "internal: only calls reach it".to_string();
    }
    format!(
        "{} of the named services' client requests",
        format::percent(weight / total)
    )
}
