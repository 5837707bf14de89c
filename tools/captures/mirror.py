"""A port mirror that adds VLAN tags, for the VLAN capture in the corpus (see README.md).

Why a mirror: this machine's kernel is built without 802.1Q support
(`# CONFIG_VLAN_8021Q is not set`) and without tc's vlan action, so no VLAN
sub-interface can be made. The TCP traffic is still the real kernel's between
two network namespaces; this script copies every frame it sees on one
interface to another, inserting tags the way a switch's trunk (SPAN) port
would, and tcpdump captures the copies.

Frames of TCP connections that use QINQ_PORT get two stacked tags (outer
802.1ad S-tag VLAN 200, inner 802.1Q C-tag VLAN 100); all other frames (the
other connection, ARP) get one 802.1Q tag, VLAN 100.

Usage: mirror.py FROM_IFACE TO_IFACE QINQ_PORT   (runs until SIGTERM)
"""
import signal
import socket
import struct
import sys

ETH_P_ALL = 3
src, dst, qinq_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
rx.bind((src, 0))
tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
tx.bind((dst, 0))
print("mirroring", flush=True)
while True:
    frame = rx.recv(65535)
    tags = struct.pack("!HH", 0x8100, 100)
    if frame[12:14] == b"\x08\x00" and frame[23] == 6:  # IPv4 carrying TCP
        ihl = (frame[14] & 15) * 4
        ports = struct.unpack_from("!HH", frame, 14 + ihl)
        if qinq_port in ports:
            tags = struct.pack("!HHHH", 0x88A8, 200, 0x8100, 100)
    tx.send(frame[:12] + tags + frame[12:])
