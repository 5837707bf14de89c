#!/usr/bin/env python3
"""Writes text_protocols.pcap: made-up TCP segments on the ports whose
payload tcpdump 4.99 prints as a line of text (HTTP 80 and 8080, RTSP 554
and 8554, FTP 21, SMTP 25, WHOIS 43) or as a banner (SSH 22): requests,
responses and continuations, lower-case methods, a 3-digit code as the
second token of a line that is not a request, tabs, bytes that are not
printable, CR without LF, lines without an ending, lines cut by the snapshot
length, an empty first line, long tokens, the port as the source, SSH
banners and SSH data, a first line longer than the bytes the reader keeps
(512). Its lines from `tcpdump -nn -r` (tcpdump.sh) are what
model/tests/tcpdump_file_real.rs compares the widget's view with.
Usage: text_protocols.py OUT.pcap"""
import struct, sys

from rawpcap import csum, write_raw_pcap

def segment(src_port, dst_port, payload=b"", flags=0x18, seq=1000, ack=5000):
    tcp = struct.pack("!HHIIBBHHH", src_port, dst_port, seq, ack, 5 << 4, flags, 1000, 0, 0) + payload
    client = src_port > 1000
    a, b = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, a if client else b, b if client else a)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + tcp

C = 40000
packets = []
def add(sport, dport, payload, snap=None, flags=0x18):
    packets.append((segment(sport, dport, payload, flags), None if snap is None else 40 + snap))

