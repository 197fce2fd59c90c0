// A path as `baseUrl` (`/nanogpt`: a same-origin proxy, as the README's examples use): resolved
// against `globalThis.location.origin` where there is one (pages, workers; here a stand-in for
// the page, served by a real local HTTP server), refused with a clear invalid_argument where there
// is none (Node). (Own file: node --test runs each file in a process of its own, so setting the
// global `location` touches no other test.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fetchCatalog, fetchModelEndpoints, CatalogClient } from "nanogpt-image-controls";

const KEY = "sk-relative-SECRET-0123456789";
const catalog = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url));
const endpoints = readFileSync(new URL("../fixtures/docs/image-model-endpoints.example.json", import.meta.url));
let server;
let origin;
const seen = [];
before(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    const body = req.url.includes("/endpoints") ? endpoints : catalog;
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  delete globalThis.location;
  return new Promise((ok) => server.close(ok));
});

const relative = (e) =>
  e instanceof Error &&
  e.code === "invalid_argument" &&
  /relative/.test(e.message) &&
  /location/.test(e.message) &&
  /absolute/.test(e.message) &&
  !e.message.includes(KEY);

test("without a page (no location), a path baseUrl is an invalid_argument that says to pass an absolute URL", async () => {
  assert.equal(globalThis.location, undefined);
  await assert.rejects(fetchCatalog({ baseUrl: "/nanogpt", apiKey: KEY }), relative);
  await assert.rejects(fetchModelEndpoints("m", { baseUrl: "/nanogpt" }), relative);
  assert.throws(() => new CatalogClient({ baseUrl: "/nanogpt" }), relative);
  await assert.rejects(fetchCatalog({ baseUrl: "https://nano-gpt.com", iconBaseUrl: "/static" }), (e) =>
    /iconBaseUrl/.test(e.message) && relative(e),
  );
  // An opaque origin (a sandboxed frame, a blob: worker) resolves nothing either.
  globalThis.location = { origin: "null" };
  await assert.rejects(fetchCatalog({ baseUrl: "/nanogpt" }), relative);
  delete globalThis.location;
});

test("on a page, a path baseUrl resolves against location.origin; the key goes there, storage uses the resolved URL", async () => {
  globalThis.location = { origin, href: `${origin}/app/index.html` };
  try {
    seen.length = 0;
    const got = await fetchCatalog({ baseUrl: "/nanogpt", apiKey: KEY });
    assert.equal(got.models.length, 10);
    assert.deepEqual(seen, [{ url: "/nanogpt/api/v1/image-models?detailed=true", authorization: `Bearer ${KEY}` }]);

    seen.length = 0;
    const answer = await fetchModelEndpoints("a/b", { baseUrl: "/nanogpt/" });
    assert.ok(answer.endpoints.length > 0);
    assert.deepEqual(seen.map((r) => r.url), ["/nanogpt/api/v1/images/models/a/b/endpoints"]);

    const map = new Map();
    const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
    const client = new CatalogClient({ baseUrl: "/nanogpt", storage });
    assert.equal((await client.get()).models.length, 10);
    assert.deepEqual([...map.keys()], [`nanogpt-image-controls:catalog:${origin}/nanogpt/api/v1/image-models?detailed=true`]);
    assert.equal(JSON.parse([...map.values()][0]).url, `${origin}/nanogpt/api/v1/image-models?detailed=true`);

    // Scheme-relative and dot segments stay refused.
    for (const baseUrl of ["//evil.example/x", "/a/../b"]) {
      await assert.rejects(fetchCatalog({ baseUrl, apiKey: KEY }), (e) => e.code === "invalid_argument" && !e.message.includes(KEY));
    }
  } finally {
    delete globalThis.location;
  }
});
