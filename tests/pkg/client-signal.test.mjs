// CatalogClient's per-call signal, `get({ signal })` and `refresh({ signal })`, against a real
// local HTTP server: an aborted call rejects at once while the shared request goes on for the
// other callers and is cached; an already aborted signal starts nothing; a signal that times out
// gives `timeout`; the reason is the error's `cause` unless it shows the API key; option typos are
// refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { routeServer } from "./support/routes.mjs";
import { readFileSync } from "node:fs";
import { CatalogClient } from "nanogpt-image-controls";

const catalog = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const KEY = "sk-signal-test-0123456789";

// Routes `/<name>/api/…`, each with its own request count: the catalog (ETag "v1"; a conditional
// request is answered 304) after `DELAY` ms.
const DELAY = 400;
const routes = routeServer((name, req, res) => {
  setTimeout(() => {
    if (req.headers["if-none-match"] === '"v1"') {
      res.writeHead(304, { ETag: '"v1"' });
      return res.end();
    }
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": catalog.length, ETag: '"v1"' });
    res.end(catalog);
  }, DELAY);
});

// Unhandled rejections anywhere in this file fail the test that checks for them.
const unhandled = [];
process.on("unhandledRejection", (e) => unhandled.push(e));

const client = (name, options) => new CatalogClient({ baseUrl: `${routes.origin}/${name}`, ...options });
const code = (expected) => (e) => {
  assert.equal(e?.code, expected, `${e?.code}: ${e?.message}`);
  return true;
};

test("one of two concurrent get()s aborted: it rejects at once, the other resolves and the catalog is cached", async () => {
  const c = client("two");
  const controller = new AbortController();
  const events = [];
  const aborted = c.get({ signal: controller.signal }).then(
    () => events.push("aborted call resolved"),
    (e) => {
      events.push("aborted call rejected");
      return e;
    },
  );
  const other = c.get().then((catalog) => {
    events.push("other resolved");
    return catalog;
  });
  await sleep(100); // the request is at the server
  controller.abort("unmounted");
  const e = await aborted;
  assert.deepEqual(events, ["aborted call rejected"], "rejected before the request answered");
  assert.equal(e.code, "aborted");
  assert.equal(e.name, "NanoGptError");
  assert.equal(e.cause, "unmounted");
  const catalog = await other;
  assert.equal(catalog.models.length, 10);
  assert.equal(c.peek(), catalog, "the shared request's catalog is cached");
  assert.equal(await c.get(), catalog, "and answers the next get() without a request");
  assert.equal(routes.counts.get("two"), 1, "one request for all of it");
});

test("every caller aborted: the request still completes and is cached (the next get() asks nothing)", async () => {
  const c = client("all");
  const controller = new AbortController();
  const pending = [c.get({ signal: controller.signal }), c.get({ signal: controller.signal })];
  await sleep(100);
  controller.abort();
  for (const p of pending) {
    const e = await p.catch((e) => e);
    assert.equal(e.code, "aborted");
    // `abort()` without a reason: the platform's AbortError is the cause.
    assert.equal(e.cause?.name, "AbortError");
  }
  assert.equal(c.peek(), undefined, "not answered yet");
  await sleep(DELAY + 100);
  assert.equal(c.peek()?.models.length, 10, "cached when it answered");
  await c.get();
  assert.equal(routes.counts.get("all"), 1);
});

test("an already aborted signal rejects at once and starts nothing, also with a fresh catalog cached", async () => {
  const c = client("early");
  const reason = new Error("gone");
  const signal = AbortSignal.abort(reason);
  const e = await c.get({ signal }).catch((e) => e);
  assert.equal(e.code, "aborted");
  assert.equal(e.cause, reason);
  await assert.rejects(c.refresh({ signal }), code("aborted"));
  await sleep(50);
  assert.equal(routes.counts.get("early"), undefined, "no request");
  assert.equal(c.peek(), undefined);
  // A fresh catalog answers a get() without a signal at once; an aborted signal still rejects.
  await c.get();
  await assert.rejects(c.get({ signal }), code("aborted"));
  // A signal that has not aborted: the fresh catalog, without a request.
  const fresh = await c.get({ signal: new AbortController().signal });
  assert.equal(fresh, c.peek());
  assert.equal(routes.counts.get("early"), 1);
});

