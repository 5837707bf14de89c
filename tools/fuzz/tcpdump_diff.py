#!/usr/bin/env python3
"""Compares the widget's tcpdump view (F.view.txt, from the tcpdump_lines
example) with `tcpdump -nn -r F` in UTC, for every capture F in a folder
(run.sh gives it the capture fuzzer's corpus). Each tcpdump line about TCP
is matched with the view's line of the same time and addresses.

Left out, because the reader and tcpdump read such files differently on
purpose (see model/src/capture/ and the tcpdump view's note): files in which
tcpdump reports a TCP header longer than the packet (`bad hdr length`; the
reader skips the packet as malformed, so relative numbers start elsewhere),
an IP length beyond the frame (`truncated-ip`; the reader believes the
frame, as Wireshark does), a record header it refuses (`Invalid header`),
a time it cannot convert, a fraction of a second of a million
microseconds or more (the reader carries it into the seconds), or a raw
IPv4 or IPv6 link type (228, 229) holding a packet of the other version
(the reader believes the link type, as Wireshark does; tcpdump follows the
version nibble), or a pcapng time past the year 2554 (the reader keeps
nanoseconds since 1970 in 64 bits and clamps there, so its view prints
23:34:33.709551 where tcpdump prints that far year's time of day).

Prints counts and every other difference; exits 1 if there is one.
Usage: tcpdump_diff.py FOLDER"""
import collections, os, re, subprocess, sys

folder = sys.argv[1]
counts = collections.Counter()
differences = []
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if name.endswith(".txt") or not os.path.exists(path + ".view.txt"):
        continue
    view = open(path + ".view.txt", encoding="utf-8", errors="replace").read()
    if view.startswith("refused:"):
        counts["files the reader refuses"] += 1
        continue
    run = subprocess.run(["tcpdump", "-nn", "-r", path], capture_output=True,
                         env={"TZ": "UTC"}, timeout=60)
    out = run.stdout.decode("utf-8", "replace")
    link = run.stderr.decode("utf-8", "replace")
    other_version = ("link-type IPV6 " in link and re.search(r"^\S+ IP ", out, re.M)) or (
        "link-type IPV4 " in link and re.search(r"^\S+ IP6 ", out, re.M))
    past_2554 = "23:34:33.709551 " in view
    if other_version or past_2554 or re.search(r"bad hdr length|truncated-ip|Invalid header|Error converting|^\S+\.\d{7,} ", out, re.M):
        counts["files left out"] += 1
        continue
    counts["files compared"] += 1
    by_key = collections.defaultdict(list)
    for line in view.splitlines():
        # The example marks a line tcpdump goes on after with a trailing
        # "\tdecoded"; a text payload's own tabs stay in the line.
        decoded = line.endswith("\tdecoded")
        line = line.removesuffix("\tdecoded")
        by_key[line.split(": Flags [")[0]].append((line, decoded))
    for line in out.splitlines():
        if ": Flags [" not in line:
            continue
        time, _, rest = line.partition(" ")
        # A cooked v2 line starts with the interface and direction.
        at = min([i for i in (rest.find("IP "), rest.find("IP6 ")) if i >= 0], default=0)
        expected = f"{time} {rest[at:]}"
        mine = by_key.get(expected.split(": Flags [")[0], [])
        # On a port tcpdump decodes, its line goes on: `: HTTP` after the
        # length, or ` [prefix length(…)]` / ` 1234+ A? …` for DNS over TCP.
        if any(v == expected or (decoded and expected.startswith((v + ": ", v + " "))) for v, decoded in mine):
            counts["lines equal"] += 1
        else:
            counts["lines that differ"] += 1
            differences.append((name, expected, [v for v, _ in mine]))
for k, v in sorted(counts.items()):
    print(f"{k}: {v}")
for name, expected, mine in differences:
    print(f"{name}\n  tcpdump: {expected}\n  view:    {mine[0] if mine else '(no line)'}")
sys.exit(1 if differences else 0)
