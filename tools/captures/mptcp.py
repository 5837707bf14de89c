#!/usr/bin/env python3
"""A real Multipath TCP connection on loopback, for the tcpdump view's MPTCP
options (mptcp_real.pcap; see README.md). Runs itself again inside a fresh
network namespace (`unshare -n`, so the machine's own MPTCP settings and
traffic are not touched), enables MPTCP there, adds 127.0.0.2 as an address
the server announces with port 7301 (the kernel listens there for joins), and
captures `lo` with tcpdump while one client talks to one server over
IPPROTO_MPTCP sockets:

- the handshake (MP_CAPABLE), the announced address and its echo (ADD_ADDR),
  the client's second subflow to 127.0.0.2:7301 (MP_JOIN), data both ways
  (DSS);
- `ip mptcp endpoint change ... backup` (MP_PRIO), then `ip mptcp endpoint
  delete` (REMOVE_ADDR; the kernel closes the second subflow);
- the client closes with the server's last answer unread, which Linux ends
  with MP_FASTCLOSE and resets rather than a DATA_FIN.

Needs root, iproute2, tcpdump, Linux with MPTCP (5.6+; made on 6.18).
Usage: mptcp.py OUT.pcap
"""
import os, socket, subprocess, sys, threading, time

if os.environ.get("MPTCP_NS") != "1":
    os.execvpe("unshare", ["unshare", "-n", sys.executable, *sys.argv], {**os.environ, "MPTCP_NS": "1"})
out = sys.argv[1]
IPPROTO_MPTCP, port = 262, 7300


def sh(*cmd):
    subprocess.run(cmd, check=True)


sh("ip", "link", "set", "lo", "up")
sh("sysctl", "-qw", "net.mptcp.enabled=1")
sh("ip", "mptcp", "limits", "set", "subflow", "2", "add_addr_accepted", "2")
sh("ip", "addr", "add", "127.0.0.2/8", "dev", "lo")
sh("ip", "mptcp", "endpoint", "add", "127.0.0.2", "dev", "lo", "signal", "port", "7301")
cap = subprocess.Popen(["tcpdump", "-i", "lo", "--immediate-mode", "-U", "-w", out], stderr=subprocess.PIPE)
cap.stderr.readline()  # "listening on lo ...": nothing is missed from here on
time.sleep(0.3)

# Bound to every address, so a join could also reach port 7300 on 127.0.0.2.
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("0.0.0.0", port))
listener.listen(1)


def serve():
    conn, _ = listener.accept()
    try:
        while True:
            data = conn.recv(100)
            if not data:
                break
            conn.sendall(data.upper())
    except ConnectionResetError:
        pass  # the client's fast close
    conn.close()


server = threading.Thread(target=serve)
server.start()
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
client.connect(("127.0.0.1", port))
client.sendall(b"hello over mptcp")
client.recv(100)
time.sleep(0.3)  # the announced address is joined meanwhile
sh("ip", "mptcp", "endpoint", "change", "id", "1", "backup")
time.sleep(0.2)
client.sendall(b"second message")
client.recv(100)
sh("ip", "mptcp", "endpoint", "delete", "id", "1")
time.sleep(0.2)
client.sendall(b"bye")
time.sleep(0.2)  # the answer arrives and stays unread: close sends MP_FASTCLOSE
client.close()
server.join()
time.sleep(1)
cap.terminate()
cap.wait()
