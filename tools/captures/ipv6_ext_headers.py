#!/usr/bin/env python3
"""Makes Linux send TCP behind an IPv6 extension header: the sticky
IPV6_HOPOPTS (hop-by-hop) or IPV6_DSTOPTS (destination options) socket option,
one PadN option each, set on the listener, the accepted socket and the client,
so every segment of both directions carries it. Captured with tcpdump -i lo
in a namespace (v6_hopopts.pcap, v6_dstopts.pcap; see README.md).

    python3 ipv6_ext_headers.py ::1 7202 hop
    python3 ipv6_ext_headers.py ::1 7203 dst
"""
import socket, sys, threading
host, port, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pad = b'\x00\x00\x01\x04\x00\x00\x00\x00'  # next hdr (kernel fills), len 0, PadN 4
opt = {'hop': socket.IPV6_HOPOPTS, 'dst': getattr(socket, 'IPV6_DSTOPTS', 59)}[kind]
L = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); L.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
L.setsockopt(socket.IPPROTO_IPV6, opt, pad)
L.bind((host, port)); L.listen(1)
def serve():
    c, _ = L.accept()
    try: c.setsockopt(socket.IPPROTO_IPV6, opt, pad)
    except OSError as e: print('srv setsockopt', e)
    d = c.recv(100); c.sendall(d.upper() * 10); c.close()
t = threading.Thread(target=serve); t.start()
c = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
c.setsockopt(socket.IPPROTO_IPV6, opt, pad)
c.connect((host, port)); c.sendall(b'hello ext headers')
while c.recv(1000): pass
c.close(); t.join()
