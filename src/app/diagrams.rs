//! The architecture diagrams, one per stage, drawn by [`crate::core::diagram`]: all side by side
//! on wide screens, one at a time behind stage tabs on narrow ones. Each can be opened larger in
//! a `<dialog>`, downloaded as SVG or PNG, or copied as Mermaid text. The SVG strings are
//! computed in a Memo from the report and injected with `inner_html` (the only markup built
//! from strings, escaped by the core).

use std::sync::Arc;

use leptos::prelude::*;

use super::download;
use super::inline;
use super::keyed::{self, Keyed};
use super::local::local;
use super::state::State;
use super::when::When;
use crate::core::diagram::{self, svg::RenderOptions};
use crate::core::format;

/// One stage's drawing and its text alternative.
#[derive(Debug, Clone, PartialEq)]
struct Drawing {
    /// Users at the stage.
    users: f64,
    /// The SVG text, standalone (downloads).
    svg: String,
    /// The SVG without its style block (shown inline; the page's style sheet holds the block,
    /// see `inline`).
    inline: String,
    /// The diagram as sentences.
    alt: String,
}

/// A file name for stage `users` of the current preset: `scalemap-architecture-10k.svg`.
fn file_name(state: State, users: f64, ext: &str) -> String {
    format!(
        "scalemap-{}-{}-users.{ext}",
        state.preset.get_untracked().key(),
        format::link_number(users)
    )
}

/// The Mermaid text of stage `i`, as drawn.
fn mermaid(state: State, i: usize) -> Option<String> {
    state.drawn.with_untracked(|d| {
        d.report
            .stages
            .get(i)
            .map(|st| diagram::to_mermaid(&diagram::build(&d.scenario, st)))
    })
}

/// The drawings of every stage, recomputed when the drawn scenario changes.
fn drawings(state: State) -> Memo<Vec<Drawing>> {
    Memo::new(move |_| {
        state.drawn.with(|d| {
            let (s, r) = (&d.scenario, &d.report);
            {
                r.stages
                    .iter()
                    .enumerate()
                    .map(|(i, st)| {
                        let g = diagram::build(s, st);
                        let alt = diagram::text_alternative(&g);
                        let opts = RenderOptions {
                            id_prefix: format!("sm-dia-{i}"),
                            intrinsic_size: false,
                        };
                        let svg = diagram::svg::render(&diagram::layout(&g), &opts);
                        let inline = inline::without_style(&svg);
                        Drawing {
                            users: st.users,
                            svg,
                            inline,
                            alt,
                        }
                    })
                    .collect()
            }
        })
    })
}

/// One stage's card: title, tools, the drawing and its description.
#[component]
fn DiagramCard(
    /// The page state.
    state: State,
    /// All drawings.
    all: Memo<Vec<Drawing>>,
    /// The stage index.
    i: usize,
    /// Opens the enlarged view of stage `i`.
    enlarge: Callback<usize>,
) -> impl IntoView {
    // Cards come and go with the stages: they read the drawings and the tab through `local`
    // memos (see `local.rs`), which also keep an unchanged drawing from being parsed again.
    let pick = move |f: fn(&Drawing) -> String| all.with(|d| d.get(i).map(f).unwrap_or_default());
    let svg = move || all.with_untracked(|d| d.get(i).map(|d| d.svg.clone()).unwrap_or_default());
    let inline = local(move || pick(|d| d.inline.clone()));
    let users = move || all.with_untracked(|d| d.get(i).map_or(0.0, |d| d.users));
    let copied = RwSignal::new(false);
    let title = local(move || {
        let users = all.with(|d| d.get(i).map_or(0.0, |d| d.users));
        format!("{} users", format::count(users))
    });
    let alt = local(move || pick(|d| d.alt.clone()));
    let copy_label = Signal::derive(move || {
        String::from(if copied.get() {
            "Copied ✓"
        } else {
            "Mermaid"
        })
    });
    let hidden = local(move || {
        let n = all.with(Vec::len);
        state.tab.get().min(n.saturating_sub(1)) != i
    });
    let download_svg = move |_| {
        download::download_text(&file_name(state, users(), "svg"), "image/svg+xml", &svg())
    };
    let download_png = move |_| {
        download::download_png(
            &file_name(state, users(), "png"),
            &svg(),
            &download::css_var("--sm-surface"),
        )
    };
    let copy_mermaid = move |_| {
        let Some(text) = mermaid(state, i) else {
            return;
        };
        if download::copy_text(&text, |_| {}) {
            copied.set(true);
            set_timeout(
                move || copied.set(false),
                std::time::Duration::from_millis(2000),
            );
        } else {
            // No clipboard: hand the text over as a file instead.
            download::download_text(&file_name(state, users(), "mmd"), "text/plain", &text);
        }
    };
    view! {
        <figure
            class="sm-dcard"
            id=format!("sm-dcard-{i}")
            role="tabpanel"
            aria-labelledby=format!("sm-dtab-{i}")
            class:sm-tab-hidden=hidden
        >
            <figcaption class="sm-dcard-head">
                <span class="sm-dcard-title">{title}</span>
                <span class="sm-dcard-tools">
                    <button type="button" class="sm-tool" title="Open larger" on:click=move |_| enlarge.run(i)>
                        "Enlarge"
                    </button>
                    <button type="button" class="sm-tool" data-testid=format!("download-svg-{i}") title="Download SVG" on:click=download_svg>
                        "SVG"
                    </button>
                    <button type="button" class="sm-tool" data-testid=format!("download-png-{i}") title="Download PNG" on:click=download_png>
                        "PNG"
                    </button>
                    <button type="button" class="sm-tool" data-testid=format!("copy-mermaid-{i}") title="Copy as Mermaid" on:click=copy_mermaid>
                        {copy_label}
                    </button>
                </span>
            </figcaption>
            <div class="sm-diagram-box" data-testid=format!("diagram-{i}") inner_html=inline></div>
            <details class="sm-dtext">
                <summary>"Text description"</summary>
                <p>{alt}</p>
            </details>
        </figure>
    }
}

