//! "Copy link": copies the page's address for the current scenario and view. Uses the async
//! clipboard when the browser offers it; otherwise (or when it refuses) shows the address in a
//! read-only field, selected, for the person to copy. Warns when the link is long enough that
//! chat apps may cut it.

use leptos::prelude::*;

use super::download;
use super::state::State;
use super::url;
use crate::core::share::WARN_LINK_CHARS;

/// What the button last did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    /// Nothing yet.
    Idle,
    /// The clipboard took it.
    Done,
    /// No clipboard: the field below shows the link.
    Manual,
}

/// The share button, its fallback field and the long-link warning.
#[component]
pub fn ShareButton(
    /// The page state.
    state: State,
) -> impl IntoView {
    let status = RwSignal::new(Copied::Idle);
    let address = Memo::new(move |_| state.link.with(url::share_url));
    let too_long = move || address.with(|a| a.chars().count() > WARN_LINK_CHARS);
    let field = NodeRef::<leptos::html::Input>::new();
    let copy = move |_| {
        let text = address.get_untracked();
        let ok = download::copy_text(&text, move |worked| {
            if !worked {
                status.set(Copied::Manual);
            }
        });
        status.set(if ok { Copied::Done } else { Copied::Manual });
        if ok {
            set_timeout(
                move || {
                    if status.get_untracked() == Copied::Done {
                        status.set(Copied::Idle);
                    }
                },
                std::time::Duration::from_millis(2000),
            );
        }
    };
    // Select the fallback field's text as soon as it appears.
    Effect::new(move |_| {
        if status.get() == Copied::Manual {
            request_animation_frame(move || {
                if let Some(el) = field.get_untracked() {
                    let _ = el.focus();
                    el.select();
                }
            });
        }
    });
    view! {
        <div class="sm-share">
            <button type="button" class="sm-btn sm-btn-primary" data-testid="copy-link" on:click=copy>
                {Signal::derive(move || if status.get() == Copied::Done { "Copied ✓" } else { "Copy link" })}
            </button>
            <Show when=move || status.get() == Copied::Manual>
                <div class="sm-share-manual">
                    <label class="sm-sr" for="sm-share-field">"Link to this scenario"</label>
                    <input
                        id="sm-share-field"
                        node_ref=field
                        type="text"
                        readonly
                        prop:value=address
                    />
                    <span class="sm-muted">"Press Ctrl+C (⌘C) to copy."</span>
                    <button type="button" class="sm-link-btn" on:click=move |_| status.set(Copied::Idle)>
                        "Close"
                    </button>
                </div>
            </Show>
            <Show when=too_long>
                <p class="sm-link-warning" data-testid="link-warning" role="note">
                    {move || {
                        format!(
                            "This link is {} characters long; some chat apps cut links over {}.",
                            address.with(|a| a.chars().count()),
                            WARN_LINK_CHARS
                        )
                    }}
                </p>
            </Show>
        </div>
    }
}
