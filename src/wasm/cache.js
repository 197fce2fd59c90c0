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

const KINDS = ["select", "radio", "slider", "number", "toggle", "text", "images", "mask", "fixed"];

// Builds a fresh control set from its wire form (src/wasm/wire.rs documents the layout):
// `nums` holds numbers and string lengths, `text` the strings back to back.
function build(entry) {
  const { nums, text } = entry;
  let i = 0;
  let at = 0;
  const str = () => {
    const n = nums[i++];
    return text.substring(at, (at += n));
  };
  const optStr = () => (nums[i] < 0 ? (i++, undefined) : str());
  const optNum = () => {
    const x = nums[i++];
    return x === x ? x : undefined;
  };
  const value = () => {
    const tag = nums[i++];
    if (tag === 3) return nums[i++];
    if (tag === 4) return str();
    if (tag === 5) return JSON.parse(str());
    return tag === 0 ? null : tag === 2;
  };
  const map = () => {
    const m = {};
    for (let n = nums[i++]; n > 0; n--) {
      const k = str();
      m[k] = value();
    }
    return m;
  };
  // Optional fields are left out (not set to undefined), as in JSON.
  const put = (o, k, v) => {
    if (v !== undefined) o[k] = v;
  };
  const putMap = (o, k) => {
    if (nums[i] === 0) i++;
    else o[k] = map();
  };
  const modelId = str();
  const endpoint = nums[i++] === 1 ? "images" : "openai";
  const controls = [];
  for (let n = nums[i++]; n > 0; n--) {
    const kind = KINDS[nums[i++]];
    const c = { kind, id: str(), field: str(), label: str(), labelKey: str() };
    putMap(c, "labelParams");
    put(c, "description", optStr());
    c.required = nums[i++] === 1;
    c.advanced = nums[i++] === 1;
    switch (kind) {
      case "select":
      case "radio": {
        const options = [];
        for (let m = nums[i++]; m > 0; m--) {
          const flags = nums[i++];
          const o = { value: str(), label: str() };
          put(o, "labelKey", optStr());
          putMap(o, "labelParams");
          put(o, "group", optStr());
          put(o, "groupKey", optStr());
          put(o, "price", optNum());
          if (flags & 2) {
            const t = tokens.get(o.value);
            o.resolution = t.resolution;
            // The label made from the token.
            if (flags & 1) {
              o.label = t.resolution.label;
              if (t.labelKey !== undefined) {
                o.labelKey = t.labelKey;
                o.labelParams = t.labelParams;
              }
            }
          }
          options.push(o);
        }
        c.options = options;
        c.default = optStr() ?? null;
        break;
      }
      case "slider":
        c.min = nums[i++];
        c.max = nums[i++];
        c.step = nums[i++];
        c.default = nums[i++];
        break;
      case "number":
        put(c, "min", optNum());
        put(c, "max", optNum());
        put(c, "step", optNum());
        put(c, "default", optNum());
        break;
      case "toggle":
        c.default = nums[i++] === 1;
        break;
      case "text":
        c.multiline = nums[i++] === 1;
        put(c, "maxLength", optNum());
        put(c, "lengthUnit", optStr());
        put(c, "default", optStr());
        break;
      case "images": {
        c.minItems = nums[i++];
        c.maxItems = nums[i++];
        const count = nums[i++];
        if (count >= 0) {
          const formats = [];
          for (let m = count; m > 0; m--) formats.push(str());
          c.formats = formats;
        }
        put(c, "maxBytes", optNum());
        put(c, "minWidth", optNum());
        put(c, "minHeight", optNum());
        put(c, "maxWidth", optNum());
        put(c, "maxHeight", optNum());
        break;
      }
      case "fixed":
        c.value = value();
        break;
    }
    controls.push(c);
  }
  const warnings = [];
  for (let n = nums[i++]; n > 0; n--) {
    const w = {};
    put(w, "modelId", optStr());
    w.path = str();
    w.message = str();
    warnings.push(w);
  }
  const set = { modelId, endpoint, controls, warnings };
  if (entry.key >= 0) controlKeys.set(set, entry.key);
  return set;
}

