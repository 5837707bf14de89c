#!/usr/bin/env python3
"""Writes ipv6_routing_auth.pcap (raw IP, LINKTYPE_RAW): TCP segments behind
IPv6 routing headers (types 0, 2 and 4, with reserved bits, flags, a tag,
no address, a mapped address, an odd length, unknown types) and behind
IPsec authentication headers (after IPv6 and IPv4, chained, next to other
extension headers, with an empty ICV and one claiming 8 bytes). No Linux
tool sends most of these, so they are made here; tcpdump.sh then records
how tcpdump 4.99 prints them, which model/tests/tcpdump_file_real.rs
compares the widget's view with. Some lines tcpdump ends before TCP
(`(invalid)`, ` ip-proto-60 30`); the view must end them the same way and
must not let such a segment start tcpdump's relative numbering.

    python3 tools/captures/ipv6_routing_auth.py DIR
"""
import struct, sys

from rawpcap import write_raw_pcap

SRC = bytes.fromhex('20010db8000000000000000000000001')
DST = bytes.fromhex('20010db8000000000000000000000002')
A1 = bytes.fromhex('20010db80000000000000000000000aa')
A2 = bytes.fromhex('20010db80000000000000000000000bb')
MAPPED = bytes.fromhex('00000000000000000000ffff0a000001')
SYN, ACK = 0x02, 0x10


def tcp(sport, dport, seq, ack, flags, data=b''):
    return struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + data


def ipv6(next_header, payload):
    return struct.pack('!IHBB', 6 << 28, len(payload), next_header, 64) + SRC + DST + payload


def ipv4(proto, payload):
    return struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0,
                       bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + payload


def routing(nh, kind, segleft, addrs, reserved=0, hlen=None):
    hlen = len(addrs) * 2 if hlen is None else hlen
    return struct.pack('!BBBBI', nh, hlen, kind, segleft, reserved) + b''.join(addrs)


def srh(nh, segleft, segs, flags=0, tag=0, last=None, hlen=None):
    last = max(len(segs) - 1, 0) if last is None else last
    hlen = len(segs) * 2 if hlen is None else hlen
    return struct.pack('!BBBBBBH', nh, hlen, 4, segleft, last, flags, tag) + b''.join(segs)


def auth(nh, spi, seq, icv=12, hlen=None):
    hlen = (12 + icv) // 4 - 2 if hlen is None else hlen
    return struct.pack('!BBHII', nh, hlen, 0, spi, seq) + b'\xab' * icv


def options(nh):  # hop-by-hop or destination options: one PadN
    return struct.pack('!BB6s', nh, 0, b'\x01\x04\x00\x00\x00\x00')


def main(out):
    syn = tcp(40000, 8765, 1000, 0, SYN, b'hi')
    packets = [
        ipv6(43, routing(6, 0, 1, [A1]) + syn),
        ipv6(43, routing(6, 2, 1, [A1]) + syn),
        ipv6(43, routing(6, 2, 0, [MAPPED], reserved=0xdeadbeef) + syn),
        ipv6(43, routing(6, 0, 2, [A1, A2], reserved=5) + syn),
        ipv6(43, routing(6, 0, 0, []) + syn),
        ipv6(43, srh(6, 1, [A1, A2]) + syn),
        ipv6(43, srh(6, 0, [A1, A2], flags=0x80, tag=0x12) + syn),
        ipv6(43, srh(6, 1, [A1, A2], last=5) + syn),
        ipv6(43, srh(6, 0, [], last=0) + syn),
        ipv6(60, options(43) + routing(6, 2, 0, [A1]) + syn),
        # tcpdump ends these lines inside the routing header
        ipv6(43, routing(6, 3, 0, [A1]) + syn),
        ipv6(43, routing(6, 253, 0, [A1]) + syn),
        ipv6(43, routing(6, 0, 0, [A1], hlen=1)[:-8] + syn),
        ipv6(43, srh(6, 0, [A1], tag=0xabcd, hlen=3) + b'\0' * 8 + syn),
        # authentication headers
        ipv6(51, auth(6, 0x100, 1) + syn),
        ipv6(51, auth(51, 0x100, 2) + auth(6, 0x200, 3, icv=4) + syn),
        ipv6(51, auth(6, 0x100, 4, icv=0) + syn),
        ipv6(51, struct.pack('!BBHI', 6, 0, 0, 0x100) + syn),  # claims 8 bytes
        ipv6(44, struct.pack('!BBHI', 51, 0, 1, 7) + auth(6, 0x100, 5) + syn),
        ipv4(51, auth(6, 0x200, 9) + syn),
        # ... and these after one, which tcpdump does not follow
        ipv6(0, options(51) + auth(60, 0xdeadbeef, 0x12345678) + options(6) + syn),
        ipv6(51, auth(44, 0x100, 6) + struct.pack('!BBHI', 6, 0, 1, 7) + syn),
        ipv6(51, auth(43, 0x100, 7) + routing(6, 2, 0, [A1]) + syn),
        # A connection whose first ACK tcpdump never reaches: the next
        # segment starts its relative numbering.
        ipv6(43, routing(6, 3, 0, [A1]) + tcp(40001, 8765, 2001, 7001, ACK)),
        ipv6(6, tcp(40001, 8765, 2001, 7001, ACK, b'hello')),
        ipv6(6, tcp(40001, 8765, 2006, 7001, ACK, b'again')),
        ipv6(51, auth(6, 0x300, 1) + tcp(8765, 40001, 7001, 2011, ACK)),
    ]
    write_raw_pcap(f'{out}/ipv6_routing_auth.pcap', packets)


main(sys.argv[1] if len(sys.argv) > 1 else '.')
