#!/usr/bin/env bash
# Runs every kernel scenario again and keeps its capture: for each
# tools/kernel/scenarios/X.json, model/tests/fixtures/kernel_captures/X.pcap
# (the router's ingress from both sides, merged: a capture point in the middle
# of the path, which sees every segment before the relay drops some) and
# X.json (the run's fixture: which segments were dropped, and what ss reported
# at the end). model/tests/capture_kernel.rs explains each capture with
# tcp_model::observe and compares. The fixtures in model/tests/fixtures/kernel/
# are not touched (a new run has new ISNs and times).
# Needs root, iproute2, ethtool, tcpdump, mergecap, tshark. Usage: tools/kernel/run_captures.sh [NAME...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=model/tests/fixtures/kernel_captures
mkdir -p "$out"
if [ $# -gt 0 ]; then names=("$@"); else
  names=(); for f in tools/kernel/scenarios/*.json; do names+=("$(basename "$f" .json)"); done
fi
for n in "${names[@]}"; do
  echo "== $n" >&2
  KERNEL_PCAP="$out/$n.pcap" python3 tools/kernel/run_scenario.py "tools/kernel/scenarios/$n.json" > "$out/$n.json.tmp"
  mv "$out/$n.json.tmp" "$out/$n.json"
  # tshark's reading, as for the capture corpus (see tools/captures/make.sh).
  tools/captures/analysis.sh "$out/$n.pcap"
  tools/captures/tcpdump.sh "$out/$n.pcap"
done
