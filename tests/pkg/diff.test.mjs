// diffCatalogs gives one answer for the same two catalogs, whether their models are still kept
// in wasm (parameters compared as the catalog's text) or read back from the JS objects (after
// older catalogs were dropped), and whatever the whitespace or number spelling of the texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lib from "nanogpt-image-controls";

const pretty = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url), "utf8");
const compact = JSON.stringify(JSON.parse(pretty));

function edited() {
  const doc = JSON.parse(pretty);
  const models = doc.image ?? doc.data ?? doc;
  models[0].supported_parameters = { ...models[0].supported_parameters, max_images: 3 };
  return JSON.stringify(doc);
}

test("a pretty-printed and a compact copy of one catalog differ in nothing, before and after eviction", () => {
  assert.notEqual(pretty, compact);
  const a = lib.parseCatalog(pretty);
  const b = lib.parseCatalog(compact);
  const c = lib.parseCatalog(edited());
  const none = { added: [], removed: [], changed: [] };
  const one = { added: [], removed: [], changed: [a.models[0].id] };
  assert.deepEqual(lib.diffCatalogs(a, b), none);
  assert.deepEqual(lib.diffCatalogs(b, a), none);
  assert.deepEqual(lib.diffCatalogs(a, c), one);
  // Later catalogs push these out of the library's cache: the objects are read back instead.
  for (let i = 0; i < 6; i++) lib.parseCatalog(`[{"id":"other-${i}"}]`);
  assert.deepEqual(lib.diffCatalogs(a, b), none);
  assert.deepEqual(lib.diffCatalogs(b, a), none);
  assert.deepEqual(lib.diffCatalogs(a, c), one);
});

test("integer-like keys compare in JavaScript's order on both paths", () => {
  const catalog = (perImage) =>
    JSON.stringify({ data: [{ id: "up", name: "Up", supported_parameters: { resolutions: ["2", "auto"] }, pricing: { per_image: perImage } }] });
  // The same prices, written in two orders; JavaScript lists "2" first either way.
  const a = lib.parseCatalog(catalog({ auto: 0.01, 2: 0.02 }).replace('"2":0.02,"auto":0.01', '"auto":0.01,"2":0.02'));
  const b = lib.parseCatalog(catalog({ 2: 0.02, auto: 0.01 }));
  const none = { added: [], removed: [], changed: [] };
  assert.deepEqual(lib.diffCatalogs(a, b), none, "both kept in wasm");
  assert.deepEqual(lib.diffCatalogs(structuredClone(a), b), none, "a copy and a kept one");
  assert.deepEqual(lib.diffCatalogs(structuredClone(a), structuredClone(b)), none, "two copies");
});
