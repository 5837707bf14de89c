#!/usr/bin/env python3
"""Writes generated scenarios for run_scenario.py, to compare the model's
Linux profile with the kernel over more than the hand-written fixtures.

    python3 tools/kernel/random_scenarios.py FIRST_SEED LAST_SEED OUT_DIR [--timestamps] [--wide] [--bulk] [--slow] [--reorder] [--ecn] [--nosack] [--nowscale] [--mss] [--nodsack] [--norack] [--cookies]

Each seed gives one well-formed conversation: a few writes of 1 to 3,000
bytes in either direction (each read in full by the peer, so no program
blocks until the run's cap), one of seven ways to close, up to two drops and
a one-way delay of 50 or 100 ms. Timestamps are off unless asked for, since
the model sends no options after the SYNs (LINUX-FACTS.md (l)). `--wide`
adds four more ways to close (both at once, the server's half-close, data
after the peer's FIN, both abort) and drops of FINs with data, of resets
and of a third copy; without it a seed gives the scenario it always gave.
`--bulk` makes writes of 10,000 to 60,000 bytes (windows full of segments,
SACK and fast recovery after a loss) and drops data segments up to the
twelfth; the seed's other choices stay as they were. `--slow` (with
`--bulk`) gives each side a small receive buffer (SO_RCVBUF 2,048 to 8,192
bytes) and reads every write in two to five parts with pauses between them,
so windows close and open: zero windows, persist probes and window updates,
some of them dropped. `--reorder` adds one or two rules that hold a segment
back (3 to 150 ms, so later ones overtake it) or deliver it twice (the copy
1 to 120 ms later), as a path that reorders or duplicates packets does.
`--ecn` turns ECN on at both ends (net.ipv4.tcp_ecn=1: the SYN asks with
ECE and CWR, a resent SYN no longer does); `--nosack` turns SACK off
(net.ipv4.tcp_sack=0: no SACK blocks, no D-SACK, no tail loss probes), so
the observer must read losses without them. `--nowscale` turns window
scaling off (net.ipv4.tcp_window_scaling=0: no wscale option, windows of
at most 65,535 bytes as sent); `--mss` gives the client an MSS of 536 to
1,300 bytes. `--nodsack` keeps SACK but turns D-SACK off
(net.ipv4.tcp_dsack=0: a receiver no longer reports a duplicate it got, so
a resend of data that arrived looks like any other); `--norack` turns off
RACK and tail loss probes (net.ipv4.tcp_recovery=0 and tcp_early_retrans=0:
losses found by three duplicate ACKs or by the timeout alone); `--cookies`
makes the server answer every SYN with a SYN cookie (net.ipv4.tcp_syncookies=2:
no request kept, options the cookie cannot carry left out of the SYN,ACK).
None of these changes the seed's other choices.
Then:

    for f in OUT_DIR/*.json; do python3 tools/kernel/run_scenario.py "$f" > FX/$(basename "$f"); done
    KERNEL_FIXTURES=FX cargo test -p tcp-model --test kernel_fixtures
"""
import json
import os
import random
import sys

SIZES = [1, 20, 100, 1000, 1500, 3000]


BULK_SIZES = [10000, 20000, 30000, 60000]


def slow_read(r, n):
    """Calls that read `n` bytes in two to five parts, pausing between them."""
    parts = r.choice([2, 3, 5])
    calls = []
    for i in range(parts):
        size = n // parts if i < parts - 1 else n - (n // parts) * (parts - 1)
        calls.append("sleep %d" % r.choice([100, 300, 700, 1500]))
        calls.append("recv %d" % size)
    return calls


def conversation(r, client, server, bulk=False, slow=None):
    for _ in range(r.randint(0, 3)):
        n = r.choice(SIZES)
        if bulk:
            n = r.choice(BULK_SIZES)
        if r.random() < 0.3:
            (client if r.random() < 0.5 else server).append("sleep %d" % r.choice([50, 150, 300, 700, 1200]))
        sender, reader = (client, server) if r.random() < 0.6 else (server, client)
        sender.append("send %d" % n)
        reader += slow_read(slow, n) if slow else ["recv %d" % n]


