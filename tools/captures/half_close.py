"""A TCP half-close on real sockets, for the capture corpus (see README.md).

The client sends a request, shuts down its sending side (SHUT_WR: its FIN goes
out) and keeps reading; the server reads to end of stream, then still sends
three more pieces before it closes. So the capture shows data flowing from the
server after the client's FIN, which is what a half-close is.

Usage: half_close.py HOST PORT   (client and server in one process, server in a thread)
"""
import socket
import sys
import threading
import time

host, port = sys.argv[1], int(sys.argv[2])
family = socket.AF_INET6 if ":" in host else socket.AF_INET
listener = socket.socket(family, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((host, port))
listener.listen(1)


def serve():
    conn, _ = listener.accept()
    while conn.recv(4096):
        pass  # read until the client's FIN
    for i in range(3):
        conn.sendall(b"more data after your FIN %d\n" % i)
        time.sleep(0.05)  # separate segments, so each is its own line on the ladder
    conn.close()


server = threading.Thread(target=serve)
server.start()
client = socket.create_connection((host, port))
client.sendall(b"request: please send everything, I am done sending\n")
client.shutdown(socket.SHUT_WR)
received = b""
while True:
    chunk = client.recv(4096)
    if not chunk:
        break
    received += chunk
client.close()
server.join()
assert received.count(b"more data") == 3, received
