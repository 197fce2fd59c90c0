#!/usr/bin/env node
// A profiling driver: runs one scenario in a loop for a few seconds, for `node --cpu-prof`.
//
//   node --cpu-prof --cpu-prof-dir=benches/out/prof benches/profile.mjs SCENARIO [--pkg DIR] [--n 240] [--seconds 4]
//   node benches/profile.mjs --summary benches/out/prof/FILE.cpuprofile [TOP] [--inclusive]
//
// Scenarios: parse, derive-all, derive-one, keystroke, validate, build, quote.
// The summary prints self time per function (wasm functions show their names when the
// module keeps a name section, e.g. a `wasm-pack build --profiling` build).

import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { typicalIndex } from "./suite.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };

if (args[0] === "--summary") {
  summary(args[1], Number(args[2] ?? 30), args.includes("--inclusive"));
} else {
  await scenario(args[0] ?? "derive-all");
}

async function scenario(name) {
  const pkg = resolve(opt("--pkg", existsSync(join(here, "out/pkg/node.js")) ? join(here, "out/pkg") : join(here, "../pkg")));
  const n = Number(opt("--n", 240));
  const seconds = Number(opt("--seconds", 4));
  const lib = await import(pathToFileURL(join(pkg, "node.js")).href);
  const text = readFileSync(join(here, `out/catalog-${n}.json`), "utf8");
  const raw = JSON.parse(text);
  const catalog = lib.parseCatalog(text);
  const model = catalog.models.find((m) => m.id === raw.data[typicalIndex(raw)].id);
  const controls = lib.deriveControls(model);
  const values = lib.defaultValues(controls);
  let k = 0;
  const v = () => ({ ...values, prompt: "a fox in the snow ".repeat(3).slice(0, (k++ % 50) + 1) });
  const fns = {
    parse: () => lib.parseCatalog(text),
    "derive-all": () => { const c = lib.parseCatalog(text); for (const m of c.models) lib.deriveControls(m); },
    "derive-one": () => lib.deriveControls(model),
    keystroke: () => { const x = v(); lib.validateValues(controls, x); lib.buildRequest(model, x); lib.quotePrice(model, x); },
    validate: () => lib.validateValues(controls, v()),
    build: () => lib.buildRequest(model, v()),
    quote: () => lib.quotePrice(model, v()),
  };
  const fn = fns[name];
  if (!fn) throw new Error(`unknown scenario ${name}; one of ${Object.keys(fns).join(", ")}`);
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  while (performance.now() < end) { fn(); calls++; }
  console.error(`[profile] ${name} @${n}: ${calls} calls, ${((seconds * 1000) / calls).toFixed(3)} ms per call (${pkg})`);
}

function summary(file, top, inclusive) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((nd) => [nd.id, nd]));
  const parent = new Map();
  for (const nd of prof.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id);
  const self = new Map();
  const dt = prof.timeDeltas;
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const nd = byId.get(prof.samples[i]);
    const d = dt[i] ?? 0;
    total += d;
    const keyOf = (node) => {
      const cf = node.callFrame;
      return `${cf.functionName || "(anonymous)"} ${cf.url ? cf.url.split("/").pop() + ":" + (cf.lineNumber + 1) : ""}`.trim();
    };
    if (!inclusive) {
      const key = keyOf(nd);
      self.set(key, (self.get(key) ?? 0) + d);
      continue;
    }
    // inclusive: every distinct function on the stack gets the sample
    const seen = new Set();
    for (let id = nd.id; id !== undefined; id = parent.get(id)) seen.add(keyOf(byId.get(id)));
    for (const key of seen) self.set(key, (self.get(key) ?? 0) + d);
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`${inclusive ? "inclusive" : "self"} time, ${(total / 1000).toFixed(0)} ms sampled`);
  for (const [k, t] of rows) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k.slice(0, 140)}`);
}
