"""Derives capture files that no tool on this machine writes, from real captures.

tcpdump, dumpcap and editcap on Linux write little-endian files with Linux
link types only. The reader must also handle big-endian files (written on
big-endian hosts) and the BSD loopback link types. Each mode below rewrites
only headers of a real capture; packet bytes from the IP header on are copied
unchanged, so the TCP content is still what the kernel sent. tshark reads every
output to make the expected CSV, so a mistake here shows up as a mismatch
between tshark and the reader, never as a wrong expectation.

Usage:
  convert.py be-pcap IN OUT               pcap, every header field big-endian
  convert.py be-pcapng IN OUT             pcapng, SHB/IDB/EPB/SPB big-endian, other blocks dropped
  convert.py relink LINKTYPE IN OUT       pcap with Ethernet (1) or SLL2 (276) frames to
                                          NULL (0), LOOP (108), RAW (101), IPV4 (228), IPV6 (229)
  convert.py pktap IN OUT                 pcap with Ethernet (1) or NULL (0) frames, each behind
                                          the PKTAP header macOS writes for `tcpdump -i pktap`
                                          (LINKTYPE_PKTAP 258)
  convert.py shift-seq IN OUT             pcap with Ethernet (1) or SLL2 (276) frames, each side's
                                          sequence space moved (seq, ack, SACK blocks; checksums
                                          redone) so that its bytes cross 2^32 halfway
  convert.py tunnel KIND IN OUT           pcap with Ethernet (1) frames, each carried through a
                                          tunnel as a container network or a mirror port carries
                                          it (KIND: ipip, the frame's IP packet in IPv4, protocol 4
                                          or 41; gre6, its IP packet in GRE with checksum, key and
                                          sequence number over IPv6; vxlan, the whole frame in
                                          VXLAN, UDP port 4789, over IPv4; geneve, the whole frame
                                          in Geneve with one option, UDP port 6081, over IPv4), in a
                                          new Ethernet frame
  convert.py block-offset IN N            prints the byte offset of pcapng block N (0-based)

The tunnel's outer headers are made here (the machine's kernel has no GRE or
VXLAN modules); the packet inside is the real one, byte for byte.
"""
import struct
import sys

from rawpcap import csum

ETH_IPV4, ETH_IPV6 = 0x0800, 0x86DD


def read_pcap(path):
    """Returns (header fields, [(ts_sec, ts_frac, orig_len, data)]) of a little-endian pcap."""
    raw = open(path, "rb").read()
    magic, major, minor, zone, sigfigs, snaplen, linktype = struct.unpack_from("<IHHiIII", raw, 0)
    assert magic in (0xA1B2C3D4, 0xA1B23C4D), "expects a little-endian pcap"
    records, at = [], 24
    while at < len(raw):
        sec, frac, incl, orig = struct.unpack_from("<IIII", raw, at)
        records.append((sec, frac, orig, raw[at + 16 : at + 16 + incl]))
        at += 16 + incl
    return (magic, major, minor, zone, sigfigs, snaplen, linktype), records


def write_pcap(path, order, header, records):
    with open(path, "wb") as out:
        out.write(struct.pack(order + "IHHiIII", *header))
        for sec, frac, orig, data in records:
            out.write(struct.pack(order + "IIII", sec, frac, len(data), orig) + data)


def be_pcap(src, dst):
    header, records = read_pcap(src)
    write_pcap(dst, ">", header, records)


def relink(linktype, src, dst):
    """Replaces each frame's link header; drops frames that carry neither IPv4 nor IPv6."""
    header, records = read_pcap(src)
    old = header[6]
    assert old in (1, 276), "expects Ethernet or SLL2 frames"
    out = []
    for sec, frac, orig, data in records:
        if old == 1:
            (ethertype,), start = struct.unpack_from("!H", data, 12), 14
        else:
            (ethertype,), start = struct.unpack_from("!H", data, 0), 20
        if ethertype not in (ETH_IPV4, ETH_IPV6):
            continue
        v6 = ethertype == ETH_IPV6
        if linktype == 0:  # NULL: AF in the writer's byte order; 30 is Darwin's AF_INET6
            link = struct.pack("<I", 30 if v6 else 2)
        elif linktype == 108:  # LOOP: AF big-endian; 24 is OpenBSD's AF_INET6
            link = struct.pack(">I", 24 if v6 else 2)
        elif linktype == 101:
            link = b""
        elif linktype in (228, 229):
            if v6 != (linktype == 229):
                continue
            link = b""
        else:
            raise SystemExit("unsupported link type %d" % linktype)
        out.append((sec, frac, orig - start + len(link), link + data[start:]))
    write_pcap(dst, "<", header[:6] + (linktype,), out)


