// A new user's usual mix-ups get an error that says what was passed and what to pass instead,
// never a quiet empty result or a message about the JSON it happened to stringify to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import {
  fetchCatalog,
  fetchModelEndpoints,
  parseCatalog,
  parseResolution,
  deriveControls,
  defaultValues,
  validateValues,
  buildRequest,
  migrateValues,
  quotePrice,
  priceRange,
  CatalogClient,
  diffCatalogs,
  toJsonSchema,
} from "nanogpt-image-controls";

const path = new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url);
const text = readFileSync(path, "utf8");

const says = (pattern) => (e) => e instanceof Error && e.code === "invalid_argument" && pattern.test(e.message);

test("parseCatalog refuses bytes, saying to decode them (readFileSync without an encoding)", () => {
  const bytes = readFileSync(path); // a Buffer: `JSON.stringify` makes it `{"type":"Buffer","data":[…]}`
  assert.throws(() => parseCatalog(bytes), says(/bytes, not text.*TextDecoder.*"utf8"/));
  assert.throws(() => parseCatalog(new TextEncoder().encode(text)), says(/bytes/));
  assert.throws(() => parseCatalog(new TextEncoder().encode(text).buffer), says(/bytes/));
  assert.throws(() => parseCatalog(new DataView(new ArrayBuffer(4))), says(/bytes/));
});

test("parseCatalog refuses a promise and a fetch Response, saying what to pass", () => {
  const parsed = JSON.parse(text);
  assert.throws(() => parseCatalog(Promise.resolve(parsed)), says(/Promise.*await/));
  assert.throws(() => parseCatalog(new Response(text)), says(/Response or Blob: pass `await response\.text\(\)`/));
  assert.throws(() => parseCatalog(new Blob([text])), says(/Blob/));
  // Text and parsed objects still parse, also one whose `then` and `text` getters throw.
  assert.equal(parseCatalog(text).models.length, 10);
  assert.equal(parseCatalog(parsed).models.length, 10);
  const hostile = new Proxy(parsed, { get: (t, k) => (k === "then" || k === "text" ? assert.fail("read") : t[k]) });
  assert.equal(parseCatalog(hostile).models.length, 10);
});

test("a model where a control set belongs says to derive the controls", () => {
  const catalog = parseCatalog(text);
  const [model, other] = catalog.models;
  const controls = deriveControls(model);
  const hint = says(/not a control set but a model: pass deriveControls\(model\)/);
  assert.throws(() => defaultValues(model), hint);
  assert.throws(() => validateValues(model, {}), hint);
  assert.throws(() => toJsonSchema(model), hint);
  assert.throws(() => migrateValues(model, other, {}), hint);
  assert.throws(() => migrateValues(controls, other, {}), hint);
  // A copy of a control set (the slow path) still works.
  assert.deepEqual(defaultValues(structuredClone(controls)), defaultValues(controls));
});

