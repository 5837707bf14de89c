//! Real tools beside the picture: what `ss -tano` would print on each host
//! at the moment shown, and the run so far as `tcpdump -nn` prints it on
//! one host, each copyable; for a capture, its connection so far as
//! `tcpdump -nn -r` prints the file. Collapsed until asked (the ladder stays
//! first). The lines are the model's (`tcp_model::learn::tools`,
//! `::tcpdump`, `::tcpdump_file`), spelled as the tools spell them; this
//! panel only lays them out, and gives the reader's time zone.

use tcp_model::learn::tcpdump_file::{tcpdump_file, FileView};
use tcp_model::learn::{tcpdump, tools};
use tcp_model::view::Moment;
use tcp_model::{Side, Simulation};
use yew::prelude::*;

use crate::narration::learn::word;
use crate::narration::side_name;
use crate::store::settled::{use_live_store, LiveProps};
use crate::store::Action;
use crate::text::{fill, has_more, Lang};

/// One tool's output: a caption naming the host and the command, a Copy
/// button, and the lines (a focusable block, as it may scroll sideways).
fn block(
    lang: Lang,
    tool: &'static str,
    side: Side,
    lines: &[String],
    copy: &Callback<(String, String)>,
    copied: &Option<(String, bool)>,
) -> Html {
    let caption = fill(
        word(lang, &format!("tools.{tool}")),
        &[("side", side_name(lang, side))],
    );
    output(lang, (tool, side.name()), caption, lines, copy, copied)
}

/// A block of output under its caption, with its Copy button.
fn output(
    lang: Lang,
    (tool, side): (&'static str, &'static str),
    caption: String,
    lines: &[String],
    copy: &Callback<(String, String)>,
    copied: &Option<(String, bool)>,
) -> Html {
    let text = lines.join("\n");
    let id = format!("{tool}-{side}");
    let onclick = {
        let (id, text, copy) = (id.clone(), text.clone(), copy.clone());
        Callback::from(move |_: MouseEvent| copy.emit((id.clone(), text.clone())))
    };
    let state = copied.as_ref().filter(|(c, _)| *c == id).map(|(_, ok)| *ok);
    html! {
        <figure class="tcpw-tool" data-tool={tool} data-side={side}>
            <figcaption class="tcpw-row">
                <span>{ caption.clone() }</span>
                <button type="button" class="tcpw-btn tcpw-small" data-copy={id} {onclick}>{ word(lang, "tools.copy") }</button>
                if let Some(ok) = state {
                    <span class="tcpw-hint" role="status">{ word(lang, if ok { "tools.copied" } else { "tools.copy-failed" }) }</span>
                }
            </figcaption>
            <pre tabindex="0" aria-label={caption}>{ text }</pre>
        </figure>
    }
}

/// What the panel shows: open or not, the capturing host, the last copy.
#[derive(Clone, PartialEq)]
struct View {
    open: bool,
    on: Side,
    copied: Option<(String, bool)>,
}

