//! One compiled keyed list for the whole page. Each `<For>` with item, key and child types of
//! its own is compiled again (several KiB of wasm each), so every list on the page goes through
//! [`Keyed`], whose types never change: keys are [`Key`]s and the child builder is type-erased.

use std::sync::Arc;

use leptos::prelude::*;

/// A list item's key: a number (a stage index, a position) and a text (a name, a message, a
/// label). A list uses the parts that identify its items and leaves the others empty; an item
/// whose key changes is built again.
pub type Key = (usize, String);

/// Builds the view of one item from its key.
pub type Child = Arc<dyn Fn(Key) -> AnyView + Send + Sync>;

/// Keys `0..n` (stage indices).
pub fn indices(n: usize) -> Vec<Key> {
    (0..n).map(|i| (i, String::new())).collect()
}

/// A keyed list: builds a child for each new key, keeps those whose key stays, drops the rest.
#[component]
pub fn Keyed(
    /// The keys, in display order; no two alike.
    each: Signal<Vec<Key>>,
    /// Builds the view of one item.
    child: Child,
) -> impl IntoView {
    view! { <For each=move || each.get() key=|k: &Key| k.clone() children=move |k| child(k)/> }
}
