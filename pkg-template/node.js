// Node entry: instantiate the wasm synchronously at import, so functions are ready right away.
import { readFileSync } from "node:fs";
import { initSync } from "./nanogpt_image_controls.js";

initSync({ module: readFileSync(new URL("./nanogpt_image_controls_bg.wasm", import.meta.url)) });

export * from "./nanogpt_image_controls.js";

/** In Node the module is initialized at import; `init()` is a harmless no-op kept for symmetry with browsers. */
export default async function init() {}
