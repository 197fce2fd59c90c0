// Test helpers of the examples' checks (not part of any example): a small static file server
// and headless Chromium through playwright-core (Debian's Chromium, no browser download).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { chromium } from "playwright-core";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Serves the files under `root` on a free loopback port; resolves to `{ url, close() }`. */
export function serve(root) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = resolve(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (path.endsWith("/")) file = join(file, "index.html");
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      done({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Headless Chromium with the flags CI needs; `CHROMIUM` overrides the binary. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page that records uncaught errors and console errors (`problems`) and the content type of
 * every `.wasm` response (`wasmTypes`).
 */
export async function openPage(browser) {
  const page = await browser.newPage();
  page.setDefaultTimeout(5000);
  const problems = [];
  const wasmTypes = [];
  page.on("response", (r) => r.url().endsWith(".wasm") && wasmTypes.push(r.headers()["content-type"]));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // Failed loads are reported below with their URL.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, problems, wasmTypes };
}

/** Counts named checks; `check(name, fn)` runs `fn` and reports `ok`/`not ok` TAP-style lines. */
export function checks(example) {
  let passed = 0;
  let failed = 0;
  return {
    async check(name, fn) {
      try {
        await fn();
        passed++;
        console.log(`ok - ${example}: ${name}`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${example}: ${name}\n  ${String(e?.stack ?? e).split("\n").join("\n  ")}`);
      }
    },
    get passed() {
      return passed;
    },
    get failed() {
      return failed;
    },
    /** Prints `<example>: N checks passed, N failed` and sets the exit code. */
    done() {
      console.log(`${example}: ${passed} checks passed, ${failed} failed`);
      if (failed > 0 || passed === 0) process.exitCode = 1;
    },
  };
}