ENDINGS = ["client_first", "client_first_delayed", "server_first", "half_close",
           "abort_client", "abort_server", "unread_close"]
WIDE_ENDINGS = ["both_close", "server_half_close", "data_after_fin", "both_abort"]


def ending(r, client, server, wide):
    pattern = r.choice(ENDINGS + (WIDE_ENDINGS if wide else []))
    if pattern in WIDE_ENDINGS:
        return wide_ending(r, pattern, client, server)
    if pattern == "client_first":
        client += ["close"]
        server += ["recv eof", "close"]
    elif pattern == "client_first_delayed":
        client += ["close"]
        server += ["recv eof", "sleep %d" % r.choice([100, 400, 1500]), "close"]
    elif pattern == "server_first":
        server += ["close"]
        pause = r.choice([0, 200, 900])
        client += ["recv eof"] + (["sleep %d" % pause] if pause else []) + ["close"]
    elif pattern == "half_close":
        client += ["shutdown", "recv eof", "close"]
        server += ["recv eof", "send %d" % r.choice(SIZES), "close"]
    elif pattern == "abort_client":
        client += ["sleep %d" % r.choice([100, 500]), "abort"]
        server += ["recv eof", "close"]
    elif pattern == "abort_server":
        server += ["sleep %d" % r.choice([100, 500]), "abort"]
        client += ["recv eof", "close"]
    else:  # the server closes with the client's last bytes unread
        client += ["send %d" % r.choice(SIZES), "sleep 300", "recv eof", "close"]
        server += ["sleep 100", "close"]


def wide_ending(r, pattern, client, server):
    if pattern == "both_close":  # the FINs may cross: CLOSING on both sides
        client += ["close"]
        pause = r.choice([0, 30, 80])
        server += (["sleep %d" % pause] if pause else []) + ["close"]
    elif pattern == "server_half_close":
        server += ["shutdown", "recv eof", "close"]
        client += ["recv eof", "send %d" % r.choice(SIZES), "close"]
    elif pattern == "data_after_fin":  # the server has closed when the data comes
        server += ["close"]
        client += ["recv eof", "send %d" % r.choice(SIZES), "sleep 200", "close"]
    else:  # both_abort
        client += ["sleep %d" % r.choice([100, 300]), "abort"]
        server += ["sleep %d" % r.choice([100, 300]), "abort"]


def drops(r, wide, bulk=False):
    out = []
    kinds = ["ACK", "PSH,ACK", "FIN,ACK"] + (["FIN,PSH,ACK", "RST,ACK", "RST"] if wide else [])
    for _ in range(r.choice([0, 1, 1, 2])):
        side = r.choice(["client", "server"])
        first = "SYN" if side == "client" else "SYN,ACK"
        drop = {"from": side, "flags": r.choice([first] + kinds), "nth": r.choice([1, 1, 2, 3] if wide else [1, 1, 2])}
        if bulk and drop["flags"] == "ACK":
            drop["nth"] = r.randint(2, 12)
        if drop not in out:
            out.append(drop)
    return out


def reorders(r, bulk):
    """Rules that hold a segment back or duplicate it (relay.py)."""
    out = []
    for _ in range(r.choice([1, 1, 2])):
        side = r.choice(["client", "server"])
        first = "SYN" if side == "client" else "SYN,ACK"
        flags = r.choice([first, "ACK", "ACK", "PSH,ACK", "PSH,ACK", "FIN,ACK", "FIN,PSH,ACK"])
        nth = r.randint(2, 12) if bulk and flags == "ACK" else r.choice([1, 1, 2, 3])
        rule = {"from": side, "flags": flags, "nth": nth}
        if r.random() < 0.6:
            rule["hold_ms"] = r.choice([3, 10, 30, 80, 150])
        else:
            rule["dup_ms"] = r.choice([1, 5, 20, 120])
        if not any(o["from"] == side and o["flags"] == flags and o["nth"] == nth for o in out):
            out.append(rule)
    return out


