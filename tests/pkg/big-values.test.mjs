// Form values holding big strings (input images as data URLs): they cross into wasm beside the
// values' JSON instead of inside it, and `buildRequest`'s body hands the caller's own strings back
// (src/wasm/cache.js `valuesText`/`withBigs`). Every answer must be the one the plain JSON path
// gives: a Proxy whose first key listing throws makes the library skip the look for big strings
// and stringify the values whole, as before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRequest, migrateValues, quotePrice, validateValues } from "nanogpt-image-controls";
import { controls, dataUrl, model, plainPath } from "./big-values-fixture.mjs";

const cases = {
  "one image": { prompt: "a fox", images: [dataUrl(20000)] },
  "one image, not in a list": { prompt: "a fox", images: dataUrl(20000, "A", "image/jpeg") },
  "too large": { prompt: "a fox", images: [dataUrl(31000)] },
  "not an image": { prompt: "a fox", images: [dataUrl(20000, "A", "text/plain")] },
  "a format the model refuses": { prompt: "a fox", images: [dataUrl(20000, "A", "image/webp")] },
  "the same image twice, and an object": {
    prompt: "x",
    images: (() => {
      const s = dataUrl(12000);
      return [s, s, { dataUrl: dataUrl(9000, "B", "image/jpeg"), width: 10, height: 10 }];
    })(),
  },
  "too many": { prompt: "x", images: [dataUrl(9000), dataUrl(9000, "C", "image/png"), dataUrl(9000), dataUrl(9000)] },
  "a mask": { prompt: "x", images: [dataUrl(9000)], mask: dataUrl(15000) },
  "a long prompt": { prompt: "word ".repeat(2000), images: [dataUrl(9000)] },
  "a prompt over the limit": { prompt: "é".repeat(13000) },
  "strings starting with U+0000": { prompt: "\u0000a", style: "\u0000user", images: [dataUrl(9000)], n0: "\u00001" },
  "a user's reference look-alike": { prompt: "\u00000", images: ["\u00000", dataUrl(9000)] },
  "big strings in unknown keys": { prompt: "x", extra: { deep: { deeper: { s: "z".repeat(20000) } } }, other: "y".repeat(9000) },
};

for (const [name, values] of Object.entries(cases)) {
  test(`big strings: ${name}`, () => {
    const plain = plainPath(values);
    assert.deepEqual(validateValues(controls, values), validateValues(controls, plainPath(values)));
    assert.deepEqual(quotePrice(model, values), quotePrice(model, plainPath(values)));
    assert.deepEqual(buildRequest(model, values), buildRequest(model, plain));
    const switched = migrateValues(controls, controls, values);
    assert.deepEqual(switched, migrateValues(controls, controls, plainPath(values)));
  });
}

test("the body holds the caller's strings, and catalog strings starting with U+0000 as they are", () => {
  const image = dataUrl(20000);
  const { ok, body, errors } = buildRequest(model, { prompt: "a fox", images: [image, image] });
  assert.deepEqual(errors, []);
  assert.equal(ok, true);
  assert.deepEqual(body.imageDataUrls, [image, image]);
  assert.equal(body.aspect_ratio, "\u0000odd");
  assert.equal(body.prompt, "a fox");
});

test("values that cannot be stringified fail as before", () => {
  const cyclic = { prompt: "x", images: [dataUrl(20000)] };
  cyclic.self = cyclic;
  for (const f of [() => validateValues(controls, cyclic), () => buildRequest(model, cyclic)]) {
    assert.throws(f, (e) => e.code === "invalid_argument" && /cannot be converted to JSON/.test(e.message));
  }
  for (const values of [{ toJSON: () => undefined }, { prompt: "x", images: [dataUrl(20000)], toJSON: () => undefined }]) {
    assert.throws(() => validateValues(controls, values), (e) => e.code === "invalid_argument" && /cannot be converted to JSON/.test(e.message));
  }
  const big = { prompt: "x", images: [dataUrl(20000)], n: 1n };
  assert.throws(() => quotePrice(model, big), (e) => e.code === "invalid_argument" && /BigInt/.test(e.message));
});

// Wasm holds the big strings of the last call that had any and JS sends each once: calls that
// switch images, fail half-way or drop them must still answer with the right strings.
test("big strings held across calls: switching, failing half-way, dropping", () => {
  const a = dataUrl(20000, "A", "image/png");
  const b = dataUrl(20000, "B", "image/png");
  const c = dataUrl(20000, "C", "image/jpeg");
  // (one image is sent as `imageDataUrl`, several as `imageDataUrls`)
  const sent = (values) => {
    const { body } = buildRequest(model, values);
    return body.imageDataUrls ?? [body.imageDataUrl];
  };
  assert.deepEqual(sent({ prompt: "x", images: [a] }), [a]);
  assert.deepEqual(sent({ prompt: "x", images: [a] }), [a]);
  assert.deepEqual(sent({ prompt: "x", images: [b, a] }), [b, a]);
  assert.deepEqual(sent({ prompt: "x", images: [c] }), [c]);
  // A stringify that throws after a new image was seen: nothing of it is held.
  assert.throws(() => buildRequest(model, { prompt: "x", images: [b], n: 1n }), /BigInt/);
  assert.deepEqual(sent({ prompt: "x", images: [b] }), [b]);
  // A call without big strings keeps what is held; one with others drops it.
  assert.deepEqual(quotePrice(model, {}), quotePrice(model, plainPath({})));
  assert.deepEqual(sent({ prompt: "x", images: [b, c] }), [b, c]);
  assert.deepEqual(sent({ prompt: "x", images: [a] }), [a]);
  // A call from a toJSON, with other images, in the middle of a stringify.
  const values = { prompt: "x", images: [b], extra: { toJSON: () => (buildRequest(model, { prompt: "y", images: [c] }), 1) } };
  assert.deepEqual(buildRequest(model, values), buildRequest(model, plainPath(values)));
  assert.deepEqual(sent({ prompt: "x", images: [a, b] }), [a, b]);
});

test("wasm memory stays flat while the images change (only the last two calls' are held)", async () => {
  const { default: init } = await import("nanogpt-image-controls");
  const wasm = await init();
  const memory = () => wasm.memory.buffer.byteLength;
  const first = memory();
  for (let i = 0; i < 60; i++) {
    const image = dataUrl(600_000, String.fromCharCode(65 + (i % 26))) + "A".repeat(i * 4);
    validateValues(controls, { prompt: "x", images: [image] });
    buildRequest(model, { prompt: "x", images: [image] });
  }
  assert.ok(memory() - first < 16 * 2 ** 20, `grew by ${(memory() - first) / 2 ** 20} MiB`);
});
