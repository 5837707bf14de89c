#!/usr/bin/env python3
"""Writes ipv4_fragment_options.pcap (raw IP, LINKTYPE_RAW): an IPv4 first
fragment (more-fragments set, offset 0) carrying a whole TCP SYN with 10
bytes of data, and two SYNs behind IPv4 options (NOPs and an end of list; a
record-route option). tcpdump 4.99 prints all three in the plain form
(`IP a.p > b.q: Flags [S], seq 1000:1010, ...`: without -v it shows neither
the fragment nor the options), which model/tests/tcpdump_file_real.rs
compares the widget's view with.

    python3 tools/captures/ipv4_fragment_options.py DIR
"""
import struct, sys

from rawpcap import write_raw_pcap


def tcp_syn(data):
    # ports 40000 > 8765, seq 1000, SYN, window 65535, no options, then data
    return struct.pack('!HHIIBBHHH', 40000, 8765, 1000, 0, 5 << 4, 0x02, 65535, 0, 0) + data


def ipv4(payload, fragment=0, options=b''):
    header_len = 20 + len(options)
    return struct.pack('!BBHHHBBH4s4s', 0x40 | header_len // 4, 0, header_len + len(payload), 1, fragment,
                       64, 6, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + options + payload


def main(out):
    packets = [
        ipv4(tcp_syn(b'0123456789'), fragment=0x2000),
        ipv4(tcp_syn(b'hi'), options=b'\x01\x01\x01\x00'),
        ipv4(tcp_syn(b'hi'), options=b'\x07\x07\x04\x00\x00\x00\x00\x00'),
    ]
    write_raw_pcap(f'{out}/ipv4_fragment_options.pcap', packets)


main(sys.argv[1] if len(sys.argv) > 1 else '.')
