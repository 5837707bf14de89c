//! Every built-in scenario, segment by segment and state by state.
//!
//! Each expectation was derived by hand from RFC 9293 (and RFC 6298 for
//! timers) with the scenario's numbers, not copied from the program's output:
//! - one-way delay 100 ms, so a segment sent at t arrives at t + 100; a
//!   dropped one vanishes halfway, at t + 50;
//! - 10 ms between two segments leaving the same host (`gap_ms`);
//! - RTO 1 s before any measurement (RFC 6298 2.1), doubled on each timeout
//!   (5.5); the first RTT sample of 200 ms gives 200 + 4 × 100 = 600 ms,
//!   rounded up to 1 s (2.4), so every RTO in these lessons is 1 s at first;
//! - TIME-WAIT lasts 2 × MSL = 2 s (lessons use MSL = 1 s);
//! - with no ACK delay configured, an ACK owed for data waits only for the
//!   application's answer in the same instant; the ACK of a FIN goes at once
//!   (RFC 9293: "send an acknowledgment for the FIN"), before the
//!   application can close, so a prompt close still makes four segments.
//!
//! Line format (see `common::segment_lines`): sent and arrival time in ms,
//! sender, flags, absolute seq, ack (`-` without the ACK flag), payload
//! length, purpose, then `rtx` for a retransmission and `dropped@ms`. The
//! last two lines are the lifelines: each state with the time it began.

mod common;

use common::{compare, describe_run, normalize, run};
use tcp_model::library::{builtin, BUILTINS};

#[track_caller]
fn check(name: &str, expected: &str) {
    let scenario = builtin(name)
        .unwrap_or_else(|| panic!("no built-in {name}"))
        .scenario();
    let actual = describe_run(&run(&scenario));
    if let Err(diff) = compare(&normalize(expected), &actual) {
        panic!("built-in {name} differs (- expected, + actual):\n{diff}");
    }
}

macro_rules! scenario_tests {
    ($($test:ident: $name:literal => $expected:expr;)*) => {
        $(
            #[test]
            fn $test() {
                check($name, $expected);
            }
        )*
        /// The built-ins the tests above cover.
        const COVERED: &[&str] = &[$($name),*];
    };
}

/// The seed exchange (the blog's numbers: ISN 1000 and 8000, MSS 1024). The
/// client sends 20 bytes, the server answers 10, the client closes 50 ms
/// after reading them, the server closes as soon as it reads EOF.
const HANDSHAKE_AND_CLOSE: &str = "
      0  100 client SYN     1000    -  0 syn
    100  200 server SYN,ACK 8000 1001  0 syn-ack         // ack = ISN 1000 + 1 (the SYN)
    200  300 client ACK     1001 8001  0 handshake-ack
    210  310 client PSH,ACK 1001 8001 20 data            // 10 ms behind the ACK
    310  410 server PSH,ACK 8001 1021 10 data            // the reply carries the ACK of 20 bytes
    410  510 client ACK     1021 8011  0 ack-data        // nothing to ride on: the app sleeps 50 ms
    460  560 client FIN,ACK 1021 8011  0 fin
    560  660 server ACK     8011 1022  0 ack-fin         // at once, before the app closes
    570  670 server FIN,ACK 8011 1022  0 fin
    670  770 client ACK     1022 8012  0 ack-fin
    client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@460 FIN-WAIT-2@660 TIME-WAIT@670 CLOSED@2670
    server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@560 LAST-ACK@560 CLOSED@770
";

