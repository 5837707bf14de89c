"""DNS-like UDP traffic and no TCP at all, for the capture corpus (see README.md).

A UDP server answers three small queries over IPv4 and one over IPv6, so the
reader must skip every packet and report that the capture has no TCP.

Usage: udp.py PORT
"""
import socket
import sys
import threading

port = int(sys.argv[1])
for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    server = socket.socket(family, socket.SOCK_DGRAM)
    server.bind((host, port))

    def answer(server=server, n=3 if family == socket.AF_INET else 1):
        for _ in range(n):
            query, peer = server.recvfrom(512)
            server.sendto(query[:2] + b"\x81\x80 answer", peer)

    t = threading.Thread(target=answer)
    t.start()
    client = socket.socket(family, socket.SOCK_DGRAM)
    for i in range(3 if family == socket.AF_INET else 1):
        client.sendto(bytes([0x12, i]) + b"\x01\x00 example.com A?", (host, port))
        client.recvfrom(512)
    t.join()
