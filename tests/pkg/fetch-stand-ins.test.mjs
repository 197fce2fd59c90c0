// A global `fetch` replaced by a stand-in (a test mock, a wrapper) that returns no native
// promise: fetchCatalog must reject with a coded Error, never trap the wasm, throw where no one
// catches it or leave its promise pending. (Own file: node --test runs each file in a process of
// its own, so replacing the global fetch touches no other test.)
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lib from "nanogpt-image-controls";

const catalog = '{"data":[{"id":"m","name":"M","supported_parameters":{"resolutions":["1024x1024"]}}]}';
const stand_ins = {
  "a thenable that resolves at once": () => ({ then: (resolve) => resolve(new Response(catalog)) }),
  "undefined (a bare mock)": () => undefined,
  "a plain object": () => ({ ok: true, status: 200 }),
  // Without a body stream, the body is read through text().
  "a Response with no body stream whose text() returns null": async () => {
    const r = new Response(null);
    Object.defineProperty(r, "text", { value: () => null });
    return r;
  },
  "a Response with no body stream whose text() returns a thenable that resolves at once": async () => {
    const r = new Response(null);
    Object.defineProperty(r, "text", { value: () => ({ then: (resolve) => resolve(catalog) }) });
    return r;
  },
  // Response subclasses whose getters throw: the exception must not unwind through the wasm
  // (it escaped uncaught and left the call pending).
  "a Response whose headers getter throws": async () => new (class extends Response {
    get headers() {
      throw new Error("headers getter boom");
    }
  })(catalog),
  "a Response whose status getter throws": async () => new (class extends Response {
    get status() {
      throw new Error("status getter boom");
    }
  })(catalog),
  "a Response whose status is not a number": async () => new (class extends Response {
    get status() {
      return "200";
    }
  })(catalog),
  "a 500 Response whose statusText getter throws": async () => new (class extends Response {
    get statusText() {
      throw new Error("statusText getter boom");
    }
  })(catalog, { status: 500 }),
  // A mock whose headers are a Map (not a Headers): read through its own get.
  "a Response-like subclass whose headers are a Map": async () => new (class extends Response {
    get headers() {
      return new Map([["content-type", "application/json"]]);
    }
  })(catalog),
  // Read through text(): the body getter is never needed.
  "a Response whose body getter throws": async () => {
    const r = new Response(catalog);
    Object.defineProperty(r, "body", {
      get() {
        throw new Error("body getter boom");
      },
    });
    return r;
  },
};

// For test `t`: the global fetch is put back after it, and the process's `event`s
// (`uncaughtException`, `unhandledRejection`) meanwhile are collected in the array returned.
function standInsFor(t, event) {
  const real = globalThis.fetch;
  const seen = [];
  const on = (e) => seen.push(e);
  process.on(event, on);
  t.after(() => {
    globalThis.fetch = real;
    process.off(event, on);
  });
  return seen;
}

test("fetchCatalog settles with a coded result for fetch stand-ins that return no promise", async (t) => {
  const real = globalThis.fetch;
  const uncaught = standInsFor(t, "uncaughtException");
  for (const [name, stand_in] of Object.entries(stand_ins)) {
    globalThis.fetch = stand_in;
    const outcome = await Promise.race([
      lib.fetchCatalog({ baseUrl: "http://127.0.0.1:9", timeoutMs: 1000 }).then(
        (c) => `models ${c.models.length}`,
        (e) => (e instanceof Error ? `code ${e.code}` : `not an Error: ${e}`),
      ),
      new Promise((resolve) => setTimeout(() => resolve("pending"), 3000)),
    ]);
    const expected =
      name.includes("thenable") || name.includes("body getter") || name.includes("a Map")
        ? "models 1"
        : name.includes("statusText")
          ? "code http"
          : "code network";
    assert.equal(outcome, expected, name);
  }
  assert.deepEqual(uncaught.map(String), []);
  globalThis.fetch = real;
  // The module still works.
  assert.equal(lib.parseCatalog(catalog).models.length, 1);
});

// A caller's signal that aborts while the body read starts (here inside a stand-in's `body`
// getter; in an app, from a microtask between the answer and its body read): the call rejects
// with `aborted` at once, and the body read that fails afterwards is handled, not left as an
// unhandled rejection (which ends a Node process).
test("a body read that fails after the caller's abort is no unhandled rejection", async (t) => {
  const unhandled = standInsFor(t, "unhandledRejection");
  const controller = new AbortController();
  globalThis.fetch = async () => {
    const r = new Response(catalog);
    Object.defineProperty(r, "body", {
      get() {
        controller.abort();
        return new ReadableStream({
          pull: () => new Promise((_, reject) => setTimeout(() => reject(new Error("stream failed late")), 50)),
        });
      },
    });
    return r;
  };
  const e = await lib.fetchCatalog({ baseUrl: "http://127.0.0.1:9", signal: controller.signal }).catch((e) => e);
  assert.equal(e.code, "aborted");
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(unhandled.map(String), []);
});
