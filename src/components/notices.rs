//! Polite notices: a host parameter that was not understood, a step beyond
//! the lesson, an action the model refused. Texts come from the content per
//! language; values are shown as text, never as markup.

use tcp_model::sim::ActionError;
use yew::prelude::*;

use crate::fetch::fetch_texts;
use crate::narration::side_name;
use crate::store::settled::use_settled_store;
use crate::store::{Action, Notice};
use crate::text::{fill, Lang};

fn notice_text(lang: Lang, notice: &Notice) -> String {
    let extra = lang.extra();
    match notice {
        Notice::Param(n) => fill(
            extra.param_notice,
            &[("param", n.param), ("value", &n.value), ("expected", &n.expected)],
        ),
        Notice::ParamTooFar { param, value, max } => fill(
            extra.param_too_far,
            &[("param", param), ("value", value), ("max", max)],
        ),
        Notice::Refused(ActionError::NotInFlight(id)) => {
            fill(extra.not_in_flight, &[("id", &id.0.to_string())])
        }
        Notice::Refused(ActionError::UnknownSegment(id)) => {
            fill(extra.unknown_segment, &[("id", &id.0.to_string())])
        }
        Notice::Refused(ActionError::Recorded) => extra.recorded.to_string(),
        Notice::Capture { name, error } => crate::components::capture_file::failure_text(lang, name, *error),
        Notice::Refused(ActionError::Busy { side, call }) => fill(
            extra.busy,
            &[("side", side_name(lang, *side)), ("call", &call.signature())],
        ),
        // Said in both languages: this language's texts may be the missing ones.
        Notice::ContentFailed { why, .. } => format!("Texts could not be loaded · 文字未能加载: {why}"),
    }
}

/// The notices, with a button to close them.
#[component]
pub fn Notices() -> Html {
    let store = use_settled_store();
    if store.notices.is_empty() {
        return html! {};
    }
    let lang = store.prefs.lang;
    let ui = &lang.texts().ui;
    let onclick = {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::DismissNotice))
    };
    html! {
        <div class="tcpw-notice" role="status">
            <ul>
                { for store.notices.iter().map(|n| {
                    let param = match n {
                        Notice::Param(p) => Some(p.param),
                        Notice::ParamTooFar { param, .. } => Some(*param),
                        Notice::Refused(_) | Notice::ContentFailed { .. } | Notice::Capture { .. } => None,
                    };
                    // A failed fetch can be tried again (the server may be back).
                    let retry = match n {
                        Notice::ContentFailed { lang: failed, .. } => {
                            let (dispatch, failed) = (store.dispatcher(), *failed);
                            let onclick = Callback::from(move |_: MouseEvent| {
                                dispatch.dispatch(Action::DismissNotice);
                                fetch_texts(failed, dispatch.clone(), Action::SetLang(failed));
                            });
                            html! { <button type="button" class="tcpw-btn tcpw-small tcpw-retry" {onclick}>{ "↻ Retry · 重试" }</button> }
                        }
                        _ => html! {},
                    };
                    html! { <li data-param={param}>{ notice_text(lang, n) }{ retry }</li> }
                }) }
            </ul>
            <button type="button" class="tcpw-btn tcpw-small" {onclick} aria-label={ui.close}>{ "×" }</button>
        </div>
    }
}
