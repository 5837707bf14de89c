//! Free mode: buttons for the socket calls that make sense now, per host.
//! Which calls make sense comes from the model; the model runs them.

use tcp_model::{Call, Side};
use yew::prelude::*;

use crate::store::{Action, StoreHandle};

#[component]
pub fn FreeMode() -> Html {
    let store = use_context::<StoreHandle>().expect("store context");
    if !store.free {
        return html! {};
    }
    let ui = &store.lang.texts().ui;
    let sim = store.sim_now();
    let column = |side: Side| {
        let name = match side {
            Side::Client => ui.client,
            Side::Server => ui.server,
        };
        let calls = sim.sensible_calls(side);
        let busy = sim.call_at(side, store.now).map(|c| c.call.signature());
        let buttons = calls.into_iter().map(|call: Call| {
            let dispatch = store.dispatcher();
            let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Call(side, call)));
            html! { <button type="button" class="tcpw-btn tcpw-call" data-call={call.to_string()} {onclick}>{ call.signature() }</button> }
        });
        html! {
            <div class="tcpw-free-side" data-side={side.name()}>
                <strong>{ name }</strong>
                { for buttons }
                if let Some(call) = busy {
                    <span class="tcpw-busy">{ crate::text::fill(ui.busy, &[("call", &call)]) }</span>
                }
            </div>
        }
    };
    html! {
        <div class="tcpw-free" role="group" aria-label={ui.free_mode}>
            <p class="tcpw-hint">{ ui.free_hint }</p>
            <div class="tcpw-free-cols">{ column(Side::Client) }{ column(Side::Server) }</div>
        </div>
    }
}
