//! The technical explanation, in English: one or two sentences per kind of
//! event, with the run's own numbers filled into `{placeholders}` (see
//! `narration::values_for` for what each event provides).

use tcp_model::{Purpose, State};

use crate::narration::keys::{GiveUpKind, Ignore, Line};

pub fn technical(line: Line) -> &'static str {
    match line {
        // Socket calls.
        Line::Listen => "{side} calls listen(): it now waits in LISTEN for SYNs on its port. Nothing is sent yet.",
        Line::AcceptWaits => "{side} calls accept(), which blocks until a connection has completed its handshake.",
        Line::AcceptReturns => {
            "accept() returns on {side}: a connection has completed the three-way handshake and is handed to the application."
        }
        Line::Connect => {
            "{side} calls connect(), an active open: TCP picks an initial sequence number (ISN) and sends a SYN; connect() blocks until the handshake completes."
        }
        Line::ConnectReturns => {
            "connect() returns on {side}: its SYN is acknowledged and it knows the peer's ISN, so it may send data now."
        }
        Line::Send => {
            "{side}'s application hands {bytes} bytes to TCP with send(). The call returns at once; TCP sends the bytes when it may."
        }
        Line::RecvWaits => "{side} calls {call} and blocks: the bytes it wants have not arrived yet.",
        Line::RecvEofWaits => "{side} reads to the end of the stream: recv() blocks until {peer}'s FIN arrives.",
        Line::RecvReturns => "{call} returns {bytes} bytes to {side}'s application.",
        Line::RecvEof => {
            "{side}'s application reaches the end of the stream: {peer} has sent a FIN and will send no more data."
        }
        Line::Sleep => {
            "{side}'s application is busy for {ms} ms. Its TCP keeps working meanwhile: it still acknowledges and retransmits."
        }
        Line::Shutdown => {
            "{side} calls shutdown(SHUT_WR): it will send nothing more, so TCP sends a FIN after any queued data. It can still receive."
        }
        Line::Close => {
            "{side} calls close(): the application is done with the socket, and TCP finishes the connection on its own."
        }
        Line::Abort => {
            "{side} aborts (SO_LINGER set to 0): TCP throws away unsent data and sends RST instead of FIN. No TIME-WAIT follows."
        }
        Line::CallFailed => "{side}'s {call} fails with {errno}.",

        // Segments sent.
        Line::Sent(purpose) => sent(purpose),
        Line::SentSpoofed => {
            "An attacker sends {flags} seq={seq} to {to} with a forged source address: nobody at that address will ever answer."
        }
        Line::SentToNobody => {
            "{side} answers with {label}, to a forged address: its half-open connection waits for an ACK that will never come."
        }
        Line::Retransmission => {
            "It is a retransmission of segment #{orig}: the same sequence numbers again, because no ACK came back in time."
        }
        Line::Piggyback => "It also carries the ACK {side} owed (ack={ack}), so no separate ACK is needed.",

        // The wire.
        Line::DroppedByLearner => {
            "You dropped {label}. Nobody is told: only a timer running out will reveal the loss."
        }
        Line::DroppedByScenario => {
            "The network loses {label}. Nobody is told: only a timer running out will reveal the loss."
        }
        Line::Vanished => "{label} reaches an address where no host answers, and is gone.",
        Line::Delayed => {
            "{label} is held up in the network, {ms} ms longer than usual: segments can arrive late and out of order."
        }

        // Arrivals.
        Line::Entered(state) => entered(state),
        Line::Acknowledged => {
            "{side} reads ack={snd_una} (+{bytes}): {peer} has everything before {snd_una}, so {side} no longer keeps it for retransmission."
        }
        Line::DataReceived => {
            "{side} receives {bytes} bytes in order. The next byte it expects is {rcv_nxt}, and that is the ack it will send."
        }
        Line::OutOfOrder => {
            "{side} receives {bytes} bytes after a gap: it keeps them, but cannot deliver them until the gap is filled, and repeats its ack at once."
        }
        Line::Ignored(reason) => ignored(reason),

        // Timers.
        Line::RtoFired => {
            "{side}'s retransmission timer ({rto} ms) runs out: no ACK came back in time. Unless it has tried too often, it resends the oldest unacknowledged segment and backs the timer off (usually doubling it, RFC 6298)."
        }
        Line::TimeWaitStarted => "{side} (re)starts its TIME-WAIT timer: {ms} ms, until t = {deadline} ms.",
        Line::TimeWaitExpired => {
            "TIME-WAIT ends on {side}: no FIN came again, so its last ACK can be taken as delivered, and old segments of this connection have died out."
        }
        Line::DelayedAckFired => {
            "{side}'s delayed-ACK timer runs out: no outgoing data came along to carry the ACK, so it is sent on its own."
        }
        Line::FinWait2Expired => {
            "{side} stops waiting in FIN-WAIT-2 for {peer}'s FIN (Linux's tcp_fin_timeout; RFC 9293 has no such timer)."
        }
        Line::GaveUp(kind) => match kind {
            GiveUpKind::SynRetries => {
                "{side} gives up after {n} SYN retransmissions without an answer: connect() fails with ETIMEDOUT."
            }
            GiveUpKind::SynAckRetries => {
                "{side} gives up on this half-open connection after {n} SYN,ACK retransmissions and frees its place in the listen queue."
            }
            GiveUpKind::DataRetries => {
                "{side} gives up after {n} retransmissions without an ACK: the connection is dropped (ETIMEDOUT)."
            }
            GiveUpKind::FinWait2 => "{side} deletes the connection without ever receiving {peer}'s FIN.",
        },
        Line::ListenQueue => "{side}'s listen queue: {n} of {backlog} places taken by half-open connections.",
    }
}

