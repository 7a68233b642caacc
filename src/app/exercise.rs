//! The Learn page's exercise (link keys `ask` and `tol`, see [`crate::core::exercise`]): one
//! row per question, where the learner types an estimate and checks it; the page says how close
//! it is (right, close, off, by the link's tolerances), then shows the model's figure and its
//! derivation. "Reveal all" shows every answer, "Reset" starts again; the estimates and checks
//! are kept in local storage per link. While questions are open the page hides what would give
//! an answer away (the Learn page's plan, Self Check, stage table and breakpoints: see
//! [`Exercise::open`]).

use leptos::prelude::*;

use super::erase::{dynamic, List};
use super::state::State;
use super::store;
use crate::core::exercise::{self as ex, Question, Tolerance};
use crate::core::format;
use crate::core::limits::clip;

/// One question's state: the estimate as typed, and whether it was checked (or revealed).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Answer {
    /// The estimate as typed.
    typed: String,
    /// Checked or revealed: the verdict and the derivation show.
    shown: bool,
}

/// The exercise's state, handed to the page (what it hides) and to the card (what it shows).
#[derive(Clone, Copy)]
pub struct Exercise {
    /// Each question's answer, in the link's order.
    answers: RwSignal<Vec<Answer>>,
    /// Whether "Reveal all" was pressed (or every question checked).
    revealed: RwSignal<bool>,
}

impl Exercise {
    /// The exercise of the link shown, its answers read back from local storage.
    pub fn new(state: State) -> Exercise {
        let (saved, revealed): (Vec<Answer>, bool) = store::read(&storage_key(state))
            .and_then(|t| crate::core::json_read::from_str(&t).ok())
            .unwrap_or_default();
        Exercise {
            answers: RwSignal::new(saved),
            revealed: RwSignal::new(revealed),
        }
    }

    /// Whether the page asks questions that are still open: what would answer them stays
    /// hidden.
    pub fn open(&self, state: State) -> bool {
        !state.link.with(|l| l.view.ask.is_empty()) && !self.revealed.get()
    }
}

/// Where the answers of the link shown are kept: its scenario and questions, without the
/// options that only change how it looks.
fn storage_key(state: State) -> String {
    let link = state.link.with_untracked(super::url::full_page_href);
    format!("scalemap:exercise:{link}")
}

/// The questions the link asks of the scenario shown, and its tolerances.
fn questions(state: State) -> (Vec<Question>, Tolerance) {
    let (ask, tol) = state
        .link
        .with(|l| (l.view.ask.clone(), l.view.tol.clone()));
    let stages = state.report.with(|r| r.stages.len());
    let mut ignored = Vec::new();
    (
        ex::read_ask(&ask, stages, &mut ignored),
        ex::read_tol(&tol, &mut ignored),
    )
}

/// Saves the answers and whether they are revealed (a refusal only loses the convenience).
fn save(state: State, answers: &[Answer], revealed: bool) {
    let _ = store::write(&storage_key(state), &(answers.to_vec(), revealed));
}

/// The exercise card: the hint, one row per question, "Reveal all" and "Reset".
#[component]
pub fn ExerciseCard(
    /// The page state.
    state: State,
    /// The exercise's answers and whether they are revealed.
    exercise: Exercise,
) -> impl IntoView {
    let Exercise { answers, revealed } = exercise;
    let rows = dynamic(move || {
        let (qs, tol) = questions(state);
        if answers.with_untracked(Vec::len) < qs.len() {
            answers.update(|a| a.resize(qs.len(), Answer::default()));
        }
        qs.into_iter()
            .enumerate()
            .map(|(i, q)| view! { <QuestionRow state exercise i q tol/> })
            .list()
    });
    let hint = move || {
        let (_, tol) = questions(state);
        format!(
            "Estimate each figure from the inputs, then check it: right within {}, close within a factor of {}. The stage table, the scaling plan and the Self Check stay hidden until you reveal the answers.",
            format::percent(tol.right),
            format::num(tol.close)
        )
    };
    let reveal_all = move |_| {
        answers.update(|a| a.iter_mut().for_each(|x| x.shown = true));
        revealed.set(true);
        answers.with_untracked(|a| save(state, a, true));
    };
    let reset = move |_| {
        answers.update(|a| a.iter_mut().for_each(|x| *x = Answer::default()));
        revealed.set(false);
        store::remove(&storage_key(state));
    };
    view! {
        <section class="sm-card" id="sm-exercise" tabindex="-1" aria-labelledby="sm-exercise-title" data-testid="exercise">
            <div class="sm-card-head">
                <h2 id="sm-exercise-title">"Exercise"</h2>
                <p class="sm-muted" data-testid="exercise-hint">{hint}</p>
            </div>
            <ol class="sm-questions">{rows}</ol>
            <p class="sm-exercise-actions">
                <button type="button" class="sm-btn" data-testid="reveal-all" on:click=reveal_all>"Reveal all"</button>
                <button type="button" class="sm-btn" data-testid="reset-exercise" on:click=reset>"Reset"</button>
            </p>
        </section>
    }
}

