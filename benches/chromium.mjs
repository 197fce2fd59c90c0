// What the browser-side bench tools share (bench.mjs, ab-chromium.mjs, profile.mjs): headless
// Chromium with the flags CI needs, and a loopback static file server.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".ts": "text/plain",
};

/** COOP/COEP: a cross-origin-isolated page gets `performance.now()` at its fine resolution. */
export const ISOLATED = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** Headless Chromium through playwright-core (Debian's Chromium unless `CHROMIUM` names another). */
export function launchChromium() {
  const require = createRequire(join(root, "package.json"));
  const { chromium } = require("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * Serves `/NAME/…` from `dirs[NAME]` on 127.0.0.1 (a free port), every answer with `headers`.
 * `handle(req, res, path, headers)` may answer a request first (return true when it did).
 * Resolves to `{ server, origin }`.
 */
export async function serveFiles(dirs, { headers = ISOLATED, handle } = {}) {
  const roots = Object.fromEntries(Object.entries(dirs).map(([k, d]) => [k, resolve(d)]));
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (handle?.(req, res, path, headers)) return;
    const [, top, ...rest] = path.split("/");
    const dir = Object.hasOwn(roots, top) ? roots[top] : undefined;
    const file = dir && join(dir, normalize(rest.join("/")));
    if (!file || !file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(path === "/favicon.ico" ? 204 : 404, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}
