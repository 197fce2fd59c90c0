// CatalogClient with storages that answer late, never, or fail: the catalog must not wait on
// them, and a failed write must not leave an older entry behind. A real local HTTP server serves
// the catalog.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { CatalogClient } from "nanogpt-image-controls";

const catalog = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url));
// `/grown/…` serves the catalog until `grown` is set, then one with 2 000 more models (≈ 90 KB).
let grown = false;
const bigger = (() => {
  const list = JSON.parse(catalog);
  const extra = Array.from({ length: 2000 }, (_, i) => ({ id: `extra/model-${i}`, name: `Extra model number ${i}` }));
  return Buffer.from(JSON.stringify({ ...list, image: [...list.image, ...extra] }));
})();
let requests = 0;
let server;
let baseUrl;
before(async () => {
  server = createServer((req, res) => {
    requests++;
    const body = req.url.startsWith("/grown/") && grown ? bigger : catalog;
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
    res.end(body);
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

// A storage backed by a Map whose setItem fails (throws a QuotaExceededError, or returns a
// rejected promise) for values longer than `quota`.
const quotaStorage = (quota, rejects) => {
  const map = new Map();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      if (v.length > quota) {
        const e = Object.assign(new Error("The quota has been exceeded."), { name: "QuotaExceededError" });
        if (rejects) return Promise.reject(e);
        throw e;
      }
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
};

test("a write that fails (quota) removes the older stored entry instead of serving it forever", async () => {
  for (const rejects of [false, true]) {
    grown = false;
    const storage = quotaStorage(50_000, rejects);
    const url = `${baseUrl}/grown`;
    const first = await new CatalogClient({ baseUrl: url, storage }).get();
    assert.equal(first.models.length, 10);
    assert.equal(storage.map.size, 1, "the small catalog is stored");
    // The catalog outgrows the quota; the next page load revalidates the stale entry.
    grown = true;
    const stale = new CatalogClient({ baseUrl: url, storage, maxAgeMs: 0 });
    assert.equal((await stale.get()).models.length, 10, "the stale entry answers at once");
    await new Promise((ok) => setTimeout(ok, 200)); // the background revalidation and the failed write
    assert.equal(stale.peek().models.length, 2010);
    assert.equal(storage.map.size, 0, `the old entry was removed (setItem ${rejects ? "rejects" : "throws"})`);
    // The next page load fetches the current catalog instead of the old one.
    const before = requests;
    const next = await new CatalogClient({ baseUrl: url, storage, maxAgeMs: 60_000 }).get();
    assert.equal(next.models.length, 2010);
    assert.equal(requests - before, 1);
  }
});

test("a late failure of an older write does not remove the entry a newer write stored", async () => {
  const map = new Map();
  let writes = 0;
  const storage = {
    getItem: async (k) => map.get(k) ?? null,
    // Write 1 fails late (a quota error on a bigger body, say); write 2 succeeds at once.
    setItem: (k, v) => {
      const n = ++writes;
      if (n === 1) return new Promise((_, reject) => setTimeout(() => reject(new Error("QuotaExceededError")), 200));
      map.set(k, v);
      return Promise.resolve();
    },
    removeItem: async (k) => void map.delete(k),
  };
  const client = new CatalogClient({ baseUrl: `${baseUrl}/race`, storage });
  await client.get();
  await client.refresh();
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(writes, 2);
  assert.equal(map.size, 1, "the newer entry stays");
});

/** A storage shaped like localStorage (it lists its names), optionally with a quota in characters. */
function webStorage(quota = Infinity) {
  const map = new Map();
  const size = () => [...map].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      const before = map.get(k);
      map.set(k, v);
      if (size() > quota) {
        if (before === undefined) map.delete(k);
        else map.set(k, before);
        throw new Error("QuotaExceededError");
      }
    },
    removeItem: (k) => void map.delete(k),
  };
}
const settle = () => new Promise((r) => setTimeout(r, 50));

test("clients with different keys for one catalog keep their own entries", async () => {
  const storage = webStorage();
  const url = `${baseUrl}/two-accounts`;
  await new CatalogClient({ baseUrl: url, storage, apiKey: "account-a" }).get();
  await new CatalogClient({ baseUrl: url, storage, apiKey: "account-b" }).get();
  await new CatalogClient({ baseUrl: url, storage }).get();
  await settle();
  assert.equal(storage.map.size, 3, [...storage.map.keys()].join("\n"));
  const before = requests;
  await new CatalogClient({ baseUrl: url, storage, apiKey: "account-a" }).get();
  await new CatalogClient({ baseUrl: url, storage, apiKey: "account-b" }).get();
  assert.equal(requests, before, "both answered from storage");
});

test("a write removes the same catalog's entries under other keys that went unrefreshed for a week", async () => {
  const storage = webStorage();
  const url = `${baseUrl}/rotate`;
  await new CatalogClient({ baseUrl: url, storage, apiKey: "old-key-1" }).get();
  await new CatalogClient({ baseUrl: `${baseUrl}/other`, storage, apiKey: "old-key-1" }).get();
  await settle();
  // The old key's copy was last fetched 8 days ago.
  for (const [name, text] of storage.map) {
    if (name.includes("/rotate/")) storage.map.set(name, text.replace(/"fetchedAt":\d+(\.\d+)?/, `"fetchedAt":${Date.now() - 8 * 86400e3}`));
  }
  await new CatalogClient({ baseUrl: url, storage, apiKey: "new-key-2" }).get();
  await settle();
  const names = [...storage.map.keys()];
  assert.equal(names.length, 2, names.join("\n"));
  assert.ok(names.some((n) => n.includes("/rotate/") && n.includes("#key-")));
  assert.ok(names.some((n) => n.includes("/other/")), "another catalog URL's entry stays");
  assert.ok(!names.some((n) => n.includes("old-key") || n.includes("new-key")), "never the key itself");
});

test("a copy revalidated (304) within the week stays; pruning takes a copy's revalidation record with it", async () => {
  const storage = webStorage();
  const url = `${baseUrl}/revalidated`;
  const name = `nanogpt-image-controls:catalog:${url}/api/v1/image-models?detailed=true`;
  const now = Date.now();
  const old = now - 8 * 86400e3;
  const entry = (at) => JSON.stringify({ v: 1, url: `${url}/api/v1/image-models?detailed=true`, fetchedAt: at, body: catalog.toString() });
  const record = (of, at) => JSON.stringify({ v: 1, of, fetchedAt: at });
  // Key A: fetched 8 days ago, revalidated yesterday. Key B: fetched and revalidated 8 days ago.
  // Key C: only a record left (its entry is gone), 8 days old.
  const [a, b, c] = ["#key-0000000a", "#key-0000000b", "#key-0000000c"].map((k) => name + k);
  storage.map.set(a, entry(old)).set(`${a}#revalidated`, record(old, now - 86400e3));
  storage.map.set(b, entry(old)).set(`${b}#revalidated`, record(old, old));
  storage.map.set(`${c}#revalidated`, record(old, old));
  await new CatalogClient({ baseUrl: url, storage }).get();
  await settle();
  assert.deepEqual([...storage.map.keys()].sort(), [name, a, `${a}#revalidated`].sort());
});

test("when the storage is full, other keys' copies of the catalog make room", async () => {
  const one = catalog.length + 200;
  const storage = webStorage(one * 1.5);
  const url = `${baseUrl}/full`;
  await new CatalogClient({ baseUrl: url, storage, apiKey: "old-key-1" }).get();
  await settle();
  assert.equal(storage.map.size, 1);
  await new CatalogClient({ baseUrl: url, storage, apiKey: "new-key-2" }).get();
  await settle();
  const names = [...storage.map.keys()];
  assert.equal(names.length, 1, names.join("\n"));
  const before = requests;
  await new CatalogClient({ baseUrl: url, storage, apiKey: "new-key-2" }).get();
  assert.equal(requests, before, "the new key's entry was stored (the old one made room)");
});

test("a storage whose key(i) returns rejecting promises raises no unhandled rejection", async () => {
  const storage = webStorage();
  storage.key = () => Promise.reject(new Error("async key"));
  const unhandled = [];
  const on = (e) => unhandled.push(e);
  process.on("unhandledRejection", on);
  try {
    await new CatalogClient({ baseUrl: `${baseUrl}/asynckey`, storage, apiKey: "k" }).get();
    await new CatalogClient({ baseUrl: `${baseUrl}/asynckey`, storage }).get();
    await settle();
  } finally {
    process.off("unhandledRejection", on);
  }
  assert.deepEqual(unhandled.map(String), []);
});

test("entries are named by the catalog URL and a hash of the API key, as earlier versions named them", async () => {
  const map = new Map();
  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
  const url = `${baseUrl}/names`;
  const name = `nanogpt-image-controls:catalog:${url}/api/v1/image-models?detailed=true`;
  // The 32-bit FNV-1a hash of the key's bytes, as 8 hex digits (a leading zero kept).
  for (const [apiKey, suffix] of [[undefined, ""], ["sk-key-test-SECRET-9876543210", "#key-07c5511f"], ["k", "#key-ee0c38ea"], ["  k\t", "#key-ee0c38ea"]]) {
    map.clear();
    await new CatalogClient({ baseUrl: url, storage, apiKey }).get();
    assert.deepEqual([...map.keys()], [name + suffix], String(apiKey));
    // A new client finds the entry by that name: no request.
    const before = requests;
    await new CatalogClient({ baseUrl: url, storage, apiKey, maxAgeMs: 60_000 }).get();
    assert.equal(requests, before);
  }
});
