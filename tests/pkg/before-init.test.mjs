// The browser entry (the wasm-bindgen glue) used before `init()`: every export throws an Error
// with code `not_initialized` instead of a bare TypeError, and works once `init()` has run; a
// `CatalogClient` made before `init()` (at a module's top level) works from its first call after
// it. (Its own process: Node's entry, node.js, initializes the same module at import.)
// The tests run in order: the first before `init()`, the second calls it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { routeServer } from "./support/routes.mjs";

// The glue's finalization registry, watched: what it would free when a client is collected.
const registered = new Map(); // token (the client) → pointer
const Registry = globalThis.FinalizationRegistry;
globalThis.FinalizationRegistry = class extends Registry {
  register(target, held, token) {
    registered.set(token, held);
    return super.register(target, held, token);
  }
  unregister(token) {
    registered.delete(token);
    return super.unregister(token);
  }
};
const glue = new URL("../../pkg/nanogpt_image_controls.js", import.meta.url);
const lib = await import(glue.href);
globalThis.FinalizationRegistry = Registry;
const registeredClients = () => [...registered.keys()].filter((token) => token instanceof lib.CatalogClient);

const catalogBody = JSON.stringify({
  object: "list",
  data: [{ id: "early/model", name: "Early", description: "made before init()", supported_parameters: { resolutions: ["1024x1024"] } }],
});
const routes = routeServer((name, req, res) => {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(catalogBody);
});
const notInit = (method) => (e) => e instanceof Error && e.code === "not_initialized" && e.message.includes(`CatalogClient.${method}()`);
const misuse = (e) => e instanceof Error && e.code === "invalid_argument" && /not a live CatalogClient/.test(e.message);
const early = {};

test("a CatalogClient made before init() holds its options; its methods give not_initialized until init()", async () => {
  const options = {}; // read at the first call after init(), not copied at construction
  early.client = new lib.CatalogClient(options);
  options.baseUrl = `${routes.origin}/early`;
  early.bad = new lib.CatalogClient({ fallback: 42 }); // refused, at the first call
  early.freed = new lib.CatalogClient({ fallback: 42 });
  early.freed.free(); // dropped: nothing to free in wasm, and no options error
  early.freed.free();
  early.disposed = new lib.CatalogClient();
  early.disposed[Symbol.dispose]?.();
  // The options are not on the object: serializing it does not show the API key.
  const keyed = new lib.CatalogClient({ apiKey: "sk-secret-before-init" });
  assert.ok(!JSON.stringify(keyed).includes("sk-secret") && !Object.values(keyed).length, JSON.stringify(keyed));
  const { client } = early;
  const pending = client.get();
  assert.ok(pending instanceof Promise); // rejects, does not throw
  await assert.rejects(pending, notInit("get"));
  await assert.rejects(client.refresh(), notInit("refresh"));
  assert.throws(() => client.peek(), notInit("peek"));
  assert.throws(() => client.clear(), notInit("clear"));
  await assert.rejects(early.bad.get(), notInit("get")); // not initialized comes first
  // Detached methods and a freed client: the misuse error, before init() too.
  const { get, peek } = client;
  await assert.rejects(get(), misuse);
  assert.throws(() => peek(), misuse);
  await assert.rejects(early.freed.get(), misuse);
  assert.equal(routes.counts.size, 0);
});

