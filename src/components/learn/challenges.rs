//! Challenges: the list (solved ones marked, from the kept progress) and
//! the card of the one being tried: its goal and hint, and once the model's
//! proof has happened on screen, "solved" with the proof in words: the
//! narration's sentences of the proving events, and the segments involved.

use tcp_model::learn::challenge::CHALLENGES;
use yew::prelude::*;

use crate::narration::learn::{part, word};
use crate::narration::said_about;
use crate::store::settled::Settled;
use crate::store::{Action, LearnAction};
use crate::text::fill;

/// The list of challenges; `on_pick` closes it once one is picked.
pub fn challenge_list(store: &Settled, on_pick: &Callback<()>) -> Html {
    let lang = store.prefs.lang;
    let progress = &store.learn.progress;
    html! {
        <div class="tcpw-learn-list" data-list="challenges">
            <p class="tcpw-hint">{ word(lang, "challenge.ui.intro") }</p>
            <ol>
                { for CHALLENGES.iter().map(|c| {
                    let (dispatch, on_pick, id) = (store.dispatcher(), on_pick.clone(), c.id);
                    let onclick = Callback::from(move |_: MouseEvent| {
                        dispatch.dispatch(Action::Learn(LearnAction::OpenChallenge(id)));
                        on_pick.emit(());
                    });
                    html! {
                        <li>
                            <button type="button" class="tcpw-btn tcpw-pick" data-challenge={c.id} {onclick}>
                                { part(lang, "challenge", c.id, "title") }
                            </button>
                            if progress.solved(c.id) {
                                <span class="tcpw-hint tcpw-best">{ word(lang, "challenge.ui.done") }</span>
                            }
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}

/// The challenge being tried.
pub fn challenge_card(store: &Settled) -> Html {
    let lang = store.prefs.lang;
    let Some(a) = store.learn.attempt.as_ref() else {
        return html! {};
    };
    let run = &store.lesson.run;
    let title = part(lang, "challenge", a.id, "title");
    let close = {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Learn(LearnAction::CloseChallenge)))
    };
    // The proof is only told once its events are on screen: the learner
    // sees it happen, then reads how the model knows.
    let proof = a.proof.as_ref().filter(|_| a.shown);
    html! {
        <section class="tcpw-challenge" data-challenge={a.id} data-solved={a.shown.to_string()} aria-label={title}>
            <h3 class="tcpw-card-head">
                <span>{ title }</span>
                <button type="button" class="tcpw-btn tcpw-small" aria-label={word(lang, "challenge.ui.close")}
                    title={word(lang, "challenge.ui.close")} onclick={close}>{ "×" }</button>
            </h3>
            <p>{ part(lang, "challenge", a.id, "goal") }</p>
            <p class="tcpw-hint">{ part(lang, "challenge", a.id, "hint") }</p>
            if let Some(proof) = proof {
                <div class="tcpw-proof">
                    <p class="tcpw-verdict"><strong>{ word(lang, "challenge.ui.solved") }</strong>{ " " }{ word(lang, "challenge.ui.proof") }</p>
                    <ul>
                        { for proof.events.iter().map(|&i| {
                            let at = run.events().get(i).map_or(0, |e| e.at.0);
                            html! { <li data-event={i.to_string()}>
                                <span class="tcpw-said-time">{ fill(lang.texts().ui.at_time, &[("time", &at.to_string())]) }</span>
                                { " " }{ said_about(run, lang, i) }
                            </li> }
                        }) }
                    </ul>
                    <p class="tcpw-hint">{ fill(word(lang, "challenge.ui.segments"), &[("list", &proof.segments.iter()
                        .filter_map(|&s| run.segment(s).map(|r| format!("#{} {}", s.0, r.header.label())))
                        .collect::<Vec<_>>().join(" · "))]) }</p>
                </div>
            } else {
                <p class="tcpw-open">{ word(lang, "challenge.ui.open") }</p>
            }
        </section>
    }
}
