// JS-side caches of the wasm boundary (see src/wasm/registry.rs). Loops over many objects run
// here, in JS, instead of crossing the boundary once per object.

const modelKeys = new WeakMap(); // model object handed out by parseCatalog -> registry key
const controlKeys = new WeakMap(); // control set handed out by deriveControls -> key
let derived = new WeakMap(); // model object -> [openai, images] wire entries
const tokens = new Map(); // token -> { resolution, labelKey?, labelParams? }, frozen and shared

export function bindModels(models, base) {
  for (let i = 0; i < models.length; i++) {
    const m = models[i];
    if (m !== null && typeof m === "object") modelKeys.set(m, base + i);
  }
}

export function modelKey(model) {
  const k = model !== null && typeof model === "object" ? modelKeys.get(model) : undefined;
  return k === undefined ? -1 : k;
}

export function controlKey(set) {
  const k = set !== null && typeof set === "object" ? controlKeys.get(set) : undefined;
  return k === undefined ? -1 : k;
}

function build(entry) {
  const set = JSON.parse(entry.json);
  const controls = set.controls;
  for (const i of entry.marked) {
    const options = controls[i].options;
    for (let j = 0; j < options.length; j++) {
      const o = options[j];
      const t = tokens.get(o.value);
      o.resolution = t.resolution;
      // An empty label means "the label made from the token".
      if (o.label === "") {
        o.label = t.resolution.label;
        if (t.labelKey !== undefined) {
          o.labelKey = t.labelKey;
          o.labelParams = t.labelParams;
        }
      }
    }
  }
  controlKeys.set(set, entry.key);
  return set;
}

// A fresh control set from the cached wire form, or undefined.
export function cachedControls(model, slot) {
  const entries = model !== null && typeof model === "object" ? derived.get(model) : undefined;
  const entry = entries && entries[slot];
  return entry ? build(entry) : undefined;
}

// Caches the wire form of a model's control set and returns a fresh object built from it.
// `json` has the options' `resolution` (and token-made labels) left out; `marked` lists the
// controls whose options take theirs from the shared table, to which `newTokens` (JSON) adds
// what JS lacks.
// `reset`: the Rust side forgot which tokens it sent (to bound memory); forget them here too,
// with the wire entries that refer to them (they are rebuilt on the next call).
export function storeControls(model, slot, key, json, marked, newTokens, reset) {
  if (reset) {
    tokens.clear();
    derived = new WeakMap();
  }
  if (newTokens) {
    for (const t of JSON.parse(newTokens)) {
      Object.freeze(t.resolution);
      if (t.labelParams) Object.freeze(t.labelParams);
      tokens.set(t.resolution.token, Object.freeze(t));
    }
  }
  const entry = { json, marked: Array.from(marked), key };
  let entries = derived.get(model);
  if (!entries) {
    entries = [undefined, undefined];
    derived.set(model, entries);
  }
  entries[slot] = entry;
  return build(entry);
}

const encoder = new TextEncoder();

// The UTF-8 bytes of a string (undefined for anything else). The engine's encoder is much
// faster for a large catalog than wasm-bindgen's character-by-character string copy.
export function utf8(value) {
  return typeof value === "string" ? encoder.encode(value) : undefined;
}
