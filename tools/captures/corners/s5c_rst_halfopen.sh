#!/bin/bash
# 5c: half-open: server aborts (SO_LINGER 0) but its RST is dropped at client input -> client still ESTABLISHED;
# client sends data -> server kernel (no socket) answers RST -> client ECONNRESET
cd "$(dirname "$0")"
ip netns exec cc2b python3 s5_srv.py 41402 abort > s5c.srv.out &
sleep 0.3
./nftdrop.sh cc2a add "tcp sport 41402 tcp flags & rst == rst"
ip netns exec cc2a python3 -c "
import socket,time,subprocess
c=socket.socket(); c.connect(('10.9.0.2',41402))
time.sleep(0.5); print(subprocess.run(['ss','-tanoi','dport = :41402'],capture_output=True,text=True).stdout)
subprocess.run(['./nftdrop.sh','cc2a','del'])
c.send(b'anyone there?'); time.sleep(0.3)
try: print('recv', c.recv(10))
except OSError as e: print('recv error', e)
print(subprocess.run(['ss','-tanoi','dport = :41402'],capture_output=True,text=True).stdout)"
wait
