# Sourced by scripts/build.sh and benches/build-variant.sh (after .setup/env): the release wasm's
# build settings (docs/ARCHITECTURE.md "Build"). Sets `toolchain` and `cargo_args` and exports
# RUSTC_BOOTSTRAP and RUSTFLAGS. INLINE_THRESHOLD overrides LLVM's inline threshold (60).
#
# The standard library is compiled with the crate (-Z build-std; RUSTC_BOOTSTRAP lets a stable
# compiler take the flag), so that
# - panics abort without their messages, file paths and formatting code (panic=immediate-abort;
#   the crate denies unwrap/expect/panic/indexing, so a panic is a bug either way);
# - core, alloc and std are optimized for speed (opt-level 3, as the prebuilt std is) while the
#   crate stays at "z";
# - LLVM inlines a little more than opt-level "z" does (threshold 60: 100 was 6.5 KB brotli
#   larger for ≈ 3 % on parse + derive-all in Chromium; BENCHMARKS.md);
# - core's `optimize_for_size` feature picks its smaller variants (sorting, formatting):
#   −1.9 KB brotli, time unchanged (BENCHMARKS.md).
# Without the library's source (STD_SRC_TOOLCHAIN empty), the prebuilt std is used.
toolchain=$WASM_TOOLCHAIN
cargo_args=()
if [ -n "${STD_SRC_TOOLCHAIN:-}" ]; then
  toolchain=$STD_SRC_TOOLCHAIN
  export RUSTC_BOOTSTRAP=1
  export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Cllvm-args=-inline-threshold=${INLINE_THRESHOLD:-60}${EXTRA_RUSTFLAGS:+ $EXTRA_RUSTFLAGS}"
  cargo_args=(-Z build-std=std,panic_abort -Z build-std-features=optimize_for_size)
  for crate in core alloc std compiler_builtins; do
    cargo_args+=(--config "profile.release.package.$crate.opt-level=3")
  done
fi
