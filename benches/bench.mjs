#!/usr/bin/env node
// Benchmarks of the built package, in Node and in headless Chromium, side by side.
//
//   node benches/bench.mjs [--pkg DIR] [--node-only | --browser-only] [--rounds-240 N] [--rounds-10000 N] [--tag NAME]
//   (--tag writes results-NAME.json / table-NAME.md, e.g. for a package from benches/build-variant.sh)
//
// Reads the catalogs benches/out/catalog-{240,10000}.json (generated when missing), serves them,
// benches/ and the package from a tiny local HTTP server (127.0.0.1 only), runs benches/suite.mjs
// in this Node process and in headless Chromium (playwright-core), measures sizes and wasm memory,
// writes benches/out/results.json and benches/out/table.md, prints the table and the budgets.
// Budgets are reported, never enforced by the exit code: only a broken harness exits non-zero.

import { readFileSync, writeFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, gzipSync, constants as zc } from "node:zlib";
import os from "node:os";

import { runSuite, measureMemory, firstUse, median, SIZES } from "./suite.mjs";
import { generateCatalog } from "./gen-catalog.mjs";
import { ISOLATED, launchChromium, serveFiles } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const outDir = join(here, "out");
mkdirSync(outDir, { recursive: true });

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(name);
const pkgDir = resolve(opt("--pkg", existsSync(join(outDir, "pkg", "node.js")) ? join(outDir, "pkg") : join(root, "pkg")));
const rounds = { 240: Number(opt("--rounds-240", 15)), 10000: Number(opt("--rounds-10000", 5)) };
const warmup = Number(opt("--warmup", 2));
const tag = opt("--tag", "");
const suffix = tag ? `-${tag}` : "";
const runNode = !flag("--browser-only");
const runBrowser = !flag("--node-only");
const log = (msg) => console.error(`[bench] ${msg}`);

// First use (see firstUseNode / firstUseBrowser below): fresh processes / browser contexts.
const FIRST_USE = 5;


// ---------------------------------------------------------------- budgets
export const BUDGETS = {
  parseDeriveAllRatio: 6, // × JSON.parse, at 240 and at 10 000
  deriveOneUs: 10,
  keystrokeUs: 50,
  scalingRatio: 1.2, // (10 000 ratio) / (240 ratio)
  brotliBytes: 90 * 1000, // wasm + JS glue
};

// ---------------------------------------------------------------- catalogs
const catalogs = {};
for (const n of SIZES) {
  const f = join(outDir, `catalog-${n}.json`);
  if (!existsSync(f)) {
    writeFileSync(f, JSON.stringify(generateCatalog(n)));
    log(`generated ${f}`);
  }
  catalogs[n] = readFileSync(f, "utf8");
}

// ---------------------------------------------------------------- HTTP server (loopback only)
const catalogBytes = Object.fromEntries(SIZES.map((n) => [n, Buffer.from(catalogs[n])]));
const { server, origin } = await serveFiles({ benches: here, pkg: pkgDir }, {
  headers: {
    ...ISOLATED,
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "authorization, x-api-key, content-type",
    "Cache-Control": "no-store",
  },
  // CORS preflights, and the catalogs at /nN/api/v1/image-models for the fetch rows.
  handle(req, res, path, headers) {
    if (req.method === "OPTIONS") { res.writeHead(204, headers); res.end(); return true; }
    const m = /^\/n(\d+)\/api\/v1\/image-models$/.exec(path);
    if (!m || !catalogBytes[m[1]]) return false;
    res.writeHead(200, { ...headers, "Content-Type": "application/json", "Content-Length": catalogBytes[m[1]].length });
    res.end(catalogBytes[m[1]]);
    return true;
  },
});
server.keepAliveTimeout = 120000; // undici reuses idle sockets: don't close them under it
log(`serving benches/ and ${pkgDir} at ${origin}`);

const results = {
  date: new Date().toISOString(),
  pkgDir,
  rounds, warmup,
  machine: machineInfo(),
  loadBefore: os.loadavg(),
  sizes: sizes(),
  node: null,
  chromium: null,
};

try {
  if (runNode) results.node = await phase(benchNode);
  if (runBrowser) results.chromium = await phase(benchBrowser);
  results.firstUse = {
    node: runNode ? await firstUseNode() : null,
    chromium: runBrowser ? await firstUseBrowser() : null,
  };
} finally {
  server.close();
  server.closeAllConnections?.();
}
results.loadAfter = os.loadavg();
results.budgets = BUDGETS;
results.checks = checks(results);

