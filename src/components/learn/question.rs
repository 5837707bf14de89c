//! One question and its feedback: "what is the next segment?" answered with
//! a few taps (sender and flag toggles, number fields with "+1" and "same
//! as" shortcuts), "which state?" and "what does this call return?" with a
//! button per answer. The model checks the answer (`store::learn`); the
//! feedback shows, field by field, what was right, what was wrong and the
//! rule behind the truth, then the narration's own reason.

use tcp_model::event::{Conn, EventKind};
use tcp_model::learn::quiz::{self, Ask, Fields, SegmentGuess};
use tcp_model::view::Moment;
use tcp_model::{Flags, Side, Simulation, State};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::narration::learn::{
    call_line, outcome_name, outcome_text, segment_lines, state_line, word, FieldLine,
};
use crate::narration::{said_about, side_name};
use crate::store::learn::{call_choices, Question, Reply};
use crate::store::settled::{use_settled_store, Settled};
use crate::store::{Action, Guess, LearnAction, Store};
use crate::text::fill;

/// The question in words.
pub fn prompt(store: &Store, q: &Question) -> String {
    let lang = store.prefs.lang;
    let side = |s: Side| side_name(lang, s);
    match q.ask {
        Ask::NextSegment { from: None, .. } => word(lang, "quiz.next").to_string(),
        Ask::NextSegment { from: Some(s), .. } => fill(word(lang, "quiz.next-side"), &[("side", side(s))]),
        Ask::State { side: s } => {
            let time = q.at.time().0.to_string();
            fill(word(lang, "quiz.state"), &[("side", side(s)), ("time", &time)])
        }
        Ask::CallReturn { side: s } => {
            // The call is named (not its outcome): the one the side is in, or makes next.
            // recv() to the end is plain recv() here: its label "recv() → EOF" would tell.
            let call = match quiz::call_return(&store.lesson.run, s, q.at).map(|a| a.call) {
                Some(tcp_model::Call::RecvEof) => "recv()".to_string(),
                other => other.map_or(String::new(), |c| c.signature()),
            };
            fill(word(lang, "quiz.call"), &[("side", side(s)), ("call", &call)])
        }
    }
}

/// Sends the learner's answer.
fn answer(store: &Settled) -> Callback<Guess> {
    let dispatch = store.dispatcher();
    Callback::from(move |g: Guess| dispatch.dispatch(Action::Learn(LearnAction::Answer(g))))
}

/// The event whose sentence explains a reply: the segment's sending, the
/// side's last change of state by then, the call's return.
fn reason_event(run: &Simulation, q: &Question, reply: &Reply) -> Option<usize> {
    match (reply, q.ask) {
        (Reply::Segment(f), _) => run
            .events()
            .iter()
            .position(|e| matches!(e.kind, EventKind::SegmentSent { segment, .. } if segment == f.segment)),
        (Reply::State(_), Ask::State { side }) => {
            let by = run.events_until(q.at).len();
            run.events()[..by].iter().rposition(|e| {
                e.side == Some(side) && matches!(e.kind, EventKind::StateChanged { conn: Conn::Main, .. })
            })
        }
        (Reply::Call(a, _), _) => Some(a.event),
        _ => None,
    }
}

fn field_html(l: &FieldLine) -> Html {
    let mark = match l.verdict {
        quiz::Verdict::Right => "right",
        quiz::Verdict::Wrong => "wrong",
        quiz::Verdict::NotAsked => "told",
    };
    html! {
        <li class={format!("tcpw-fb-{mark}")} data-field={l.field} data-verdict={mark} data-value={l.value.clone()}>
            { l.text.clone() }
            if !l.rule.is_empty() {
                <span class="tcpw-rule">{ l.rule }</span>
            }
        </li>
    }
}

