//! The narration panel: what happened, told technically (with the run's own
//! numbers) or through an analogy, in step with the timeline. The sentences
//! of the latest instant are shown large; earlier ones scroll above them,
//! newest at the bottom. The latest sentences are mirrored into a polite
//! live region for screen readers.

use tcp_model::Side;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::kept::{Blocks, BLOCK};
use crate::narration::keys::{analogy_breaks, analogy_name, mode_name};
use crate::narration::{narrate_all, said_until, Analogy, Mode, Said};
use crate::store::settled::use_settled_store;
use crate::store::{Action, Shared};
use crate::text::{fill, Lang};
use crate::units::ms_text;

fn side_class(side: Option<Side>) -> &'static str {
    match side {
        Some(Side::Client) => "tcpw-said tcpw-said-client",
        Some(Side::Server) => "tcpw-said tcpw-said-server",
        None => "tcpw-said tcpw-said-wire",
    }
}

/// One thing said: its time, its headline, and its details on demand.
/// The details open under a plain button (a disclosure), not a `<details>`:
/// while playing, every instant creates its lines anew, and a `<details>`
/// brings its own hidden tree and marker; without them a new instant's
/// frame is lighter (the p95 frame about 1 ms shorter at 4× CPU). Which
/// lines are open is kept in the store, so a line stays open when it moves
/// from "now" to the log.
fn said_html(lang: Lang, said: &Said, open: bool, link: &Link) -> Html {
    let ui = &lang.texts().ui;
    let time = fill(ui.at_time, &[("time", &ms_text(said.at.0, link.run.time_unit()))]);
    // A line about a segment lights up its arrow, and is lit by it.
    let segment = link.run.events().get(said.event).and_then(|e| e.segment());
    let lit = segment.is_some() && segment == link.hovered;
    let point = |to: Option<tcp_model::SegmentId>| {
        let dispatch = link.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Hover(to)))
    };
    let class = if lit {
        format!("{} tcpw-lit", side_class(said.side))
    } else {
        side_class(said.side).to_string()
    };
    // Details exist once the deferred texts are here; before, the button
    // asks for them (technical voice only: an analogy has none).
    let has_more = !said.details.is_empty() || link.more_coming;
    let event = said.event;
    // Keyed by event: Yew matches unkeyed children from the end, so a line
    // added at the bottom of the log rewrote the text of every line above
    // it, on every new instant while playing.
    html! {
        <li key={said.event} {class} data-at={said.at.0.to_string()} data-segment={segment.map(|s| s.0.to_string())}
            onmouseenter={segment.map(|s| point(Some(s)))} onmouseleave={segment.map(|_| point(None))}>
            <span class="tcpw-said-time">{ time }</span>
            <span class="tcpw-said-text">{ said.text.clone() }</span>
            if has_more {
                <div class="tcpw-said-more">
                    <button type="button" class="tcpw-said-toggle" aria-expanded={open.to_string()}
                        onclick={link.toggle.reform(move |_: MouseEvent| event)}>{ ui.details }</button>
                    if open && said.details.is_empty() {
                        <p aria-busy="true">{ "…" }</p>
                    } else if open {
                        { for said.details.lines().map(|l| html! { <p>{ l.to_string() }</p> }) }
                    }
                </div>
            }
        </li>
    }
}

/// What a block of the log's lines looks like: the narration they come
/// from, which of its lines, which are open, which is lit, and whether the
/// details are still to come.
#[derive(PartialEq)]
struct LogBlock {
    all: Shared<Vec<Said>>,
    first: usize,
    len: usize,
    open: Vec<usize>,
    lit: Vec<usize>,
    more_coming: bool,
}

/// What a narration line needs to point at its arrow.
struct Link {
    run: crate::store::Shared<tcp_model::Simulation>,
    hovered: Option<tcp_model::SegmentId>,
    dispatch: yew::UseReducerDispatcher<crate::store::Store>,
    /// The deferred texts (the details) are not here yet.
    more_coming: bool,
    /// Opens or closes the details of the line about this event.
    toggle: Callback<usize>,
}

