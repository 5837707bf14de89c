#!/usr/bin/env python3
"""Writes acked_unseen.pcap: made-up connections in which one side
acknowledges numbers the capture never saw the other side send, the case
where Wireshark's "ACKed unseen segment" and its relative numbers follow
rules of their own (tshark 4.0.17 is the reference, through the corpus
tests, model/tests/capture_run.rs):
- stream 0: the client acknowledges data never captured twice, the server's
  data between (the mark comes again);
- stream 1: the same with a duplicate ACK of the client's and of the
  server's between (the mark comes once per stretch);
- stream 2: the server answers a repeated SYN with a SYN,ACK of another
  initial sequence number, as a listener with SYN cookies does (its numbers
  start again; the client's ACK of it is marked once, kernel run 11877).
Usage: unseen_acks.py OUT.pcap"""
import struct
import sys

from rawpcap import csum, write_raw_pcap

SYN, ACK = 2, 16
C, S = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])


def segment(port, from_client, flags, seq, ack, length=0):
    """One IPv4 segment between 10.0.0.1:`port` and 10.0.0.2:80."""
    src, dst = (C, S) if from_client else (S, C)
    sport, dport = (port, 80) if from_client else (80, port)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags,
                      65535, 0, 0) + b"x" * length
    tcp = tcp[:16] + struct.pack("!H", csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
    return ip[:10] + struct.pack("!H", csum(ip)) + ip[12:] + tcp


def handshake(port, c, s):
    return [segment(port, True, SYN, c, 0), segment(port, False, SYN | ACK, s, c + 1),
            segment(port, True, ACK, c + 1, s + 1)]


def main():
    c, s = 1000, 5000
    a = 40001
    beyond = handshake(a, c, s) + [
        segment(a, False, ACK, s + 1, c + 1, 100), segment(a, True, ACK, c + 1, s + 301),
        segment(a, False, ACK, s + 301, c + 1, 100), segment(a, True, ACK, c + 1, s + 501),
        segment(a, False, ACK, s + 401, c + 1), segment(a, True, ACK, c + 1, s + 601)]
    b = 40002
    twice = handshake(b, c, s) + [
        segment(b, False, ACK, s + 1, c + 1, 100), segment(b, True, ACK, c + 1, s + 301),
        segment(b, True, ACK, c + 1, s + 301), segment(b, True, ACK, c + 1, s + 401, 10),
        segment(b, False, ACK, s + 401, c + 11, 100), segment(b, True, ACK, c + 11, s + 601),
        segment(b, False, ACK, s + 601, c + 11), segment(b, False, ACK, s + 601, c + 11),
        segment(b, True, ACK, c + 11, s + 701)]
    d = 40003
    first, second = 3570642064, 3588420374
    cookies = [segment(d, True, SYN, c, 0), segment(d, False, SYN | ACK, first, c + 1),
               segment(d, True, SYN, c, 0), segment(d, False, SYN | ACK, second, c + 1),
               segment(d, True, ACK, c + 1, second + 1)]
    cookies += [segment(d, True, ACK, c + 1 + i * 100, second + 1, 100) for i in range(3)]
    cookies += [segment(d, False, ACK, second + 1, c + 1 + (i + 1) * 100) for i in range(3)]
    cookies += [segment(d, True, ACK, c + 301, second + 1, 100), segment(d, False, ACK, second + 1, c + 401)]
    write_raw_pcap(sys.argv[1], beyond + twice + cookies, usec=lambda i: 0)


if __name__ == "__main__":
    main()
