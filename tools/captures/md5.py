#!/usr/bin/env python3
"""A real TCP-MD5 (RFC 2385) connection on loopback, for the tcpdump view's
`md5` option (md5_real.pcap; see README.md). Runs itself again inside a
fresh network namespace (`unshare -n`), gives the listener and the client
the same key for 127.0.0.1 (setsockopt TCP_MD5SIG), and captures `lo` with
tcpdump while the client sends a line, the server answers it uppercased and
both close. Linux then signs every segment, SYNs included, and leaves out
timestamps (the signature and the other SYN options fill the 40 bytes).

Needs root, tcpdump, Linux with CONFIG_TCP_MD5SIG (made on 6.18).
Usage: md5.py OUT.pcap
"""
import os, socket, struct, subprocess, sys, threading, time

if os.environ.get("MD5_NS") != "1":
    os.execvpe("unshare", ["unshare", "-n", sys.executable, *sys.argv], {**os.environ, "MD5_NS": "1"})
out = sys.argv[1]
TCP_MD5SIG, port, key = 14, 7310, b"secret"


def md5sig(addr):
    """struct tcp_md5sig: the peer as a sockaddr_storage, flags, prefix
    length, key length, interface index, then the key in 80 bytes."""
    peer = struct.pack("=H", socket.AF_INET) + struct.pack("!H", 0) + socket.inet_aton(addr)
    return peer.ljust(128, b"\0") + struct.pack("=BBHI", 0, 0, len(key), 0) + key.ljust(80, b"\0")


subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
cap = subprocess.Popen(["tcpdump", "-i", "lo", "--immediate-mode", "-U", "-w", out, "tcp port %d" % port],
                       stderr=subprocess.PIPE)
cap.stderr.readline()  # "listening on lo ...": nothing is missed from here on
time.sleep(0.3)

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG, md5sig("127.0.0.1"))
listener.bind(("127.0.0.1", port))
listener.listen(1)


def serve():
    conn, _ = listener.accept()
    conn.sendall(conn.recv(100).upper())
    conn.close()


server = threading.Thread(target=serve)
server.start()
client = socket.socket()
client.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG, md5sig("127.0.0.1"))
client.connect(("127.0.0.1", port))
client.sendall(b"hello md5")
client.recv(100)
client.close()
server.join()
time.sleep(0.5)
cap.terminate()
cap.wait()