/// The tool panel.
#[component]
pub fn ToolsPanel(props: &LiveProps) -> Html {
    let store = use_live_store(props.playhead);
    let view = use_state(|| View {
        open: false,
        on: Side::Client,
        copied: None,
    });
    let lang = store.prefs.lang;
    let lesson = &store.lesson;
    let step = lesson.steps_by(store.moment());
    let at = lesson.step_moment(step).unwrap_or(Moment::Start);
    // The hosts as they stand at the last instant and the capture so far,
    // rebuilt once per instant (between instants only timers' time left moves).
    let seen = use_memo(
        (
            lesson.run.clone(),
            at,
            view.on,
            view.open && lesson.capture.is_none(),
        ),
        |(run, at, on, open)| {
            // Not a clone of the run: cloning a simulation costs kilobytes of code.
            let world = match at {
                _ if !*open => None,
                Moment::At(t) => Some(run.rewind(*t)),
                Moment::Start => Simulation::new(&run.recorded_scenario()).ok(),
            };
            world.map(|w| (w, tcpdump::tcpdump_nn(run, *on, *at)))
        },
    );
    // A capture's connection up to the instant shown, as tcpdump prints
    // the file here (its times in this browser's zone at the capture's date).
    let file = {
        let opened = lesson.capture.as_ref().filter(|_| view.open);
        let per_ms = lesson.run.time_unit().per_ms();
        let deps = opened.map(|c| (c.capture.clone(), c.streams.clone(), c.chosen, at));
        use_memo(deps, move |deps| {
            deps.as_ref().and_then(|(capture, streams, chosen, at)| {
                let stream = streams.get(*chosen)?;
                // Everything up to the end of the instant shown, in µs (a
                // capture's run counts in µs already).
                let upto = match at {
                    Moment::At(t) => Some(t.0.saturating_add(1).saturating_mul(1000) / per_ms - 1),
                    Moment::Start => None,
                };
                let date = js_sys::Date::new(&(stream.first_ns as f64 / 1e6).into());
                let east_s = -(date.get_timezone_offset() * 60.0) as i64;
                Some(tcpdump_file(capture, stream, upto, east_s))
            })
        })
    };
    let set = |f: fn(&mut View, Side), side: Side| {
        let (view, dispatch) = (view.clone(), store.dispatcher());
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::WantMore);
            let mut v = (*view).clone();
            f(&mut v, side);
            view.set(v);
        })
    };
    let copy = {
        let view = view.clone();
        Callback::from(move |(id, text): (String, String)| {
            let view = view.clone();
            crate::loader::copy(&text, move |ok| {
                let mut v = (*view).clone();
                v.copied = Some((id, ok));
                view.set(v);
            });
        })
    };
    // A capture is not a run of the model's hosts: its sockets are not
    // simulated, so `ss` would be made up; its packets are printed as
    // tcpdump prints the file.
    let opened = lesson.capture.as_ref().map(|c| c.name.clone());
    let body = match seen.as_ref() {
        _ if !view.open => html! {},
        _ if !has_more(lang) => {
            html! { <p class="tcpw-hint" aria-busy="true">{ word(lang, "learn.loading") }</p> }
        }
        _ if opened.is_some() => {
            let name = opened.as_deref().unwrap_or_default();
            let empty = FileView::default();
            let file = (*file).as_ref().unwrap_or(&empty);
            let caption = fill(word(lang, "tools.tcpdump-file"), &[("name", name)]);
            // What the lines are and leave out, then why ss is not shown:
            // one paragraph (Chinese sentences run on without a space).
            let gap = if lang == Lang::Zh { "" } else { " " };
            let mut notes = word(lang, "tools.for-capture").to_string();
            if let Some(port) = file.decoded_port {
                notes += gap;
                notes += &fill(word(lang, "tools.decoded"), &[("port", &port.to_string())]);
            }
            notes += gap;
            notes += word(lang, "tools.no-ss");
            html! {
                <div class="tcpw-tools-body">
                    { output(lang, ("tcpdump", "file"), caption, &file.lines, &copy, &view.copied) }
                    <p class="tcpw-hint tcpw-tools-capture">{ notes }</p>
                </div>
            }
        }
        Some((world, capture)) => {
            let now = store.now();
            let ss = |side: Side| tools::ss_lines(&tools::sockets(world, side, now));
            let pick = |side: Side| {
                html! { <button type="button" class="tcpw-btn tcpw-small tcpw-toggle" aria-pressed={(view.on == side).to_string()}
                onclick={set(|v, s| v.on = s, side)}>{ side_name(lang, side) }</button> }
            };
            html! {
                <div class="tcpw-tools-body">
                    { block(lang, "ss", Side::Client, &ss(Side::Client), &copy, &view.copied) }
                    { block(lang, "ss", Side::Server, &ss(Side::Server), &copy, &view.copied) }
                    <div class="tcpw-row" role="group" aria-label={word(lang, "tools.capture-on")}>
                        <span class="tcpw-qlabel" aria-hidden="true">{ word(lang, "tools.capture-on") }</span>
                        { pick(Side::Client) }{ pick(Side::Server) }
                    </div>
                    { block(lang, "tcpdump", view.on, capture, &copy, &view.copied) }
                    <p class="tcpw-hint">{ word(lang, "tools.note") }</p>
                </div>
            }
        }
        None => html! {},
    };
    html! {
        <section class="tcpw-tools">
            <button type="button" class="tcpw-btn" data-tools="toggle" aria-expanded={view.open.to_string()}
                onclick={set(|v, _| v.open = !v.open, Side::Client)}>
                { word(lang, "learn.tools") }
            </button>
            { body }
        </section>
    }
}
