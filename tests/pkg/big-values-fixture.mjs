// Shared by the big-values tests (not a test file itself): a model that takes input images and a
// mask, with a catalog string starting with U+0000 that every body states, and the plain JSON path
// to hold the big-strings path's answers to.
import { deriveControls, parseCatalog } from "nanogpt-image-controls";

export const {
  models: [model],
} = parseCatalog({
  data: [
    {
      id: "edit",
      capabilities: { image_to_image: true, inpainting: true },
      supported_parameters: {
        resolutions: ["1k", "2k"],
        // A catalog string starting with U+0000 that the body always states (a core control).
        aspect_ratio: ["\u0000odd", "16:9"],
        max_input_images: 3,
        input_image_constraints: { max_items: 3, route: { max_bytes: 30000, formats: ["png", "jpeg"] } },
        max_prompt_characters: 12000,
        style: { type: "enum", values: ["plain", "\u0000user"] },
      },
      pricing: { per_image: { "1k": 0.02, "2k": 0.04 }, currency: "USD" },
    },
  ],
});
export const controls = deriveControls(model);

/** A data URL of `bytes` bytes, each the character `fill`. */
export const dataUrl = (bytes, fill = "A", mime = "image/png") =>
  `data:${mime};base64,${Buffer.alloc(bytes, fill).toString("base64")}`;

/**
 * The same values, read through the plain JSON path: the first `ownKeys` throws (the library's
 * look for big strings gives up), `JSON.stringify` then reads the values as they are.
 */
export function plainPath(values) {
  let first = true;
  return new Proxy(values, {
    ownKeys(target) {
      if (first) {
        first = false;
        throw new Error("no look");
      }
      return Reflect.ownKeys(target);
    },
  });
}
