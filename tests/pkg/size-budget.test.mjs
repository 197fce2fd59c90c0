// The shipped wasm + JS glue must stay within a size ceiling (brotli), see BENCHMARKS.md.
// The design budget is 90 KB; the package does not meet it yet (≈ 121.2 KB with the catalog
// client, JSON Schema bridge and i18n keys; BENCHMARKS.md says where it goes), so this guards
// against regressions at 122 KB (a ratchet, lowered as the package shrinks; raised once, from
// 121 KB in session 19, for big form values held in wasm: +1.9 KB for a keystroke with an
// image 30 ms -> 0.4 ms in Node, 27 -> 0.4 ms in Chromium) while the work to reach 90 KB
// (issue "Benchmarks and budgets") goes on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

// KB = 1000 bytes, as `npm run bench` and BENCHMARKS.md count them.
const BUDGET = 122_000;
const DESIGN_BUDGET = 90_000;
const pkg = new URL("../../pkg/", import.meta.url);
const brotli = (f) =>
  brotliCompressSync(readFileSync(new URL(f, pkg)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

test(`wasm + JS glue ≤ ${BUDGET} bytes brotli`, () => {
  const wasm = brotli("nanogpt_image_controls_bg.wasm");
  const snippets = readdirSync(new URL("snippets/", pkg), { recursive: true })
    .filter((f) => f.endsWith(".js"))
    .reduce((n, f) => n + brotli(`snippets/${f}`), 0);
  const glue = brotli("nanogpt_image_controls.js") + brotli("node.js") + snippets;
  console.log(
    `# size: wasm ${wasm} B + glue ${glue} B = ${wasm + glue} B brotli ` +
      `(ceiling ${BUDGET} B; design budget ${DESIGN_BUDGET} B ${wasm + glue <= DESIGN_BUDGET ? "met" : "NOT met"})`,
  );
  assert.ok(wasm + glue <= BUDGET, `shipped size ${wasm + glue} B exceeds the ${BUDGET} B budget`);
});

test("package.json ships every file it lists and types come first", () => {
  const manifest = JSON.parse(readFileSync(new URL("package.json", pkg), "utf8"));
  for (const f of manifest.files) {
    if (f.endsWith("/")) readdirSync(new URL(f, pkg));
    else readFileSync(new URL(f, pkg));
  }
  assert.equal(Object.keys(manifest.exports["."])[0], "types");
  // Only the Node entry has a side effect (it instantiates the wasm at import): a bundler that
  // took `false` at its word dropped it from Node bundles, whose functions then all threw
  // `not_initialized` (examples/webpack builds one).
  assert.deepEqual(manifest.sideEffects, ["./node.js"]);
});
