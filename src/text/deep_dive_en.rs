//! The deep-dive questions, in English: a title and a short answer
//! (paragraphs separated by a blank line), each with a scenario to play.

use crate::narration::keys::DeepDive;

pub fn deep_dive(d: DeepDive) -> (&'static str, &'static str) {
    match d {
        DeepDive::WhyThree => (
            "Why three segments, not two?",
            "Each side picks its own initial sequence number (ISN) and must learn that the other side received it. \
The client's ISN travels in the SYN and is acknowledged by the SYN,ACK. The server's ISN travels in that same SYN,ACK, \
and only the third segment acknowledges it. With two segments, the server would never know that its ISN arrived.\n\n\
The third segment also guards against the past. A SYN from an old connection can linger in the network and turn up late. \
With a two-way handshake the server would open a connection for it straight away. With three, the client sees a SYN,ACK \
that acknowledges a SYN it never sent, answers RST, and the server goes back to LISTEN. RFC 9293 (section 3.5) names this \
as the principal reason.\n\n\
Play the scenario: an old SYN (seq 90) arrives first and is cleared by the client's RST; the real SYN (seq 100) then succeeds. \
“Checking that both sides can send and receive” is a handy memory aid, but it is not the reason, and more segments would not \
make anything more certain.",
        ),
        DeepDive::WhyFour => (
            "Why does closing usually take four segments, and sometimes three?",
            "TCP is full duplex, and each direction is closed on its own. A FIN means “I will send nothing more”; \
the side that sent it can still receive.\n\n\
When the client's FIN arrives, the server's TCP acknowledges it at once. But the server's own FIN only leaves when the server's \
application calls close(), perhaps after sending more data (a half-close: play the scenario). So the ACK and the FIN are usually \
two segments: FIN, ACK, FIN, ACK.\n\n\
If the server's application closes almost immediately, its FIN can carry that ACK: FIN, FIN+ACK, ACK, three segments. RFC 9293 \
asks for a FIN to be acknowledged at once, but Linux delays that ACK briefly (about 40 ms), so three-segment closes are common in \
real captures. Pick “Three-segment close” from the scenarios to see one.",
        ),
        DeepDive::WhyTimeWait => (
            "Why does TIME-WAIT wait 2MSL?",
            "The side that closes first ends in TIME-WAIT, right after sending the very last ACK. If that ACK is lost, \
the peer retransmits its FIN, and someone must still be there to acknowledge it; otherwise the peer would get an RST instead of a \
clean close. Play the scenario: the last ACK is lost, the FIN comes again, and TIME-WAIT answers it and restarts its wait.\n\n\
Waiting also lets old duplicates of this connection die out, so they cannot be mistaken for segments of a new connection between \
the same two ports. MSL, the Maximum Segment Lifetime, is how long a segment may survive in the network; twice that covers a lost \
ACK plus the retransmitted FIN.\n\n\
RFC 9293 takes MSL to be 2 minutes; Linux uses a fixed 60 s TIME-WAIT. This widget uses an MSL of 1 s so you don't have to wait. \
Only the side that closes first waits: the other goes from LAST-ACK straight to CLOSED.",
        ),
        DeepDive::SynFlood => (
            "What does a SYN flood do?",
            "Every SYN that reaches a listening server creates a half-open connection in SYN-RECEIVED: the server \
remembers it, sends a SYN,ACK and waits for the third segment. These half-open connections wait in a queue of limited size.\n\n\
An attacker sends many SYNs with forged source addresses. The SYN,ACKs go to addresses that never answer, so each half-open \
connection stays until the server gives up after several SYN,ACK retransmissions. While the queue is full, new SYNs, real \
clients' included, are dropped, and those clients must wait for their own retries. In the scenario, four spoofed SYNs fill a \
4-place queue and the real client only gets in with its third retry.\n\n\
Defences: with SYN cookies (Linux net.ipv4.tcp_syncookies), a server whose queue is full keeps no state for new SYNs: it encodes \
what it needs in its ISN and rebuilds the connection from the client's ACK. A bigger queue and fewer SYN,ACK retries also help. To spot a flood, count \
half-open connections with `ss -tan state syn-recv` or `netstat -nap | grep SYN_RECV`: lots of them, from random addresses, \
is the sign.",
        ),
        DeepDive::SynFinTakeNumber => (
            "Why do SYN and FIN use up a sequence number?",
            "TCP acknowledges sequence numbers, not segments: an ACK says “I have everything before this number”. \
For the SYN and the FIN to be acknowledged, and retransmitted when they are lost, each needs a number of its own.\n\n\
So the SYN takes one: the client's SYN has seq 1000, the server answers ack 1001, and the first data byte is 1001. If the SYN \
took no number, ack 1000 would mean both “got your SYN” and “got nothing yet”. The FIN likewise: a FIN with seq 1021 is \
acknowledged with ack 1022, which proves that the FIN itself arrived, not just the data before it.\n\n\
A bare ACK takes no number: nobody acknowledges an ACK, so nothing needs to count it.",
        ),
        DeepDive::SeqAndAck => (
            "What do seq and ack mean?",
            "TCP numbers bytes, not packets. Each side starts from its own ISN: the SYN uses that number, and data \
starts at ISN + 1. A segment's seq is the number of its first byte (or of its SYN or FIN).\n\n\
The ack is the number of the next byte the receiver expects: “I have everything before this.” It is cumulative, so one ACK \
covers everything before it.\n\n\
In the classic example the client's ISN is 1000 and the server's 8000. SYN seq=1000, then SYN,ACK seq=8000 ack=1001, then ACK \
ack=8001. The client sends 20 bytes (1001 to 1020), so the server answers ack=1021; the server sends 10 bytes (8001 to 8010), \
and the client answers ack=8011. Real stacks choose ISNs that are hard to guess (RFC 9293 section 3.4.1).",
        ),
    }
}
