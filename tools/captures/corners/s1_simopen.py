# simultaneous open on loopback in netns cc2a: SYNs dropped at input first, so retransmitted SYNs cross
import socket, subprocess, time, threading, sys
def nft(*a): subprocess.run(['nft']+list(a), check=True)
nft('add table inet cc2'); nft('add chain inet cc2 in { type filter hook input priority 0; }')
nft('add rule inet cc2 in tcp flags & (syn|ack) == syn tcp dport {40001,40002} drop')
a=socket.socket(); b=socket.socket()
for s,p in ((a,40001),(b,40002)):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR,1); s.bind(('127.0.0.1',p)); s.setblocking(False)
for s,p in ((a,40002),(b,40001)):
    try: s.connect(('127.0.0.1',p))
    except BlockingIOError: pass
time.sleep(0.3)
print(subprocess.run(['ss','-tanoi','sport = :40001 or sport = :40002'],capture_output=True,text=True).stdout)
nft('delete table inet cc2')
time.sleep(2)
print(subprocess.run(['ss','-tanoi','sport = :40001 or sport = :40002'],capture_output=True,text=True).stdout)
a.setblocking(True); b.setblocking(True)
a.send(b'hello'); print(b.recv(10))
a.close(); time.sleep(0.2); b.close()
time.sleep(0.3)
print(subprocess.run(['ss','-tanoi','sport = :40001 or sport = :40002'],capture_output=True,text=True).stdout)
