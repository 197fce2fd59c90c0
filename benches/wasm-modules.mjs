#!/usr/bin/env node
// Code bytes of a name-keeping wasm (benches/size-by-module.sh makes one) grouped by module of
// this crate (DEPTH levels), by crate for dependencies, and the wasm-bindgen export shims (into
// which the exported function's body is often inlined) on their own lines.
//
//   node benches/wasm-modules.mjs FILE.wasm [DEPTH]
import { wasmFunctions } from "./wasm-functions.mjs";

const [file, depthArg = "2"] = process.argv.slice(2);
const depth = Number(depthArg);
const { functions } = wasmFunctions(file);
const groups = new Map();
let total = 0;
functions.forEach(({ size, name: raw }) => {
  const name = raw.replace(/\[[0-9a-f]+\]/g, "");
  total += size;
  let key;
  if (/ shim/.test(name)) key = `export shim: ${name.split(" ")[0]}`;
  else {
    const m = /^<?(?:&mut |&)?([a-z_0-9]+(?:::[a-z_0-9]+)*)/.exec(name);
    if (!m) key = "(unnamed)";
    else {
      const path = m[1].split("::");
      key = path[0] === "nanogpt_image_controls" ? path.slice(0, depth + 1).join("::") : path[0];
    }
  }
  groups.set(key, (groups.get(key) ?? 0) + size);
});
console.log(`${file}: ${total} code bytes in ${functions.length} functions`);
let small = 0;
for (const [key, size] of [...groups].sort((a, b) => b[1] - a[1])) {
  if (size >= 500) console.log(`${String(size).padStart(8)}  ${(100 * size / total).toFixed(1).padStart(5)}%  ${key}`);
  else small += size;
}
console.log(`${String(small).padStart(8)}  ${(100 * small / total).toFixed(1).padStart(5)}%  (groups under 500 bytes)`);
