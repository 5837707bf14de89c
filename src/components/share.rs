//! Share and export: a link that reproduces exactly what is on screen
//! (scenario, the learner's drops and calls, language, explanation, step,
//! speed, theme), and downloads of the run as a pcap and the diagram as SVG.

use std::rc::Rc;

use tcp_model::view::Moment;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::config::{Config, ScenarioChoice};
use crate::export::pcap_of;
use crate::host::{download, download_text, standalone_svg};
use crate::store::{Store, StoreHandle, SPEEDS};

/// The page a share link points at: the widget's own page (next to its
/// loader), or this page for the single-file build.
fn page_url() -> String {
    let global = js_sys::global();
    let base = js_sys::Reflect::get(&global, &"tcpWidget".into())
        .ok()
        .and_then(|w| js_sys::Reflect::get(&w, &"base".into()).ok())
        .and_then(|b| b.as_string());
    match base {
        Some(base) => format!("{base}index.html"),
        None => web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|href| href.split(['?', '#']).next().unwrap_or_default().to_string())
            .unwrap_or_default(),
    }
}

/// The configuration that reproduces what `store` shows.
pub fn config_of(store: &Store) -> Config {
    let scenario = if store.free {
        ScenarioChoice::Free
    } else if let Some(name) = store.scenario_name {
        ScenarioChoice::Builtin(name)
    } else {
        ScenarioChoice::Custom(Box::new((*store.scenario).clone()))
    };
    let (step, time_ms) = match (store.current_step(), store.moment()) {
        (Some(k), _) => (Some(k), None),
        (None, m) => (None, Some(m.time().0)),
    };
    let range = store.range.and_then(|(lo, hi)| {
        let step_of = |m: Moment| match m {
            Moment::Start => Some(0),
            Moment::At(t) => store
                .run
                .event_times()
                .iter()
                .position(|e| *e == t)
                .map(|i| i + 1),
        };
        Some((step_of(lo)?, step_of(hi)?))
    });
    Config {
        scenario: Some(scenario),
        actions: store.run.actions().to_vec(),
        lang: Some(store.lang),
        mode: Some(store.mode),
        analogy: Some(store.theme),
        step,
        time_ms,
        autoplay: false,
        speed: SPEEDS.iter().position(|s| (s - store.speed).abs() < 1e-9),
        theme: store.ui_theme,
        compact: store.compact,
        range,
        // A shared link opens the full page, not the iframe's view of it.
        embed: false,
    }
}

fn file_stem(store: &Store) -> String {
    format!(
        "tcp-{}",
        store
            .scenario_name
            .unwrap_or(if store.free { "free" } else { "custom" })
    )
}

#[component]
pub fn Share() -> Html {
    let store = use_context::<StoreHandle>().expect("store context");
    let open = use_state(|| false);
    let copied = use_state(|| None::<bool>);
    let root = use_node_ref();
    let extra = store.lang.extra();
    // Built only while the panel is open: the store changes on every frame
    // while a run plays, and the link is not needed until it is shown.
    let link = Rc::new(if *open {
        format!("{}?{}", page_url(), config_of(&store).to_query())
    } else {
        String::new()
    });

    let toggle = {
        let (open, copied) = (open.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            open.set(!*open);
            copied.set(None);
        })
    };
    let copy = {
        let (link, copied) = (link.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            crate::host::copy(&link, move |ok| copied.set(Some(ok)));
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    });
    let pcap = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            let bytes = pcap_of(&store.run, store.moment());
            let _ = download(
                &bytes,
                "application/vnd.tcpdump.pcap",
                &format!("{}.pcap", file_stem(&store)),
            );
        })
    };
    let svg = {
        let (store, root) = (store.clone(), root.clone());
        Callback::from(move |_: MouseEvent| {
            let svg = root
                .cast::<web_sys::Element>()
                .and_then(|el| el.closest(".tcpw").ok().flatten())
                .and_then(|widget| widget.query_selector(".tcpw-svg").ok().flatten());
            if let Some(text) = svg.and_then(|svg| standalone_svg(&svg).ok()) {
                let _ = download_text(&text, "image/svg+xml", &format!("{}.svg", file_stem(&store)));
            }
        })
    };
    html! {
        <section class="tcpw-share" ref={root}>
            <div class="tcpw-row">
                <button type="button" class="tcpw-btn" data-share="toggle" aria-expanded={open.to_string()} onclick={toggle}>
                    { extra.share }
                </button>
                <span class="tcpw-export-label">{ extra.exports }{ ":" }</span>
                <button type="button" class="tcpw-btn" data-export="pcap" onclick={pcap}>{ extra.download_pcap }</button>
                <button type="button" class="tcpw-btn" data-export="svg" onclick={svg}>{ extra.download_svg }</button>
            </div>
            if *open {
                <div class="tcpw-share-panel">
                    <label>
                        <span>{ extra.share_label }</span>
                        <input type="text" readonly=true class="tcpw-share-link" value={(*link).clone()} onfocus={select_all} />
                    </label>
                    <button type="button" class="tcpw-btn" data-share="copy" onclick={copy}>{ extra.copy }</button>
                    if let Some(ok) = *copied {
                        <span class="tcpw-hint" role="status">{ if ok { extra.copied } else { extra.copy_failed } }</span>
                    }
                </div>
            }
        </section>
    }
}
