// Node entry: instantiate the wasm synchronously at import, so functions are ready right away.
import { readFileSync } from "node:fs";
import { initSync } from "./nanogpt_image_controls.js";

const output = initSync({ module: readFileSync(new URL("./nanogpt_image_controls_bg.wasm", import.meta.url)) });

export * from "./nanogpt_image_controls.js";

/**
 * In Node the module is initialized at import; `init()` changes nothing and, as in browsers,
 * resolves to the wasm instance's raw exports (`InitOutput`, not this API).
 */
export default async function init() {
  return output;
}