/// One question: its text, the estimate field, "Check", and once checked the verdict, the
/// model's figure and its derivation.
#[component]
fn QuestionRow(
    /// The page state.
    state: State,
    /// The exercise.
    exercise: Exercise,
    /// Its place in the list.
    i: usize,
    /// The question.
    q: Question,
    /// The link's tolerances.
    tol: Tolerance,
) -> impl IntoView {
    let Exercise { answers, revealed } = exercise;
    let answer = move || answers.with(|a| a.get(i).cloned().unwrap_or_default());
    let text = state.report.with_untracked(|r| {
        r.stages
            .get(q.stage)
            .map(|st| q.text(st))
            .unwrap_or_default()
    });
    let id = format!("sm-q-{i}");
    let check = move || {
        answers.update(|a| {
            if let Some(x) = a.get_mut(i) {
                x.shown = true;
            }
        });
        answers.with_untracked(|a| {
            // Every question answered with a number: nothing is left to give away.
            if a.iter()
                .all(|x| x.shown && format::parse_number(&x.typed).is_ok())
            {
                revealed.set(true);
            }
            save(state, a, revealed.get_untracked());
        });
    };
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        answers.update(|a| {
            if let Some(x) = a.get_mut(i) {
                x.typed = typed;
                x.shown = false;
            }
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            check();
        }
    };
    let result = dynamic(move || {
        let a = answer();
        if !a.shown {
            return ().into_any();
        }
        let (verdict, grade) = verdict(state, q, tol, &a.typed);
        if grade == "unreadable" {
            // Not an answer: say why, and keep the model's figure back.
            return view! {
                <div class="sm-q-result" data-testid=format!("q-result-{i}") data-grade=grade>
                    <p class="sm-q-verdict">{verdict}</p>
                </div>
            }
            .into_any();
        }
        let (figure, why) = state.report.with(|r| {
            r.stages
                .get(q.stage)
                .map(|st| {
                    (
                        (q.row.show)(st),
                        super::explain::derivation(state, q.stage, q.row.fig),
                    )
                })
                .unwrap_or_default()
        });
        view! {
            <div class="sm-q-result" data-testid=format!("q-result-{i}") data-grade=grade>
                <p class="sm-q-verdict">{verdict}" The model: "<strong>{figure}</strong>"."</p>
                <p class="sm-q-why">{why}</p>
            </div>
        }
        .into_any()
    });
    view! {
        <li class="sm-question" data-testid=format!("q-{i}") data-question=q.key()>
            <label for=id.clone()>{text}</label>
            <span class="sm-q-entry">
                <input
                    id=id
                    class="sm-input"
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    data-testid=format!("q-input-{i}")
                    prop:value=move || answer().typed
                    on:input=on_input
                    on:keydown=on_key
                />
                <button type="button" class="sm-btn" data-testid=format!("q-check-{i}") on:click=move |_| check()>"Check"</button>
            </span>
            {result}
        </li>
    }
}

/// The verdict on `typed` for `q` and its `data-grade`: right, close or off by `tol`; "none"
/// when nothing was typed (revealed); "unreadable" with the reason when it is not a number.
fn verdict(state: State, q: Question, tol: Tolerance, typed: &str) -> (String, &'static str) {
    if typed.trim().is_empty() {
        return ("No estimate.".to_string(), "none");
    }
    let estimate = match format::parse_number(typed) {
        Ok(x) => x,
        Err(e) => {
            return (
                format!(
                    "“{}” {e}. Write a number such as 5000, 5k or 40%.",
                    clip(typed)
                ),
                "unreadable",
            )
        }
    };
    let figure = state
        .report
        .with(|r| r.stages.get(q.stage).map(|st| (q.row.value)(st)));
    match figure.filter(|f| f.is_finite()) {
        Some(f) => {
            let g = q.grade(estimate, f, tol);
            (g.verdict(tol), g.key())
        }
        None => (
            "This figure has no number here, so no estimate is right.".to_string(),
            "off",
        ),
    }
}