def pktap(src, dst):
    """Puts each frame behind a 156-byte PKTAP header (xnu's struct pktap_header,
    little-endian as macOS writes it): its length, record type 1 (a packet), the
    frame's own link type, the interface, the link header's length, a process."""
    header, records = read_pcap(src)
    dlt = header[6]
    assert dlt in (0, 1), "expects Ethernet or NULL frames"
    ifname, pre = (b"en0", 14) if dlt == 1 else (b"lo0", 4)
    out = []
    for sec, frac, orig, data in records:
        family = 2 if data[(12 if dlt == 1 else 0)] in (0x08, 0x02) else 30
        head = struct.pack("<III24sIIIIi17s3xIHHi17s3xIIII16s16s", 156, 1, dlt, ifname, 0, family, pre, 0,
                           4242, b"curl", 0, 6 if dlt == 1 else 24, 0, 4242, b"curl", 0, 6, sec, frac,
                           bytes(16), bytes(16))
        assert len(head) == 156
        out.append((sec, frac, orig + len(head), head + data))
    write_pcap(dst, "<", header[:6] + (258,), out)


def tcp_at(data, dlt):
    """(offset of the IP header, IP version, offset of the TCP header) of a frame, or None."""
    (ethertype,), start = struct.unpack_from("!H", data, 12 if dlt == 1 else 0), 14 if dlt == 1 else 20
    if ethertype == ETH_IPV4 and data[start + 9] == 6:
        return start, 4, start + (data[start] & 15) * 4
    if ethertype == ETH_IPV6 and data[start + 6] == 6:
        return start, 6, start + 40
    return None


