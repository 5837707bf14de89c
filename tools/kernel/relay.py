#!/usr/bin/env python3
"""User-space L2 relay with a fixed one-way delay and exact-flag-set drops
(or holds and duplicates).

Runs inside the "router" network namespace.  It opens an AF_PACKET socket on
each of the two router interfaces, reads every frame that ARRIVES on one
interface (the client's or the server's veth peer), and re-emits it unchanged
on the other interface `delay_ms` later -- or never, if a drop rule matches.

Why user space: this machine's kernel is built without sch_netem
(CONFIG_NET_SCH_NETEM is not set), so `tc qdisc ... netem delay` is
unavailable.  Doing the drops here too keeps the "nth segment with exactly
this flag set, counting retransmissions" rule exact and visible: every frame
the sender emits is seen, counted and logged before the drop decision.

A rule may instead hold its segment back or duplicate it, as a path that
reorders or duplicates packets does (netem's reorder and duplicate):
    {"from": "client", "flags": "PSH,ACK", "nth": 2, "hold_ms": 30}
forwards that segment 30 ms later than the others (segments sent after it
may overtake it), and
    {"from": "client", "flags": "PSH,ACK", "nth": 2, "dup_ms": 5}
forwards it on time and a second copy 5 ms later, and
    {"from": "client", "flags": "PSH,ACK", "nth": 2, "mark": "ce"}
forwards it on time marked Congestion Experienced (RFC 3168: the IP
header's ECN field set to 11), as a router whose queue fills does, if its
sender sent it ECN-capable (ECT); a Not-ECT packet goes unchanged.

Usage (normally started by run_scenario.py):
    relay.py IFACE_CLIENT IFACE_SERVER DELAY_MS DROPS_JSON LOGFILE

Each frame is logged as one JSON line:
    {"i":N,"in":"client"|"server","ts":<kernel rx time, s>,"hex":...,
     "action":"fwd"|"drop"|"hold"|"dup"|"mark","tcp_flags":"SYN,ACK"|null,"rule":k|null}
and after transmission:
    {"i":N,"sent":<time.time() right after send()>}
(for "dup", the copy's line says {"i":N,"sent":...,"copy":true}).
"""
import heapq
import json
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SO_TIMESTAMPNS = 35  # SO_TIMESTAMPNS_OLD on x86_64; cmsg type == SCM_TIMESTAMPNS

FLAG_NAMES = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"]


def flag_set(bits):
    return ",".join(n for i, n in enumerate(FLAG_NAMES) if bits & (1 << i))


def tcp_flags_of(frame):
    """Return the TCP flag byte of an Ethernet/IPv4/TCP or Ethernet/IPv6/TCP
    frame (no extension headers: the hosts send none), or None."""
    if len(frame) >= 34 and frame[12:14] == b"\x08\x00" and frame[23] == 6:
        off = 14 + (frame[14] & 0x0F) * 4
    elif len(frame) >= 54 and frame[12:14] == b"\x86\xdd" and frame[20] == 6:
        off = 14 + 40
    else:
        return None
    if len(frame) < off + 14:
        return None
    return frame[off + 13]


def mark_ce(frame):
    """The frame with its IP ECN field set to CE when it is ECT(0) or
    ECT(1); IPv4's header checksum is recomputed (TCP's does not cover it)."""
    b = bytearray(frame)
    if len(b) >= 34 and b[12:14] == b"\x08\x00":
        if b[15] & 0x03 == 0:
            return frame
        b[15] |= 0x03
        hl = (b[14] & 0x0F) * 4
        b[24:26] = b"\x00\x00"
        total = sum(struct.unpack("!%dH" % (hl // 2), bytes(b[14:14 + hl])))
        while total >> 16:
            total = (total & 0xFFFF) + (total >> 16)
        b[24:26] = struct.pack("!H", ~total & 0xFFFF)
    elif len(b) >= 54 and b[12:14] == b"\x86\xdd":
        if b[15] & 0x30 == 0:
            return frame
        b[15] |= 0x30
    return bytes(b)


def parse_rule_flags(s):
    names = [x.strip().upper() for x in s.split(",") if x.strip()]
    bits = 0
    for n in names:
        if n not in FLAG_NAMES:
            raise ValueError("unknown TCP flag %r in drop rule" % n)
        bits |= 1 << FLAG_NAMES.index(n)
    return bits


def open_sock(ifname):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((ifname, 0))
    s.setblocking(False)
    return s


def main():
    if_c, if_s, delay_ms, drops_json, logfile = sys.argv[1:6]
    delay = float(delay_ms) / 1000.0
    rules = []
    for r in json.loads(drops_json):
        action = ("hold" if "hold_ms" in r else "dup" if "dup_ms" in r
                  else "mark" if r.get("mark") == "ce" else "drop")
        rules.append({"from": r["from"], "bits": parse_rule_flags(r["flags"]),
                      "nth": int(r["nth"]), "action": action,
                      "extra": float(r.get("hold_ms", r.get("dup_ms", 0))) / 1000.0})
    counters = {}  # (from, bits) -> count of frames seen with exactly that set

    sc, ss = open_sock(if_c), open_sock(if_s)
    side = {sc.fileno(): ("client", sc, ss), ss.fileno(): ("server", ss, sc)}
    log = open(logfile, "w", buffering=1)
    queue = []  # (due, i, out_sock, frame, is_copy)
    n = 0
    running = [True]

    def stop(*_):
        running[0] = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready", flush=True)

    while running[0]:
        now = time.time()
        while queue and queue[0][0] <= now:
            _, i, out, frame, copy = heapq.heappop(queue)
            out.send(frame)
            log.write(json.dumps({"i": i, "sent": time.time()} | ({"copy": True} if copy else {})) + "\n")
            now = time.time()
        timeout = max(0.0, queue[0][0] - now) if queue else 0.2
        try:
            rd, _, _ = select.select([sc, ss], [], [], min(timeout, 0.2))
        except InterruptedError:
            continue
        for fd in rd:
            who, sock, out = side[fd.fileno()]
            while True:
                try:
                    data, anc, _, addr = sock.recvmsg(65536, 256)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue  # our own transmissions on this interface
                ts = time.time()
                for lvl, typ, val in anc:
                    if lvl == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                        sec, nsec = struct.unpack("qq", val[:16])
                        ts = sec + nsec / 1e9
                n += 1
                bits = tcp_flags_of(data)
                action, rule_idx, extra = "fwd", None, 0.0
                if bits is not None:
                    key = (who, bits)
                    counters[key] = counters.get(key, 0) + 1
                    for k, r in enumerate(rules):
                        if r["from"] == who and r["bits"] == bits and r["nth"] == counters[key]:
                            action, rule_idx, extra = r["action"], k, r["extra"]
                            break
                log.write(json.dumps({
                    "i": n, "in": who, "ts": ts, "hex": data.hex(), "action": action,
                    "tcp_flags": flag_set(bits) if bits is not None else None,
                    "count": counters.get((who, bits)) if bits is not None else None,
                    "rule": rule_idx}) + "\n")
                # Scheduled relative to the kernel rx timestamp.
                if action in ("fwd", "dup"):
                    heapq.heappush(queue, (ts + delay, n, out, data, False))
                if action == "mark":
                    heapq.heappush(queue, (ts + delay, n, out, mark_ce(data), False))
                if action == "hold":
                    heapq.heappush(queue, (ts + delay + extra, n, out, data, False))
                if action == "dup":
                    heapq.heappush(queue, (ts + delay + extra, n, out, data, True))
    log.close()


if __name__ == "__main__":
    main()
