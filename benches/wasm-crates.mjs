#!/usr/bin/env node
// Code size of a wasm file (with a `name` section: the cargo output before wasm-bindgen/wasm-opt)
// grouped by the crate that appears first in each function's mangled name, plus the largest
// functions of this crate. Complements benches/wasm-sizes.py, which prints single functions.
//
//   node benches/wasm-crates.mjs [target/release-std/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm] [TOP]

import { wasmFunctions } from "./wasm-functions.mjs";

const file = process.argv[2] ?? "target/release-std/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm";
const top = Number(process.argv[3] ?? 15);
const { functions, dataBytes } = wasmFunctions(file);
const crates = ["nanogpt_image_controls", "serde_wasm_bindgen", "serde_json", "serde_core", "serde", "wasm_bindgen_futures", "wasm_bindgen", "js_sys", "web_sys", "gloo_net", "gloo_utils", "tsify", "hashbrown", "indexmap", "foldhash", "talc", "zmij", "dlmalloc", "thiserror", "ryu", "itoa", "memchr", "alloc", "core", "std"];
const by = new Map();
const own = [];
let total = 0;
functions.forEach(({ size, name }) => {
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
console.log(`${file}: code ${total} bytes in ${functions.length} functions; data ${dataBytes} bytes`);
for (const [c, s] of [...by.entries()].sort((a, b) => b[1] - a[1])) console.log(`${String(s).padStart(8)}  ${(100 * s / total).toFixed(1).padStart(5)}%  ${c}`);
console.log(`\nlargest functions attributed to this crate:`);
for (const [s, n] of own.sort((a, b) => b[0] - a[0]).slice(0, top)) console.log(`${String(s).padStart(8)}  ${n.slice(0, 140)}`);
