#!/usr/bin/env python3
"""Compares, for every run run_captures wrote to a folder, the widget's
`tcpdump -nn` view of the client with what tcpdump prints for the pcap the
Share panel would download (both in UTC); they must be equal line for line.
Prints counts and the first difference of each run that differs; exits 1 if
one does. Usage: run_diff.py FOLDER"""
import collections, os, subprocess, sys

folder = sys.argv[1]
counts = collections.Counter()
for name in sorted(os.listdir(folder)):
    if not name.endswith(".pcap"):
        continue
    path = os.path.join(folder, name)
    real = subprocess.run(["tcpdump", "-nn", "-r", path], capture_output=True,
                          env={"TZ": "UTC"}, timeout=60).stdout.decode().splitlines()
    view = open(path + ".view.txt", encoding="utf-8").read().splitlines()
    if real == view:
        counts["runs equal"] += 1
        counts["lines equal"] += len(real)
        continue
    counts["runs that differ"] += 1
    first = next((i for i, (r, v) in enumerate(zip(real, view)) if r != v), min(len(real), len(view)))
    print(f"{name} (line {first + 1})\n  tcpdump: {real[first] if first < len(real) else '(none)'}\n"
          f"  view:    {view[first] if first < len(view) else '(none)'}")
for k, v in sorted(counts.items()):
    print(f"{k}: {v}")
sys.exit(1 if counts["runs that differ"] else 0)
