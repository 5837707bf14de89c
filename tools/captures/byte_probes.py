#!/usr/bin/env python3
"""Writes zero_window_probes.pcap: made-up connections in which the sender
meets a closed window with data rather than with Linux's empty probe (the
reader's loss and resend rules must not take them for losses):
- stream 0: the receiver announces a window of 0 and the sender probes it
  with one byte at the window's edge, three times, as the BSDs, macOS and
  Windows do; each probe is answered at once with a window of 0, then a
  window update opens it and that byte goes with the rest (tshark 4.0.17:
  "TCP Zero Window Probe" and "ACK to a TCP Zero Window Probe", no
  retransmission);
- stream 1: the receiver keeps the first of two segments and closes its
  window (it had no room for the second, as a Linux host with a tiny buffer
  under SYN cookies does, kernel run 12314); the sender's timer sends the
  second again into the closed window three times (Linux: "our retransmit
  serves as a zero window probe"), each answered with a window of 0, then
  again once the window opens.
Each side answers within 100 µs; the sender's timers wait hundreds of
milliseconds.
Usage: byte_probes.py OUT.pcap"""
import struct
import sys

from rawpcap import csum

FIN, SYN, PSH, ACK = 1, 2, 8, 16
C, S = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])


class Conn:
    """One connection's packets, with each side's IPv4 identification
    counting up as a real stack's does (equal ones would be the path's
    copies of one packet)."""

    def __init__(self, port, start_us):
        self.port, self.t, self.packets = port, start_us, []
        self.ident = {True: 100, False: 900}

    def send(self, after_us, from_client, flags, seq, ack, length=0, window=65535):
        self.t += after_us
        self.ident[from_client] += 1
        src, dst = (C, S) if from_client else (S, C)
        sport, dport = (self.port, 80) if from_client else (80, self.port)
        tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags,
                          window, 0, 0) + b"x" * length
        tcp = tcp[:16] + struct.pack("!H", csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), self.ident[from_client], 0x4000, 64, 6, 0,
                         src, dst)
        self.packets.append((self.t, ip[:10] + struct.pack("!H", csum(ip)) + ip[12:] + tcp))


def opened(port, start_us, c, s, window):
    conn = Conn(port, start_us)
    conn.send(0, True, SYN, c, 0)
    conn.send(100, False, SYN | ACK, s, c + 1, window=window)
    conn.send(100, True, ACK, c + 1, s + 1)
    return conn


def closed(conn, c, s, after_us):
    conn.send(after_us, True, FIN | ACK, c, s + 1)
    conn.send(100, False, FIN | ACK, s + 1, c + 1, window=4000)
    conn.send(100, True, ACK, c + 1, s + 2)


def main():
    c, s = 1000, 5000
    bytes_ = opened(40001, 0, c, s, 2000)
    bytes_.send(10, True, ACK, c + 1, s + 1, 1000)
    bytes_.send(10, True, PSH | ACK, c + 1001, s + 1, 1000)
    bytes_.send(100, False, ACK, s + 1, c + 2001, window=0)
    for wait in (500_000, 1_000_000, 2_000_000):
        bytes_.send(wait, True, ACK, c + 2001, s + 1, 1)
        bytes_.send(100, False, ACK, s + 1, c + 2001, window=0)
    bytes_.send(300_000, False, ACK, s + 1, c + 2001, window=4000)
    bytes_.send(100, True, PSH | ACK, c + 2001, s + 1, 1000)
    bytes_.send(100, False, ACK, s + 1, c + 3001, window=4000)
    closed(bytes_, c + 3001, s, 10)

    head = opened(40002, 10_000_000, c, s, 2000)
    head.send(10, True, ACK, c + 1, s + 1, 1000)
    head.send(10, True, PSH | ACK, c + 1001, s + 1, 1000)
    head.send(100, False, ACK, s + 1, c + 1001, window=0)
    for wait in (200_000, 400_000, 800_000):
        head.send(wait, True, PSH | ACK, c + 1001, s + 1, 1000)
        head.send(100, False, ACK, s + 1, c + 1001, window=0)
    head.send(300_000, False, ACK, s + 1, c + 1001, window=4000)
    head.send(100, True, PSH | ACK, c + 1001, s + 1, 1000)
    head.send(100, False, ACK, s + 1, c + 2001, window=4000)
    closed(head, c + 2001, s, 10)

    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)
    for t, p in bytes_.packets + head.packets:
        out += struct.pack("<IIII", 1_700_000_000 + t // 1_000_000, t % 1_000_000, len(p), len(p)) + p
    with open(sys.argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
