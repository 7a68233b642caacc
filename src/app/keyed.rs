//! One compiled keyed list for the whole page. Each `<For>` with item, key and child types of
//! its own is compiled again (several KiB of wasm each), so every list on the page goes through
//! [`Keyed`], whose types never change: keys are [`Key`]s and the child builder is type-erased.
//!
//! Each item gets a reactive owner of its own, as with `<For>`, but a root owner, held only by
//! the item's view: `<For>` makes each item's owner a child of the list's owner, which keeps a
//! weak reference to every child it ever had until the list itself goes, so a long-lived list
//! whose items come and go (the table's columns, as stages are added and removed) grew the
//! page's memory by about 14 KB per edit (issue 16; `tests/e2e/soak.test.mjs` measures it).
//! An item's owner is dropped, and cleaned up, with its view, as before. No item reads a
//! context, so none needs the list's owner as its parent.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::reactive::owner::Owner;
use leptos::tachys::reactive_graph::OwnedView;
use leptos::tachys::view::keyed::keyed;

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

/// A new owner with no parent (see the module docs); the current owner stays current.
fn root_owner() -> Owner {
    let current = Owner::current();
    if let Some(c) = current.clone() {
        c.unset();
    }
    let owner = Owner::new();
    if let Some(c) = current {
        c.set();
    }
    owner
}

/// A keyed list: builds a child for each new key, keeps those whose key stays, drops the rest.
#[component]
pub fn Keyed(
    /// The keys, in display order; no two alike.
    each: Signal<Vec<Key>>,
    /// Builds the view of one item.
    child: Child,
) -> impl IntoView {
    let build = move |_: usize, k: Key| {
        let owner = root_owner();
        let view = owner.with(|| child(k));
        (drop::<usize>, OwnedView::new_with_owner(view, owner))
    };
    move || keyed(each.get(), |k: &Key| k.clone(), build.clone())
}
