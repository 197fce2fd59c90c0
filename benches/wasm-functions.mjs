// The functions of a wasm file: each body's size and its name from the `name` section (when the
// file keeps one), plus the size of the data section. Shared by benches/wasm-crates.mjs and
// benches/wasm-modules.mjs.
import { readFileSync } from "node:fs";

/** `{ functions: [{ size, name }], dataBytes }`; `name` is `funcN` where the file has none. */
export function wasmFunctions(file) {
  const b = readFileSync(file);
  let i = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  const skipName = () => {
    const length = leb(); // read before `i` moves on (not `i += leb()`)
    i += length;
  };
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
        skipName();
        skipName();
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
      const custom = b.subarray(i, i + l).toString();
      i += l;
      if (custom === "name") {
        while (i < end) {
          const sub = b[i++];
          const ss = leb();
          const se = i + ss;
          if (sub === 1) {
            const n = leb();
            for (let k = 0; k < n; k++) {
              const idx = leb();
              const l2 = leb();
              names.set(idx, b.subarray(i, i + l2).toString());
              i += l2;
            }
          }
          i = se;
        }
      }
    }
    i = end;
  }
  const functions = bodies.map((size, k) => ({ size, name: names.get(imports + k) ?? `func${imports + k}` }));
  return { functions, dataBytes };
}