def ecn_rules(rules):
    """Rules match a segment's exact flags: with ECN the first SYN carries
    ECE and CWR and its resends none (tcp_ecn_clear_syn), and the SYN,ACK
    answering that first SYN carries ECE; so each rule keeps the copy it meant."""
    first_syn_kept = not any(r["flags"] == "SYN" and r["nth"] == 1 for r in rules)
    for r in rules:
        if r["flags"] == "SYN":
            if r["nth"] == 1:
                r["flags"] = "SYN,ECE,CWR"
            else:
                r["nth"] -= 1
        elif r["flags"] == "SYN,ACK" and first_syn_kept:
            r["flags"] = "SYN,ACK,ECE"


def scenario(seed, timestamps, wide, bulk=False, slow=False, reorder=False, ecn=False, nosack=False,
             nowscale=False, mss=False, nodsack=False, norack=False, cookies=False):
    r = random.Random(seed)
    client, server = ["connect"], ["listen", "accept"]
    # A second generator for the slow readers' choices, so a seed without
    # --slow gives the scenario it always gave.
    reads = random.Random(seed * 7919 + 1) if slow else None
    if slow:
        client.insert(0, "rcvbuf %d" % reads.choice([2048, 4096, 8192]))
        server.insert(0, "rcvbuf %d" % reads.choice([2048, 4096, 8192]))
    conversation(r, client, server, bulk, reads)
    ending(r, client, server, wide)
    out = {"client": {"isn": 1000, "mss": 1460, "program": client},
           "server": {"isn": 8000, "mss": r.choice([1024, 1460]), "program": server},
           "delay_ms": r.choice([50, 100]), "drops": drops(r, wide, bulk)}
    if reorder:
        # Its own generator, so the seed's other choices stay as they were;
        # a rule for a segment the seed drops would never match, so none.
        mine = [x for x in reorders(random.Random(seed * 104729 + 3), bulk)
                if not any(d["from"] == x["from"] and d["flags"] == x["flags"] and d["nth"] == x["nth"]
                           for d in out["drops"])]
        out["drops"] += mine
    sysctl = {}
    if not timestamps:
        sysctl["net.ipv4.tcp_timestamps"] = "0"
    if ecn:
        sysctl["net.ipv4.tcp_ecn"] = "1"
        ecn_rules(out["drops"])
    if nosack:
        sysctl["net.ipv4.tcp_sack"] = "0"
    if nowscale:
        sysctl["net.ipv4.tcp_window_scaling"] = "0"
    if nodsack:
        sysctl["net.ipv4.tcp_dsack"] = "0"
    if norack:
        sysctl["net.ipv4.tcp_recovery"] = "0"
        sysctl["net.ipv4.tcp_early_retrans"] = "0"
    if cookies:
        sysctl["net.ipv4.tcp_syncookies"] = "2"
    if mss:
        # Its own generator again: the client's TCP_MAXSEG, so the two sides
        # announce different MSS values and segments of odd sizes cross.
        out["client"]["mss"] = random.Random(seed * 15485863 + 7).choice([536, 700, 1000, 1300])
    if sysctl:
        out["sysctl"] = sysctl
    return out


FLAGS = ("--timestamps", "--wide", "--bulk", "--slow", "--reorder", "--ecn", "--nosack", "--nowscale", "--mss",
         "--nodsack", "--norack", "--cookies")


def main():
    args = [a for a in sys.argv[1:] if a not in FLAGS]
    if len(args) != 3:
        sys.exit(__doc__)
    first, last, out_dir = int(args[0]), int(args[1]), args[2]
    os.makedirs(out_dir, exist_ok=True)
    for seed in range(first, last + 1):
        with open(os.path.join(out_dir, "g%04d.json" % seed), "w") as f:
            json.dump(scenario(seed, "--timestamps" in sys.argv, "--wide" in sys.argv, "--bulk" in sys.argv,
                               "--slow" in sys.argv, "--reorder" in sys.argv, "--ecn" in sys.argv,
                               "--nosack" in sys.argv, "--nowscale" in sys.argv, "--mss" in sys.argv,
                               "--nodsack" in sys.argv, "--norack" in sys.argv, "--cookies" in sys.argv), f)
            f.write("\n")


if __name__ == "__main__":
    main()
