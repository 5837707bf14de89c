//! What a learner can do to a run: drop a segment in flight, or make a socket
//! call (free mode), at a moment of virtual time. Recorded with the run, so a
//! share link replays them.

use serde::{Deserialize, Deserializer, Serialize};

use crate::{Call, SegmentId, Side};

/// A learner's action at a moment of virtual time. In JSON:
/// `{"at_ms": 340, "do": "drop", "segment": 0}` or
/// `{"at_ms": 500, "do": "call", "side": "client", "call": "connect"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LearnerAction {
    /// When the learner acted, in ms since the start.
    pub at_ms: u64,
    /// What the learner did.
    #[serde(flatten)]
    pub action: Action,
}

/// What a learner did: the two things the widget lets one do during a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "do")]
pub enum Action {
    /// Drop the in-flight segment with this id.
    Drop {
        /// The segment to lose (one on the wire at that moment).
        segment: SegmentId,
    },
    /// Issue a socket call (free mode).
    Call {
        /// The host whose application makes the call.
        side: Side,
        /// The call.
        call: Call,
    },
}

/// The JSON of a learner action, every field named, nothing else allowed
/// (serde cannot combine `flatten` with `deny_unknown_fields`, so the shape
/// is checked here instead).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    at_ms: u64,
    #[serde(rename = "do")]
    what: String,
    segment: Option<SegmentId>,
    side: Option<Side>,
    call: Option<Call>,
}

impl<'de> Deserialize<'de> for LearnerAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LearnerAction, D::Error> {
        use serde::de::Error;
        let w = Written::deserialize(d)?;
        let action = match (w.what.as_str(), w.segment, w.side, w.call) {
            ("drop", Some(segment), None, None) => Action::Drop { segment },
            ("call", None, Some(side), Some(call)) => Action::Call { side, call },
            ("drop", ..) => return Err(D::Error::custom("a drop takes exactly \"segment\"")),
            ("call", ..) => return Err(D::Error::custom("a call takes exactly \"side\" and \"call\"")),
            (other, ..) => {
                return Err(D::Error::custom(format!(
                    "unknown action \"{}\" (drop or call)",
                    other.chars().take(40).collect::<String>()
                )))
            }
        };
        Ok(LearnerAction {
            at_ms: w.at_ms,
            action,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_written_as_json_read_back() {
        let actions = [
            LearnerAction {
                at_ms: 340,
                action: Action::Drop {
                    segment: SegmentId(3),
                },
            },
            LearnerAction {
                at_ms: 500,
                action: Action::Call {
                    side: Side::Client,
                    call: Call::Send(20),
                },
            },
        ];
        let json = serde_json::to_string(&actions).unwrap();
        let back: Vec<LearnerAction> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, actions);
        for bad in [
            r#"[{"at_ms":1,"do":"drop","segment":0,"colour":"red"}]"#,
            r#"[{"at_ms":1,"do":"drop"}]"#,
            r#"[{"at_ms":1,"do":"fly","segment":0}]"#,
            r#"[{"at_ms":1,"do":"call","side":"client"}]"#,
        ] {
            assert!(serde_json::from_str::<Vec<LearnerAction>>(bad).is_err(), "{bad}");
        }
    }
}
