//! The preset page's Self Check ("Your database handles 1000 QPS. Traffic grows 10x. What do
//! you do first?") with the model's own answer beside the page's: a traffic × 10 what-if from
//! [`crate::core::plan`], its steps in order with their user counts. One list, its title in
//! bold (one view type). On the Learn page, under the scaling plan (`table.rs`) and beside the
//! what-if with any factor (`whatif.rs`).

use leptos::prelude::*;

use super::erase::{dynamic, List};
use super::state::State;
use crate::core::plan;

/// The Self Check's lines: the question (the title), the page's answer, the model's.
fn lines(state: State) -> [(bool, String); 3] {
    let c = plan::self_check(state.preset());
    [
        (true, format!("Self Check: {}", c.question)),
        (false, format!("The page: {}", c.page_answer)),
        (false, format!("Scalemap: {} {}", c.now(), c.answer())),
    ]
}

/// The Self Check, below the breakpoints it reads.
#[component]
pub fn SelfCheck(
    /// The page state.
    state: State,
) -> impl IntoView {
    let body = dynamic(move || {
        lines(state)
            .into_iter()
            .map(|(head, text)| view! { <li class:sm-plan-head=head>{text}</li> })
            .list()
            .into_any()
    });
    view! { <ul class="sm-plan" data-testid="self-check">{body}</ul> }
}
