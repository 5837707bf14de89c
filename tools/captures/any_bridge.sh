#!/usr/bin/env bash
#! any_bridge.sh OUT.pcap: one short TCP connection between two network
#! namespaces joined by a bridge in a third, captured there with
#! `tcpdump -i any -y LINUX_SLL2`, as on a host whose containers hang off a
#! bridge: every frame is captured twice, on the veth it came in by and on
#! the one it left by, and only the cooked header's interface index tells
#! the two apart. Needs root, iproute2 and tcpdump.
set -euo pipefail
out=${1:?usage: any_bridge.sh OUT.pcap}
ns() { ip netns exec "$@"; }
cleanup() { for n in ba bb bh; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
for n in ba bb bh; do ip netns add $n; done
ns bh ip link add br0 type bridge
ip link add va type veth peer name vah
ip link add vb type veth peer name vbh
ip link set va netns ba; ip link set vah netns bh
ip link set vb netns bb; ip link set vbh netns bh
ns bh sh -c 'ip link set vah master br0; ip link set vbh master br0; for d in br0 vah vbh lo; do ip link set $d up; done'
ns ba sh -c 'ip addr add 10.88.0.1/24 dev va; ip link set va up; ip link set lo up'
ns bb sh -c 'ip addr add 10.88.0.2/24 dev vb; ip link set vb up; ip link set lo up'
sleep 0.5
ns bh tcpdump -i any -y LINUX_SLL2 -w "$out" -U tcp 2>/dev/null &
tap=$!
sleep 1
timeout 20 ip netns exec bb python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('10.88.0.2', 8000)); s.listen(1)
c, _ = s.accept(); c.recv(100); c.sendall(b'hello back'); c.close()" &
server=$!
sleep 0.5
timeout 20 ip netns exec ba python3 -c "
import socket, time
s = socket.create_connection(('10.88.0.2', 8000)); s.sendall(b'hello'); time.sleep(0.2); s.recv(100); s.close()"
wait $server || true
sleep 1
kill -INT $tap 2>/dev/null || true
sleep 1
kill $tap 2>/dev/null || true
