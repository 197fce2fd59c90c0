// CatalogClient revalidation against a real local HTTP server: clear() while a request is in
// flight, and the backoff of background revalidations after failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { routeServer } from "./support/routes.mjs";
import { readFileSync } from "node:fs";
import { CatalogClient } from "nanogpt-image-controls";

const catalog = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Routes `/<name>/api/…`; each name has its own request count and behaviour:
//   slow304: ETag "v1"; a conditional request is answered 304 after 300 ms
//   <any>:   200 with ETag "v1", or what `fail.set(name, {status, headers})` says
const fail = new Map();
const routes = routeServer((name, req, res) => {
  const failure = fail.get(name);
  if (failure) {
    res.writeHead(failure.status, { "Content-Type": "application/json", ...failure.headers });
    return res.end('{"error":{"message":"failing on purpose"}}');
  }
  if (name.startsWith("slow304") && req.headers["if-none-match"] === '"v1"') {
    return setTimeout(() => {
      res.writeHead(304, { ETag: '"v1"' });
      res.end();
    }, 300);
  }
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": catalog.length, ETag: '"v1"' });
  res.end(catalog);
});

test("clear() while a conditional request is in flight: the 304 still answers, nothing is cached", async () => {
  const client = new CatalogClient({ baseUrl: `${routes.origin}/slow304a` });
  const first = await client.get();
  const pending = client.refresh();
  await sleep(100); // the conditional request is at the server
  client.clear();
  const update = await pending;
  assert.equal(update.stale, false);
  assert.equal(update.error, undefined);
  // The catalog it confirmed, dated by that answer (a new object of the same models).
  assert.equal(update.catalog.models, first.models);
  assert.ok(update.catalog.meta.fetchedAt >= first.meta.fetchedAt);
  assert.deepEqual(update.diff, { added: [], removed: [], changed: [] });
  assert.equal(client.peek(), undefined, "a request in flight at clear() is not cached");
});

test("clear() right after refresh(): the request answers its caller but is not cached", async () => {
  const client = new CatalogClient({ baseUrl: `${routes.origin}/slow304b` });
  await client.get();
  const pending = client.refresh();
  client.clear();
  const update = await pending;
  assert.equal(update.stale, false);
  assert.equal(update.catalog.models.length, 10);
  assert.equal(client.peek(), undefined);
});

// get() calls spread over `ms`, each awaited; how many requests `name` got meanwhile (after the
// background revalidations they started had time to reach the server).
const requestsDuring = async (client, name, calls, ms) => {
  const before = routes.counts.get(name) || 0;
  for (let i = 0; i < calls; i++) {
    await client.get();
    await sleep(ms / calls);
  }
  await sleep(50);
  return (routes.counts.get(name) || 0) - before;
};

test("after a 429 with Retry-After, get() does not revalidate in the background before it; refresh() still asks", async () => {
  const name = "limited";
  const client = new CatalogClient({ baseUrl: `${routes.origin}/${name}`, maxAgeMs: 0 });
  const catalog = await client.get();
  fail.set(name, { status: 429, headers: { "Retry-After": "60" } });
  const update = await client.refresh();
  assert.equal(update.stale, true);
  assert.equal(update.error.code, "rate_limited");
  assert.equal(update.error.retryAfter, 60);
  assert.equal(await requestsDuring(client, name, 20, 500), 0, "stale get() calls sent no request");
  // Past the 2 s a failure without Retry-After waits: the server's 60 s still hold.
  await sleep(1700);
  assert.equal(await requestsDuring(client, name, 5, 200), 0, "Retry-After holds past the plain backoff");
  assert.equal(client.peek(), catalog);
  const before = routes.counts.get(name);
  assert.equal((await client.refresh()).error.code, "rate_limited");
  assert.equal(routes.counts.get(name) - before, 1, "an explicit refresh() asks");
  fail.delete(name);
});

test("after failures, background revalidations back off exponentially; a success resets the backoff", async () => {
  const name = "flaky";
  const client = new CatalogClient({ baseUrl: `${routes.origin}/${name}`, maxAgeMs: 0 });
  await client.get();
  fail.set(name, { status: 500 });
  // A stale get() starts a background revalidation, which fails.
  assert.equal(await requestsDuring(client, name, 1, 0), 1);
  const failedAt = Date.now();
  assert.equal(await requestsDuring(client, name, 10, 300), 0, "none within the first 2 s");
  await sleep(Math.max(0, failedAt + 2100 - Date.now()));
  assert.equal(await requestsDuring(client, name, 1, 0), 1, "one once 2 s have passed");
  assert.equal(await requestsDuring(client, name, 10, 300), 0, "then none within the next 4 s");
  // A successful refresh() ends the backoff: the next stale get() revalidates at once.
  fail.delete(name);
  const update = await client.refresh();
  assert.equal(update.stale, false);
  assert.equal(await requestsDuring(client, name, 1, 0), 1);
});

test("clear() during the refresh of a catalog too big to stay in the registry: the diff is still right", async () => {
  // 7 000 models: with the new catalog, more than the registry keeps (12 000), so the old one is
  // gone from it when the answer arrives, and clear() has dropped the stored text as well.
  const make = (v) =>
    JSON.stringify({
      // Relative icon URLs, as the real catalog has them: resolved against baseUrl.
      data: Array.from({ length: 7000 }, (_, i) => ({ id: `m${i}`, name: i === 0 ? `first v${v}` : `M${i}`, icon_url: "/icons/X.svg" })),
    });
  let version = 1;
  const big = createServer((req, res) => {
    const body = make(version);
    setTimeout(() => {
      res.writeHead(200, { "Content-Type": "application/json", ETag: `"v${version}"` });
      res.end(body);
    }, version === 1 ? 0 : 300);
  });
  await new Promise((ok) => big.listen(0, "127.0.0.1", ok));
  try {
    const baseUrl = `http://127.0.0.1:${big.address().port}`;
    for (const clearMidway of [false, true]) {
      version = 1;
      const client = new CatalogClient({ baseUrl });
      await client.get();
      version = 2;
      const pending = client.refresh();
      if (clearMidway) {
        await sleep(100);
        client.clear();
      }
      const { diff } = await pending;
      assert.deepEqual(diff, { added: [], removed: [], changed: ["m0"] }, `clear() midway: ${clearMidway}`);
    }
  } finally {
    big.closeAllConnections();
    await new Promise((ok) => big.close(ok));
  }
});
