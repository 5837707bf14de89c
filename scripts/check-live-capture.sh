#!/usr/bin/env bash
#! A capture made here, now, by real tools, read by tcpsim: tcpdump on the
#! loopback interface around curl fetching a file from `python3 -m
#! http.server`, also converted to pcapng by editcap. For both files,
#! `tcpsim --from-pcap` must list the segments tshark lists (flags, relative
#! seq and ack, length) and end each side in the state Linux's `ss` reports
#! for its socket right after (the side that closed first sits in
#! TIME-WAIT). The corpus in model/tests/fixtures/captures covers many more
#! cases (tools/captures/make.sh); this check proves the path on the machine
#! that runs the tests.
#!
#! Needs tcpdump, tshark (editcap), curl, ss and the right to capture (root
#! or CAP_NET_RAW). Without that right it says so and skips: it cannot
#! capture, so there is nothing to check.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

for tool in tcpdump tshark editcap curl ss python3; do
  command -v "$tool" >/dev/null || { echo "check-live-capture: $tool is not installed (run scripts/setup.sh)" >&2; exit 1; }
done
cargo build -q --locked -p tcp-model --bin tcpsim
tcpsim="${CARGO_TARGET_DIR:-$root/target}/debug/tcpsim"

work=$(mktemp -d)
# tcpdump drops its privileges (to user tcpdump) before it writes the file.
chmod a+rwx "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
head -c 3000 /dev/urandom | base64 >"$work/page.txt"
python3 -m http.server --bind 127.0.0.1 --directory "$work" "$port" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done

tcpdump -i lo -U -n --immediate-mode -w "$work/live.pcap" "tcp port $port" 2>"$work/tcpdump.err" &
capture=$!
pids+=("$capture")
for _ in $(seq 50); do
  grep -q "listening on" "$work/tcpdump.err" 2>/dev/null && break
  if ! kill -0 "$capture" 2>/dev/null; then
    echo "check-live-capture: SKIPPED, tcpdump cannot capture here: $(head -1 "$work/tcpdump.err")"
    exit 0
  fi
  sleep 0.1
done
sleep 0.3
curl -s -o /dev/null "http://127.0.0.1:$port/page.txt"
sleep 0.5
# What Linux says of the connection's sockets now (one side is in TIME-WAIT).
ss -Htan "( sport = :$port or dport = :$port )" >"$work/ss.txt"
kill -TERM "$capture"
wait "$capture" || true
editcap -F pcapng "$work/live.pcap" "$work/live.pcapng"

for f in live.pcap live.pcapng; do
  "$tcpsim" --from-pcap "$work/$f" >"$work/$f.json"
  tshark -r "$work/$f" -T fields -E separator=, -e tcp.srcport -e tcp.flags -e tcp.seq -e tcp.ack -e tcp.len \
    >"$work/$f.tshark" 2>/dev/null
  python3 - "$work/$f.json" "$work/$f.tshark" "$work/ss.txt" "$port" "$f" <<'PY'
import json, sys
trace = json.load(open(sys.argv[1]))
port, name = int(sys.argv[4]), sys.argv[5]
names = [(0x01, "FIN"), (0x02, "SYN"), (0x04, "RST"), (0x08, "PSH"), (0x10, "ACK")]
expected = []
for line in open(sys.argv[2]):
    src, flags, seq, ack, length = line.strip().split(",")
    bits = int(flags, 16)
    text = ",".join(n for b, n in names if bits & b)
    expected.append((int(src) == port, text, int(seq), int(ack) if bits & 0x10 else 0, int(length)))
got = [(s["from"] == "server", s["flags"], s["seq"], s["ack"] if "ACK" in s["flags"] else 0, s["len"]) for s in trace["segments"]]
assert got == expected, f"{name}: tcpsim and tshark disagree:\n{got}\n{expected}"
# ss: this connection's two sockets (the readiness probe made another),
# told apart by their local address.
client = trace["capture"]["client"]
ss = {}
for line in open(sys.argv[3]):
    cols = line.split()
    state, local, peer = cols[0], cols[3], cols[4]
    if client in (local, peer):
        ss["client" if local == client else "server"] = state
spelled = {"TIME-WAIT": "TIME-WAIT", "CLOSED": None}
for side in ("client", "server"):
    last = trace["states"][side][-1]
    linux = ss.get(side)
    if last == "TIME-WAIT":
        assert linux == "TIME-WAIT", f"{name}: the model says the {side} ends in TIME-WAIT, ss says {linux}"
    elif last == "CLOSED":
        assert linux is None, f"{name}: the model says the {side} is closed, ss still shows {linux}"
    else:
        raise AssertionError(f"{name}: the {side} ends in {last} after a finished fetch")
print(f"check-live-capture: {name}: {len(got)} segments equal to tshark's; states {trace['states']['client'][-1]}/{trace['states']['server'][-1]} as ss says")
PY
done
