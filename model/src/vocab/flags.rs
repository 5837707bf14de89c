//! The TCP control bits, with the spelling learners see in Wireshark: bit
//! order FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, joined by commas
//! ("SYN,ACK", "SYN,ECE,CWR"). The model's rules use the first five; a
//! capture's segments keep all eight, so what is drawn is what was sent.

use core::fmt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A set of TCP control bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flags(u8);

impl Flags {
    /// No control bits set.
    pub const NONE: Flags = Flags(0);
    /// FIN: the sender has no more data to send; occupies one sequence number (RFC 9293 3.1).
    pub const FIN: Flags = Flags(0x01);
    /// SYN: synchronize sequence numbers; occupies one sequence number (RFC 9293 3.1).
    pub const SYN: Flags = Flags(0x02);
    /// RST: reset the connection (RFC 9293 3.5.2).
    pub const RST: Flags = Flags(0x04);
    /// PSH: push the data to the receiving application without waiting (RFC 9293 3.9.1.2).
    pub const PSH: Flags = Flags(0x08);
    /// ACK: the acknowledgment number field is significant (RFC 9293 3.1).
    pub const ACK: Flags = Flags(0x10);

    /// SYN and ACK: the second segment of the three-way handshake (RFC 9293 3.5).
    pub const SYN_ACK: Flags = Flags(0x12);
    /// FIN and ACK: a FIN on a synchronized connection, where every segment carries ACK.
    pub const FIN_ACK: Flags = Flags(0x11);
    /// RST and ACK: a reset that acknowledges the segment it answers (RFC 9293 3.10.7.1).
    pub const RST_ACK: Flags = Flags(0x14);
    /// PSH and ACK: a data segment the sender asks to be delivered at once.
    pub const PSH_ACK: Flags = Flags(0x18);
    /// URG: the urgent pointer is significant (RFC 9293 3.1; not modelled).
    pub const URG: Flags = Flags(0x20);
    /// ECE, ECN-Echo (RFC 3168 6.1): on a SYN with CWR, a request for ECN;
    /// on a SYN,ACK without CWR, consent; later, "a packet reached me marked
    /// Congestion Experienced". Only captures carry it.
    pub const ECE: Flags = Flags(0x40);
    /// CWR, Congestion Window Reduced (RFC 3168 6.1): the sender has slowed
    /// down after an ECE. Only captures carry it.
    pub const CWR: Flags = Flags(0x80);

    /// The bits the model's rules use: the scenario language names only these.
    const CONTROL: usize = 5;
    const NAMES: [(Flags, &'static str); 8] = [
        (Flags::FIN, "FIN"),
        (Flags::SYN, "SYN"),
        (Flags::RST, "RST"),
        (Flags::PSH, "PSH"),
        (Flags::ACK, "ACK"),
        (Flags::URG, "URG"),
        (Flags::ECE, "ECE"),
        (Flags::CWR, "CWR"),
    ];

    /// A TCP header's flags byte as captured, all eight bits kept.
    pub const fn from_bits(byte: u8) -> Flags {
        Flags(byte)
    }

    /// Only the five bits the model's rules act on (FIN, SYN, RST, PSH,
    /// ACK): a captured bare ACK with ECE is still a bare ACK.
    pub const fn control(self) -> Flags {
        Flags(self.0 & 0x1f)
    }

    /// The bits as they sit in the TCP header's flags byte (FIN = 0x01 … ACK = 0x10).
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Whether every bit of `other` is set in `self`.
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The bits set in either `self` or `other` (the same as `|`).
    pub const fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }

    /// Whether SYN is set.
    pub const fn syn(self) -> bool {
        self.contains(Flags::SYN)
    }
    /// Whether FIN is set.
    pub const fn fin(self) -> bool {
        self.contains(Flags::FIN)
    }
    /// Whether RST is set.
    pub const fn rst(self) -> bool {
        self.contains(Flags::RST)
    }
    /// Whether ACK is set.
    pub const fn ack(self) -> bool {
        self.contains(Flags::ACK)
    }
    /// Whether ECE is set.
    pub const fn ece(self) -> bool {
        self.contains(Flags::ECE)
    }
    /// Whether CWR is set.
    pub const fn cwr(self) -> bool {
        self.contains(Flags::CWR)
    }

    /// Parses "SYN,ACK" (any order, any case, spaces allowed; "+" or "," between):
    /// the five bits a scenario may name.
    pub fn parse(text: &str) -> Result<Flags, String> {
        Flags::parse_among(text, &Flags::NAMES[..Flags::CONTROL])
    }

    fn parse_among(text: &str, names: &[(Flags, &'static str)]) -> Result<Flags, String> {
        let mut flags = Flags::NONE;
        for part in text.split([',', '+', '|']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let Some((bit, _)) = names.iter().find(|(_, n)| n.eq_ignore_ascii_case(part)) else {
                return Err(format!(
                    "unknown TCP flag \"{part}\" (expected SYN, ACK, FIN, RST or PSH)"
                ));
            };
            flags = flags.union(*bit);
        }
        if flags == Flags::NONE {
            return Err(format!("no TCP flags in \"{text}\""));
        }
        Ok(flags)
    }
}

impl core::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        self.union(rhs)
    }
}

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (bit, name) in Flags::NAMES {
            if self.contains(bit) {
                if !first {
                    f.write_str(",")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        if first {
            f.write_str("none")?;
        }
        Ok(())
    }
}

impl Serialize for Flags {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Flags {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Flags, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        // A captured segment's header may carry URG, ECE or CWR.
        Flags::parse_among(&text, &Flags::NAMES).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_follows_wireshark_bit_order() {
        assert_eq!(Flags::SYN_ACK.to_string(), "SYN,ACK");
        assert_eq!(Flags::FIN_ACK.to_string(), "FIN,ACK");
        assert_eq!((Flags::FIN | Flags::PSH | Flags::ACK).to_string(), "FIN,PSH,ACK");
        assert_eq!(Flags::RST.to_string(), "RST");
        assert_eq!(Flags::from_bits(0xc2).to_string(), "SYN,ECE,CWR");
        assert_eq!(Flags::from_bits(0x52).to_string(), "SYN,ACK,ECE");
    }

    #[test]
    fn captured_bits_survive_and_control_keeps_the_models_five() {
        let ece_ack = Flags::from_bits(0x50);
        assert_eq!(ece_ack.bits(), 0x50);
        assert!(ece_ack.ece() && ece_ack.ack() && !ece_ack.cwr());
        assert_eq!(ece_ack.control(), Flags::ACK);
        let json = serde_json::to_string(&Flags::from_bits(0xc2)).unwrap();
        assert_eq!(serde_json::from_str::<Flags>(&json).unwrap().bits(), 0xc2);
        // A scenario names only the bits the model acts on.
        assert!(Flags::parse("SYN,ECE").unwrap_err().contains("ECE"));
    }

    #[test]
    fn parse_accepts_any_order_and_case() {
        assert_eq!(Flags::parse("ack, syn"), Ok(Flags::SYN_ACK));
        assert_eq!(Flags::parse("FIN+ACK"), Ok(Flags::FIN_ACK));
        assert!(Flags::parse("SYN,URGENT").unwrap_err().contains("URGENT"));
        assert!(Flags::parse(" , ").is_err());
    }
}
