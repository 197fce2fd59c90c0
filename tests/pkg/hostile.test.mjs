// Hostile input through the built package (pkg/, imported by name as users import it): every
// call gives a result or throws an Error with a known `code` — never a wasm trap
// (`RuntimeError: unreachable`), a hang, a non-finite number or an unusable slider — and the
// module keeps working afterwards. The Rust-side twin is tests/common/hostile.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lib from "nanogpt-image-controls";

const legacy = readFileSync(new URL("../fixtures/docs/image-models.example.json", import.meta.url), "utf8");
const real = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url), "utf8");
const CODES = new Set([
  "network", "timeout", "aborted", "unauthorized", "rate_limited", "http",
  "invalid_json", "invalid_catalog", "invalid_argument",
]);

function finite(value, path = "result", depth = 0) {
  if (typeof value === "number") assert.ok(Number.isFinite(value), `${path} is ${value}`);
  if (value === null || typeof value !== "object" || depth > 64) return;
  for (const [k, v] of Object.entries(value)) finite(v, `${path}.${k}`, depth + 1);
}

/** Calls `f`; returns its result, or undefined after checking it threw a coded Error. */
function settle(what, f) {
  let result;
  try {
    result = f();
  } catch (e) {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what}: a wasm trap: ${e && e.message}`);
    assert.ok(e instanceof Error, `${what}: threw a non-Error ${String(e)}`);
    assert.ok(CODES.has(e.code), `${what}: no known code (${e.code}): ${e.message}`);
    return undefined;
  }
  finite(result, what);
  return result;
}

function throwsCode(what, f, code) {
  assert.throws(f, (e) => {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what}: a wasm trap`);
    assert.ok(e instanceof Error, `${what}: threw a non-Error`);
    assert.equal(e.code, code, `${what}: ${e.message}`);
    return true;
  });
}

function usable(set) {
  for (const c of set.controls) {
    if (c.kind === "slider") {
      assert.ok(c.min < c.max, `${c.id}: ${c.min}..${c.max}`);
      assert.ok(c.step > 0 && c.step <= c.max - c.min, `${c.id}: step ${c.step}`);
      assert.ok(c.min <= c.default && c.default <= c.max, `${c.id}: default ${c.default}`);
    }
    if (c.kind === "number" && c.min !== undefined && c.max !== undefined) assert.ok(c.min <= c.max);
    if (c.kind === "select" || c.kind === "radio") {
      assert.ok(c.options.length > 0 && c.options.length <= 256, `${c.id}: ${c.options.length} options`);
      if (c.default != null) assert.ok(c.options.some((o) => o.value === c.default), `${c.id}: default`);
    }
  }
}

function notPolluted() {
  for (const key of ["polluted", "isAdmin", "injected"]) {
    assert.equal({}[key], undefined, `Object.prototype.${key}`);
    assert.equal([][key], undefined, `Array.prototype.${key}`);
  }
}

function stillWorks() {
  const catalog = lib.parseCatalog(legacy);
  const set = lib.deriveControls(catalog.models[0]);
  usable(set);
  assert.equal(lib.buildRequest(catalog.models[0], { prompt: "a cat" }).ok, true);
  notPolluted();
}

/** Everything one model offers, on hostile values. */
function exercise(model, values) {
  const set = settle("deriveControls", () => lib.deriveControls(model));
  if (!set) return undefined;
  usable(set);
  const images = settle("deriveControls(images)", () => lib.deriveControls(model, { endpoint: "images" }));
  if (images) usable(images);
  const defaults = settle("defaultValues", () => lib.defaultValues(set));
  settle("validateValues", () => lib.validateValues(set, values));
  settle("migrateValues", () => lib.migrateValues(set, set, values));
  settle("quotePrice", () => lib.quotePrice(model, values));
  settle("priceRange", () => lib.priceRange(model));
  settle("buildRequest(defaults)", () => lib.buildRequest(model, defaults));
  settle("buildRequest(images)", () => lib.buildRequest(model, values, { endpoint: "images" }));
  return settle("buildRequest", () => lib.buildRequest(model, values));
}

const catalogOf = (...models) => lib.parseCatalog(JSON.stringify({ object: "list", data: models }));

test("nesting 100 000 levels deep: a typed error, as text and as objects", () => {
  const deepText = "[".repeat(100_000) + "]".repeat(100_000);
  throwsCode("deep text", () => lib.parseCatalog(deepText), "invalid_json");
  throwsCode(
    "deep parameters",
    () => lib.parseCatalog(`{"data":[{"id":"m","supported_parameters":{"x":${deepText}}}]}`),
    "invalid_json",
  );
  let deep = {};
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  settle("deep catalog object", () => lib.parseCatalog({ data: [{ id: "m", supported_parameters: { x: deep } }] }));
  settle("deep model", () => lib.deriveControls({ id: "m", supportedParameters: { x: deep } }));
  const [model] = catalogOf({ id: "m", supported_parameters: { max_images: 4 } }).models;
  settle("deep values", () => lib.buildRequest(model, { prompt: "p", style: deep }));
  stillWorks();
});

