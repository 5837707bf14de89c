#!/usr/bin/env bash
#! Writes tcpsim's pcap of every built-in scenario to target/pcaps/ and has
#! tshark read each one with IP and TCP checksum validation on: its expert
#! info must hold no error, no malformed packet and no checksum problem
#! (warnings and notes, such as "previous segment not captured" for a lost
#! segment or "retransmission", are what the lessons show and are fine).
#! Prints one line per scenario (frames, verdict); exits non-zero if any fails.
#! Needs tshark (scripts/setup.sh installs it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

if ! command -v tshark >/dev/null; then
  echo "check-pcaps: tshark is not installed (run scripts/setup.sh)" >&2
  exit 1
fi

cargo build -q --locked -p tcp-model --bin tcpsim
tcpsim="${CARGO_TARGET_DIR:-$root/target}/debug/tcpsim"
out="$root/target/pcaps"
mkdir -p "$out"
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

names=$("$tcpsim" --list | awk '{ print $1 }')
[ -n "$names" ] || { echo "check-pcaps: tcpsim --list named no scenario" >&2; exit 1; }

failed=0
total=0
for name in $names; do
  total=$((total + 1))
  pcap="$out/$name.pcap"
  "$tcpsim" "$name" --pcap "$pcap" >/dev/null
  verdict=ok
  # tshark says "Running as user root" on stderr; keep stderr for failures only.
  if ! frames=$(tshark -r "$pcap" -T fields -e frame.number 2>"$errors" | wc -l) \
     || ! expert=$(tshark -r "$pcap" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
                     -q -z expert 2>"$errors"); then
    verdict="FAILED: tshark cannot read it: $(grep -v '^Running as user' "$errors" | head -1)"
  elif [ "$frames" -eq 0 ]; then
    verdict="FAILED: no frames"
  elif bad=$(grep -E '^Errors \(|Malformed|Checksum' <<<"$expert"); then
    verdict="FAILED: $(head -1 <<<"$bad" | tr -s ' ')"
  fi
  printf '%-22s %3d frames  %s\n' "$name" "$frames" "$verdict"
  if [ "$verdict" != ok ]; then
    failed=$((failed + 1))
    [ -n "${expert:-}" ] && printf '%s\n' "$expert" | sed 's/^/    /'
  fi
done

echo "check-pcaps: $((total - failed)) of $total scenarios read cleanly"
[ "$failed" -eq 0 ]
