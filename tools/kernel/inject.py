#!/usr/bin/env python3
"""Put the scenario's "inject" segments on the wire with a raw socket.

Started by run_scenario.py inside the namespace of the host the segments claim
to come from (so they leave through that host's veth and pass the relay like
any other frame):

    inject.py RELAY_LOG PLAN_JSON OUT_LOG

PLAN_JSON is {"from": "client"|"server", "to": ..., "isn": {"client": N,
"server": M}, "addr": {"client": "10.77.0.1", "server": "10.77.0.2"},
"items": [injection, ...]} where each injection is the model's format
({"at_ms", "flags", "seq", "ack", "len", "count", "every_ms"}).

The model's seq/ack are absolute numbers counted from the scenario's ISNs.
Linux picks its own ISNs, so each number is moved by the same offset:
    wire_seq = real ISN of `from` + (seq - scenario isn of `from`)
    wire_ack = real ISN of `to`   + (ack - scenario isn of `to`)
The real ISNs, the ports and the latest timestamps are read from the relay's
log (the first SYN each side sent). `at_ms` counts from the first frame the
relay saw, the fixture's t_ms = 0.

When the connection negotiated timestamps, the segment carries a TS option
whose TSval continues the sender's clock (its last TSval plus the ms since)
and whose TSecr is the peer's last TSval, so that PAWS does not discard it;
the window field repeats the sender's last one. Each injected IP packet is
logged to OUT_LOG as one JSON line {"t": time.time(), "hex": ...} so that the
runner can mark it in the fixture.
"""
import json
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_scenario import parse_frame  # noqa: E402

FLAG_NAMES = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"]


def flag_bits(text):
    bits = 0
    for name in text.replace(" ", "").upper().split(","):
        bits |= 1 << FLAG_NAMES.index(name)
    return bits


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def read_log(path):
    """-> list of (ts, who, parsed frame) for every TCP frame in the relay log."""
    out = []
    try:
        for line in open(path):
            rec = json.loads(line)
            if "hex" not in rec:
                continue
            pkt = parse_frame(bytes.fromhex(rec["hex"]))
            if pkt is not None:
                out.append((rec["ts"], rec["in"], pkt))
    except (OSError, ValueError):
        pass
    return out


def build(src, dst, sport, dport, seq, ack, bits, window, ts, payload):
    opts = b""
    if ts is not None:
        opts = b"\x01\x01\x08\x0a" + struct.pack("!II", *ts)
    doff = (20 + len(opts)) // 4
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, doff << 4, bits, window, 0, 0) + opts + payload
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    total = 20 + len(tcp)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0x4000, 64, 6, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ip + tcp


def main():
    relay_log, plan, out_log = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
    me, peer = plan["from"], plan["to"]
    schedule = []
    for item in plan["items"]:
        for n in range(int(item.get("count", 1))):
            schedule.append((item["at_ms"] + n * item.get("every_ms", 0), item))
    schedule.sort(key=lambda x: x[0])
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    out = open(out_log, "a", buffering=1)
    print("ready", flush=True)

    t0 = None
    while t0 is None:
        frames = read_log(relay_log)
        if frames:
            t0 = min(f[0] for f in frames)
        else:
            time.sleep(0.005)
    for at_ms, item in schedule:
        due = t0 + at_ms / 1000.0
        while time.time() < due:
            time.sleep(min(0.01, max(0.0, due - time.time())))
        frames = read_log(relay_log)
        isn, port, last = {}, {}, {}
        for ts, who, pkt in sorted(frames, key=lambda f: f[0]):
            if pkt["flags"] & 0x02 and who not in isn:
                isn[who] = pkt["seq"]
                port[who] = pkt["sport"]
            last[who] = (ts, pkt)
        if me not in isn or peer not in isn:
            sys.stderr.write("inject.py: no SYN seen from both sides before %d ms; skipped\n" % at_ms)
            continue
        seq = (isn[me] + item["seq"] - plan["isn"][me]) % (1 << 32)
        ack = (isn[peer] + item.get("ack", 0) - plan["isn"][peer]) % (1 << 32)
        bits = flag_bits(item["flags"])
        if not bits & 0x10:
            ack = 0
        ts_opt, window = None, 65535
        if me in last:
            lts, lpkt = last[me]
            window = lpkt["window"]
            mine = dict(lpkt["opts"]).get("ts")
            theirs = dict(last[peer][1]["opts"]).get("ts") if peer in last else None
            if mine is not None and theirs is not None:
                tsval = (mine[0] + int((time.time() - lts) * 1000)) % (1 << 32)
                ts_opt = (tsval, theirs[0])
        pkt = build(plan["addr"][me], plan["addr"][peer], port[me], port[peer], seq, ack, bits,
                    window, ts_opt, b"x" * int(item.get("len", 0)))
        raw.sendto(pkt, (plan["addr"][peer], 0))
        out.write(json.dumps({"t": time.time(), "hex": pkt.hex()}) + "\n")
    out.close()


if __name__ == "__main__":
    main()
