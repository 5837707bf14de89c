#!/bin/bash
# nftdrop.sh NETNS add|del "match"   -- input-hook drop rule in table inet cc2 of NETNS
ns=$1; op=$2; m=$3
if [ $op = add ]; then
ip netns exec $ns nft add table inet cc2
ip netns exec $ns nft add chain inet cc2 in '{ type filter hook input priority 0; }'
ip netns exec $ns nft add rule inet cc2 in $m drop
else ip netns exec $ns nft delete table inet cc2 2>/dev/null; fi; true
