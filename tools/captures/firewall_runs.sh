#!/usr/bin/env bash
#! Captures as a learner's own machine takes them, with losses: a download
#! over a veth pair with segmentation and receive offload on (64 KB segments
#! at the taps), and a host's own firewall (nft) dropping every Nth TCP
#! segment at its input or output hook, so after or before that host's tap.
#! Each run is captured at one end, read by tcpsim, and the last states it
#! tells are compared with what `ss` lists right after: one line per run,
#! "OK" or "DIFF". The relay's kernel runs (tools/kernel) keep offloads off
#! and add path delays; this machine has no netem, so these have none.
#!
#! Needs root, iproute2, ethtool, nftables, tcpdump, curl, python3 and a
#! release tcpsim (cargo build --release -p tcp-model --bin tcpsim).
#! Usage: firewall_runs.sh FIRST LAST OUT_DIR [client|server]  (where the tap is)
#! Each run's choices follow from its number: which host drops, at which
#! hook, one in 5 to 24, and a download of 150 KB to 1 MB.
set -euo pipefail
first=$1 last=$2 out=$3 at=${4:-client}
root=$(cd "$(dirname "$0")/../.." && pwd)
tcpsim="$root/target/release/tcpsim"
mkdir -p "$out"
in_ns() { local n=$1; shift; ip netns exec "$n" "$@"; }

one_run() {
  local i=$1 r=$(($1 * 7919 % 1000))
  local who=client hook=input
  [ $((r % 2)) = 0 ] || who=server
  [ $((r / 2 % 2)) = 0 ] || hook=output
  # What the rule sees: the server's segments at the client's input or the
  # server's output, else the client's.
  local match="tcp dport 8000"
  { [ $who = client ] && [ $hook = input ]; } || { [ $who = server ] && [ $hook = output ]; } && match="tcp sport 8000"
  local mod=$((5 + r % 20)) size=$(((r % 7 + 1) * 150000))
  local cli=fwc$$ srv=fws$$ pcap="$out/run$i.pcap"
  ip netns add $cli; ip netns add $srv
  ip link add c0 netns $cli type veth peer name s0 netns $srv
  in_ns $cli ip addr add 10.99.0.1/24 dev c0; in_ns $srv ip addr add 10.99.0.2/24 dev s0
  in_ns $cli ip link set c0 up; in_ns $srv ip link set s0 up
  in_ns $srv ethtool -K s0 tx on tso on gso on gro on >/dev/null
  in_ns $cli ethtool -K c0 tx on tso on gso on gro on >/dev/null
  local www; www=$(mktemp -d); head -c $size /dev/zero >"$www/big.bin"
  ip netns exec $srv python3 -m http.server 8000 --bind 10.99.0.2 --directory "$www" >/dev/null 2>&1 &
  local server=$!
  until in_ns $cli curl -sf -o /dev/null http://10.99.0.2:8000/; do sleep 0.1; done
  local fw=$cli; [ $who = client ] || fw=$srv
  in_ns $fw nft add table inet drops
  in_ns $fw nft add chain inet drops filter "{ type filter hook $hook priority 0; }"
  # Not the SYN,ACK: a listener's lost SYN,ACK only delays the run by a second.
  in_ns $fw nft add rule inet drops filter $match tcp flags != syn,ack numgen inc mod $mod 0 counter drop
  local tap=$cli dev=c0; [ $at = client ] || { tap=$srv; dev=s0; }
  ip netns exec $tap tcpdump -U --immediate-mode -i $dev -s 200 -w "$pcap" 'tcp port 8000' 2>/dev/null &
  local dump=$!
  sleep 1
  in_ns $cli curl -sf -o /dev/null http://10.99.0.2:8000/big.bin
  sleep 0.5; kill -TERM $dump; wait $dump || true
  { in_ns $cli ss -tanH; in_ns $srv ss -tanH; } >"$pcap.ss.txt"
  kill $server; wait $server 2>/dev/null || true
  ip netns del $cli; ip netns del $srv; rm -rf "$www"
  "$tcpsim" --from-pcap "$pcap" >"$pcap.json"
  python3 - "$i" "$who $hook, 1 in $mod, $size B" "$pcap" <<'PY'
import json, sys
i, what, pcap = sys.argv[1:]
run = json.load(open(pcap + ".json"))
port = run["capture"]["client"].rsplit(":", 1)[1]
told = {side: run["states"][side][-1] for side in ("client", "server")}
names = {"ESTAB": "ESTABLISHED", "SYN-RECV": "SYN-RECEIVED"}
linux = {"client": "CLOSED", "server": "CLOSED"}  # a closed socket is gone
for line in open(pcap + ".ss.txt"):
    f = line.split()
    if len(f) > 4 and f[3].endswith(":" + port):
        linux["client"] = names.get(f[0], f[0])
    if len(f) > 4 and f[4].endswith(":" + port):
        linux["server"] = names.get(f[0], f[0])
lost = sum(s["lost_after_capture"] for s in run["segments"])
print("OK  " if told == linux else "DIFF", i, what, len(run["segments"]), "segments,", lost, "judged lost; told", told, "ss", linux)
PY
}

for i in $(seq "$first" "$last"); do one_run "$i"; done