// Builds a parsed catalog from its wire form (src/wasm/wire.rs documents the layout): `nums`
// (a view of wasm memory, read before anything else runs in wasm) holds numbers and string
// lengths, `text` the strings back to back, and `raw` the JSON array of every model's
// `supportedParameters` and `pricing`, parsed here in one `JSON.parse`. Keys come in the order
// of serde's JSON of `Catalog`; absent optional fields are left out.
export function buildCatalog(nums, text, raw) {
  const json = JSON.parse(raw);
  let i = 0;
  let at = 0;
  const str = () => {
    const n = nums[i++];
    return text.substring(at, (at += n));
  };
  const optStr = () => (nums[i] < 0 ? (i++, undefined) : str());
  const strs = () => {
    const list = [];
    for (let n = nums[i++]; n > 0; n--) list.push(str());
    return list;
  };
  const put = (o, k, v) => {
    if (v !== undefined) o[k] = v;
  };
  const count = nums[i++];
  if (json.length !== 2 * count) throw new Error("catalog wire: parameter texts do not match the models");
  const models = [];
  for (let k = 0; k < count; k++) {
    const flags = nums[i++];
    const m = { id: str(), name: str() };
    put(m, "description", optStr());
    put(m, "ownedBy", optStr());
    if (flags & 1) {
      const created = nums[i++];
      // serde_json writes a non-finite number as null.
      m.created = Number.isFinite(created) ? created : null;
    }
    const caps = {};
    if (flags & 16) caps.imageGeneration = (flags & 32) !== 0;
    if (flags & 64) caps.imageToImage = (flags & 128) !== 0;
    if (flags & 256) caps.inpainting = (flags & 512) !== 0;
    if (flags & 1024) caps.nsfw = (flags & 2048) !== 0;
    m.capabilities = caps;
    m.inputModalities = strs();
    m.outputModalities = strs();
    m.tags = strs();
    put(m, "category", optStr());
    put(m, "iconUrl", optStr());
    if (flags & 2) m.pricing = json[2 * k + 1];
    m.supportedParameters = json[2 * k];
    put(m, "endpoints", optStr());
    if (flags & 4) m.supportsStreaming = (flags & 8) !== 0;
    models.push(m);
  }
  const meta = { source: nums[i++] === 1 ? "images" : "legacy" };
  const metaCount = nums[i++];
  if (metaCount === metaCount) meta.count = metaCount;
  put(meta, "generatedAt", optStr());
  put(meta, "fetchedAt", optStr());
  const warnings = [];
  for (let n = nums[i++]; n > 0; n--) {
    const w = {};
    put(w, "modelId", optStr());
    w.path = str();
    w.message = str();
    warnings.push(w);
  }
  return { models, meta, warnings };
}

// A fresh control set from the cached wire form, or undefined.
export function cachedControls(model, slot) {
  const entries = model !== null && typeof model === "object" ? derived.get(model) : undefined;
  const entry = entries && entries[slot];
  return entry ? build(entry) : undefined;
}

// Adds the tokens JS lacks (`newTokens`, JSON) to the shared table. `reset`: the Rust side
// forgot which tokens it sent (to bound memory); forget them here too, with the wire entries
// that refer to them (they are rebuilt on the next call).
function addTokens(newTokens, reset) {
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
}

// Caches the wire form of a model's control set (`nums` is a view of wasm memory: copied)
// and returns a fresh object built from it.
export function storeControls(model, slot, key, nums, text, newTokens, reset) {
  addTokens(newTokens, reset);
  const entry = { nums: nums.slice(), text, key };
  let entries = derived.get(model);
  if (!entries) {
    entries = [undefined, undefined];
    derived.set(model, entries);
  }
  entries[slot] = entry;
  return build(entry);
}

// A control set for a model outside the registry: built once, not cached, not keyed.
export function buildControls(nums, text, newTokens, reset) {
  addTokens(newTokens, reset);
  return build({ nums, text, key: -1 });
}

const encoder = new TextEncoder();

// The UTF-8 bytes of a string (undefined for anything else). The engine's encoder is much
// faster for a large catalog than wasm-bindgen's character-by-character string copy.
export function utf8(value) {
  return typeof value === "string" ? encoder.encode(value) : undefined;
}
