// A small Vite plugin: a same-origin proxy to NanoGPT for the demo page, in `vite` (dev) and
// `vite preview` alike.
//
//   GET  /nanogpt/api/v1/image-models     catalog (legacy list)       ┐ on any failure, or a 200 that is no
//   GET  /nanogpt/api/v1/images/models    catalog (typed endpoint)    ┘ catalog with models: the bundled
//                                         snapshot, `x-catalog-source: snapshot` (a revalidation of
//                                         another catalog gets 503 instead, so the client keeps it)
//   POST /nanogpt/v1/images/generations   generation (OpenAI-compatible)
//   POST /nanogpt/api/v1/images           generation (normalized Image API)
//   GET  /icons/*, /nanogpt/icons/*       model icons (catalog `icon_url` paths are site-relative)
//   GET  /nanogpt/_demo/catalog-source    where the last catalog came from: {source, upstreamError?}
//                                         (`live` or `snapshot`; the page shows a banner for the latter)
//
// Catalog responses carry an ETag and answer `If-None-Match` with 304, so CatalogClient's
// revalidation works against the snapshot too; upstream validators are passed through.
//
// Only these paths are forwarded (this is not an open proxy), only the auth and content-type
// headers go upstream (no cookies), and nothing is logged or stored. Every answer carries
// `nosniff` and a `sandbox` CSP: none can run as a document on the demo's origin. Test-only, when
// `fixturesDir` is set: GET /__e2e__/catalog/<name>/api/v1/image-models serves <fixturesDir>/<name>.json,
// and /__e2e__/seq/<token>/<a>,<b>,…/api/v1/image-models serves a, then b, … per token (for refresh tests).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const CATALOG_PATHS = new Set(["/api/v1/image-models", "/api/v1/images/models"]);
const GENERATION_PATHS = new Set(["/v1/images/generations", "/api/v1/images"]);
const FORWARDED_HEADERS = ["authorization", "x-api-key", "content-type", "accept", "if-none-match", "if-modified-since"];
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const FIXTURE_NAME = /^[a-z0-9-]{1,64}$/;

/**
 * @param {{ upstream?: string, catalogTimeoutMs?: number, generationTimeoutMs?: number,
 *           snapshotFile: string, fixturesDir?: string }} options
 * @returns {import("vite").Plugin}
 */
