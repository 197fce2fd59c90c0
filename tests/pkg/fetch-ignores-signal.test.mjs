// A `fetch` (stand-in, wrapper, polyfill) or a body read that ignores the abort signal: the
// timeout and the caller's abort must still settle the call with `timeout` / `aborted`, and a
// CatalogClient must not stay stuck on such a request. (Own file: node --test runs each file in a
// process of its own, so replacing the global fetch touches no other test.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fetchCatalog, CatalogClient } from "nanogpt-image-controls";

const catalog = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url));
let server;
let baseUrl;
before(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": catalog.length });
    res.end(catalog);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((ok) => server.close(ok)));

const real = globalThis.fetch;
const never = () => new Promise(() => {});
// What a promise settled to within `ms`: "resolved", "code <code>", or "pending".
const outcome = (promise, ms = 3000) =>
  Promise.race([
    promise.then(
      () => "resolved",
      (e) => (e instanceof Error ? `code ${e.code}` : `not an Error: ${e}`),
    ),
    new Promise((resolve) => setTimeout(() => resolve("pending"), ms)),
  ]);

// Stand-ins that ignore `init.signal`: the request itself, or the body read.
const stuck = {
  "a fetch that never settles": never,
  "a body stream that never delivers": () =>
    Promise.resolve(new Response(new ReadableStream({ pull: never }), { headers: { "Content-Type": "application/json" } })),
  "a text() that never settles (no body stream)": async () => {
    const r = new Response(null);
    Object.defineProperty(r, "text", { value: never });
    return r;
  },
};

test("timeoutMs settles a request whose fetch or body read ignores the signal", async (t) => {
  t.after(() => (globalThis.fetch = real));
  for (const [name, standIn] of Object.entries(stuck)) {
    globalThis.fetch = standIn;
    assert.equal(await outcome(fetchCatalog({ baseUrl, timeoutMs: 200 })), "code timeout", name);
  }
});

test("the caller's abort settles a request whose fetch or body read ignores the signal", async (t) => {
  t.after(() => (globalThis.fetch = real));
  for (const [name, standIn] of Object.entries(stuck)) {
    globalThis.fetch = standIn;
    for (const reason of [undefined, "a string reason", 42]) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(reason), 100);
      const result = await outcome(fetchCatalog({ baseUrl, timeoutMs: Infinity, signal: controller.signal }));
      assert.equal(result, "code aborted", `${name}, abort(${reason})`);
    }
  }
});

test("a CatalogClient whose request ignored the signal times out and asks again afterwards", async (t) => {
  t.after(() => (globalThis.fetch = real));
  globalThis.fetch = never;
  const client = new CatalogClient({ baseUrl, timeoutMs: 200 });
  assert.equal(await outcome(client.get()), "code timeout");
  assert.equal(await outcome(client.refresh()), "code timeout");
  globalThis.fetch = real;
  const got = await client.get();
  assert.equal(got.models.length, 10);
  // Stale now: a refresh whose fetch hangs times out and keeps the catalog.
  globalThis.fetch = never;
  const update = await client.refresh();
  assert.equal(update.stale, true);
  assert.equal(update.error.code, "timeout");
  assert.equal(update.catalog, got);
});
