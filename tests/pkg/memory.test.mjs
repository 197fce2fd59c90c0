// Repeated parses of a big catalog must reuse the wasm memory the previous ones freed: the
// registry keeps only the newest 10 000-model catalog, so memory has to level off instead of
// growing by a catalog's worth per refresh (BENCHMARKS.md, session 18: 84.7 MiB after eight
// parses before the catalog's text buffer was reused for its wire form). Memory sizes are
// deterministic for a given build and input; this file runs in a process of its own (node --test),
// so the instance starts fresh.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lib from "nanogpt-image-controls";
import init from "nanogpt-image-controls";
import { generateCatalog } from "../../benches/gen-catalog.mjs";

const MiB = 2 ** 20;
// What the build before the form API change reached (57.1 MiB); the fix levels off at ≈ 45.
const CEILING = 57 * MiB;

test("eight parses of a 10 000-model catalog stay under 57 MiB of wasm memory", async () => {
  const { memory } = await init();
  const text = JSON.stringify(generateCatalog(10_000));
  const seen = [];
  for (let i = 0; i < 8; i++) {
    const { models } = lib.parseCatalog(text);
    for (const model of models) lib.deriveControls(model);
    seen.push((memory.buffer.byteLength / MiB).toFixed(1));
  }
  console.log(`# wasm memory after each parse: ${seen.join(" ")} MiB`);
  assert.ok(memory.buffer.byteLength <= CEILING, `memory grew to ${seen.at(-1)} MiB`);
});
