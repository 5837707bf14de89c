//! One endpoint's vertical lifeline with its current TCP state.

use tcp_model::State;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LifelineProps {
    /// "client" or "server"; also used as a CSS hook.
    pub role: AttrValue,
    pub state: State,
}

#[component]
pub fn Lifeline(props: &LifelineProps) -> Html {
    html! {
        <div class={classes!("tcpw-lifeline", format!("tcpw-{}", props.role))} data-role={props.role.clone()}>
            <div class="tcpw-lifeline-name">{ props.role.clone() }</div>
            <div class="tcpw-lifeline-state" data-state={props.state.name()}>{ props.state.name() }</div>
            <div class="tcpw-lifeline-line"></div>
        </div>
    }
}
