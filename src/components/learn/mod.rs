//! Learn by predicting, on screen: a small bar (Predict, Lessons,
//! Challenges) at the top of the side column, and below it, only when
//! asked, the lesson or challenge lists, the guided lesson being played,
//! the challenge being tried and the open prediction. The tool panel
//! (`ss`, `tcpdump`) is below the stage (`tools.rs`).
//!
//! The panels' words come with the deferred texts: the first time one is
//! needed the bar asks for them (`Action::WantMore`) and says "loading".
//! What is announced to screen readers (a question, a verdict, a solved
//! challenge) goes through one polite live region here.

mod challenges;
mod lessons;
mod question;
pub mod tools;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::narration::learn::{part, word};
use crate::store::settled::use_settled_store;
use crate::store::{Action, LearnAction, Store};
use crate::text::{fill, has_more};

use challenges::{challenge_card, challenge_list};
use lessons::{guide_card, lesson_list};
use question::{prompt, question_card};

/// Which list the bar has open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    None,
    Lessons,
    Challenges,
}

/// What a screen reader is told now: the open question, then its verdict;
/// a solved challenge.
fn announcement(store: &Store) -> String {
    let lang = store.prefs.lang;
    if let Some(a) = store.learn.attempt.as_ref().filter(|a| a.shown) {
        let title = part(lang, "challenge", a.id, "title");
        return format!("{} {title}", word(lang, "challenge.ui.solved"));
    }
    match store.learn.question {
        Some(q) if q.reply.is_some_and(|r| r.right()) => word(lang, "quiz.right").to_string(),
        Some(q) if q.reply.is_some() => word(lang, "quiz.wrong").to_string(),
        Some(q) => prompt(store, &q),
        None => String::new(),
    }
}

/// The learn bar and whatever it opened. One component (with the form of
/// a segment prediction and the tool panel, the only ones): every Yew
/// component costs the WebAssembly kilobytes, the cards are functions.
#[component]
pub fn LearnPanel() -> Html {
    let store = use_settled_store();
    let list = use_state(|| List::None);
    let root = use_node_ref();
    let lang = store.prefs.lang;
    let learn = &store.learn;
    let busy = learn.predict || learn.guide.is_some() || learn.attempt.is_some() || *list != List::None;
    // The panels' words are deferred: ask for them once something needs them.
    {
        let dispatch = store.dispatcher();
        use_effect_with(busy, move |&busy| {
            if busy {
                dispatch.dispatch(Action::WantMore);
            }
        });
    }
    // A new lesson step or a new question (not one there on page load)
    // takes the focus: its sentence is read first, then what it asks.
    {
        let root = root.clone();
        let mounted = use_mut_ref(|| false);
        let step = learn.guide.map(|g| (g.lesson.id, g.step));
        let asked = learn.question.map(|q| (q.at, q.predict));
        use_effect_with((step, asked), move |(step, _)| {
            if !std::mem::replace(&mut *mounted.borrow_mut(), true) {
                return;
            }
            let target = if step.is_some() {
                ".tcpw-guide-text"
            } else {
                ".tcpw-prompt"
            };
            let el = root
                .cast::<web_sys::Element>()
                .and_then(|r| r.query_selector(target).ok().flatten());
            if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        });
    }
    let ready = has_more(lang);
    let toggle = |to: List| {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| list.set(if *list == to { List::None } else { to }))
    };
    let predict = {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Learn(LearnAction::TogglePredict)))
    };
    let close_list = {
        let list = list.clone();
        Callback::from(move |_: ()| list.set(List::None))
    };
    let bar_button = |name: &'static str, key: &str, to: List| {
        html! {
            <button type="button" class="tcpw-btn" data-learn={name} aria-expanded={(*list == to).to_string()}
                onclick={toggle(to)}>{ word(lang, key) }</button>
        }
    };
    let tally = (learn.predicted.1 > 0 && ready).then(|| {
        let (right, n) = learn.predicted;
        fill(
            word(lang, "quiz.tally"),
            &[("right", &right.to_string()), ("n", &n.to_string())],
        )
    });
    let body = if busy && !ready {
        html! { <p class="tcpw-hint" aria-busy="true">{ word(lang, "learn.loading") }</p> }
    } else {
        html! {
            <>
                if *list == List::Lessons { { lesson_list(&store, &close_list) } }
                if *list == List::Challenges { { challenge_list(&store, &close_list) } }
                { guide_card(&store) }
                { challenge_card(&store) }
                if let Some(q) = learn.question.filter(|q| q.predict) {
                    <div class="tcpw-question-card">{ question_card(&store, q) }</div>
                }
            </>
        }
    };
    html! {
        <section class="tcpw-learn" aria-label={word(lang, "learn.label")} ref={root}>
            <div class="tcpw-row tcpw-learn-bar">
                <button type="button" class="tcpw-btn tcpw-predict" data-learn="predict"
                    aria-pressed={learn.predict.to_string()} onclick={predict}>{ word(lang, "learn.predict") }</button>
                // A teacher's lesson locked to a range keeps its learners inside it.
                if store.lesson.range.is_none() {
                    { bar_button("lessons", "learn.lessons", List::Lessons) }
                    { bar_button("challenges", "learn.challenges", List::Challenges) }
                }
                if let Some(tally) = tally {
                    <span class="tcpw-hint tcpw-tally">{ tally }</span>
                }
            </div>
            { body }
            <div class="tcpw-sr-only tcpw-live" aria-live="polite">{ if ready { announcement(&store) } else { String::new() } }</div>
        </section>
    }
}
