// The local catalog server the fetch tests talk to (Node `http`, no dependencies).
//
//   node tests/server/server.mjs --port 8787
//
// Scenario routes: /s/<scenario>[~<instance>]/<API path>. Tests put the scenario in `baseUrl`
// as a path prefix (`http://127.0.0.1:8787/s/401~abc`), so the library's own URL building is
// what reaches the server; `~<instance>` keeps per-test counters apart. Requests are counted
// and their headers recorded per `<scenario>[~<instance>]`:
//   GET /__count?route=R   → {"count": n}            (OPTIONS preflights not counted)
//   GET /__last?route=R    → {"requests": [{method, url, headers}]}
//   GET /__reset[?route=R] → forgets counts and records (of R, or all)
//   GET /__set?route=R&version=N → the `etag` scenario serves catalog version N
//   GET /__set?route=R&fail=S    → route R answers status S (a JSON error) until reset
//   GET /health            → "ok"
// Every route answers CORS (preflights too) except the `nocors` scenario.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg("--port", process.env.NANOGPT_TEST_PORT || 8787));
const fixture = (path) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");

const real = JSON.parse(fixture("real/image-models-nsfw-paid-subset.json")).image;
const typed = JSON.parse(fixture("docs/images-models.example.json"));
const endpointsExample = JSON.parse(fixture("docs/image-model-endpoints.example.json"));
const generatedAt = "2026-11-01T00:00:00.000Z";

const list = (data) => ({ object: "list", data, meta: { count: data.length, generated_at: generatedAt } });
// The live catalog's icons are site-relative paths; the fixture lost them, so the first model gets one.
const withIcon = real.map((m, i) => (i === 0 ? { ...m, icon_url: "/icons/HiDream.svg" } : m));
const legacy = (detailed) =>
  list(detailed ? withIcon : real.map(({ id }) => ({ id, object: "model", created: 1778544000, owned_by: "nanogpt" })));
const typedList = () => {
  const slashed = {
    ...typed.data[0],
    id: "bytedance/seedream/v5/pro/edit",
    name: "Seedream v5 Pro Edit",
    endpoints: "/api/v1/images/models/bytedance/seedream/v5/pro/edit/endpoints",
  };
  return { ...typed, data: [...typed.data, slashed] };
};
// Version 2 of the `etag` catalog: the first model removed, the second changed, one added.
const versioned = (version) => {
  if (version === 1) return list(real);
  const [, second, ...rest] = real;
  return list([{ ...second, name: `${second.name} (v${version})` }, ...rest, { id: `new/model-v${version}`, name: "New" }]);
};

let bigBody = null;
// ≈ 20 MB: enough models of realistic shape with long descriptions.
const big = () => {
  if (bigBody) return bigBody;
  const data = [];
  const description = "A generated model for the size test. ".repeat(48);
  for (let i = 0; data.length * 2150 < 20.5e6; i++) {
    data.push({
      id: `generated/model-${i}`,
      name: `Generated ${i}`,
      description,
      capabilities: { image_generation: true },
      supported_parameters: { resolutions: ["1024x1024", "1536x1024", "1024x1536"], max_images: 4 },
      pricing: { per_image: { "1024x1024": 0.01, "1536x1024": 0.015 }, currency: "USD" },
    });
  }
  bigBody = Buffer.from(JSON.stringify(list(data)));
  return bigBody;
};

const counts = new Map();
// MiB an `endless` route had written when its client closed the connection.
const endless = new Map();
const records = new Map();
const versions = new Map();
const failures = new Map();
const record = (route, req) => {
  counts.set(route, (counts.get(route) || 0) + 1);
  const h = req.headers;
  const headers = {};
  for (const k of ["authorization", "x-api-key", "if-none-match", "if-modified-since", "accept", "origin"]) {
    if (h[k] !== undefined) headers[k] = h[k];
  }
  const list = records.get(route) || [];
  list.push({ method: req.method, url: req.url, headers });
  records.set(route, list.slice(-20));
};

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, x-api-key, If-None-Match, If-Modified-Since, Accept, Content-Type",
  "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Content-Length, Location",
  "Access-Control-Max-Age": "600",
};

