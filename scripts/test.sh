#!/usr/bin/env bash
#! Runs every test and check of the project; exits non-zero on the first failure.
#! Installs what is missing first (scripts/setup.sh, idempotent).
#!
#! Steps: format, clippy (native and wasm32), native tests of the model and the
#! widget's pure code, tcpsim's pcap of every built-in scenario checked by
#! tshark, a live loopback capture read by tcpsim, component tests in headless Chromium (wasm-bindgen-test), a release
#! build with its size budget, and page-level tests with playwright-core
#! against dist/ served on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$root/e2e/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
# One component test renders every built-in at hundreds of moments in an
# unoptimised build (about a minute on two cores); the runner's default is 20 s.
export WASM_BINDGEN_TEST_TIMEOUT=240

started=$(date +%s)
step() { printf '\n\033[1m== %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "cargo fmt --check"
cargo fmt --all --check

step "house rules: no import circle, no production file over 400 lines"
python3 scripts/check-structure.py model/src src

step "clippy (native, all targets)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (wasm32 widget, all targets)"
cargo clippy -p tcp-widget --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "native tests (model and the widget's pure code)"
cargo test --workspace --locked

step "pcap of every built-in scenario read by tshark (scripts/check-pcaps.sh)"
bash scripts/check-pcaps.sh

step "a live capture (tcpdump around curl) read by tcpsim as tshark and ss read it (scripts/check-live-capture.sh)"
bash scripts/check-live-capture.sh

step "component tests in headless Chromium (wasm-bindgen-test)"
cargo test -p tcp-widget --target wasm32-unknown-unknown --locked

step "release build (trunk build --release)"
trunk build --release

step "size budget (gzip of what one visit downloads)"
node e2e/size-gate.mjs

step "page tests (playwright-core, headless Chromium)"
node e2e/run.mjs

step "all tests passed"