/// Every stage's diagram (or, with `only`, just that stage's).
#[component]
pub fn Diagrams(
    /// The page state.
    state: State,
    /// Show only this stage (embeds with `view=diagram`). Default: all stages.
    #[prop(default = None)]
    only: Option<usize>,
) -> impl IntoView {
    let all = drawings(state);
    let n = Memo::new(move |_| all.with(Vec::len));
    let shown = Signal::derive(move || {
        let n = n.get();
        match only {
            Some(k) if n > 0 => vec![(k.min(n - 1), String::new())],
            _ => keyed::indices(n),
        }
    });
    // Keep the selected tab inside the stage list (only when reading it; no Effect writes it).
    let selected = move || state.tab.get().min(n.get().saturating_sub(1));
    let tabs_shown = move || only.is_none() && n.get() > 1;
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let big = RwSignal::new(None::<usize>);
    let enlarge = Callback::new(move |i: usize| {
        big.set(Some(i));
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
    });
    let big_svg = Memo::new(move |_| {
        big.get()
            .and_then(|i| all.with(|d| d.get(i).map(|d| d.inline.clone())))
            .unwrap_or_default()
    });
    let big_title = move || {
        big.get()
            .and_then(|i| {
                all.with(|d| {
                    d.get(i)
                        .map(|d| format!("{} users", format::count(d.users)))
                })
            })
            .unwrap_or_default()
    };
    let on_tab_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = n.get_untracked();
        if n == 0 {
            return;
        }
        let cur = state.tab.get_untracked().min(n - 1);
        let next = match ev.key().as_str() {
            "ArrowRight" => (cur + 1) % n,
            "ArrowLeft" => (cur + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        state.tab.set(next);
        super::web::focus_id(&format!("sm-dtab-{next}"));
    };
    view! {
        <div class="sm-diagrams" class:sm-single=only.is_some()>
            <When when=tabs_shown>
                <div class="sm-tabs" role="tablist" aria-label="Stage" on:keydown=on_tab_key>
                    <Keyed
                        each=Signal::derive(move || keyed::indices(n.get()))
                        child=Arc::new(move |(i, _)| {
                            let on = local(move || selected() == i);
                            let label = local(move || all.with(|d| d.get(i).map(|d| format::count(d.users)).unwrap_or_default()));
                            view! {
                                <button
                                    type="button"
                                    role="tab"
                                    class="sm-tab"
                                    id=format!("sm-dtab-{i}")
                                    aria-controls=format!("sm-dcard-{i}")
                                    aria-selected=Signal::derive(move || on.get().to_string())
                                    tabindex=Signal::derive(move || String::from(if on.get() { "0" } else { "-1" }))
                                    on:click=move |_| state.tab.set(i)
                                >
                                    {label}
                                </button>
                            }
                        .into_any()})
                    />
                </div>
            </When>
            <div class="sm-dgrid">
                <Keyed
                    each=shown
                    child=Arc::new(move |(i, _)| view! { <DiagramCard state all i enlarge/> }.into_any())
                />
            </div>
            <dialog node_ref=dialog class="sm-dialog" on:close=move |_| big.set(None) aria-label="Enlarged diagram">
                <div class="sm-dialog-head">
                    <strong>{big_title}</strong>
                    <form method="dialog">
                        // No `autofocus`: a cross-origin frame refuses it with a console error;
                        // showModal focuses this, the dialog's first focusable element, anyway.
                        <button type="submit" class="sm-btn">"Close"</button>
                    </form>
                </div>
                <div class="sm-dialog-body" inner_html=big_svg></div>
            </dialog>
        </div>
    }
}
