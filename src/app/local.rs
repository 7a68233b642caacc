//! Memos for the parts of the page that come and go (a table column, a diagram card, a stage
//! chip), so that nothing is left behind when they go.
//!
//! Leptos's reactive graph (reactive_graph 0.2) keeps, in every signal and memo, an entry for
//! each node that ever read it, and takes it out only when that node runs again: a node that is
//! dropped, because the part of the page it belonged to went away, stays listed for as long as
//! what it read lives, and its memory with it (one entry and the dropped node's allocation,
//! a few hundred bytes). The page's long-lived state (the report, the quiz flag, the open
//! explanation, a table row's figures) outlives every column, so each stage added and removed
//! left a few hundred such entries: the page's memory grew by about 14 KB per edit
//! (issue 16; `tests/e2e/soak.test.mjs` measures it).
//!
//! So a part that comes and goes reads long-lived state only through [`local`] memos: each
//! takes itself out of what it read when its part goes, and the part's own nodes read only
//! those memos, which go with them.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::reactive::computed::ArcMemo;
use leptos::reactive::graph::{AnySubscriber, Subscriber, ToAnySubscriber};

/// A Memo of `f`, owned by the current part of the page, that unsubscribes from everything it
/// read when that part is cleaned up (see the module docs). Read long-lived state in a part
/// that comes and goes through one of these, never directly.
pub fn local<T>(f: impl Fn() -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    erased(Arc::new(f))
}

/// The one compiled instance of [`local`] per value type (a closure type of its own per call
/// would compile the memo again for each; see ARCHITECTURE.md, "Release builds").
fn erased<T>(f: Arc<dyn Fn() -> T + Send + Sync>) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let memo = ArcMemo::new(move |_| f());
    unsubscribe_on_cleanup(memo.to_any_subscriber());
    Memo::from(memo)
}

/// Takes `node` out of everything it read when the current owner is cleaned up (it is still
/// alive then: an owner drops its nodes after running its cleanups).
fn unsubscribe_on_cleanup(node: AnySubscriber) {
    on_cleanup(move || node.clear_sources(&node));
}
