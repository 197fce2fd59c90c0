// CatalogClient's `fallback` option (a bundled catalog) against a real local HTTP server: used
// when a request fails with no catalog held, then held as a stale catalog (answered at once,
// revalidated under the failure backoff) until a request succeeds; never stored, never over a
// stored entry, never after the constructor's signal aborted; checked in the constructor and
// parsed only when needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { routeServer } from "./support/routes.mjs";
import { readFileSync } from "node:fs";
import { CatalogClient, parseCatalog } from "nanogpt-image-controls";

const live = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url), "utf8");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The bundled snapshot: an older version of the live catalog (its last model not there yet, one
// renamed, one since removed) with one model that parsing skips (a warning).
const snapshot = (() => {
  const image = JSON.parse(live).image.slice(0, -1);
  image[0] = { ...image[0], name: "Old name" };
  return JSON.stringify({ image: [...image, { id: "retired/model", name: "Retired" }, { name: "no id" }] });
})();
const liveIds = JSON.parse(live).image.map((m) => m.id);

// Routes `/<name>/api/…`, each with its own request count: the live catalog, or what
// `fail.set(name, { status, delay })` says (an error status after `delay` ms).
const fail = new Map();
const routes = routeServer((name, req, res) => {
  const failure = fail.get(name);
  if (failure) {
    return setTimeout(() => {
      res.writeHead(failure.status, { "Content-Type": "application/json" });
      res.end('{"error":{"message":"failing on purpose"}}');
    }, failure.delay ?? 0);
  }
  res.writeHead(200, { "Content-Type": "application/json", ETag: '"v1"' });
  res.end(live);
});

// A port nothing listens on: a network error.
const closedPort = async () => {
  const s = createServer();
  await new Promise((ok) => s.listen(0, "127.0.0.1", ok));
  const port = s.address().port;
  await new Promise((ok) => s.close(ok));
  return `http://127.0.0.1:${port}`;
};

const isFallback = (catalog) => {
  const expected = parseCatalog(snapshot);
  assert.equal(catalog.meta.fallback, true);
  assert.equal(catalog.meta.fetchedAt, undefined);
  assert.deepEqual(
    catalog.models.map((m) => m.id),
    expected.models.map((m) => m.id),
  );
  assert.ok(catalog.warnings.length > 0);
  assert.deepEqual(catalog.warnings, expected.warnings);
};

test("a first get() that fails (HTTP 500, network error) resolves with the fallback, marked", async () => {
  fail.set("down500", { status: 500 });
  for (const [baseUrl, fallback] of [
    [`${routes.origin}/down500`, snapshot],
    [await closedPort(), JSON.parse(snapshot)],
  ]) {
    const client = new CatalogClient({ baseUrl, fallback });
    const catalog = await client.get();
    isFallback(catalog);
    assert.equal(client.peek(), catalog);
  }
});

test("refresh() with nothing cached resolves with the fallback, stale, with the request's error", async () => {
  fail.set("refresh500", { status: 500 });
  const client = new CatalogClient({ baseUrl: `${routes.origin}/refresh500`, fallback: snapshot });
  const update = await client.refresh();
  isFallback(update.catalog);
  assert.equal(update.stale, true);
  assert.equal(update.error.code, "http");
  assert.equal(update.error.status, 500);
  assert.deepEqual(update.diff, { added: update.catalog.models.map((m) => m.id), removed: [], changed: [] });
  // Held: a second refresh() fails again, with the same catalog and nothing changed.
  const again = await client.refresh();
  assert.equal(again.catalog, update.catalog);
  assert.equal(again.stale, true);
  assert.deepEqual(again.diff, { added: [], removed: [], changed: [] });
});

test("once held, get() answers at once and revalidates in the background under the backoff", async () => {
  const name = "slowfail";
  // (A slow failure: a get() that waited for a request would take 600 ms, not under 250.)
  fail.set(name, { status: 503, delay: 600 });
  const client = new CatalogClient({ baseUrl: `${routes.origin}/${name}`, fallback: snapshot, timeoutMs: 5000 });
  const first = await client.get();
  isFallback(first);
  const failedAt = Date.now();
  assert.equal(routes.counts.get(name), 1);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    assert.equal(await client.get(), first);
    assert.ok(performance.now() - t < 250, "answered without waiting for a request");
  }
  await sleep(50);
  assert.equal(routes.counts.get(name), 1, "no request within the backoff");
  await sleep(Math.max(0, failedAt + 2100 - Date.now()));
  const t = performance.now();
  assert.equal(await client.get(), first);
  assert.ok(performance.now() - t < 250, "answered without waiting for the background request");
  // (The background request reaches the server soon after; a loaded machine may take a while.)
  for (let waited = 0; routes.counts.get(name) < 2 && waited < 2000; waited += 20) await sleep(20);
  assert.equal(routes.counts.get(name), 2, "past the backoff, one background revalidation");
  fail.delete(name);
});

