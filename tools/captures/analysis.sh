#!/usr/bin/env bash
#! tshark's reading of one capture with relative sequence numbers and every
#! tcp.analysis mark the capture run reports (F.analysis.csv; empty = not
#! set), which model/tests/capture_run.rs compares the run with. The one
#! list of fields for the corpus (make.sh) and the kernel captures
#! (tools/kernel/run_captures.sh). Usage: analysis.sh F.pcap  (writes F.pcap.analysis.csv)
set -euo pipefail
tshark -r "$1" -o tcp.relative_sequence_numbers:TRUE -o tcp.analyze_sequence_numbers:TRUE \
  -Y 'tcp && !icmp && !icmpv6' \
  -T fields -E header=y -E separator=, -E occurrence=f \
  -e frame.number -e tcp.stream -e tcp.srcport -e tcp.dstport -e tcp.flags \
  -e tcp.seq -e tcp.ack -e tcp.len -e tcp.window_size_value \
  -e tcp.analysis.retransmission -e tcp.analysis.fast_retransmission \
  -e tcp.analysis.spurious_retransmission -e tcp.analysis.out_of_order \
  -e tcp.analysis.duplicate_ack_num -e tcp.analysis.zero_window \
  -e tcp.analysis.zero_window_probe -e tcp.analysis.keep_alive \
  -e tcp.analysis.window_update -e tcp.analysis.lost_segment \
  -e tcp.analysis.ack_lost_segment -e tcp.time_relative \
  -e tcp.analysis.window_full -e tcp.analysis.keep_alive_ack \
  -e tcp.analysis.zero_window_probe_ack \
  2>/dev/null >"$1.analysis.csv"
