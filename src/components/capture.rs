//! Bring your own capture: the button that opens a `.pcap` or `.pcapng`
//! file (or a gzip of one; reading it is `capture_file`'s), the bar
//! that says which capture and connection is shown, and what the inspector
//! adds for a captured segment (raw numbers, options, Wireshark's marks,
//! what the capture cannot tell).
//!
//! Reading and explaining the file is the model's (`tcp_model::capture`,
//! `tcp_model::observe`); this file only moves bytes and shows facts.

use tcp_model::capture::CaptureError;
use tcp_model::observe::{self, endpoint_name, ObservedSegment};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::capture_file::read_file;
use crate::narration::side_name;
use crate::store::settled::use_settled_store;
use crate::store::{Action, Opened, DEFAULT_SCENARIO};
use crate::text::{fill, Lang};
use crate::units::ms_text;

/// What the file picker accepts (the extensions, gzip-compressed ones such
/// as Wireshark's `.pcapng.gz`, and pcap's media type).
const ACCEPT: &str = ".pcap,.pcapng,.cap,.gz,application/vnd.tcpdump.pcap";

/// The "open a capture" button: a label around a file input, so it works
/// with the keyboard (the input keeps the focus) and a screen reader.
#[component]
pub fn CaptureOpen() -> Html {
    let store = use_settled_store();
    let texts = &store.prefs.lang.texts().capture;
    let onchange = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file, dispatch.clone());
            }
            // The same file can be opened again after a change.
            input.set_value("");
        })
    };
    html! {
        <label class="tcpw-btn tcpw-open" title={texts.drop_here}>
            { texts.open }
            <input type="file" class="tcpw-sr-only" accept={ACCEPT} {onchange} />
        </label>
    }
}

/// One connection of the capture, as the list names it.
fn stream_label(lang: Lang, opened: &Opened, index: usize) -> String {
    let texts = &lang.texts().capture;
    let Some(stream) = opened.streams.get(index) else {
        return String::new();
    };
    let client = observe::client(&opened.capture, stream);
    let server = if client == stream.a { stream.b } else { stream.a };
    let us = stream.last_ns.saturating_sub(stream.first_ns) / 1000;
    let mut label = fill(
        texts.stream,
        &[
            ("n", &stream.index.to_string()),
            ("client", &endpoint_name(client)),
            ("server", &endpoint_name(server)),
            ("packets", &stream.packets.len().to_string()),
            ("ms", &ms_text(us, tcp_model::sim::TimeUnit::Micros)),
        ],
    );
    if !stream.has_syn {
        label.push(' ');
        label.push_str(texts.no_syn);
    }
    label
}

