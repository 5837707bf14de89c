//! Component tests of the timeline in headless Chromium: what a run draws
//! (arrows, labels, state bands) and what a drop changes.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn labels(root: &web_sys::Element) -> Vec<String> {
    all(root, ".tcpw-seg-label").iter().map(text).collect()
}

fn band_states(root: &web_sys::Element, side: &str) -> Vec<String> {
    all(root, &format!(".tcpw-band[data-side={side}]"))
        .iter()
        .map(|b| b.get_attribute("data-state").unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn the_classic_exchange_draws_ten_arrows_with_their_numbers_and_every_state() {
    let root = mount("handshake-and-close").await;
    assert!(
        all(&root, ".tcpw-seg").is_empty(),
        "nothing is on the wire before time starts"
    );
    step_to_end(&root).await;
    let labels = labels(&root);
    assert_eq!(labels.len(), 10, "{labels:?}");
    for (n, expected) in [
        "SYN seq=1000",
        "SYN,ACK seq=8000 ack=1001",
        "ACK seq=1001 ack=8001",
        "PSH,ACK seq=1001 ack=8001 len=20",
        "PSH,ACK seq=8001 ack=1021 len=10",
        "ACK seq=1021 ack=8011",
        "FIN,ACK seq=1021 ack=8011",
        "ACK seq=8011 ack=1022",
        "FIN,ACK seq=8011 ack=1022",
        "ACK seq=1022 ack=8012",
    ]
    .iter()
    .enumerate()
    {
        // Each arrow carries the number the narration cites it by.
        let expected = format!("#{n} {expected}");
        assert!(labels.contains(&expected), "missing {expected}: {labels:?}");
    }
    assert_eq!(
        band_states(&root, "client"),
        [
            "CLOSED",
            "SYN-SENT",
            "ESTABLISHED",
            "FIN-WAIT-1",
            "FIN-WAIT-2",
            "TIME-WAIT",
            "CLOSED"
        ]
    );
    assert_eq!(
        band_states(&root, "server"),
        [
            "CLOSED",
            "LISTEN",
            "SYN-RECEIVED",
            "ESTABLISHED",
            "CLOSE-WAIT",
            "LAST-ACK",
            "CLOSED"
        ]
    );
    assert!(all(&root, ".tcpw-dropped").is_empty());
    // The seeds' numbering: three steps to open, four to close, on the
    // segments the story counts (not the data and its ACKs).
    let badges: Vec<String> = all(&root, ".tcpw-badge").iter().map(text).collect();
    assert_eq!(
        badges,
        [
            "handshake ①",
            "handshake ②",
            "handshake ③",
            "close ①",
            "close ②",
            "close ③",
            "close ④"
        ]
    );
    let fin = one(&root, ".tcpw-seg[data-segment='6']");
    assert!(
        fin.get_attribute("aria-label")
            .unwrap()
            .starts_with("#6 FIN,ACK seq=1021 ack=8011, close ①:"),
        "a screen reader hears the badge after the label: {:?}",
        fin.get_attribute("aria-label")
    );
}

#[wasm_bindgen_test]
async fn pointing_at_a_narration_line_lights_its_arrow_and_back() {
    let root = mount("handshake-and-close").await;
    step_to_end(&root).await;
    let lit = |selector: &str| one(&root, selector).class_list().contains("tcpw-lit");
    let line = one(&root, ".tcpw-narration li[data-segment='2']");
    pointer(&line, "mouseenter").await;
    assert!(
        lit(".tcpw-seg[data-segment='2']"),
        "the third segment's arrow lights up"
    );
    assert!(!lit(".tcpw-seg[data-segment='1']"), "and no other");
    pointer(&line, "mouseleave").await;
    assert!(all(&root, ".tcpw-lit").is_empty());
    let fin = one(&root, ".tcpw-seg[data-segment='6']");
    pointer(&fin, "mouseenter").await;
    let lines = all(&root, ".tcpw-narration li.tcpw-lit");
    assert!(!lines.is_empty(), "pointing at the FIN lights its narration");
    assert!(lines
        .iter()
        .all(|l| l.get_attribute("data-segment").as_deref() == Some("6")));
}

#[wasm_bindgen_test]
async fn the_first_moment_shows_the_syn_in_flight_and_both_states() {
    let root = mount("handshake-and-close").await;
    step(&root, 1).await;
    let syn = one(&root, ".tcpw-seg[data-segment='0']");
    assert_eq!(syn.get_attribute("data-flags").as_deref(), Some("SYN"));
    assert!(syn.class_list().contains("tcpw-inflight"));
    let states: Vec<String> = all(&root, ".tcpw-state-label").iter().map(text).collect();
    assert!(
        states.contains(&"SYN-SENT".to_string()) && states.contains(&"LISTEN".to_string()),
        "{states:?}"
    );
}

#[wasm_bindgen_test]
async fn dropping_the_syn_draws_a_cross_and_a_retransmitted_syn() {
    let root = mount("handshake-and-close").await;
    step(&root, 1).await;
    click(&one(&root, ".tcpw-seg[data-segment='0']")).await;
    let dropped = one(&root, ".tcpw-seg[data-segment='0']");
    assert!(
        dropped.class_list().contains("tcpw-dropped"),
        "the SYN is drawn as dropped"
    );
    assert_eq!(text(&one(&dropped, ".tcpw-cross")), "✗");
    step_to_end(&root).await;
    let rtx = one(&root, ".tcpw-seg.tcpw-rtx");
    assert_eq!(rtx.get_attribute("data-flags").as_deref(), Some("SYN"));
    assert_eq!(rtx.get_attribute("data-segment").as_deref(), Some("1"));
    // Beside it: which segment it repeats and why (the retransmission timer).
    let tags: Vec<String> = all(&root, ".tcpw-seg-tag").iter().map(text).collect();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert!(tags[0].starts_with("↻ #0 · RTO "), "{tags:?}");
    // The connection still completes: the same ten-segment exchange follows.
    assert_eq!(labels(&root).len(), 11);
    assert!(band_states(&root, "client").contains(&"ESTABLISHED".to_string()));
}

#[wasm_bindgen_test]
async fn a_timer_is_drawn_on_the_lifeline_that_owns_it() {
    let root = mount("lost-syn").await;
    // Start → 0 ms (SYN sent) → 50 ms (SYN lost).
    step(&root, 2).await;
    assert_eq!(
        all(&root, ".tcpw-timer[data-side=client][data-timer=retransmission]").len(),
        1
    );
    let label = || text(&one(&root, ".tcpw-timer[data-side=client] .tcpw-timer-label"));
    assert_eq!(label(), "RTO 1000 ms", "the RTO runs while the SYN is unanswered");
    assert!(
        all(&root, ".tcpw-timer[data-side=server]").is_empty(),
        "the server has no timer running"
    );
    // It runs out at 1 s: the SYN goes again and the RTO doubles.
    step(&root, 1).await;
    assert_eq!(label(), "RTO 2000 ms · doublings: 1");
    // The timer that fired stays drawn where it ran, marked as ended.
    let fired = all(
        &root,
        ".tcpw-timer-ended[data-side=client][data-timer=retransmission][data-end=fired]",
    );
    assert_eq!(fired.len(), 1, "the fired RTO is kept");
    assert!(all(&root, ".tcpw-timer-ended[data-side=server]").is_empty());
}

/// A repeated FIN starts TIME-WAIT again (RFC 9293 3.10.7.4): the first
/// wait stays drawn, ended with ↻, and the new one runs from there.
#[wasm_bindgen_test]
async fn a_time_wait_restarted_by_a_repeated_fin_is_marked() {
    let root = mount("lost-final-ack").await;
    let restarted = || {
        all(
            &root,
            ".tcpw-timer-ended[data-side=client][data-timer=time-wait][data-end=restarted]",
        )
    };
    let mut steps = 0;
    while restarted().is_empty() {
        step(&root, 1).await;
        steps += 1;
        assert!(steps < 40, "no restart was drawn");
    }
    assert_eq!(text(&one(&root, ".tcpw-timer-ended .tcpw-timer-mark")), "↻");
    assert_eq!(
        all(
            &root,
            ".tcpw-timer:not(.tcpw-timer-ended)[data-side=client][data-timer=time-wait]"
        )
        .len(),
        1,
        "and TIME-WAIT runs again"
    );
}

/// The inspector's header is a real table: a row per field, the field's
/// name as the row header, raw and relative values as cells.
#[wasm_bindgen_test]
async fn the_inspector_shows_the_selected_segments_header_as_a_table() {
    let root = mount("handshake-and-close").await;
    step(&root, 3).await; // the SYN,ACK has been sent and the SYN has arrived
    click(&one(&root, ".tcpw-seg[data-segment='1']")).await;
    let table = one(&root, ".tcpw-inspector table");
    let rows = all(&table, "tbody tr");
    assert_eq!(rows.len(), 9, "one row per header field");
    let row = |name: &str| -> Vec<String> {
        let r = rows
            .iter()
            .find(|r| text(&one(r, "th[scope=row]")) == name)
            .unwrap_or_else(|| panic!("no row headed {name}"));
        all(r, "td").iter().map(text).collect()
    };
    assert_eq!(
        row("seq"),
        ["8000", "0"],
        "raw and relative, as Wireshark shows them"
    );
    assert_eq!(row("ack"), ["1001", "1"]);
    assert_eq!(row("Flags"), ["SYN,ACK (0x12)", ""]);
    // Only seq and ack have a relative form: the ports row shows the
    // addresses, under "Absolute", not as a relative value.
    assert_eq!(row("Ports"), ["10.0.0.2:5000 → 10.0.0.1:49152", ""]);
    assert_eq!(row("MSS"), ["1024", ""]);
    assert_eq!(all(&table, "thead th[scope=col]").len(), 3);
    assert!(text(&one(&root, ".tcpw-inspector h3")).contains("#1"));
}

/// Renders every built-in scenario at many moments (as playing does), so a
/// layout that never finishes (a label placement loop froze the page once)
/// or a panic at some moment is caught here.
#[wasm_bindgen_test]
async fn every_builtin_renders_at_every_moment_of_its_run() {
    use wasm_bindgen::JsCast;
    for builtin in tcp_model::library::BUILTINS {
        let root = mount(builtin.name).await;
        let scrub: web_sys::HtmlInputElement = one(&root, ".tcpw-scrub input").dyn_into().unwrap();
        let end: u64 = scrub.max().parse().unwrap();
        let mut t = 0;
        while t <= end {
            scrub.set_value(&t.to_string());
            let event = web_sys::Event::new("input").unwrap();
            scrub.dispatch_event(&event).unwrap();
            yew::scheduler::flush().await;
            breathe().await;
            t += if end > 20_000 { end / 400 } else { 11 };
        }
        let clock = text(&one(&root, ".tcpw-clock"));
        assert!(
            clock.ends_with(&format!("/ {end} ms")),
            "{}: {clock}",
            builtin.name
        );
        assert!(all(&root, ".tcpw-crash").is_empty());
        root.remove();
    }
}
