#!/usr/bin/env bash
# Code size of the shipped wasm by module of this crate (and by crate for dependencies), from a
# name-keeping copy of the release build: `wasm-bindgen --keep-debug`, then `wasm-opt -Oz -g`
# (the shipped build's passes, names kept). Run `bash scripts/build.sh` first.
#
#   bash benches/size-by-module.sh [DEPTH]     DEPTH: module levels of this crate shown (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
source .setup/env
wasm=target/release-std/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm
[ -f "$wasm" ] || wasm=target/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm
out=benches/out/named
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --keep-debug --target web --out-dir "$out" --out-name n "$wasm"
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/n_bg.wasm" -o "$out/named.wasm"
node benches/wasm-modules.mjs "$out/named.wasm" "${1:-2}"
