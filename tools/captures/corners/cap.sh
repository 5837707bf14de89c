#!/bin/bash
# usage: cap.sh NETNS IFACE OUTFILE "filter" "command"   (default snaplen)
ns=$1; ifc=$2; out=$3; filt=$4; cmd=$5
ip netns exec $ns tcpdump -i $ifc -U -w $out $filt >/dev/null 2>$out.err &
tp=$!
sleep 1
bash -c "$cmd"
sleep 1
kill -INT $tp; wait $tp 2>/dev/null
