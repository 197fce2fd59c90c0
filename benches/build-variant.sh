#!/usr/bin/env bash
# Builds a variant of the package with other optimization settings, for comparison only
# (the real build is scripts/build.sh). Cargo.toml is not touched: the profile is overridden
# through CARGO_PROFILE_RELEASE_* and a separate target dir.
#
# The release build's other settings (the standard library compiled in, scripts/release-env.sh)
# apply too; INLINE_THRESHOLD=N and EXTRA_RUSTFLAGS="…" vary them.
#
#   bash benches/build-variant.sh NAME OPT_LEVEL "WASM_OPT_FLAGS"
#   e.g. bash benches/build-variant.sh o3 3 "-O3"   ->  benches/out/pkg-o3/
#        INLINE_THRESHOLD=75 bash benches/build-variant.sh it75 z "-Oz"
#   then node benches/ab.mjs pkg benches/out/pkg-it75   (or benches/ab-chromium.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?name}; opt=${2:?opt-level}; flags=${3:--O3}
source .setup/env
source scripts/release-env.sh
target=target/bench-variant-$name
out=benches/out/pkg-$name
CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt RUSTUP_TOOLCHAIN=$toolchain \
  cargo build -q --release --locked --lib --target wasm32-unknown-unknown --target-dir "$target" \
  ${cargo_args[@]+"${cargo_args[@]}"}
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name nanogpt_image_controls \
  "$target/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm"
# shellcheck disable=SC2086
wasm-opt $flags --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue \
  "$out/nanogpt_image_controls_bg.wasm" -o "$out/nanogpt_image_controls_bg.wasm"
cp pkg-template/* "$out"/
echo "[variant] $out: wasm $(stat -c %s "$out/nanogpt_image_controls_bg.wasm") bytes (opt-level $opt, wasm-opt $flags)" >&2
