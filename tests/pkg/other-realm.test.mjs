// Functions from another JavaScript realm (an iframe's storage, the host's `fetch` under Jest's
// `vm` contexts) are functions: storage methods and response headers made in a `node:vm`
// context must work as local ones do. And a redirect status without `Location` while an API key
// is set fails as that status, without following anything. A real local HTTP server answers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { CatalogClient, fetchCatalog } from "nanogpt-image-controls";

const catalog = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url));
const seen = [];
let server;
let baseUrl;
before(async () => {
  server = createServer((req, res) => {
    seen.push(req.url);
    if (req.url.startsWith("/busy/")) {
      res.writeHead(429, { "Retry-After": "7", "Content-Type": "text/plain" });
      return res.end("slow down");
    }
    if (req.url.startsWith("/nowhere/")) {
      res.writeHead(302, { "Content-Type": "text/plain" });
      return res.end("moved, but not saying where");
    }
    if (req.headers["if-none-match"] === '"v1"') {
      res.writeHead(304, { ETag: '"v1"' });
      return res.end();
    }
    res.writeHead(200, { "Content-Type": "application/json", ETag: '"v1"' });
    res.end(catalog);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((ok) => server.close(ok)));

// A Map-backed storage whose methods are made in another realm.
const otherRealmStorage = () =>
  vm.runInNewContext(`(() => {
    const m = new Map();
    return {
      getItem: (k) => (m.has(k) ? m.get(k) : null),
      setItem: (k, v) => void m.set(k, String(v)),
      removeItem: (k) => void m.delete(k),
      get size() { return m.size; },
    };
  })()`);

test("a storage from another realm is read, written and cleared", async () => {
  const storage = otherRealmStorage();
  assert.ok(!(storage.getItem instanceof Function), "the methods come from another realm");
  const first = new CatalogClient({ baseUrl, storage });
  assert.equal((await first.get()).models.length, 10);
  await new Promise((ok) => setTimeout(ok, 50));
  assert.equal(storage.size, 1);
  const before = seen.length;
  const second = new CatalogClient({ baseUrl, storage, maxAgeMs: 60_000 });
  assert.equal((await second.get()).models.length, 10);
  assert.equal(seen.length, before, "the stored entry served the second client");
  second.clear();
  await new Promise((ok) => setTimeout(ok, 50));
  assert.equal(storage.size, 0, "clear() removed the stored entry");
});

// The server's answer with `headers.get` (and the headers object) from another realm.
const nodeFetch = globalThis.fetch;
const otherRealmFetch = (url, init) =>
  nodeFetch(url, init).then((r) => {
    const get = vm.runInNewContext("(h) => (name) => h.get(name)")(r.headers);
    return new Proxy(r, {
      get: (t, k) => (k === "headers" ? { get } : typeof t[k] === "function" ? t[k].bind(t) : t[k]),
    });
  });

test("response headers read through another realm's get: Retry-After and ETag", async (t) => {
  globalThis.fetch = otherRealmFetch;
  t.after(() => (globalThis.fetch = nodeFetch));
  await assert.rejects(fetchCatalog({ baseUrl: `${baseUrl}/busy` }), (e) => e.code === "rate_limited" && e.retryAfter === 7);
  const client = new CatalogClient({ baseUrl });
  await client.get();
  const { stale, diff } = await client.refresh();
  assert.equal(stale, false);
  assert.deepEqual(diff, { added: [], removed: [], changed: [] });
});

test("a redirect status without Location fails as that status, following nothing", async () => {
  const before = seen.length;
  await assert.rejects(
    fetchCatalog({ baseUrl: `${baseUrl}/nowhere`, apiKey: "sk-test-0123456789" }),
    (e) => e.code === "http" && e.status === 302 && !e.message.includes("sk-test"),
  );
  assert.equal(seen.length - before, 1, "one request");
});
