// nanogpt-image-controls in Node (ESM): functions are ready right after `import`, no init().
// Runs as `npm start`; every step is checked, so it doubles as the example's test.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  parseCatalog,
  parseResolution,
  deriveControls,
  defaultValues,
  validateValues,
  buildRequest,
  migrateValues,
  quotePrice,
  priceRange,
  toJsonSchema,
} from "nanogpt-image-controls";
import Ajv2020 from "ajv/dist/2020.js";

let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
    console.log(`ok - node: ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - node: ${name}\n  ${String(e?.stack ?? e).split("\n").join("\n  ")}`);
  }
}

// A bundled snapshot of GET /api/v1/image-models (fetchCatalog() gets the live one).
const catalog = parseCatalog(readFileSync(new URL("../catalog.json", import.meta.url), "utf8"));
const byId = (id) => catalog.models.find((m) => m.id === id);

check("parseCatalog reads the bundled catalog", () => {
  assert.equal(catalog.models.length, 10);
  assert.equal(catalog.meta.source, "legacy");
});

check("parseResolution", () => {
  const r = parseResolution("2560*1440");
  assert.deepEqual([r.kind, r.width, r.height, r.aspect], ["pixels", 2560, 1440, "16:9"]);
});

check("derive, default, validate, build and quote a request", () => {
  const model = byId("hidream-o1-image");
  const controls = deriveControls(model);
  assert.deepEqual(
    controls.controls.map((c) => c.id),
    ["prompt", "images", "resolution", "n"],
  );
  const values = { ...defaultValues(controls), prompt: "a lighthouse at dusk", n: 2 };
  assert.deepEqual(validateValues(controls, values), []);
  const { ok, body } = buildRequest(model, values);
  assert.equal(ok, true);
  assert.equal(body.model, "hidream-o1-image");
  assert.equal(body.prompt, "a lighthouse at dusk");
  assert.equal(body.n, 2);
  const quote = quotePrice(model, values);
  assert.equal(quote.kind, "exact");
  assert.equal(quote.amount, 0.08);
  assert.equal(priceRange(model).currency, "USD");
  console.log(`  POST /v1/images/generations ${JSON.stringify(body)} → $${quote.amount}`);
});

check("errors carry a stable key and params for translation", () => {
  const controls = deriveControls(byId("hidream-o1-image"));
  const [error] = validateValues(controls, { ...defaultValues(controls), prompt: "p", n: 9 });
  assert.equal(error.code, "out_of_range");
  assert.equal(error.messageKey, "error.out_of_range");
  assert.deepEqual(error.params, { value: 9, min: 1, max: 4 });
  assert.match(error.message, /between 1 and 4/);
});

check("migrateValues carries values to another model and explains", () => {
  const from = deriveControls(byId("recraft-ai/recraft-v4.1/text-to-image"));
  const to = deriveControls(byId("hidream-o1-image"));
  const { values, changes } = migrateValues(from, to, { ...defaultValues(from), prompt: "p", n: 6 });
  assert.equal(values.n, 4);
  const n = changes.find((c) => c.id === "n");
  assert.equal(n.reasonKey, "change.lowered");
  assert.deepEqual(n.params, { value: 6, to: 4 });
  assert.deepEqual(validateValues(to, values), []);
});

// A 1×1 PNG as a data URL.
const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

check("toJsonSchema: defaults validate with ajv (draft 2020-12), bad values do not", () => {
  const ajv = new Ajv2020({ allErrors: true });
  // Image inputs are data URLs; rjsf's validator registers this format itself.
  ajv.addFormat("data-url", /^data:([a-z]+\/[a-z0-9.+-]+)?(;[^,]*)?,/i);
  for (const model of catalog.models) {
    const controls = deriveControls(model);
    const { schema, uiSchema } = toJsonSchema(controls);
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.deepEqual(uiSchema["ui:order"], controls.controls.map((c) => c.id));
    const validate = ajv.compile(schema);
    const good = { ...defaultValues(controls), prompt: "a cat" };
    // Edit models require an input image (`minItems: 1`).
    if (controls.controls.some((c) => c.id === "images" && c.minItems > 0)) good.images = [PNG];
    assert.ok(validate(good), `${model.id}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(validateValues(controls, good), []);
    for (const bad of [{ prompt: "" }, { n: 99 }, { resolution: "3x3" }, { n: 1.5 }]) {
      assert.equal(validate({ ...good, ...bad }), false, `${model.id}: ${JSON.stringify(bad)} passed`);
      assert.notDeepEqual(validateValues(controls, { ...good, ...bad }), []);
    }
  }
});

console.log(`node: ${passed} checks passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
