#!/usr/bin/env bash
#! Fuzzes every input the widget parses, then compares its tcpdump views with
#! the real tool over what the fuzzers made (the view of each fuzzed capture;
#! the view of each fuzzed scenario's run against its exported pcap):
#! - capture: pcap/pcapng bytes → reader, connections, explained runs, tcpdump view;
#! - scenario: the compact text form → parse, write back, read again, simulate;
#! - link: a share link / host parameters → store → the link Share writes, read back.
#! A panic, a failed check, a timeout or an allocation over 2 GiB is kept in
#! artifacts/TARGET/ (replay one with `target/x86_64-unknown-linux-gnu/release/TARGET FILE`).
#! Not run in CI (it needs a nightly toolchain, cargo-fuzz and minutes per target).
#! Needs: `rustup toolchain install nightly`, `cargo install cargo-fuzz`, g++, tcpdump.
#! Usage: bash tools/fuzz/run.sh [SECONDS_PER_TARGET]   (default 300)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
secs=${1:-300}
corpus=$here/corpus
found=$here/artifacts
mkdir -p "$corpus/capture" "$found"
# Seeds: the built-ins and links to them; the test fixtures' small captures.
cargo run -q --release --example seeds -- "$corpus"
find ../../model/tests/fixtures -type f \( -name '*.pcap' -o -name '*.pcapng' \) -size -64k \
  -exec cp -n {} "$corpus/capture/" \;
# No sanitizer: the model forbids unsafe code and the widget's one unsafe line
# is a transmute the compiler size-checks, so AddressSanitizer finds little a
# panic would not, at half the speed (and its leak check reports the texts
# the widget keeps for the page's lifetime, by design).
# With debug assertions (-a): the sequence arithmetic asserts what it assumes,
# and a finding there is one the release build would silently wrap.
cargo +nightly fuzz build -O -a -s none --fuzz-dir .
bin=target/x86_64-unknown-linux-gnu/release
status=0
for target in capture:200000 scenario:40000 link:40000; do
  name=${target%%:*}
  mkdir -p "$found/$name"
  echo "== fuzzing $name for $secs s"
  "$bin/$name" "$corpus/$name" -artifact_prefix="$found/$name/" -max_total_time="$secs" \
    -timeout=10 -rss_limit_mb=2048 -max_len="${target##*:}" -print_final_stats=1 2>"$found/$name.log" \
    || { status=1; echo "   finding: see $found/$name.log"; }
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$found/$name.log" | tail -n 2 | sed 's/^/   /'
done
# The view against tcpdump, on a copy (the view's files must not join the corpus).
compare=$(mktemp -d)
cp "$corpus/capture/"* "$compare/"
cargo run -q --release --example tcpdump_lines -- "$compare"/*
echo "== the tcpdump view against tcpdump -nn -r"
python3 tcpdump_diff.py "$compare" || status=1
rm -rf "$compare"
runs=$(mktemp -d)
cargo run -q --release --example run_captures -- "$runs" "$corpus/scenario"/*
echo "== the run's tcpdump view against tcpdump -nn -r of its pcap"
python3 run_diff.py "$runs" || status=1
rm -rf "$runs"
exit $status
