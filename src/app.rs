//! The root component: owns the simulation and lays out the widget.

use tcp_model::State;
use yew::prelude::*;

use crate::components::lifeline::Lifeline;

/// The whole widget.
#[component]
pub fn App() -> Html {
    html! {
        <section class="tcpw" aria-label="TCP connection timeline">
            <div class="tcpw-lifelines">
                <Lifeline role="client" state={State::Closed} />
                <Lifeline role="server" state={State::Listen} />
            </div>
        </section>
    }
}