/// The model's verdict, field by field, with the reason.
fn feedback(store: &Store, q: &Question, reply: &Reply) -> Html {
    let lang = store.prefs.lang;
    let run = &store.lesson.run;
    let lines: Vec<FieldLine> = match reply {
        Reply::Segment(f) => segment_lines(lang, f),
        Reply::State(c) => vec![state_line(lang, c)],
        Reply::Call(_, c) => vec![call_line(lang, c)],
        Reply::Nothing => Vec::new(),
    };
    let verdict = match reply {
        Reply::Nothing => word(lang, "quiz.nothing"),
        r if r.right() => word(lang, "quiz.right"),
        _ => word(lang, "quiz.wrong"),
    };
    let why = reason_event(run, q, reply)
        .map(|e| said_about(run, lang, e))
        .filter(|s| !s.is_empty());
    let segment = match reply {
        Reply::Segment(f) => Some(f.segment.0.to_string()),
        _ => None,
    };
    html! {
        <div class="tcpw-feedback" data-right={reply.right().to_string()} data-segment={segment}>
            <p class="tcpw-verdict"><strong>{ verdict }</strong></p>
            <ul class="tcpw-fields">{ for lines.iter().map(field_html) }</ul>
            if let Some(why) = why {
                <p class="tcpw-why"><strong>{ word(lang, "quiz.why") }{ " " }</strong>{ why }</p>
            }
        </div>
    }
}

/// A question card: its prompt (which takes the focus when a question
/// opens: see the panel), then the answer form or the feedback.
pub fn question_card(store: &Settled, q: Question) -> Html {
    let lang = store.prefs.lang;
    let body = match (q.reply, q.ask) {
        (Some(reply), _) => feedback(store, &q, &reply),
        (None, Ask::NextSegment { from, fields }) => html! {
            <SegmentForm key={moment_key(q.at)} {fields} from={from} at={q.at} />
        },
        (None, Ask::State { .. }) => {
            let send = answer(store);
            html! {
                <div class="tcpw-choices" role="group" aria-label={word(lang, "quiz.state-field")}>
                    { for State::ALL.iter().map(|&s| {
                        let send = send.clone();
                        html! { <button type="button" class="tcpw-btn tcpw-choice" data-state={s.name()}
                            onclick={Callback::from(move |_: MouseEvent| send.emit(Guess::State(s)))}>{ s.name() }</button> }
                    }) }
                </div>
            }
        }
        (None, Ask::CallReturn { side }) => {
            let send = answer(store);
            let call = quiz::call_return(&store.lesson.run, side, q.at).map(|a| a.call);
            html! {
                <div class="tcpw-choices" role="group" aria-label={word(lang, "quiz.call-field")}>
                    { for call_choices(call).into_iter().map(|o| {
                        let send = send.clone();
                        html! { <button type="button" class="tcpw-btn tcpw-choice" data-outcome={outcome_name(o)}
                            onclick={Callback::from(move |_: MouseEvent| send.emit(Guess::Call(o)))}>{ outcome_text(lang, o) }</button> }
                    }) }
                </div>
            }
        }
    };
    let next = (q.predict && q.reply.is_some()).then(|| {
        let dispatch = store.dispatcher();
        Callback::from(move |e: MouseEvent| {
            dispatch.dispatch(Action::Learn(LearnAction::Continue));
            focus_play(&e);
        })
    });
    html! {
        <div class="tcpw-question" data-ask={ask_name(q.ask)} data-answered={q.reply.is_some().to_string()}>
            <p class="tcpw-prompt" tabindex="-1"><strong>{ prompt(store, &q) }</strong></p>
            { body }
            if let Some(onclick) = next {
                <button type="button" class="tcpw-btn tcpw-continue" {onclick}>{ word(lang, "quiz.continue") }</button>
            }
        </div>
    }
}

/// A form's identity: a new question's moment gives a fresh form (Debug
/// formatting would cost the WebAssembly kilobytes).
fn moment_key(at: Moment) -> String {
    match at {
        Moment::Start => "start".into(),
        Moment::At(t) => t.0.to_string(),
    }
}

