// Review of wasm holding the big strings of form values across calls (src/wasm/cache.js
// `valuesText`, convert.rs `HELD` and `values_of`): JS keeps what it believes wasm holds and sends
// only the rest. Sequences of calls where the two views could go out of step: each must answer
// as the plain JSON path does, and an image used twice in a row must not cross twice (else every
// later keystroke pays for it). What crosses is counted through `TextEncoder.encodeInto`,
// wrapped before the package loads.
import { test } from "node:test";
import assert from "node:assert/strict";

let units = 0;
let calls = 0;
const encodeInto = TextEncoder.prototype.encodeInto;
TextEncoder.prototype.encodeInto = function (text, buf) {
  const r = encodeInto.call(this, text, buf);
  units += r.read;
  calls++;
  return r;
};
const { buildRequest, migrateValues, quotePrice, validateValues } = await import("nanogpt-image-controls");
const { controls, dataUrl, model, plainPath } = await import("./big-values-fixture.mjs");

const BIG = 8192;

function outcome(f) {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${e.name} ${e.code}: ${e.message}` };
  }
}

const CALLS = {
  validateValues: (v) => validateValues(controls, v),
  quotePrice: (v) => quotePrice(model, v),
  buildRequest: (v) => buildRequest(model, v),
  migrateValues: (v) => migrateValues(controls, controls, v),
};

// `f()` and what crossed into wasm meanwhile.
function crossing(f) {
  units = 0;
  calls = 0;
  const value = f();
  return { value, units, calls };
}

// After whatever came before: `image` crosses at most once more, then is held (a keystroke
// does not send it again), and the body holds it.
function assertHeldAgain(image, what = "") {
  const values = { prompt: "x", images: [image] };
  assert.deepEqual(buildRequest(model, values).body.imageDataUrl, image);
  const again = crossing(() => buildRequest(model, values));
  assert.equal(again.value.body.imageDataUrl, image);
  assert.ok(again.units < BIG, `${what}: the image crossed again (${again.units} UTF-16 units)`);
  const validate = crossing(() => validateValues(controls, values));
  assert.ok(validate.units < BIG, `${what}: the image crossed again for validateValues (${validate.units} units)`);
}

// Values the reader refused after their strings had been taken (nested deeper than the reader
// allows): JS counted the new image as held, wasm had not taken it, and every later call with
// that image referred to a string wasm did not have and fell back to the plain path.
for (const [name, call] of Object.entries(CALLS)) {
  test(`held: values refused after their strings were taken (too deep, ${name}) leave the image sendable`, () => {
    const image = dataUrl(20000, "D");
    let deep = 1;
    for (let i = 0; i < 130; i++) deep = [deep];
    assert.throws(() => call({ prompt: "x", images: [image], deep }), /nested more than 127 levels/);
    assertHeldAgain(image, name);
    // Also when the image was held already and a new one came with the refused values.
    const other = dataUrl(20000, "E");
    assert.throws(() => call({ prompt: "x", images: [image, other], deep }), /nested more than 127 levels/);
    assertHeldAgain(other, `${name}, a second image`);
    assertHeldAgain(image, `${name}, the first image`);
  });
}

// A model the library did not hand out is read through JSON after the values: a call from its
// `toJSON` replaced what wasm holds, and the body referred to a string of that inner call, which
// the outer call did not know (a TypeError out of `withBigs`).
test("held: buildRequest with a model whose toJSON calls the library", () => {
  const copy = JSON.parse(JSON.stringify(model));
  const image = dataUrl(9000, "F");
  const cases = {
    // The inner call holds the catalog's aspect ratio, which the outer body states.
    "a catalog string starting with U+0000": [{ prompt: "x", images: [image] }, { aspect_ratio: "\u0000odd", images: [image] }],
    // The same text in wasm, two different strings in JS (a lone surrogate reads as U+FFFD).
    "a lone surrogate and U+FFFD": [
      { prompt: "p".repeat(9000) + "\ud800", images: [image] },
      { prompt: "p".repeat(9000) + "\ufffd" },
    ],
    "the same image": [{ prompt: "x", images: [image] }, { prompt: "y", images: [image] }],
  };
  for (const [name, [outer, inner]] of Object.entries(cases)) {
    const reentrant = {
      ...copy,
      toJSON() {
        validateValues(controls, inner);
        return copy;
      },
    };
    const result = outcome(() => buildRequest(reentrant, outer));
    assert.deepEqual(result, outcome(() => buildRequest(copy, plainPath(outer))), name);
    assert.ok(result.value?.ok, name);
  }
  assertHeldAgain(image);
});

// Strings starting with U+0000 are many in some values (a list of user strings): each one went
// into the strings wasm holds, crossed through its own `encodeInto`, and each reference looked
// through all of them, as did each held string for the ids a call used (32 000 such strings:
// ≈ 0.5 s per call against 5 ms on the plain path).
test("held: many short strings starting with U+0000 beside an image cross with the text", () => {
  const image = dataUrl(9000, "G");
  const time = (f) => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  const median = (f) => [f(), f(), f()].sort((a, b) => a - b)[1];
  for (const [name, call] of Object.entries(CALLS)) {
    const list = Array.from({ length: 32000 }, (_, i) => `\u0000${name}${i}`);
    const values = { prompt: "x", images: [image], list };
    const { calls: n } = crossing(() => call(values));
    assert.ok(n < 50, `${name}: ${n} encodeInto calls`);
    assert.deepEqual(outcome(() => call(values)), outcome(() => call(plainPath(values))), name);
    const plain = median(() => time(() => call(plainPath(values))));
    const held = median(() => time(() => call(values)));
    assert.ok(held < 5 * plain + 20, `${name}: ${held.toFixed(1)} ms against ${plain.toFixed(1)} ms on the plain path`);
  }
});

// Strings starting with U+0000 of every length around the limit, and escape look-alikes.
test("held: strings starting with U+0000 of every length, and look-alikes", () => {
  const image = dataUrl(9000, "H");
  const strings = ["\u0000", "\u0000\u0000", "\u0000\u0000\u0000x", "\u00000", "\u00001"];
  for (const n of [BIG - 2, BIG - 1, BIG, BIG + 1]) strings.push("\u0000".repeat(n), "\u0000" + "y".repeat(n - 1));
  for (const [name, call] of Object.entries(CALLS)) {
    for (const s of strings) {
      for (const values of [
        { prompt: s, images: [image] },
        { prompt: "x", images: [image], other: [s, s], [s]: s },
        { prompt: new String("\u0000\u0000" + s), images: [image], other: s },
        { prompt: new String(s), images: [image] },
      ]) {
        assert.deepEqual(outcome(() => call(values)), outcome(() => call(plainPath(values))), `${name} ${JSON.stringify(s).slice(0, 40)}`);
      }
    }
  }
  assertHeldAgain(image);
});

// Calls that fail at every point, or step aside to the plain path: afterwards an image is held
// again after crossing once.
test("held: the fast path comes back after calls that fail or fall back", () => {
  const image = dataUrl(20000, "I");
  const other = dataUrl(20000, "J");
  const steps = {
    "a stringify that throws after the image": () => validateValues(controls, { images: [image, other], n: 1n }),
    "a stringify that throws before the image": () => validateValues(controls, { n: 1n, images: [other] }),
    "a toJSON that returns nothing": () => validateValues(controls, { images: [other], toJSON: () => undefined }),
    "a bad model after the values were read": () => buildRequest({ id: 5 }, { prompt: "x", images: [other] }),
    "a model that cannot be read": () => quotePrice(null, { prompt: "x", images: [image, other] }),
    "a control set copy": () => validateValues(JSON.parse(JSON.stringify(controls)), { prompt: "x", images: [other] }),
    "a bad control set": () => migrateValues(controls, {}, { prompt: "x", images: [other] }),
    "a String object image": () => buildRequest(model, { prompt: "x", images: [new String(image), other] }),
    "a reference look-alike": () => buildRequest(model, { prompt: new String("\u00000"), images: [image, other] }),
    "values that are not an object": () => validateValues(controls, { toJSON: () => image }),
    "a toJSON that calls the library and drops the image": () =>
      validateValues(controls, {
        images: [image],
        n: { toJSON: () => (validateValues(controls, { images: [other] }), 1) },
        again: image,
      }),
    "a toJSON that calls the library, adds the image and throws": () =>
      validateValues(controls, {
        images: [other],
        n: {
          toJSON: () => {
            validateValues(controls, { images: [image, other] });
            throw new Error("late");
          },
        },
      }),
    "a getter that calls the library with the same image": () =>
      buildRequest(model, {
        images: [image],
        get prompt() {
          return validateValues(controls, { prompt: "y", images: [image] }).length ? "a" : "b";
        },
      }),
  };
  for (const [name, step] of Object.entries(steps)) {
    for (const first of [image, other]) {
      assertHeldAgain(first, `before ${name}`);
      outcome(step);
      assertHeldAgain(image, `${name}, then the image`);
      assertHeldAgain(other, `${name}, then the other`);
    }
  }
});

// Wasm holds the strings of the last two calls that had any: two forms with images of their own
// that re-render in turn (two panels of a comparison) send each image once.
test(
  "held: two forms with their own images, called in turn",
  () => {
    const a = { prompt: "x", images: [dataUrl(20000, "K")] };
    const b = { prompt: "x", images: [dataUrl(20000, "L")] };
    validateValues(controls, a);
    validateValues(controls, b);
    for (let i = 0; i < 3; i++) {
      for (const values of [a, b]) {
        const { units: n } = crossing(() => validateValues(controls, values));
        assert.ok(n < BIG, `the image crossed again (${n} units)`);
      }
    }
  },
);

// A removed image is dropped after two calls without it (a call without any big strings counts),
// not held until the next image; one call without it keeps it (a form rendered in turn with
// another that has none).
test("held: an image is dropped after two calls without it", () => {
  const image = dataUrl(20000, "M");
  const values = { prompt: "x", images: [image] };
  const without = { prompt: "x" };
  validateValues(controls, values);
  validateValues(controls, without);
  assert.ok(crossing(() => validateValues(controls, values)).units < BIG, "kept over one call without it");
  validateValues(controls, without);
  validateValues(controls, without);
  assert.ok(crossing(() => validateValues(controls, values)).units >= BIG, "dropped after two calls without it");
  // Answers are the plain path's throughout, strings starting with U+0000 included.
  for (const v of [values, without, { prompt: "\u0000x", style: "\u0000\u0000" }, without, values]) {
    assert.deepEqual(buildRequest(model, v), buildRequest(model, plainPath(v)));
  }
});
