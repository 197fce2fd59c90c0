// Vite config of the demo (root: www/). `npm start` builds it and serves dist/ with `vite preview`.
//
// Environment:
//   NANOGPT_UPSTREAM      where the proxy forwards (default https://nano-gpt.com)
//   DEMO_PORT             preview/dev port (default 4173)
//   DEMO_TEST_FIXTURES    a folder of test catalogs served under /__e2e__/ (Playwright only)
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { defineConfig } from "vite";
import { nanogptProxy } from "./server/nanogpt-proxy.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = resolve(here, "..");

// No inline scripts or styles; wasm needs 'wasm-unsafe-eval'. Images: icons and generated
// images may come from any https host (or as data:/blob: URLs); everything else is same-origin.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const securityHeaders = {
  "Content-Security-Policy": `${CSP}; frame-ancestors 'none'`,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

/** Puts the CSP into the built index.html as a meta tag too (the dev server injects styles inline, so not there). */
const cspMeta = {
  name: "csp-meta",
  apply: "build",
  transformIndexHtml: () => [
    { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" },
  ],
};

const port = Number(process.env.DEMO_PORT ?? 4173);

export default defineConfig({
  root: here,
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  plugins: [
    cspMeta,
    nanogptProxy({
      upstream: process.env.NANOGPT_UPSTREAM,
      snapshotFile: resolve(here, "public/catalog-snapshot.json"),
      fixturesDir: process.env.DEMO_TEST_FIXTURES ? resolve(repo, process.env.DEMO_TEST_FIXTURES) : undefined,
    }),
  ],
  preview: { host: "127.0.0.1", port, strictPort: true, headers: securityHeaders },
  server: { host: "127.0.0.1", port, strictPort: true, fs: { allow: [repo] } },
});
