//! The Learn page's "traffic × N" what-if: pick a stage and a factor (×2, ×10, ×100 or typed);
//! the page says what runs out first with the architecture as it stands, what runs out after it,
//! the ordered steps the model takes on the way, each with its figure, and the counts that
//! change: the CLI's `--what-if N` block for one stage ([`crate::core::plan::what_if_text`]).

use leptos::prelude::*;

use super::erase::{dynamic, List};
use super::state::State;
use crate::core::format;
use crate::core::plan;

/// The factors offered as buttons.
const FACTORS: [f64; 3] = [2.0, 10.0, 100.0];
/// The largest factor read from the field.
const MAX_FACTOR: f64 = 1e6;

/// The factor typed, or why it cannot be used.
fn read_factor(text: &str) -> Result<f64, String> {
    let t = text.trim().trim_start_matches(['×', 'x', 'X']);
    match format::parse_number(t) {
        Ok(f) if (1.0..=MAX_FACTOR).contains(&f) => Ok(f),
        Ok(_) => Err(format!(
            "The factor must be from 1 to {}; ×10 is shown.",
            format::count(MAX_FACTOR)
        )),
        Err(e) => Err(format!("“{text}” {e}; ×10 is shown.")),
    }
}

/// The what-if card: the stage and factor pickers, then the answer's lines.
#[component]
pub fn WhatIfCard(
    /// The page state.
    state: State,
) -> impl IntoView {
    let stage = RwSignal::new(0usize);
    let typed = RwSignal::new(String::from("10"));
    let lines = move || {
        let (factor, error) = match typed.with(|t| read_factor(t)) {
            Ok(f) => (f, None),
            Err(e) => (10.0, Some(e)),
        };
        // (a heading, a refusal, the text)
        let mut out: Vec<(bool, bool, String)> =
            error.into_iter().map(|e| (false, true, e)).collect();
        state.with_drawn(|s, r| {
            let i = stage.get().min(r.stages.len().saturating_sub(1));
            if let Some(st) = r.stages.get(i) {
                let ctx = crate::core::model::Context::new(s);
                let (head, lines) = plan::what_if_text(&ctx, &r.breakpoints, st.users, factor);
                out.push((true, false, head));
                out.extend(lines.into_iter().map(|l| (false, false, l)));
            }
        });
        out
    };
    let body = dynamic(move || {
        lines()
            .into_iter()
            .map(|(head, error, text)| {
                view! { <li class:sm-plan-head=head class:sm-field-error=error>{text}</li> }
            })
            .list()
    });
    let stage_opts = dynamic(move || {
        let users: Vec<f64> = state
            .report
            .with(|r| r.stages.iter().map(|s| s.users).collect());
        let on = stage.get();
        users
            .into_iter()
            .enumerate()
            .map(|(i, u)| {
                view! { <option value=i.to_string() selected=i == on>{format!("{} users", format::count(u))}</option> }
            })
            .list()
    });
    let buttons = FACTORS
        .iter()
        .map(|&f| {
            let label = format!("×{}", format::num(f));
            view! {
                <button type="button" class="sm-btn" data-testid=format!("whatif-x{}", format::num(f))
                    aria-pressed=move || (typed.with(|t| read_factor(t).ok()) == Some(f)).to_string()
                    on:click=move |_| typed.set(format::num(f))>{label}</button>
            }
        })
        .list();
    view! {
        <super::Card id="sm-whatif" title_id="sm-whatif-title" title="Traffic × N" testid="whatif"
            note="What runs out first if traffic grows N times with the architecture as it stands, and the steps that fix it, in order.">
            <div class="sm-whatif-form">
                <label class="sm-eb-field">"Stage"
                    <select data-testid="whatif-stage" on:change=move |ev| stage.set(event_target_value(&ev).parse().unwrap_or(0))>{stage_opts}</select>
                </label>
                <span class="sm-whatif-factors">{buttons}</span>
                <label class="sm-eb-field">"Or type a factor"
                    <input type="text" inputmode="decimal" data-testid="whatif-factor" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                </label>
            </div>
            <ul class="sm-plan sm-whatif-lines" data-testid="whatif-lines">{body}</ul>
        </super::Card>
    }
}
