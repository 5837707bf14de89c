//! The segment inspector: the selected segment's header fields, absolute and
//! relative, and the state change its arrival caused.

use core::fmt::Write;

use tcp_model::trace::relative_numbers;
use tcp_model::view::SegmentStatus;
use yew::prelude::*;

use crate::store::StoreHandle;
use crate::svg::Esc;

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
    let (rel_seq, rel_ack) = relative_numbers(&store.run)
        .get(seg.id.0 as usize)
        .copied()
        .unwrap_or((0, 0));
    let h = &seg.header;
    let none = || "—".to_string();
    let hex = |b: u8| {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        format!(
            "0x{}{}",
            DIGITS[usize::from(b >> 4)] as char,
            DIGITS[usize::from(b & 15)] as char
        )
    };
    let rows: [(&str, String, String); 9] = [
        (
            ui.ports,
            format!("{} → {}", h.src.port, h.dst.port),
            format!("{} → {}", h.src, h.dst),
        ),
        ("seq", h.seq.to_string(), rel_seq.to_string()),
        (
            "ack",
            if h.flags.ack() { h.ack.to_string() } else { none() },
            if h.flags.ack() {
                rel_ack.to_string()
            } else {
                none()
            },
        ),
        (ui.flags, h.flags.to_string(), hex(h.flags.bits())),
        (ui.window, h.window.to_string(), String::new()),
        ("MSS", h.mss.map_or_else(none, |m| m.to_string()), String::new()),
        (ui.length, h.len.to_string(), format!("SEG.LEN = {}", h.seg_len())),
        (ui.sent, format!("{} ms", seg.sent_at.0), String::new()),
        (ui.arrives, format!("{} ms", seg.arrives_at.0), String::new()),
    ];
    // Plain text cells, written as one escaped string (far less code than a
    // `html!` row each).
    let mut table = String::with_capacity(1024);
    let _ = write!(
        table,
        r#"<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        Esc(ui.field),
        Esc(ui.absolute),
        Esc(ui.relative)
    );
    for (name, abs, rel) in &rows {
        let _ = write!(
            table,
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
            Esc(name),
            Esc(abs),
            Esc(rel)
        );
    }
    table.push_str("</tbody>");
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
            <table>{ Html::from_html_unchecked(AttrValue::from(table)) }</table>
            <p class="tcpw-caused"><strong>{ ui.on_arrival }{ ": " }</strong>{ on_arrival }</p>
        </section>
    }
}
