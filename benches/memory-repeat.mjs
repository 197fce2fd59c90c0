#!/usr/bin/env node
// wasm memory over repeated parses of the 10 000-model catalog (BENCHMARKS.md, session 18):
//   node benches/memory-repeat.mjs [PKG_DIR=pkg] [PARSES=6]
// Prints memory.buffer.byteLength (MiB) after each parse and after deriving every model.
// Compare builds with benches/build-variant.sh (e.g. benches/out/pkg-base against pkg).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { catalogText } from "./gen-catalog.mjs";

const [dir = "pkg", parses = "6"] = process.argv.slice(2);
const lib = await import(pathToFileURL(resolve(dir, "node.js")).href);
const out = await lib.default();
const text = catalogText(10000);
const mem = () => (out.memory.buffer.byteLength / 2 ** 20).toFixed(1);
const seen = [];
for (let i = 0; i < Number(parses); i++) {
  const catalog = lib.parseCatalog(text);
  seen.push(mem());
  for (const model of catalog.models) lib.deriveControls(model);
  seen.push(mem());
}
console.log(`${dir}: ${seen.join(" ")} MiB (after each parse, then after deriving every model)`);
