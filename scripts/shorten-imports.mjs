#!/usr/bin/env node
// Renames the wasm's imports from the glue (module "./nanogpt_image_controls_bg.js": wasm-bindgen's
// `__wbg_<name>_<hash>` and `__wbindgen_…` shims) to short names, in the wasm's import section and in the glue's
// import object alike. The names are internal to the pair of files; the exports the package's
// `.wasm.d.ts` describes and the snippet imports (`cache.js`, imported by their own names) are
// left alone. Measured: −1.9 KB brotli (BENCHMARKS.md).
//
//   node scripts/shorten-imports.mjs pkg/nanogpt_image_controls_bg.wasm pkg/nanogpt_image_controls.js
//
// Fails (exit 1) on anything unexpected — not a wasm file, a truncated section, no import of
// that module, an import name that does not occur exactly once in the glue — so a wasm-bindgen
// whose output looks otherwise never ships half-renamed files.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmFile, glueFile] = process.argv.slice(2);
const MODULE = "./nanogpt_image_controls_bg.js";
const bytes = readFileSync(wasmFile);
let glue = readFileSync(glueFile, "utf8");

const fail = (why) => {
  console.error(`[shorten-imports] ${why}`);
  process.exit(1);
};

function uleb(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value >>>= 7;
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return Buffer.from(out);
}

if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x0061736d || bytes.readUInt32LE(4) !== 1) {
  fail(`${wasmFile} is not a wasm module (version 1)`);
}
let at = 8;
const byte = () => {
  if (at >= bytes.length) fail(`${wasmFile} ends inside a section`);
  return bytes[at++];
};
const readUleb = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = byte();
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return result;
  }
};
const readName = () => {
  const length = readUleb();
  if (at + length > bytes.length) fail(`${wasmFile} ends inside a name`);
  const name = bytes.subarray(at, at + length).toString("utf8");
  at += length;
  return name;
};

// A value or reference type: one byte, or 0x63/0x64 (`ref null ht` / `ref ht`) and a heap type.
const valType = () => {
  const t = byte();
  if (t === 0x63 || t === 0x64) readUleb();
};

const parts = [bytes.subarray(0, 8)];
const renamed = new Map();
while (at < bytes.length) {
  const sectionStart = at;
  const id = byte();
  const size = readUleb();
  const bodyStart = at;
  const end = bodyStart + size;
  if (end > bytes.length) fail(`${wasmFile} ends inside section ${id}`);
  if (id !== 2) {
    parts.push(bytes.subarray(sectionStart, end));
    at = end;
    continue;
  }
  const count = readUleb();
  const body = [uleb(count)];
  for (let k = 0; k < count; k++) {
    const module = readName();
    const name = readName();
    const descStart = at;
    const kind = byte();
    if (kind === 0) readUleb(); // function: type index
    else if (kind === 1) { valType(); const flags = readUleb(); readUleb(); if (flags & 1) readUleb(); } // table
    else if (kind === 2) { const flags = readUleb(); readUleb(); if (flags & 1) readUleb(); } // memory
    else if (kind === 3) { valType(); byte(); } // global: type, mutability
    else if (kind === 4) { byte(); readUleb(); } // tag
    else fail(`import kind ${kind} unknown`);
    let newName = name;
    if (module === MODULE) {
      // The same name imported twice keeps one short name.
      newName = renamed.get(name) ?? `_${renamed.size.toString(36)}`;
      renamed.set(name, newName);
    }
    for (const s of [module, newName]) {
      const b = Buffer.from(s, "utf8");
      body.push(uleb(b.length), b);
    }
    body.push(bytes.subarray(descStart, at));
  }
  if (at !== end) fail("the import section was not read to its end");
  const content = Buffer.concat(body);
  parts.push(Buffer.from([2]), uleb(content.length), content);
}

if (renamed.size === 0) fail(`${wasmFile} imports nothing from ${MODULE}`);
for (const [name, short] of renamed) {
  const pattern = new RegExp(`\\b${name}\\b`, "g");
  const found = glue.match(pattern)?.length ?? 0;
  if (found !== 1) fail(`${name} occurs ${found} times in ${glueFile}, not once`);
  glue = glue.replace(pattern, short);
}
writeFileSync(wasmFile, Buffer.concat(parts));
writeFileSync(glueFile, glue);
console.error(`[shorten-imports] ${renamed.size} imports renamed`);
