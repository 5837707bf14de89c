# listen backlog 1 in cc2b; don't accept for 4 s, then accept everything for 6 s
import socket, time, subprocess
l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); l.bind(('0.0.0.0',41601)); l.listen(1)
time.sleep(1.5); print(subprocess.run(['ss','-tanoi','sport = :41601'],capture_output=True,text=True).stdout, flush=True)
time.sleep(2.5)
l.settimeout(0.2); t=time.time(); got=[]
while time.time()-t<6:
    try: s,a=l.accept(); got.append((s,a)); print('accepted',a,flush=True); time.sleep(0.5)
    except socket.timeout: pass
for s,a in got: s.close()
