#!/usr/bin/env bash
# Builds the capture corpus in model/tests/fixtures/captures/ with real tools:
# tcpdump and dumpcap capture real kernel TCP (curl against python's
# http.server, small python clients) inside throwaway network namespaces,
# editcap converts to pcapng, tshark writes the expected view of each file
# (F.tshark.csv) that model/tests/capture_reader.rs compares the reader with.
# See README.md beside this script for the list of files and why each exists.
#
# Needs root (network namespaces), iproute2, ethtool, nftables, tcpdump, tshark
# (tshark, dumpcap, editcap), curl, python3, zip. Usage: tools/captures/make.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tools/captures"
out="$root/model/tests/fixtures/captures"
work=$(mktemp -d)
lo_ns=caplo$$ cli_ns=capcli$$ srv_ns=capsrv$$
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for n in "$lo_ns" "$cli_ns" "$srv_ns"; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
in_ns() { local n=$1; shift; ip netns exec "$n" "$@"; }

# Starts a capture in namespace $1 with the given tool and arguments and waits
# until it listens, so no packet of the traffic that follows is missed.
start_capture() {
  local n=$1; shift
  : >"$work/capture.err"
  # Not through in_ns: $! must be the capture tool itself (ip netns exec execs it).
  ip netns exec "$n" "$@" 2>"$work/capture.err" &
  capture_pid=$!
  pids+=("$capture_pid")
  for _ in $(seq 100); do
    grep -qE "listening on|Capturing on" "$work/capture.err" && break
    sleep 0.1
  done
  sleep 0.3
}
stop_capture() {
  sleep 0.5 # the last ACK and FIN on the wire before the capture stops
  # TERM, not INT: a background job of a script starts with SIGINT ignored.
  kill -TERM "$capture_pid"
  wait "$capture_pid" || true
}

# tshark's view of a capture: one line per TCP packet (ICMP errors quoting TCP
# left out: the reader does not dissect them). Raw sequence numbers everywhere
# (the relative-numbers preference only changes how SACK edges are shown;
# tcp.stream does not depend on it). Lists (option kinds, SACK blocks) are
# joined with ';'.
expect() {
  tshark -r "$1" -o tcp.relative_sequence_numbers:FALSE -Y 'tcp && !icmp && !icmpv6' \
    -T fields -E header=y -E separator=, -E aggregator=';' -E occurrence=a \
    -e frame.number -e tcp.stream -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst \
    -e tcp.srcport -e tcp.dstport -e tcp.seq_raw -e tcp.ack_raw -e tcp.flags -e tcp.len \
    -e tcp.window_size_value -e tcp.option_kind -e tcp.options.mss_val \
    -e tcp.options.wscale.shift -e tcp.options.sack_le -e tcp.options.sack_re \
    -e tcp.options.timestamp.tsval -e tcp.options.timestamp.tsecr -e frame.time_epoch \
    -e frame.protocols >"$1.tshark.csv"
}
to_pcapng() { editcap -F pcapng "$1" "${1%.pcap}.pcapng"; }

# tshark's reading with relative numbers and the tcp.analysis marks
# (F.analysis.csv): one list of fields, shared with tools/kernel.
analysis() { "$here/analysis.sh" "$1"; "$here/tcpdump.sh" "$1"; }

# What Linux says about its sockets right after a capture (F.ss.txt): the
# state each side's socket ended in (TIME-WAIT lasts 60 s; a socket that
# closed is gone). The test finds a stream's two sockets by their ports.
linux_states() { in_ns "$lo_ns" ss -tanH >"$1.ss.txt"; }

rm -rf "$out"
mkdir -p "$out"

