#!/usr/bin/env bash
# Fuzzes the pure core with cargo-fuzz (libFuzzer, nightly toolchain): each target for
# FUZZ_SECONDS (default 30), seeded from tests/fixtures by fuzz/seeds.mjs. Fails on the first
# crash or broken invariant; the input that caused it is kept in fuzz/artifacts/<target>/.
#
#   npm run fuzz                              # every target, 30 s each
#   FUZZ_SECONDS=10 bash scripts/fuzz.sh form pricing
#   cargo +nightly fuzz run -a form fuzz/artifacts/form/crash-…   # replay one finding
#   (cd fuzz && cargo run --example show -- artifacts/form/crash-…)   # what it means
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
all=(catalog resolution controls form pricing num)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzzing needs the nightly toolchain (rustup toolchain install nightly)" >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz into ~/.cargo/bin"
  cargo install cargo-fuzz
fi

node fuzz/seeds.mjs
# -a: debug assertions, so integer overflow panics instead of wrapping silently.
cargo +nightly fuzz build -a

mkdir -p artifacts
summary=artifacts/fuzz-summary.txt
: > "$summary"
for t in "${targets[@]}"; do
  case $t in
    resolution) dict=(-dict=fuzz/dict/resolution.dict) ;;
    num) dict=() ;;
    *) dict=(-dict=fuzz/dict/catalog.dict) ;;
  esac
  log="artifacts/fuzz-$t.log"
  echo "== fuzz $t (${seconds}s)"
  set +e
  cargo +nightly fuzz run -a "$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${dict[@]}" > "$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1 || true)
  line="$t: ${runs:-?} executions in ${seconds}s"
  if [ "$rc" != 0 ]; then
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written|^thread' "$log" | head -n 12 >&2 || true
    echo "$line — FAILED (exit $rc), see $log and fuzz/artifacts/$t/" | tee -a "$summary"
    exit "$rc"
  fi
  echo "$line" | tee -a "$summary"
done
echo "no crashes"
