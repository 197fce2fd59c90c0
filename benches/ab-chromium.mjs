// A/B in headless Chromium: node benches/ab-chromium.mjs DIR_A DIR_B [scenario=derive-all] [rounds=30] [n=240]
// The browser twin of benches/ab.mjs: both packages load in one page (two module instances) and
// run alternately, with JSON.parse of the same text timed in every round; no profiler attached.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [a, b, scenario = "derive-all", rounds = 30, n = 240] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node benches/ab-chromium.mjs DIR_A DIR_B [scenario] [rounds] [n]");
  process.exit(2);
}
const roots = { a: resolve(a), b: resolve(b), benches: here };
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };
// COOP/COEP: a cross-origin-isolated page gets performance.now() at its fine resolution.
const isolated = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
const server = createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const [, top, ...rest] = p.split("/");
  const root = roots[top];
  const f = root && join(root, normalize(rest.join("/")));
  if (!f || !f.startsWith(root) || !existsSync(f) || !statSync(f).isFile()) {
    res.writeHead(404, isolated);
    res.end();
    return;
  }
  res.writeHead(200, { ...isolated, "Content-Type": types[extname(f)] ?? "text/plain" });
  res.end(readFileSync(f));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const require = createRequire(join(here, "../package.json"));
const { chromium } = require("playwright-core");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/benches/browser.html`);
  const r = await page.evaluate(async ({ n, scenario, rounds }) => {
    const { makeScenarios } = await import("/benches/suite.mjs");
    const text = await (await fetch(`/benches/out/catalog-${n}.json`)).text();
    const fns = [];
    for (const dir of ["a", "b"]) {
      const lib = await import(`/${dir}/nanogpt_image_controls.js`);
      await lib.default({ module_or_path: `/${dir}/nanogpt_image_controls_bg.wasm` });
      const fn = makeScenarios(lib, text)[scenario];
      if (!fn) throw new Error(`unknown scenario ${scenario}`);
      fn();
      fn();
      fns.push(fn);
    }
    const times = [[], []];
    const jp = [];
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      JSON.parse(text);
      jp.push(performance.now() - t);
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        const k = Math.max(1, Math.round(20 / Math.max(0.01, times[i].at(-1) ?? 20)));
        t = performance.now();
        for (let j = 0; j < k; j++) fns[i]();
        times[i].push((performance.now() - t) / k);
      }
    }
    const med = (xs) => xs.slice().sort((x, y) => x - y)[xs.length >> 1];
    return { jp: med(jp), a: med(times[0]), b: med(times[1]) };
  }, { n: +n, scenario, rounds: +rounds });
  const f = (x) => x.toFixed(3);
  console.log(`chromium ${scenario}@${n}: JSON.parse ${f(r.jp)} ms | A ${f(r.a)} ms (${(r.a / r.jp).toFixed(2)}x) | B ${f(r.b)} ms (${(r.b / r.jp).toFixed(2)}x) | B/A ${(r.b / r.a).toFixed(3)}`);
} finally {
  await browser.close();
  server.close();
}
