#!/usr/bin/env node
// Makes wasm-bindgen's init types check without the DOM library, so a Node-only TypeScript
// project (lib "ES2022" and @types/node, `skipLibCheck: false`) compiles against the package:
// the glue's `InitInput`/`InitOutput` name `RequestInfo`, `BufferSource` and `WebAssembly.*`,
// which only lib "dom" declares. Where the DOM library is present the types are the same as
// before: the `WebAssembly` ones are taken from `globalThis` when it declares them.
//
//   node scripts/portable-dts.mjs pkg/nanogpt_image_controls.d.ts
//
// Fails (exit 1) when the file no longer has the lines this rewrites, or still names a DOM-only
// type afterwards.
import { readFileSync, writeFileSync } from "node:fs";

const [file] = process.argv.slice(2);
let dts = readFileSync(file, "utf8");
const replacements = [
  [/\bRequestInfo \| URL\b/g, "string | Request | URL"],
  [/\bBufferSource\b/g, "ArrayBuffer | ArrayBufferView"],
  [/\bWebAssembly\.(Module|Memory|Table)\b/g, "Wasm$1"],
];
for (const [pattern, replacement] of replacements) {
  const before = dts;
  dts = dts.replace(pattern, replacement);
  if (dts === before) {
    console.error(`[portable-dts] nothing matched ${pattern} in ${file}`);
    process.exit(1);
  }
}
dts += `
/** \`WebAssembly.Module\` where the environment's types declare it (lib "dom"), else any object. */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;
/** \`WebAssembly.Memory\` where the environment's types declare it, else its \`buffer\`. */
type WasmMemory = typeof globalThis extends { WebAssembly: { Memory: { prototype: infer M } } } ? M : { readonly buffer: ArrayBuffer };
/** \`WebAssembly.Table\` where the environment's types declare it, else any object. */
type WasmTable = typeof globalThis extends { WebAssembly: { Table: { prototype: infer T } } } ? T : object;
`;
const code = dts.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
const left = code.match(/\b(RequestInfo|BufferSource|WebAssembly\.\w+)\b/);
if (left) {
  console.error(`[portable-dts] ${file} still names ${left[0]}`);
  process.exit(1);
}
writeFileSync(file, dts);
