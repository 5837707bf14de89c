#!/usr/bin/env bash
#! tcpdump's own printing of captures (F.tcpdump.txt beside each F), which
#! model/tests/tcpdump_file_real.rs compares the widget's `tcpdump -nn -r`
#! view with, line by line. Times in UTC, so the lines do not depend on the
#! machine's zone. tcpdump 4.99 (Debian 12). Usage: tcpdump.sh F.pcap...
set -euo pipefail
for f in "$@"; do
  # A file tcpdump refuses or stops reading (two link types, a cut packet)
  # keeps the lines printed before; its complaint goes to stderr.
  TZ=UTC tcpdump -nn -r "$f" 2>/dev/null >"$f.tcpdump.txt" || true
done
