#!/usr/bin/env python3
"""Print a fixture as a compact, tcpdump-like segment list: show.py FIXTURE.json..."""
import json
import sys

for path in sys.argv[1:]:
    fx = json.load(open(path))
    print("### %s  (kernel %s)" % (path, fx["kernel"]))
    for s in fx["segments"]:
        ack = "" if s["ack"] is None else " ack=%d" % s["ack"]
        mss = "" if s["mss"] is None else " mss=%d" % s["mss"]
        print("%9.1f  %-6s %-8s seq=%d%s len=%d win=%d%s%s%s" % (
            s["t_ms"], s["from"], s["flags"], s["seq"], ack, s["len"], s["window"], mss,
            "".join(" " + o for o in s.get("options", []) if o.startswith("sack=")),
            "   <-- DROPPED" if s["dropped"] else ""))
    for who in ("client", "server"):
        for r in fx["leftover_states"][who]:
            print("  leftover %s: %s %s" % (who, r["state"], r["timer"] or ""))
    for c in fx.get("calls", []):
        print("  call %-6s %-10s %7.1f..%7.1f  %s" % (c["host"], c["call"], c["start_ms"], c["end_ms"],
                                                     c.get("error", c.get("result"))))
    for n in fx["notes"]:
        if not n.startswith(("delay:", "seq/ack")):
            print("  note:", n)
    print()
