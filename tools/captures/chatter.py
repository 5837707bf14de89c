"""A connection that talks for a while, for a capture that starts in its
middle (see README.md): the client sends a short line every 20 ms, the
server echoes it; after DURATION seconds the client closes, then the server.

Usage: chatter.py HOST PORT DURATION   (client and server in one process)
"""
import socket
import sys
import threading
import time

host, port, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((host, port))
listener.listen(1)


def serve():
    conn, _ = listener.accept()
    while True:
        line = conn.recv(100)
        if not line:
            break
        conn.sendall(line)
    conn.close()


server = threading.Thread(target=serve)
server.start()
client = socket.create_connection((host, port))
end = time.monotonic() + duration
n = 0
while time.monotonic() < end:
    client.sendall(b"line %d\n" % n)
    client.recv(100)
    n += 1
    time.sleep(0.02)
client.close()
server.join()