writeFileSync(join(outDir, `results${suffix}.json`), JSON.stringify(results, null, 2) + "\n");
const table = markdown(results);
writeFileSync(join(outDir, `table${suffix}.md`), table);
console.log(table);
process.exit(0);

// ---------------------------------------------------------------- machine load during a phase
// Cores kept busy by other processes while this one measured (from /proc/stat minus our own CPU time).
function cpuJiffies() {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] || 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}
async function phase(fn) {
  const c0 = cpuJiffies(), u0 = process.cpuUsage(), t0 = performance.now();
  const out = await fn();
  const c1 = cpuJiffies(), u1 = process.cpuUsage(), wall = (performance.now() - t0) / 1000;
  if (c0 && c1 && out) {
    const busyCores = (c1.busy - c0.busy) / 100 / wall; // USER_HZ = 100
    const ownCores = ((u1.user - u0.user) + (u1.system - u0.system)) / 1e6 / wall;
    out.load = { wallSeconds: wall, busyCores, ownCores, otherCores: Math.max(0, busyCores - ownCores) };
  }
  return out;
}

// ---------------------------------------------------------------- Node
async function benchNode() {
  const out = { runtime: "node", version: process.version, errors: [] };
  const glue = pathToFileURL(join(pkgDir, "nanogpt_image_controls.js")).href;
  const wasmBytes = readFileSync(join(pkgDir, "nanogpt_image_controls_bg.wasm"));
  out.memory = await measureMemory(async () => {
    const mod = await import(glue + "?fresh-memory");
    return { lib: mod, wasm: mod.initSync({ module: wasmBytes }) };
  }, catalogs);
  let lib, wasm;
  try {
    const t0 = performance.now();
    lib = await import(pathToFileURL(join(pkgDir, "node.js")).href);
    out.initMs = performance.now() - t0;
    wasm = lib.initSync({ module: wasmBytes }); // already initialized: returns the exports
  } catch (e) {
    out.errors.push(`import: ${e.message}`);
    return out;
  }
  log(`Node ${process.version}`);
  Object.assign(out, await runSuite({
    lib, now: () => performance.now(), catalogs,
    fetchBase: (n) => `${origin}/n${n}`, rounds, warmup, log: (m) => log(`node: ${m}`),
  }));
  out.memory.mainAfterSuite = wasm?.memory?.buffer?.byteLength ?? null;
  return out;
}

// ---------------------------------------------------------------- Chromium
async function benchBrowser() {
  let browser;
  try {
    browser = await launchChromium();
  } catch (e) {
    return { runtime: "chromium", errors: [`${e.message}`.split("\n")[0]] };
  }
  try {
    const page = await browser.newPage();
    page.on("console", (m) => { if (m.type() !== "log" || !/^ready$/.test(m.text())) log(`chromium: ${m.text()}`); });
    page.on("pageerror", (e) => log(`chromium page error: ${e.message}`));
    await page.goto(`${origin}/benches/browser.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
    const out = await page.evaluate((cfg) => window.runBench(cfg), { rounds, warmup });
    out.version = browser.version();
    return out;
  } catch (e) {
    return { runtime: "chromium", errors: [`${e.message}`.split("\n")[0]] };
  } finally {
    await browser?.close();
  }
}

// ---------------------------------------------------------------- first use
// What a page or a process pays the first time: loading the module (fetch, compile, instantiate),
// then the first parseCatalog of the 240-model catalog, the first deriveControls and the first
// derivation of every model, each timed once, in FIRST_USE fresh processes (Node) or fresh
// browser contexts (Chromium: no HTTP or code cache carried over). Medians are reported.
function medians(runs) {
  return runs.length ? Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))])) : null;
}

async function firstUseNode() {
  const { execFileSync } = await import("node:child_process");
  // Loading the package (its import instantiates the wasm), then suite.mjs's firstUse.
  const script = `
    const t0 = performance.now();
    const lib = await import(process.argv[1]);
    const loadMs = performance.now() - t0;
    const { firstUse } = await import(process.argv[2]);
    const text = (await import("node:fs")).readFileSync(process.argv[3], "utf8");
    console.log(JSON.stringify(firstUse(lib, text, loadMs)));
  `;
  const runs = [];
  try {
    for (let i = 0; i < FIRST_USE; i++) {
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", script, pathToFileURL(join(pkgDir, "node.js")).href, pathToFileURL(join(here, "suite.mjs")).href, join(outDir, "catalog-240.json")], { encoding: "utf8" });
      runs.push(JSON.parse(out.trim().split("\n").at(-1)));
    }
  } catch (e) {
    log(`first use (node): ${e.message}`);
  }
  return medians(runs);
}

async function firstUseBrowser() {
  let browser;
  const runs = [];
  try {
    browser = await launchChromium();
    for (let i = 0; i < FIRST_USE; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${origin}/benches/browser.html`);
      runs.push(await page.evaluate(async () => {
        const { firstUse } = await import("/benches/suite.mjs");
        const text = await (await fetch("./out/catalog-240.json")).text();
        const t0 = performance.now();
        const lib = await import("/pkg/nanogpt_image_controls.js");
        await lib.default({ module_or_path: "/pkg/nanogpt_image_controls_bg.wasm" });
        return firstUse(lib, text, performance.now() - t0);
      }));
      await context.close();
    }
  } catch (e) {
    log(`first use (chromium): ${e.message}`);
  } finally {
    await browser?.close();
  }
  return medians(runs);
}