# --- Loopback namespace: http.server for IPv4 and IPv6, MTU 1280 (the smallest
# that keeps IPv6 on) so segments and files stay small.
ip netns add "$lo_ns"
in_ns "$lo_ns" ip link set lo mtu 1280 up
mkdir "$work/www"
python3 -c 'print("".join(chr(97 + i % 26) for i in range(1399)))' >"$work/www/small.txt"
python3 -c 'print("".join(chr(65 + i % 26) for i in range(7499)))' >"$work/www/big.txt"
ip netns exec "$lo_ns" python3 -m http.server 8000 --bind :: --directory "$work/www" >/dev/null 2>&1 &
pids+=($!)
until in_ns "$lo_ns" curl -sf -o /dev/null http://127.0.0.1:8000/small.txt; do sleep 0.1; done
get() { in_ns "$lo_ns" curl -sf -o /dev/null -g "$1"; }

start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/http_v4.pcap"
get http://127.0.0.1:8000/small.txt
stop_capture
linux_states "$out/http_v4.pcap"

start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/http_v6.pcap"
get 'http://[::1]:8000/small.txt'
stop_capture
linux_states "$out/http_v6.pcap"

start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/refused.pcap"
get http://127.0.0.1:9/ || true # nothing listens on port 9: SYN, then RST+ACK
stop_capture
linux_states "$out/refused.pcap"

start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/half_close.pcap"
in_ns "$lo_ns" python3 "$here/half_close.py" 127.0.0.1 7000
stop_capture
linux_states "$out/half_close.pcap"

start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/port_reuse.pcap"
in_ns "$lo_ns" python3 "$here/reuse.py" 127.0.0.1 7001 40000
stop_capture
linux_states "$out/port_reuse.pcap"

# A client that close()s while the server still talks (after_close.py): data
# half a second later is reset by the orphan in FIN-WAIT-2 (TCPAbortOnData);
# a FIN after the orphan's tcp_fin_timeout (2 s here, 60 s by default) finds
# no connection and is reset too.
start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/data_after_close.pcap"
in_ns "$lo_ns" python3 "$here/after_close.py" 127.0.0.1 7004 data 0.5
stop_capture
linux_states "$out/data_after_close.pcap"
in_ns "$lo_ns" sysctl -qw net.ipv4.tcp_fin_timeout=2
start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/fin_wait_2_expired.pcap"
in_ns "$lo_ns" python3 "$here/after_close.py" 127.0.0.1 7005 fin 4
stop_capture
in_ns "$lo_ns" sysctl -qw net.ipv4.tcp_fin_timeout=60
linux_states "$out/fin_wait_2_expired.pcap"

# A capture that starts in the middle of a connection: no SYN of either side.
ip netns exec "$lo_ns" python3 "$here/chatter.py" 127.0.0.1 7002 1.5 &
chatter=$!
pids+=("$chatter")
sleep 0.2
start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/mid_connection.pcap"
wait "$chatter"
stop_capture
linux_states "$out/mid_connection.pcap"

# A window that closes: zero windows, the sender's probes, a window update.
# Snaplen 100 keeps the file small (payload lengths come from the IP header).
start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -s 100 -w "$out/zero_window.pcap"
in_ns "$lo_ns" python3 "$here/zero_window.py" 127.0.0.1 7003
stop_capture
linux_states "$out/zero_window.pcap"

# tcpdump -i any writes Linux cooked headers: SLL2 by default, SLL v1 on request.
start_capture "$lo_ns" tcpdump -U --immediate-mode -i any -w "$out/any_sll2.pcap"
get http://127.0.0.1:8000/small.txt
get 'http://[::1]:8000/small.txt'
stop_capture

start_capture "$lo_ns" tcpdump -U --immediate-mode -i any -y LINUX_SLL -w "$out/any_sll.pcap"
get http://127.0.0.1:8000/small.txt
stop_capture

start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo --time-stamp-precision=nano -w "$out/nano.pcap"
get 'http://[::1]:8000/small.txt'
stop_capture

