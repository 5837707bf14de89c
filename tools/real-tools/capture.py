#!/usr/bin/env python3
"""Records what the real `ss -tano`, `netstat -tan` and `tcpdump -nn` print
for small TCP exchanges on 127.0.0.1, as fixtures for the model's tool views
(model/src/learn/tools.rs, checked by model/tests/learn_tools.rs).

Run as root (tcpdump needs it), with iproute2, net-tools, tcpdump, python3:

    apt-get install -y iproute2 net-tools tcpdump
    python3 tools/real-tools/capture.py model/tests/fixtures/real-tools

Each moment of interest writes `<name>.ss.txt` and `<name>.netstat.txt`
(only the lines of ports 5000-5004); the whole run's capture goes to
`tcpdump.txt`. Only loopback is used. Timestamps, ephemeral ports, ISNs and
timer values differ from run to run: the test compares field layout,
spelling and number formats, not values.
"""
import os, signal, socket, struct, subprocess, sys, time

OUT = sys.argv[1] if len(sys.argv) > 1 else '.'
PORTS = [5000, 5001, 5002, 5003, 5004]
FILTER = ' or '.join(f'port {p}' for p in PORTS)
SS_FILTER = '( ' + ' or '.join(f'sport = :{p} or dport = :{p}' for p in PORTS) + ' )'


def write(name, text):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write(text)


def snapshot(name):
    """`ss -tano` and `netstat -tan` as they stand now (our ports only)."""
    ss = subprocess.run(['ss', '-tano', SS_FILTER], capture_output=True, text=True).stdout
    ns = subprocess.run(['netstat', '-tan'], capture_output=True, text=True).stdout
    keep = [l for l in ns.splitlines()[:2]]
    keep += [l for l in ns.splitlines()[2:] if any(f':{p} ' in l for p in PORTS)]
    write(f'{name}.ss.txt', f'# ss -tano \'{SS_FILTER}\'\n' + ss)
    write(f'{name}.netstat.txt', '# netstat -tan (lines of ports 5000-5004)\n' + '\n'.join(keep) + '\n')


def listener(port, backlog=5):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', port))
    s.listen(backlog)
    return s


def main():
    dump = subprocess.Popen(['tcpdump', '-i', 'lo', '-nn', '-l', FILTER],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    time.sleep(1.0)

    # 1. The seed exchange: connect, 20 bytes up, 10 back, close.
    srv = listener(5000)
    cli = socket.create_connection(('127.0.0.1', 5000))
    time.sleep(0.1)
    snapshot('accept-queue')          # LISTEN 1 5: one connection waits for accept()
    cli.sendall(b'x' * 20)
    time.sleep(0.1)
    snapshot('unread')                # ESTAB 20 0 on the server side
    conn, _ = srv.accept()
    conn.recv(20)
    conn.sendall(b'y' * 10)
    cli.recv(10)
    time.sleep(0.05)
    cli.close()                       # FIN; the peer's FIN not read yet
    time.sleep(0.1)
    snapshot('close-wait')            # CLOSE-WAIT 1 0 (the FIN), FIN-WAIT-2 (orphan)
    conn.recv(10)                     # reads EOF
    snapshot('close-wait-eof-read')   # CLOSE-WAIT 0 0
    conn.close()
    time.sleep(0.1)
    snapshot('time-wait')             # TIME-WAIT timer:(timewait,...)
    srv.close()

    # 2. Nothing listens: SYN answered by RST,ACK.
    c = socket.socket()
    try:
        c.connect(('127.0.0.1', 5001))
    except ConnectionRefusedError:
        pass
    c.close()

    # 3. Abort: SO_LINGER 0 sends RST instead of FIN; a data segment first.
    srv = listener(5002)
    c = socket.create_connection(('127.0.0.1', 5002))
    conn, _ = srv.accept()
    c.sendall(b'z' * 20)
    conn.recv(20)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    c.close()
    time.sleep(0.1)
    conn.close()
    srv.close()

    # 4. A full accept queue drops SYNs: the client sits in SYN-SENT and retransmits.
    srv = listener(5003, backlog=0)
    first = socket.create_connection(('127.0.0.1', 5003))
    late = socket.socket()
    late.setblocking(False)
    try:
        late.connect(('127.0.0.1', 5003))
    except BlockingIOError:
        pass
    time.sleep(1.5)
    snapshot('syn-sent')              # SYN-SENT 0 1 timer:(on,...,1)

    # 5. TCP_DEFER_ACCEPT: the server ignores the bare handshake ACK and
    #    keeps the request in SYN-RECV, resending its SYN,ACK.
    srv2 = socket.socket()
    srv2.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv2.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 30)
    srv2.bind(('127.0.0.1', 5004))
    srv2.listen(5)
    quiet = socket.create_connection(('127.0.0.1', 5004))
    time.sleep(1.5)
    snapshot('syn-recv')              # SYN-RECV 0 0 timer:(on,...,1)
    for s in (late, first, srv, quiet, srv2):
        s.close()
    time.sleep(0.5)

    dump.send_signal(signal.SIGINT)
    out, _ = dump.communicate(timeout=10)
    write('tcpdump.txt', '# tcpdump -i lo -nn -l \'' + FILTER + '\'\n' + out)


if __name__ == '__main__':
    main()