scenario_tests! {
    handshake_and_close: "handshake-and-close" => HANDSHAKE_AND_CLOSE;

    // The first SYN is lost: the client resends it when the initial 1 s RTO
    // runs out; everything after is the seed exchange 1 s later.
    lost_syn: "lost-syn" => "
         0  100 client SYN     1000    -  0 syn dropped@50
      1000 1100 client SYN     1000    -  0 syn rtx
      1100 1200 server SYN,ACK 8000 1001  0 syn-ack
      1200 1300 client ACK     1001 8001  0 handshake-ack
      1210 1310 client PSH,ACK 1001 8001 20 data
      1310 1410 server PSH,ACK 8001 1021 10 data
      1410 1510 client ACK     1021 8011  0 ack-data
      1460 1560 client FIN,ACK 1021 8011  0 fin
      1560 1660 server ACK     8011 1022  0 ack-fin
      1570 1670 server FIN,ACK 8011 1022  0 fin
      1670 1770 client ACK     1022 8012  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@1200 FIN-WAIT-1@1460 FIN-WAIT-2@1660 TIME-WAIT@1670 CLOSED@3670
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@1100 ESTABLISHED@1300 CLOSE-WAIT@1560 LAST-ACK@1560 CLOSED@1770";

    // The SYN,ACK is lost. Both RTOs run out at the same moment: the client's
    // SYN (sent at 0) and the server's SYN,ACK (sent at 100) are resent at
    // 1000 and 1100. The repeated SYN reaches SYN-RECEIVED at 1100: its
    // sequence number 1000 lies before RCV.NXT 1001, so the first check
    // answers <SEQ=SND.NXT=8001><ACK=RCV.NXT=1001><CTL=ACK> — just before the
    // SYN,ACK retransmission (10 ms gap). The client in SYN-SENT drops that
    // bare ACK (neither SYN nor RST) and completes on the SYN,ACK.
    lost_syn_ack: "lost-syn-ack" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack dropped@150
      1000 1100 client SYN     1000    -  0 syn rtx
      1100 1200 server ACK     8001 1001  0 duplicate-ack
      1110 1210 server SYN,ACK 8000 1001  0 syn-ack rtx
      1210 1310 client ACK     1001 8001  0 handshake-ack
      1220 1320 client PSH,ACK 1001 8001 20 data
      1320 1420 server PSH,ACK 8001 1021 10 data
      1420 1520 client ACK     1021 8011  0 ack-data
      1470 1570 client FIN,ACK 1021 8011  0 fin
      1570 1670 server ACK     8011 1022  0 ack-fin
      1580 1680 server FIN,ACK 8011 1022  0 fin
      1680 1780 client ACK     1022 8012  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@1210 FIN-WAIT-1@1470 FIN-WAIT-2@1670 TIME-WAIT@1680 CLOSED@3680
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@1310 CLOSE-WAIT@1570 LAST-ACK@1570 CLOSED@1780";

    // The handshake's ACK is lost; the client (ESTABLISHED, sleeping 1.5 s)
    // does not know. The server resends its SYN,ACK at 1100; to the client it
    // is old (seq 8000 < RCV.NXT 8001), so the first check answers with an
    // ACK, which completes the server's handshake at 1300.
    lost_handshake_ack: "lost-handshake-ack" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack dropped@250
      1100 1200 server SYN,ACK 8000 1001  0 syn-ack rtx
      1200 1300 client ACK     1001 8001  0 duplicate-ack
      1700 1800 client PSH,ACK 1001 8001 20 data            // connect returned at 200, sleep 1500
      1800 1900 server PSH,ACK 8001 1021 10 data
      1900 2000 client ACK     1021 8011  0 ack-data
      1950 2050 client FIN,ACK 1021 8011  0 fin
      2050 2150 server ACK     8011 1022  0 ack-fin
      2060 2160 server FIN,ACK 8011 1022  0 fin
      2160 2260 client ACK     1022 8012  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@1950 FIN-WAIT-2@2150 TIME-WAIT@2160 CLOSED@4160
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@1300 CLOSE-WAIT@2050 LAST-ACK@2050 CLOSED@2260";

    // The 20 bytes are lost; RTO (1 s after the 200 ms handshake sample) runs
    // out at 210 + 1000.
    lost_data: "lost-data" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       210  310 client PSH,ACK 1001 8001 20 data dropped@260
      1210 1310 client PSH,ACK 1001 8001 20 data rtx
      1310 1410 server PSH,ACK 8001 1021 10 data
      1410 1510 client ACK     1021 8011  0 ack-data
      1460 1560 client FIN,ACK 1021 8011  0 fin
      1560 1660 server ACK     8011 1022  0 ack-fin
      1570 1670 server FIN,ACK 8011 1022  0 fin
      1670 1770 client ACK     1022 8012  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@1460 FIN-WAIT-2@1660 TIME-WAIT@1670 CLOSED@3670
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@1560 LAST-ACK@1560 CLOSED@1770";

    // The client's FIN is lost and resent at 460 + 1000: the client stays in
    // FIN-WAIT-1 for 1.2 s.
    lost_fin: "lost-fin" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       210  310 client PSH,ACK 1001 8001 20 data
       310  410 server PSH,ACK 8001 1021 10 data
       410  510 client ACK     1021 8011  0 ack-data
       460  560 client FIN,ACK 1021 8011  0 fin dropped@510
      1460 1560 client FIN,ACK 1021 8011  0 fin rtx
      1560 1660 server ACK     8011 1022  0 ack-fin
      1570 1670 server FIN,ACK 8011 1022  0 fin
      1670 1770 client ACK     1022 8012  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@460 FIN-WAIT-2@1660 TIME-WAIT@1670 CLOSED@3670
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@1560 LAST-ACK@1560 CLOSED@1770";

    // The client's last ACK (its third bare ACK) is lost. The server in
    // LAST-ACK resends its FIN at 570 + 1000; the client, in TIME-WAIT, ACKs it
    // again and restarts the 2 MSL wait (RFC 9293 3.10.7.4 eighth): TIME-WAIT
    // ends at 1670 + 2000, not 670 + 2000.
    lost_final_ack: "lost-final-ack" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       210  310 client PSH,ACK 1001 8001 20 data
       310  410 server PSH,ACK 8001 1021 10 data
       410  510 client ACK     1021 8011  0 ack-data
       460  560 client FIN,ACK 1021 8011  0 fin
       560  660 server ACK     8011 1022  0 ack-fin
       570  670 server FIN,ACK 8011 1022  0 fin
       670  770 client ACK     1022 8012  0 ack-fin dropped@720
      1570 1670 server FIN,ACK 8011 1022  0 fin rtx
      1670 1770 client ACK     1022 8012  0 time-wait-ack
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@460 FIN-WAIT-2@660 TIME-WAIT@670 CLOSED@3670
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@560 LAST-ACK@560 CLOSED@1770";

    // shutdown() right after send(): FIN-WAIT-1 at 200 with the FIN queued
    // behind the data. The server ACKs data and FIN separately (each arrives
    // alone), keeps sending 300 ms later from CLOSE-WAIT, then closes; the
    // client in FIN-WAIT-2 still receives and ACKs the 100 bytes.
    half_close: "half-close" => "
         0  100 client SYN     1000    -   0 syn
       100  200 server SYN,ACK 8000 1001   0 syn-ack
       200  300 client ACK     1001 8001   0 handshake-ack
       210  310 client PSH,ACK 1001 8001  20 data
       220  320 client FIN,ACK 1021 8001   0 fin
       310  410 server ACK     8001 1021   0 ack-data
       320  420 server ACK     8001 1022   0 ack-fin
       620  720 server PSH,ACK 8001 1022 100 data
       630  730 server FIN,ACK 8101 1022   0 fin
       720  820 client ACK     1022 8101   0 ack-data
       730  830 client ACK     1022 8102   0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@200 FIN-WAIT-2@420 TIME-WAIT@730 CLOSED@2730
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@320 LAST-ACK@620 CLOSED@830";

    // With a 40 ms FIN-ACK delay the server's close() at 560 sends one
    // FIN,ACK that also acknowledges the client's FIN. It takes the client
    // from FIN-WAIT-1 straight to TIME-WAIT (RFC 9293 figure 5, note 2).
    three_segment_close: "three-segment-close" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       210  310 client PSH,ACK 1001 8001 20 data
       310  410 server PSH,ACK 8001 1021 10 data
       410  510 client ACK     1021 8011  0 ack-data
       460  560 client FIN,ACK 1021 8011  0 fin
       560  660 server FIN,ACK 8011 1022  0 fin
       660  760 client ACK     1022 8012  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@460 TIME-WAIT@660 CLOSED@2660
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@560 LAST-ACK@560 CLOSED@760";

    // The server answers and closes at once (310): its FIN follows its data
    // 10 ms later, so it is the server that waits in TIME-WAIT.
    server_closes_first: "server-closes-first" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       210  310 client PSH,ACK 1001 8001 20 data
       310  410 server PSH,ACK 8001 1021 10 data
       320  420 server FIN,ACK 8011 1021  0 fin
       410  510 client ACK     1021 8011  0 ack-data
       420  520 client ACK     1021 8012  0 ack-fin
       430  530 client FIN,ACK 1021 8012  0 fin
       530  630 server ACK     8012 1022  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 CLOSE-WAIT@420 LAST-ACK@420 CLOSED@630
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 FIN-WAIT-1@310 FIN-WAIT-2@520 TIME-WAIT@530 CLOSED@2530";

    // RFC 9293 figure 7: the SYNs cross; each side answers with SYN,ACK
    // <SEQ=ISS><ACK=RCV.NXT> (repeating its SYN's ISS: "rtx", as Wireshark
    // marks it). Each SYN,ACK then arrives in SYN-RECEIVED with SEG.SEQ = IRS,
    // before RCV.NXT: the first check of 3.10.7.4 finds it unacceptable and
    // answers with an ACK, and that ACK, acceptable, completes the open at
    // 300. Six segments, as a Linux capture shows (kernel m_simultaneous_open).
    simultaneous_open: "simultaneous-open" => "
         0  100 client SYN     1000    -  0 syn
         0  100 server SYN     8000    -  0 syn
       100  200 client SYN,ACK 1000 8001  0 syn-ack rtx
       100  200 server SYN,ACK 8000 1001  0 syn-ack rtx
       200  300 client ACK     1001 8001  0 simultaneous-open-ack
       200  300 server ACK     8001 1001  0 simultaneous-open-ack
       300  400 client PSH,ACK 1001 8001 20 data
       400  500 server FIN,ACK 8001 1021  0 fin             // recv 20, then close at once
       500  600 client ACK     1021 8002  0 ack-fin
       510  610 client FIN,ACK 1021 8002  0 fin
       610  710 server ACK     8002 1022  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@500 LAST-ACK@500 CLOSED@710
      server: CLOSED@0 SYN-SENT@0 SYN-RECEIVED@100 ESTABLISHED@300 FIN-WAIT-1@400 FIN-WAIT-2@600 TIME-WAIT@610 CLOSED@2610";

    // RFC 9293 figure 13: the FINs cross at 600 (client: connect returned at
    // 200, sleep 400; server: accept returned at 300, sleep 300). Each FIN
    // arrives in FIN-WAIT-1 without acknowledging the other's: CLOSING; the
    // ACKs then take both to TIME-WAIT.
    simultaneous_close: "simultaneous-close" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       600  700 client FIN,ACK 1001 8001  0 fin
       600  700 server FIN,ACK 8001 1001  0 fin
       700  800 client ACK     1002 8002  0 ack-fin
       700  800 server ACK     8002 1002  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@600 CLOSING@700 TIME-WAIT@800 CLOSED@2800
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 FIN-WAIT-1@600 CLOSING@700 TIME-WAIT@800 CLOSED@2800";

    // Nothing listens. RFC 9293 3.10.7.1: a segment without ACK is answered
    // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; SYN-SENT believes an RST
    // that acknowledges its SYN: CLOSED, connect() fails (ECONNREFUSED).
    connection_refused: "connection-refused" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server RST,ACK    0 1001  0 rst-no-connection
      client: CLOSED@0 SYN-SENT@0 CLOSED@200
      server: CLOSED@0";

    // The client aborts at 500 (connect at 200, sleep 300): ABORT sends
    // <SEQ=SND.NXT><CTL=RST> (3.10.5); it sits exactly at the server's RCV.NXT
    // (1021), so RFC 5961 believes it and the server closes.
    abort: "abort" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       210  310 client PSH,ACK 1001 8001 20 data
       310  410 server ACK     8001 1021  0 ack-data       // recv eof reads and waits: no reply to ride on
       500  600 client RST     1021    -  0 rst-abort
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 CLOSED@500
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSED@600";

    // Every SYN is lost. With 3 retries: timeouts after 1, 2, 4 and 8 s
    // (RFC 6298 5.5 doubling): resent at 1000, 3000, 7000; gives up at 15000.
    connect_timeout: "connect-timeout" => "
         0  100 client SYN 1000 - 0 syn dropped@50
      1000 1100 client SYN 1000 - 0 syn rtx dropped@1050
      3000 3100 client SYN 1000 - 0 syn rtx dropped@3050
      7000 7100 client SYN 1000 - 0 syn rtx dropped@7050
      client: CLOSED@0 SYN-SENT@0 CLOSED@15000
      server: CLOSED@0 LISTEN@0";

    // Four spoofed SYNs (20 ms apart) fill the 4-slot queue; each half-open
    // connection gets its ISS from the RFC 9293 3.4.1 clock (250 per ms after
    // the first, 8000): 13000, 18000, 23000. Their SYN,ACKs go to nobody and
    // are resent after 1 and 2 s; after the third timeout (4 s more, 2
    // retries allowed) each half-open connection is dropped at 7100-7160.
    // Until then the client's SYN (100) and its retransmissions (1100, 3100)
    // find the queue full and are dropped; the one at 7100 arrives at 7200
    // and gets in, with ISS 8000 + 7100 × 250 = 1783000.
    syn_flood: "syn-flood" => "
         0  100 spoofed SYN        5000       -  0 injected
        20  120 spoofed SYN        5000       -  0 injected
        40  140 spoofed SYN        5000       -  0 injected
        60  160 spoofed SYN        5000       -  0 injected
       100  200 client SYN        1000       -  0 syn
       100  200 server SYN,ACK    8000    5001  0 syn-ack
       120  220 server SYN,ACK   13000    5001  0 syn-ack
       140  240 server SYN,ACK   18000    5001  0 syn-ack
       160  260 server SYN,ACK   23000    5001  0 syn-ack
      1100 1200 client SYN        1000       -  0 syn rtx
      1100 1200 server SYN,ACK    8000    5001  0 syn-ack rtx
      1120 1220 server SYN,ACK   13000    5001  0 syn-ack rtx
      1140 1240 server SYN,ACK   18000    5001  0 syn-ack rtx
      1160 1260 server SYN,ACK   23000    5001  0 syn-ack rtx
      3100 3200 client SYN        1000       -  0 syn rtx
      3100 3200 server SYN,ACK    8000    5001  0 syn-ack rtx
      3120 3220 server SYN,ACK   13000    5001  0 syn-ack rtx
      3140 3240 server SYN,ACK   18000    5001  0 syn-ack rtx
      3160 3260 server SYN,ACK   23000    5001  0 syn-ack rtx
      7100 7200 client SYN        1000       -  0 syn rtx
      7200 7300 server SYN,ACK 1783000    1001  0 syn-ack
      7300 7400 client ACK        1001 1783001  0 handshake-ack
      7310 7410 client PSH,ACK    1001 1783001 20 data
      7410 7510 server PSH,ACK 1783001    1021 10 data
      7510 7610 client ACK        1021 1783011  0 ack-data
      7560 7660 client FIN,ACK    1021 1783011  0 fin
      7660 7760 server ACK     1783011    1022  0 ack-fin
      7670 7770 server FIN,ACK 1783011    1022  0 fin
      7770 7870 client ACK        1022 1783012  0 ack-fin
      client: CLOSED@0 SYN-SENT@100 ESTABLISHED@7300 FIN-WAIT-1@7560 FIN-WAIT-2@7760 TIME-WAIT@7770 CLOSED@9770
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@7200 ESTABLISHED@7400 CLOSE-WAIT@7660 LAST-ACK@7660 CLOSED@7870";

    // The same flood with SYN cookies on (RFC 4987 3.6; Linux's default
    // tcp_syncookies=1 uses them only when the SYN queue is full). The four
    // spoofed SYNs fill the queue as before, so the client's SYN (arriving
    // at 200) is answered with a cookie: ISS from the 3.4.1 clock, 8000 +
    // (200 − 100) × 250 = 33000, and no state kept, so no retransmission
    // timer. The handshake ACK returns 33001 = cookie + 1: the server rebuilds
    // the connection (LISTEN → SYN-RECEIVED → ESTABLISHED in one instant,
    // 400) and the exchange goes on without waiting for the flood to expire.
    syn_flood_cookies: "syn-flood-cookies" => "
         0  100 spoofed SYN        5000     -  0 injected
        20  120 spoofed SYN        5000     -  0 injected
        40  140 spoofed SYN        5000     -  0 injected
        60  160 spoofed SYN        5000     -  0 injected
       100  200 client SYN         1000     -  0 syn
       100  200 server SYN,ACK     8000  5001  0 syn-ack
       120  220 server SYN,ACK    13000  5001  0 syn-ack
       140  240 server SYN,ACK    18000  5001  0 syn-ack
       160  260 server SYN,ACK    23000  5001  0 syn-ack
       200  300 server SYN,ACK    33000  1001  0 syn-cookie      // the cookie is the ISS
       300  400 client ACK         1001 33001  0 handshake-ack   // returns it: cookie + 1
       310  410 client PSH,ACK     1001 33001 20 data
       410  510 server PSH,ACK    33001  1021 10 data
       510  610 client ACK         1021 33011  0 ack-data
       560  660 client FIN,ACK     1021 33011  0 fin
       660  760 server ACK        33011  1022  0 ack-fin
       670  770 server FIN,ACK    33011  1022  0 fin
       770  870 client ACK         1022 33012  0 ack-fin
      1100 1200 server SYN,ACK     8000  5001  0 syn-ack rtx      // the flood's half-open entries still retry
      1120 1220 server SYN,ACK    13000  5001  0 syn-ack rtx
      1140 1240 server SYN,ACK    18000  5001  0 syn-ack rtx
      1160 1260 server SYN,ACK    23000  5001  0 syn-ack rtx
      3100 3200 server SYN,ACK     8000  5001  0 syn-ack rtx
      3120 3220 server SYN,ACK    13000  5001  0 syn-ack rtx
      3140 3240 server SYN,ACK    18000  5001  0 syn-ack rtx
      3160 3260 server SYN,ACK    23000  5001  0 syn-ack rtx
      client: CLOSED@0 SYN-SENT@100 ESTABLISHED@300 FIN-WAIT-1@560 FIN-WAIT-2@760 TIME-WAIT@770 CLOSED@2770
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@400 ESTABLISHED@400 CLOSE-WAIT@660 LAST-ACK@660 CLOSED@870";

    // The server listens and, without ever calling accept(), closes its
    // listening socket at 500. The connection completed its handshake at 300
    // and waits in the accept queue: it is reset, <SEQ=SND.NXT><CTL=RST>
    // (Linux adds ACK), so the client's recv() fails with ECONNRESET instead
    // of blocking for ever.
    listener_closes: "listener-closes" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       500  600 server RST     8001    -  0 rst-listener-closed
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 CLOSED@600
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSED@500";

    // The server's receive buffer holds 2048 bytes and its application
    // sleeps 3500 ms after accept() (300) before reading. Two 1024-byte
    // segments fill it: the second ACK (320) announces window 0. Nothing is
    // in flight, so the client's persist timer starts when that ACK arrives
    // (420) with the RTO, 1 s: the probe at 1420 is an empty segment at
    // SND.UNA − 1 = 3048, answered with the same zero window; the next waits
    // twice as long (3420). At 3800 the application reads 2048 bytes and the
    // window update reopens the window; the rest flows, the FIN with the
    // last 880 bytes. (close() came at 200, right after send(): CLOSE in
    // ESTABLISHED enters FIN-WAIT-1 at once and queues the FIN behind the
    // data, RFC 9293 3.10.4; the FIN waits for the window like the data.)
    zero_window: "zero-window" => "
         0  100 client SYN         1000    -    0 syn
       100  200 server SYN,ACK     8000 1001    0 syn-ack
       200  300 client ACK         1001 8001    0 handshake-ack
       210  310 client ACK         1001 8001 1024 data
       220  320 client ACK         2025 8001 1024 data
       310  410 server ACK         8001 2025    0 ack-data
       320  420 server ACK         8001 3049    0 ack-data          // window 0
      1420 1520 client ACK         3048 8001    0 window-probe      // SND.UNA − 1
      1520 1620 server ACK         8001 3049    0 duplicate-ack     // still 0
      3420 3520 client ACK         3048 8001    0 window-probe      // 2 s later
      3520 3620 server ACK         8001 3049    0 duplicate-ack
      3800 3900 server ACK         8001 3049    0 window-update     // recv() read 2048
      3900 4000 client ACK         3049 8001 1024 data
      3910 4010 client ACK         4073 8001 1024 data
      4000 4100 server ACK         8001 4073    0 ack-data
      4010 4110 server ACK         8001 5097    0 ack-data
      4100 4200 client ACK         5097 8001 1024 data
      4110 4210 client FIN,PSH,ACK 6121 8001  880 data
      4200 4300 server ACK         8001 6121    0 ack-data
      4210 4310 server ACK         8001 7002    0 ack-fin
      4220 4320 server FIN,ACK     8001 7002    0 fin
      4320 4420 client ACK         7002 8002    0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@200 FIN-WAIT-2@4310 TIME-WAIT@4320 CLOSED@6320
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@4210 LAST-ACK@4210 CLOSED@4420";

    // RFC 9293 figure 8. An old SYN (seq 90) from the client's address
    // arrives first; the real SYN (seq 100) is held 300 ms longer. The
    // SYN,ACK for the old one acknowledges 91 ≤ ISS 100: the client in
    // SYN-SENT answers <SEQ=SEG.ACK><CTL=RST>; that RST sits at the server's
    // RCV.NXT (91), and the passive SYN-RECEIVED returns to LISTEN. The real
    // SYN then opens a new connection with ISS 300 + 300 ms × 250 = 75300.
    old_duplicate_syn: "old-duplicate-syn" => "
         0  100 stray  SYN       90     -  0 injected
         0  400 client SYN      100     -  0 syn
       100  200 server SYN,ACK  300    91  0 syn-ack
       200  300 client RST       91     -  0 rst-bad-ack
       400  500 server SYN,ACK 75300  101  0 syn-ack
       500  600 client ACK      101 75301  0 handshake-ack
       510  610 client PSH,ACK  101 75301 20 data
       610  710 server FIN,ACK 75301  121  0 fin          // recv 20, then close
       710  810 client ACK      121 75302  0 ack-fin
       720  820 client FIN,ACK  121 75302  0 fin
       820  920 server ACK     75302  122  0 ack-fin
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@500 CLOSE-WAIT@710 LAST-ACK@710 CLOSED@920
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 LISTEN@300 SYN-RECEIVED@400 ESTABLISHED@600 FIN-WAIT-1@610 FIN-WAIT-2@810 TIME-WAIT@820 CLOSED@2820";

    // The server closes at 800 (accept at 300, sleep 500) without reading the
    // 20 bytes. RFC 1122 4.2.2.13: RST instead of FIN, <SEQ=SND.NXT=8001>,
    // exactly the client's RCV.NXT: the client's recv fails (ECONNRESET).
    unread_data_reset: "unread-data-reset" => "
         0  100 client SYN     1000    -  0 syn
       100  200 server SYN,ACK 8000 1001  0 syn-ack
       200  300 client ACK     1001 8001  0 handshake-ack
       210  310 client PSH,ACK 1001 8001 20 data
       310  410 server ACK     8001 1021  0 ack-data
       800  900 server RST     8001    -  0 rst-data-lost
      client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 CLOSED@900
      server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSED@800";
}

