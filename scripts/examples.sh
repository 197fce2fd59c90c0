#!/usr/bin/env bash
# The examples against the package as users get it: `npm pack` of the built pkg/ (run
# `npm run build` first), installed with npm into each example's own node_modules, then
#   node:  examples/node/index.mjs in Node (ESM import by package name)
#   plain: examples/plain/index.html (import map, no bundler) in headless Chromium
#   react: tsc + `vite build` of examples/react, the build in headless Chromium
#   webpack: webpack 5 production builds of examples/webpack: for browsers (in headless Chromium)
#            and for Node (target node18, run in Node)
# Installs are skipped while the tarball and the example's package.json are unchanged.
# Logs: artifacts/examples-<name>.log; screenshots: artifacts/examples-<name>.png.
# Ends with `examples: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f .setup/env ] && source .setup/env
[ -f pkg/package.json ] || { echo "examples: pkg/ is not built (npm run build)" >&2; exit 1; }
mkdir -p target/pack artifacts

rm -f target/pack/nanogpt-image-controls-*.tgz
packed=$(cd pkg && npm pack --silent --pack-destination ../target/pack | tail -1)
tarball=target/pack/nanogpt-image-controls.tgz
cp "target/pack/$packed" "$tarball"
tar_hash=$(sha256sum "$tarball" | cut -c1-64)
echo "[examples] packed pkg/ into $tarball ($(stat -c %s "$tarball") bytes, sha256 ${tar_hash:0:12})"

# npm install unless the stamp says this tarball and package.json are what is installed.
install() {
  local dir=examples/$1
  local stamp=$dir/node_modules/.examples-stamp
  local want="$tar_hash $(sha256sum "$dir/package.json" | cut -c1-64)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$dir/node_modules/nanogpt-image-controls" ]; then
    echo "[examples] $1: install up to date"
    return 0
  fi
  # npm keeps a file: tarball it installed before when the path is the same: drop it first.
  rm -rf "$dir/node_modules/nanogpt-image-controls" "$dir/node_modules/.package-lock.json"
  (cd "$dir" && npm install --no-package-lock --no-audit --no-fund --loglevel=error) || return 1
  # The installed copy must be the packed one, not a link to pkg/.
  [ ! -L "$dir/node_modules/nanogpt-image-controls" ] || { echo "$1: the package is a symlink" >&2; return 1; }
  cmp -s pkg/nanogpt_image_controls_bg.wasm "$dir/node_modules/nanogpt-image-controls/nanogpt_image_controls_bg.wasm" \
    || { echo "$1: installed wasm differs from pkg/" >&2; return 1; }
  echo "$want" > "$stamp"
}

run_node() { install node && (cd examples/node && node index.mjs); }
run_plain() { install plain && node examples/plain/test.mjs; }
run_react() {
  install react || return 1
  (cd examples/react && node_modules/.bin/tsc -p . && node_modules/.bin/vite build --logLevel warn) || return 1
  node examples/react/test.mjs
}

run_webpack() {
  install webpack || return 1
  (cd examples/webpack && node_modules/.bin/webpack --no-stats) || return 1
  node examples/webpack/test.mjs
}

passed=0
failed=0
lines=()
for name in node plain react webpack; do
  log=artifacts/examples-$name.log
  t0=$(date +%s)
  "run_$name" >"$log" 2>&1
  rc=$?
  took=$(($(date +%s) - t0))
  checks=$(grep -Eo '^[a-z]+: [0-9]+ checks passed, [0-9]+ failed' "$log" | tail -1)
  if [ "$rc" = 0 ]; then
    passed=$((passed + 1))
    lines+=("  $name: passed (${checks#*: }, ${took}s)")
  else
    failed=$((failed + 1))
    lines+=("  $name: FAILED (exit $rc, ${took}s; see $log)")
    sed 's/^/    /' "$log" | tail -n 40
  fi
done
printf '%s\n' "${lines[@]}"
echo "examples: $passed passed, $failed failed"
[ "$failed" = 0 ]
