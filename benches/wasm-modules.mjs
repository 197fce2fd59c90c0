#!/usr/bin/env node
// Code bytes of a name-keeping wasm (benches/size-by-module.sh makes one) grouped by module of
// this crate (DEPTH levels), by crate for dependencies, and the wasm-bindgen export shims (into
// which the exported function's body is often inlined) on their own lines.
//
//   node benches/wasm-modules.mjs FILE.wasm [DEPTH]
import { readFileSync } from "node:fs";

const [file, depthArg = "2"] = process.argv.slice(2);
const depth = Number(depthArg);
const b = readFileSync(file);
let i = 8;
const leb = () => {
  let r = 0, s = 0, x;
  do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
  return r;
};
let imports = 0;
const bodies = [];
const names = new Map();
while (i < b.length) {
  const id = b[i++];
  const size = leb();
  const end = i + size;
  if (id === 2) {
    const n = leb();
    for (let k = 0; k < n; k++) {
      for (let part = 0; part < 2; part++) {
        const length = leb(); // (not `i += leb()`: that adds to the value of `i` before the read)
        i += length;
      }
      const kind = b[i++];
      if (kind === 0) { leb(); imports++; }
      else if (kind === 1) { i++; const fl = leb(); leb(); if (fl & 1) leb(); }
      else if (kind === 2) { const fl = leb(); leb(); if (fl & 1) leb(); }
      else i += 2;
    }
  } else if (id === 10) {
    const n = leb();
    for (let k = 0; k < n; k++) { const s = leb(); bodies.push(s); i += s; }
  } else if (id === 0) {
    const l = leb();
    const nm = b.subarray(i, i + l).toString();
    i += l;
    if (nm === "name") {
      while (i < end) {
        const sub = b[i++];
        const ss = leb();
        const se = i + ss;
        if (sub === 1) {
          const n = leb();
          for (let k = 0; k < n; k++) { const idx = leb(); const l2 = leb(); names.set(idx, b.subarray(i, i + l2).toString()); i += l2; }
        }
        i = se;
      }
    }
  }
  i = end;
}
const groups = new Map();
let total = 0;
bodies.forEach((size, k) => {
  const name = (names.get(imports + k) ?? "?").replace(/\[[0-9a-f]+\]/g, "");
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
console.log(`${file}: ${total} code bytes in ${bodies.length} functions`);
let small = 0;
for (const [key, size] of [...groups].sort((a, b) => b[1] - a[1])) {
  if (size >= 500) console.log(`${String(size).padStart(8)}  ${(100 * size / total).toFixed(1).padStart(5)}%  ${key}`);
  else small += size;
}
console.log(`${String(small).padStart(8)}  ${(100 * small / total).toFixed(1).padStart(5)}%  (groups under 500 bytes)`);
