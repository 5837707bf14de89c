//! Share and export: a link that reproduces exactly what is on screen
//! (scenario, the learner's drops and calls, language, explanation, step,
//! speed, colours), and downloads of the run as a pcap (as captured on the
//! client) and of the diagram as SVG.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use tcp_model::export::pcap;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::loader::{download, download_text, standalone_svg};
use crate::store::link::config_of;
use crate::store::settled::{use_live_store, LiveProps};
use crate::store::Store;

/// How long the "copied" confirmation stays (ms).
const CONFIRMATION_MS: u32 = 2_500;

/// The page a share link points at: the widget's own page (next to its
/// loader), or this page for the single-file build.
fn page_url() -> String {
    match crate::loader::base() {
        Some(base) => format!("{base}index.html"),
        None => web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|href| href.split(['?', '#']).next().unwrap_or_default().to_string())
            .unwrap_or_default(),
    }
}

fn file_stem(store: &Store) -> String {
    let lesson = &store.lesson;
    format!(
        "tcp-{}",
        lesson.name.unwrap_or(if lesson.free { "free" } else { "custom" })
    )
}

/// The share link and the export buttons.
#[component]
pub fn Share(props: &LiveProps) -> Html {
    let store = use_live_store(props.playhead);
    let open = use_state(|| false);
    let copied = use_state(|| None::<bool>);
    // The confirmation fades after a while; dropping the handle (unmount, or
    // a new copy) cancels the pending timeout.
    let fade = use_mut_ref(|| None::<Timeout>);
    let root = use_node_ref();
    let extra = store.prefs.lang.extra();
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
        let (link, copied, fade) = (link.clone(), copied.clone(), fade.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, fade) = (copied.clone(), fade.clone());
            crate::loader::copy(&link, move |ok| {
                copied.set(Some(ok));
                let hide = copied.clone();
                *fade.borrow_mut() = Some(Timeout::new(CONFIRMATION_MS, move || hide.set(None)));
            });
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
            let until = match store.moment() {
                tcp_model::view::Moment::Start => None,
                tcp_model::view::Moment::At(t) => Some(t),
            };
            let captured = until.map_or_else(Vec::new, |t| pcap::at_client(&store.lesson.run, t));
            let bytes = pcap::write(&captured);
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
    // A capture has no link (its bytes stay here) and is its own pcap.
    let captured = store.lesson.capture.is_some();
    html! {
        <section class="tcpw-share" ref={root}>
            <div class="tcpw-row">
                if captured {
                    <span class="tcpw-hint">{ store.prefs.lang.texts().capture.share_off }</span>
                } else {
                    <button type="button" class="tcpw-btn" data-share="toggle" aria-expanded={open.to_string()} onclick={toggle}>
                        { extra.share }
                    </button>
                }
                <span class="tcpw-export-label">{ extra.exports }{ ":" }</span>
                if !captured {
                    <button type="button" class="tcpw-btn" data-export="pcap" onclick={pcap}>{ extra.download_pcap }</button>
                }
                <button type="button" class="tcpw-btn" data-export="svg" onclick={svg}>{ extra.download_svg }</button>
            </div>
            if *open && !captured {
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
