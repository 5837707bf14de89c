//! The stable names the model gives its purposes and ignore reasons: the same
//! as in the JSON trace, and the lists of them complete (the widget keys its
//! texts by these names and checks every name has a text).

use tcp_model::event::IgnoreReason;
use tcp_model::Purpose;

/// Position of each purpose in `Purpose::ALL`; an exhaustive match, so a new
/// variant does not compile until it is placed.
fn purpose_index(p: Purpose) -> usize {
    match p {
        Purpose::Syn => 0,
        Purpose::SynAck => 1,
        Purpose::HandshakeAck => 2,
        Purpose::Data => 3,
        Purpose::AckData => 4,
        Purpose::AckFin => 5,
        Purpose::Fin => 6,
        Purpose::DuplicateAck => 7,
        Purpose::ChallengeAck => 8,
        Purpose::TimeWaitAck => 9,
        Purpose::WindowUpdate => 10,
        Purpose::RstNoConnection => 11,
        Purpose::RstBadAck => 12,
        Purpose::RstAbort => 13,
        Purpose::RstDataLost => 14,
        Purpose::Injected => 15,
    }
}

#[test]
fn every_purpose_is_listed_once_and_named_as_in_the_trace() {
    let order: Vec<usize> = Purpose::ALL.iter().map(|p| purpose_index(*p)).collect();
    assert_eq!(order, (0..Purpose::ALL.len()).collect::<Vec<_>>());
    for p in Purpose::ALL {
        assert_eq!(serde_json::to_value(p).unwrap(), p.name(), "{p:?}");
    }
}

/// One of each reason; an exhaustive match, so a new variant does not
/// compile until it is added here (and to `IgnoreReason::NAMES`).
fn one_of_each() -> Vec<IgnoreReason> {
    let all = vec![
        IgnoreReason::RstInListen,
        IgnoreReason::NotSynInListen,
        IgnoreReason::NoSynOrRstInSynSent,
        IgnoreReason::RstWithoutAcceptableAck,
        IgnoreReason::UnacceptableAck,
        IgnoreReason::OutsideWindow,
        IgnoreReason::DuplicateSyn,
        IgnoreReason::RstOutsideWindow,
        IgnoreReason::RstNotExact,
        IgnoreReason::SynOnSynchronized,
        IgnoreReason::NoAck,
        IgnoreReason::DataAfterFin,
        IgnoreReason::ListenQueueFull { backlog: 4 },
        IgnoreReason::NoConnection,
        IgnoreReason::NoHost,
    ];
    for r in &all {
        match r {
            IgnoreReason::RstInListen
            | IgnoreReason::NotSynInListen
            | IgnoreReason::NoSynOrRstInSynSent
            | IgnoreReason::RstWithoutAcceptableAck
            | IgnoreReason::UnacceptableAck
            | IgnoreReason::OutsideWindow
            | IgnoreReason::DuplicateSyn
            | IgnoreReason::RstOutsideWindow
            | IgnoreReason::RstNotExact
            | IgnoreReason::SynOnSynchronized
            | IgnoreReason::NoAck
            | IgnoreReason::DataAfterFin
            | IgnoreReason::ListenQueueFull { .. }
            | IgnoreReason::NoConnection
            | IgnoreReason::NoHost => {}
        }
    }
    all
}

#[test]
fn every_ignore_reason_is_listed_once_and_named_as_in_the_trace() {
    let reasons = one_of_each();
    let names: Vec<&str> = reasons.iter().map(|r| r.name()).collect();
    assert_eq!(names, IgnoreReason::NAMES);
    for r in reasons {
        assert_eq!(serde_json::to_value(r).unwrap()["reason"], r.name(), "{r:?}");
    }
}