// ---------------------------------------------------------------- sizes, machine
function sizes() {
  const f = (name) => {
    const p = join(pkgDir, name);
    if (!existsSync(p)) return null;
    const b = readFileSync(p);
    return {
      raw: b.length,
      gzip: gzipSync(b, { level: 9 }).length,
      brotli: brotliCompressSync(b, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: b.length } }).length,
    };
  };
  const wasm = f("nanogpt_image_controls_bg.wasm");
  const glue = f("nanogpt_image_controls.js");
  const nodeEntry = f("node.js");
  // wasm-bindgen inline/snippet JS (`#[wasm_bindgen(module = ...)]`) ships as separate files the glue imports.
  const snippetFiles = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.m?js$/.test(e.name)) snippetFiles.push(p.slice(pkgDir.length + 1));
    }
  };
  walk(join(pkgDir, "snippets"));
  let snippets = null;
  if (snippetFiles.length) {
    snippets = { raw: 0, gzip: 0, brotli: 0, files: snippetFiles.length };
    for (const file of snippetFiles) for (const [k, v] of Object.entries(f(file))) snippets[k] += v;
  }
  const sum = (k) => (wasm && glue ? wasm[k] + glue[k] + (snippets?.[k] ?? 0) : null);
  return { wasm, glue, snippets, nodeEntry, total: { raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli") } };
}

function machineInfo() {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1].trim();
  } catch {}
  return { cpu, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version };
}

// ---------------------------------------------------------------- budgets
function checks(r) {
  const out = [];
  const verdict = (value, limit) => (value == null || Number.isNaN(value) ? "n/a" : value <= limit ? "PASS" : "FAIL");
  for (const rt of ["node", "chromium"]) {
    const run = r[rt];
    if (!run?.benches) continue;
    const b = (key, n) => run.benches[`${key}@${n}`];
    const ratio = (key, n) => (b(key, n)?.suspect ? null : b(key, n)?.ratio ?? null); // median of per-round paired ratios
    const fmt = (v, d = 2) => (v == null ? "—" : v.toFixed(d));
    for (const n of SIZES) {
      const v = ratio("parse-derive-all", n);
      out.push({ runtime: rt, what: `parse + derive-all ≤ ${BUDGETS.parseDeriveAllRatio}× JSON.parse (${n.toLocaleString("en-US").replace(",", " ")} models)`, value: v == null ? why(b("parse-derive-all", n)) : `${fmt(v)}×`, status: verdict(v, BUDGETS.parseDeriveAllRatio) });
    }
    for (const n of SIZES) {
      const v = b("derive-one", n)?.median;
      out.push({ runtime: rt, what: `deriveControls(one) ≤ ${BUDGETS.deriveOneUs} µs median (${n.toLocaleString("en-US").replace(",", " ")})`, value: v == null ? why(b("derive-one", n)) : `${fmt(v)} µs`, status: verdict(v, BUDGETS.deriveOneUs) });
    }
    for (const n of SIZES) {
      const v = b("keystroke", n)?.median;
      out.push({ runtime: rt, what: `validate + build + quote ≤ ${BUDGETS.keystrokeUs} µs median (${n.toLocaleString("en-US").replace(",", " ")})`, value: v == null ? why(b("keystroke", n)) : `${fmt(v)} µs`, status: verdict(v, BUDGETS.keystrokeUs) });
    }
    const a = ratio("parse-derive-all", 240), z = ratio("parse-derive-all", 10000);
    const s = a && z ? z / a : null;
    out.push({ runtime: rt, what: `10 000-model ratio ≤ ${BUDGETS.scalingRatio}× the 240-model ratio`, value: s == null ? "—" : `${fmt(z)}× / ${fmt(a)}× = ${fmt(s)}`, status: verdict(s, BUDGETS.scalingRatio) });
  }
  const br = r.sizes?.total?.brotli;
  out.push({ runtime: "package", what: `wasm + JS glue (+ snippets) ≤ ${BUDGETS.brotliBytes / 1000} KB brotli`, value: br == null ? "—" : `${(br / 1000).toFixed(1)} KB`, status: verdict(br, BUDGETS.brotliBytes) });
  return out;
}
function why(bench) {
  if (bench?.suspect) return `not meaningful: ${bench.suspect}`;
  return bench?.error ? `error: ${bench.error.slice(0, 80)}` : "—";
}