# Lost segments: nftables drops the 2nd and 4th full-sized segments the
# server sends on their way in, after tcpdump saw them leave on lo (so the file
# shows them, like a capture taken before a lossy link). The client answers the
# out-of-order data with SACK blocks, the server retransmits. Segmentation
# offload is off for this one capture so segments are MSS-sized and numbered
# one by one. Snaplen 100 keeps the file small and shows that payload lengths
# come from the IP header.
in_ns "$lo_ns" ethtool -K lo tso off gso off
in_ns "$lo_ns" nft -f - <<'EOF'
table inet lossy {
  chain in {
    type filter hook input priority 0;
    tcp sport 8000 meta length > 1000 numgen inc mod 1000 { 1, 3 } drop
  }
}
EOF
start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -s 100 -w "$out/sack_snaplen.pcap"
get http://127.0.0.1:8000/big.txt
stop_capture
in_ns "$lo_ns" nft delete table inet lossy
in_ns "$lo_ns" ethtool -K lo tso on gso on

# Snaplen 70 cuts the SYN and SYN+ACK inside their 40-byte TCP headers
# (14 + 20 + 40 = 74 bytes) while the later 32-byte headers fit.
start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -s 70 -w "$out/snaplen_cuts_syn.pcap"
get http://127.0.0.1:8000/small.txt
stop_capture

# dumpcap writes pcapng natively; two interfaces with different link types
# (lo: Ethernet, any: SLL2) see every packet twice.
start_capture "$lo_ns" dumpcap -q -i lo -i any -w "$out/dumpcap_two_ifaces.pcapng"
get http://127.0.0.1:8000/small.txt
stop_capture

start_capture "$lo_ns" tcpdump -U --immediate-mode -i lo -w "$out/no_tcp.pcap"
in_ns "$lo_ns" python3 "$here/udp.py" 5300
stop_capture

# --- VLAN tags: two namespaces joined by a veth pair; a mirror copies every
# frame of the client's veth, tagged, to a second veth where tcpdump listens
# (see mirror.py for why tags cannot come from a VLAN sub-interface here).
ip netns add "$cli_ns"
ip netns add "$srv_ns"
ip link add c0 netns "$cli_ns" address 02:00:00:00:00:01 type veth peer name s0 netns "$srv_ns" address 02:00:00:00:00:02
ip link add m0 netns "$cli_ns" type veth peer name m1 netns "$cli_ns"
for n in "$cli_ns" "$srv_ns"; do in_ns "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
in_ns "$cli_ns" ip addr add 10.99.0.1/24 dev c0
in_ns "$srv_ns" ip addr add 10.99.0.2/24 dev s0
in_ns "$cli_ns" ethtool -K c0 tx off tso off gso off gro off >/dev/null
in_ns "$srv_ns" ethtool -K s0 tx off tso off gso off gro off >/dev/null
in_ns "$cli_ns" ip link set c0 mtu 1280 up
in_ns "$srv_ns" ip link set s0 mtu 1280 up
in_ns "$cli_ns" ip link set m0 up
in_ns "$cli_ns" ip link set m1 up
for port in 8000 8001; do
  ip netns exec "$srv_ns" python3 -m http.server "$port" --bind 10.99.0.2 --directory "$work/www" >/dev/null 2>&1 &
  pids+=($!)
done
until in_ns "$cli_ns" curl -sf -o /dev/null http://10.99.0.2:8001/small.txt; do sleep 0.1; done
in_ns "$cli_ns" ip neigh flush dev c0 # so the capture starts with ARP, a non-IP frame
ip netns exec "$cli_ns" python3 "$here/mirror.py" c0 m0 8001 >"$work/mirror.out" &
pids+=($!)
until grep -q mirroring "$work/mirror.out"; do sleep 0.1; done
start_capture "$cli_ns" tcpdump -U --immediate-mode -i m1 -w "$out/vlan.pcap"
in_ns "$cli_ns" curl -sf -o /dev/null http://10.99.0.2:8000/small.txt
in_ns "$cli_ns" curl -sf -o /dev/null http://10.99.0.2:8001/small.txt
stop_capture

