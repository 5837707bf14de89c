//! What the ladder writes beside a segment besides its label: its place in
//! the handshake or the close as the seeds count them (握手②, close ③), and,
//! for a retransmission, which segment it repeats and why (↻ #0 · RTO 2 s).
//! Computed once per run and language, not once per instant.

use tcp_model::Simulation;
use yew::AttrValue;

use crate::text::Lang;

/// What the ladder writes beside each segment of a run besides its label:
/// its place in the handshake or the close, and why it was sent again.
/// Computed once per run (indexed by segment id), not once per instant.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    pub badge: Option<AttrValue>,
    pub tag: Option<AttrValue>,
}

/// The marks of every segment of `run`.
pub fn marks(run: &Simulation, lang: Lang) -> Vec<Marks> {
    run.segments()
        .iter()
        .map(|s| Marks {
            badge: badge(run, s, lang).map(AttrValue::from),
            tag: resend_tag(run, s, lang).map(AttrValue::from),
        })
        .collect()
}

/// Which step of the handshake (①②③) or of the close (①–④) a segment is,
/// as the story tells it (the same beats the analogies use).
fn badge(run: &Simulation, s: &tcp_model::SegmentRecord, lang: Lang) -> Option<String> {
    use crate::narration::Beat;
    let sent = run
        .events_at(s.sent_at)
        .iter()
        .find(|e| matches!(e.kind, tcp_model::EventKind::SegmentSent { segment, .. } if segment == s.id))?;
    let (template, n) = match crate::narration::beat_for(run, sent)? {
        Beat::Syn => (lang.texts().ui.badge_open, "①"),
        Beat::SynAck => (lang.texts().ui.badge_open, "②"),
        Beat::HandshakeAck => (lang.texts().ui.badge_open, "③"),
        Beat::Fin => (lang.texts().ui.badge_close, "①"),
        Beat::FinAck => (lang.texts().ui.badge_close, "②"),
        Beat::SecondFin => (lang.texts().ui.badge_close, "③"),
        Beat::LastAck => (lang.texts().ui.badge_close, "④"),
        _ => return None,
    };
    Some(crate::text::fill(template, &[("n", n)]))
}

/// "↻ #0 · RTO 2 s": which segment a retransmission repeats and what made
/// its sender send it again, as the model reports it (the expired RTO is the
/// one of the retransmission timer that fired as it left).
fn resend_tag(run: &Simulation, s: &tcp_model::SegmentRecord, lang: Lang) -> Option<String> {
    use tcp_model::event::{EventKind, TimerKind};
    let (cause, orig) = (s.resend?, s.retransmission_of?);
    let ui = &lang.texts().ui;
    let orig = orig.0.to_string();
    Some(match cause {
        tcp_model::Resend::Timeout => {
            let rto = run.events_at(s.sent_at).iter().find_map(|e| match e.kind {
                EventKind::TimerFired {
                    timer: TimerKind::Retransmission,
                    rto: Some(rto),
                    ..
                } if e.side == s.from.side() => Some(rto.0),
                _ => None,
            })?;
            let rto = if rto % 1_000 == 0 {
                format!("{} s", rto / 1_000)
            } else {
                format!("{rto} ms")
            };
            crate::text::fill(ui.rtx_timeout, &[("orig", &orig), ("rto", &rto)])
        }
        tcp_model::Resend::FastRetransmit => crate::text::fill(ui.rtx_fast, &[("orig", &orig)]),
        // Not a resend: the path's second delivery of one packet.
        tcp_model::Resend::Duplicated | tcp_model::Resend::DuplicatedSynAck => {
            crate::text::fill(ui.rtx_copy, &[("orig", &orig)])
        }
        _ => crate::text::fill(ui.rtx_other, &[("orig", &orig)]),
    })
}