// ---------------------------------------------------------------- Markdown
function markdown(r) {
  const lines = [];
  const runtimes = ["node", "chromium"].filter((rt) => r[rt]);
  const head = (rt) => (rt === "node" ? `Node ${r.node?.version ?? ""}` : `Chromium ${r.chromium?.version ?? ""}`).trim();
  const fmtT = (x, unit) => {
    if (x == null) return "—";
    if (unit === "us") return `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)} µs`;
    return `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)} ms`;
  };
  lines.push(`| benchmark | models | ${runtimes.map((rt) => `${head(rt)}: median (p90) | × JSON.parse: median (p90)`).join(" | ")} |`);
  lines.push(`|---|---:|${runtimes.map(() => "---:|---:").join("|")}|`);
  const keys = [];
  for (const rt of runtimes) for (const [k, v] of Object.entries(r[rt].benches ?? {})) if (!keys.some((x) => x.k === k)) keys.push({ k, key: v.key, n: v.n, label: v.label });
  const order = ["json-parse", "parse", "parse-derive-all", "parse-read-all", "fetch-json", "fetch-parse", "derive-one", "derive-one-foreign", "keystroke", "keystroke-image", "validate", "build", "quote"];
  keys.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key) || a.n - b.n);
  for (const { k, key, n, label } of keys) {
    const cells = runtimes.map((rt) => {
      const b = r[rt].benches?.[k];
      if (!b) return "— | —";
      if (b.error && b.median == null) return `error: ${b.error.replace(/\|/g, "/").slice(0, 70)} | —`;
      const ratio = b.ratio != null ? `${b.ratio.toFixed(2)}× (${b.ratioP90.toFixed(1)}×)` : "";
      return `${fmtT(b.median, b.unit)} (${fmtT(b.p90, b.unit)})${b.error || b.suspect ? " ⚠" : ""} | ${ratio}`;
    });
    lines.push(`| ${label} | ${n.toLocaleString("en-US").replace(",", " ")} | ${cells.join(" | ")} |`);
  }
  lines.push("");
  lines.push("| budget | where | value | verdict |");
  lines.push("|---|---|---:|---|");
  for (const c of r.checks) lines.push(`| ${c.what} | ${c.runtime} | ${c.value.replace(/\|/g, "/")} | ${c.status === "PASS" ? "✅ pass" : c.status === "FAIL" ? "❌ FAIL" : "n/a"} |`);
  lines.push("");
  const fu = r.firstUse ?? {};
  const fuRuntimes = runtimes.filter((rt) => fu[rt]);
  if (fuRuntimes.length) {
    lines.push(`| first use, median of ${FIRST_USE} fresh ${fuRuntimes.map((rt) => (rt === "node" ? "processes" : "browser contexts")).join(" / ")} (240 models) | ${fuRuntimes.map(head).join(" | ")} |`);
    lines.push(`|---|${fuRuntimes.map(() => "---:").join("|")}|`);
    for (const [label, key] of [["loading the package (import; in browsers also `await init()`)", "init"], ["the first parseCatalog", "parse"], ["then the first deriveControls(one model)", "deriveOne"], ["then deriveControls of every model", "deriveAll"]]) {
      lines.push(`| ${label} | ${fuRuntimes.map((rt) => fmtT(fu[rt][key], "ms")).join(" | ")} |`);
    }
    lines.push("");
  }
  const s = r.sizes;
  const kb = (x) => (x == null ? "—" : `${(x / 1000).toFixed(1)} KB`);
  lines.push("| file | raw | gzip -9 | brotli 11 |");
  lines.push("|---|---:|---:|---:|");
  for (const [name, v] of [["nanogpt_image_controls_bg.wasm", s.wasm], ["nanogpt_image_controls.js (glue)", s.glue], [`snippets/ (${s.snippets?.files ?? 0} JS files the glue imports)`, s.snippets], ["wasm + glue + snippets", s.total], ["node.js (Node entry)", s.nodeEntry]]) {
    if (v) lines.push(`| ${name} | ${kb(v.raw)} | ${kb(v.gzip)} | ${kb(v.brotli)} |`);
  }
  lines.push("");
  const mb = (x) => (x == null ? "—" : `${(x / 2 ** 20).toFixed(1)} MiB`);
  lines.push(`| wasm memory (\`memory.buffer.byteLength\`) | ${runtimes.map(head).join(" | ")} |`);
  lines.push(`|---|${runtimes.map(() => "---:").join("|")}|`);
  const memRows = [["fresh instance, after init", "afterInit"], ["… after parseCatalog(240)", "afterParse240"], ["… after deriving all 240", "afterDeriveAll240"], ["… after parseCatalog(10 000)", "afterParse10000"], ["… after deriving all 10 000", "afterDeriveAll10000"], ["benchmark instance after the whole suite", "mainAfterSuite"]];
  for (const [label, key] of memRows) lines.push(`| ${label} | ${runtimes.map((rt) => mb(r[rt].memory?.[key])).join(" | ")} |`);
  lines.push("");
  const notes = [];
  for (const rt of runtimes) {
    const run = r[rt];
    for (const e of run.errors ?? []) notes.push(`${head(rt)}: ${e}`);
    for (const e of run.notes ?? []) notes.push(`${head(rt)}: ${e}`);
    for (const [k, v] of Object.entries(run.memory ?? {})) if (/Error|error/.test(k)) notes.push(`${head(rt)} memory ${k}: ${v}`);
    for (const b of Object.values(run.benches ?? {})) if (b.error) notes.push(`${head(rt)} ${b.key}@${b.n}: ${b.error}`);
    if (rt === "chromium" && run.crossOriginIsolated !== undefined) notes.push(`Chromium: crossOriginIsolated=${run.crossOriginIsolated}, timer resolution ≈ ${(run.timerResolutionMs * 1000).toFixed(0)} µs`);
    if (run.fetchMode) notes.push(`${head(rt)}: fetch benchmark = ${run.fetchMode}`);
  }
  const tm = r.node?.typicalModel ?? r.chromium?.typicalModel;
  if (tm) notes.push(`typical model: ${Object.entries(tm).map(([n, id]) => `\`${id}\` (${n})`).join(", ")}; catalog bytes: ${SIZES.map((n) => `${n} → ${(catalogs[n].length / 1000).toFixed(0)} KB`).join(", ")}`);
  for (const rt of runtimes) {
    const l = r[rt].load;
    if (l) notes.push(`${head(rt)} phase: ${l.wallSeconds.toFixed(0)} s; all cores busy on average ${l.busyCores.toFixed(2)} of ${r.machine.cores}` + (rt === "node" ? ` (this process ${l.ownCores.toFixed(2)}, other processes ${l.otherCores.toFixed(2)})` : " (Chromium itself uses about 1)"));
  }
  notes.push(`rounds: ${r.rounds[240]} at 240 and ${r.rounds[10000]} at 10 000 after ${r.warmup} (240) / ${Math.min(r.warmup, 1)} (10 000) warm-up; per-call rows: ${Math.max(r.rounds[240], 10)} / ${Math.max(r.rounds[10000], 10)} rounds after ${r.warmup} warm-up; load average before ${r.loadBefore.map((x) => x.toFixed(2)).join(" ")}, after ${r.loadAfter.map((x) => x.toFixed(2)).join(" ")} on ${r.machine.cores} cores`);
  if (notes.length) {
    lines.push("Notes:");
    for (const nt of [...new Set(notes)]) lines.push(`- ${nt.replace(/\n/g, " ")}`);
  }
  return lines.join("\n") + "\n";
}