export function nanogptProxy(options) {
  const upstream = (options.upstream ?? "https://nano-gpt.com").replace(/\/+$/, "");
  const catalogTimeoutMs = options.catalogTimeoutMs ?? 3000;
  const generationTimeoutMs = options.generationTimeoutMs ?? 180_000;
  const sequences = new Map();
  let lastCatalog = { source: "none" };

  async function handle(req, res, next) {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    try {
      if (path.startsWith("/nanogpt/")) {
        const rest = path.slice("/nanogpt".length);
        if (req.method === "GET" && CATALOG_PATHS.has(rest)) return await catalog(req, res, rest + url.search);
        if (req.method === "GET" && rest === "/_demo/catalog-source") return send(res, 200, lastCatalog);
        if (req.method === "POST" && GENERATION_PATHS.has(rest)) return await generation(req, res, rest);
        if (req.method === "GET" && rest.startsWith("/icons/")) return await icon(res, rest);
        return send(res, 404, { error: { message: `The demo proxy does not forward ${req.method} ${rest}.` } });
      }
      if (req.method === "GET" && path.startsWith("/icons/")) return await icon(res, path);
      if (options.fixturesDir && path.startsWith("/__e2e__/")) return await fixture(req, res, path);
    } catch (error) {
      return send(res, 500, { error: { message: `Demo proxy error: ${error.message}` } });
    }
    next();
  }

  async function catalog(req, res, pathAndQuery) {
    try {
      const response = await fetch(upstream + pathAndQuery, {
        headers: pick(req.headers),
        signal: AbortSignal.timeout(catalogTimeoutMs),
      });
      if (response.status !== 304 && !response.ok) throw new Error(`HTTP ${response.status}`);
      const body = response.status === 304 ? null : Buffer.from(await response.arrayBuffer());
      // A 200 that is no catalog (a captive portal's page, `{"error": …}`, an empty list) falls
      // back to the snapshot like a failure does.
      if (body && !hasModels(body)) throw new Error("the answer is not a catalog with models");
      lastCatalog = { source: "live" };
      for (const name of ["etag", "last-modified"]) {
        const value = response.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      res.setHeader("x-catalog-source", "live");
      if (!body) return send(res, 304, Buffer.alloc(0));
      return sendCatalog(req, res, body);
    } catch (error) {
      res.removeHeader("etag");
      res.removeHeader("last-modified");
      const snapshot = await readFile(options.snapshotFile);
      // A revalidation (the client holds a catalog) of anything but the snapshot itself gets an
      // error, so the client keeps what it has (`stale`) instead of swapping in the snapshot.
      const revalidating = typeof req.headers["if-none-match"] === "string";
      if (revalidating && req.headers["if-none-match"] !== etagOf(snapshot)) {
        return send(res, 503, { error: { message: `NanoGPT could not be reached: ${describe(error)}.` } });
      }
      lastCatalog = { source: "snapshot", upstreamError: describe(error) };
      res.setHeader("x-catalog-source", "snapshot");
      res.setHeader("x-catalog-upstream-error", headerSafe(describe(error)));
      return sendCatalog(req, res, snapshot);
    }
  }

  async function generation(req, res, path) {
    const body = await readBody(req);
    let response;
    try {
      response = await fetch(upstream + path, {
        method: "POST",
        headers: pick(req.headers),
        // Not followed: the key would go wherever a redirect points (and undici cannot resend
        // this body after a 307).
        redirect: "manual",
        body,
        signal: AbortSignal.timeout(generationTimeoutMs),
      });
    } catch (error) {
      return send(res, 502, {
        error: { code: "upstream_unreachable", message: `NanoGPT could not be reached: ${describe(error)}.` },
      });
    }
    // Only JSON is passed on as such: anything else is text (never markup on the demo's origin).
    const type = response.headers.get("content-type") ?? "";
    res.setHeader("content-type", /^application\/json\b/i.test(type) ? type : "text/plain; charset=utf-8");
    return send(res, response.status, Buffer.from(await response.arrayBuffer()));
  }

  async function icon(res, path) {
    try {
      const response = await fetch(upstream + path, { signal: AbortSignal.timeout(catalogTimeoutMs) });
      const type = response.headers.get("content-type") ?? "";
      // NanoGPT's icons are SVG: opened on its own, an SVG is a document that could run script on
      // the demo's origin, which the `sandbox` policy `send` adds prevents (in <img> none runs).
      if (!response.ok || !type.startsWith("image/")) throw new Error("not an image");
      res.setHeader("content-type", type);
      res.setHeader("cache-control", "public, max-age=3600");
      return send(res, 200, Buffer.from(await response.arrayBuffer()));
    } catch {
      res.statusCode = 404;
      return res.end();
    }
  }

  async function fixture(req, res, path) {
    if (path.endsWith("/_demo/catalog-source")) return send(res, 200, { source: "fixture" });
    const single = path.match(/^\/__e2e__\/catalog\/([^/]+)\/api\/v1\/image-models$/);
    const seq = path.match(/^\/__e2e__\/seq\/([a-z0-9-]{1,64})\/([^/]+)\/api\/v1\/image-models$/);
    let name = single?.[1];
    if (seq) {
      const names = seq[2].split(",");
      const count = sequences.get(seq[1]) ?? 0;
      sequences.set(seq[1], count + 1);
      name = names[Math.min(count, names.length - 1)];
    }
    if (!name || !FIXTURE_NAME.test(name)) return send(res, 404, { error: { message: "no such fixture" } });
    const body = await readFile(join(options.fixturesDir, `${name}.json`)).catch(() => null);
    if (!body) return send(res, 404, { error: { message: `no fixture named ${name}` } });
    res.setHeader("x-catalog-source", "fixture");
    return sendCatalog(req, res, body);
  }

  return {
    name: "nanogpt-proxy",
    configureServer: (server) => void server.middlewares.use(handle),
    configurePreviewServer: (server) => void server.middlewares.use(handle),
  };
}

function pick(headers) {
  const out = {};
  for (const name of FORWARDED_HEADERS) if (typeof headers[name] === "string") out[name] = headers[name];
  return out;
}

function send(res, status, body) {
  res.statusCode = status;
  // `vite preview` adds the page's headers to static files only: the proxy's answers carry their
  // own, so none of them can run as a document on the demo's origin.
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("content-security-policy", "default-src 'none'; sandbox");
  res.setHeader("cache-control", res.getHeader("cache-control") ?? "no-store");
  if (!Buffer.isBuffer(body)) {
    res.setHeader("content-type", "application/json");
    body = JSON.stringify(body);
  } else if (!res.getHeader("content-type")) {
    res.setHeader("content-type", "application/json");
  }
  res.end(body);
}

/** Whether a catalog body is JSON with a non-empty `data` (or `models`) list. */
function hasModels(body) {
  try {
    const value = JSON.parse(body.toString("utf8"));
    const list = Array.isArray(value) ? value : (value?.data ?? value?.models);
    return Array.isArray(list) && list.length > 0;
  } catch {
    return false;
  }
}

function etagOf(body) {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** A catalog body with a validator: 304 when the client already has this version. */
function sendCatalog(req, res, body) {
  const etag = res.getHeader("etag") ?? etagOf(body);
  res.setHeader("etag", etag);
  if (req.headers["if-none-match"] === etag) return send(res, 304, Buffer.alloc(0));
  return send(res, 200, body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function describe(error) {
  if (error?.name === "TimeoutError") return "timed out";
  const cause = error?.cause?.code ?? error?.cause?.message;
  return cause ? `${error.message} (${cause})` : String(error?.message ?? error);
}

function headerSafe(text) {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
}
