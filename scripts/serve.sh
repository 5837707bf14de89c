#!/usr/bin/env bash
#! Installs what is missing (scripts/setup.sh), then serves the widget with
#! `trunk serve` at http://127.0.0.1:8080/ (rebuilds and reloads on change).
#! It builds into target/serve/ (a debug build with a live-reload socket), so
#! dist/ stays what `trunk build --release` made for hosting.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$root/e2e/node_modules/.bin:$PATH"
echo "Serving the widget at http://127.0.0.1:8080/ (Ctrl-C stops)"
exec trunk serve --dist "$root/target/serve" "$@"