/// Which capture and connection is shown, and how to read its times.
#[component]
pub fn CaptureBar() -> Html {
    let store = use_settled_store();
    let Some(opened) = store.lesson.capture.clone() else {
        return html! {};
    };
    let lang = store.prefs.lang;
    let texts = &lang.texts().capture;
    let on_stream = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .and_then(|s| s.value().parse::<usize>().ok());
            if let Some(index) = value {
                dispatch.dispatch(Action::PickStream(index));
            }
        })
    };
    let back = {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::PickScenario(DEFAULT_SCENARIO)))
    };
    let run = &opened.run;
    let mut caveats: Vec<String> = tcp_model::Side::BOTH
        .iter()
        .filter(|&&side| run.states(side).start == observe::Start::Assumed)
        .map(|&side| fill(texts.assumed, &[("side", side_name(lang, side))]))
        .collect();
    match run.cut {
        Some(CaptureError::Truncated(what, at)) => {
            caveats.push(fill(texts.cut, &[("what", what), ("at", &at.to_string())]));
        }
        Some(CaptureError::BadCompression(c)) => {
            caveats.push(fill(texts.cut_unpacked, &[("format", c.name())]))
        }
        _ => {}
    }
    if let Some(left_out) = skipped_text(lang, run) {
        caveats.push(left_out);
    }
    let offloaded = run
        .segments
        .iter()
        .filter(|s| s.observed.beyond_mss.is_some())
        .count();
    if offloaded > 0 {
        caveats.push(fill(texts.offloaded, &[("n", &offloaded.to_string())]));
    }
    if !run.tunnels.is_empty() {
        let tunnels = run.tunnels.join(lang.list_separator());
        caveats.push(fill(texts.tunneled, &[("tunnels", &tunnels)]));
    }
    // The model cut the replay at its run caps (a long transfer): say where.
    let sim = &store.lesson.run;
    if let Some(at) = sim.cut_short() {
        caveats.push(fill(
            texts.longer,
            &[
                ("time", &ms_text(at.0, sim.time_unit())),
                ("segments", &sim.segments().len().to_string()),
                ("total", &run.segments.len().to_string()),
            ],
        ));
    }
    html! {
        <section class="tcpw-capture" aria-label={texts.heading}>
            <div class="tcpw-row">
                <strong class="tcpw-capture-name">{ fill(texts.heading_file, &[("name", &opened.name)]) }</strong>
                <label class="tcpw-picker">
                    <span>{ texts.connection }</span>
                    <select onchange={on_stream} aria-label={texts.connection}>
                        { for (0..opened.streams.len()).map(|i| html! {
                            <option value={i.to_string()} selected={i == opened.chosen}>{ stream_label(lang, &opened, i) }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="tcpw-btn tcpw-small" onclick={back}>{ texts.back }</button>
            </div>
            <p class="tcpw-hint">
                { fill(texts.ends, &[
                    ("client", &endpoint_name(run.client)),
                    ("server", &endpoint_name(run.server)),
                ]) }
                { " " }{ texts.timing }
                { for caveats.iter().map(|a| html! { <>{ " " }{ a.clone() }</> }) }
            </p>
        </section>
    }
}

/// The inspector's rows for a captured segment: (field, raw, relative).
pub fn inspector_rows(lang: Lang, opened: &Opened, seg: &ObservedSegment) -> Vec<(String, String, String)> {
    let texts = &lang.texts().capture;
    let ui = &lang.texts().ui;
    let (src, dst) = match seg.from {
        tcp_model::Side::Client => (opened.run.client, opened.run.server),
        tcp_model::Side::Server => (opened.run.server, opened.run.client),
    };
    let none = || "—".to_string();
    let ack_on = seg.flags & tcp_model::capture::flags::ACK != 0;
    let o = &seg.options;
    let mut options: Vec<String> = Vec::new();
    if let Some(mss) = o.mss {
        options.push(format!("MSS {mss}"));
    }
    if let Some(ws) = o.wscale {
        options.push(format!("WS ×{}", 1u32 << ws.min(14)));
    }
    if o.sack_permitted {
        options.push("SACK_PERM".into());
    }
    for (left, right) in &o.sack {
        options.push(format!("SACK {left}-{right}"));
    }
    if let Some((val, ecr)) = o.timestamps {
        options.push(format!("TS val {val} ecr {ecr}"));
    }
    if o.cut {
        options.push(texts.options_cut.into());
    }
    let marks = wireshark_marks(seg);
    let mut rows = vec![
        (texts.frame.into(), seg.frame.to_string(), String::new()),
        (
            ui.ports.into(),
            format!("{} → {}", endpoint_name(src), endpoint_name(dst)),
            String::new(),
        ),
        ("seq".into(), seg.raw_seq.to_string(), seg.seq.to_string()),
        (
            "ack".into(),
            if ack_on { seg.raw_ack.to_string() } else { none() },
            if ack_on { seg.ack.to_string() } else { none() },
        ),
        // Only seq and ack have a relative form; the flags' byte and the
        // window in bytes, where the handshake's scale makes it more, go beside.
        (
            ui.flags.into(),
            format!("{} ({:#04x})", seg.flag_names(), seg.flags),
            String::new(),
        ),
        (
            ui.window.into(),
            match seg.window_bytes {
                Some(b) if b != u32::from(seg.window) => format!("{} ({b} B)", seg.window),
                _ => seg.window.to_string(),
            },
            String::new(),
        ),
        (ui.length.into(), seg.len.to_string(), String::new()),
        (
            texts.options.into(),
            if options.is_empty() {
                none()
            } else {
                options.join(", ")
            },
            String::new(),
        ),
        (
            texts.wireshark.into(),
            if marks.is_empty() {
                none()
            } else {
                marks.join(", ")
            },
            String::new(),
        ),
    ];
    // The IP header's two ECN bits, where they say more than "no ECN".
    if let Some(codepoint) = seg.ecn_codepoint() {
        rows.insert(5, ("IP ECN".into(), codepoint.into(), String::new()));
    }
    rows
}

/// Wireshark's `tcp.analysis` flags on a segment, by their field names.
fn wireshark_marks(seg: &ObservedSegment) -> Vec<String> {
    let m = &seg.marks;
    let mut out: Vec<String> = [
        (m.retransmission, "retransmission"),
        (m.fast_retransmission, "fast_retransmission"),
        (m.spurious_retransmission, "spurious_retransmission"),
        (m.out_of_order, "out_of_order"),
        (m.zero_window, "zero_window"),
        (m.zero_window_probe, "zero_window_probe"),
        (m.keep_alive, "keep_alive"),
        (m.window_update, "window_update"),
        (m.lost_segment, "lost_segment"),
        (m.ack_lost_segment, "ack_lost_segment"),
        (m.window_full, "window_full"),
        (m.keep_alive_ack, "keep_alive_ack"),
        (m.zero_window_probe_ack, "zero_window_probe_ack"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| (*name).to_string())
    .collect();
    if let Some(n) = m.duplicate_ack {
        out.push(format!("duplicate_ack #{n}"));
    }
    out
}

/// The frames of the file that are in no connection, by reason, in one
/// sentence; `None` when every frame is TCP the reader could read.
fn skipped_text(lang: Lang, run: &observe::CaptureRun) -> Option<String> {
    let (s, t) = (run.skipped, &lang.texts().capture);
    let reasons: Vec<String> = [
        (s.not_ip, t.skip_not_ip),
        (s.not_tcp, t.skip_not_tcp),
        (s.fragments, t.skip_fragments),
        (s.truncated, t.skip_truncated),
        (s.unknown_link, t.skip_unknown_link),
        (s.malformed, t.skip_malformed),
    ]
    .into_iter()
    .filter(|&(n, _)| n > 0)
    .map(|(n, text)| fill(text, &[("n", &n.to_string())]))
    .collect();
    (!reasons.is_empty()).then(|| {
        fill(
            t.skipped,
            &[
                ("count", &s.total().to_string()),
                ("frames", &run.frames.to_string()),
                ("reasons", &reasons.join(lang.list_separator())),
            ],
        )
    })
}

/// What the capture cannot tell about a segment, in words (the inspector's
/// last row, as prose across both value columns).
pub fn notes(lang: Lang, seg: &ObservedSegment) -> Vec<String> {
    let texts = &lang.texts().capture;
    let o = &seg.observed;
    let mut out: Vec<String> = [
        (o.lost_after_capture, texts.note_lost),
        (o.copy, texts.note_copy),
        (o.acks_unseen, texts.note_unseen),
        (o.sent_unseen, texts.note_unsent),
        (o.duplicate_of.is_some(), texts.note_duplicated),
        (o.out_of_place, texts.note_out_of_place),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, text)| text.to_string())
    .collect();
    if let Some(mss) = o.beyond_mss {
        out.push(fill(texts.note_beyond_mss, &[("mss", &mss.to_string())]));
    }
    out
}
