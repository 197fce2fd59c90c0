// The same round trip in a webpack build for Node (server-side rendering, server functions,
// Electron main processes): no init() call, since in Node the package is ready at import.
// Its Node entry instantiates the wasm when imported, so the bundle must keep that module
// even though nothing is imported from it directly (package.json "sideEffects").
import { readFileSync } from "node:fs";
import { parseCatalog, deriveControls, defaultValues, buildRequest, version } from "nanogpt-image-controls";

const text = readFileSync(new URL("../../catalog.json", import.meta.url), "utf8");
const catalog = parseCatalog(text);
const model = catalog.models[0];
const values = { ...defaultValues(deriveControls(model)), prompt: "a lighthouse at dusk" };
const result = buildRequest(model, values);
console.log(JSON.stringify({ version: version(), models: catalog.models.length, ok: result.ok, body: result.body }));
