// The model picker: a radio list with search and capability filters.
import { deriveControls, priceRange, type Model } from "nanogpt-image-controls";
import { domId, h } from "./dom";
import { perImageRange } from "./format";

export interface Filters {
  query: string;
  textToImage: boolean;
  imageToImage: boolean;
  inpainting: boolean;
  showNsfw: boolean;
}

interface Abilities {
  /** The per-image price range, as shown. */
  price: string;
  textToImage: boolean;
  imageToImage: boolean;
  inpainting: boolean;
  nsfw: boolean;
}

// Computed once per model object (a refreshed catalog brings new objects). Capability flags are
// only hints; what the model's controls accept is the better evidence.
const abilityCache = new WeakMap<Model, Abilities>();
function abilities(model: Model): Abilities {
  let found = abilityCache.get(model);
  if (!found) {
    const kinds = new Set(deriveControls(model).controls.map((c) => c.kind));
    found = {
      price: perImageRange(priceRange(model)),
      textToImage: model.capabilities?.imageGeneration ?? true,
      imageToImage: kinds.has("images"),
      inpainting: kinds.has("mask"),
      nsfw: model.capabilities?.nsfw === true || (model.tags ?? []).includes("nsfw"),
    };
    abilityCache.set(model, found);
  }
  return found;
}

export function matches(model: Model, filters: Filters): boolean {
  const can = abilities(model);
  const query = filters.query.trim().toLowerCase();
  return (
    (!query || model.name.toLowerCase().includes(query) || model.id.toLowerCase().includes(query)) &&
    (!filters.textToImage || can.textToImage) &&
    (!filters.imageToImage || can.imageToImage) &&
    (!filters.inpainting || can.inpainting) &&
    (filters.showNsfw || !can.nsfw)
  );
}

/**
 * One `<li>` with a radio per model; `onPick` runs when the user selects it. The radio's name is
 * the model name; id, description, price and abilities are its description (aria-describedby).
 * `unmatched`: the selected model, listed although the search or filters do not match it.
 */
export function renderModelItem(model: Model, selected: boolean, onPick: (model: Model) => void, unmatched = false): HTMLLIElement {
  const can = abilities(model);
  const inputId = domId("pick", model.id); // not "model-": #model-count and others are the page's own
  const detailsId = `${inputId}_info`;
  const input = h("input", { type: "radio", name: "model", id: inputId, value: model.id, "aria-describedby": detailsId });
  input.checked = selected;
  input.addEventListener("change", () => input.checked && onPick(model));

  const badges = [
    can.textToImage && "text to image",
    can.imageToImage && "image to image",
    can.inpainting && "inpainting",
    can.nsfw && "NSFW",
  ].filter((b): b is string => Boolean(b));

  return h(
    "li",
    { class: unmatched ? "model unmatched" : "model", "data-model-id": model.id },
    input,
    icon(model),
    h(
      "div",
      { class: "model-text" },
      h("label", { for: inputId, class: "model-name" }, model.name),
      h(
        "span",
        { id: detailsId, class: "model-details" },
        h("span", { class: "model-id" }, model.id),
        model.description ? h("span", { class: "model-desc" }, model.description) : null,
        h("span", { class: "model-price" }, can.price),
        h("span", { class: "badges" }, ...badges.map((b) => h("span", { class: "badge" }, b))),
        unmatched ? h("span", { class: "model-unmatched" }, "Selected; does not match the search or filters.") : null,
      ),
    ),
  );
}

/** The model's icon (already limited to http(s) URLs by the library), or its initial. */
function icon(model: Model): HTMLElement {
  const initial = h("span", { class: "icon placeholder", "aria-hidden": "true" }, model.name.trim().charAt(0).toUpperCase() || "?");
  if (!model.iconUrl) return initial;
  const img = h("img", { class: "icon", src: model.iconUrl, alt: "", width: 32, height: 32, loading: "lazy", referrerpolicy: "no-referrer" });
  img.addEventListener("error", () => img.replaceWith(initial), { once: true });
  return img;
}