def shift_seq(src, dst):
    """Moves each side's sequence numbers so that the bytes it sends cross 2^32
    halfway: seq, ack and SACK edges, with the TCP checksum redone. Everything
    else, timestamps included, is the kernel's."""
    header, records = read_pcap(src)
    dlt = header[6]
    assert dlt in (1, 276), "expects Ethernet or SLL2 frames"
    ends = lambda d, ip, v, t: (bytes(d[ip + 12 : ip + 16] if v == 4 else d[ip + 8 : ip + 24]), struct.unpack_from("!H", d, t)[0])
    isn, top = {}, {}
    for _, _, orig, data in records:
        at = tcp_at(data, dlt)
        if at:
            ip, v, t = at
            side = ends(data, ip, v, t)
            seq, flags = struct.unpack_from("!I", data, t + 4)[0], data[t + 13]
            if flags & 2:
                isn[side] = seq
            total = orig - (t + (data[t + 12] >> 4) * 4)
            top[side] = max(top.get(side, 0), (seq + total - isn.get(side, seq)) % 2**32)
    shift = {side: (2**32 - isn[side] - 1 - top[side] // 2) % 2**32 for side in isn}
    out = []
    for sec, frac, orig, data in records:
        data = bytearray(data)
        at = tcp_at(data, dlt)
        if at:
            ip, v, t = at
            side = ends(data, ip, v, t)
            peer = next(s for s in shift if s != side)
            mine, theirs = shift[side], shift[peer]
            seq, ack = struct.unpack_from("!II", data, t + 4)
            struct.pack_into("!II", data, t + 4, (seq + mine) % 2**32, (ack + theirs) % 2**32 if data[t + 13] & 16 else ack)
            end, o = t + (data[t + 12] >> 4) * 4, t + 20
            while o < end and data[o] != 0:
                if data[o] == 1:
                    o += 1
                    continue
                if o + 1 >= end or data[o + 1] < 2:
                    break
                if data[o] == 5:
                    for e in range(o + 2, o + data[o + 1] - 7, 8):
                        le, re = struct.unpack_from("!II", data, e)
                        struct.pack_into("!II", data, e, (le + theirs) % 2**32, (re + theirs) % 2**32)
                o += data[o + 1]
            if len(data) < orig:
                out.append((sec, frac, orig, bytes(data)))  # cut by the snapshot length: no checksum to redo
                continue
            struct.pack_into("!H", data, t + 16, 0)
            length = len(data) - t
            if v == 4:
                pseudo = bytes(data[ip + 12 : ip + 20]) + struct.pack("!BBH", 0, 6, length)
            else:
                pseudo = bytes(data[ip + 8 : ip + 40]) + struct.pack("!IxxxB", length, 6)
            struct.pack_into("!H", data, t + 16, csum(pseudo + bytes(data[t:])))
        out.append((sec, frac, orig, bytes(data)))
    write_pcap(dst, "<", header, out)


def blocks(raw):
    """Yields (offset, type, body) of each block of a little-endian pcapng."""
    at = 0
    while at < len(raw):
        btype, length = struct.unpack_from("<II", raw, at)
        yield at, btype, raw[at + 8 : at + length - 4]
        at += length


def swap_options(body, numeric):
    """Rewrites little-endian options big-endian; `numeric` maps option code to value format."""
    out, at = b"", 0
    while at + 4 <= len(body):
        code, length = struct.unpack_from("<HH", body, at)
        value = body[at + 4 : at + 4 + length]
        if code in numeric:
            value = struct.pack(">" + numeric[code], *struct.unpack("<" + numeric[code], value))
        padded = value + b"\0" * (-length % 4)
        out += struct.pack(">HH", code, length) + padded
        at += 4 + length + (-length % 4)
        if code == 0:
            break
    return out


def be_pcapng(src, dst):
    raw = open(src, "rb").read()
    with open(dst, "wb") as out:
        for _, btype, body in blocks(raw):
            if btype == 0x0A0D0D0A:  # SHB: byte-order magic, version, section length
                fixed = struct.pack(">IHHq", *struct.unpack_from("<IHHq", body, 0))
                rest = swap_options(body[16:], {})
            elif btype == 1:  # IDB: link type, reserved, snaplen; if_speed, if_tsoffset are 64-bit
                fixed = struct.pack(">HHI", *struct.unpack_from("<HHI", body, 0))
                rest = swap_options(body[8:], {8: "Q", 14: "q"})
            elif btype == 6:  # EPB: interface, timestamp high/low, lengths, data, options
                iface, hi, lo, incl, orig = struct.unpack_from("<IIIII", body, 0)
                fixed = struct.pack(">IIIII", iface, hi, lo, incl, orig)
                padded = incl + (-incl % 4)
                fixed += body[20 : 20 + padded]
                rest = swap_options(body[20 + padded :], {2: "I", 4: "Q", 5: "Q", 6: "I"})
            elif btype == 3:  # SPB: original length, data
                fixed = struct.pack(">I", *struct.unpack_from("<I", body, 0)) + body[4:]
                rest = b""
            else:
                continue  # statistics, name resolution: not needed to read packets
            length = 12 + len(fixed) + len(rest)
            out.write(struct.pack(">II", btype, length) + fixed + rest + struct.pack(">I", length))


def tunnel(kind, src, dst):
    header, records = read_pcap(src)
    assert header[6] == 1, "expects Ethernet frames"
    outer4 = (bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    outer6 = (bytes.fromhex("20010db8000000000000000000000001"), bytes.fromhex("20010db8000000000000000000000002"))

    # The tunnel's two ends swap with the direction of the packet inside
    # (the first packet's sender is behind the first end).
    first = None
    turn = 1

    def ipv4(proto, payload):
        a, b = outer4[::turn]
        h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0, a, b)
        return ETH_IPV4, h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload

    def ipv6(next_header, payload):
        return ETH_IPV6, struct.pack("!IHBB", 0x60000000, len(payload), next_header, 64) + b"".join(outer6[::turn]) + payload

    out = []
    for n, (sec, frac, orig, data) in enumerate(records):
        ethertype = struct.unpack_from("!H", data, 12)[0]
        packet = data[14:]
        source = packet[12:16] if ethertype == ETH_IPV4 else packet[8:24]
        at = tcp_at(data, 1)
        sport = data[at[2] : at[2] + 2] if at else b""
        first = first or (source, sport)
        turn = 1 if (source, sport) == first else -1
        if kind == "ipip":
            outer = ipv4(4 if ethertype == ETH_IPV4 else 41, packet)
        elif kind == "gre6":
            # Checksum (with its offset field), key 42 and a sequence number.
            gre = struct.pack("!HHHHII", 0xB000, ethertype, 0, 0, 42, n + 1) + packet
            gre = gre[:4] + struct.pack("!H", csum(gre)) + gre[6:]
            outer = ipv6(47, gre)
        elif kind == "geneve":
            # One 8-byte option (class 0x0108, type 1), marked critical (C).
            option = struct.pack("!HBBI", 0x0108, 1, 1, 7)
            body = struct.pack("!BBHI", len(option) // 4, 0x40, 0x6558, 42 << 8) + option + data
            outer = ipv4(17, struct.pack("!HHHH", 43210 + n % 16, 6081, 8 + len(body), 0) + body)
        elif kind == "vxlan":
            body = struct.pack("!BxxxI", 0x08, 42 << 8) + data
            outer = ipv4(17, struct.pack("!HHHH", 43210 + n % 16, 4789, 8 + len(body), 0) + body)
        else:
            raise SystemExit("unknown tunnel %r" % kind)
        etype, ip = outer
        frame = bytes.fromhex("020000000002020000000001") + struct.pack("!H", etype) + ip
        out.append((sec, frac, orig - len(data) + len(frame), frame))
    write_pcap(dst, "<", header, out)


def main():
    mode = sys.argv[1]
    if mode == "be-pcap":
        be_pcap(sys.argv[2], sys.argv[3])
    elif mode == "be-pcapng":
        be_pcapng(sys.argv[2], sys.argv[3])
    elif mode == "relink":
        relink(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif mode == "pktap":
        pktap(sys.argv[2], sys.argv[3])
    elif mode == "shift-seq":
        shift_seq(sys.argv[2], sys.argv[3])
    elif mode == "tunnel":
        tunnel(sys.argv[2], sys.argv[3], sys.argv[4])
    elif mode == "block-offset":
        print(list(blocks(open(sys.argv[2], "rb").read()))[int(sys.argv[3])][0])
    else:
        raise SystemExit(__doc__)


main()
