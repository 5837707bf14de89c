//! Who is where: the addresses of the story's two hosts, and the addresses
//! the scenario's injected strays claim to come from.

use crate::scenario::{Injection, StraySource};
use crate::tcb::Outgoing;
use crate::{Addr, Header, Origin, Purpose, Seq, Side};

/// The client's address: a host on a private network, an ephemeral port.
pub const CLIENT_ADDR: Addr = Addr::new([10, 0, 0, 1], 49152);
/// The server's address. Port 5000 has no Wireshark dissector that would try
/// to parse the lesson's placeholder payload (port 80 would be read as HTTP).
pub const SERVER_ADDR: Addr = Addr::new([10, 0, 0, 2], 5000);

/// The address of a host of the story.
pub const fn addr_of(side: Side) -> Addr {
    match side {
        Side::Client => CLIENT_ADDR,
        Side::Server => SERVER_ADDR,
    }
}

/// The `n`th injected copy of the scenario (counting every line), and who it claims to come from.
pub(super) fn stray(inj: &Injection, n: u32) -> (Origin, Outgoing) {
    let (origin, src) = match inj.from {
        StraySource::Client => (Origin::Stray, CLIENT_ADDR),
        StraySource::Server => (Origin::Stray, SERVER_ADDR),
        // 198.51.100.0/24 is TEST-NET-2 (RFC 5737): addresses nobody owns.
        StraySource::Spoofed => (
            Origin::Spoofed,
            Addr::new([198, 51, 100, (1 + n % 250) as u8], 1024 + (n % 9_000) as u16 * 7),
        ),
    };
    let header = Header {
        src,
        dst: addr_of(inj.to),
        seq: Seq(inj.seq),
        ack: if inj.flags.ack() { Seq(inj.ack) } else { Seq(0) },
        flags: inj.flags,
        window: 65_535,
        mss: inj.flags.syn().then_some(1460),
        len: inj.len,
    };
    let out = Outgoing {
        header,
        purpose: Purpose::Injected,
        resend: None,
        piggybacked_ack: false,
    };
    (origin, out)
}
