// A parsed model's `supportedParameters` and `pricing` stay JSON text until first read
// (src/wasm/cache.js `lazyJson`). Reading, copying, serializing, assigning, sealing, freezing
// and cloning a model must give what plain data properties give. (Known differences, in the
// README: until the first read, property descriptors and console views show an accessor.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lib from "nanogpt-image-controls";

const text = readFileSync(new URL("../fixtures/real/image-models-nsfw-paid-subset.json", import.meta.url), "utf8");
const source = JSON.parse(text).image;

function fresh() {
  return lib.parseCatalog(text).models;
}

test("the fields read as the catalog gave them, and become plain data properties", () => {
  const models = fresh();
  assert.equal(models.length, source.length);
  models.forEach((m, i) => {
    assert.deepEqual(m.supportedParameters, source[i].supported_parameters ?? {});
    assert.deepEqual(m.pricing, source[i].pricing);
    for (const key of ["supportedParameters", "pricing"]) {
      if (!(key in m)) continue;
      const d = Object.getOwnPropertyDescriptor(m, key);
      assert.ok("value" in d && d.writable && d.enumerable && d.configurable, `${key} after a read`);
    }
    // One object per model: a second read gives the same object.
    assert.equal(m.supportedParameters, m.supportedParameters);
  });
});

test("key order, JSON, spread and structuredClone see the parsed values", () => {
  const [m] = fresh();
  const keys = Object.keys(m);
  assert.ok(keys.indexOf("pricing") < keys.indexOf("supportedParameters"));
  assert.ok(keys.indexOf("iconUrl") < keys.indexOf("pricing") || !keys.includes("iconUrl"));
  const viaJson = JSON.parse(JSON.stringify(m));
  assert.deepEqual(viaJson.supportedParameters, source[0].supported_parameters);
  const [n] = fresh();
  assert.deepEqual({ ...n }.pricing, source[0].pricing);
  const [o] = fresh();
  assert.deepEqual(structuredClone(o).supportedParameters, source[0].supported_parameters);
});

test("assigning before the first read replaces the value", () => {
  const [m] = fresh();
  m.supportedParameters = { mine: true };
  m.pricing = undefined;
  assert.deepEqual(m.supportedParameters, { mine: true });
  assert.equal(m.pricing, undefined);
  assert.ok(Object.getOwnPropertyDescriptor(m, "pricing").writable);
});

test("a frozen model still reads, always the same object", () => {
  const [m] = fresh();
  Object.freeze(m);
  const first = m.supportedParameters;
  assert.deepEqual(first, source[0].supported_parameters);
  assert.equal(m.supportedParameters, first);
});

test("a sealed model takes assignments; a frozen one refuses them", () => {
  const [m] = fresh();
  Object.seal(m);
  m.pricing = { mine: 1 };
  assert.deepEqual(m.pricing, { mine: 1 });
  assert.deepEqual(m.supportedParameters, source[0].supported_parameters);
  m.supportedParameters = { mine: 2 };
  assert.deepEqual(m.supportedParameters, { mine: 2 });
  const [f] = fresh();
  Object.freeze(f);
  assert.throws(() => {
    f.pricing = { mine: 1 };
  }, TypeError);
  assert.deepEqual(f.pricing, source[0].pricing);
});

test("a model read through a Proxy or as a prototype reads the same values, and a read is no write", () => {
  const [m] = fresh();
  const defined = [];
  const p = new Proxy(m, {
    defineProperty(target, key, d) {
      defined.push(key);
      return Reflect.defineProperty(target, key, d);
    },
  });
  assert.deepEqual(p.pricing, source[0].pricing);
  assert.deepEqual(defined, [], "reading through a Proxy calls no defineProperty trap");
  assert.ok("value" in Object.getOwnPropertyDescriptor(m, "pricing"));
  const [n] = fresh();
  const child = Object.create(n);
  assert.deepEqual(child.supportedParameters, source[0].supported_parameters);
  assert.ok(!Object.hasOwn(child, "supportedParameters"), "the read settles on the model itself");
  assert.deepEqual(n.supportedParameters, source[0].supported_parameters);
  child.pricing = { mine: 3 };
  assert.deepEqual(child.pricing, { mine: 3 });
  assert.deepEqual(n.pricing, source[0].pricing, "assigning to an inheriting object leaves the model alone");
});

