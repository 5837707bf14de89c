//! Free mode: buttons for the socket calls that make sense now, per host.
//! Which calls make sense comes from the model; the model runs them.

use tcp_model::{Call, Side};
use yew::prelude::*;

use crate::narration::side_name;
use crate::store::settled::use_settled_store;
use crate::store::Action;
use crate::text::fill;

/// The learner's socket calls, when the lesson is free mode.
#[component]
pub fn FreeMode() -> Html {
    let store = use_settled_store();
    let lesson = &store.lesson;
    // The run's state only changes at event times: replay it once per
    // instant, not once per frame (free mode's clock never stops), and only
    // in free mode. A replay is a whole new simulation; made for this panel
    // while it showed nothing, it was the widget's own costliest call in the
    // frames of new instants of every lesson.
    let step = lesson.steps_by(store.moment());
    let sim = {
        let (run, now) = (lesson.run.clone(), lesson.step_moment(step).map(|m| m.time()));
        use_memo((lesson.run.clone(), step, lesson.free), move |&(_, _, free)| {
            free.then(|| run.rewind(now.unwrap_or_default()))
        })
    };
    let Some(sim) = sim.as_ref() else {
        return html! {};
    };
    let lang = store.prefs.lang;
    let ui = &lang.texts().ui;
    let column = |side: Side| {
        let calls = sim.sensible_calls(side);
        let busy = sim.call_at(side, sim.now()).map(|c| c.call.signature());
        let buttons = calls.into_iter().map(|call: Call| {
            let dispatch = store.dispatcher();
            let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Call(side, call)));
            html! { <button type="button" class="tcpw-btn tcpw-call" data-call={call.to_string()} {onclick}>{ call.signature() }</button> }
        });
        html! {
            <div class="tcpw-free-side" data-side={side.name()}>
                <strong>{ side_name(lang, side) }</strong>
                { for buttons }
                if let Some(call) = busy {
                    <span class="tcpw-busy">{ fill(ui.busy, &[("call", &call)]) }</span>
                }
            </div>
        }
    };
    // The model says when the run can go no further.
    let deadlocked = sim.deadlocked();
    html! {
        <div class="tcpw-free" role="group" aria-label={ui.free_mode}>
            <p class="tcpw-hint">{ ui.free_hint }</p>
            <div class="tcpw-free-cols">{ column(Side::Client) }{ column(Side::Server) }</div>
            if deadlocked {
                <p class="tcpw-deadlock" role="status">{ ui.deadlock }</p>
            }
        </div>
    }
}
