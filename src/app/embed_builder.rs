//! The embed builder (the Learn page's card for course authors): which page and part to embed,
//! the stage, read-only, quiz mode or the exercise's questions, theme, height and the frame's
//! name; a live preview in a real iframe (sized by the height messages it posts, as the pasted
//! snippet sizes it); and the snippet with its height listener, ready to copy. What it writes is
//! [`crate::core::embed`]'s.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::erase::{dynamic, List};
use super::state::State;
use super::web;
use crate::core::embed::{self, Choice, Page, HEIGHTS};
use crate::core::share::{Theme, View};

/// The builder card's element id (the header's "Embed in a course" focuses it).
pub const BUILDER_ID: &str = "sm-embed-builder";

/// The page the builder starts with: the one named by this address's `#embed-…` fragment (the
/// header's link from another page), else the growth page.
fn first_page() -> Page {
    web::hash()
        .strip_prefix("#embed-")
        .and_then(Page::from_key)
        .unwrap_or_default()
}

/// The site's root address (the growth page's folder): this page's address up to its own
/// `learn/` folder.
fn site_root() -> String {
    let loc = gloo_utils::window().location();
    let origin = loc.origin().unwrap_or_default();
    let path = loc.pathname().unwrap_or_default();
    let root = match path.rfind("learn/") {
        Some(i) => &path[..i],
        None => path.rsplit_once('/').map_or("/", |(a, _)| a),
    };
    let root = if root.ends_with('/') {
        root.to_string()
    } else {
        format!("{root}/")
    };
    format!("{origin}{root}")
}

/// A `<select>`'s choices as `<option>`s, the one with key `on` selected.
fn options(items: Vec<(String, String)>, on: String) -> AnyView {
    items
        .into_iter()
        .map(|(key, label)| {
            let selected = key == on;
            view! { <option value=key selected=selected>{label}</option> }
        })
        .list()
}

