#!/usr/bin/env bash
# npm run bench: build the package, generate the catalogs, run the Node and headless-Chromium
# benchmarks side by side, keep the raw results in benches/out/ (git-ignored), update
# BENCHMARKS.md and print the Markdown table. Budgets are reported, never enforced: the exit
# code is non-zero only when the harness itself breaks.
#   BENCH_NO_BUILD=1   bench the pkg/ that is there, without rebuilding
#   extra arguments go to benches/bench.mjs (--node-only, --browser-only, --rounds-240 N, --rounds-10000 N)
set -euo pipefail
cd "$(dirname "$0")/.."
out=benches/out
mkdir -p "$out"
cat /proc/loadavg > "$out/load-at-start.txt" 2>/dev/null || true
if [ ! -f .setup/env ] || [ ! -d node_modules/playwright-core ]; then bash scripts/setup.sh; fi
source .setup/env

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  built=""
  for try in 1 2 3; do
    # Other engineers edit src/ in this tree: a build can fail on a file that is mid-edit.
    if bash scripts/build.sh > "$out/build.log" 2>&1; then built=1; break; fi
    echo "[bench] build failed (try $try of 3, see $out/build.log)" >&2
    tail -n 15 "$out/build.log" >&2
    [ "$try" = 3 ] || sleep 60
  done
  if [ -z "$built" ]; then
    [ -f pkg/node.js ] || { echo "[bench] no package to bench" >&2; exit 1; }
    echo "[bench] benching the pkg/ that is there (it may be older than the sources)" >&2
  fi
fi
[ -f pkg/node.js ] || { echo "[bench] pkg/ is missing: run npm run build" >&2; exit 1; }
# A snapshot, so a concurrent rebuild cannot swap the package under the benchmark.
rm -rf "$out/pkg" && cp -r pkg "$out/pkg"
git log -1 --format='%h %s' > "$out/commit.txt" 2>/dev/null || true
git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null | head -50 > "$out/dirty.txt" || true

node benches/gen-catalog.mjs 240 --out "$out/catalog-240.json"
node benches/gen-catalog.mjs 10000 --out "$out/catalog-10000.json"
# The cargo output of the build just made (build.sh builds with the standard library compiled
# in, into target/release-std/, when it can), names still in it.
lib=target/release-std/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm
plain=target/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm
[ -f "$lib" ] && [ ! "$plain" -nt "$lib" ] || lib=$plain
if [ -f "$lib" ]; then
  python3 benches/wasm-sizes.py "$lib" 30 > "$out/wasm-functions.txt" 2>/dev/null || true
  node benches/wasm-crates.mjs "$lib" 25 > "$out/wasm-crates.txt" 2>/dev/null || true
fi

node benches/bench.mjs --pkg "$out/pkg" "$@" > "$out/table.stdout.md"
node benches/report.mjs --command "npm run bench${*:+ -- $*}"
cat "$out/table.md"
echo "[bench] raw results: $out/results.json; BENCHMARKS.md updated" >&2
