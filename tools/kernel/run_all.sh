#!/usr/bin/env bash
# Regenerate every kernel fixture: tools/kernel/scenarios/X.json -> model/tests/fixtures/kernel/X.json
# Needs root (network namespaces), iproute2, ethtool, tcpdump. Usage: tools/kernel/run_all.sh [NAME...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=model/tests/fixtures/kernel
mkdir -p "$out"
if [ $# -gt 0 ]; then names=("$@"); else
  names=(); for f in tools/kernel/scenarios/*.json; do names+=("$(basename "$f" .json)"); done
fi
for n in "${names[@]}"; do
  echo "== $n" >&2
  python3 tools/kernel/run_scenario.py "tools/kernel/scenarios/$n.json" > "$out/$n.json.tmp"
  mv "$out/$n.json.tmp" "$out/$n.json"
done
