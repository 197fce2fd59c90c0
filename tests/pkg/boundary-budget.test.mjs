// What crosses the JS↔wasm boundary per call on the hot paths, counted (times are the bench's
// job; counts are deterministic). A repeated `deriveControls(model)` builds from the JS cache and
// crosses no string; a keystroke's validate, build and quote each cross their values once
// (`JSON.stringify` + `encodeInto`) and their result once (`decode` + `JSON.parse`). An options
// check that crossed its key names as a string on every call cost ≈ 6 µs per `deriveControls` and
// `buildRequest` before this test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lib from "nanogpt-image-controls";

const count = { decode: 0, encodeInto: 0, parse: 0, stringify: 0 };
const wrap = (owner, name, key) => {
  const original = owner[name];
  owner[name] = function (...args) {
    count[key]++;
    return original.apply(this, args);
  };
};
wrap(TextDecoder.prototype, "decode", "decode");
wrap(TextEncoder.prototype, "encodeInto", "encodeInto");
wrap(JSON, "parse", "parse");
wrap(JSON, "stringify", "stringify");
const crossed = (fn) => {
  const before = { ...count };
  fn();
  return Object.fromEntries(Object.keys(count).map((k) => [k, count[k] - before[k]]));
};
const none = { decode: 0, encodeInto: 0, parse: 0, stringify: 0 };

const text = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url), "utf8");
const { models } = lib.parseCatalog(text);

test("a repeated deriveControls crosses no string, with or without options", () => {
  for (const model of models) {
    for (const options of [undefined, { endpoint: "openai" }, { endpoint: "images" }]) {
      lib.deriveControls(model, options);
      lib.deriveControls(model, options); // the second derivation caches the wire form
      assert.deepEqual(crossed(() => {
        for (let i = 0; i < 10; i++) lib.deriveControls(model, options);
      }), none, `${model.id} ${JSON.stringify(options)}`);
    }
  }
});

test("a keystroke crosses its values and each result once per call", () => {
  for (const model of models) {
    const controls = lib.deriveControls(model);
    const values = { ...lib.defaultValues(controls), prompt: "a fox" };
    lib.validateValues(controls, values);
    lib.buildRequest(model, values);
    lib.quotePrice(model, values);
    const got = crossed(() => {
      for (let i = 0; i < 10; i++) {
        const v = { ...values, prompt: `a fox ${i}` };
        lib.validateValues(controls, v);
        lib.buildRequest(model, v);
        lib.quotePrice(model, v);
        lib.buildRequest(model, v, { endpoint: "images" }); // an options object crosses nothing more
      }
    });
    assert.deepEqual(got, { decode: 40, encodeInto: 40, parse: 40, stringify: 40 }, model.id);
  }
});
