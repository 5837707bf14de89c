#!/usr/bin/env bash
#! Where the widget's WebAssembly goes: builds the release wasm with its
#! function names kept (wasm-bindgen --keep-debug, wasm-opt -Oz --debuginfo,
#! the same passes as the shipped file), asks twiggy for every function's
#! size, and sums them by crate and module (yew's generic view functions
#! hold the components' inlined code). Prints raw bytes; the shipped file is
#! the same code without the name section. Needs twiggy (`cargo install twiggy`).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$root/e2e/node_modules/.bin:$PATH"
command -v twiggy >/dev/null || { echo "size-breakdown: twiggy is not installed (cargo install twiggy)" >&2; exit 1; }
out="$root/target/size-breakdown"
mkdir -p "$out"
cargo build -q --release --locked --target wasm32-unknown-unknown --bin tcp-widget
wasm-bindgen --keep-debug --target web --out-dir "$out" target/wasm32-unknown-unknown/release/tcp-widget.wasm
wasm-opt -Oz --debuginfo --converge --low-memory-unused --zero-filled-memory --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$out/tcp-widget_bg.wasm" -o "$out/named.wasm"
twiggy top -n 1000000 --format csv "$out/named.wasm" >"$out/top.csv"
python3 - "$out/top.csv" <<'PY'
import csv, re, sys, collections
groups = collections.Counter()
for row in csv.DictReader(open(sys.argv[1])):
    name, size = row["Name"], int(row["ShallowSize"])
    if "function names" in name or name.startswith(("Σ", "...")):
        continue
    if name.startswith("data segment"):
        key = "data (strings, tables)"
    else:
        m = re.search(r"(tcp_model::\w+|tcp_widget::\w+|yew|dlmalloc|core|alloc|std|wasm_bindgen|web_sys|js_sys|serde|gloo\w*|implicit_clone|indexmap|hashbrown|slab|futures\w*)", name)
        key = m.group(1) if m else "other"
    groups[key] += size
total = sum(groups.values())
print(f"{'where':34} {'bytes':>9} {'share':>7}")
for key, size in groups.most_common():
    print(f"{key:34} {size:9} {100 * size / total:6.1f}%")
print(f"{'total (code and data, no names)':34} {total:9}")
PY