# --- Segmentation offload, as on most hosts: the server's veth takes whole
# GSO packets (up to 64 KB), so tcpdump on the sending host sees segments far
# beyond the client's MSS that left as MSS-sized ones. A 2 MB download, its
# payloads cut by the snapshot length.
in_ns "$srv_ns" ethtool -K s0 tx on tso on gso on >/dev/null
in_ns "$cli_ns" ip link set c0 mtu 1500
in_ns "$srv_ns" ip link set s0 mtu 1500
head -c 2000000 /dev/zero >"$work/www/big.bin"
start_capture "$srv_ns" tcpdump -U --immediate-mode -i s0 -s 200 -w "$out/tso.pcap" 'tcp port 8000'
in_ns "$cli_ns" curl -sf -o /dev/null http://10.99.0.2:8000/big.bin
stop_capture
# And receive offload: the server's TCP cuts its own segments (no TSO or GSO),
# the client's veth merges what arrives (GRO) before its tap.
in_ns "$srv_ns" ethtool -K s0 tso off gso off >/dev/null
in_ns "$cli_ns" ethtool -K c0 gro on >/dev/null
start_capture "$cli_ns" tcpdump -U --immediate-mode -i c0 -s 200 -w "$out/gro.pcap" 'tcp port 8000'
in_ns "$cli_ns" curl -sf -o /dev/null http://10.99.0.2:8000/big.bin
stop_capture
# And losses with both offloads on, as on a host behind its own firewall:
# the client's input hook drops every 25th segment from the server after the
# client's tap has seen it (a whole GSO segment of up to 64 KB at a time), so
# the capture holds segments curl never got, each answered by duplicate ACKs
# and sent again by the server in MSS-sized pieces.
in_ns "$srv_ns" ethtool -K s0 tso on gso on >/dev/null
in_ns "$cli_ns" nft add table inet drops
in_ns "$cli_ns" nft add chain inet drops in '{ type filter hook input priority 0; }'
in_ns "$cli_ns" nft add rule inet drops in tcp sport 8000 tcp flags != syn,ack numgen inc mod 25 0 drop
start_capture "$cli_ns" tcpdump -U --immediate-mode -i c0 -s 200 -w "$out/offload_firewall_drops.pcap" 'tcp port 8000'
in_ns "$cli_ns" curl -sf -o /dev/null http://10.99.0.2:8000/big.bin
stop_capture
{ in_ns "$cli_ns" ss -tanH; in_ns "$srv_ns" ss -tanH; } >"$out/offload_firewall_drops.pcap.ss.txt"
in_ns "$cli_ns" nft delete table inet drops

# --- Every tool-made pcap also as pcapng (editcap), then derived files.
for f in http_v4 http_v6 refused half_close data_after_close fin_wait_2_expired port_reuse mid_connection zero_window any_sll2 any_sll nano sack_snaplen snaplen_cuts_syn vlan; do
  to_pcapng "$out/$f.pcap"
done
python3 "$here/convert.py" be-pcap "$out/http_v4.pcap" "$out/big_endian.pcap"
python3 "$here/convert.py" be-pcap "$out/nano.pcap" "$out/big_endian_nano.pcap"
# The "modified" pcap (magic a1b2cd34, 24-byte record headers) that libpcap,
# tcpdump and Wireshark still read.
editcap -F modpcap "$out/http_v4.pcap" "$out/modified.pcap"
python3 "$here/convert.py" relink 0 "$out/any_sll2.pcap" "$out/bsd_null.pcap"
python3 "$here/convert.py" relink 108 "$out/any_sll2.pcap" "$out/bsd_loop.pcap"
python3 "$here/convert.py" relink 101 "$out/any_sll2.pcap" "$out/raw_ip.pcap"
python3 "$here/convert.py" relink 228 "$out/any_sll2.pcap" "$out/raw_ipv4.pcap"
python3 "$here/convert.py" relink 229 "$out/any_sll2.pcap" "$out/raw_ipv6.pcap"
# macOS's PKTAP header (tcpdump -i pktap) before Ethernet (en0) and loopback (lo0) frames.
python3 "$here/convert.py" pktap "$out/http_v4.pcap" "$out/pktap_en0.pcap"
python3 "$here/convert.py" pktap "$out/bsd_null.pcap" "$out/pktap_lo0.pcap"
# Sequence numbers that wrap: each side's bytes of sack_snaplen cross 2^32 halfway.
python3 "$here/convert.py" shift-seq "$out/sack_snaplen.pcap" "$out/seq_wrap.pcap"
# A segment the capture missed: editcap leaves out the first FIN of http_v4.
first_fin=$(tshark -r "$out/http_v4.pcap" -Y 'tcp.flags.fin == 1' -T fields -e frame.number | head -1)
editcap -F pcap "$out/http_v4.pcap" "$out/missed_fin.pcap" "$first_fin"
# Two sections, the second big-endian: a pcapng may be a concatenation of sections.
python3 "$here/convert.py" be-pcapng "$out/http_v6.pcapng" "$work/http_v6_be.pcapng"
cat "$out/http_v4.pcapng" "$work/http_v6_be.pcapng" >"$out/two_sections.pcapng"