test("an option key that differs from a known one only in letter case is refused, before any request", async () => {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(text);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const typo = (k, w) => says(new RegExp(`^unknown option \`${k}\`: did you mean \`${w}\`\\?$`));
  try {
    // The OpenAI SDK's and axios' spelling: plain JS would otherwise fetch from nano-gpt.com.
    await assert.rejects(fetchCatalog({ baseURL: baseUrl }), typo("baseURL", "baseUrl"));
    await assert.rejects(fetchCatalog({ baseUrl, apikey: "sk-typo" }), typo("apikey", "apiKey"));
    await assert.rejects(fetchCatalog({ baseUrl, timeoutms: 5 }), typo("timeoutms", "timeoutMs"));
    // Without the unit (fetch wrappers' `timeout`), too.
    await assert.rejects(fetchCatalog({ baseUrl, timeout: 5 }), typo("timeout", "timeoutMs"));
    await assert.rejects(fetchModelEndpoints("m", { BASEURL: baseUrl }), typo("BASEURL", "baseUrl"));
    assert.throws(() => new CatalogClient({ baseURL: baseUrl }), typo("baseURL", "baseUrl"));
    assert.throws(() => new CatalogClient({ baseUrl, maxAgeMS: 1 }), typo("maxAgeMS", "maxAgeMs"));
    assert.throws(() => new CatalogClient({ baseUrl, maxAge: 1 }), typo("maxAge", "maxAgeMs"));
    assert.throws(() => new CatalogClient({ baseUrl, Storage: "local" }), typo("Storage", "storage"));
    assert.equal(requests, 0);
    // Keys unrelated to a known one stay accepted (callers pass extra keys).
    assert.equal((await fetchCatalog({ baseUrl, headers: {}, retries: 2, maxAgeMs: 5 })).models.length, 10);
    assert.equal(requests, 1);
    // Both spellings (a config shared with axios): the right one says what is meant.
    assert.equal((await fetchCatalog({ baseURL: "https://unused.example", baseUrl, timeout: 1, timeoutMs: 5000 })).models.length, 10);
    assert.equal(requests, 2);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
  const catalog = parseCatalog(text);
  assert.throws(() => parseCatalog(text, { baseURL: "https://example.com" }), typo("baseURL", "baseUrl"));
  assert.throws(() => parseCatalog(text, { Source: "images" }), typo("Source", "source"));
  const model = catalog.models[0];
  assert.throws(() => deriveControls(model, { Endpoint: "images" }), typo("Endpoint", "endpoint"));
  assert.throws(() => buildRequest(model, {}, { ENDPOINT: "images" }), typo("ENDPOINT", "endpoint"));
  assert.equal(deriveControls(model, { endpoint: "images", extra: 1 }).endpoint, "images");
  assert.equal(parseCatalog(text, { source: "legacy", apiKey: "x" }).models.length, 10);
});

test("a missing argument (a find() that found nothing) is named as undefined or null, and which one", async () => {
  const catalog = parseCatalog(text);
  const model = catalog.models.find((m) => m.id === "no such model");
  const controls = deriveControls(catalog.models[0]);
  const lookup = (what) => says(new RegExp(`^${what} is undefined \\(a lookup that found nothing\\?\\)$`));
  assert.throws(() => deriveControls(model), lookup("the model"));
  assert.throws(() => buildRequest(model, {}), lookup("the model"));
  assert.throws(() => quotePrice(model, {}), lookup("the model"));
  assert.throws(() => priceRange(model), lookup("the model"));
  assert.throws(() => defaultValues(undefined), lookup("the control set"));
  assert.throws(() => validateValues(undefined, {}), lookup("the control set"));
  assert.throws(() => toJsonSchema(undefined), lookup("the control set"));
  assert.throws(() => migrateValues(undefined, controls, {}), lookup("the control set `from`"));
  assert.throws(() => migrateValues(controls, undefined, {}), lookup("the control set `to`"));
  assert.throws(() => migrateValues(controls, null, {}), says(/^the control set `to` is null$/));
  assert.throws(() => diffCatalogs(catalog, undefined), lookup("the next catalog"));
  assert.throws(() => parseCatalog(undefined), lookup("the catalog"));
  assert.throws(() => parseResolution(undefined), lookup("the resolution token"));
  await assert.rejects(fetchModelEndpoints(model), lookup("the model"));
  // Other wrong types keep saying what is expected.
  assert.throws(() => deriveControls("flux"), says(/^the model must be an object$/));
  assert.throws(() => parseResolution(2), says(/^the resolution token must be a string$/));
});

test("a wrong baseUrl prefix: the 404 names the URL requested (never the key)", async () => {
  const server = createServer((req, res) => {
    const found = req.url.startsWith("/nanogpt/api/v1/image-models");
    res.writeHead(found ? 200 : 404, { "Content-Type": "application/json" });
    res.end(found ? text : JSON.stringify({ error: { message: "Cannot GET " + req.url } }));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const key = "sk-prefix-SECRET-42";
    await assert.rejects(fetchCatalog({ baseUrl: `${origin}/api/nanogpt`, apiKey: key }), (e) => {
      assert.equal(e.code, "http");
      assert.equal(e.status, 404);
      assert.ok(e.message.includes(` for ${origin}/api/nanogpt/api/v1/image-models?detailed=true:`), e.message);
      assert.ok(!e.message.includes(key), e.message);
      return true;
    });
    assert.equal((await fetchCatalog({ baseUrl: `${origin}/nanogpt`, apiKey: key })).models.length, 10);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
