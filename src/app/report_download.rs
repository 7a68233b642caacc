//! "Download JSON" (the Day page's report card): the report exactly as `scalemap --format json
//! LINK` prints it (the same bytes for the same link, `tests/json.rs` and
//! `tests/e2e/model-v2.test.mjs`), made by the core's serde types. On the Day page, whose build
//! has room for serde_json.

use leptos::prelude::*;

use super::download;
use super::state::State;
use crate::core::json::ReportJson;

/// The button that saves the report as JSON.
#[component]
pub fn ReportDownload(
    /// The page state.
    state: State,
) -> impl IntoView {
    let save = move |_| {
        let mut notices = state.link_notices.get_untracked();
        notices.extend(state.resolved.with_untracked(|(_, n)| n.clone()));
        let text = state.report.with_untracked(|r| {
            state
                .link
                .with_untracked(|l| ReportJson::new(r, l, &notices, false).to_line())
        });
        let name = format!("scalemap-{}.json", state.preset_untracked().key());
        download::download_text(&name, "application/json", &format!("{text}\n"));
    };
    view! {
        <p class="sm-report-download">
            <button type="button" class="sm-btn" data-testid="download-json" on:click=save>
                "Download JSON"
            </button>
            <span class="sm-muted">" the report as "<code>"scalemap --format json"</code>" prints it"</span>
        </p>
    }
}
