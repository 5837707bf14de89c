#!/bin/bash
# two netns cc2a (10.9.0.1, fd09::1) <-> cc2b (10.9.0.2, fd09::2) over veth; VLAN 10 on top (10.9.10.x, fd10::x)
ip netns add cc2a; ip netns add cc2b
ip link add cc2va type veth peer name cc2vb
ip link set cc2va netns cc2a; ip link set cc2vb netns cc2b
ip -n cc2a addr add 10.9.0.1/24 dev cc2va; ip -n cc2b addr add 10.9.0.2/24 dev cc2vb
ip -n cc2a addr add fd09::1/64 dev cc2va nodad; ip -n cc2b addr add fd09::2/64 dev cc2vb nodad
ip -n cc2a link set cc2va up; ip -n cc2b link set cc2vb up
ip -n cc2a link set lo up; ip -n cc2b link set lo up
ip -n cc2a link add link cc2va name cc2va.10 type vlan id 10
ip -n cc2b link add link cc2vb name cc2vb.10 type vlan id 10
ip -n cc2a addr add fd10::1/64 dev cc2va.10 nodad; ip -n cc2b addr add fd10::2/64 dev cc2vb.10 nodad
ip -n cc2a addr add 10.9.10.1/24 dev cc2va.10; ip -n cc2b addr add 10.9.10.2/24 dev cc2vb.10
ip -n cc2a link set cc2va.10 up; ip -n cc2b link set cc2vb.10 up
# disable offloads so capture shows wire-size segments
ip netns exec cc2a ethtool -K cc2va tso off gso off gro off 2>/dev/null
ip netns exec cc2b ethtool -K cc2vb tso off gso off gro off 2>/dev/null
