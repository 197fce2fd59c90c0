// CatalogClient with storages that answer late or never: the catalog must not wait on them.
// A real local HTTP server serves the catalog.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { CatalogClient } from "nanogpt-image-controls";

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

const never = () => new Promise(() => {});
const within = (promise, ms) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`not settled in ${ms} ms`)), ms))]);

test("a getItem that never settles delays the first get() by at most about 2 s", async () => {
  const storage = { getItem: never, setItem() {}, removeItem() {} };
  const client = new CatalogClient({ baseUrl, storage });
  const t = performance.now();
  const got = await within(client.get(), 5000);
  assert.equal(got.models.length, 10);
  assert.ok(performance.now() - t >= 1500, "the stored entry was waited for");
});

test("a setItem that never settles (or is slow) holds up nothing", async () => {
  const writes = [];
  for (const setItem of [never, (k, v) => new Promise((ok) => setTimeout(() => ok(writes.push(v)), 3000))]) {
    const storage = { getItem: () => null, setItem, removeItem() {} };
    const client = new CatalogClient({ baseUrl, storage });
    const got = await within(client.get(), 1500);
    assert.equal(got.models.length, 10);
    assert.equal(client.peek(), got);
    const update = await within(client.refresh(), 1500);
    assert.equal(update.stale, false);
  }
});

test("a thenable, a rejecting promise or a throwing getItem read as nothing stored", async () => {
  for (const getItem of [
    () => ({ then: (resolve) => resolve("not an entry") }),
    () => Promise.reject(new Error("quota")),
    () => {
      throw new Error("blocked");
    },
  ]) {
    const client = new CatalogClient({ baseUrl, storage: { getItem, setItem() {}, removeItem() {} } });
    assert.equal((await within(client.get(), 1500)).models.length, 10);
  }
});