fn sent(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Syn => {
            "{side} sends SYN seq={seq}: {seq} is its initial sequence number (ISN), and it offers MSS {mss}. The SYN uses up one number, so its first data byte will be {next}."
        }
        Purpose::SynAck => {
            "{side} answers SYN,ACK: ack={ack} acknowledges the received ISN + 1, and seq={seq} is {side}'s own ISN. Its SYN uses one number too, so its data will start at {next}."
        }
        Purpose::HandshakeAck => {
            "{side} sends the third segment, ACK ack={ack}: {peer}'s ISN + 1. Now both ISNs are acknowledged. A bare ACK uses no sequence number, so seq stays {seq}."
        }
        Purpose::Data => {
            "{side} sends {len} bytes starting at seq={seq}. When they arrive, {peer} will acknowledge them with ack={next}."
        }
        Purpose::AckData => {
            "{side} acknowledges with ack={ack}: “I have every byte before {ack}; send {ack} next.” A bare ACK uses no sequence number."
        }
        Purpose::AckFin => {
            "{side} acknowledges the FIN with ack={ack}: the FIN's own number + 1, because a FIN uses one sequence number."
        }
        Purpose::Fin => {
            "{side} sends FIN seq={seq}: it will send no more data (each direction closes on its own). The FIN uses one number, so its ACK will be ack={next}."
        }
        Purpose::DuplicateAck => {
            "{side} sends ack={ack} again: what just arrived was old, a repeat or out of place, so it restates the next number it expects."
        }
        Purpose::ChallengeAck => {
            "{side} answers with a challenge ACK (ack={ack}, RFC 5961) instead of obeying a SYN or RST it cannot trust; a genuine peer will reply with an exact RST."
        }
        Purpose::TimeWaitAck => {
            "{side}, in TIME-WAIT, acknowledges the retransmitted FIN again (ack={ack}) and restarts its wait. This is what TIME-WAIT is for."
        }
        Purpose::WindowUpdate => "{side} sends a window update: it can take {window} bytes again.",
        Purpose::RstNoConnection => {
            "{side} answers with a reset, {label}: nothing on this host matches that segment. To a SYN, this means “connection refused”."
        }
        Purpose::RstBadAck => {
            "{side} answers RST seq={seq}: the segment acknowledged a number {side} never sent, so it must belong to an old connection. The RST tells the other side to drop it."
        }
        Purpose::RstAbort => {
            "{side} sends RST seq={seq}: the connection is aborted at once. No FIN, no waiting; data still in flight is lost."
        }
        Purpose::RstDataLost => {
            "{side} sends RST instead of FIN: its application closed and will never read data {peer} sent, so that data is lost and {peer} must be told (RFC 1122)."
        }
        Purpose::Injected => {
            "A stray {flags} seq={seq} from an earlier connection turns up on its way to {to}. Its addresses and ports are right, so {to} cannot tell that it is old."
        }
    }
}

