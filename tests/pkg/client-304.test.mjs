// CatalogClient revalidations answered 304 Not Modified, against a real local HTTP server: the
// stored entry's freshness is updated, and a large catalog is neither copied nor re-encoded in
// wasm for them (the memory store needs no encoding at all).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import init, { CatalogClient } from "nanogpt-image-controls";

// ≈ 8 MB: models of realistic shape with long descriptions.
const big = Buffer.from(
  JSON.stringify({
    object: "list",
    data: Array.from({ length: 4000 }, (_, i) => ({
      id: `generated/model-${i}`,
      name: `Generated ${i}`,
      description: "A generated model for the 304 test. ".repeat(50),
      supported_parameters: { resolutions: ["1024x1024", "1536x1024"], max_images: 4 },
    })),
  }),
);
let server;
let baseUrl;
let etag = '"v1"';
before(async () => {
  server = createServer((req, res) => {
    if (req.headers["if-none-match"] === '"v1"') {
      res.writeHead(304, { ETag: etag, "Last-Modified": "Wed, 04 Nov 2026 00:00:00 GMT" });
      return res.end();
    }
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": big.length, ETag: '"v1"' });
    res.end(big);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((ok) => server.close(ok)));

test("a 304 of a large catalog in memory: no copy or encoding of the body (wasm memory does not grow)", async () => {
  const wasm = await init();
  const client = new CatalogClient({ baseUrl });
  const catalog = await client.get();
  assert.equal(catalog.models.length, 4000);
  const after1 = wasm.memory.buffer.byteLength;
  for (let i = 0; i < 10; i++) {
    const update = await client.refresh();
    assert.equal(update.error, undefined);
    assert.equal(update.catalog.models, catalog.models);
  }
  const grown = (wasm.memory.buffer.byteLength - after1) / 2 ** 20;
  assert.ok(grown < 4, `wasm memory grew ${grown.toFixed(1)} MiB over 10 revalidations answered 304`);
});

test("a 304 dates the catalog it confirmed (meta.fetchedAt) without changing the object the app holds", async () => {
  const client = new CatalogClient({ baseUrl });
  const first = await client.get();
  const fetchedAt = first.meta.fetchedAt;
  assert.match(fetchedAt, /^\d{4}-\d\d-\d\dT.*Z$/);
  await new Promise((ok) => setTimeout(ok, 20));
  const update = await client.refresh();
  assert.deepEqual(update.diff, { added: [], removed: [], changed: [] });
  const confirmed = update.catalog;
  assert.ok(confirmed.meta.fetchedAt > fetchedAt, `${confirmed.meta.fetchedAt} after ${fetchedAt}`);
  assert.ok(Date.now() - Date.parse(confirmed.meta.fetchedAt) < 5000);
  // A new catalog object: the one the app holds keeps its own date; the models are the same.
  assert.notEqual(confirmed, first);
  assert.equal(first.meta.fetchedAt, fetchedAt);
  assert.equal(confirmed.models, first.models);
  assert.equal(confirmed.warnings, first.warnings);
  assert.deepEqual(Object.keys(confirmed.meta), Object.keys(first.meta));
  assert.equal(confirmed.meta.source, first.meta.source);
  // The client answers with it from now on.
  assert.equal(client.peek(), confirmed);
  assert.equal(await client.get(), confirmed);
  // A frozen catalog (an app's state store may freeze what it keeps) is not a problem.
  Object.freeze(confirmed.meta);
  Object.freeze(confirmed);
  const again = await client.refresh();
  assert.equal(again.error, undefined);
  assert.ok(again.catalog.meta.fetchedAt >= confirmed.meta.fetchedAt);
  assert.equal(again.catalog.models, first.models);
});

test("a 304 stores its fetch time and validators beside the entry, without writing the body again", async () => {
  const map = new Map();
  const writes = [];
  const storage = {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      writes.push([k, v.length]);
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
  const client = new CatalogClient({ baseUrl, storage });
  const first = await client.get();
  assert.equal(writes.length, 1);
  const [key, size] = writes[0];
  assert.ok(size > big.length, "the entry holds the body");
  const stored = map.get(key);
  await new Promise((ok) => setTimeout(ok, 300));
  etag = '"v1"';
  for (let i = 0; i < 3; i++) {
    writes.length = 0;
    const update = await client.refresh();
    assert.equal(update.stale, false);
    // One small write (the revalidation record), none of the body.
    assert.equal(writes.length, 1, JSON.stringify(writes));
    assert.equal(writes[0][0], `${key}#revalidated`);
    assert.ok(writes[0][1] < 300, `${writes[0][1]} characters written`);
    assert.equal(map.get(key), stored, "the entry is not rewritten");
  }
  const record = JSON.parse(map.get(`${key}#revalidated`));
  assert.equal(record.of, JSON.parse(stored).fetchedAt);
  assert.equal(record.etag, '"v1"');
  assert.equal(record.lastModified, "Wed, 04 Nov 2026 00:00:00 GMT");
  assert.equal(new Date(record.fetchedAt).toISOString(), client.peek().meta.fetchedAt);
  // A new client (a page load) reads the entry as revalidated: fresh for a `maxAgeMs` shorter than
  // the entry's own age, no request, dated by the revalidation, its validators sent next time.
  let requests = 0;
  server.on("request", () => requests++);
  const next = new CatalogClient({ baseUrl, storage, maxAgeMs: 250 });
  const loaded = await next.get();
  assert.equal(loaded.models.length, 4000);
  assert.equal(requests, 0, "no request: the revalidated entry is fresh");
  assert.equal(loaded.meta.fetchedAt, client.peek().meta.fetchedAt);
  assert.ok(loaded.meta.fetchedAt > first.meta.fetchedAt);
  // A record about another stored body (rewritten since by another page or an older version of
  // this library) is ignored: the entry's own time stands.
  const rewritten = stored.replace(/"fetchedAt":(\d+)/, (_, t) => `"fetchedAt":${Number(t) + 1}`);
  map.set(key, rewritten);
  const other = await new CatalogClient({ baseUrl, storage, maxAgeMs: 60_000 }).get();
  assert.equal(other.meta.fetchedAt, new Date(JSON.parse(rewritten).fetchedAt).toISOString());
  // clear() removes both.
  next.clear();
  assert.deepEqual([...map.keys()], []);
});
