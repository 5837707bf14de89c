# TCP Fast Open on lo in netns cc2a (net.ipv4.tcp_fastopen=3 there): the
# first connect asks for a cookie, the second sends its data in the SYN with
# that cookie (the server takes it, its SYN,ACK acknowledges it), the third
# sends data in a SYN without a cookie (TCP_FASTOPEN_NO_COOKIE), which this
# server does not accept: its SYN,ACK acknowledges the SYN only and the
# client sends the data again after the handshake. Each socket's state is
# printed by `ss` afterwards.
import socket, threading, time

MSG_FASTOPEN = 0x20000000
TCP_FASTOPEN = 23
TCP_FASTOPEN_NO_COOKIE = 34

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN, 5)
listener.bind(('127.0.0.1', 41700))
listener.listen()


def serve():
    for _ in range(3):
        conn, _ = listener.accept()
        data = conn.recv(100)
        conn.send(b'echo:' + data)
        conn.close()


threading.Thread(target=serve).start()
for i in range(3):
    c = socket.socket()
    if i == 2:
        c.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN_NO_COOKIE, 1)
    c.sendto(b'tfo-data-%d' % i, MSG_FASTOPEN, ('127.0.0.1', 41700))
    print(c.recv(100))
    c.close()
    time.sleep(0.3)
