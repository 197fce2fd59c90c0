// Invariants over every model of several realistic catalogs (the benchmark's generator, seeded,
// plus the real and documented fixtures), through the built package as apps use it:
// controls are well-formed, the defaults (plus a prompt, and an image where one is required)
// validate and build, quotes are sane, and migrating between models gives values the new model
// accepts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { generateCatalog } from "../../benches/gen-catalog.mjs";
import {
  parseCatalog,
  deriveControls,
  defaultValues,
  validateValues,
  buildRequest,
  migrateValues,
  quotePrice,
  toJsonSchema,
} from "nanogpt-image-controls";

const fixture = (path) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const catalogs = [
  ...[20261120, 7, 99].map((seed) => [`generated(240, ${seed})`, JSON.stringify(generateCatalog(240, seed))]),
  ["real", fixture("real/image-models-nsfw-paid-subset.json")],
  ["docs legacy", fixture("docs/image-models.example.json")],
  ["docs images", fixture("docs/images-models.example.json")],
];

/** The defaults, plus what a user must add: a prompt, and an image where one is required. */
function filled(controls) {
  const values = { ...defaultValues(controls), prompt: "a lighthouse at dusk" };
  for (const c of controls.controls) {
    if (c.kind === "images" && c.minItems > 0) {
      values[c.id] = Array.from({ length: c.minItems }, (_, i) => `https://images.example/${i}.png`);
    }
  }
  return values;
}

function checkControls(where, set) {
  const ids = set.controls.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, `${where}: duplicate control ids ${ids}`);
  assert.equal(ids[0], "prompt", `${where}: the prompt comes first`);
  for (const c of set.controls) {
    const at = `${where} ${c.id}`;
    for (const key of ["kind", "id", "field", "label"]) assert.equal(typeof c[key], "string", `${at}.${key}`);
    assert.ok(c.label.trim().length > 0, `${at}: empty label`);
    if (c.kind === "select" || c.kind === "radio") {
      assert.ok(c.options.length > 0, `${at}: no options`);
      const values = c.options.map((o) => o.value);
      assert.equal(new Set(values).size, values.length, `${at}: duplicate options`);
      for (const o of c.options) assert.ok(typeof o.label === "string" && o.label.length > 0, `${at}: option label`);
      assert.ok(c.default === null || values.includes(c.default), `${at}: default ${c.default} is no option`);
    }
    if (c.kind === "slider") {
      assert.ok(c.min <= c.default && c.default <= c.max && c.step > 0, `${at}: ${c.min} ≤ ${c.default} ≤ ${c.max}`);
    }
    if (c.kind === "images") assert.ok(0 <= c.minItems && c.minItems <= c.maxItems, `${at}: items`);
  }
}

for (const [name, text] of catalogs) {
  test(`every model of ${name}: controls, defaults, request, quote, schema`, () => {
    const catalog = parseCatalog(text);
    assert.ok(catalog.models.length > 0);
    for (const model of catalog.models) {
      for (const endpoint of ["openai", "images"]) {
        const where = `${model.id} (${endpoint})`;
        const set = deriveControls(model, { endpoint });
        checkControls(where, set);
        const values = filled(set);
        assert.deepEqual(validateValues(set, values), [], where);
        const built = buildRequest(model, values, { endpoint });
        assert.ok(built.ok, `${where}: ${JSON.stringify(built.errors)}`);
        assert.equal(built.body.model, model.id);
        assert.equal(built.body.prompt, "a lighthouse at dusk");
        const quote = quotePrice(model, values);
        assert.ok(["exact", "range", "unknown"].includes(quote.kind), where);
        if (quote.kind === "exact") assert.ok(Number.isFinite(quote.amount) && quote.amount >= 0, `${where}: ${quote.amount}`);
        if (quote.kind === "range") assert.ok(quote.min <= quote.max, `${where}: ${quote.min}–${quote.max}`);
        const { schema } = toJsonSchema(set);
        assert.deepEqual(Object.keys(schema.properties), set.controls.map((c) => c.id), where);
      }
    }
  });

  test(`migrating between the models of ${name} gives values the new model accepts`, () => {
    const { models } = parseCatalog(text);
    const sets = models.map((m) => deriveControls(m));
    const count = sets.length;
    // Every model to its neighbours and to a spread of others.
    for (let i = 0; i < count; i++) {
      for (const step of [1, 2, 7, 31, 101]) {
        const j = (i + step) % count;
        if (i === j) continue;
        const { values, changes } = migrateValues(sets[i], sets[j], filled(sets[i]));
        const errors = validateValues(sets[j], values).filter(
          // Migration keeps what only the user can give (a required image the old model lacked).
          (e) => e.code !== "required",
        );
        assert.deepEqual(errors, [], `${models[i].id} → ${models[j].id}`);
        for (const c of changes) assert.ok(c.reason.length > 0 && c.reasonKey.startsWith("change."), c.reasonKey);
        assert.equal(values.prompt, "a lighthouse at dusk");
      }
    }
  });
}
