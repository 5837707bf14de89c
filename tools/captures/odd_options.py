#!/usr/bin/env python3
"""Writes odd_options.pcap: made-up TCP segments whose options and flags
tcpdump prints in its less common ways (unknown kinds, wrong lengths, a list
broken or cut by the snapshot length, URG, ECE and CWR, MD5, user timeout,
TCP-AO, Fast Open as kind 34 and as experiment 254, SACK edges). Its lines
from `tcpdump -nn -r` (tcpdump.sh) are what model/tests/tcpdump_file_real.rs
compares the widget's view with. Usage: odd_options.py OUT.pcap"""
import struct, sys

from rawpcap import csum, write_raw_pcap

def segment(src_port, dst_port, seq, ack, flags, opts=b"", payload=b"", win=1000, urg=0, declared=None):
    opts = opts + b"\0" * (-len(opts) % 4)
    off = (20 + len(opts)) // 4 if declared is None else declared
    tcp = struct.pack("!HHIIBBHHH", src_port, dst_port, seq, ack, off << 4, flags, win, 0, urg) + opts + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, bytes([10, 0, 0, 1]) if src_port > 1000 else bytes([10, 0, 0, 2]), bytes([10, 0, 0, 2]) if src_port > 1000 else bytes([10, 0, 0, 1]))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + tcp

SYN, ACK, FIN, RST, PSH, URG, ECE, CWR = 2, 16, 1, 4, 8, 32, 64, 128
C, S = 40000, 80
packets = [
    # An ECN-setup SYN with MSS, SACK-permitted, timestamps, window scale.
    (segment(C, S, 1000, 0, SYN | ECE | CWR, bytes([2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7])), None),
    (segment(S, C, 5000, 1001, SYN | ACK | ECE, bytes([2, 4, 5, 180, 1, 1, 4, 2])), None),
    # Urgent data; an unknown option kind with a value, and one without.
    (segment(C, S, 1001, 5001, ACK | PSH | URG, bytes([99, 4, 0xAB, 0xCD, 100, 2]), b"hello", urg=3), None),
    # MSS with a wrong length: tcpdump reads 2 bytes and says [len 6].
    (segment(C, S, 1006, 5001, ACK, bytes([2, 6, 1, 2, 3, 4])), None),
    # A length under 2: the list is broken at its first option.
    (segment(C, S, 1006, 5001, ACK, bytes([5, 1, 0, 0])), None),
    # ... and after a NOP.
    (segment(C, S, 1006, 5001, ACK, bytes([1, 9, 40, 0])), None),
    # End of list, then junk tcpdump does not read.
    (segment(C, S, 1006, 5001, ACK, bytes([1, 0, 7, 7])), None),
    # SACK with two blocks, and one with a length not a multiple of 8.
    (segment(S, C, 5001, 1006, ACK, bytes([1, 1, 5, 18]) + struct.pack("!IIII", 1010, 1020, 1030, 1040)), None),
    (segment(S, C, 5001, 1006, ACK, bytes([1, 1, 5, 6, 0, 0, 0, 0])), None),
    # MD5 signature, user timeout (minutes, seconds), TCP-AO.
    (segment(C, S, 1006, 5001, ACK, bytes([19, 18]) + bytes(range(16)) + bytes([1, 1])), None),
    (segment(C, S, 1006, 5001, ACK, bytes([28, 4, 0, 11, 28, 4, 0, 20])), None),
    (segment(C, S, 1006, 5001, ACK, bytes([29, 6, 7, 8, 0xAA, 0xBB])), None),
    (segment(C, S, 1006, 5001, ACK, bytes([29, 3, 7])), None),
    # Fast Open: a request and a cookie as kind 34, a cookie as experiment 254, an odd cookie.
    (segment(C, S, 2000, 0, SYN, bytes([34, 2, 254, 12, 0xF9, 0x89]) + bytes([1, 2, 3, 4, 5, 6, 7, 8])), None),
    (segment(C, S, 2000, 0, SYN, bytes([34, 5, 1, 2, 3, 254, 6, 0x12, 0x34, 9, 9])), None),
    # Timestamps cut by the snapshot length, and a cut right after an option.
    (segment(C, S, 1006, 5001, ACK, bytes([1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2])), 20 + 20 + 6),
    (segment(C, S, 1006, 5001, ACK, bytes([2, 4, 5, 180, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2])), 20 + 20 + 4),
    # SACK cut inside its second block.
    (segment(S, C, 5001, 1006, ACK, bytes([1, 1, 5, 18]) + struct.pack("!IIII", 1010, 1020, 1030, 1040)), 20 + 20 + 16),
    # No flags, and FIN with RST and data.
    (segment(C, S, 1006, 5001, 0), None),
    (segment(C, S, 1006, 5001, FIN | RST | ACK, payload=b"xy"), None),
    # TCP-AO cut after its key id, and inside its MAC: tcpdump writes each
    # field once it has read it (a fuzzed capture showed the difference).
    (segment(C, S, 1006, 5001, ACK, bytes([29, 8, 7, 8, 0xAA, 0xBB, 0xCC, 0xDD])), 20 + 20 + 3),
    (segment(C, S, 1006, 5001, ACK, bytes([29, 8, 7, 8, 0xAA, 0xBB, 0xCC, 0xDD])), 20 + 20 + 6),
    # An option kind as the header's last byte: tcpdump reads the first data
    # byte as its length ([bad opt]), or stops where the capture does.
    (segment(C, S, 1006, 5001, ACK | PSH, bytes([1, 1, 1, 99]), b"xy"), None),
    (segment(C, S, 1006, 5001, ACK | PSH, bytes([1, 1, 1, 99]), b"xy"), 20 + 24),
]
write_raw_pcap(sys.argv[1], packets, usec=lambda i: 250_000 * i % 1_000_000)
