//! Colour scheme: `data-theme="light|dark"` on `<html>` from the link's theme (none for auto,
//! which follows `prefers-color-scheme` in the CSS), and a small toggle.

use leptos::prelude::*;

use super::state::State;
use super::web;
use crate::core::share::Theme;

/// Keeps `<html data-theme>` in step with the link (an Effect: it only writes to the DOM).
pub fn sync(state: State) {
    Effect::new(move |_| {
        let theme = state.link.with(|l| l.view.theme);
        web::set_root_attribute(
            "data-theme",
            match theme {
                Theme::Auto => None,
                Theme::Light => Some("light"),
                Theme::Dark => Some("dark"),
            },
        );
    });
}

/// Whether `t` shows dark colours right now.
pub fn is_dark(t: Theme) -> bool {
    match t {
        Theme::Auto => web::prefers_dark(),
        Theme::Light => false,
        Theme::Dark => true,
    }
}

/// The theme after `t` when toggling: auto switches to the opposite of what is showing, then
/// light and dark alternate, and a third press returns to auto.
fn next(t: Theme) -> Theme {
    match t {
        Theme::Auto if web::prefers_dark() => Theme::Light,
        Theme::Auto => Theme::Dark,
        Theme::Light if web::prefers_dark() => Theme::Auto,
        Theme::Light => Theme::Dark,
        Theme::Dark if web::prefers_dark() => Theme::Light,
        Theme::Dark => Theme::Auto,
    }
}

/// A button cycling auto → the other scheme → back to auto.
#[component]
pub fn ThemeToggle(
    /// The page state.
    state: State,
) -> impl IntoView {
    let theme = move || state.link.with(|l| l.view.theme);
    let label = Signal::derive(move || {
        String::from(match theme() {
            Theme::Auto => "Theme: automatic",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        })
    });
    let icon = Signal::derive(move || {
        String::from(match theme() {
            Theme::Auto => "◐",
            Theme::Light => "☀",
            Theme::Dark => "☾",
        })
    });
    view! {
        <button
            type="button"
            class="sm-btn sm-icon-btn"
            data-testid="theme-toggle"
            title=label
            aria-label=label
            on:click=move |_| state.update(|l| l.view.theme = next(l.view.theme))
        >
            <span aria-hidden="true">{icon}</span>
        </button>
    }
}
