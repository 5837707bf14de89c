# 6 concurrent connects to backlog-1 listener; each sends a line once connect() returns
import socket, threading, time, subprocess
def one(i):
    c=socket.socket(); c.settimeout(7)
    try:
        c.connect(('10.9.0.2',41601)); print(i,'connected',c.getsockname(),flush=True)
        print(i,'recv',c.recv(10),flush=True)
    except OSError as e: print(i,'error',e,flush=True)
    c.close()
ts=[threading.Thread(target=one,args=(i,)) for i in range(6)]
[t.start() for t in ts]; time.sleep(1.6)
print(subprocess.run(['ss','-tanoi','dport = :41601'],capture_output=True,text=True).stdout, flush=True)
[t.join() for t in ts]
