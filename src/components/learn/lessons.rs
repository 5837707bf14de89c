//! Guided lessons: the list (with each lesson's best score, kept in the
//! browser) and the card of the lesson being played: its step's sentence,
//! the question the step asks or the task it sets ("lose the SYN now"),
//! checked by the model, and the way on. A lesson's moments and answers
//! come from the model's lesson data; the sentences from the content files.

use tcp_model::learn::lesson::{Task, LESSONS};
use yew::prelude::*;

use super::question::question_card;
use crate::narration::learn::{part, word};
use crate::narration::Mode;
use crate::store::settled::Settled;
use crate::store::{Action, LearnAction};
use crate::text::fill;

/// A callback sending a learn action.
fn send(dispatch: &yew::UseReducerDispatcher<crate::store::Store>, a: LearnAction) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Learn(a)))
}

/// The list of lessons; `on_pick` closes it once one is picked.
pub fn lesson_list(store: &Settled, on_pick: &Callback<()>) -> Html {
    let lang = store.prefs.lang;
    let dispatch = store.dispatcher();
    let progress = &store.learn.progress;
    html! {
        <div class="tcpw-learn-list" data-list="lessons">
            <ol>
                { for LESSONS.iter().map(|l| {
                    let (dispatch, on_pick, id) = (dispatch.clone(), on_pick.clone(), l.id);
                    let onclick = Callback::from(move |_: MouseEvent| {
                        dispatch.dispatch(Action::Learn(LearnAction::OpenLesson(id)));
                        on_pick.emit(());
                    });
                    let best = progress.lesson(l.id).map(|s| fill(word(lang, "lesson.ui.best"),
                        &[("right", &s.right.to_string()), ("n", &s.of.to_string())]));
                    html! {
                        <li>
                            <button type="button" class="tcpw-btn tcpw-pick" data-lesson={l.id} {onclick}>
                                { part(lang, "lesson", l.id, "title") }
                            </button>
                            if let Some(best) = best {
                                <span class="tcpw-hint tcpw-best">{ best }</span>
                            }
                        </li>
                    }
                }) }
            </ol>
            if !progress.is_empty() {
                <button type="button" class="tcpw-btn tcpw-small tcpw-reset" onclick={send(&dispatch, LearnAction::ResetProgress)}>
                    { word(lang, "lesson.ui.reset") }
                </button>
            }
        </div>
    }
}

/// The lesson being played (its sentence takes the focus on a new step:
/// see the panel).
pub fn guide_card(store: &Settled) -> Html {
    let lang = store.prefs.lang;
    let dispatch = store.dispatcher();
    let Some(g) = store.learn.guide else {
        return html! {};
    };
    let id = g.lesson.id;
    let total = g.lesson.steps.len();
    let title = part(lang, "lesson", id, "title");
    let close = html! {
        <button type="button" class="tcpw-btn tcpw-small" aria-label={word(lang, "lesson.ui.close")}
            title={word(lang, "lesson.ui.close")} onclick={send(&dispatch, LearnAction::CloseLesson)}>{ "×" }</button>
    };
    let Some(step) = g.current() else {
        // Finished: the score, and the ways on.
        let next = LESSONS
            .iter()
            .position(|l| l.id == id)
            .and_then(|i| LESSONS.get(i + 1));
        let score = fill(
            word(lang, "lesson.ui.finished"),
            &[("right", &g.right.to_string()), ("n", &g.asked.to_string())],
        );
        return html! {
            <section class="tcpw-guide" data-lesson={id} data-finished="true" data-score={format!("{}/{}", g.right, g.asked)} aria-label={title}>
                <h3 class="tcpw-card-head"><span>{ title }</span>{ close }</h3>
                <p class="tcpw-guide-text" tabindex="-1" role="status">{ score }</p>
                <div class="tcpw-row">
                    <button type="button" class="tcpw-btn" onclick={send(&dispatch, LearnAction::OpenLesson(id))}>
                        { word(lang, "lesson.ui.again") }
                    </button>
                    if let Some(n) = next {
                        <button type="button" class="tcpw-btn tcpw-next-lesson" data-lesson={n.id}
                            onclick={send(&dispatch, LearnAction::OpenLesson(n.id))}>
                            { format!("{} ▶", part(lang, "lesson", n.id, "title")) }
                        </button>
                    }
                </div>
            </section>
        };
    };
    let done = store.step_done();
    let task = step.task.map(|Task::Drop(k)| {
        let finished = step.task.and_then(|t| t.done(&store.lesson.run)).is_some();
        html! {
            <p class={if finished { "tcpw-task tcpw-task-done" } else { "tcpw-task" }} data-task={format!("drop-{k}")}>
                if finished {
                    { word(lang, "lesson.ui.done") }
                } else {
                    { word(lang, "lesson.ui.task") }{ " " }
                    <button type="button" class="tcpw-btn tcpw-small" onclick={send(&dispatch, LearnAction::GoToStep(g.step))}>
                        { word(lang, "lesson.ui.retry") }
                    </button>
                }
            </p>
        }
    });
    let last = g.step + 1 == total;
    let counter = fill(
        word(lang, "lesson.ui.step"),
        &[("n", &(g.step + 1).to_string()), ("total", &total.to_string())],
    );
    html! {
        <section class="tcpw-guide" data-lesson={id} data-step={(g.step + 1).to_string()} aria-label={title}>
            <h3 class="tcpw-card-head"><span>{ title }<span class="tcpw-hint tcpw-counter">{ counter }</span></span>{ close }</h3>
            if store.prefs.mode == Mode::Analogy {
                <p class="tcpw-guide-analogy">{ part(lang, "lesson", id, "analogy") }</p>
            }
            <p class="tcpw-guide-text" tabindex="-1">{ word(lang, &g.lesson.text_key(g.step)) }</p>
            { for task }
            if let Some(q) = store.learn.question.filter(|q| !q.predict) {
                { question_card(store, q) }
            }
            if done {
                <button type="button" class="tcpw-btn tcpw-next" onclick={send(&dispatch, LearnAction::GoToStep(g.step + 1))}>
                    { word(lang, if last { "lesson.ui.finish" } else { "lesson.ui.next" }) }
                </button>
            }
        </section>
    }
}
