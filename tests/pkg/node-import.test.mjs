// The built package (pkg/) imported in Node ESM exactly as users import it: by package name,
// through the package.json "exports" map. Catches a broken optimizer or glue (wasm-pack never loads what it builds).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, * as lib from "nanogpt-image-controls";

const legacy = readFileSync(new URL("../fixtures/docs/image-models.example.json", import.meta.url), "utf8");
const real = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url), "utf8");

test("functions are ready right after import; init() is a harmless no-op", async () => {
  await init();
  await init();
  const catalog = lib.parseCatalog(legacy);
  assert.equal(catalog.models.length, 1);
  assert.equal(catalog.models[0].id, "pruna-ai/p-image/text-to-image");
  assert.equal(catalog.meta.source, "legacy");
});

test("errors are Error objects with a code, and the module keeps working", () => {
  for (const [input, code] of [
    ["<!doctype html><html>oops</html>", "invalid_json"],
    ['{"error":{"message":"nope"}}', "invalid_catalog"],
  ]) {
    assert.throws(() => lib.parseCatalog(input), (e) => e instanceof Error && e.code === code);
  }
  assert.throws(() => lib.parseResolution(42), (e) => e instanceof Error && e.code === "invalid_argument");
  assert.equal(lib.parseCatalog(real).models.length, 10);
});

test("deriveControls starts with the prompt and returns fresh objects", () => {
  const catalog = lib.parseCatalog(real);
  const a = lib.deriveControls(catalog.models[0]);
  const b = lib.deriveControls(catalog.models[0]);
  assert.notEqual(a, b);
  assert.deepEqual(a, b);
  assert.equal(a.controls[0].id, "prompt");
  assert.equal(a.modelId, catalog.models[0].id);
});

test("a choice from a list of numbers is sent as the catalog's number, for registry and copied models", () => {
  const catalog = lib.parseCatalog({
    data: [{ id: "m", name: "M", supported_parameters: { steps: [20, 30, 40], style: ["10", "20"] } }],
  });
  for (const model of [catalog.models[0], structuredClone(catalog.models[0])]) {
    const controls = lib.deriveControls(model);
    const values = { ...lib.defaultValues(controls), prompt: "p", steps: "30", style: "20" };
    const { ok, body, warnings } = lib.buildRequest(model, values);
    assert.ok(ok);
    assert.deepEqual(body, { model: "m", prompt: "p", steps: 30, style: "20" });
    assert.deepEqual(warnings, []);
  }
});

test("isNanoGptError recognizes the library's errors only; init() resolves to the exports", async () => {
  let thrown;
  try {
    lib.parseCatalog("<html>");
  } catch (e) {
    thrown = e;
  }
  assert.equal(lib.isNanoGptError(thrown), true);
  for (const other of [new Error("x"), new TypeError("y"), { name: "NanoGptError", code: "x" }, null, undefined, "NanoGptError", 42]) {
    assert.equal(lib.isNanoGptError(other), false, String(other));
  }
  const fake = new Error("z");
  fake.name = "NanoGptError";
  assert.equal(lib.isNanoGptError(fake), false, "no code");
  const output = await init();
  assert.ok(output.memory instanceof WebAssembly.Memory);
});
