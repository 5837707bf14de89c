#!/usr/bin/env bash
#! Installs everything the widget needs to build, serve and test on a fresh
#! Debian 12 machine that has only the Rust toolchain, Node/npm and apt.
#! Idempotent: each tool is checked at its pinned version and skipped when present.
#! The pins and the reasons for them are in ../shared/TOOLCHAIN.md facts, summarised here:
#!   trunk 0.21.14        (0.22 needs a newer rustc than this machine has)
#!   wasm-bindgen-cli     must equal the wasm-bindgen crate pin (=0.2.130), installed
#!                        without --locked (its lock file wants a crate the registry lacks)
#!   wasm-opt             from npm binaryen@132 (Debian's binaryen 108 cannot read rustc 1.95 output)
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Debian packages: headless browser + driver, pcap reader, CJK font for
# screenshots, and what the live capture check runs (tcpdump, curl, ss).
apt_wanted=(chromium chromium-driver tshark fonts-noto-cjk tcpdump curl iproute2)
apt_missing=()
for p in "${apt_wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$p")
done
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "apt: installing ${apt_missing[*]}"
  as_root apt-get update -qq
  # tshark asks whether non-root users may capture; answer "no" without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | as_root debconf-set-selections
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
else
  say "apt: ${apt_wanted[*]} already installed"
fi

# --- Rust: the wasm target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rust: wasm32-unknown-unknown already installed"
else
  say "rust: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- trunk (pinned; ~8 minutes to compile on 2 cores, once).
if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "trunk $TRUNK_VERSION already installed"
else
  say "trunk: installing $TRUNK_VERSION (takes several minutes the first time)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# --- wasm-bindgen-cli, equal to the crate pin (no --locked: see header).
if wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION already installed"
else
  say "wasm-bindgen-cli: installing $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# --- npm packages: binaryen (wasm-opt 132) and playwright-core for page tests.
# `npm ci` installs exactly the lock file; skip it when node_modules was made from
# the current lock file (npm writes node_modules/.package-lock.json on install).
if [ "$root/e2e/node_modules/.package-lock.json" -nt "$root/e2e/package-lock.json" ]; then
  say "npm: e2e/node_modules up to date"
else
  say "npm: installing e2e packages (binaryen, playwright-core)"
  (cd "$root/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi

say "done"
