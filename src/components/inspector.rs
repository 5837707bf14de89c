//! The segment inspector: the selected segment's header fields, raw and
//! relative (as Wireshark numbers them), and the state changes its arrival
//! caused. A real table: field names are row headers, values are cells.

use tcp_model::sim::trace::relative_numbers;
use tcp_model::view::SegmentStatus;
use yew::prelude::*;

use crate::narration::side_name;
use crate::store::settled::use_settled_store;
use crate::store::Action;
use crate::units::ms_text;

#[component]
pub fn Inspector() -> Html {
    let store = use_settled_store();
    let lang = store.prefs.lang;
    let ui = &lang.texts().ui;
    let Some(seg) = store
        .playhead
        .selected
        .and_then(|id| store.lesson.run.segment(id))
    else {
        return html! {
            <section class="tcpw-inspector" aria-label={ui.inspector}>
                <h3>{ ui.inspector }</h3>
                <p class="tcpw-hint">{ ui.inspector_empty }</p>
            </section>
        };
    };
    let run = &store.lesson.run;
    // Relative numbers exactly as the trace (and Wireshark) shows them.
    let (rel_seq, rel_ack) = relative_numbers(run)
        .get(seg.id.0 as usize)
        .copied()
        .unwrap_or((0, 0));
    let h = &seg.header;
    let unit = run.time_unit();
    let none = || "—".to_string();
    let ack_on = h.flags.ack();
    let rows: [(&str, String, String); 7] = [
        // The third column holds relative numbers only: what is not one
        // (the addresses, the flags' byte, SEG.LEN) is said beside its value.
        (ui.ports, format!("{} → {}", h.src, h.dst), String::new()),
        ("seq", h.seq.to_string(), rel_seq.to_string()),
        (
            "ack",
            if ack_on { h.ack.to_string() } else { none() },
            if ack_on { rel_ack.to_string() } else { none() },
        ),
        (
            ui.flags,
            format!("{} ({:#04x})", h.flags, h.flags.bits()),
            String::new(),
        ),
        (ui.window, h.window.to_string(), String::new()),
        ("MSS", h.mss.map_or_else(none, |m| m.to_string()), String::new()),
        (
            ui.length,
            format!("{} (SEG.LEN = {})", h.len, h.seg_len()),
            String::new(),
        ),
    ];
    let times = [
        (
            ui.sent,
            format!("{} ms", ms_text(seg.sent_at.0, unit)),
            String::new(),
        ),
        (
            ui.arrives,
            format!("{} ms", ms_text(seg.arrives_at.0, unit)),
            String::new(),
        ),
    ];
    // A captured segment shows what the capture holds: real addresses, raw
    // numbers beside Wireshark's relative ones, options and marks.
    let observed = store
        .lesson
        .capture
        .as_ref()
        .and_then(|opened| Some((opened, opened.run.segments.get(seg.id.0 as usize)?)));
    let captured = observed.map(|(opened, observed)| {
        let mut rows = crate::components::capture::inspector_rows(lang, opened, observed);
        rows.extend(
            times
                .iter()
                .map(|(name, at, _)| (name.to_string(), at.clone(), String::new())),
        );
        rows
    });
    // Sentences, not values: in the text's own font, across both columns.
    let notes = observed.map(|(_, observed)| {
        let notes = crate::components::capture::notes(lang, observed);
        let text = if notes.is_empty() { "—".to_string() } else { notes.join(" ") };
        html! {
            <tr><th scope="row">{ lang.texts().capture.notes }</th><td colspan="2" class="tcpw-prose">{ text }</td></tr>
        }
    });
    let rows: Vec<(String, String, String)> = captured.unwrap_or_else(|| {
        rows.into_iter()
            .chain(times.clone())
            .map(|(name, abs, rel)| (name.to_string(), abs, rel))
            .collect()
    });
    let caused = run.caused_by(seg.id);
    let on_arrival = match seg.status_at(store.moment()) {
        SegmentStatus::Unsent | SegmentStatus::InFlight { .. } => ui.in_flight.to_string(),
        SegmentStatus::Dropped { .. } => ui.dropped.to_string(),
        SegmentStatus::Vanished => ui.vanished.to_string(),
        SegmentStatus::Arrived if caused.is_empty() => ui.no_state_change.to_string(),
        SegmentStatus::Arrived => caused
            .iter()
            .map(|(side, from, to)| format!("{}: {from} → {to}", side_name(lang, *side)))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let close = {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Select(None)))
    };
    html! {
        <section class="tcpw-inspector" aria-label={ui.inspector} data-segment={seg.id.0.to_string()}>
            <div class="tcpw-inspector-head">
                <h3>{ format!("{} #{} · {}", ui.inspector, seg.id.0, h.flags) }</h3>
                <button type="button" class="tcpw-btn tcpw-small" onclick={close} aria-label={ui.close}>{ "×" }</button>
            </div>
            <table>
                <thead>
                    <tr><th scope="col">{ ui.field }</th><th scope="col">{ ui.absolute }</th><th scope="col">{ ui.relative }</th></tr>
                </thead>
                <tbody>
                    { for rows.into_iter().map(|(name, abs, rel)| html! {
                        <tr><th scope="row">{ name }</th><td>{ abs }</td><td>{ rel }</td></tr>
                    }) }
                    { for notes }
                </tbody>
            </table>
            <p class="tcpw-caused"><strong>{ ui.on_arrival }{ ": " }</strong>{ on_arrival }</p>
        </section>
    }
}
