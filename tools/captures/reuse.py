"""Two TCP connections on the same 4-tuple, for the capture corpus (see README.md).

The client binds the same local port twice. The first connection is aborted
with SO_LINGER 0 (a RST instead of a FIN), so neither side keeps TIME-WAIT and
the kernel lets the second connect() reuse the port at once, with a new ISN.
Wireshark then numbers the second connection as a new tcp.stream, which is the
rule the reader's stream grouping must follow.

Usage: reuse.py HOST SERVER_PORT CLIENT_PORT
"""
import socket
import struct
import sys
import threading

host, port, client_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((host, port))
listener.listen(2)


def serve():
    for _ in range(2):
        conn, _ = listener.accept()
        conn.recv(100)
        conn.sendall(b"hello\n")
        try:
            conn.recv(100)  # returns when the client's RST arrives
        except ConnectionResetError:
            pass
        conn.close()


server = threading.Thread(target=serve)
server.start()
for i in range(2):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind((host, client_port))
    c.connect((host, port))
    c.sendall(b"connection %d\n" % i)
    c.recv(100)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()  # RST
server.join()