test("a later success replaces the fallback; refresh() reports the diff from it", async () => {
  const name = "recovers";
  fail.set(name, { status: 500 });
  const client = new CatalogClient({ baseUrl: `${routes.origin}/${name}`, fallback: snapshot });
  isFallback(await client.get());
  fail.delete(name);
  const update = await client.refresh();
  assert.equal(update.stale, false);
  assert.equal(update.error, undefined);
  assert.deepEqual(update.diff, { added: [liveIds.at(-1)], removed: ["retired/model"], changed: [liveIds[0]] });
  assert.equal(update.catalog.meta.fallback, undefined);
  assert.equal(typeof update.catalog.meta.fetchedAt, "string");
  assert.equal(await client.get(), update.catalog);
});

test("the fallback is never stored, and a stored entry (even stale) wins over it", async () => {
  const name = "stored";
  const items = new Map();
  const writes = [];
  const storage = {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      writes.push(k);
      items.set(k, v);
    },
    removeItem: (k) => items.delete(k),
  };
  fail.set(name, { status: 500 });
  const first = new CatalogClient({ baseUrl: `${routes.origin}/${name}`, storage, fallback: snapshot });
  isFallback(await first.get());
  await sleep(20);
  assert.deepEqual(writes, [], "nothing written for the fallback");
  fail.delete(name);
  await first.refresh();
  await sleep(20);
  assert.equal(writes.length, 1, "the live catalog is stored");
  fail.set(name, { status: 500 });
  const second = new CatalogClient({ baseUrl: `${routes.origin}/${name}`, storage, fallback: snapshot, maxAgeMs: 0 });
  const catalog = await second.get();
  assert.equal(catalog.meta.fallback, undefined);
  assert.deepEqual(
    catalog.models.map((m) => m.id),
    liveIds,
  );
  const update = await second.refresh();
  assert.equal(update.stale, true);
  assert.equal(update.catalog.meta.fallback, undefined);
  fail.delete(name);
});

test("clear() forgets the held fallback; the option stays for the next failure", async () => {
  const name = "cleared";
  fail.set(name, { status: 500 });
  const client = new CatalogClient({ baseUrl: `${routes.origin}/${name}`, fallback: snapshot });
  await client.get();
  client.clear();
  assert.equal(client.peek(), undefined);
  const before = routes.counts.get(name);
  isFallback(await client.get());
  assert.equal(routes.counts.get(name) - before, 1, "a request again");
  fail.delete(name);
});

test("the constructor refuses a fallback that is no string or object", () => {
  for (const fallback of [42, true, new Uint8Array([123, 125]), Promise.resolve(snapshot)]) {
    assert.throws(() => new CatalogClient({ fallback }), { code: "invalid_argument", message: /fallback/ });
  }
  // `null` or undefined: none.
  new CatalogClient({ fallback: null });
  new CatalogClient({ fallback: undefined });
});

test("an abort by the constructor's signal still rejects", async () => {
  fail.set("aborted", { status: 500, delay: 300 });
  const done = new AbortController();
  done.abort();
  const client = new CatalogClient({ baseUrl: `${routes.origin}/aborted`, signal: done.signal, fallback: snapshot });
  await assert.rejects(client.get(), { code: "aborted" });
  await assert.rejects(client.refresh(), { code: "aborted" });
  assert.equal(client.peek(), undefined);
  // Aborted while the request is in flight.
  const later = new AbortController();
  const midway = new CatalogClient({ baseUrl: `${routes.origin}/aborted`, signal: later.signal, fallback: snapshot });
  const pending = midway.get();
  await sleep(100);
  later.abort();
  await assert.rejects(pending, { code: "aborted" });
  assert.equal(midway.peek(), undefined);
});

test("a per-call signal stops only its call; the request still falls back for the client", async () => {
  const name = "percall";
  fail.set(name, { status: 500, delay: 300 });
  const client = new CatalogClient({ baseUrl: `${routes.origin}/${name}`, fallback: snapshot });
  await assert.rejects(client.get({ signal: AbortSignal.timeout(50) }), { code: "timeout" });
  await sleep(400);
  isFallback(client.peek());
  fail.delete(name);
});

test("a fallback that does not parse leaves the request's own error", async () => {
  fail.set("broken", { status: 500 });
  for (const fallback of ["{ not json", '{"nothing": "here"}', {}]) {
    const client = new CatalogClient({ baseUrl: `${routes.origin}/broken`, fallback });
    await assert.rejects(client.get(), { code: "http", status: 500 });
    await assert.rejects(client.refresh(), { code: "http", status: 500 });
    assert.equal(client.peek(), undefined);
  }
  const client = new CatalogClient({ baseUrl: await closedPort(), fallback: "{ not json" });
  await assert.rejects(client.get(), { code: "network" });
});

test("the fallback is not read while requests succeed", async () => {
  let reads = 0;
  const list = JSON.parse(snapshot).image;
  const fallback = {
    get image() {
      reads++;
      return list;
    },
  };
  const client = new CatalogClient({ baseUrl: `${routes.origin}/fine`, fallback, maxAgeMs: 0 });
  await client.get();
  await client.refresh();
  assert.equal(reads, 0);
  fail.set("fine", { status: 500 });
  assert.equal((await client.refresh()).catalog.meta.fallback, undefined, "the stale live catalog wins");
  assert.equal(reads, 0);
  fail.delete("fine");
});
