"""A receive window that closes and opens again, on real sockets, for the
capture corpus (see README.md).

The server's receive buffer is small and it does not read for a second, so
the client's data fills the window: the server announces a zero window,
the client probes it (the persist timer), then the server reads everything
and the window opens again. The client closes after sending; the server
closes when it has read all.

Usage: zero_window.py HOST PORT   (client and server in one process)
"""
import socket
import sys
import threading
import time

host, port = sys.argv[1], int(sys.argv[2])
total = 48 * 1024
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
# Before listen(), so the accepted socket has it and the SYN,ACK's window
# scale is chosen for it.
listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
listener.bind((host, port))
listener.listen(1)
received = 0


def serve():
    global received
    conn, _ = listener.accept()
    time.sleep(1.0)  # not reading: the buffer fills, the window closes
    while True:
        data = conn.recv(65536)
        if not data:
            break
        received += len(data)
    conn.close()


server = threading.Thread(target=serve)
server.start()
client = socket.create_connection((host, port))
client.sendall(b"z" * total)
client.close()
server.join()
assert received == total, received