test("an abort after the call resolved changes nothing and raises no unhandled rejection", async () => {
  const c = client("late");
  const controller = new AbortController();
  const catalog = await c.get({ signal: controller.signal });
  const update = await c.refresh({ signal: controller.signal });
  controller.abort("too late");
  await sleep(50);
  assert.equal(catalog.models.length, 10);
  assert.equal(update.stale, false);
  assert.equal(update.catalog.models, catalog.models);
  assert.deepEqual(unhandled, []);
  // The signal, aborted now, refuses the calls made after.
  await assert.rejects(c.get({ signal: controller.signal }), code("aborted"));
});

test("a signal that times out gives timeout, its TimeoutError as cause; the request goes on", async () => {
  const c = client("timeout");
  const signal = AbortSignal.timeout(100);
  const e = await c.get({ signal }).catch((e) => e);
  assert.equal(e.code, "timeout");
  assert.equal(e.cause?.name, "TimeoutError");
  assert.equal(e.cause, signal.reason);
  await sleep(DELAY + 100);
  assert.equal(c.peek()?.models.length, 10);
});

test("refresh({ signal }): the aborted refresh rejects, a concurrent refresh() gets the update", async () => {
  const c = client("refresh");
  const first = await c.get();
  const controller = new AbortController();
  const aborted = c.refresh({ signal: controller.signal });
  const other = c.refresh();
  await sleep(100);
  controller.abort(new DOMException("the user left", "AbortError"));
  const e = await aborted.catch((e) => e);
  assert.equal(e.code, "aborted");
  assert.equal(e.cause.message, "the user left");
  const update = await other;
  assert.equal(update.stale, false);
  assert.equal(update.catalog.models, first.models); // a 304
  assert.equal(routes.counts.get("refresh"), 2, "the two refreshes shared one request");
});

test("a reason that shows the API key is no cause, and no error shows the key", async () => {
  const c = client("keyed", { apiKey: KEY });
  const controller = new AbortController();
  const pending = c.get({ signal: controller.signal });
  controller.abort(new Error(`request with ${KEY} cancelled`));
  const e = await pending.catch((e) => e);
  assert.equal(e.code, "aborted");
  assert.equal("cause" in e, false);
  assert.ok(!`${e.message} ${e.stack}`.includes(KEY));
  // A reason without the key is the cause, as for `fetchCatalog`.
  const other = await c.get({ signal: AbortSignal.abort("left") }).catch((e) => e);
  assert.equal(other.cause, "left");
  // A reason whose toString calls back into the client while the key check reads it (no
  // RefCell borrow is held then: a trap would be a RuntimeError, not this error).
  const reentrant = { toString: () => (c.clear(), c.peek(), "left") };
  const e2 = await c.get({ signal: AbortSignal.abort(reentrant) }).catch((e) => e);
  assert.equal(e2.code, "aborted");
  assert.equal(e2.cause, reentrant);
});

test("get() and refresh() refuse options that are not { signal }, without a request", async () => {
  const c = client("typo");
  const refused = async (options, message) => {
    for (const call of [() => c.get(options), () => c.refresh(options)]) {
      const e = await call().catch((e) => e);
      assert.equal(e?.code, "invalid_argument", `${JSON.stringify(options)}: ${e?.message}`);
      assert.match(e.message, message);
    }
  };
  const { signal } = new AbortController();
  await refused({ signl: signal }, /unknown option `signl`: the only option is `signal`/);
  await refused({ signal, timeoutMs: 5 }, /unknown option `timeoutMs`/);
  // (Not "did you mean `timeoutMs`?": no fetch option is taken here.)
  await refused({ timeout: 5 }, /unknown option `timeout`: the only option is `signal`/);
  await refused({ Signal: signal }, /unknown option `Signal`: did you mean `signal`\?/);
  await refused({ signal: "abort" }, /option `signal` must be an AbortSignal/);
  await refused("fast", /options must be an object/);
  await refused(5, /options must be an object/);
  // The signal itself instead of `{ signal }` (it has no own keys): refused, not an
  // uncancellable call.
  await refused(signal, /pass `\{ signal \}`/);
  await refused(AbortSignal.abort(), /pass `\{ signal \}`/);
  assert.equal(routes.counts.get("typo"), undefined, "no request");
  // No options, null, undefined and {} are as before.
  for (const options of [undefined, null, {}, { signal: undefined }]) {
    assert.equal((await c.get(options)).models.length, 10);
  }
  assert.equal((await c.refresh(null)).stale, false);
});
