#!/usr/bin/env bash
# Every test layer; fails on the first failing layer and ends with each runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
# A clean run writes about 1.4 GB (target/, fuzz/target/, node_modules/); a full disk fails
# in the middle with "No space left on device", so say so up front.
free_kb=$(df -Pk . | awk 'NR==2 {print $4}')
if [ -n "$free_kb" ] && [ "$free_kb" -lt 3000000 ]; then
  printf '\033[1m[test] warning:\033[0m only %s MB free on this disk; a clean npm test needs about 1.4 GB (cargo clean frees target/)\n' "$((free_kb / 1024))" >&2
fi
bash scripts/setup.sh
source .setup/env
mkdir -p artifacts
summary=artifacts/summary.txt
: > "$summary"
t0=$(date +%s)
step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
# Runs a command, tees its output, and keeps the lines matching $2 for the final summary.
run() {
  local name=$1 pattern=$2; shift 2
  local log="artifacts/$name.log"
  set +e
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  { echo "[$name]"; { grep -E "$pattern" "$log" || true; } | sed 's/^/  /' | tail -n 40; } >> "$summary"
  if [ "$rc" != 0 ]; then echo "FAILED: $name (exit $rc)"; cat "$summary"; exit "$rc"; fi
}
# Fails when a runner reported no tests at all (wasm-pack skips misconfigured files silently).
require_tests() {
  local log="artifacts/$1.log"
  if ! grep -Eq "test result: ok\. [1-9][0-9]* passed" "$log"; then
    echo "FAILED: $1 ran no tests"; exit 1
  fi
}

step "1. format and lint"
run fmt 'Diff in|clean' bash -c 'cargo fmt --all --check && echo "cargo fmt: clean"' 
run clippy-native 'warning|error|Finished' cargo clippy --all-targets --locked -- -D warnings
run clippy-wasm 'warning|error|Finished' env RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN" cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
# The fuzz harness (`npm run fuzz`, nightly) uses the crate's API: it must keep compiling.
run fuzz-check 'warning|error|Finished|Diff in' bash -c 'cargo fmt --check --manifest-path fuzz/Cargo.toml && cargo check --manifest-path fuzz/Cargo.toml --all-targets --locked'

step "2. native cargo test"
run cargo-test 'test result:' cargo test --locked
require_tests cargo-test

step "3. build the package"
run build '\[build\]' bash scripts/build.sh

step "4. wasm-bindgen-test in Node and headless Chromium"
# chromedriver's Chromium leaves a profile of ~30 MB in $TMPDIR per run: give it one that goes.
chrome_tmp=$(mktemp -d)
trap 'rm -rf "$chrome_tmp"' EXIT
TMPDIR="$chrome_tmp" bash scripts/with-test-server.sh bash -c '
  set -e
  RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN" wasm-pack test --node -- --test wasm_node 2>&1 | tee artifacts/wasm-node.log; test ${PIPESTATUS[0]} = 0
  RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN" wasm-pack test --headless --chrome -- --test wasm_browser 2>&1 | tee artifacts/wasm-browser.log; test ${PIPESTATUS[0]} = 0
' || { echo "FAILED: wasm-bindgen-test"; exit 1; }
for n in wasm-node wasm-browser; do
  require_tests "$n"
  { echo "[$n]"; grep -E 'test result:' "artifacts/$n.log" | sed 's/^/  /' || true; } >> "$summary"
done

step "5. the built package in Node, size budget"
# (`--harmony-json-parse-with-source`: Node 20 has `JSON.rawJSON` behind it; a test of form values
# uses it. Left out where Node does not take the flag: there `JSON.rawJSON` ships or is absent.)
rawjson=(--harmony-json-parse-with-source)
node "${rawjson[@]}" -e 0 2>/dev/null || rawjson=()
run pkg-node '^# (tests|pass|fail)' node ${rawjson[@]+"${rawjson[@]}"} --test tests/pkg/
step "6. TypeScript consumer against the generated .d.ts"
run tsc 'error|tsc ok' bash -c 'tsc -p tests/ts/tsconfig.json && echo "tsc ok: tests/ts/consumer.ts compiles against pkg/*.d.ts" && tsc -p tests/ts/node/tsconfig.json && echo "tsc ok: tests/ts/node/consumer.mts compiles without lib dom (Node types only)"'

step "7. examples: the npm pack tarball in Node, a plain page, a Vite + React app and a webpack build (Chromium)"
run examples '^examples: |^  (node|plain|react|webpack): ' bash scripts/examples.sh

if [ -f playwright.config.ts ]; then
  step "8. demo page in headless Chromium (Playwright)"
  run playwright '([0-9]+ (passed|failed|skipped|flaky))' playwright test
fi

step "summary ($(( $(date +%s) - t0 ))s)"
cat "$summary"
