// A/B in headless Chromium: node benches/ab-chromium.mjs DIR_A DIR_B [scenario=derive-all] [rounds=30] [n=240]
// The browser twin of benches/ab.mjs (no profiler attached); PAGES=N pages per package (default 4).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, serveFiles } from "./chromium.mjs";
import { catalogText } from "./gen-catalog.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const [a, b, scenario = "derive-all", rounds = 30, n = 240] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node benches/ab-chromium.mjs DIR_A DIR_B [scenario] [rounds] [n]");
  process.exit(2);
}
catalogText(n); // generated when missing, for the pages to fetch
const { server, origin } = await serveFiles({ a: resolve(a), b: resolve(b), benches: here });
const browser = await launchChromium();
// Each package runs in pages of its own, A and B alternating (PAGES pages each): two module
// instances in one page share a heap and its garbage collections, which skewed one-page A/Bs
// by ±10 %. Each page reports the median of its rounds' ratios to JSON.parse of the same text.
const pages = Number(process.env.PAGES ?? 4);
async function run(dir) {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/benches/browser.html`);
    return await page.evaluate(async ({ n, scenario, rounds, dir }) => {
      const { makeScenarios } = await import("/benches/suite.mjs");
      const text = await (await fetch(`/benches/out/catalog-${n}.json`)).text();
      const lib = await import(`/${dir}/nanogpt_image_controls.js`);
      await lib.default({ module_or_path: `/${dir}/nanogpt_image_controls_bg.wasm` });
      const fn = makeScenarios(lib, text)[scenario];
      if (!fn) throw new Error(`unknown scenario ${scenario}`);
      for (let i = 0; i < 5; i++) fn();
      const ratios = [];
      const times = [];
      for (let r = 0; r < rounds; r++) {
        let t = performance.now();
        JSON.parse(text);
        const jp = performance.now() - t;
        const k = Math.max(1, Math.round(20 / Math.max(0.01, times.at(-1) ?? 20)));
        t = performance.now();
        for (let j = 0; j < k; j++) fn();
        const ms = (performance.now() - t) / k;
        times.push(ms);
        ratios.push(ms / jp);
      }
      const med = (xs) => xs.slice().sort((x, y) => x - y)[xs.length >> 1];
      return { ms: med(times), ratio: med(ratios) };
    }, { n: +n, scenario, rounds: +rounds, dir });
  } finally {
    await page.close();
  }
}
try {
  const results = { a: [], b: [] };
  for (let p = 0; p < pages; p++) {
    for (const dir of p % 2 ? ["b", "a"] : ["a", "b"]) results[dir].push(await run(dir));
  }
  const med = (xs) => xs.slice().sort((x, y) => x - y)[xs.length >> 1];
  const [a, b] = [results.a, results.b].map((rs) => ({ ms: med(rs.map((r) => r.ms)), ratio: med(rs.map((r) => r.ratio)) }));
  const f = (x) => x.toFixed(3);
  console.log(`chromium ${scenario}@${n} (${pages} pages each): A ${f(a.ms)} ms (${a.ratio.toFixed(2)}x JSON.parse) | B ${f(b.ms)} ms (${b.ratio.toFixed(2)}x) | B/A ${(b.ms / a.ms).toFixed(3)} | per page A ${results.a.map((r) => r.ratio.toFixed(2)).join(" ")} B ${results.b.map((r) => r.ratio.toFixed(2)).join(" ")}`);
} finally {
  await browser.close();
  server.close();
}
