#!/usr/bin/env bash
# Release build: wasm-pack (--target web) + wasm-opt -Oz, merged with pkg-template/ into pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .setup/env ] || bash scripts/setup.sh
source .setup/env
# An .setup/env written before STD_SRC_TOOLCHAIN existed: set up again (seconds).
[ -n "${STD_SRC_TOOLCHAIN+set}" ] || { bash scripts/setup.sh && source .setup/env; }
out=target/wasm-pack
rm -rf "$out"
# Release settings: the standard library compiled in (scripts/release-env.sh, which says what
# each setting measured), in a target dir of their own (the tests build without them).
source scripts/release-env.sh
build() {
  RUSTUP_TOOLCHAIN=$toolchain wasm-pack --log-level warn build --release --target web \
    --out-dir "$out" --out-name nanogpt_image_controls --no-pack . -- ${cargo_args[@]+"${cargo_args[@]}"} >&2
}
if [ -n "$STD_SRC_TOOLCHAIN" ]; then
  if ! CARGO_TARGET_DIR=target/release-std build; then
    echo "[build] warning: the build with the standard library compiled in failed (above); building with the prebuilt std" >&2
    unset RUSTC_BOOTSTRAP RUSTFLAGS
    toolchain=$WASM_TOOLCHAIN cargo_args=()
    build
  fi
else
  echo "[build] warning: no standard library source (scripts/setup.sh): building with the prebuilt std" >&2
  build
fi
rm -rf pkg && mkdir -p pkg
cp "$out"/nanogpt_image_controls.js "$out"/nanogpt_image_controls.d.ts \
   "$out"/nanogpt_image_controls_bg.wasm "$out"/nanogpt_image_controls_bg.wasm.d.ts pkg/
[ -d "$out/snippets" ] && cp -r "$out/snippets" pkg/
# The glue's shims are imported under short names (scripts/shorten-imports.mjs): −1.9 KB brotli.
node scripts/shorten-imports.mjs pkg/nanogpt_image_controls_bg.wasm pkg/nanogpt_image_controls.js
# The init types check without lib "dom" (Node-only TypeScript projects): scripts/portable-dts.mjs.
node scripts/portable-dts.mjs pkg/nanogpt_image_controls.d.ts
# Exports called before `init()` throw an Error with code `not_initialized` (scripts/init-guards.mjs).
node scripts/init-guards.mjs pkg/nanogpt_image_controls.js
# Shipped minified (comments, JSDoc included, go: the .d.ts keeps the docs for editors), each file
# with its source map (scripts/minify.mjs): −3.3 KB brotli.
node scripts/minify.mjs pkg/nanogpt_image_controls.js pkg/snippets/*/src/wasm/cache.js
for f in pkg/nanogpt_image_controls.js pkg/snippets/*/src/wasm/cache.js; do
  node --input-type=module --check < "$f"
done
cp pkg-template/* pkg/
cp CHANGELOG.md LICENSE pkg/
# The package's README: the repository's without its contributor sections, links made absolute.
node scripts/package-readme.mjs README.md pkg-template/package.json > pkg/README.md
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
node -e 'const f="pkg/package.json";const p=JSON.parse(require("fs").readFileSync(f));p.version=process.argv[1];require("fs").writeFileSync(f,JSON.stringify(p,null,2)+"\n")' "$version"
wasm=$(stat -c %s pkg/nanogpt_image_controls_bg.wasm)
echo "[build] pkg/ ready: wasm $wasm bytes" >&2
# Let tests, the demo and the examples import the package by name, as users do.
mkdir -p node_modules && ln -sfn ../pkg node_modules/nanogpt-image-controls
