//! One compiled conditional for the whole page. Each `<Show>` with condition and child types of
//! its own is compiled again, so every conditional part of the page goes through [`When`],
//! whose types never change (see `keyed.rs` for the lists).

use leptos::prelude::*;

use super::erase::dynamic;

/// Shows its children while `when` holds; builds them again each time it turns true.
#[component]
pub fn When(
    /// Whether the children show (a closure, a Memo or a signal).
    #[prop(into)]
    when: Signal<bool>,
    /// The content.
    children: ChildrenFn,
) -> impl IntoView {
    // A gate: the content is rebuilt only when the condition flips, not whenever what it reads
    // changes.
    let when = Memo::new(move |_| when.get());
    dynamic(move || {
        if when.get() {
            children().into_any()
        } else {
            ().into_any()
        }
    })
}