test("proxies that wrap what they return and deep copies that follow symbol keys read the same values", () => {
  // Like Vue's `reactive`: every object read through the proxy comes back wrapped.
  const wrapped = new WeakMap();
  const wrap = (t) => {
    if (t === null || typeof t !== "object") return t;
    if (!wrapped.has(t)) wrapped.set(t, new Proxy(t, { get: (o, k, r) => wrap(Reflect.get(o, k, r)) }));
    return wrapped.get(t);
  };
  const [m] = fresh();
  const r = wrap(m);
  assert.deepEqual(JSON.parse(JSON.stringify(r.supportedParameters)), source[0].supported_parameters);
  assert.deepEqual(JSON.parse(JSON.stringify(r.pricing)), source[0].pricing);
  // Like MobX's `observable`: copies every own key (symbols included) into accessors of the copy
  // and converts plain objects deeply; it must not walk from the model's state back into the
  // model forever.
  const deep = (v, depth = 0) => {
    assert.ok(depth < 50, "the copy does not recurse without end");
    const plain = v !== null && typeof v === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(v));
    if (!plain && !Array.isArray(v)) return v;
    const out = Array.isArray(v) ? [] : {};
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (d.get) Object.defineProperty(out, k, { get: () => d.get.call(out), enumerable: d.enumerable, configurable: true });
      else if (Array.isArray(out)) {
        if (k !== "length") out[k] = deep(d.value, depth + 1);
      } else {
        let value = deep(d.value, depth + 1);
        Object.defineProperty(out, k, { get: () => value, set: (v) => (value = v), enumerable: d.enumerable, configurable: true });
      }
    }
    return out;
  };
  const [n] = fresh();
  const copy = deep(n);
  assert.deepEqual(copy.supportedParameters, source[0].supported_parameters);
  assert.deepEqual(copy.pricing, source[0].pricing);
  assert.deepEqual(Object.keys(copy), Object.keys(n));
});

test("a proxy that wraps what it returns and refuses writes (like Vue's readonly) reads the catalog's values", () => {
  const wrapped = new WeakMap();
  const readonly = (t) => {
    if (t === null || typeof t !== "object") return t;
    if (!wrapped.has(t)) {
      wrapped.set(t, new Proxy(t, {
        get: (o, k, r) => readonly(Reflect.get(o, k, r)),
        set: () => true, // refused quietly, as Vue does outside development builds
        deleteProperty: () => true,
      }));
    }
    return wrapped.get(t);
  };
  const [m] = fresh();
  const r = readonly(m);
  assert.deepEqual(JSON.parse(JSON.stringify(r.pricing)), source[0].pricing);
  assert.deepEqual(JSON.parse(JSON.stringify(r.supportedParameters)), source[0].supported_parameters);
  // The model itself holds the plain values afterwards, not wrappers.
  assert.deepEqual(m.pricing, source[0].pricing);
  assert.doesNotThrow(() => structuredClone(m));
});

test("a deep freeze that follows every own key ends, and the model still reads", () => {
  // MDN's deepFreeze: no cycle check, symbol keys included.
  const deepFreeze = (object) => {
    for (const name of Reflect.ownKeys(object)) {
      const value = object[name];
      if ((value && typeof value === "object") || typeof value === "function") deepFreeze(value);
    }
    return Object.freeze(object);
  };
  const catalog = lib.parseCatalog(text);
  const [m] = catalog.models;
  assert.doesNotThrow(() => deepFreeze(catalog));
  assert.deepEqual(m.supportedParameters, source[0].supported_parameters);
});

test("a model whose two fields were read (or assigned) is a plain object", () => {
  const [m, n] = fresh();
  void m.pricing;
  void m.supportedParameters;
  assert.deepEqual(Object.getOwnPropertySymbols(m), []);
  n.pricing = 1;
  n.supportedParameters = 2;
  assert.deepEqual(Object.getOwnPropertySymbols(n), []);
  assert.deepEqual({ ...n }, { ...structuredClone(n) });
});

test("every model of a catalog shares the same accessors", () => {
  const models = fresh();
  const getters = new Set(models.map((m) => Object.getOwnPropertyDescriptor(m, "supportedParameters").get));
  assert.equal(getters.size, 1, "one getter for all models (a function of its own per model gives each model a hidden class of its own)");
});

test("derived controls do not need the fields read", () => {
  const models = fresh();
  for (const m of models) {
    lib.deriveControls(m);
    const d = Object.getOwnPropertyDescriptor(m, "supportedParameters");
    assert.equal(typeof d.get, "function", "still text after deriveControls");
  }
  // And a copy made by reading every field takes the slow path to the same controls.
  for (const m of models) {
    assert.deepEqual(lib.deriveControls(structuredClone(m)), lib.deriveControls(m));
  }
});
