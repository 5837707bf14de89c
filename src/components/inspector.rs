//! The segment inspector: the selected segment's header fields, absolute and
//! relative, and the state change its arrival caused.

use tcp_model::trace::{trace, Numbering};
use tcp_model::view::SegmentStatus;
use yew::prelude::*;

use crate::store::StoreHandle;

#[component]
pub fn Inspector() -> Html {
    let store = use_context::<StoreHandle>().expect("store context");
    let ui = &store.lang.texts().ui;
    let Some(seg) = store.selected.and_then(|id| store.run.segment(id)) else {
        return html! {
            <section class="tcpw-inspector" aria-label={ui.inspector}>
                <h3>{ ui.inspector }</h3>
                <p class="tcpw-hint">{ ui.inspector_empty }</p>
            </section>
        };
    };
    // Relative numbers exactly as the trace (and Wireshark) shows them.
    let rel = trace(&store.run, Numbering::Relative)
        .segments
        .into_iter()
        .nth(seg.id.0 as usize);
    let h = &seg.header;
    let row = |name: &str, abs: String, relv: String| {
        html! { <tr><th scope="row">{ name.to_string() }</th><td>{ abs }</td><td>{ relv }</td></tr> }
    };
    let (rel_seq, rel_ack) = rel.map_or((String::new(), String::new()), |r| {
        (r.seq.to_string(), r.ack.to_string())
    });
    let caused = store.run.caused_by(seg.id);
    let on_arrival = match seg.status_at(store.moment()) {
        SegmentStatus::Unsent | SegmentStatus::InFlight { .. } => ui.in_flight.to_string(),
        SegmentStatus::Dropped { .. } => ui.dropped.to_string(),
        SegmentStatus::Vanished => ui.vanished.to_string(),
        SegmentStatus::Arrived if caused.is_empty() => ui.no_state_change.to_string(),
        SegmentStatus::Arrived => caused
            .iter()
            .map(|(side, from, to)| format!("{side}: {from} → {to}"))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let close = {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(crate::store::Action::Select(None)))
    };
    html! {
        <section class="tcpw-inspector" aria-label={ui.inspector} data-segment={seg.id.0.to_string()}>
            <h3>{ format!("{} #{} · {}", ui.inspector, seg.id.0, h.flags) }
                <button type="button" class="tcpw-btn tcpw-small" onclick={close} aria-label={ui.close}>{ "×" }</button>
            </h3>
            <table>
                <thead><tr><th scope="col">{ ui.field }</th><th scope="col">{ ui.absolute }</th><th scope="col">{ ui.relative }</th></tr></thead>
                <tbody>
                    { row(ui.ports, format!("{} → {}", h.src.port, h.dst.port), format!("{} → {}", h.src, h.dst)) }
                    { row("seq", h.seq.to_string(), rel_seq) }
                    { row("ack", if h.flags.ack() { h.ack.to_string() } else { "—".into() }, if h.flags.ack() { rel_ack } else { "—".into() }) }
                    { row(ui.flags, h.flags.to_string(), format!("{:#04x}", h.flags.bits())) }
                    { row(ui.window, h.window.to_string(), String::new()) }
                    { row("MSS", h.mss.map_or("—".into(), |m| m.to_string()), String::new()) }
                    { row(ui.length, h.len.to_string(), format!("SEG.LEN = {}", h.seg_len())) }
                    { row(ui.sent, format!("{} ms", seg.sent_at.0), String::new()) }
                    { row(ui.arrives, format!("{} ms", seg.arrives_at.0), String::new()) }
                </tbody>
            </table>
            <p class="tcpw-caused"><strong>{ ui.on_arrival }{ ": " }</strong>{ on_arrival }</p>
        </section>
    }
}
