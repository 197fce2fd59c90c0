// A/B: node benches/ab.mjs DIR_A DIR_B [scenario=derive-all] [rounds=30] [n=240]
// (the catalog benches/out/catalog-N.json, generated when missing;
// scenarios as in suite.mjs: parse, derive-all, derive-one, keystroke, validate, build, quote)
// Loads both packages in one process and alternates them, so machine load hits both alike.
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { makeScenarios } from "./suite.mjs";
import { catalogText } from "./gen-catalog.mjs";
const here = dirname(fileURLToPath(import.meta.url));
const [a, b, scenario = "derive-all", rounds = 30, n = 240] = process.argv.slice(2);
const text = catalogText(n);
const libs = [];
for (const dir of [a, b]) {
  // Each package is its own module instance (different files); the query keeps two copies of
  // one directory apart too.
  libs.push(await import(pathToFileURL(join(resolve(dir), "node.js")).href + "?" + dir));
}
const fns = libs.map((lib) => makeScenarios(lib, text)[scenario]);
const times = [[], []];
const jp = [];
for (let r = 0; r < +rounds; r++) {
  let t = performance.now(); JSON.parse(text); jp.push(performance.now() - t);
  for (const i of r % 2 ? [1, 0] : [0, 1]) {
    const k = Math.max(1, Math.round(20 / Math.max(0.01, times[i].at(-1) ?? 20)));
    t = performance.now(); for (let j = 0; j < k; j++) fns[i](); times[i].push((performance.now() - t) / k);
  }
}
const med = (xs) => xs.slice().sort((x, y) => x - y)[xs.length >> 1];
const m = med(jp);
console.log(`${scenario}@${n}: JSON.parse ${m.toFixed(3)} ms | A ${med(times[0]).toFixed(3)} ms (${(med(times[0]) / m).toFixed(2)}x) | B ${med(times[1]).toFixed(3)} ms (${(med(times[1]) / m).toFixed(2)}x) | B/A ${(med(times[1]) / med(times[0])).toFixed(3)}`);