test("megabyte strings in every field, quickly", () => {
  const start = Date.now();
  const mb = "x".repeat(1 << 20);
  const catalog = catalogOf(
    {
      id: mb, name: mb, description: mb, icon_url: `/${mb}`,
      supported_parameters: { resolutions: [mb, "1024x1024"], [mb]: ["a", "b"], max_images: 4 },
      pricing: { per_image: { [mb]: 0.04, "1024x1024": 0.02 } },
    },
    { id: "small", supported_parameters: { aspect_ratio: [mb, "16:9"] } },
  );
  assert.equal(catalog.models[0].id.length, mb.length);
  assert.equal(catalog.models[0].iconUrl, undefined);
  for (const model of catalog.models) exercise(model, { prompt: mb, resolution: mb });
  assert.equal(lib.parseResolution(mb).kind, "other");
  for (const w of catalog.warnings) assert.ok(w.message.length < 1000);
  // Text longer than the limit is a `too_long` error, not a body of megabytes.
  const [model] = catalogOf({ id: "m" }).models;
  const result = lib.buildRequest(model, { prompt: "é".repeat(100_001) });
  assert.equal(result.ok, false);
  assert.equal(result.errors[0].code, "too_long");
  assert.ok(Date.now() - start < 20_000, `${Date.now() - start} ms`);
  stillWorks();
});

test("1e308, -0, numbers as strings, max_images of -1 / 0 / 1e9 / '4' / null, fixed_image_count 0", () => {
  const cases = [
    [{ max_images: 1e308, n: { type: "range", min: -0, max: 1e308, default: 1e308 } }, "slider 1..100"],
    [{ max_images: 1e9 }, "slider 1..100"],
    [{ max_images: "4" }, "slider 1..4"],
    [{ max_images: -1 }, ""],
    [{ max_images: 0 }, ""],
    [{ max_images: null }, ""],
    [{ max_images: -0 }, ""],
    [{ max_images: 4, fixed_image_count: 0 }, "slider 1..4"],
    [{ fixed_image_count: "4" }, "fixed 4"],
    [{ fixed_image_count: 1e9 }, "fixed 100"],
  ];
  for (const [params, want] of cases) {
    const [model] = catalogOf({
      id: "m", created: 1e308, supported_parameters: { ...params, seed: { type: "range", min: -1e308, max: 1e308 } },
      pricing: { per_image: { "1024x1024": 1e308, auto: -0, "2k": "0.04" } },
    }).models;
    const set = lib.deriveControls(model);
    usable(set);
    finite(set);
    const n = set.controls.find((c) => c.id === "n");
    const got = !n ? "" : n.kind === "slider" ? `slider ${n.min}..${n.max}` : `${n.kind} ${n.value}`;
    assert.equal(got, want, JSON.stringify(params));
    exercise(model, { prompt: "p", n: "4", seed: "-0" });
    finite(lib.quotePrice(model, { n: 1e308 }));
  }
  stillWorks();
});

test("duplicate keys read as JSON.parse reads them (the last wins)", () => {
  const text = `{"data":[],"data":[{"id":"a","id":"b","supported_parameters":{"resolutions":["1k"],"resolutions":["2k","4k"]}}]}`;
  const catalog = lib.parseCatalog(text);
  const expected = JSON.parse(text).data[0];
  assert.equal(catalog.models[0].id, expected.id);
  const set = lib.deriveControls(catalog.models[0]);
  const resolution = set.controls.find((c) => c.id === "resolution");
  assert.deepEqual(resolution.options.map((o) => o.value), expected.supported_parameters.resolutions);
  stillWorks();
});

test("empty, huge, Unicode, RTL and control-character ids", () => {
  const ids = ["\u202eevil", "a\u0000b", "🖼️ model", "عربي/نموذج", "__proto__", "constructor", "x".repeat(100_000), "tab\tnew\nline"];
  const catalog = catalogOf(
    ...ids.map((id) => ({ id, supported_parameters: { max_images: 2 } })),
    { id: "" }, { id: "   " }, { id: null }, { id: ["x"] }, { id: "a\u0000b" },
  );
  assert.deepEqual(catalog.models.map((m) => m.id), ids);
  assert.ok(catalog.warnings.length >= 5);
  for (const model of catalog.models) {
    const built = exercise(model, { prompt: "p", n: 2 });
    assert.equal(built.ok, true);
    assert.equal(built.body.model, model.id);
  }
  assert.deepEqual(lib.diffCatalogs(catalog, catalog), { added: [], removed: [], changed: [] });
  stillWorks();
});

