#!/usr/bin/env node
// A profiling driver: runs one scenario in a loop for a few seconds.
//
//   node --cpu-prof --cpu-prof-dir=benches/out/prof benches/profile.mjs SCENARIO [--pkg DIR] [--n 240] [--seconds 4]
//   node benches/profile.mjs --chromium SCENARIO [--pkg DIR] [--n 240] [--seconds 4]
//        (headless Chromium, V8 sampling profiler over CDP -> benches/out/prof/chromium-SCENARIO-N.cpuprofile)
//   node benches/profile.mjs --summary FILE.cpuprofile [TOP] [--inclusive]
//
// Scenarios: parse, derive-all, derive-one, keystroke, validate, build, quote (benches/suite.mjs).
// Wasm functions show their names only in a module that keeps its name section; build one with
//   cargo build --release --lib --target wasm32-unknown-unknown   (RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN)
//   wasm-bindgen --target web --keep-debug --out-dir benches/out/pkg-prof --out-name nanogpt_image_controls \
//     target/wasm32-unknown-unknown/release/nanogpt_image_controls.wasm && cp pkg-template/node.js benches/out/pkg-prof/

import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { makeScenarios } from "./suite.mjs";
import { catalogText } from "./gen-catalog.mjs";
import { launchChromium, serveFiles } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const pkg = resolve(opt("--pkg", existsSync(join(here, "out/pkg/node.js")) ? join(here, "out/pkg") : join(here, "../pkg")));
const n = Number(opt("--n", 240));
const seconds = Number(opt("--seconds", 4));

if (args[0] === "--summary") {
  summary(args[1], Number(args[2] ?? 30), args.includes("--inclusive"));
} else if (args[0] === "--chromium") {
  await chromiumProfile(args[1] ?? "derive-all");
} else {
  await nodeScenario(args[0] ?? "derive-all");
}

async function nodeScenario(name) {
  const lib = await import(pathToFileURL(join(pkg, "node.js")).href);
  const text = catalogText(n);
  const fn = makeScenarios(lib, text)[name];
  if (!fn) throw new Error(`unknown scenario ${name}`);
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  while (performance.now() < end) { fn(); calls++; }
  console.error(`[profile] ${name} @${n}: ${calls} calls, ${((seconds * 1000) / calls).toFixed(3)} ms per call (${pkg})`);
}

async function chromiumProfile(name) {
  catalogText(n); // generated when missing, for the page to fetch
  const { server, origin } = await serveFiles({ pkg, benches: here });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/benches/browser.html`);
    await page.waitForFunction(() => window.benchReady === true);
    await page.evaluate(async ({ n, name }) => {
      const lib = await import("/pkg/nanogpt_image_controls.js");
      await lib.default({ module_or_path: "/pkg/nanogpt_image_controls_bg.wasm" });
      const { makeScenarios } = await import("./suite.mjs");
      const text = await (await fetch(`./out/catalog-${n}.json`)).text();
      window.__fn = makeScenarios(lib, text)[name];
      window.__fn(); window.__fn();
    }, { n, name });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    const r = await page.evaluate((seconds) => {
      const end = performance.now() + seconds * 1000;
      let calls = 0;
      while (performance.now() < end) { window.__fn(); calls++; }
      return { calls, ms: (seconds * 1000) / calls };
    }, seconds);
    const { profile } = await cdp.send("Profiler.stop");
    mkdirSync(join(here, "out/prof"), { recursive: true });
    const file = join(here, `out/prof/chromium-${name}-${n}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`[profile] chromium ${name} @${n}: ${r.calls} calls, ${r.ms.toFixed(3)} ms per call -> ${file}`);
  } finally {
    await browser.close();
    server.close();
  }
}

function summary(file, top, inclusive) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((nd) => [nd.id, nd]));
  const parent = new Map();
  for (const nd of prof.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id);
  const keyOf = (node) => {
    const cf = node.callFrame;
    return `${cf.functionName || "(anonymous)"} ${cf.url ? cf.url.split("/").pop() + ":" + (cf.lineNumber + 1) : ""}`.trim();
  };
  const time = new Map();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const nd = byId.get(prof.samples[i]);
    const d = prof.timeDeltas[i] ?? 0;
    total += d;
    if (!inclusive) {
      const key = keyOf(nd);
      time.set(key, (time.get(key) ?? 0) + d);
      continue;
    }
    // inclusive: every distinct function on the stack gets the sample
    const seen = new Set();
    for (let id = nd.id; id !== undefined; id = parent.get(id)) seen.add(keyOf(byId.get(id)));
    for (const key of seen) time.set(key, (time.get(key) ?? 0) + d);
  }
  const rows = [...time.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`${inclusive ? "inclusive" : "self"} time, ${(total / 1000).toFixed(0)} ms sampled`);
  for (const [k, t] of rows) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k.slice(0, 140)}`);
}
