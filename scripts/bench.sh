#!/usr/bin/env bash
#! The benchmark: prints figures (sizes, load time, frame timing, idle timers,
#! memory growth, the native model's time per scenario). Not a test: nothing
#! here passes or fails on a number (only the size budget is gated, in
#! scripts/test.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh >/dev/null
export PATH="$HOME/.cargo/bin:$root/e2e/node_modules/.bin:$PATH"

echo "# Benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo
trunk build --release >/dev/null 2>&1
node e2e/bench.mjs
echo
echo "## Native model: one full run of each built-in scenario (release build)"
echo
cargo run -q --release -p tcp-model --example bench
echo
echo "## Worst inputs the parsers accept, at their caps (native, release)"
echo
cargo build -q --release -p tcp-model --bin tcpsim
cargo run -q --release -p tcp-model --example worst_inputs
