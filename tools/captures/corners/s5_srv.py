# listener in cc2b; argv: port, mode. mode=keep: accept and hold; mode=abort: accept then close with SO_LINGER 0
import socket, time, sys, struct
port=int(sys.argv[1]); mode=sys.argv[2]
l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); l.bind(('0.0.0.0',port)); l.listen()
l.settimeout(6)
try:
    s,_=l.accept(); print('accepted',flush=True)
    if mode=='abort':
        s.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack('ii',1,0)); s.close(); print('aborted',flush=True)
    time.sleep(3)
except socket.timeout: print('accept timed out',flush=True)
