#!/usr/bin/env python3
"""Writes mptcp_options.pcap: made-up TCP segments (raw IPv4) carrying
Multipath TCP options (kind 30) of every subtype tcpdump 4.99 knows, in each
length and with the TCP flags that choose how it reads them, and the ones it
refuses: wrong lengths or flags ([bad opt] after what it wrote), unknown
subtypes and versions, an option cut by the snapshot length, or after another
option. Its lines from `tcpdump -nn -r` (tcpdump.sh) are what
model/tests/tcpdump_file_real.rs compares the widget's view with (the real
connection is mptcp_real.pcap, from mptcp.py). Usage: mptcp_options.py OUT.pcap"""
import struct, sys

from rawpcap import csum, write_raw_pcap

def segment(flags, opts, payload=b""):
    opts = opts + b"\0" * (-len(opts) % 4)
    tcp = struct.pack("!HHIIBBHHH", 40000, 4000, 1000, 5000, (20 + len(opts)) // 4 << 4, flags, 1000, 0, 0) + opts + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    return ip[:10] + struct.pack("!H", csum(ip)) + ip[12:] + tcp

def mp(sub, first, rest=b""):
    """An MPTCP option: subtype in the high nibble of its third byte."""
    body = bytes([sub << 4 | first]) + rest
    return bytes([30, 2 + len(body)]) + body

SYN, ACK, FIN, RST, PSH = 2, 16, 1, 4, 8
SA = SYN | ACK
key1, key2 = bytes.fromhex("0123456789abcdef"), bytes.fromhex("00000000000000ff")
v6 = bytes.fromhex("20010db8000000000000000000000001")
mapped = bytes.fromhex("00000000000000000000ffff0a000003")
compat = bytes.fromhex("0000000000000000000000000a000004")
hmac8 = bytes.fromhex("0011223344556677")
cases = [
    # MP_CAPABLE: v1 SYN (4 bytes), v0 SYN with a key and the checksum bit,
    # SYN,ACK, third ACK with both keys, with a data length (22), and the
    # 24-byte form (data length and checksum) 4.99 does not know.
    (SYN, mp(0, 1, b"\x01")),
    (SYN, mp(0, 0, b"\x81" + key1)),
    (SA, mp(0, 1, b"\x01" + key2)),
    (ACK, mp(0, 1, b"\x01" + key1 + key2)),
    (ACK | PSH, mp(0, 1, b"\x01" + key1 + key2 + b"\x00\x05")),
    (ACK | PSH, mp(0, 1, b"\x81" + key1 + key2 + b"\x00\x05\xab\xcd")),
    # An unknown version; a key on a segment without SYN; the ACK form on a SYN,ACK.
    (SYN, mp(0, 7, b"\x01" + key1)),
    (ACK, mp(0, 1, b"\x01" + key1)),
    (SA, mp(0, 1, b"\x01" + key1 + key2)),
    # MP_JOIN: SYN (backup bit, id, token, nonce), SYN,ACK, third ACK, wrong flags or length.
    (SYN, mp(1, 1, b"\x03" + bytes.fromhex("0000abcd12345678"))),
    (SA, mp(1, 0, b"\x05" + hmac8 + bytes.fromhex("0000000f"))),
    (ACK, mp(1, 0, b"\x00" + bytes(range(0, 40, 2)))),
    (SYN, mp(1, 0, b"\x05" + hmac8 + bytes.fromhex("0000000f"))),
    (ACK, mp(1, 0, b"\x03" + bytes(9))),
    # DSS: nothing, DATA_FIN, 4- and 8-byte data ACK, a 4-byte mapping with
    # and without checksum, 8-byte everything with checksum.
    (ACK, mp(2, 0, b"\x00")),
    (ACK, mp(2, 0, b"\x10")),
    (ACK, mp(2, 0, b"\x01" + struct.pack("!I", 4000000000))),
    (ACK, mp(2, 0, b"\x03" + struct.pack("!Q", 2**64 - 1))),
    (ACK | PSH, mp(2, 0, b"\x04" + struct.pack("!IIH", 7, 1, 10)), b"0123456789"),
    (ACK | PSH, mp(2, 0, b"\x05" + struct.pack("!IIIHH", 9, 7, 1, 10, 0xBEEF)), b"0123456789"),
    (ACK | FIN, mp(2, 0, b"\x1f" + struct.pack("!QQIHH", 123, 456, 0, 1, 0x0a0b))),
    # DSS broken: on a SYN, shorter than its flags, a data ACK cut short,
    # a mapping cut after its sequence, before its length, one byte left over.
    (SYN, mp(2, 0, b"\x01" + bytes(4))),
    (ACK, mp(2, 0)),
    (ACK, mp(2, 0, b"\x03" + bytes(4))),
    (ACK, mp(2, 0, b"\x04" + bytes(4))),
    (ACK, mp(2, 0, b"\x05" + bytes(10))),
    (ACK, mp(2, 0, b"\x04" + struct.pack("!IIH", 1, 2, 3) + b"\x09")),
    # ADD_ADDR: IPv4 echo (8), with port (10), with HMAC (16), both (18);
    # IPv6 in the same four forms; version 0 markers; an unknown marker;
    # lengths it does not know.
    (ACK, mp(3, 1, b"\x02" + bytes([10, 0, 0, 9]))),
    (ACK, mp(3, 0, b"\x02" + bytes([10, 0, 0, 9]) + b"\x1f\x90")),
    (ACK, mp(3, 0, b"\x02" + bytes([192, 168, 1, 1]) + hmac8)),
    (ACK, mp(3, 0, b"\xff" + bytes([192, 168, 1, 1]) + b"\x00\x50" + hmac8)),
    (ACK, mp(3, 1, b"\x07" + v6)),
    (ACK, mp(3, 0, b"\x07" + mapped + b"\x1f\x90")),
    (ACK, mp(3, 0, b"\x07" + compat + bytes(8))),
    (ACK, mp(3, 0, b"\x07" + bytes(16) + b"\xff\xff" + hmac8)),
    (ACK, mp(3, 4, b"\x01" + bytes([10, 0, 0, 9]) + b"\x00\x16")),
    (ACK, mp(3, 6, b"\x01" + bytes.fromhex("fe800000000000000000000000000001"))),
    (ACK, mp(3, 9, b"\x01" + bytes([10, 0, 0, 9]))),
    (ACK, mp(3, 0, b"\x01" + bytes(8))),
    (SYN, mp(3, 0, b"\x01" + bytes(3))),
    # REMOVE_ADDR: one id, several, none (too short).
    (ACK, mp(4, 0, b"\x01")),
    (ACK, mp(4, 0, bytes([2, 3, 255, 0]))),
    (ACK, mp(4, 0)),
    # MP_PRIO: without id, backup, with id, too long.
    (ACK, mp(5, 0)),
    (ACK, mp(5, 1)),
    (ACK, mp(5, 1, b"\x04")),
    (ACK, mp(5, 0, b"\x04\x00")),
    # MP_FAIL, MP_FASTCLOSE, and each at a wrong length.
    (ACK, mp(6, 0, b"\x00" + struct.pack("!Q", 9876543210))),
    (RST | ACK, mp(7, 0, b"\x00" + key2)),
    (ACK, mp(6, 0, b"\x00" + bytes(4))),
    (RST | ACK, mp(7, 0, b"\x00" + key2 + bytes(2))),
    # MP_TCPRST (8), which 4.99 does not name, and subtypes past it.
    (RST | ACK, mp(8, 1, b"\x03")),
    (ACK, mp(9, 0, b"\x00\x00")),
    (ACK, mp(15, 15)),
    # Too short for a subtype; a length over what the header declares.
    (ACK, bytes([30, 2])),
    (ACK, bytes([1, 1, 30, 2])),
    (ACK, bytes([30, 12, 0x20, 0x01])),
    # After other options, two in one list, and broken after another one.
    (ACK, bytes([1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2]) + mp(2, 0, b"\x01" + bytes(4)) + mp(5, 1)),
    (ACK, bytes([1, 1]) + mp(2, 0, b"\x03" + bytes(4))),
    (ACK, bytes([1, 1]) + mp(4, 0) + bytes([1, 1])),
]
# Cut by the snapshot length: inside the first option, inside one after a
# NOP, between a first MPTCP option and a second.
cut = [
    (segment(ACK, mp(2, 0, b"\x01" + bytes(4))), 20 + 20 + 5),
    (segment(ACK, bytes([1, 1]) + mp(2, 0, b"\x01" + bytes(4))), 20 + 20 + 6),
    (segment(ACK, mp(5, 1) + mp(2, 0, b"\x01" + bytes(4))), 20 + 20 + 4),
    # A cut after an MPTCP option: tcpdump names MPTCP as what was cut
    # (inside a timestamp after one, and at the next option's kind).
    (segment(ACK, mp(5, 1) + bytes([1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2])), 20 + 20 + 8),
    (segment(ACK, mp(4, 0, b"\x01") + bytes([8, 10, 0, 0, 0, 1, 0, 0, 0, 2])), 20 + 20 + 4),
]
packets = [(segment(c[0], c[1], *c[2:]), None) for c in cases] + cut
write_raw_pcap(sys.argv[1], packets, usec=lambda i: 250_000 * i % 1_000_000)
