// Review of the big-strings path (src/wasm/cache.js `valuesText`/`withBigs`, convert.rs
// `values_of`): inputs where it once answered differently from the plain JSON path, or much
// more slowly. Each case compares against the plain path as tests/pkg/big-values.test.mjs does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRequest, migrateValues, quotePrice, validateValues } from "nanogpt-image-controls";
import { controls, dataUrl, model, plainPath } from "./big-values-fixture.mjs";

const image = dataUrl(9000);

function outcome(f) {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${e.code}: ${e.message}` };
  }
}

// Every answer for `make()` (fresh values each call) equals the plain path's.
function assertSameAsPlain(make) {
  for (const call of [
    (v) => validateValues(controls, v),
    (v) => quotePrice(model, v),
    (v) => buildRequest(model, v),
    (v) => migrateValues(controls, controls, v),
  ]) {
    assert.deepEqual(outcome(() => call(make())), outcome(() => call(plainPath(make()))));
  }
}

// A String object is written by `JSON.stringify` as its text, after the replacer saw an object:
// one starting with U+0000 read as a reference to a big string (the image moved into the prompt
// and the image list lost it), or made the values "cannot be converted to JSON".
for (const [name, prompt] of Object.entries({
  "a reference look-alike": () => new String("\u00000"),
  "a reference with a sign": () => new String("\u0000+0"),
  "no reference": () => new String("\u0000x"),
  "from a toJSON": () => ({ toJSON: () => new String("\u00000") }),
})) {
  test(`big strings: a String object starting with U+0000 beside an image (${name})`, () => {
    assertSameAsPlain(() => ({ prompt: prompt(), images: [image] }));
  });
}

// `JSON.rawJSON` (Chromium, Node >= 21) is written as its text without the replacer seeing a
// string either.
test("big strings: a raw JSON string starting with U+0000 beside an image", { skip: !JSON.rawJSON }, () => {
  assertSameAsPlain(() => ({ prompt: JSON.rawJSON('"\\u00000"'), images: [image] }));
  assertSameAsPlain(() => ({ prompt: JSON.rawJSON('"\\u0000x"'), images: [image, image] }));
});

// Lone surrogates read as U+FFFD in wasm on both paths; the body handed back the caller's own
// string, lone surrogate included, where the plain path's body holds U+FFFD.
test("big strings: lone surrogates in a string the body hands back", () => {
  assertSameAsPlain(() => ({ prompt: "a\ud800" + "b".repeat(9000), images: [image] }));
  assertSameAsPlain(() => ({ prompt: "\u0000\udc00 and \ud83d\ude00", images: [image] }));
  const { body } = buildRequest(model, { prompt: "x\udfff".repeat(3000), images: [image] });
  assert.equal(body.prompt, "x\ufffd".repeat(3000));
  assert.equal(body.imageDataUrl, image);
});

// The look for big strings listed a String object's keys: one key per character.
test("big strings: a long String object costs about what the plain path costs", () => {
  const long = new String("x".repeat(2_000_000));
  const time = (values) => {
    const t = performance.now();
    validateValues(controls, values);
    return performance.now() - t;
  };
  const median = (f) => [f(), f(), f()].sort((a, b) => a - b)[1];
  time({ other: long }); // warm-up
  const plain = median(() => time(plainPath({ other: long, prompt: "x" })));
  const looked = median(() => time({ other: long, prompt: "x" }));
  assert.ok(looked < 5 * plain + 50, `${looked.toFixed(1)} ms against ${plain.toFixed(1)} ms on the plain path`);
});

// Cases that already held: kept here so that they keep holding.
test("big strings: re-entrant calls from a toJSON and a getter", () => {
  const other = dataUrl(9500, "B");
  let inner;
  const values = {
    prompt: "\u0000outer",
    images: [image],
    toJSON() {
      inner = buildRequest(model, { prompt: "\u0000inner", images: [other] });
      return { prompt: this.prompt, images: this.images };
    },
  };
  const outer = buildRequest(model, values);
  assert.equal(outer.body.prompt, "\u0000outer");
  assert.equal(outer.body.imageDataUrl, image);
  assert.equal(inner.body.prompt, "\u0000inner");
  assert.equal(inner.body.imageDataUrl, other);
  const getter = {
    prompt: "x",
    images: [image],
    get seed() {
      return validateValues(controls, { prompt: "\u00000", images: [other] }).length;
    },
  };
  assertSameAsPlain(() => getter);
});

test("big strings: holes, __proto__ keys, U+0000 in keys and inside strings, the 8192 boundary", () => {
  const holes = [image];
  holes[2] = dataUrl(9000, "C");
  assertSameAsPlain(() => ({ prompt: "x", images: holes }));
  assertSameAsPlain(() => JSON.parse(`{"prompt":"x","__proto__":{"images":["${image}"]},"images":["${image}"]}`));
  assertSameAsPlain(() => ({ "\u0000": "\u00000", prompt: "a\u0000b", images: [image], ["\u0000" + "k".repeat(9000)]: 1 }));
  for (const n of [8191, 8192]) {
    assertSameAsPlain(() => ({ prompt: "p".repeat(n), images: ["data:image/png;base64," + "A".repeat(n)] }));
  }
  assertSameAsPlain(() => ({ prompt: "x", images: [image], deep: { a: { b: { c: { d: "z".repeat(9000) } } } } }));
});

// `Bigs::refer` compares the body's strings with the caller's eight bytes at a time (wasm's
// `memcmp` goes byte by byte): strings of one length that differ in one byte anywhere, in a
// whole eight-byte word or in the tail, stay apart.
test("big strings: images of one length that differ in one byte each come back as given", () => {
  const base = dataUrl(9001); // 12 026 characters: two in the tail after the last whole word
  const at = (i) => base.slice(0, i) + "B" + base.slice(i + 1);
  for (const i of [base.length - 1, base.length - 5, 8000, 40]) {
    const images = [base, at(i)];
    const { body } = buildRequest(model, { prompt: "x", images });
    assert.deepEqual(body.imageDataUrls, images, `a difference at ${i}`);
    assert.deepEqual(buildRequest(model, { prompt: "x", images: [at(i), base] }).body.imageDataUrls, [at(i), base]);
  }
  assert.notEqual(base.length % 8, 0);
});

test("big strings: a control set and a model the library did not hand out (JSON copies)", () => {
  const copies = { controls: JSON.parse(JSON.stringify(controls)), model: JSON.parse(JSON.stringify(model)) };
  const values = () => ({ prompt: "\u0000p", aspect_ratio: "\u0000odd", images: [image, dataUrl(9000, "D")] });
  assert.deepEqual(validateValues(copies.controls, values()), validateValues(copies.controls, plainPath(values())));
  assert.deepEqual(quotePrice(copies.model, values()), quotePrice(copies.model, plainPath(values())));
  const built = buildRequest(copies.model, values());
  assert.deepEqual(built, buildRequest(copies.model, plainPath(values())));
  assert.deepEqual(built, buildRequest(model, values()));
  assert.equal(built.body.aspect_ratio, "\u0000odd");
  assert.deepEqual(migrateValues(copies.controls, controls, values()), migrateValues(controls, copies.controls, plainPath(values())));
});