/// The builder's card.
#[component]
pub fn EmbedBuilder(
    /// The page state.
    state: State,
) -> impl IntoView {
    let choice = RwSignal::new(Choice {
        page: first_page(),
        ..Choice::default()
    });
    // Opened by "Embed in a course" (`#embed…`).
    web::focus_if_asked(|h| h.starts_with("#embed"), BUILDER_ID);
    let preview_h = RwSignal::new(embed::DEFAULT_HEIGHT);
    let frame: NodeRef<leptos::html::Iframe> = NodeRef::new();
    let path = Memo::new(move |_| {
        state
            .link
            .with(|l| choice.with(|c| embed::frame_path(l, c)))
    });
    let title = Memo::new(move |_| state.link.with(|l| choice.with(|c| embed::title(l, c))));
    let code = Memo::new(move |_| {
        let root = site_root();
        let origin = gloo_utils::window().location().origin().unwrap_or_default();
        let h = choice.with(|c| c.height);
        embed::snippet(&format!("{root}{}", path.get()), &origin, &title.get(), h)
    });
    // The preview's height messages (only from the preview's own frame and this origin).
    let listener = gloo_events::EventListener::new(&gloo_utils::window(), "message", move |ev| {
        let Some(ev) = ev.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        let own = frame
            .get_untracked()
            .and_then(|f| f.content_window())
            .zip(ev.source())
            .is_some_and(|(w, s)| {
                let w: &wasm_bindgen::JsValue = w.as_ref();
                let s: &wasm_bindgen::JsValue = s.as_ref();
                w == s
            });
        let origin = gloo_utils::window().location().origin().unwrap_or_default();
        if !own || ev.origin() != origin {
            return;
        }
        let data = ev.data();
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
        if get("type").and_then(|t| t.as_string()).as_deref() == Some("scalemap:height") {
            if let Some(h) = get("height")
                .and_then(|h| h.as_f64())
                .filter(|h| h.is_finite())
            {
                preview_h.set((h.ceil() as u32).clamp(HEIGHTS.0, HEIGHTS.1));
            }
        }
    });
    StoredValue::new_local(listener);
    // 0: not copied yet, 1: copied, 2: the clipboard refused (the code is selected instead).
    let copied = RwSignal::new(0usize);
    let code_box: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let copy = move |_| {
        let ok = super::download::copy_text(&code.get_untracked(), move |worked| {
            if !worked {
                copied.set(2);
            }
        });
        copied.set(if ok { 1 } else { 2 });
        if !ok {
            if let Some(t) = code_box.get_untracked() {
                t.select();
            }
        }
    };
    let copy_label = move || {
        String::from(match copied.get() {
            1 => "Copied ✓",
            2 => "Selected: press Ctrl+C (⌘C)",
            _ => "Copy code",
        })
    };
    let set = move |f: &dyn Fn(&mut Choice, String), ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        choice.update(|c| f(c, v));
    };
    let checked = |ev: &leptos::ev::Event| {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.checked())
    };
    let page_opts = move || {
        let on = choice.with(|c| c.page.key().to_string());
        options(
            Page::ALL
                .iter()
                .map(|(p, l)| (p.key().to_string(), l.to_string()))
                .collect(),
            on,
        )
    };
    let view_opts = move || {
        let on = choice.with(|c| c.view.key().to_string());
        options(
            View::ALL
                .iter()
                .map(|(v, k)| (k.to_string(), view_label(*v).to_string()))
                .collect(),
            on,
        )
    };
    let stage_opts = move || {
        let n = state.report.with(|r| r.stages.len());
        let users: Vec<f64> = state
            .report
            .with(|r| r.stages.iter().map(|s| s.users).collect());
        let on = choice.with(|c| c.stage.min(n.saturating_sub(1)).to_string());
        options(
            users
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    (
                        i.to_string(),
                        format!("{}: {} users", i + 1, crate::core::format::count(*u)),
                    )
                })
                .collect(),
            on,
        )
    };
    let theme_opts = move || {
        let on = choice.with(|c| c.theme.key().to_string());
        options(
            Theme::ALL
                .iter()
                .map(|(t, k)| (k.to_string(), theme_label(*t).to_string()))
                .collect(),
            on,
        )
    };
    let growth = move || choice.with(|c| c.page == Page::Growth);
    let learn = move || choice.with(|c| c.page == Page::Learn);
    let diagram = move || choice.with(|c| c.page == Page::Growth && c.view == View::Diagram);
    let body = dynamic(move || {
        let mut parts: Vec<AnyView> = Vec::new();
        if growth() {
            parts.push(
                view! {
                    <label class="sm-eb-field">"Part"
                        <select data-testid="eb-view" on:change=move |ev| set(&|c, v| c.view = View::ALL.iter().find(|x| x.1 == v).map_or(View::All, |x| x.0), ev)>{view_opts}</select>
                    </label>
                }
                .into_any(),
            );
        }
        if diagram() {
            parts.push(
                view! {
                    <label class="sm-eb-field">"Stage"
                        <select data-testid="eb-stage" on:change=move |ev| set(&|c, v| c.stage = v.parse().unwrap_or(0), ev)>{stage_opts}</select>
                    </label>
                }
                .into_any(),
            );
        }
        if growth() {
            parts.push(
                view! {
                    <label class="sm-eb-check">
                        <input type="checkbox" data-testid="eb-quiz" prop:checked=move || choice.with(|c| c.quiz) on:change=move |ev| { let on = checked(&ev); choice.update(|c| c.quiz = on) }/>
                        "Quiz: figures hidden until clicked"
                    </label>
                }
                .into_any(),
            );
        }
        if learn() {
            parts.push(
                view! {
                    <label class="sm-eb-field sm-eb-wide">"Exercise questions (figure@stage, e.g. peak_rps@2,replicas@3; empty: the plan and Self Check)"
                        <input type="text" data-testid="eb-ask" prop:value=move || choice.with(|c| c.ask.clone()) on:change=move |ev| set(&|c, v| c.ask = v, ev)/>
                    </label>
                }
                .into_any(),
            );
        }
        parts.into_iter().list()
    });
    view! {
        <super::Card id=BUILDER_ID title_id="sm-eb-title" title="Embed in a course page" testid="embed-builder"
            note="Choose what the frame shows; the preview is the frame itself, and the code below it is what to paste.">
            <div class="sm-eb-form">
                <label class="sm-eb-field">"Page"
                    <select data-testid="eb-page" on:change=move |ev| set(&|c, v| c.page = Page::from_key(&v).unwrap_or_default(), ev)>{page_opts}</select>
                </label>
                {body}
                <label class="sm-eb-check">
                    <input type="checkbox" data-testid="eb-ro" prop:checked=move || choice.with(|c| c.read_only) on:change=move |ev| { let on = checked(&ev); choice.update(|c| c.read_only = on) }/>
                    "Read-only: no inputs"
                </label>
                <label class="sm-eb-field">"Theme"
                    <select data-testid="eb-theme" on:change=move |ev| set(&|c, v| c.theme = Theme::ALL.iter().find(|x| x.1 == v).map_or(Theme::Auto, |x| x.0), ev)>{theme_opts}</select>
                </label>
                <label class="sm-eb-field">"Height until it reports its own (px)"
                    <input type="number" min=HEIGHTS.0 max=HEIGHTS.1 data-testid="eb-height" prop:value=move || choice.with(|c| c.height.to_string()) on:change=move |ev| set(&|c, v| c.height = v.trim().parse::<u32>().map_or(c.height, |h| h.clamp(HEIGHTS.0, HEIGHTS.1)), ev)/>
                </label>
                <label class="sm-eb-field">"Frame name (id, optional)"
                    <input type="text" data-testid="eb-id" prop:value=move || choice.with(|c| c.id.clone()) on:change=move |ev| set(&|c, v| c.id = v, ev)/>
                </label>
            </div>
            <h3 class="sm-eb-sub">"Preview"</h3>
            <iframe
                class="sm-eb-preview"
                data-testid="eb-preview"
                node_ref=frame
                src=move || format!("../{}", path.get())
                title=move || title.get()
                height=move || preview_h.get().to_string()
            ></iframe>
            <h3 class="sm-eb-sub">"Code to paste"</h3>
            <textarea class="sm-eb-code" data-testid="eb-code" node_ref=code_box readonly rows="12" aria-label="Embed code" prop:value=move || code.get()></textarea>
            <p>
                <button type="button" class="sm-btn" data-testid="eb-copy" on:click=copy>{copy_label}</button>
            </p>
        </super::Card>
    }
}

/// A growth-page part as the builder lists it.
fn view_label(v: View) -> &'static str {
    match v {
        View::All => "Everything",
        View::Table => "The stage table",
        View::Diagrams => "Every diagram",
        View::Diagram => "One diagram",
        View::Chart => "The growth chart",
    }
}

/// A theme as the builder lists it.
fn theme_label(t: Theme) -> &'static str {
    match t {
        Theme::Auto => "The reader's system setting",
        Theme::Light => "Light",
        Theme::Dark => "Dark",
    }
}
