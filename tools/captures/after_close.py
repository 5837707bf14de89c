"""A client that close()s while the server still has something to say, on real
sockets, for the capture corpus (see README.md).

The client sends a request and calls close() (not shutdown): its FIN goes out,
and its socket is given up to the kernel (an orphan). The server reads to end
of stream, waits WAIT seconds, then either sends more data (MODE "data") or
closes (MODE "fin"). Linux answers both with a bare RST, for two reasons the
capture shows apart only by what arrives:
- data: no application will ever read it, so the orphan resets on data
  (TCPAbortOnData), from FIN-WAIT-2 or after it;
- fin: the orphan gave up waiting in FIN-WAIT-2 after tcp_fin_timeout (set
  short by the caller) and was deleted, so the FIN belongs to no connection.

Usage: after_close.py HOST PORT MODE WAIT   (client and server in one process)
"""
import socket
import sys
import threading
import time

host, port, mode, wait = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
assert mode in ("data", "fin"), mode
family = socket.AF_INET6 if ":" in host else socket.AF_INET
listener = socket.socket(family, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((host, port))
listener.listen(1)


def serve():
    conn, _ = listener.accept()
    while conn.recv(4096):
        pass  # read until the client's FIN
    time.sleep(wait)
    if mode == "data":
        conn.sendall(b"one more thing\n")
        time.sleep(0.5)  # the client's RST arrives before close()
    conn.close()


server = threading.Thread(target=serve)
server.start()
client = socket.create_connection((host, port))
client.sendall(b"request\n")
time.sleep(0.1)  # the server's ACK of the request first, then the FIN alone
client.close()
server.join()
