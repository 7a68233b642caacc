//! The notices area: every value the page could not use as given (from the link or a field),
//! and the model's warnings about the scenario (call cycles). Each names its field; each can be
//! dismissed. A polite live region, so screen readers hear new notices without losing focus.

use std::sync::Arc;

use leptos::prelude::*;

use super::keyed::Keyed;
use super::state::State;
use super::web;
use super::when::When;
use crate::core::params::{self, list_keys};
use crate::core::share;

/// One line of the notices area.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    /// The field's link key, or "link" for the link itself.
    key: String,
    /// The sentence.
    message: String,
    /// Whether a field with this key exists (its tag then focuses it).
    field: bool,
}

/// The notices area.
#[component]
pub fn Notices(
    /// The page state.
    state: State,
) -> impl IntoView {
    let items = Memo::new(move |_| {
        let mut out: Vec<Item> = Vec::new();
        let known = |k: &str| params::all_keys().any(|x| x == k);
        let dismissed = state.dismissed.get();
        let mut push = |key: &str, message: &str| {
            if !dismissed.iter().any(|d| d == message) && !out.iter().any(|i| i.message == message)
            {
                out.push(Item {
                    key: key.to_string(),
                    message: message.to_string(),
                    field: known(key),
                });
            }
        };
        state
            .link_notices
            .with(|ns| ns.iter().for_each(|n| push(&n.key, &n.message)));
        state
            .resolved
            .with(|(_, ns)| ns.iter().for_each(|n| push(&n.key, &n.message)));
        let stages = state.report.with(|r| r.stages.len());
        state.link.with(|l| {
            share::view_notices(&l.view, stages)
                .iter()
                .for_each(|n| push(&n.key, &n.message))
        });
        state.link.with(|l| {
            share::unused_on_page(l, crate::core::model::LATENCY_HERE)
                .iter()
                .for_each(|n| push(&n.key, &n.message))
        });
        state
            .report
            .with(|r| r.warnings.iter().for_each(|w| push(list_keys::SERVICES, w)));
        out
    });
    let dismiss_all = move |_| {
        let all: Vec<String> = items
            .get_untracked()
            .into_iter()
            .map(|i| i.message)
            .collect();
        state.dismissed.update(|d| d.extend(all));
    };
    view! {
        <div class="sm-notices" role="status" aria-live="polite" data-testid="notices">
            // Keyed by message (no two alike).
            <Keyed
                each=Signal::derive(move || items.with(|i| i.iter().map(|i| (0, i.message.clone())).collect()))
                child=Arc::new(move |(_, message)| {
                    let Some(i) = items.with_untracked(|all| all.iter().find(|i| i.message == message).cloned()) else {
                        return ().into_any();
                    };
                    let msg = i.message.clone();
                    let tag = if i.field {
                        let key = i.key.clone();
                        let target = format!("f-{key}");
                        view! {
                            <button
                                type="button"
                                class="sm-notice-tag"
                                title="Go to the field"
                                on:click=move |_| web::focus_id(&target)
                            >
                                {key}
                            </button>
                        }
                        .into_any()
                    } else {
                        view! { <span class="sm-notice-tag">{i.key.clone()}</span> }.into_any()
                    };
                    view! {
                        <div class="sm-notice" data-testid="notice">
                            {tag}
                            <span class="sm-notice-text">{i.message}</span>
                            <button
                                type="button"
                                class="sm-notice-x"
                                aria-label="Dismiss this notice"
                                title="Dismiss"
                                on:click=move |_| state.dismissed.update(|d| d.push(msg.clone()))
                            >
                                "×"
                            </button>
                        </div>
                    }
                    .into_any()
                })
            />
            <When when=move || items.with(|i| i.len() > 1)>
                <button type="button" class="sm-link-btn sm-dismiss-all" on:click=dismiss_all>
                    "Dismiss all"
                </button>
            </When>
        </div>
    }
}
