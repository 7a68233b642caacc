//! The notices area: every value the page could not use as given (from the link or a field),
//! and the model's warnings about the scenario (call cycles). Each names its field; each can be
//! dismissed. A polite live region, so screen readers hear new notices without losing focus.

use std::sync::Arc;

use leptos::prelude::*;

use super::keyed::Keyed;
use super::state::State;
use super::web;
use super::when::When;
use crate::core::model;
use crate::core::params::{self, list_keys, Notice};
use crate::core::share;

/// The notices area.
#[component]
pub fn Notices(
    /// The page state.
    state: State,
) -> impl IntoView {
    // One line per notice: the field's link key ("link" for the link itself) and the sentence.
    // `Notice`s, not a type of the page's own: a Memo of a new item type compiled the memo's
    // code once more. Whether the key is a field's is worked out when its line is built.
    let items = Memo::new(move |_| {
        let mut out: Vec<Notice> = Vec::new();
        let dismissed = state.dismissed.get();
        let mut push = |key: &str, message: &str| {
            if !dismissed.iter().any(|d| d == message) && !out.iter().any(|i| i.message == message)
            {
                out.push(Notice {
                    key: key.to_string(),
                    message: message.to_string(),
                });
            }
        };
        state
            .link_notices
            .with(|ns| ns.iter().for_each(|n| push(&n.key, &n.message)));
        state
            .resolved
            .with(|(_, ns)| ns.iter().for_each(|n| push(&n.key, &n.message)));
        // From the scenario, not the report: the Day page never computes the report unless it
        // is downloaded (one stage per user count; the warnings are the call graph's).
        let stages = state.resolved.with(|(s, _)| s.users.len());
        state.link.with(|l| {
            // The view options choose among the growth page's views (see `super::DAY_PAGE`).
            let other = if super::DAY_PAGE {
                Some(share::OtherPage::Day)
            } else if super::RANGES_PAGE {
                Some(share::OtherPage::Ranges)
            } else if super::LEARN_PAGE {
                Some(share::OtherPage::Learn)
            } else {
                None
            };
            let view = match other {
                Some(page) => share::other_page_notices(&l.view, page),
                None => share::view_notices(&l.view, stages),
            };
            view.iter().for_each(|n| push(&n.key, &n.message));
            let exercise = if super::LEARN_PAGE {
                share::exercise_notices(&l.view, stages)
            } else {
                share::exercise_elsewhere(&l.view)
            };
            exercise.iter().for_each(|n| push(&n.key, &n.message))
        });
        state.link.with(|l| {
            // The Day page uses the day's keys, the Ranges page the ranges.
            share::unused_on_page(l, super::DAY_PAGE, super::RANGES_PAGE)
                .iter()
                .for_each(|n| push(&n.key, &n.message))
        });
        // The growth page has the report anyway; the Day page reads them from the scenario.
        if super::DAY_PAGE {
            state.resolved.with(|(s, _)| {
                model::Context::new(s)
                    .warnings()
                    .iter()
                    .for_each(|w| push(list_keys::SERVICES, w))
            });
        } else {
            state
                .report
                .with(|r| r.warnings.iter().for_each(|w| push(list_keys::SERVICES, w)));
        }
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
                    // A field with this key exists: its tag focuses it.
                    let tag = if params::all_keys().any(|x| x == i.key) {
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
