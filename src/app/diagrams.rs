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
use super::zoom;
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
    /// Its natural size (CSS pixels at scale 1: the smallest text is then 11 px).
    size: (f64, f64),
}

/// A file name for stage `users` of the current preset: `scalemap-architecture-10k.svg`.
fn file_name(state: State, users: f64, ext: &str) -> String {
    format!(
        "scalemap-{}-{}-users.{ext}",
        state.preset_untracked().key(),
        format::link_number(users)
    )
}

/// The Mermaid text of stage `i`, as drawn.
fn mermaid(state: State, i: usize) -> Option<String> {
    state.with_drawn_untracked(|s, r| {
        r.stages
            .get(i)
            .map(|st| diagram::to_mermaid(&diagram::build(s, st)))
    })
}

/// Below this width (CSS pixels) a drawing's box gets the narrow layout (tiers stacked top to
/// bottom, see [`diagram::narrow`]) when the wide one does not fit it at natural size; wider
/// boxes keep the wide layout and scroll it sideways when it is wider still.
const NARROW_BELOW: f64 = 640.0;
/// What a card takes from its grid column's width around the drawing: borders and padding.
const BOX_CHROME: f64 = 14.0;

/// The drawings of every stage, recomputed when the drawn scenario or the narrow box's width
/// (`room`, `None` for a wide box) changes.
fn drawings(state: State, room: ReadSignal<Option<usize>>) -> Memo<Vec<Drawing>> {
    Memo::new(move |_| {
        let width = room.get().map(|w| w as f64);
        state.with_drawn(|s, r| {
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
                        let laid = diagram::narrow::choose(&g, width);
                        let svg = diagram::svg::render(&laid, &opts);
                        let inline = inline::without_style(&svg);
                        Drawing {
                            users: st.users,
                            svg,
                            inline,
                            alt,
                            size: (laid.width, laid.height),
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
    /// Whether the stage tabs label the card (not in a one-stage embed: its title does).
    tabbed: bool,
) -> impl IntoView {
    // Cards come and go with the stages: they read the drawings and the tab through `local`
    // memos (see `local.rs`), which also keep an unchanged drawing from being parsed again.
    let pick = move |f: fn(&Drawing) -> String| all.with(|d| d.get(i).map(f).unwrap_or_default());
    let svg = move || all.with_untracked(|d| d.get(i).map(|d| d.svg.clone()).unwrap_or_default());
    let inline = local(move || pick(|d| d.inline.clone()));
    let users = move || all.with_untracked(|d| d.get(i).map_or(0.0, |d| d.users));
    let copied = RwSignal::new(false);
    // Resets "Copied ✓"; a new copy replaces (cancels) it, and it is dropped with the card.
    let reset = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let title = local(move || {
        let users = all.with(|d| d.get(i).map_or(0.0, |d| d.users));
        format!("{} users", format::count(users))
    });
    let alt = local(move || pick(|d| d.alt.clone()));
    // Never drawn smaller than its natural size (its text stays at 11 px or more): a box
    // narrower than that scrolls sideways, so it is a keyboard stop with a name.
    let min_width = local(move || {
        let w = all.with(|d| d.get(i).map_or(0.0, |d| d.size.0));
        format!("{w:.0}px")
    });
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
            let timer = gloo_timers::callback::Timeout::new(2000, move || {
                copied.try_set(false);
            });
            reset.try_update_value(|t| *t = Some(timer));
        } else {
            // No clipboard: hand the text over as a file instead.
            download::download_text(&file_name(state, users(), "mmd"), "text/plain", &text);
        }
    };
    view! {
        // A `<div>` carries the tab panel role (a `<figure>` may not: axe's `aria-allowed-role`).
        <div
            class="sm-dcard"
            id=format!("sm-dcard-{i}")
            role="tabpanel"
            aria-labelledby=if tabbed { format!("sm-dtab-{i}") } else { format!("sm-dtitle-{i}") }
            class:sm-tab-hidden=hidden
        >
        <figure class="sm-dfig">
            <figcaption class="sm-dcard-head">
                <span class="sm-dcard-title" id=format!("sm-dtitle-{i}")>{title}</span>
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
            <div
                class="sm-diagram-box"
                data-testid=format!("diagram-{i}")
                role="group"
                tabindex="0"
                aria-labelledby=format!("sm-dtitle-{i}")
                // Through the CSS object model (`style:`), which the page's CSP allows; a
                // style attribute it would refuse.
                style:--sm-dw=min_width
                inner_html=inline
            ></div>
            <details class="sm-dtext">
                <summary>"Text description"</summary>
                <p>{alt}</p>
            </details>
        </figure>
        </div>
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
    // The grid's width, measured after mount and on resize (event handlers, not Effects), in
    // 10 px steps and only while it is narrow: a wide box needs no measure.
    let grid = NodeRef::<leptos::html::Div>::new();
    // Whole pixels as a `usize`: a signal of `Option<f64>` compiled the signal's code once more
    // (with the chart's change of `cursor_users`).
    let room = RwSignal::new(None::<usize>);
    let remeasure = move || {
        let w = grid
            .get_untracked()
            .map(|g| f64::from(g.client_width()) - BOX_CHROME)
            .filter(|w| *w > 0.0 && *w < NARROW_BELOW)
            .map(|w| (w / 10.0).floor() as usize * 10);
        if room.get_untracked() != w {
            room.set(w);
        }
    };
    queue_microtask(remeasure);
    let resize = window_event_listener(leptos::ev::resize, move |_| remeasure());
    on_cleanup(move || resize.remove());
    let all = drawings(state, room.read_only());
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
    let z = zoom::Zoomer::new();
    let enlarge = Callback::new(move |i: usize| {
        big.set(Some(i));
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
        // Natural size, once the full-screen box has its size.
        z.open(all.with_untracked(|d| d.get(i).map_or((1.0, 1.0), |d| d.size)));
    });
    // The enlarged copy's ids differ from its card's (its title and description are its name).
    let big_svg = Memo::new(move |_| {
        big.get()
            .and_then(|i| {
                all.with(|d| {
                    d.get(i).map(|d| {
                        d.inline
                            .replace(&format!("\"sm-dia-{i}-"), &format!("\"sm-big-{i}-"))
                    })
                })
            })
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
            <div class="sm-dgrid" node_ref=grid>
                <Keyed
                    each=shown
                    child=Arc::new(move |(i, _)| view! { <DiagramCard state all i enlarge tabbed=only.is_none()/> }.into_any())
                />
            </div>
            <dialog
                node_ref=dialog
                class="sm-dialog"
                on:close=move |_| big.set(None)
                on:keydown=move |ev| z.on_key(&ev)
                aria-label="Enlarged diagram"
            >
                <div class="sm-dialog-head">
                    <strong class="sm-dialog-title">{big_title}</strong>
                    <zoom::ZoomTools z/>
                    <form method="dialog">
                        // No `autofocus`: a cross-origin frame refuses it with a console error;
                        // showModal focuses this, the dialog's first focusable element, anyway.
                        <button type="submit" class="sm-btn">"Close"</button>
                    </form>
                </div>
                <zoom::ZoomBox svg=big_svg z/>
            </dialog>
        </div>
    }
}