/// The kind of question, for styles and tests.
fn ask_name(ask: Ask) -> &'static str {
    match ask {
        Ask::NextSegment { .. } => "segment",
        Ask::State { .. } => "state",
        Ask::CallReturn { .. } => "call",
    }
}

/// Gives the focus back to Play once a prediction closes (its button goes away).
fn focus_play(e: &MouseEvent) {
    let play = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".tcpw").ok().flatten())
        .and_then(|w| w.query_selector(".tcpw-play").ok().flatten())
        .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(play) = play {
        let _ = play.focus();
    }
}

/// The form of a segment prediction.
#[derive(Properties, PartialEq)]
struct FormProps {
    fields: Fields,
    from: Option<Side>,
    at: Moment,
}

/// What the learner has entered so far.
#[derive(Clone, Default, PartialEq)]
struct Draft {
    from: Option<Side>,
    flags: u8,
    numbers: [String; 3],
    incomplete: bool,
}

/// The numbers already on screen a learner may start from: each side's
/// last segment by now (its seq, and its ack if it carries one).
fn references(run: &Simulation, at: Moment) -> Vec<(Side, &'static str, u32)> {
    let mut out = Vec::new();
    for side in Side::BOTH {
        let last = run
            .segments()
            .iter()
            .rfind(|s| s.from.side() == Some(side) && at != Moment::Start && s.sent_at <= at.time());
        if let Some(s) = last {
            out.push((side, "seq", s.header.seq.0));
            if s.header.flags.ack() {
                out.push((side, "ack", s.header.ack.0));
            }
        }
    }
    out
}

const FLAG_BUTTONS: [Flags; 5] = [Flags::SYN, Flags::ACK, Flags::FIN, Flags::RST, Flags::PSH];
const NUMBERS: [(&str, Fields); 3] = [("seq", Fields::SEQ), ("ack", Fields::ACK), ("len", Fields::LEN)];

