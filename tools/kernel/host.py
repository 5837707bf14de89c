#!/usr/bin/env python3
"""Run one host's scenario program with real blocking socket calls.

Started inside the client or server network namespace by run_scenario.py:
    host.py ROLE LOCAL_ADDR PEER_ADDR PORT MSS PROGRAM_JSON [BIND_PORT [START_AT]]

PORT is the peer's port that `connect` connects to. BIND_PORT (default 0, an
ephemeral port) is the local port `connect` binds first; a simultaneous open
gives both hosts fixed ports. START_AT (a time.time() value, default: at once)
makes the program wait until then before its first call, so that two hosts in
different namespaces can call connect() at the same moment.

Prints one JSON line per call to stdout:
    {"call":"recv 20","start":t0,"end":t1,"result":...}  (times = time.time())
A server prints {"event":"listening"} as soon as listen() returned so the
runner can start the client.  The first failing call (e.g. ECONNREFUSED,
ECONNRESET) is reported with "error" and ends the program, like a real
application that does not handle the error.
"""
import json
import socket
import struct
import sys
import time


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    role, local, peer, port, mss, program = sys.argv[1:7]
    port, mss = int(port), int(mss)
    # KERNEL_IPV6 runs give the hosts IPv6 addresses.
    family = socket.AF_INET6 if ":" in local else socket.AF_INET
    bind_port = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    start_at = float(sys.argv[8]) if len(sys.argv) > 8 else None
    program = json.loads(program)
    if start_at is not None:
        while time.time() < start_at:
            time.sleep(min(0.05, max(0.0, start_at - time.time())))
    lsock = None  # listening socket (server)
    sock = None   # connected socket
    rcvbuf = None  # SO_RCVBUF for sockets made after a "rcvbuf N" call
    for call in program:
        parts = call.split()
        op = parts[0]
        t0 = time.time()
        result = None
        try:
            if op == "listen":
                lsock = socket.socket(family, socket.SOCK_STREAM)
                lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                lsock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, mss)
                if rcvbuf:
                    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
                lsock.bind((local, port))
                lsock.listen(16)
                result = "ok"
            elif op == "accept":
                sock, addr = lsock.accept()
                # As ss writes it: an IPv6 address (a 4-tuple) in brackets.
                result = ("[%s]:%d" if family == socket.AF_INET6 else "%s:%d") % addr[:2]
            elif op == "connect":
                sock = socket.socket(family, socket.SOCK_STREAM)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, mss)
                if rcvbuf:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
                sock.bind((local, bind_port))
                sock.connect((peer, port))
                result = "ok"
            elif op == "send":
                n = int(parts[1])
                payload = (role[0].encode() * n)[:n]
                sock.sendall(payload)
                result = n
            elif op == "recv":
                if parts[1] == "eof":
                    got = 0
                    while True:
                        b = sock.recv(65536)
                        if not b:
                            break
                        got += len(b)
                    result = {"bytes": got, "eof": True}
                else:
                    want, got, eof = int(parts[1]), 0, False
                    while got < want:
                        b = sock.recv(want - got, socket.MSG_WAITALL)
                        if not b:
                            eof = True
                            break
                        got += len(b)
                    result = {"bytes": got, "eof": eof}
            elif op == "rcvbuf":
                # Kernel-only (the model has no such call): SO_RCVBUF for the
                # sockets created after this, e.g. to close the window.
                rcvbuf = int(parts[1])
                result = rcvbuf
            elif op == "keepalive":
                # Kernel-only: SO_KEEPALIVE on the connected socket, with
                # TCP_KEEPIDLE, TCP_KEEPINTVL (seconds) and TCP_KEEPCNT.
                idle, intvl, cnt = (int(x) for x in parts[1:4])
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, idle)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, intvl)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, cnt)
                result = "ok"
            elif op == "sleep":
                time.sleep(int(parts[1]) / 1000.0)
                result = "ok"
            elif op == "shutdown":
                sock.shutdown(socket.SHUT_WR)
                result = "ok"
            elif op == "close" and sock is None and lsock is not None:
                # close() on the listening socket itself (nothing was accepted).
                lsock.close()
                lsock = None
                result = "ok"
            elif op == "close":
                sock.close()
                result = "ok"
            elif op == "abort":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()
                result = "ok"
            else:
                raise ValueError("unknown call %r" % call)
        except OSError as e:
            out({"call": call, "start": t0, "end": time.time(),
                 "error": "%s (%s)" % (e.strerror or str(e), e.errno)})
            break
        out({"call": call, "start": t0, "end": time.time(), "result": result})
        if op == "listen":
            out({"event": "listening"})
    if lsock is not None:
        lsock.close()


if __name__ == "__main__":
    main()
