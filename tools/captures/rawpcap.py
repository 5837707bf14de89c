"""What the scripts that make up TCP segments share: the Internet
checksum (IPv4 headers, TCP segments), and writing packets as a little-endian microsecond pcap of raw IP
(LINKTYPE_RAW, 101), optionally cut by a snapshot length per packet.
Imported by odd_options.py, mptcp_options.py, text_protocols.py, convert.py
and the ipv4_/ipv6_ scripts (run them from any folder: Python finds this file
beside them)."""
import struct


def csum(data):
    """The Internet checksum (RFC 1071) of `data`."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def write_raw_pcap(path, packets, usec=lambda i: 0):
    """Packet i is stamped 1,700,000,000 + i seconds and `usec(i)`
    microseconds. Each packet is bytes, or (bytes, snap) where a snap that
    is not None keeps only its first snap bytes (the wire length stays)."""
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)
    for i, p in enumerate(packets):
        pkt, snap = p if isinstance(p, tuple) else (p, None)
        kept = pkt if snap is None else pkt[:snap]
        out += struct.pack("<IIII", 1_700_000_000 + i, usec(i), len(kept), len(pkt)) + kept
    with open(path, "wb") as f:
        f.write(out)
