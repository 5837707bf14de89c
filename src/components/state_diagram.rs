//! A small RFC 9293 state diagram (after the RFC's Figure 5) with both
//! endpoints' current states highlighted and each one's last transition drawn.

use tcp_model::event::{Conn, EventKind};
use tcp_model::view::Moment;
use tcp_model::{Side, Simulation, State};
use yew::prelude::*;

use crate::narration::side_name;
use crate::store::settled::use_settled_store;
use crate::svg::{live_group, Markup};

/// Where a connection ends: RFC 9293's Figure 5 draws CLOSED twice, at the
/// top (before a connection) and at the bottom (after one).
const CLOSED_END: (f64, f64) = (300.0, 376.0);

/// Box centres, in a 360 × 400 drawing (the top CLOSED for `Closed`).
fn position(state: State) -> (f64, f64) {
    match state {
        State::Closed => (180.0, 24.0),
        State::Listen => (270.0, 84.0),
        State::SynReceived => (80.0, 144.0),
        State::SynSent => (280.0, 144.0),
        State::Established => (180.0, 204.0),
        State::FinWait1 => (70.0, 264.0),
        State::CloseWait => (290.0, 264.0),
        State::FinWait2 => (70.0, 324.0),
        State::Closing => (180.0, 294.0),
        State::LastAck => (290.0, 324.0),
        State::TimeWait => (160.0, 376.0),
    }
}

/// The box an edge touches: transitions from a synchronized state end in the
/// bottom CLOSED.
fn endpoint(from: State, to: State) -> ((f64, f64), (f64, f64)) {
    let b = if to == State::Closed && from.is_synchronized() {
        CLOSED_END
    } else {
        position(to)
    };
    (position(from), b)
}

/// The figure's edges come from the model (`State::FIGURE_5`); a reset,
/// abort or timeout that just happened is drawn as an extra, dashed edge.
const EDGES: &[(State, State)] = &State::FIGURE_5;

const BOX_W: f64 = 96.0;
const BOX_H: f64 = 24.0;

/// The point where the line from `a` to `b` leaves `a`'s box.
fn box_edge(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let sx = if dx == 0.0 {
        f64::INFINITY
    } else {
        (BOX_W / 2.0) / dx.abs()
    };
    let sy = if dy == 0.0 {
        f64::INFINITY
    } else {
        (BOX_H / 2.0) / dy.abs()
    };
    let s = sx.min(sy).min(1.0);
    (a.0 + dx * s, a.1 + dy * s)
}

/// The state diagram with both endpoints' states.
#[component]
pub fn StateDiagram() -> Html {
    let store = use_settled_store();
    let lang = store.prefs.lang;
    let ui = &lang.texts().ui;
    // It changes only at instants with events: drawn once per instant.
    let lesson = &store.lesson;
    let step = lesson.steps_by(store.moment());
    let at = lesson.step_moment(step).unwrap_or(store.moment());
    let drawn = use_memo((lesson.run.clone(), step), move |(run, _)| draw(run, at));
    let (client, server) = (drawn.0, drawn.1);
    let label = format!(
        "{}: {} {}, {} {}",
        ui.state_diagram,
        side_name(lang, Side::Client),
        client,
        side_name(lang, Side::Server),
        server
    );
    html! {
        <figure class="tcpw-diagram">
            <svg viewBox="0 0 360 400" role="img" aria-label={label}>
                { live_group("tcpw-diagram-drawing", drawn.2.clone()) }
            </svg>
            <figcaption>
                <span class="tcpw-key tcpw-key-client">{ ui.client }{ ": " }{ client.name() }</span>
                <span class="tcpw-key tcpw-key-server">{ ui.server }{ ": " }{ server.name() }</span>
            </figcaption>
        </figure>
    }
}

/// Both sides' states at `moment`, and the diagram. It is drawn as Yew
/// nodes, so a new instant changes a few classes in place instead of
/// parsing the whole figure again; the edges and the boxes each sit in
/// their own `<g>`, so an extra edge does not move the boxes.
fn draw(run: &Simulation, moment: Moment) -> (State, State, Markup) {
    let current = |side: Side| run.state_at(side, moment);
    let last_transition = |side: Side| {
        run.events_until(moment).iter().rev().find_map(|e| match e.kind {
            EventKind::StateChanged {
                conn: Conn::Main,
                from,
                to,
                ..
            } if e.side == Some(side) => Some((from, to)),
            _ => None,
        })
    };
    let (client, server) = (current(Side::Client), current(Side::Server));
    let (client_last, server_last) = (last_transition(Side::Client), last_transition(Side::Server));

    let extra: Vec<(State, State)> = [client_last, server_last]
        .into_iter()
        .flatten()
        .filter(|t| !EDGES.contains(t))
        .collect();
    let mut svg = Markup::with_capacity(6 * 1024);
    svg.arrowhead("tcpw-sd-head", 7.0, "auto", "");
    svg.el("g").children(|svg| {
        for &(from, to) in EDGES.iter().chain(extra.iter()) {
            let (a, b) = endpoint(from, to);
            let (p, q) = (box_edge(a, b), box_edge(b, a));
            let mut class = String::from("tcpw-edge");
            for (on, name) in [
                (!EDGES.contains(&(from, to)), " tcpw-edge-extra"),
                (client_last == Some((from, to)), " tcpw-last-client"),
                (server_last == Some((from, to)), " tcpw-last-server"),
            ] {
                if on {
                    class.push_str(name);
                }
            }
            svg.el("line")
                .class(&class)
                .num("x1", p.0)
                .num("y1", p.1)
                .num("x2", q.0)
                .num("y2", q.1)
                .attr("marker-end", "url(#tcpw-sd-head)")
                .end();
        }
    });
    // Which CLOSED box a lifeline is in: the bottom one once a connection ended.
    let ended = |last: Option<(State, State)>| last.is_some_and(|(from, _)| from.is_synchronized());
    let boxes =
        State::ALL
            .iter()
            .map(|&s| (s, position(s), false))
            .chain([(State::Closed, CLOSED_END, true)]);
    svg.el("g").children(|svg| {
        for (state, (x, y), is_end) in boxes {
            let here =
                |current: State, last| current == state && (state != State::Closed || ended(last) == is_end);
            let mut class = String::from("tcpw-node");
            if here(client, client_last) {
                class.push_str(" tcpw-at-client");
            }
            if here(server, server_last) {
                class.push_str(" tcpw-at-server");
            }
            let node = svg.el("g").class(&class).attr("data-state", state.name());
            let node = if is_end {
                node.attr("data-end", "true")
            } else {
                node
            };
            node.children(|m| {
                m.el("rect")
                    .num("x", x - BOX_W / 2.0)
                    .num("y", y - BOX_H / 2.0)
                    .num("width", BOX_W)
                    .num("height", BOX_H)
                    .num("rx", 5.0)
                    .end();
                m.text("", (x, y + 4.0), "middle", state.name());
            });
        }
    });
    (client, server, svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_its_own_place() {
        for &a in State::ALL {
            for &b in State::ALL {
                if a != b {
                    let (pa, pb) = (position(a), position(b));
                    let end = CLOSED_END;
                    assert!(
                        (end.0 - pa.0).abs() >= BOX_W || (end.1 - pa.1).abs() >= BOX_H || a == State::Closed
                    );
                    let apart = (pa.0 - pb.0).abs() >= BOX_W || (pa.1 - pb.1).abs() >= BOX_H;
                    assert!(apart, "{a} and {b} overlap");
                }
            }
        }
    }
}