#[test]
fn every_builtin_has_a_scenario_test() {
    let builtins: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
    assert_eq!(builtins, COVERED, "one test per built-in, in library order");
}

#[test]
fn seed_exchange_carries_the_blog_numbers() {
    // The seed-003 blog post: SYN,ACK acks 1001, the handshake ACK acks 8001,
    // the server's reply acks 1021 (20 bytes in), the client's FIN acks 8011
    // (10 bytes back). Read from the run itself.
    let lines = describe_run(&run(&builtin("handshake-and-close").unwrap().scenario()));
    let ack_of = |flags: &str, from: &str, purpose: &str| -> String {
        let line = lines
            .iter()
            .find(|l| {
                let f: Vec<&str> = l.split(' ').collect();
                f.len() > 7 && f[2] == from && f[3] == flags && f[7] == purpose
            })
            .unwrap_or_else(|| panic!("no {from} {flags} {purpose}"));
        line.split(' ').nth(5).unwrap().to_string()
    };
    assert_eq!(ack_of("SYN,ACK", "server", "syn-ack"), "1001");
    assert_eq!(ack_of("ACK", "client", "handshake-ack"), "8001");
    assert_eq!(ack_of("PSH,ACK", "server", "data"), "1021");
    assert_eq!(ack_of("FIN,ACK", "client", "fin"), "8011");
}