test("every export throws not_initialized before init(), then works", async () => {
  const calls = Object.entries(lib).filter(
    ([name, f]) => typeof f === "function" && !["default", "initSync", "isNanoGptError", "CatalogClient"].includes(name),
  );
  assert.ok(calls.length >= 14, `exports: ${calls.map(([n]) => n)}`);
  let notInitialized;
  for (const [name, f] of calls) {
    const call = () => f();
    assert.throws(call, (e) => e instanceof Error && e.code === "not_initialized" && e.message.includes(name), name);
    try {
      call();
    } catch (e) {
      notInitialized = e;
    }
  }
  // The type guard answers before init() (in the catch of a failed init(), say) instead of throwing.
  assert.equal(lib.isNanoGptError(notInitialized), true);
  for (const other of [new Error("failed to fetch Wasm"), Object.assign(new Error("x"), { name: "NanoGptError" }), { name: "NanoGptError", code: "network" }, null, undefined, "network"]) {
    assert.equal(lib.isNanoGptError(other), false, String(other));
  }
  // A failed init() rejects with the platform's error and can be tried again.
  await assert.rejects(lib.default({ module_or_path: new Uint8Array([0, 1, 2, 3]) }), (e) => e instanceof Error && !lib.isNanoGptError(e));
  // Hostile objects: getters and proxy traps that throw give false, before init() and after.
  const boom = () => {
    throw new Error("boom");
  };
  const hostile = [
    new Proxy({}, { getPrototypeOf: boom }),
    Object.defineProperty(new Error("x"), "name", { get: boom }),
    Object.defineProperty(Object.assign(new Error("x"), { name: "NanoGptError" }), "code", { get: boom }),
  ];
  for (const h of hostile) assert.equal(lib.isNanoGptError(h), false);
  const wasm = readFileSync(fileURLToPath(new URL("../../pkg/nanogpt_image_controls_bg.wasm", import.meta.url)));
  await lib.default({ module_or_path: wasm });
  assert.equal(lib.isNanoGptError(notInitialized), true);
  for (const h of hostile) assert.equal(lib.isNanoGptError(h), false);
  assert.equal(typeof lib.version(), "string");
  assert.equal(lib.parseResolution("1024x1024").width, 1024);
});

test("after init(), a CatalogClient made before it works from its first call; an options error surfaces then", async () => {
  const { client, bad, freed, disposed } = early;
  assert.equal(registeredClients().length, 0);
  assert.equal(client.peek(), undefined); // the first call makes the wasm-side client
  // Registered to be freed when collected, under the client's own pointer; nothing else left.
  assert.ok(registered.get(client) > 0 && registered.get(client) === client.__wbg_ptr);
  assert.deepEqual(registeredClients(), [client]);
  const catalog = await client.get();
  assert.deepEqual(catalog.models.map((m) => m.id), ["early/model"]);
  assert.equal(routes.counts.get("early"), 1); // the baseUrl set after construction, read at the first call
  assert.equal(client.peek(), catalog);
  assert.equal((await client.refresh()).catalog.models[0].id, "early/model");
  // The constructor's error, as the constructor throws it after init() (at once).
  let thrown;
  try {
    new lib.CatalogClient({ fallback: 42 });
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown?.code === "invalid_argument" && /fallback/.test(thrown.message), String(thrown));
  const same = (e) => lib.isNanoGptError(e) && e.code === thrown.code && e.message === thrown.message;
  const rejected = bad.get();
  assert.ok(rejected instanceof Promise);
  await assert.rejects(rejected, same);
  await assert.rejects(bad.refresh(), same);
  assert.throws(() => bad.peek(), same);
  assert.throws(() => bad.clear(), same);
  bad.free(); // harmless
  // Freed before it was made, and detached methods: the misuse error.
  for (const c of [freed, disposed]) {
    await assert.rejects(c.get(), misuse);
    assert.throws(() => c.peek(), misuse);
  }
  const { get, clear } = client;
  await assert.rejects(get(), misuse);
  assert.throws(() => clear(), misuse);
  await assert.rejects(lib.CatalogClient.prototype.get.call(Object.create(lib.CatalogClient.prototype)), misuse);
  assert.deepEqual(registeredClients(), [client]); // an options error leaves nothing registered
  // A client made now and one made before init(), both freed: then the misuse error.
  client.free();
  assert.equal(registeredClients().length, 0);
  await assert.rejects(client.get(), misuse);
  assert.throws(() => client.peek(), misuse);
  client.free();
  const later = new lib.CatalogClient({ baseUrl: `${routes.origin}/later` });
  assert.equal((await later.get()).models.length, 1);
  later[Symbol.dispose]?.();
});
