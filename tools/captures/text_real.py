#!/usr/bin/env python3
"""Real text-protocol connections on loopback, for the tcpdump view's
payload lines (text_real.pcap; see README.md). Runs itself again inside a
fresh network namespace (`unshare -n`) and captures `lo` with tcpdump
while: python's http.server on 127.0.0.1 port 80 serves a small file and a
404 to http.client (`HTTP: GET /hello.txt HTTP/1.1`, `HTTP: HTTP/1.0 200
OK`, the bodies as bare `HTTP`; the server answers in HTTP/1.0 and closes,
so the second request opens a second connection); an
SMTP-like line exchange on port 25 (`SMTP: 220 ...`, `SMTP: EHLO ...`); and
an SSH version banner each way on port 22, then a few binary bytes.

Needs root and tcpdump (made on Linux 6.18, Debian 12's tcpdump 4.99.3).
Usage: text_real.py OUT.pcap
"""
import http.client, http.server, os, socket, subprocess, sys, tempfile, threading, time

if os.environ.get("TEXT_NS") != "1":
    os.execvpe("unshare", ["unshare", "-n", sys.executable, *sys.argv], {**os.environ, "TEXT_NS": "1"})
out = os.path.abspath(sys.argv[1])

subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
cap = subprocess.Popen(["tcpdump", "-i", "lo", "--immediate-mode", "-U", "-w", out, "tcp"],
                       stderr=subprocess.PIPE)
cap.stderr.readline()  # "listening on lo ...": nothing is missed from here on
time.sleep(0.3)

# HTTP: a file and a 404 over one connection.
root = tempfile.mkdtemp()
with open(os.path.join(root, "hello.txt"), "w") as f:
    f.write("hello, tcpdump\n")
handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=root)
http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
server = http.server.ThreadingHTTPServer(("127.0.0.1", 80), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
client = http.client.HTTPConnection("127.0.0.1", 80)
for path in ("/hello.txt", "/missing"):
    client.request("GET", path)
    client.getresponse().read()
client.close()
server.shutdown()
server.server_close()


def exchange(port, server_lines, client_lines):
    """The server writes its first line, then each side answers the other's
    line with its next one (an SMTP- or SSH-like dialogue)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1)

    def serve():
        conn, _ = listener.accept()
        for line in server_lines:
            conn.sendall(line)
            conn.recv(1000)
        conn.close()

    t = threading.Thread(target=serve)
    t.start()
    c = socket.create_connection(("127.0.0.1", port))
    for line in client_lines:
        c.recv(1000)
        c.sendall(line)
    c.close()
    t.join()
    listener.close()


exchange(25, [b"220 mail.example ESMTP ready\r\n", b"250 mail.example\r\n", b"221 bye\r\n"],
         [b"EHLO client.example\r\n", b"QUIT\r\n", b""])
exchange(22, [b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", b"\x00\x00\x00\x0c\x0a\x14binary"],
         [b"SSH-2.0-python_client\r\n", b"\x00\x00\x00\x0c\x0a\x14binary"])
time.sleep(0.5)
cap.terminate()
cap.wait()
