#!/usr/bin/env node
// Code size of a wasm file (with a `name` section: the cargo output before wasm-bindgen/wasm-opt)
// grouped by the crate that appears first in each function's mangled name, plus the largest
// functions of this crate. Complements benches/wasm-sizes.py, which prints single functions.
//
//   node benches/wasm-crates.mjs [target/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm] [TOP]

import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "target/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm";
const top = Number(process.argv[3] ?? 15);
const b = readFileSync(file);
let i = 8;
const leb = () => { let r = 0, s = 0, x; do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
let imports = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
while (i < b.length) {
  const id = b[i++];
  const size = leb();
  const end = i + size;
  if (id === 2) {
    const n = leb();
    for (let k = 0; k < n; k++) {
      const l1 = leb(); i += l1;
      const l2 = leb(); i += l2;
      const kind = b[i++];
      if (kind === 0) { leb(); imports++; }
      else if (kind === 1) { i++; const fl = leb(); leb(); if (fl & 1) leb(); }
      else if (kind === 2) { const fl = leb(); leb(); if (fl & 1) leb(); }
      else i += 2;
    }
  } else if (id === 10) {
    const n = leb();
    for (let k = 0; k < n; k++) { const s = leb(); bodies.push(s); i += s; }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) {
    const l = leb();
    const nm = b.subarray(i, i + l).toString(); i += l;
    if (nm === "name") {
      while (i < end) {
        const sub = b[i++]; const ss = leb(); const se = i + ss;
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
const crates = ["nanogpt_image_controls", "serde_wasm_bindgen", "serde_json", "serde_core", "serde", "wasm_bindgen_futures", "wasm_bindgen", "js_sys", "web_sys", "gloo_net", "gloo_utils", "tsify", "hashbrown", "indexmap", "dlmalloc", "thiserror", "ryu", "itoa", "memchr", "alloc", "core", "std"];
const by = new Map();
const own = [];
let total = 0;
bodies.forEach((size, k) => {
  const name = names.get(imports + k) ?? `func${imports + k}`;
  total += size;
  let best = "?", at = Infinity;
  for (const c of crates) {
    const m = new RegExp(`(?:^|[^a-z_]\\d*|_\\d+)${c}(?=[^a-z_]|$)`).exec(name);
    if (m && m.index < at) { at = m.index; best = c; }
  }
  by.set(best, (by.get(best) ?? 0) + size);
  if (best === "?" && process.env.DEBUG_UNKNOWN) console.log(size, name.slice(0, 160));
  if (best === "nanogpt_image_controls") own.push([size, name]);
});
console.log(`${file}: code ${total} bytes in ${bodies.length} functions; data ${dataBytes} bytes`);
for (const [c, s] of [...by.entries()].sort((a, b) => b[1] - a[1])) console.log(`${String(s).padStart(8)}  ${(100 * s / total).toFixed(1).padStart(5)}%  ${c}`);
console.log(`\nlargest functions attributed to this crate:`);
for (const [s, n] of own.sort((a, b) => b[0] - a[0]).slice(0, top)) console.log(`${String(s).padStart(8)}  ${n.slice(0, 140)}`);
