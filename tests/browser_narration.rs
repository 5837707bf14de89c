//! Component tests of the narration panel in a real headless Chromium
//! (wasm-bindgen-test): it follows the steps, and its toggle switches between
//! the technical explanation and the analogy.
#![cfg(target_arch = "wasm32")]

mod common;

use tcp_model::view::Moment;
use tcp_model::{Simulation, Time};
use tcp_widget::narration::{narrate, Analogy, Mode};
use tcp_widget::text::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh widget and returns its host element.
async fn mounted() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_attribute(tcp_widget::HOST_ATTRIBUTE, "").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    common::install_content();
    yew::Renderer::<tcp_widget::app::App>::with_root(host.clone()).render();
    yew::scheduler::flush().await;
    host
}

fn find(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

async fn click(root: &web_sys::Element, selector: &str) {
    find(root, selector)
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
}

/// The widget's language, from its `lang` attribute (the browser's choice).
fn lang_of(root: &web_sys::Element) -> Lang {
    let tag = find(root, ".tcpw").get_attribute("lang").unwrap_or_default();
    Lang::from_tag(&tag).unwrap_or_default()
}

const STEP_FORWARD: &str = ".tcpw-transport button:nth-child(4)";

/// The headline the narration engine says last by time `t` of the classic
/// lesson, in one language and analogy (what the panel must show).
fn story_at(lang: Lang, analogy: Analogy, t: u64) -> String {
    let mut run = Simulation::new(
        &tcp_model::library::builtin("handshake-and-close")
            .unwrap()
            .scenario(),
    )
    .unwrap();
    run.run_until_finished(Time(600_000));
    let said = narrate(&run, Moment::At(Time(t)), lang, Mode::Analogy, analogy);
    said.last().map(|s| s.text.clone()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn narration_follows_the_steps_and_toggles_to_the_analogy() {
    let root = mounted().await;
    let lang = lang_of(&root);
    let panel = find(&root, ".tcpw-narration");
    assert_eq!(panel.get_attribute("data-mode").as_deref(), Some("technical"));
    let before = text(&root, ".tcpw-narr-now");
    assert!(
        before.contains("listen()"),
        "before time starts the server listens: {before}"
    );

    click(&root, STEP_FORWARD).await;
    let after = text(&root, ".tcpw-narr-now");
    assert_ne!(before, after, "stepping forward changes the narration");
    assert!(after.contains("seq=1000"), "the SYN with its ISN: {after}");
    let live = text(&root, ".tcpw-narration [aria-live=polite]");
    assert!(
        live.contains("seq=1000"),
        "the newest lines are mirrored for screen readers: {live}"
    );

    click(&root, "[data-set-mode=analogy]").await;
    assert_eq!(panel.get_attribute("data-mode").as_deref(), Some("analogy"));
    let expected = story_at(lang, Analogy::StandOff, 0);
    assert_eq!(text(&root, ".tcpw-narr-current .tcpw-said-text"), expected);
    assert!(expected.contains("你瞅啥"), "the seeds' stand-off: {expected}");
    assert!(
        !text(&root, ".tcpw-breaks").is_empty(),
        "where the analogy breaks is shown"
    );

    click(&root, STEP_FORWARD).await;
    assert!(
        text(&root, ".tcpw-narr-log").contains("你瞅啥"),
        "earlier lines move to the log"
    );
    let syn_ack = story_at(lang, Analogy::StandOff, 100);
    assert!(syn_ack.contains("瞅你咋的"), "{syn_ack}");
    assert_eq!(text(&root, ".tcpw-narr-current .tcpw-said-text"), syn_ack);

    click(&root, "[data-set-mode=technical]").await;
    let technical = text(&root, ".tcpw-narr-now");
    assert!(
        technical.contains("8000") && technical.contains("1001"),
        "back to the numbers: {technical}"
    );
    assert!(root.query_selector(".tcpw-breaks").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_theme_and_mode_survive_a_language_switch_and_a_restart() {
    let root = mounted().await;
    click(&root, STEP_FORWARD).await;
    click(&root, "[data-set-mode=analogy]").await;
    let select = find(&root, ".tcpw-theme select")
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap();
    select.set_value(Analogy::Phone.name());
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let first = lang_of(&root);
    let phone = |lang: Lang| story_at(lang, Analogy::Phone, 0);
    assert_eq!(text(&root, ".tcpw-narr-current .tcpw-said-text"), phone(first));

    click(&root, ".tcpw-lang").await;
    let second = lang_of(&root);
    assert_ne!(first, second);
    assert_eq!(text(&root, ".tcpw-narr-current .tcpw-said-text"), phone(second));

    click(&root, ".tcpw-transport button:nth-child(1)").await; // restart
    click(&root, STEP_FORWARD).await;
    assert_eq!(
        find(&root, ".tcpw-narration")
            .get_attribute("data-analogy")
            .as_deref(),
        Some("phone")
    );
    assert_eq!(text(&root, ".tcpw-narr-current .tcpw-said-text"), phone(second));
}

#[wasm_bindgen_test]
async fn every_deep_dive_has_a_scenario_to_play() {
    let root = mounted().await;
    let dives = root.query_selector_all(".tcpw-dive").unwrap();
    assert_eq!(
        dives.length() as usize,
        tcp_widget::narration::DeepDive::ALL.len()
    );
    let play = root.query_selector_all(".tcpw-dive-play").unwrap();
    for i in 0..play.length() {
        let button = play.item(i).unwrap().dyn_into::<web_sys::Element>().unwrap();
        let name = button.get_attribute("data-scenario").unwrap();
        assert!(
            tcp_model::library::builtin(&name).is_some(),
            "{name} is a built-in"
        );
    }
}
