#!/usr/bin/env python3
"""Writes ipv6_first_fragment.pcap (raw IP, LINKTYPE_RAW): one IPv6 TCP SYN
with 10 bytes of data sent as the first piece of a fragmented datagram
(fragment header, offset 0, more-fragments set), and the same SYN after a
hop-by-hop and a destination-options header. No Linux tool sends these, so
they are made here; tcpdump.sh then records how tcpdump 4.99 prints them
(`IP6 a > b: frag (0|30) 40000 > 8765: ...`), which
model/tests/tcpdump_file_real.rs compares the widget's view with.

    python3 tools/captures/ipv6_first_fragment.py DIR
"""
import struct, sys

from rawpcap import write_raw_pcap

SRC = bytes.fromhex('20010db8000000000000000000000001')
DST = bytes.fromhex('20010db8000000000000000000000002')


def tcp_syn(data):
    # ports 40000 > 8765, seq 1000, SYN, window 65535, no options, then data
    return struct.pack('!HHIIBBHHH', 40000, 8765, 1000, 0, 5 << 4, 0x02, 65535, 0, 0) + data


def ipv6(next_header, payload):
    return struct.pack('!IHBB', 6 << 28, len(payload), next_header, 64) + SRC + DST + payload


def main(out):
    seg = tcp_syn(b'0123456789')
    frag = struct.pack('!BBHI', 6, 0, 0x0001, 0x1234)  # next TCP, offset 0, M=1
    hbh = struct.pack('!BB6s', 60, 0, b'\x01\x04\x00\x00\x00\x00')  # PadN, then dest options
    dst = struct.pack('!BB6s', 6, 0, b'\x01\x04\x00\x00\x00\x00')  # PadN, then TCP
    packets = [ipv6(44, frag + seg), ipv6(0, hbh + dst + seg)]
    write_raw_pcap(f'{out}/ipv6_first_fragment.pcap', packets)


main(sys.argv[1] if len(sys.argv) > 1 else '.')
