#!/bin/bash
# like s7 but clients send nothing and the server accepts one connection per 0.5 s: ACKs dropped on accept-queue overflow -> SYN,ACK retransmissions
cd "$(dirname "$0")"
ip netns exec cc2b python3 s7b_srv_slowaccept.py > s7b.srv.out &
sleep 0.3
ip netns exec cc2a python3 s7b_cli_nodata.py > s7b.cli.out
wait