fn entered(state: State) -> &'static str {
    match state {
        State::Closed => "{side}: {from_state} → CLOSED. The connection no longer exists on this side.",
        State::Listen => "{side}: {from_state} → LISTEN. It waits for a SYN.",
        State::SynSent => {
            "{side}: {from_state} → SYN-SENT. It waits for {peer}'s SYN and for the ACK of its own."
        }
        State::SynReceived => {
            "{side}: {from_state} → SYN-RECEIVED. It has recorded the ISN of the SYN that arrived; now its own SYN must be acknowledged."
        }
        State::Established => {
            "{side}: {from_state} → ESTABLISHED. Its SYN is acknowledged and it knows {peer}'s ISN: data can flow both ways."
        }
        State::FinWait1 => {
            "{side}: {from_state} → FIN-WAIT-1. Its FIN goes out after any queued data, and it waits for that FIN to be acknowledged."
        }
        State::FinWait2 => {
            "{side}: {from_state} → FIN-WAIT-2. Its FIN is acknowledged, so its sending direction is closed; it can still receive until {peer}'s FIN."
        }
        State::CloseWait => {
            "{side}: {from_state} → CLOSE-WAIT. {peer} will send nothing more, but {side} still may: its own FIN waits until its application closes."
        }
        State::Closing => {
            "{side}: {from_state} → CLOSING. {peer}'s FIN arrived before the ACK of its own FIN: both sides are closing at once."
        }
        State::LastAck => {
            "{side}: {from_state} → LAST-ACK. Its FIN is on its way (after any queued data); once that FIN is acknowledged it is done, with no TIME-WAIT on this side."
        }
        State::TimeWait => {
            "{side}: {from_state} → TIME-WAIT. Both directions are closed, yet it waits {time_wait_ms} ms (RFC 9293: 2×MSL) in case its last ACK is lost and {peer}'s FIN comes again."
        }
    }
}

fn ignored(reason: Ignore) -> &'static str {
    match reason {
        Ignore::RstInListen => "{side} is in LISTEN and ignores the RST: there is no connection to reset.",
        Ignore::NotSynInListen => "{side} is in LISTEN, where only a SYN can start something: {label} is dropped.",
        Ignore::NoSynOrRstInSynSent => {
            "{side} is in SYN-SENT, waiting for a SYN (or an RST): {label} has neither, so it is dropped."
        }
        Ignore::RstWithoutAcceptableAck => {
            "{side} ignores the RST: in SYN-SENT an RST is believed only if it acknowledges {side}'s SYN."
        }
        Ignore::UnacceptableAck => {
            "ack={ack} acknowledges something {side} never sent, so the segment cannot belong to this connection."
        }
        Ignore::OutsideWindow => {
            "{label} lies outside {side}'s receive window (already received, or too far ahead), so it is discarded."
        }
        Ignore::DuplicateSyn => {
            "{side} already has this SYN: {peer} repeated it because it has not heard {side}'s answer. {side} replies with an ACK (a server in SYN-RECEIVED on Linux resends its SYN,ACK instead)."
        }
        Ignore::RstOutsideWindow => {
            "{side} silently drops the RST: its sequence number is outside the window, so it is probably old or forged (RFC 5961)."
        }
        Ignore::RstNotExact => {
            "The RST's seq={seq} is inside the window but not exactly the next expected number: {side} does not trust it and challenges the sender (RFC 5961)."
        }
        Ignore::SynOnSynchronized => {
            "A SYN arrives on a connection that is already synchronized: {side} does not reset it, but sends a challenge ACK (RFC 5961)."
        }
        Ignore::NoAck => {
            "{label} has no ACK flag; once a connection is synchronized every segment must carry one, so it is dropped."
        }
        Ignore::DataAfterFin => "Data after {peer}'s FIN is impossible (nothing may follow a FIN), so it is ignored.",
        Ignore::ListenQueueFull => {
            "{side}'s listen queue is full ({backlog} half-open connections): the SYN is dropped without an answer. Its sender can only retry after a timeout."
        }
        Ignore::NoConnection => "{side} has no connection for {label}, and nothing listens on that port.",
        Ignore::NoHost => "{label} reaches an address where no host answers.",
    }
}
