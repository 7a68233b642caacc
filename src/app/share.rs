//! "Copy link": copies the page's address for the current scenario and view. Uses the async
//! clipboard when the browser offers it; otherwise (or when it refuses) shows the address in a
//! read-only field, selected, for the person to copy. Warns when the link is long enough that
//! chat apps may cut it.
//!

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::download;
use super::state::State;
use super::url;
use super::when::When;
use crate::core::share::WARN_LINK_CHARS;

/// What the button last did. Kept in a `RwSignal<usize>` ([`Status`]) as `Copied::X as usize`:
/// a signal of this enum compiled the signal's code once more for it (about 1.2 KB of wasm;
/// the page has `usize` signals anyway).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    /// Nothing yet.
    Idle,
    /// The clipboard took it.
    Done,
    /// No clipboard: the field below shows the link.
    Manual,
}

/// A copy button's state: a [`Copied`] as `usize`.
type Status = RwSignal<usize>;

/// The timer that resets a copy button's "Copied ✓": a new copy replaces (cancels) it, and it is
/// dropped (cancelled) with the button.
type Reset = StoredValue<Option<Timeout>, LocalStorage>;

/// Copies `text`, showing the outcome in `status` ("Copied ✓" for two seconds, or the manual
/// fallback when there is no clipboard or it refuses).
fn copy_with_feedback(text: &str, status: Status, reset: Reset) {
    let ok = download::copy_text(text, move |worked| {
        if !worked {
            status.set(Copied::Manual as usize);
        }
    });
    status.set(if ok { Copied::Done } else { Copied::Manual } as usize);
    if ok {
        let timer = Timeout::new(2000, move || {
            if status.try_get_untracked() == Some(Copied::Done as usize) {
                status.set(Copied::Idle as usize);
            }
        });
        reset.try_update_value(|t| *t = Some(timer));
    }
}

/// The fallback when the clipboard is unavailable or refuses: a read-only field holding the
/// text, focused and selected as soon as it appears, with a hint and a close button.
#[component]
fn ManualCopy(
    /// The copy button's state; the field shows while it is [`Copied::Manual`].
    status: Status,
    /// The field's element id (its label points at it).
    id: &'static str,
    /// The field's accessible label.
    label: &'static str,
    /// The text to copy.
    value: Memo<String>,
    /// The field's `data-testid`, if tests look for it (default: none).
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let field = NodeRef::<leptos::html::Input>::new();
    // A DOM effect only (focus and select): it writes no signal.
    Effect::new(move |_| {
        if status.get() == Copied::Manual as usize {
            request_animation_frame(move || {
                if let Some(el) = field.get_untracked() {
                    let _ = el.focus();
                    el.select();
                }
            });
        }
    });
    view! {
        <When when=move || status.get() == Copied::Manual as usize>
            <div class="sm-share-manual">
                <label class="sm-sr" for=id>{label}</label>
                <input id=id data-testid=testid node_ref=field type="text" readonly prop:value=value/>
                <span class="sm-muted">"Press Ctrl+C (⌘C) to copy."</span>
                <button type="button" class="sm-link-btn" on:click=move |_| status.set(Copied::Idle as usize)>
                    "Close"
                </button>
            </div>
        </When>
    }
}

/// The share button, its fallback field and the long-link warning.
#[component]
pub fn ShareButton(
    /// The page state.
    state: State,
) -> impl IntoView {
    let status: Status = RwSignal::new(Copied::Idle as usize);
    let address = Memo::new(move |_| state.link.with(url::share_url));
    let too_long = move || address.with(|a| a.chars().count() > WARN_LINK_CHARS);
    let reset: Reset = StoredValue::new_local(None);
    let copy = move |_| copy_with_feedback(&address.get_untracked(), status, reset);
    view! {
        <div class="sm-share">
            <button type="button" class="sm-btn sm-btn-primary" data-testid="copy-link" on:click=copy>
                {Signal::derive(move || String::from(if status.get() == Copied::Done as usize { "Copied ✓" } else { "Copy link" }))}
            </button>
            <ManualCopy status id="sm-share-field" label="Link to this scenario" value=address/>
            <When when=too_long>
                <p class="sm-link-warning" data-testid="link-warning" role="note">
                    {Signal::derive(move || {
                        format!(
                            "This link is {} characters long; some chat apps cut links over {}.",
                            address.with(|a| a.chars().count()),
                            WARN_LINK_CHARS
                        )
                    })}
                </p>
            </When>
        </div>
    }
}
