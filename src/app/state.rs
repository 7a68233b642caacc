//! The page's state: one `RwSignal<Link>` (everything a person typed, as typed, plus the view
//! options) and what is derived from it in Memos, computed once per change.
//!
//! Components get a [`State`] (it is `Copy`) as a prop; they read the link through
//! [`State::link`], change it only through [`State::set_value`] (typing), [`State::update`] and
//! [`State::replace`], and read the scenario and the report through the Memos. No Effect ever
//! writes a signal here.
//!
//! Typing stays instant: the table follows every keystroke, while the drawings (diagrams and
//! curves, which cost far more to redraw) follow [`State::with_drawn`], which catches up once typing
//! pauses for [`SETTLE_MS`]. Every other change (a click, a preset, Back) reaches them at once.

use std::sync::Arc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use crate::core::model::{report_at, Depth, Fig, Report};
use crate::core::params::{Notice, Scenario};
use crate::core::presets::Preset;
use crate::core::share::Link;

/// An open explanation popover: which cell it belongs to, what it says and where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    /// The DOM id of the cell (its button) the popover describes.
    pub anchor: String,
    /// The derivation text.
    pub text: String,
    /// Left edge in document coordinates (CSS pixels).
    pub x: f64,
    /// Top edge in document coordinates (CSS pixels).
    pub y: f64,
    /// Whether a click pinned it open (hover-out does not close a pinned popover).
    pub pinned: bool,
}

/// The preset whose discriminant is `id` (see [`State::preset`]).
fn preset_of(id: usize) -> Preset {
    Preset::ALL
        .into_iter()
        .find(|p| *p as usize == id)
        .unwrap_or(Preset::ALL[0])
}