#[test]
fn a_wrong_expectation_fails_with_a_diff() {
    // The check has teeth: change any of the blog's four ack numbers by one in
    // the seed expectation, and the comparison with the real run fails,
    // naming the line on both sides.
    let actual = describe_run(&run(&builtin("handshake-and-close").unwrap().scenario()));
    assert_eq!(compare(&normalize(HANDSHAKE_AND_CLOSE), &actual), Ok(()));
    for (line, right, wrong) in [
        ("100 200 server SYN,ACK 8000 1001", "1001", "1000"),
        ("200 300 client ACK 1001 8001", " 8001", " 8000"),
        ("310 410 server PSH,ACK 8001 1021", "1021", "1020"),
        ("460 560 client FIN,ACK 1021 8011", "8011", "8010"),
    ] {
        let mut expected = normalize(HANDSHAKE_AND_CLOSE);
        let i = expected
            .iter()
            .position(|l| l.starts_with(line))
            .unwrap_or_else(|| panic!("no line {line}"));
        let good = expected[i].clone();
        let bad = good.replacen(right, wrong, 1);
        assert_ne!(bad, good);
        expected[i] = bad.clone();
        let diff = compare(&expected, &actual).expect_err("a wrong ack must fail");
        assert!(diff.contains(&format!("- {bad}\n")), "{diff}");
        assert!(diff.contains(&format!("+ {good}\n")), "{diff}");
    }
}
