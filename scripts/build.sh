#!/usr/bin/env bash
# Release build: wasm-pack (--target web) + wasm-opt -Oz, merged with pkg-template/ into pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .setup/env ] || bash scripts/setup.sh
source .setup/env
out=target/wasm-pack
rm -rf "$out"
RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN wasm-pack --log-level warn build --release --target web \
  --out-dir "$out" --out-name nanogpt_image_controls --no-pack >&2
rm -rf pkg && mkdir -p pkg
cp "$out"/nanogpt_image_controls.js "$out"/nanogpt_image_controls.d.ts \
   "$out"/nanogpt_image_controls_bg.wasm "$out"/nanogpt_image_controls_bg.wasm.d.ts pkg/
[ -d "$out/snippets" ] && cp -r "$out/snippets" pkg/
# The glue's JSDoc blocks repeat the .d.ts (which keeps them for editors); shipped without them
# the glue is ≈ 2.3 KB smaller after brotli. Only whole-line `/** … */` blocks are removed, and
# the result must still parse.
for f in pkg/nanogpt_image_controls.js pkg/snippets/*/src/wasm/cache.js; do
  [ -f "$f" ] || continue
  node -e 'const fs=require("fs");const f=process.argv[1];const s=fs.readFileSync(f,"utf8");
    fs.writeFileSync(f,s.replace(/^[ \t]*\/\*\*(?:(?!\*\/)[\s\S])*\*\/[ \t]*\n/gm,""))' "$f"
  node --input-type=module --check < "$f"
done
cp pkg-template/* pkg/
cp README.md CHANGELOG.md LICENSE pkg/
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
node -e 'const f="pkg/package.json";const p=JSON.parse(require("fs").readFileSync(f));p.version=process.argv[1];require("fs").writeFileSync(f,JSON.stringify(p,null,2)+"\n")' "$version"
wasm=$(stat -c %s pkg/nanogpt_image_controls_bg.wasm)
echo "[build] pkg/ ready: wasm $wasm bytes" >&2
# Let tests, the demo and the examples import the package by name, as users do.
mkdir -p node_modules && ln -sfn ../pkg node_modules/nanogpt-image-controls