thread_local! {
    /// Each field's text (as typed, else the preset's) by key on the Day page, kept in step
    /// with the link by the methods that write it and set only when it changes: a change re-runs
    /// the fields whose text changed, not every field on the page (see [`State::field_text`]).
    /// Beside [`State`] rather than in it: the page has one state, and a `StoredValue` of this
    /// type compiled the arena's code once more for it.
    static TEXTS: std::cell::RefCell<Vec<(&'static str, RwSignal<String>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The text a field for `key` shows: as typed in `link`, else the `preset`'s value.
pub fn shown_text(link: &Link, preset: &Scenario, key: &str) -> String {
    link.typed(key)
        .map(str::to_string)
        .or_else(|| preset.text(key))
        .unwrap_or_default()
}

/// Notices as (key, message) pairs laid flat (see [`State::notices`]).
fn flat(notices: &[Notice]) -> Vec<String> {
    let mut pairs = Vec::with_capacity(notices.len() * 2);
    for n in notices {
        pairs.push(n.key.clone());
        pairs.push(n.message.clone());
    }
    pairs
}

/// How long typing must pause before the drawings follow (milliseconds).
pub const SETTLE_MS: u32 = 250;

/// Everything the components share. Cheap to copy: only signal handles.
#[derive(Clone, Copy)]
pub struct State {
    /// The link (preset, overrides as typed, view options): read side.
    pub link: ReadSignal<Link>,
    /// The link: write side (only through the methods below).
    set_link: WriteSignal<Link>,
    /// The preset, changing only when the preset does, as its discriminant (`Preset as usize`;
    /// read it with [`State::preset`]): a `Memo<Preset>` compiled the memo's code once more for
    /// its type, where `usize` memos are compiled anyway.
    preset_id: Memo<usize>,
    /// Whether quiz mode hides figures until they are revealed. The table's hundreds of cells
    /// read this, not the link: it is a signal kept in step by the methods that write the link
    /// (not a Memo of it, which every keystroke would mark and every cell would then re-check).
    pub quiz: ReadSignal<bool>,
    /// Write side of `quiz` (see [`State::sync_quiz`]).
    set_quiz: WriteSignal<bool>,
    /// The preset's own scenario (field defaults), with no notices: the type of `resolved`, since
    /// a `Memo<Scenario>` compiled the memo's code once more for its type.
    pub preset_scenario: Memo<(Scenario, Vec<Notice>)>,
    /// The resolved scenario and the notices for values it could not use as typed.
    pub resolved: Memo<(Scenario, Vec<Notice>)>,
    /// The notices of `resolved` alone, as (key, message) pairs laid flat: `[key, message, key,
    /// message, …]`; what the fields' error lines read on the Day page (see `inputs::sources`).
    /// A signal kept in step by the methods that write the link ([`State::sync_fields`]), set
    /// only when the notices change: a memo of `resolved` is marked on every change, and with it
    /// every field reading it (a `Vec<Notice>` signal compiled the signal's code once more for
    /// its type; an `RwSignal` rather than its halves, whose types the page has anyway).
    pub notices: RwSignal<Vec<String>>,
    /// The model's report for the resolved scenario, computed once per scenario change, without
    /// derivations (see `explain.rs`). In an `Arc`: `drawn_report` shares it rather than
    /// copying it (a deep `Clone` of `Report` compiled into the page).
    pub report: Memo<Arc<Report>>,
    /// Notices from reading the page's own link (shown until dismissed or replaced).
    pub link_notices: RwSignal<Vec<Notice>>,
    /// Notice messages the person dismissed.
    pub dismissed: RwSignal<Vec<String>>,
    /// The open explanation popover, if any (what it says and where): read it with
    /// `with_value`, change it with [`State::set_explain`].
    pub explain: StoredValue<Option<Open>>,
    /// The DOM id of the cell whose popover is open ("" for none), kept in step with `explain`
    /// by [`State::set_explain`]: what the views follow. A `String` signal beside a stored
    /// value: a signal of `Option<Open>` compiled the signal's code once more for its type.
    pub explain_at: RwSignal<String>,
    /// The figure buttons on the page: (DOM id, stage index, figure), for the listeners their
    /// container shares (see `explain::on_over`). Not reactive: nothing renders from it. A list,
    /// not a map: it is searched only on pointer and focus events, and a map costs wasm size.
    pub figs: StoredValue<Vec<(String, usize, Fig)>>,
    /// Quiz mode: ids of the cells revealed so far.
    pub revealed: RwSignal<Vec<String>>,
    /// The diagram tab shown on narrow screens.
    pub tab: RwSignal<usize>,
    /// Bumped when the drawings should catch up with the scenario.
    revision: RwSignal<usize>,
    /// The pending catch-up after typing, if any. Replacing or dropping a gloo `Timeout`
    /// cancels it and frees its closure (a cleared `set_timeout` closure was never freed: one
    /// leaked closure per keystroke).
    pending: StoredValue<Option<Timeout>, LocalStorage>,
    /// The scenario the diagrams and curves show (read it with [`State::with_drawn`]): the
    /// current one, except while typing, when it follows [`SETTLE_MS`] after the last
    /// keystroke. With no notices: the type of `resolved` (a memo of a `Drawn` struct of the
    /// scenario and report compiled the memo's code once more for its type).
    drawn_scenario: Memo<(Scenario, Vec<Notice>)>,
    /// The report of `drawn_scenario` (shared with [`State::report`], not copied).
    drawn_report: Memo<Arc<Report>>,
}

impl State {
    /// Builds the state around `link`, with `notices` from reading it.
    pub fn new(link: Link, notices: Vec<Notice>) -> State {
        let (link, set_link) = signal(link);
        let preset_id = Memo::new(move |_| link.with(|l| l.preset as usize));
        let (quiz, set_quiz) = signal(link.with_untracked(|l| l.view.quiz));
        let preset_scenario =
            Memo::new(move |_| (preset_of(preset_id.get()).scenario(), Vec::new()));
        // The Day page reads the day's events (and names their problems); the other pages
        // keep their text unread (`Scenario::events`).
        let resolved = Memo::new(move |_| {
            link.with(|l| {
                if super::DAY_PAGE {
                    l.day_scenario()
                } else {
                    l.scenario()
                }
            })
        });
        let field_notices = RwSignal::new(if super::DAY_PAGE {
            resolved.with_untracked(|(_, ns)| flat(ns))
        } else {
            Vec::new()
        });
        // Without derivations: a figure's derivation is computed when it is asked for
        // (`explain.rs`), not on every keystroke.
        // Every phase: the table shows latency, availability and what fails with `down=`.
        // `resolved` changes only when the scenario does, and then the report does too, so the
        // memo notifies without comparing reports (which compiled a deep `PartialEq` of
        // `Report` into the page: 1 KiB of gzip).
        let report = Memo::new_with_compare(
            move |_| resolved.with(|(s, _)| Arc::new(report_at(s, false, Depth::Full))),
            |_, _| true,
        );
        // A `usize` (wrapping), a signal type the page has anyway (a `u64` one compiled the
        // signal's code once more).
        let revision = RwSignal::new(0usize);
        // Changed when the scenario is (notices do not count).
        let drawn_scenario = Memo::new(move |_| {
            revision.track();
            (resolved.with_untracked(|(s, _)| s.clone()), Vec::new())
        });
        // The report is the model's function of the scenario: it follows `drawn_scenario`
        // without comparing reports (which compiles no `PartialEq` of `Report`).
        let drawn_report = Memo::new_with_compare(
            move |_| {
                drawn_scenario.track();
                report.get_untracked()
            },
            |_, _| true,
        );
        State {
            link,
            set_link,
            preset_id,
            quiz,
            set_quiz,
            preset_scenario,
            resolved,
            notices: field_notices,
            report,
            link_notices: RwSignal::new(notices),
            dismissed: RwSignal::new(Vec::new()),
            explain: StoredValue::new(None),
            explain_at: RwSignal::new(String::new()),
            figs: StoredValue::new(Vec::new()),
            revealed: RwSignal::new(Vec::new()),
            tab: RwSignal::new(0),
            revision,
            pending: StoredValue::new_local(None),
            drawn_scenario,
            drawn_report,
        }
    }

    /// Runs `f` on the scenario and report the drawings show (a tracked read; see
    /// `drawn_scenario`).
    pub fn with_drawn<R>(&self, f: impl FnOnce(&Scenario, &Report) -> R) -> R {
        self.drawn_scenario
            .with(|(s, _)| self.drawn_report.with(|r| f(s, r)))
    }

    /// Runs `f` on the scenario the drawings show (a tracked read, like [`State::with_drawn`],
    /// without computing the report: the Day page needs only the scenario).
    pub fn with_drawn_scenario<R>(&self, f: impl FnOnce(&Scenario) -> R) -> R {
        self.drawn_scenario.with(|(s, _)| f(s))
    }

    /// [`State::with_drawn_scenario`], untracked (in event handlers).
    pub fn with_drawn_scenario_untracked<R>(&self, f: impl FnOnce(&Scenario) -> R) -> R {
        self.drawn_scenario.with_untracked(|(s, _)| f(s))
    }

    /// [`State::with_drawn`], untracked (in event handlers).
    pub fn with_drawn_untracked<R>(&self, f: impl FnOnce(&Scenario, &Report) -> R) -> R {
        self.drawn_scenario
            .with_untracked(|(s, _)| self.drawn_report.with_untracked(|r| f(s, r)))
    }

    /// The preset (a tracked read: what reads it follows preset changes only).
    pub fn preset(&self) -> Preset {
        preset_of(self.preset_id.get())
    }

    /// The preset, untracked (in event handlers).
    pub fn preset_untracked(&self) -> Preset {
        preset_of(self.preset_id.get_untracked())
    }

    /// Lets the drawings catch up now (a pending catch-up is cancelled).
    fn settle_now(&self) {
        self.pending.try_update_value(|p| *p = None);
        self.revision.update(|r| *r = r.wrapping_add(1));
    }

    /// Lets the drawings catch up once typing has paused for [`SETTLE_MS`]: each keystroke
    /// replaces (so cancels) the previous catch-up. The timer does not clear `pending` itself:
    /// the next replacement drops the spent `Timeout`.
    fn settle_later(&self) {
        let revision = self.revision;
        let timer = Timeout::new(SETTLE_MS, move || {
            revision.try_update(|r| *r = r.wrapping_add(1));
        });
        self.pending.try_update_value(|p| *p = Some(timer));
    }

    /// Brings `quiz` in step with the link, after every write of the link.
    fn sync_quiz(&self) {
        let quiz = self.link.with_untracked(|l| l.view.quiz);
        if self.quiz.get_untracked() != quiz {
            self.set_quiz.set(quiz);
        }
    }

    /// The text the field for `key` shows now (see [`shown_text`]).
    fn text_of(&self, key: &str) -> String {
        self.link.with_untracked(|l| {
            self.preset_scenario
                .with_untracked(|(preset, _)| shown_text(l, preset, key))
        })
    }

    /// The text of the field for `key` (as typed, else the preset's), as a signal that changes
    /// only when that text does: [`State::sync_fields`] keeps it in step with the link.
    pub fn field_text(&self, key: &'static str) -> RwSignal<String> {
        let text = RwSignal::new(self.text_of(key));
        TEXTS.with_borrow_mut(|t| t.push((key, text)));
        text
    }

    /// Brings the fields' texts and notices in step with the link, after every write of the
    /// link (on the Day page: see `inputs::sources`): each signal is set only when its value
    /// changed.
    fn sync_fields(&self) {
        let changed: Vec<(RwSignal<String>, String)> = TEXTS.with_borrow_mut(|texts| {
            // A field that is gone (its signal disposed) leaves the list.
            texts.retain(|(_, text)| text.try_with_untracked(|_| ()).is_some());
            texts
                .iter()
                .filter_map(|(key, text)| {
                    let now = self.text_of(key);
                    (text.try_with_untracked(|t| *t != now) == Some(true)).then_some((*text, now))
                })
                .collect()
        });
        for (text, now) in changed {
            text.try_set(now);
        }
        let notices = self.resolved.with_untracked(|(_, ns)| flat(ns));
        if self.notices.with_untracked(|n| *n != notices) {
            self.notices.set(notices);
        }
    }

    /// After every write of the link: the signals kept in step with it.
    fn synced(&self) {
        self.sync_quiz();
        if super::DAY_PAGE {
            self.sync_fields();
        }
    }

    /// Changes the link (a click, a toggle); the drawings follow at once.
    pub fn update(&self, f: impl FnOnce(&mut Link)) {
        self.set_link.update(f);
        self.synced();
        self.settle_now();
    }

    /// Replaces the link (a preset, Back/Forward); the drawings follow at once.
    pub fn replace(&self, link: Link) {
        self.set_link.set(link);
        self.synced();
        self.settle_now();
    }

    /// Sets one scenario value as typed (`key` as in links); the drawings follow once typing
    /// pauses.
    pub fn set_value(&self, key: &str, raw: &str) {
        self.set_link.update(|l| l.set(key, raw));
        self.synced();
        self.settle_later();
    }

    /// Sets one scenario value from a click (stage chips); the drawings follow at once.
    pub fn set_value_now(&self, key: &str, raw: &str) {
        self.update(|l| l.set(key, raw));
    }

    /// Opens the explanation popover `open`, or closes it (`None`); what shows it follows.
    pub fn set_explain(&self, open: Option<Open>) {
        let at = open.as_ref().map(|o| o.anchor.clone()).unwrap_or_default();
        self.explain.set_value(open);
        self.explain_at.set(at);
    }

    /// Reveals the figure cell `id` (quiz mode).
    pub fn reveal(&self, id: &str) {
        self.revealed.update(|r| {
            if !r.iter().any(|x| x == id) {
                r.push(id.to_string());
            }
        });
    }
}
