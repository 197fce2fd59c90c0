// A Node-only TypeScript project (lib "ES2022" and @types/node, no lib "dom") compiled against the
// package's types, which must not need the DOM library (scripts/portable-dts.mjs).
import { readFileSync } from "node:fs";
import init, { parseCatalog, deriveControls, fetchCatalog, CatalogClient, type InitOutput, type Catalog } from "nanogpt-image-controls";

const output: InitOutput = await init();
console.log(output.memory.buffer.byteLength);
const catalog: Catalog = parseCatalog(readFileSync("catalog.json", "utf8"));
const first = catalog.models[0];
if (first) console.log(deriveControls(first).controls.length);
const signal: AbortSignal = AbortSignal.timeout(5_000);
await fetchCatalog({ baseUrl: "http://127.0.0.1:9", signal }).catch((e: unknown) => console.log(e));
// The per-call signal of a client, typed without lib "dom".
const client = new CatalogClient({ baseUrl: "http://127.0.0.1:9" });
await client.get({ signal }).catch((e: unknown) => console.log(e));
await client.refresh({ signal: AbortSignal.abort() }).catch((e: unknown) => console.log(e));