/// The narration of the current run up to now.
#[component]
pub fn Narration() -> Html {
    let store = use_settled_store();
    let prefs = store.prefs;
    let (lang, mode, analogy) = (prefs.lang, prefs.mode, prefs.analogy);
    let ui = &lang.texts().ui;
    // The whole run is narrated once per run, language and view; the moment only cuts it.
    let all = use_memo(
        (
            store.lesson.run.clone(),
            lang,
            mode,
            analogy,
            store.texts_ready,
            store.more_ready,
        ),
        |(run, lang, mode, analogy, _, _)| narrate_all(run, *lang, *mode, *analogy),
    );
    let said = &all[..said_until(&all, &store.lesson.run, store.moment())];
    // The latest instant's sentences are "now"; everything before is the log.
    let now_from = said.last().map_or(0, |last| {
        said.iter().rposition(|s| s.at != last.at).map_or(0, |i| i + 1)
    });
    let (log, now) = said.split_at(now_from);
    // Details come with the deferred texts: the first "more" asks for them.
    let more_coming = mode == Mode::Technical && !crate::text::has_more(lang);
    let open_now = &store.details_open;
    let toggle = {
        let dispatch = store.dispatcher();
        Callback::from(move |event: usize| {
            if more_coming {
                dispatch.dispatch(Action::WantMore);
            }
            dispatch.dispatch(Action::ToggleDetails(event));
        })
    };

    let link = Link {
        run: store.lesson.run.clone(),
        hovered: store.playhead.hovered,
        dispatch: store.dispatcher(),
        more_coming,
        toggle,
    };

    // Keep the log scrolled to its newest line. At the next animation
    // frame, not now: the page has just changed, and reading its height now
    // would make the browser lay it out at once, a second time this frame
    // (the costliest thing an event did while playing); by the next frame
    // the layout is done and reading it is free.
    let log_ref = use_node_ref();
    {
        let log_ref = log_ref.clone();
        use_effect_with((log.len(), lang, mode, analogy), move |_| {
            let scroll = wasm_bindgen::closure::Closure::once_into_js(move || {
                if let Some(el) = log_ref.cast::<web_sys::Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
            if let Some(w) = web_sys::window() {
                let _ = w.request_animation_frame(scroll.unchecked_ref());
            }
        });
    }

    let set_mode = |m: Mode| {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetMode(m)))
    };
    let on_analogy = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let Some(analogy) = value.as_deref().and_then(Analogy::from_name) {
                dispatch.dispatch(Action::SetAnalogy(analogy));
            }
        })
    };
    let mode_button = |m: Mode| {
        html! {
            <button type="button" class="tcpw-btn tcpw-seg-btn" data-set-mode={m.name()}
                aria-pressed={(mode == m).to_string()} onclick={set_mode(m)}>
                { mode_name(ui, m) }
            </button>
        }
    };
    // The log in blocks, each drawn again only when one of its lines
    // changes how it looks (a new narration, details opened, a line lit,
    // the deferred texts arriving): the earlier lines are not rebuilt at
    // every instant.
    let blocks = use_mut_ref(Blocks::<LogBlock>::default);
    let lit = |s: &Said| {
        let segment = link.run.events().get(s.event).and_then(|e| e.segment());
        segment.is_some() && segment == link.hovered
    };
    let log_html = blocks.borrow_mut().draw(
        log,
        |b, lines| LogBlock {
            all: Shared(all.clone()),
            first: b * BLOCK,
            len: lines.len(),
            open: lines
                .iter()
                .filter(|s| open_now.contains(&s.event))
                .map(|s| s.event)
                .collect(),
            lit: lines.iter().filter(|s| lit(s)).map(|s| s.event).collect(),
            more_coming,
        },
        |lines| {
            lines
                .iter()
                .map(|s| said_html(lang, s, open_now.contains(&s.event), &link))
                .collect()
        },
    );
    // A screen reader hears only the newest line (while playing, several
    // instants pass per second: more would be a flood).
    let live_text = now.last().map_or("", |s| s.text.as_str());

    html! {
        <section class="tcpw-narration" aria-label={ui.narration} data-mode={mode.name()} data-analogy={analogy.name()}>
            <div class="tcpw-narr-head">
                <h2 class="tcpw-narr-title">{ ui.narration }</h2>
                <div class="tcpw-narr-tools">
                    <div class="tcpw-segmented" role="group" aria-label={ui.explain_as}>
                        { mode_button(Mode::Technical) }
                        { mode_button(Mode::Analogy) }
                    </div>
                    if mode == Mode::Analogy {
                        <label class="tcpw-theme">
                            <span class="tcpw-sr-only">{ ui.theme }</span>
                            <select onchange={on_analogy} aria-label={ui.theme}>
                                { for Analogy::ALL.iter().map(|&a| html! {
                                    <option value={a.name()} selected={a == analogy}>{ analogy_name(ui, a) }</option>
                                }) }
                            </select>
                        </label>
                    }
                </div>
            </div>
            <div class="tcpw-narr-body">
                <ol class="tcpw-narr-log" ref={log_ref} aria-label={ui.narration_log} tabindex="0">
                    { log_html }
                </ol>
                <div class="tcpw-narr-now">
                    if now.is_empty() {
                        <p class="tcpw-hint tcpw-narr-empty">{ ui.narration_empty }</p>
                    } else {
                        <ol class="tcpw-narr-current">{ for now.iter().map(|s| said_html(lang, s, open_now.contains(&s.event), &link)) }</ol>
                    }
                </div>
            </div>
            <div class="tcpw-sr-only tcpw-live" aria-live="polite" aria-atomic="true">{ live_text }</div>
            if mode == Mode::Analogy {
                <details class="tcpw-breaks" open=true>
                    <summary>{ ui.analogy_breaks }</summary>
                    <p>{ analogy_breaks(lang, analogy) }</p>
                </details>
            }
        </section>
    }
}