test("tokens like 0x0, 99999999x99999999, 1:0 and -1:2 stay as written", () => {
  const tokens = ["0x0", "99999999x99999999", "1:0", "-1:2", "0:0", "1e308:1", "NaN:1", "Infinity", ""];
  const [model] = catalogOf({ id: "m", supported_parameters: { resolutions: tokens, aspect_ratio: tokens } }).models;
  const set = lib.deriveControls(model);
  usable(set);
  const options = set.controls.find((c) => c.id === "resolution").options;
  assert.deepEqual(options.map((o) => o.value), tokens);
  for (const o of options) assert.equal(o.resolution.token, o.value);
  for (const t of tokens.slice(0, 8)) {
    const r = lib.parseResolution(t);
    assert.equal(r.kind, "other", t);
    finite(r);
  }
  for (const resolution of ["0x0", "1:0", "", "1024*1024"]) exercise(model, { prompt: "p", resolution });
  stillWorks();
});

test("__proto__ and constructor keys never pollute Object.prototype", () => {
  const text = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},
    "data":[{"id":"p","__proto__":{"isAdmin":true},"constructor":{"prototype":{"injected":1}},
      "capabilities":{"__proto__":{"polluted":1},"image_to_image":true},
      "supported_parameters":{"__proto__":["a","b"],"constructor":{"type":"enum","values":["x","y"]},"max_images":4},
      "pricing":{"__proto__":{"polluted":1},"per_image":{"__proto__":1,"1024x1024":0.1}}}]}`;
  const catalog = lib.parseCatalog(text);
  notPolluted();
  lib.parseCatalog(JSON.parse(text));
  notPolluted();
  const model = catalog.models[0];
  assert.equal(Object.getPrototypeOf(model), Object.prototype);
  const set = lib.deriveControls(model);
  assert.ok(!set.controls.some((c) => c.id === "__proto__"));
  const values = JSON.parse(`{"__proto__":{"polluted":true},"prompt":"p","constructor":"x","n":{"__proto__":{"injected":1}}}`);
  exercise(model, values);
  const built = lib.buildRequest(model, JSON.parse(`{"__proto__":{"polluted":true},"prompt":"p","constructor":"y"}`));
  assert.equal(built.ok, true);
  assert.equal(Object.getPrototypeOf(built.body), Object.prototype);
  assert.ok(!Object.keys(built.body).includes("__proto__"));
  assert.equal(Object.getPrototypeOf(lib.defaultValues(set)), Object.prototype);
  notPolluted();
  stillWorks();
});

test("cyclic objects, BigInt, throwing getters and proxies are invalid_argument", () => {
  const [model] = catalogOf({ id: "m", supported_parameters: { max_images: 4, style: ["a", "b"] } }).models;
  const set = lib.deriveControls(model);
  const cyclic = { prompt: "p" };
  cyclic.self = cyclic;
  const hostile = {
    "a cycle": cyclic,
    "a BigInt": { prompt: "p", n: 4n },
    "a throwing getter": { prompt: "p", get n() { throw new Error("boom"); } },
    "a throwing toJSON": { toJSON() { throw new Error("boom"); } },
    "a throwing proxy": new Proxy({}, { ownKeys() { throw new Error("boom"); }, get() { throw new Error("boom"); } }),
  };
  for (const [what, values] of Object.entries(hostile)) {
    throwsCode(what, () => lib.buildRequest(model, values), "invalid_argument");
    throwsCode(what, () => lib.validateValues(set, values), "invalid_argument");
    throwsCode(what, () => lib.quotePrice(model, values), "invalid_argument");
    throwsCode(what, () => lib.migrateValues(set, set, values), "invalid_argument");
    for (const f of [lib.deriveControls, lib.defaultValues, lib.parseCatalog, lib.priceRange]) settle(what, () => f(values));
  }
  const cyclicCatalog = { data: [{ id: "m" }] };
  cyclicCatalog.data[0].self = cyclicCatalog;
  throwsCode("a cyclic catalog", () => lib.parseCatalog(cyclicCatalog), "invalid_argument");
  throwsCode("a BigInt catalog", () => lib.parseCatalog({ data: [{ id: "m", created: 1n }] }), "invalid_argument");
  throwsCode("a BigInt token", () => lib.parseResolution(5n), "invalid_argument");
  notPolluted();
  stillWorks();
});

test("every wrong type in every argument", () => {
  const catalog = lib.parseCatalog(real);
  const model = catalog.models[0];
  const set = lib.deriveControls(model);
  const odd = [undefined, null, 42, NaN, -0, "text", '{"data":', true, Symbol("s"), () => 1, [], [1, 2],
    new Date(0), new Map([[1, 2]]), new Uint8Array(4), Object.create(null), new Error("e"), Promise.resolve(1)];
  for (const [i, v] of odd.entries()) {
    const what = `odd value #${i}`;
    settle(what, () => lib.parseCatalog(v));
    settle(what, () => lib.parseResolution(v));
    settle(what, () => lib.deriveControls(v));
    settle(what, () => lib.defaultValues(v));
    settle(what, () => lib.validateValues(set, v));
    settle(what, () => lib.validateValues(v, { prompt: "p" }));
    settle(what, () => lib.buildRequest(model, v));
    settle(what, () => lib.buildRequest(v, { prompt: "p" }));
    settle(what, () => lib.migrateValues(set, v, {}));
    settle(what, () => lib.migrateValues(v, set, {}));
    settle(what, () => lib.quotePrice(model, v));
    settle(what, () => lib.quotePrice(v, {}));
    settle(what, () => lib.priceRange(v));
    settle(what, () => lib.diffCatalogs(catalog, v));
    settle(what, () => lib.deriveControls(model, v));
    settle(what, () => lib.parseCatalog(legacy, v));
  }
  stillWorks();
});

