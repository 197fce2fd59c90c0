#!/usr/bin/env bash
# Idempotent set-up for building and testing nanogpt-image-controls.
#
# Installs only what is missing: a wasm32 toolchain (rustup target when reachable,
# otherwise Debian's rustc-web with a wasm32 std built once from source, linked as the
# rustup toolchain "sys-wasm" — the default toolchain is never changed), wasm-bindgen-cli
# of exactly the version in Cargo.lock, wasm-pack, Chromium + chromedriver, npm packages.
# The second run takes seconds. Writes .setup/env, which the other scripts source.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mkdir -p .setup
log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
t0=$(date +%s)

export PATH="$HOME/.cargo/bin:$PATH"
WASM_PACK_VERSION=0.15.1
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
[ -n "$WBG_VERSION" ] || WBG_VERSION=$(sed -n 's/^wasm-bindgen = { *version = "=\([^"]*\)".*/\1/p; s/^wasm-bindgen = "=\([^"]*\)"/\1/p' Cargo.toml | head -1)

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
apt_pkgs=()
need_apt() { apt_pkgs+=("$@"); }

std_dir=/usr/lib/rustlib/wasm32-unknown-unknown/lib
default_sysroot=$(rustc --print sysroot)
toolchain=""
# SETUP_FORCE_SYS_WASM=1 takes the offline path even where rustup could download the target.
force=${SETUP_FORCE_SYS_WASM:-}
sys_wasm_ready() {
  ls "$std_dir"/libstd-*.rlib >/dev/null 2>&1 && [ -x /usr/bin/cargo-clippy ] && rustup toolchain list | grep -q '^sys-wasm'
}
if [ -z "$force" ] && [ -d "$default_sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
  toolchain=$(rustup show active-toolchain | cut -d' ' -f1)
elif sys_wasm_ready; then
  toolchain=sys-wasm
elif [ -z "$force" ] && timeout 20 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  toolchain=$(rustup show active-toolchain | cut -d' ' -f1)
  log "wasm32 target installed with rustup"
else
  log "rustup cannot download the wasm32 target: using Debian's rustc-web (toolchain sys-wasm)"
  toolchain=sys-wasm
  { [ -x /usr/bin/rustc ] && /usr/bin/rustc --version | grep -q '^rustc 1\.9'; } || need_apt rustc-web cargo-web rust-web-src rust-web-llvm lld-22
  [ -x /usr/bin/cargo-clippy ] || need_apt rust-web-clippy
fi
[ -x /usr/bin/chromium ] || need_apt chromium
[ -x /usr/bin/chromedriver ] || need_apt chromium-driver

if [ ${#apt_pkgs[@]} -gt 0 ]; then
  log "apt-get install ${apt_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
fi

if [ "$toolchain" = sys-wasm ]; then
  if ! ls "$std_dir"/libstd-*.rlib >/dev/null 2>&1; then
    log "building the wasm32 standard library from Debian's rust source (once, a few minutes)"
    tmp=$(mktemp -d); mkdir -p "$tmp/src"; : > "$tmp/src/lib.rs"
    printf '[package]\nname="sysroot-build"\nversion="0.0.0"\nedition="2021"\n[profile.release]\nopt-level=3\n' > "$tmp/Cargo.toml"
    ( cd "$tmp" && PATH=/usr/bin:$PATH RUSTUP_TOOLCHAIN= RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -q --release \
        --target wasm32-unknown-unknown -Z build-std=std,panic_abort,panic_unwind,proc_macro,test )
    $SUDO mkdir -p "$std_dir"
    $SUDO cp "$tmp"/target/wasm32-unknown-unknown/release/deps/*.rlib "$std_dir"/
    $SUDO rm -f "$std_dir"/libsysroot_build-*
    rm -rf "$tmp"
  fi
  rustup toolchain list | grep -q '^sys-wasm' || rustup toolchain link sys-wasm /usr
fi

# The release build compiles the standard library with the crate (-Z build-std, see
# scripts/build.sh), which needs the library's source: the wasm toolchain's rust-src when it
# has it or rustup can fetch it, else Debian's rust-web-src (toolchain sys-wasm, as above).
has_std_src() {
  local root
  root=$(RUSTUP_TOOLCHAIN=$1 rustc --print sysroot 2>/dev/null) && [ -f "$root/lib/rustlib/src/rust/library/std/Cargo.toml" ]
}
std_src_toolchain=""
if has_std_src "$toolchain"; then
  std_src_toolchain=$toolchain
elif has_std_src sys-wasm; then
  std_src_toolchain=sys-wasm
elif [ "$toolchain" != sys-wasm ] && timeout 30 rustup component add rust-src --toolchain "$toolchain" >/dev/null 2>&1; then
  std_src_toolchain=$toolchain
  log "rust-src installed with rustup"
else
  log "rustup cannot download rust-src: using Debian's rust-web-src (toolchain sys-wasm) for the release build"
  pkgs=()
  { [ -x /usr/bin/rustc ] && /usr/bin/rustc --version | grep -q '^rustc 1\.9'; } || pkgs+=(rustc-web cargo-web rust-web-llvm lld-22)
  [ -f /usr/lib/rustlib/src/rust/library/std/Cargo.toml ] || pkgs+=(rust-web-src)
  if [ ${#pkgs[@]} -gt 0 ] && ! { $SUDO apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null; }; then
    log "warning: apt-get could not install ${pkgs[*]}"
  fi
  if [ -x /usr/bin/rustc ] && ! rustup toolchain list | grep -q '^sys-wasm'; then
    rustup toolchain link sys-wasm /usr || true
  fi
  if has_std_src sys-wasm; then std_src_toolchain=sys-wasm; fi
fi
[ -n "$std_src_toolchain" ] || log "warning: no standard library source: the release build will be larger and slower"

# rustfmt / clippy for native builds come with the default toolchain.
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WBG_VERSION"; then
  log "cargo install wasm-bindgen-cli $WBG_VERSION (a few minutes)"
  cargo install -q --force wasm-bindgen-cli --version "=$WBG_VERSION"
fi
if ! wasm-pack --version 2>/dev/null | grep -qx "wasm-pack $WASM_PACK_VERSION"; then
  log "cargo install wasm-pack $WASM_PACK_VERSION (a few minutes)"
  cargo install -q --force wasm-pack --version "=$WASM_PACK_VERSION"
fi

if [ -f package-lock.json ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    touch node_modules/.package-lock.json
  fi
fi

cat > .setup/env <<ENV
# written by scripts/setup.sh
export WASM_TOOLCHAIN=$toolchain
export STD_SRC_TOOLCHAIN=$std_src_toolchain
export CHROMEDRIVER=/usr/bin/chromedriver
export CHROMIUM=/usr/bin/chromium
export PATH="$root/node_modules/.bin:\$HOME/.cargo/bin:\$PATH"
ENV
log "ready in $(( $(date +%s) - t0 ))s (wasm toolchain: $toolchain, release std from source: ${std_src_toolchain:-none}, wasm-bindgen $WBG_VERSION)"