for port in (80, 8080):
    add(C, port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    add(port, C, b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")
    add(port, C, b"<html><body>continuation</body></html>\n")
add(C, 80, b"get /lower HTTP/1.0\r\n\r\n")  # methods compare without case
add(C, 80, b"PoSt /x HTTP/1.1\r\n")
add(C, 80, b"FOO 200 bar\r\n")  # a 3-digit second token: a response
add(C, 80, b"FOO 2000 bar\r\n")  # four digits: not
add(C, 80, b"FOO 20x bar\r\n")
add(C, 80, b"200 OK\r\n")  # first token digits: HTTP wants the second
add(C, 80, b"GET\t/tab\tHTTP/1.1\r\n")  # tabs separate and are printed
add(C, 80, b"GET /a\x01b HTTP/1.1\r\n")  # not printable: nothing after HTTP
add(C, 80, b"GET /\x80 HTTP/1.1\r\n")
add(C, 80, b"GET /a\rb\r\n")  # CR without LF: binary
add(C, 80, b"GET /cr-at-end\r")  # CR last: no line
add(C, 80, b"GET /no-ending HTTP/1.1")  # printed up to the end
add(C, 80, b"GET /lf-only\nHost: y\n")
add(C, 80, b"\r\nGET / HTTP/1.1\r\n")  # empty first line: no token
add(C, 80, b" GET / HTTP/1.1\r\n")  # leading space: no token
add(C, 80, b"GET")  # a token and nothing else
add(C, 80, b"GET ")
add(C, 80, b"HTTP/1.1 404")
add(C, 80, b"HTTP/1.1  404  Not Found\r\n")
add(C, 80, b"HTTP/1.1 404\x01 x\r\n")
add(C, 80, b"X" * 127 + b" 200 ok\r\n")  # long tokens
add(C, 80, b"X" * 128 + b" 200 ok\r\n")  # the longest tcpdump takes (128 and a NUL)
add(C, 80, b"X" * 129 + b" 200 ok\r\n")  # one more: no token
add(C, 80, b"FOO\t200 x\r\n")  # a tab is not skipped after a token
add(C, 80, b"FOO   200\r\n")
add(C, 80, b"\xc3\xa9 200 x\r\n")  # not ASCII: no token
for method in (b"ccm_post", b"BASELINE-CONTROL", b"RPC_CONNECT", b"PATCH", b"X-MS-ENUMATTS", b"label", b"Report"):
    add(C, 8080, method + b" /m HTTP/1.1\r\n")
add(C, 80, b"GET /" + b"a" * 200 + b" HTTP/1.1\r\n")
add(C, 80, b"GET /snap HTTP/1.1\r\nHost: z\r\n\r\n", snap=10)  # cut in the line
add(C, 80, b"GET /snap HTTP/1.1\r\nHost: z\r\n\r\n", snap=3)  # cut in the token
add(C, 80, b"GET /snap HTTP/1.1\r\n", snap=4)  # cut after the token's space
add(C, 80, b"HTTP/1.1 200 OK\r\n", snap=12)  # cut in the second token
add(C, 80, b"GET /snap HTTP/1.1\r\n", snap=0)  # no payload captured
add(C, 80, b"GET /crlf HTTP/1.1\r\n", snap=19)  # cut between CR and LF
add(C, 80, b"GET / HTTP/1.1\r\n", flags=0x11)  # FIN with data
add(C, 80, b"", flags=0x10)  # no payload: nothing after the length
add(C, 80, b"GET /" + b"b" * 600 + b" HTTP/1.1\r\n")  # longer than the reader keeps
add(C, 80, b"GET /" + b"c" * 600 + b" HTTP/1.1\r\n", snap=300)
add(C, 80, b"GET /" + b"d" * 505 + b"\r\nHost: x\r\n")  # CR at byte 510, LF at 511
add(C, 80, b"GET /" + b"e" * 506 + b"\r\nHost: x\r\n")  # CR at 511, LF beyond
add(80, 23, b"GET / HTTP/1.1\r\n")  # telnet's port goes first
add(80, 8080, b"HTTP/1.1 200 OK\r\n")
for port in (554, 8554):
    add(C, port, b"OPTIONS rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\n\r\n")
    add(port, C, b"RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n")
for method in (b"setup", b"GET_PARAMETER", b"set_parameter", b"TEARDOWN", b"describe", b"ANNOUNCE", b"PAUSE", b"PLAY", b"RECORD", b"REDIRECT"):
    add(C, 554, method + b" rtsp://x/ RTSP/1.0\r\n")
add(C, 554, b"GET / HTTP/1.1\r\n")  # not an RTSP method
add(C, 554, b"$\x00\x00\x10binary")
for port in (21, 25, 43):
    add(C, port, b"USER anonymous\r\n" if port == 21 else b"EHLO x\r\n" if port == 25 else b"example.com\r\n")
    add(port, C, b"220 ready\r\n230 more\r\n")
    add(C, port, b"any text\tat all\n")
    add(C, port, b"\r\n")
    add(C, port, b"\x00\x01binary")
    add(C, port, b"no ending")
    add(C, port, b"cut here\r\n", snap=5)
    add(C, port, b"cut here\r\n", snap=0)
    add(C, port, b"cr\rx\r\n")
add(21, C, b"x" * 700 + b"\r\n")
add(21, C, b"y" * 510 + b"\r\n")
add(C, 22, b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
add(22, C, b"SSH-2.0-OpenSSH_9.2p1\n")
add(22, C, b"SSH-1.99-x\r\nmore")
add(C, 22, b"\x00\x00\x05\xdc\x06\x14binary key exchange")
add(C, 22, b"SSH-2.0-no-ending")
add(C, 22, b"SSH-2.0-tab\there\r\n")
add(C, 22, b"SSH-2.0-cr\rx\n")
add(C, 22, b"SSH-2.0-cut\r\n", snap=6)
add(C, 22, b"SSH-2.0-cut\r\n", snap=2)
add(C, 22, b"SS")
add(C, 22, b"SSH-2.0-crlast\r")
add(C, 22, b"ssh-2.0-lower\r\n")
add(C, 22, b"SSH-" + b"v" * 600 + b"\r\n")
add(C, 22, b"\r\n")

write_raw_pcap(sys.argv[1], packets, usec=lambda i: 250_000 * i % 1_000_000)