#[component]
fn SegmentForm(props: &FormProps) -> Html {
    let store = use_settled_store();
    let lang = store.prefs.lang;
    let draft = use_state(Draft::default);
    let fields = props.fields;
    let refs = references(&store.lesson.run, props.at);
    let ack_on = !fields.has(Fields::FLAGS) || draft.flags & Flags::ACK.bits() != 0;
    let update = |f: Box<dyn Fn(&mut Draft)>| {
        let draft = draft.clone();
        move || {
            let mut d = (*draft).clone();
            f(&mut d);
            draft.set(d);
        }
    };
    let sender = fields.has(Fields::FROM).then(|| {
        html! {
            <div class="tcpw-row" role="group" aria-label={word(lang, "quiz.sender")}>
                <span class="tcpw-qlabel" aria-hidden="true">{ word(lang, "quiz.sender") }</span>
                { for Side::BOTH.into_iter().map(|side| {
                    let set = update(Box::new(move |d: &mut Draft| d.from = Some(side)));
                    html! { <button type="button" class="tcpw-btn tcpw-toggle" data-side={side.name()}
                        aria-pressed={(draft.from == Some(side)).to_string()}
                        onclick={Callback::from(move |_: MouseEvent| set())}>{ side_name(lang, side) }</button> }
                }) }
            </div>
        }
    });
    let flags = fields.has(Fields::FLAGS).then(|| {
        html! {
            <div class="tcpw-row" role="group" aria-label={word(lang, "quiz.flags")}>
                <span class="tcpw-qlabel" aria-hidden="true">{ word(lang, "quiz.flags") }</span>
                { for FLAG_BUTTONS.into_iter().map(|f| {
                    let flip = update(Box::new(move |d: &mut Draft| d.flags ^= f.bits()));
                    html! { <button type="button" class="tcpw-btn tcpw-toggle" data-flag={f.to_string()}
                        aria-pressed={(draft.flags & f.bits() != 0).to_string()}
                        onclick={Callback::from(move |_: MouseEvent| flip())}>{ f.to_string() }</button> }
                }) }
            </div>
        }
    });
    let number = |i: usize, name: &'static str| {
        let disabled = name == "ack" && !ack_on;
        let label = word(lang, &format!("quiz.{name}"));
        let oninput = {
            let set = draft.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(input) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                {
                    let mut d = (*set).clone();
                    d.numbers[i] = input.value();
                    set.set(d);
                }
            })
        };
        let plus = update(Box::new(move |d: &mut Draft| {
            if let Ok(n) = d.numbers[i].trim().parse::<u32>() {
                d.numbers[i] = n.wrapping_add(1).to_string();
            }
        }));
        let same_as = {
            let set = draft.clone();
            Callback::from(move |e: Event| {
                if let Some(select) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                {
                    if !select.value().is_empty() {
                        let mut d = (*set).clone();
                        d.numbers[i] = select.value();
                        set.set(d);
                        select.set_value("");
                    }
                }
            })
        };
        html! {
            <div class="tcpw-row tcpw-number" data-number={name}>
                <label>
                    <span class="tcpw-qlabel">{ label }</span>
                    <input type="number" min="0" max="4294967295" inputmode="numeric" {disabled}
                        value={draft.numbers[i].clone()} {oninput} />
                </label>
                <button type="button" class="tcpw-btn tcpw-small" {disabled}
                    aria-label={fill(word(lang, "quiz.plus-one"), &[("field", label)])}
                    onclick={Callback::from(move |_: MouseEvent| plus())}>{ "+1" }</button>
                if !refs.is_empty() {
                    <select aria-label={format!("{label}: {}", word(lang, "quiz.same-as"))} onchange={same_as} {disabled}>
                        <option value="" selected=true>{ word(lang, "quiz.same-as") }</option>
                        { for refs.iter().map(|(side, field, n)| html! {
                            <option value={n.to_string()}>{ fill(word(lang, "quiz.ref"),
                                &[("side", side_name(lang, *side)), ("field", field), ("value", &n.to_string())]) }</option>
                        }) }
                    </select>
                }
            </div>
        }
    };
    let onsubmit = {
        let (draft, send) = (draft.clone(), answer(&store));
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = &*draft;
            let num = |i: usize| d.numbers[i].trim().parse::<u32>().ok();
            let guess = SegmentGuess {
                from: d.from,
                flags: Some(Flags::from_bits(d.flags)),
                seq: num(0),
                ack: num(1).filter(|_| ack_on),
                len: num(2),
            };
            // Every asked field must have a value (ack only while ACK is on).
            let missing = (fields.has(Fields::FROM) && guess.from.is_none())
                || NUMBERS
                    .iter()
                    .enumerate()
                    .any(|(i, (name, f))| fields.has(*f) && num(i).is_none() && (*name != "ack" || ack_on));
            if missing {
                let mut next = d.clone();
                next.incomplete = true;
                draft.set(next);
            } else {
                send.emit(Guess::Segment(guess));
            }
        })
    };
    html! {
        <form class="tcpw-qform" {onsubmit}>
            { sender }
            { flags }
            { for NUMBERS.iter().enumerate().filter(|(_, (_, f))| fields.has(*f)).map(|(i, (name, _))| number(i, name)) }
            <div class="tcpw-row">
                <button type="submit" class="tcpw-btn tcpw-check">{ word(lang, "quiz.check") }</button>
                if draft.incomplete {
                    <span class="tcpw-hint" role="status">{ word(lang, "quiz.fill") }</span>
                }
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_the_last_numbers_each_side_sent() {
        let lesson = crate::store::Lesson::builtin("handshake-and-close");
        assert!(references(&lesson.run, Moment::Start).is_empty());
        let refs = references(&lesson.run, Moment::At(tcp_model::Time(150)));
        assert_eq!(
            refs,
            vec![
                (Side::Client, "seq", 1000),
                (Side::Server, "seq", 8000),
                (Side::Server, "ack", 1001)
            ]
        );
    }
}