test("iconUrl is only ever http(s), resolved against the base URL", () => {
  const icons = {
    "/icons/PrunaAI.svg": "https://nano-gpt.com/icons/PrunaAI.svg",
    "https://cdn.example.com/a.png": "https://cdn.example.com/a.png",
    "javascript:alert(1)": undefined,
    " JaVaScRiPt:alert(1)": undefined,
    "java\tscript:alert(1)": undefined,
    "data:image/svg+xml,<svg onload=alert(1)>": undefined,
    "//evil.example/x.png": undefined,
    "/\\evil.example/x.png": undefined,
    "\\\\evil.example\\x.png": undefined,
    "https:\\\\evil.example\\x.png": undefined,
    "https://nano-gpt.com@evil.example/x.png": undefined,
    "/icons/\"onerror=\"alert(1).svg": undefined,
  };
  const items = Object.keys(icons).map((icon_url, i) => ({ id: `m${i}`, icon_url }));
  const text = JSON.stringify({ data: items });
  for (const [base, origin] of [[undefined, "https://nano-gpt.com"], ["https://proxy.example/nano/", "https://proxy.example"]]) {
    const catalog = lib.parseCatalog(text, base ? { baseUrl: base } : undefined);
    catalog.models.forEach((m, i) => {
      const want = Object.values(icons)[i]?.replace("https://nano-gpt.com", origin);
      assert.equal(m.iconUrl, want, `${items[i].icon_url} (base ${base})`);
    });
  }
  assert.equal(lib.parseCatalog({ data: [{ id: "m", iconUrl: "javascript:alert(1)" }] }).models[0].iconUrl, undefined);
  stillWorks();
});

test("a revoked Proxy as values (an Immer draft after produce) is invalid_argument", () => {
  const catalog = lib.parseCatalog(real);
  const model = catalog.models[0];
  const controls = lib.deriveControls(model);
  const revoked = () => {
    const r = Proxy.revocable({ prompt: "p" }, {});
    r.revoke();
    return r.proxy;
  };
  throwsCode("validateValues", () => lib.validateValues(controls, revoked()), "invalid_argument");
  throwsCode("buildRequest", () => lib.buildRequest(model, revoked()), "invalid_argument");
  throwsCode("quotePrice", () => lib.quotePrice(model, revoked()), "invalid_argument");
  throwsCode("migrateValues", () => lib.migrateValues(controls, controls, revoked()), "invalid_argument");
  throwsCode("an array", () => lib.validateValues(controls, ["p"]), "invalid_argument");
  assert.equal(lib.buildRequest(model, { ...lib.defaultValues(controls), prompt: "p" }).ok, true);
});

test("NaN and ±Infinity values mean no value, as an emptied number input's valueAsNumber (README)", () => {
  const catalog = lib.parseCatalog({ data: [{ id: "m", name: "M", supported_parameters: { max_images: 4 } }] });
  const model = catalog.models[0];
  const controls = lib.deriveControls(model);
  for (const empty of [NaN, Infinity, -Infinity]) {
    const values = { prompt: "p", n: empty };
    assert.deepEqual(lib.validateValues(controls, values), []);
    assert.equal(lib.buildRequest(model, values).body.n, 1);
  }
});