function send(res, status, body, headers = {}, cors = true) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  const type = typeof body === "string" ? "text/plain; charset=utf-8" : "application/json";
  res.writeHead(status, { ...(cors ? CORS : {}), "Content-Type": type, "Content-Length": buf.length, ...headers });
  res.end(buf);
}
const json = (res, status, value, headers = {}, cors = true) =>
  send(res, status, Buffer.from(JSON.stringify(value)), { "Content-Type": "application/json", ...headers }, cors);
const keyOf = (req) => req.headers["x-api-key"] || (req.headers.authorization || "").replace(/^Bearer /, "");

// The API itself (what the `ok` scenario serves).
function api(req, res, rest, query, cors = true) {
  if (rest === "/api/v1/image-models") return json(res, 200, legacy(query.get("detailed") !== "false"), {}, cors);
  if (rest === "/api/v1/images/models") return json(res, 200, typedList(), {}, cors);
  const m = /^\/api\/v1\/images\/models\/(.+)\/endpoints$/.exec(rest);
  if (m) {
    const id = m[1].split("/").map(decodeURIComponent).join("/");
    return json(res, 200, { ...endpointsExample, id }, {}, cors);
  }
  return json(res, 404, { error: { message: `no route ${rest}` } }, {}, cors);
}

function scenario(req, res, name, route, rest, query) {
  const self = `http://${req.headers.host}`;
  switch (name) {
    case "ok":
    case "rec":
      return api(req, res, rest, query);
    case "etag": {
      const version = versions.get(route) || 1;
      const etag = `"v${version}"`;
      const lastModified = new Date(Date.UTC(2026, 10, version)).toUTCString();
      const validators = { ETag: etag, "Last-Modified": lastModified, "Cache-Control": "no-cache" };
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { ...CORS, ...validators });
        return res.end();
      }
      return json(res, 200, versioned(version), validators);
    }
    case "401":
      return json(res, 401, { error: { message: `Invalid API key: ${keyOf(req)}`, type: "invalid_request_error" } });
    case "403":
      return json(res, 403, { error: { message: `Key ${keyOf(req)} may not read this catalog` } });
    case "429":
      return json(res, 429, { error: { message: "Too many requests, slow down" } }, { "Retry-After": "120" });
    case "429date":
      return json(res, 429, { error: "rate limit" }, { "Retry-After": new Date(Date.now() + 60_000).toUTCString() });
    case "500":
      return json(res, 500, { error: { message: "Internal failure while listing models" } });
    case "503":
      return send(res, 503, "Service temporarily unavailable\n\n(upstream overloaded)");
    case "html":
      return send(res, 502, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>", {
        "Content-Type": "text/html; charset=utf-8",
      });
    case "htmlok":
      return send(res, 200, "<!doctype html><html><body>Sign in to this Wi-Fi network</body></html>", {
        "Content-Type": "text/html",
      });
    case "badjson":
      return send(res, 200, '{"object":"list","data":[{"id": oops}]}', { "Content-Type": "application/json" });
    case "truncated": {
      const text = JSON.stringify(legacy(true));
      return send(res, 200, text.slice(0, Math.floor(text.length / 2)), { "Content-Type": "application/json" });
    }
    case "notcatalog":
      return json(res, 200, { hello: "world" });
    case "slow": {
      const timer = setTimeout(() => api(req, res, rest, query), 2000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    case "slowbody": {
      const text = JSON.stringify(legacy(true));
      res.writeHead(200, { ...CORS, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
      res.write(text.slice(0, 10));
      const timer = setTimeout(() => res.end(text.slice(10)), 2000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    case "nocors":
      return api(req, res, rest, query, false);
    case "big": {
      return send(res, 200, big(), { "Content-Type": "application/json" });
    }
    case "huge": {
      // Announces 70 MB, sends a few bytes, then waits: the client must give up on the header.
      res.writeHead(200, { ...CORS, "Content-Type": "application/json", "Content-Length": 70 * 1024 * 1024 });
      res.write('{"object":"list","data":[');
      const timer = setTimeout(() => res.destroy(), 5000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    case "endless":
    case "endlesserror": {
      // A body with no Content-Length that never ends (a broken proxy, a decompression bomb):
      // 1 MiB chunks until the client gives up. The client must stop reading at its limit.
      res.writeHead(name === "endless" ? 200 : 500, { ...CORS, "Content-Type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        while (!res.destroyed && sent < 200) {
          sent++;
          if (!res.write(chunk)) return res.once("drain", more);
        }
        res.end();
      };
      res.write('{"data":[');
      more();
      res.on("close", () => endless.set(route, sent));
      return;
    }
    case "redirect": {
      // To another origin: localhost instead of 127.0.0.1 (or the other way round).
      const [host, p] = req.headers.host.split(":");
      const other = host === "localhost" ? "127.0.0.1" : "localhost";
      const target = `http://${other}:${p || port}/s/rec~${route.split("~")[1] || "x"}-away${rest}?${query}`;
      res.writeHead(302, { ...CORS, Location: target });
      return res.end();
    }
    case "hopredirect": {
      // A hop under the same prefix (`/s/hopredirect~X/hop/…`), which then sends the client to
      // another origin, as the `redirect` scenario does.
      if (!rest.startsWith("/hop/")) {
        res.writeHead(302, { ...CORS, Location: `${self}/s/${encodeURIComponent(route)}/hop${rest}?${query}` });
        return res.end();
      }
      const [host, p] = req.headers.host.split(":");
      const other = host === "localhost" ? "127.0.0.1" : "localhost";
      res.writeHead(302, { ...CORS, Location: `http://${other}:${p || port}/s/rec~${route.split("~")[1] || "x"}-away${rest.slice(4)}?${query}` });
      return res.end();
    }
    case "sameredirect": {
      // The same origin, another path prefix (another app behind the same host).
      res.writeHead(302, { ...CORS, Location: `${self}/s/rec~${route.split("~")[1] || "x"}-moved${rest}?${query}` });
      return res.end();
    }
    case "loopredirect": {
      // Under the same prefix, one more hop each time, without end.
      res.writeHead(302, { ...CORS, Location: `/s/${encodeURIComponent(route)}/again${rest}?${query}` });
      return res.end();
    }
    case "prefixredirect": {
      // Under the same prefix: `/s/prefixredirect~X/api/…` moved to `/s/prefixredirect~X/v2/api/…`.
      if (rest.startsWith("/v2/")) return api(req, res, rest.slice(3), query);
      res.writeHead(302, { ...CORS, Location: `/s/${encodeURIComponent(route)}/v2${rest}?${query}` });
      return res.end();
    }
    default:
      return json(res, 404, { error: { message: `unknown scenario ${name}` } });
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url, `http://${req.headers.host || "127.0.0.1"}`);
  const route = url.searchParams.get("route");
  try {
    if (url.pathname === "/health") return send(res, 200, "ok");
    if (url.pathname === "/__count") return json(res, 200, { count: counts.get(route) || 0 });
    if (url.pathname === "/__endless") return json(res, 200, { mib: endless.get(route) ?? null });
    if (url.pathname === "/__last") return json(res, 200, { requests: records.get(route) || [] });
    if (url.pathname === "/__reset") {
      if (route) {
        counts.delete(route);
        records.delete(route);
        versions.delete(route);
        failures.delete(route);
      } else {
        failures.clear();
        counts.clear();
        records.clear();
        versions.clear();
      }
      return json(res, 200, { ok: true });
    }
    if (url.pathname === "/__set") {
      if (url.searchParams.has("version")) versions.set(route, Number(url.searchParams.get("version")) || 1);
      if (url.searchParams.has("fail")) failures.set(route, Number(url.searchParams.get("fail")) || 503);
      return json(res, 200, { ok: true });
    }
    const m = /^\/s\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!m) return json(res, 404, { error: { message: "not found" } });
    const routeKey = decodeURIComponent(m[1]);
    const name = routeKey.split("~")[0];
    if (req.method === "OPTIONS") {
      if (name === "nocors") {
        res.writeHead(204);
        return res.end();
      }
      res.writeHead(204, CORS);
      return res.end();
    }
    record(routeKey, req);
    if (failures.has(routeKey)) {
      return json(res, failures.get(routeKey), { error: { message: "failing on purpose" } });
    }
    return scenario(req, res, name, routeKey, m[2] || "/", url.searchParams);
  } catch (e) {
    return json(res, 500, { error: { message: String(e && e.message) } });
  }
});
// Idle keep-alive connections stay open for a minute. Node's default (5 s) let the server
// close a connection that a wasm test process still meant to reuse: tests that run several
// seconds of synchronous work block the client's own idle timer, and the next request then
// met a closed socket (`UND_ERR_SOCKET`).
server.keepAliveTimeout = 60_000;
server.listen(port, () => console.log(`catalog test server on http://127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
