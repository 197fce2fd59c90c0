// deriveControls builds a model's first control set straight from wasm's wire form, caches the
// wire form on the second derivation and builds later ones from the cache (src/wasm/cache.js).
// Every one of them must be the same, a fresh object, and usable with the form functions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lib from "nanogpt-image-controls";

const text = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url), "utf8");

test("first, second and later control sets are equal, fresh and usable", () => {
  const { models } = lib.parseCatalog(text);
  for (const endpoint of ["openai", "images"]) {
    for (const model of models) {
      const sets = [1, 2, 3, 4].map(() => lib.deriveControls(model, { endpoint }));
      for (const set of sets.slice(1)) {
        assert.deepEqual(set, sets[0], `${model.id} ${endpoint}`);
        assert.notEqual(set, sets[0], "a fresh object every time");
      }
      // Each works with the form functions, and alike (the Rust set behind it is found).
      const check = (set) => {
        const values = { ...lib.defaultValues(set), prompt: "a fox" };
        return [lib.validateValues(set, values), lib.buildRequest(model, values, { endpoint })];
      };
      const first = check(sets[0]);
      for (const set of sets.slice(1)) assert.deepEqual(check(set), first);
      // The same as a copy of the set, which is read through JSON (slow path).
      assert.deepEqual(check(structuredClone(sets[0])), first);
    }
  }
});

test("a catalog derived once per model gives what a copy of each model gives", () => {
  const { models } = lib.parseCatalog(text);
  for (const model of models) {
    // structuredClone: a model the library did not hand out, read through JSON (slow path).
    assert.deepEqual(lib.deriveControls(model), lib.deriveControls(structuredClone(model)));
  }
});
