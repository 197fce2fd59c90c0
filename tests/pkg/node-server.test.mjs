// The package as a Node server uses it (README, "In apps": CommonJS and "A server"): loaded with
// require(), checking untrusted request bodies against the server's own catalog, its wasm memory
// over many requests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import init, * as lib from "nanogpt-image-controls";

const real = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url), "utf8");
const catalog = lib.parseCatalog(real);
const model = catalog.models.find((m) => m.id === "hidream-o1-image");

test(
  "require() gives the module import gives, ready at once (Node that can require ES modules)",
  { skip: !process.features.require_module && "this Node cannot require ES modules" },
  () => {
    const required = createRequire(import.meta.url)("nanogpt-image-controls");
    assert.equal(required.parseCatalog, lib.parseCatalog);
    assert.equal(required.default, init);
    assert.equal(required.parseCatalog(real).models.length, 10);
  },
);

test("a request body's values: field errors for bad values, invalid_argument for a body that is not values", () => {
  const body = (text) => JSON.parse(text);
  const build = (values) => lib.buildRequest(model, values);
  assert.deepEqual(build(body('{"prompt":"a cat","__proto__":{"n":9}}')).body, {
    model: "hidream-o1-image", prompt: "a cat", size: "2048*2048", n: 1,
  });
  const wrong = build(body('{"prompt":5,"n":"x","resolution":{"w":1}}'));
  assert.equal(wrong.ok, false);
  assert.deepEqual(wrong.errors.map((e) => `${e.id}:${e.code}`), ["prompt:wrong_type", "resolution:wrong_type", "n:wrong_type"]);
  for (const values of [null, undefined]) {
    assert.deepEqual(build(values).errors.map((e) => `${e.id}:${e.code}`), ["prompt:required"]);
  }
  for (const values of ["a cat", [1, 2], body(`{"prompt":"x","z":${"[".repeat(200)}${"]".repeat(200)}}`)]) {
    assert.throws(() => build(values), (e) => lib.isNanoGptError(e) && e.code === "invalid_argument");
    assert.throws(() => lib.validateValues(lib.deriveControls(model), values), (e) => e.code === "invalid_argument");
  }
});

test("wasm memory holds about twice the largest values a call was given, and no more over many calls", async () => {
  const { memory } = await init();
  const controls = lib.deriveControls(model);
  const png = "data:image/png;base64," + Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(3_750_000)]).toString("base64");
  const hostile = [{ prompt: "x", images: [png] }, { prompt: "p".repeat(5 << 20) }, { prompt: "x", z: "z".repeat(5 << 20) }];
  const round = () => {
    for (const values of hostile) {
      lib.validateValues(controls, values);
      lib.buildRequest(model, values);
      lib.quotePrice(model, values);
    }
  };
  round();
  const after = memory.buffer.byteLength;
  assert.ok(after < 40 << 20, `${after} bytes after values of 5 MB`);
  for (let i = 0; i < 20; i++) round();
  assert.equal(memory.buffer.byteLength, after);
});
