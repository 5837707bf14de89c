#!/bin/bash
# 5a: client SYN, server SYN,ACK dropped at client input; client socket closed in SYN-SENT; rule removed;
# retransmitted SYN,ACK reaches a client with no socket -> RST to the server's SYN-RECEIVED request
cd "$(dirname "$0")"
ip netns exec cc2b python3 s5_srv.py 41400 keep > s5a.srv.out &
sleep 0.3
./nftdrop.sh cc2a add "tcp sport 41400"
ip netns exec cc2a python3 -c "
import socket,time,subprocess
c=socket.socket(); c.setblocking(False)
try: c.connect(('10.9.0.2',41400))
except BlockingIOError: pass
time.sleep(0.3); print(subprocess.run(['ss','-tanoi','dport = :41400'],capture_output=True,text=True).stdout)
c.close()"
ip netns exec cc2b ss -tanoi 'sport = :41400'
./nftdrop.sh cc2a del
sleep 1.5
ip netns exec cc2b ss -tanoi 'sport = :41400'
wait
