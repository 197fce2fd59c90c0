// The browser entry (the wasm-bindgen glue) used before `init()`: every export throws an Error
// with code `not_initialized` instead of a bare TypeError, and works once `init()` has run.
// (Its own process: Node's entry, node.js, initializes the same module at import.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const glue = new URL("../../pkg/nanogpt_image_controls.js", import.meta.url);
const lib = await import(glue.href);

test("every export throws not_initialized before init(), then works", async () => {
  const calls = Object.entries(lib).filter(
    ([name, f]) => typeof f === "function" && !["default", "initSync", "isNanoGptError"].includes(name),
  );
  assert.ok(calls.length >= 15, `exports: ${calls.map(([n]) => n)}`);
  let notInitialized;
  for (const [name, f] of calls) {
    const call = () => (name === "CatalogClient" ? new f() : f());
    assert.throws(call, (e) => e instanceof Error && e.code === "not_initialized" && e.message.includes(name), name);
    try {
      call();
    } catch (e) {
      notInitialized = e;
    }
  }
  // The type guard answers before init() (in the catch of a failed init(), say) instead of throwing.
  assert.equal(lib.isNanoGptError(notInitialized), true);
  for (const other of [new Error("failed to fetch Wasm"), Object.assign(new Error("x"), { name: "NanoGptError" }), { name: "NanoGptError", code: "network" }, null, undefined, "network"]) {
    assert.equal(lib.isNanoGptError(other), false, String(other));
  }
  // A failed init() rejects with the platform's error and can be tried again.
  await assert.rejects(lib.default({ module_or_path: new Uint8Array([0, 1, 2, 3]) }), (e) => e instanceof Error && !lib.isNanoGptError(e));
  // Hostile objects: getters and proxy traps that throw give false, before init() and after.
  const boom = () => {
    throw new Error("boom");
  };
  const hostile = [
    new Proxy({}, { getPrototypeOf: boom }),
    Object.defineProperty(new Error("x"), "name", { get: boom }),
    Object.defineProperty(Object.assign(new Error("x"), { name: "NanoGptError" }), "code", { get: boom }),
  ];
  for (const h of hostile) assert.equal(lib.isNanoGptError(h), false);
  const wasm = readFileSync(fileURLToPath(new URL("../../pkg/nanogpt_image_controls_bg.wasm", import.meta.url)));
  await lib.default({ module_or_path: wasm });
  assert.equal(lib.isNanoGptError(notInitialized), true);
  for (const h of hostile) assert.equal(lib.isNanoGptError(h), false);
  assert.equal(typeof lib.version(), "string");
  assert.equal(lib.parseResolution("1024x1024").width, 1024);
});
