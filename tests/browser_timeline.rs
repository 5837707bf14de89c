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
    for expected in [
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
    ] {
        assert!(
            labels.iter().any(|l| l == expected),
            "missing {expected}: {labels:?}"
        );
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
    let label = || text(&one(&root, ".tcpw-outer[data-side=client] .tcpw-timer-label"));
    assert_eq!(label(), "RTO 1000 ms", "the RTO runs while the SYN is unanswered");
    assert!(
        all(&root, ".tcpw-timer[data-side=server]").is_empty(),
        "the server has no timer running"
    );
    // It runs out at 1 s: the SYN goes again and the RTO doubles.
    step(&root, 1).await;
    assert_eq!(label(), "RTO 2000 ms · backoff ×1");
}