# Tunnels: the same connections as a container network's host or a mirror
# port captures them (IPv4 in IPv4, IPv4 in GRE over IPv6, IPv6 in VXLAN,
# IPv4 in Geneve with an option).
python3 "$here/convert.py" tunnel ipip "$out/http_v4.pcap" "$out/tunnel_ipip.pcap"
python3 "$here/convert.py" tunnel gre6 "$out/http_v4.pcap" "$out/tunnel_gre.pcap"
python3 "$here/convert.py" tunnel vxlan "$out/http_v6.pcap" "$out/tunnel_vxlan.pcap"
python3 "$here/convert.py" tunnel geneve "$out/http_v4.pcap" "$out/tunnel_geneve.pcap"

# Acknowledgments of numbers the capture never saw, and a SYN,ACK with a new
# initial number (made up: Wireshark's marks and relative numbers there).
python3 "$here/unseen_acks.py" "$out/acked_unseen.pcap"
# A closed window probed with data: one byte at its edge (the BSDs, macOS,
# Windows) and Linux's resend of the head (made up: neither is a loss).
python3 "$here/byte_probes.py" "$out/zero_window_probes.pcap"

for f in "$out"/*.pcap "$out"/*.pcapng; do
  [ "$(basename "$f")" = no_tcp.pcap ] || { expect "$f"; analysis "$f"; }
done

# --- Hostile files (no expected CSV: the test names the error each must give).
mkdir "$out/bad"
head -c 20 "$out/http_v4.pcap" >"$out/bad/truncated_file_header.pcap"
head -c $((24 + 16 + 30)) "$out/http_v4.pcap" >"$out/bad/truncated_packet.pcap"
third=$(python3 "$here/convert.py" block-offset "$out/http_v4.pcapng" 2)
head -c $((third + 6)) "$out/http_v4.pcapng" >"$out/bad/truncated_block_header.pcapng"
(cd "$here" && zip -q -X "$out/bad/not_a_capture.zip" README.md)
: >"$out/bad/empty.pcap"
# Compressed copies, as Wireshark's "compress with gzip" and the usual tools
# write them: the widget unwraps gzip in the browser, and the reader names
# each format with the command that unwraps it.
mkdir "$out/compressed"
gzip -9 -n -c "$out/http_v4.pcap" >"$out/compressed/http_v4.pcap.gz"
gzip -9 -n -c "$out/half_close.pcapng" >"$out/compressed/half_close.pcapng.gz"
zstd -q -19 -c "$out/http_v4.pcap" >"$out/compressed/http_v4.pcap.zst"
lz4 -q -9 -c "$out/http_v4.pcap" >"$out/compressed/http_v4.pcap.lz4"
xz -c "$out/http_v4.pcap" >"$out/compressed/http_v4.pcap.xz"
bzip2 -c "$out/http_v4.pcap" >"$out/compressed/http_v4.pcap.bz2"
mv "$out/no_tcp.pcap" "$out/bad/no_tcp.pcap"

ls -l "$out" "$out/bad" "$out/compressed"
