// JS-side caches of the wasm boundary (see src/wasm/registry.rs). Loops over many objects run
// here, in JS, instead of crossing the boundary once per object.

// Model object handed out by parseCatalog -> its registry key `k` (a number), `-k - 1` once its
// controls were derived once, and a record `{ key, epoch, entries: [openai, images] }` (the wire
// entries) once they are derived again. A control set is cached on its second derivation: deriving
// every model of a catalog once (a list, a comparison) then builds no cache nothing reads, and a
// model a form shows keeps re-rendering from the cache after one more derivation.
const models = new WeakMap();
const controlKeys = new WeakMap(); // control set handed out by deriveControls -> key
const tokens = new Map(); // token -> { resolution, labelKey?, labelParams? }, frozen and shared
// Bumped when the token table is reset: wire entries of an older epoch refer to forgotten tokens.
let epoch = 0;

export function bindModels(list, base) {
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (m !== null && typeof m === "object") models.set(m, base + i);
  }
}

function recordOf(model) {
  return model !== null && typeof model === "object" ? models.get(model) : undefined;
}

function keyOf(r) {
  return typeof r === "number" ? (r < 0 ? -r - 1 : r) : r.key;
}

export function modelKey(model) {
  const r = recordOf(model);
  return r === undefined ? -1 : keyOf(r);
}

// The functions wasm calls that build objects never throw into wasm (an exception would unwind
// through Rust frames): each returns `null` instead, which the Rust side turns into an Error.
// (A try/catch here costs less than wasm-bindgen's `catch` wrapper on every call.)

// `deriveControls`' first step: a fresh control set built from the cached wire form, else the
// model's registry key (-1 for a model the registry does not know).
export function cachedOrKey(model, slot) {
  try {
    const r = recordOf(model);
    if (r === undefined) return -1;
    if (typeof r === "number") return keyOf(r);
    const entry = r.epoch === epoch ? r.entries[slot] : undefined;
    return entry ? build(entry) : r.key;
  } catch {
    return null;
  }
}

export function controlKey(set) {
  const k = set !== null && typeof set === "object" ? controlKeys.get(set) : undefined;
  return k === undefined ? -1 : k;
}

const KINDS = ["select", "radio", "slider", "number", "toggle", "text", "images", "mask", "fixed"];

// The wire being read (src/wasm/wire.rs documents the layout): `N` holds numbers and string
// lengths, `T` the strings back to back. Module state rather than closures, so a build
// allocates only the objects it returns; the builders never nest.
let N = null;
let T = "";
let I = 0;
let AT = 0;

function begin(nums, text) {
  N = nums;
  T = text;
  I = 0;
  AT = 0;
}

function end() {
  N = null;
  T = "";
}

function str() {
  const n = N[I++];
  return T.substring(AT, (AT += n));
}

function optStr() {
  if (N[I] < 0) {
    I++;
    return undefined;
  }
  return str();
}

function optNum() {
  const x = N[I++];
  return x === x ? x : undefined;
}

function value() {
  const tag = N[I++];
  if (tag === 3) return N[I++];
  if (tag === 4) return str();
  if (tag === 5) return JSON.parse(str());
  return tag === 0 ? null : tag === 2;
}

function map() {
  const m = {};
  for (let n = N[I++]; n > 0; n--) {
    const k = str();
    m[k] = value();
  }
  return m;
}

function strs() {
  const list = [];
  for (let n = N[I++]; n > 0; n--) list.push(str());
  return list;
}

// Optional fields are left out (not set to undefined), as in JSON.
function put(o, k, v) {
  if (v !== undefined) o[k] = v;
}

function putMap(o, k) {
  if (N[I] === 0) I++;
  else o[k] = map();
}

function warningsOf() {
  const warnings = [];
  for (let n = N[I++]; n > 0; n--) {
    const w = {};
    put(w, "modelId", optStr());
    w.path = str();
    w.message = str();
    warnings.push(w);
  }
  return warnings;
}

// Builds a fresh control set from its wire form.
function build(entry) {
  begin(entry.nums, entry.text);
  const modelId = str();
  const endpoint = N[I++] === 1 ? "images" : "openai";
  const controls = [];
  for (let n = N[I++]; n > 0; n--) {
    const kind = KINDS[N[I++]];
    const c = { kind, id: str(), field: str(), label: str(), labelKey: str() };
    putMap(c, "labelParams");
    put(c, "description", optStr());
    c.required = N[I++] === 1;
    c.advanced = N[I++] === 1;
    switch (kind) {
      case "select":
      case "radio": {
        const options = [];
        for (let m = N[I++]; m > 0; m--) {
          const flags = N[I++];
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
                // Absent (not undefined) when the key takes no parameters, as in JSON.
                if (t.labelParams !== undefined) o.labelParams = t.labelParams;
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
        c.min = N[I++];
        c.max = N[I++];
        c.step = N[I++];
        c.default = N[I++];
        if (N[I++] === 1) c.providerDefault = true;
        break;
      case "number":
        put(c, "min", optNum());
        put(c, "max", optNum());
        put(c, "step", optNum());
        put(c, "default", optNum());
        break;
      case "toggle":
        c.default = N[I++] === 1;
        if (N[I++] === 1) c.providerDefault = true;
        break;
      case "text":
        c.multiline = N[I++] === 1;
        put(c, "maxLength", optNum());
        put(c, "lengthUnit", optStr());
        if (N[I++] === 1) c.trimWhitespace = true;
        put(c, "default", optStr());
        break;
      case "images": {
        c.minItems = N[I++];
        c.maxItems = N[I++];
        const count = N[I++];
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
      case "mask":
        put(c, "maxBytes", optNum());
        break;
      case "fixed":
        c.value = value();
        break;
    }
    controls.push(c);
  }
  const warnings = warningsOf();
  end();
  const set = { modelId, endpoint, controls, warnings };
  if (entry.key >= 0) controlKeys.set(set, entry.key);
  return set;
}

// Builds a parsed catalog from its wire form (src/wasm/wire.rs documents the layout): `nums`
// (a view of wasm memory, read before anything else runs in wasm) holds numbers and string
// lengths, `text` the strings back to back. Keys come in the order of serde's JSON of
// `Catalog`; absent optional fields are left out.
export function buildCatalog(nums, text) {
  try {
    return readCatalog(nums, text);
  } catch {
    return null;
  }
}

function readCatalog(nums, text) {
  begin(nums, text);
  const count = N[I++];
  const models = [];
  for (let k = 0; k < count; k++) {
    const flags = N[I++];
    const m = { id: str(), name: str() };
    put(m, "description", optStr());
    put(m, "ownedBy", optStr());
    if (flags & 1) {
      const created = N[I++];
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
    const pricing = flags & 2 ? str() : undefined;
    lazyFields(m, pricing, str());
    put(m, "endpoints", optStr());
    if (flags & 4) m.supportsStreaming = (flags & 8) !== 0;
    models.push(m);
  }
  const meta = { source: N[I++] === 1 ? "images" : "legacy" };
  const metaCount = N[I++];
  if (metaCount === metaCount) meta.count = metaCount;
  put(meta, "generatedAt", optStr());
  put(meta, "fetchedAt", optStr());
  const warnings = warningsOf();
  end();
  return { models, meta, warnings };
}

// `supportedParameters` and `pricing` stay the catalog's JSON text until first read: deriving
// controls, validating and quoting read the Rust copy, so most apps never need these objects.
// The first read parses the text and turns the property into a plain data property of the model
// (also when read through a Proxy or an object inheriting from it); an assignment does the same
// with the assigned value. A sealed model keeps the accessor, which then returns the one parsed
// (or assigned) value; assigning to a frozen model throws a TypeError, as it would for a data
// property in strict code.
//
// The accessors are the same two functions for every model, and the texts sit in a
// non-enumerable symbol-keyed property of the model (`LAZY`: invisible to keys, JSON, spread and
// structuredClone), which is deleted once both fields are plain data. Functions of their own per
// model gave every model a hidden class of its own: 2.5× the time to build the models, and
// megamorphic reads of all their fields. The state is a class instance with private fields:
// walkers that follow every own key (MobX's `observable`, a deep freeze) see an empty object, not
// a way back to the model, and freezing it cannot stop the first read. The accessors find the
// state through property descriptors, not `[[Get]]`, so a Proxy whose get trap wraps what it
// returns (Vue's `reactive` and `readonly`) reaches the model's own state and values.
// (Called with a `this` that is not the model or built on it, they read `undefined`.)
const LAZY = Symbol("nanogpt-image-controls: unread fields");

class LazyFields {
  #o;
  #pt;
  #st;
  #pv;
  #sv;

  constructor(o, pricing, parameters) {
    this.#o = o;
    this.#pt = pricing;
    this.#st = parameters;
  }

  static of(s) {
    return s !== null && typeof s === "object" && #o in s ? s : undefined;
  }

  read(key) {
    const o = this.#o;
    const own = assigned.get(o);
    if (own !== undefined && key in own) return own[key];
    let value;
    if (key === "pricing") {
      if (this.#pt !== undefined) {
        this.#pv = JSON.parse(this.#pt);
        this.#pt = undefined;
      }
      value = this.#pv;
    } else {
      if (this.#st !== undefined) {
        this.#sv = JSON.parse(this.#st);
        this.#st = undefined;
      }
      value = this.#sv;
    }
    if (settle(o, key, value)) {
      // The model holds the value now (a later assignment must free it).
      if (key === "pricing") this.#pv = undefined;
      else this.#sv = undefined;
      done(o);
    }
    return value;
  }
}

function lazyFields(o, pricing, parameters) {
  // Writable and configurable: a Proxy may then return something else for it without breaking
  // the proxy invariants (which a read-only, non-configurable property would).
  Object.defineProperty(o, LAZY, {
    value: new LazyFields(o, pricing, parameters),
    writable: true,
    configurable: true,
  });
  if (pricing !== undefined) Object.defineProperty(o, "pricing", PRICING);
  Object.defineProperty(o, "supportedParameters", PARAMETERS);
}

// One descriptor per field, shared by every model.
function accessor(key) {
  return {
    configurable: true,
    enumerable: true,
    get() {
      return lazyRead(this, key);
    },
    set(v) {
      assign(this, key, v);
    },
  };
}
const PRICING = accessor("pricing");
const PARAMETERS = accessor("supportedParameters");

// `self`: the model, a Proxy of it or an object inheriting from it. The state is found through
// own property descriptors up the prototype chain (they pass through proxies without such traps);
// where a library made it an accessor (MobX's observable copy), through that accessor.
function lazyRead(self, key) {
  for (let x = self; x !== null && typeof x === "object"; x = Reflect.getPrototypeOf(x)) {
    const d = Reflect.getOwnPropertyDescriptor(x, LAZY);
    if (d !== undefined) return LazyFields.of("value" in d ? d.value : x[LAZY])?.read(key);
  }
  return undefined;
}

// Once neither field is an accessor any more, the model drops its state and is a plain object
// (a no-op for an object without a state of its own).
function done(o) {
  for (const key of ["pricing", "supportedParameters"]) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined && !("value" in d)) return;
  }
  delete o[LAZY];
}

// Values assigned to a lazy field of a sealed model, whose accessor cannot become a data property.
const assigned = new WeakMap();

function assign(o, key, value) {
  if (settle(o, key, value)) {
    done(o);
    return;
  }
  if (Object.isFrozen(o)) throw new TypeError(`Cannot assign to read only property '${key}' of object`);
  let own = assigned.get(o);
  if (own === undefined) assigned.set(o, (own = {}));
  own[key] = value;
}

// Makes `key` a plain data property of `o`; false when `o` does not allow it (sealed, frozen).
function settle(o, key, value) {
  try {
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
    return true;
  } catch {
    return false;
  }
}

// Adds the tokens JS lacks (`newTokens`, JSON) to the shared table. `reset`: the Rust side
// forgot which tokens it sent (to bound memory); forget them here too, with the wire entries
// that refer to them (they are rebuilt on the next call).
function addTokens(newTokens, reset) {
  if (reset) {
    tokens.clear();
    epoch++;
  }
  if (newTokens) {
    for (const t of JSON.parse(newTokens)) {
      Object.freeze(t.resolution);
      if (t.labelParams) Object.freeze(t.labelParams);
      tokens.set(t.resolution.token, Object.freeze(t));
    }
  }
}

// Returns a fresh control set built from its wire form, and caches the wire form (`nums` is a
// view of wasm memory: copied) from the model's second derivation on.
export function storeControls(model, slot, key, nums, text, newTokens, reset) {
  try {
    return store(model, slot, key, nums, text, newTokens, reset);
  } catch {
    return null;
  }
}

function store(model, slot, key, nums, text, newTokens, reset) {
  addTokens(newTokens, reset);
  let r = models.get(model);
  if (typeof r === "number" && r >= 0) {
    // The model's first derivation: built straight from the wire (a view of wasm memory, read
    // before wasm runs again), not cached.
    models.set(model, -r - 1);
    return build({ nums, text, key });
  }
  // Copied into a plain array: a new typed array (`nums.slice()`) allocates an off-heap
  // buffer, which costs several times more than the copy itself.
  const n = nums.length;
  const copy = new Array(n);
  for (let i = 0; i < n; i++) copy[i] = nums[i];
  const entry = { nums: copy, text, key };
  if (typeof r !== "object") {
    r = { key: Math.floor(key / 2), epoch, entries: [undefined, undefined] };
    models.set(model, r);
  } else if (r.epoch !== epoch) {
    r.epoch = epoch;
    r.entries = [undefined, undefined];
  }
  r.entries[slot] = entry;
  return build(entry);
}

// A control set for a model outside the registry: built once, not cached, not keyed.
export function buildControls(nums, text, newTokens, reset) {
  try {
    addTokens(newTokens, reset);
    return build({ nums, text, key: -1 });
  } catch {
    return null;
  }
}

const encoder = new TextEncoder();

// The length of a string in UTF-16 code units, -1 for anything else.
export function textLength(value) {
  return typeof value === "string" ? value.length : -1;
}

// The message for what `parseCatalog` got instead of catalog text or a parsed catalog, in the
// usual mix-ups (bytes, a promise, a `Response` or `Blob`); undefined otherwise (a getter that
// throws included: `JSON.stringify` then decides).
export function notCatalog(v) {
  try {
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      return 'the catalog is bytes, not text: decode them (`new TextDecoder().decode(bytes)`, in Node `readFileSync(path, "utf8")`)';
    }
    if (typeof v?.then === "function") return "the catalog is a Promise: `await` it first";
    if (typeof v?.text === "function") {
      return "the catalog is a Response or Blob: pass `await response.text()`";
    }
  } catch {}
}

let read = 0;

// Writes the string from UTF-16 unit `from` on as UTF-8 into `buf` (a view of wasm memory);
// returns the bytes written, and keeps the units read for `lastRead`. `encodeInto` never
// splits a character, and writes lone surrogates as U+FFFD.
export function encodeInto(value, from, buf) {
  const r = encoder.encodeInto(from === 0 ? value : value.substring(from), buf);
  read = r.read;
  return r.written;
}

export function lastRead() {
  return read;
}

// ---- Form values holding big strings (src/wasm/convert.rs `values_of`)

// Input images are data URLs of megabytes. Inside the values' JSON text, each would be escaped
// by `JSON.stringify` and read back by wasm on every call (≈ 10 ms per call for a 3 MB image),
// and a request body holding it would cross back as JSON too. Instead, where a values object
// holds a string of at least BIG characters within three levels, its text refers to every such
// string as "\u0000" + an id (and every shorter string starting with U+0000 gets a second one,
// so that none reads as a reference). Wasm holds the strings of the last two calls, by id (once
// some are held, a call without big strings counts as one that used none): a string it holds
// is not sent again (`encodeInto` of megabytes costs ≈ 2.5 ms per call in Chromium), one it
// does not is sent once, and the rest it drops. `buildRequest`'s body refers to them the same
// way, and `withBigs` puts the caller's own strings back.
const BIG = 8192;
const held = new Map(); // string -> id, as wasm holds them
let previous = new Set(); // the ids the last call used (while some are held)
let nextId = 0;

// (Not into a String object: its keys are its characters, and `JSON.stringify` writes it whole.)
function holdsBig(v, depth) {
  if (typeof v === "string") return v.length >= BIG;
  if (depth > 0 && typeof v === "object" && v !== null && !(v instanceof String)) {
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) if (holdsBig(v[keys[i]], depth - 1)) return true;
  }
  return false;
}

// The values' JSON text; when it refers to strings taken out of it, `[text, references and
// escapes, ids used, ids kept, ...id and string of each one wasm does not hold yet]`, with
// `used` (id -> string).
export function valuesText(values) {
  let big = false;
  try {
    big = holdsBig(values, 3);
  } catch {
    // (a revoked Proxy: `JSON.stringify` below says what is wrong)
  }
  // Without big strings, and with none held, the plain text. A call without any while some are
  // held counts as a call that used none: two of them in a row drop what is held.
  if (!big && held.size === 0) return JSON.stringify(values);
  const used = new Map();
  const out = ["", 0, [], []];
  try {
    out[0] = JSON.stringify(values, (_, v) => {
      if (typeof v !== "string" || (v.length < BIG && v.charCodeAt(0) !== 0)) return v;
      out[1]++;
      if (v.length < BIG) return "\u0000" + v;
      let id = held.get(v);
      if (id === undefined) {
        id = nextId++;
        held.set(v, id);
        out.push(id, v);
      }
      used.set(id, v);
      return "\u0000" + id;
    });
  } catch (e) {
    // Nothing reaches wasm: it holds none of the new ones.
    for (let i = 4; i < out.length; i += 2) held.delete(out[i + 1]);
    throw e;
  }
  // Kept: what this call and the one before used (two forms with images of their own, called
  // in turn, send each image once).
  for (const [s, id] of held) if (!used.has(id) && !previous.has(id)) held.delete(s);
  previous = new Set(used.keys());
  out[2] = [...used.keys()];
  out[3] = [...held.values()];
  out.used = used;
  return out;
}

// Puts the strings of `refs` (from `valuesText`) back where wasm referred to them in
// `result.body`, as wasm read them (lone surrogates as U+FFFD, as `encodeInto` writes them). A
// string wasm wrote starting with two U+0000 stands for itself without the first.
export function withBigs(result, refs) {
  unref(result, "body", refs.used);
  return result;
}

function unref(o, k, used) {
  const v = o[k];
  let n = v;
  if (typeof v === "string") {
    if (v.charCodeAt(0) === 0)
      n = v.charCodeAt(1) === 0 ? v.slice(1) : used.get(+v.slice(1)).replace(/\p{Cs}/gu, "\ufffd");
  } else if (typeof v === "object" && v !== null) {
    for (const key of Object.keys(v)) unref(v, key, used);
  }
  // (`__proto__` is an own key of parsed JSON: assigning it would set the prototype)
  if (n !== v) Object.defineProperty(o, k, { value: n, writable: true, enumerable: true, configurable: true });
}

// ---- I/O helpers of the fetch client (src/wasm/fetch.rs, src/wasm/client.rs)

// A response body as text, reading at most `max` bytes as they arrive, so a body over the limit
// (chunked, or compressed: `Content-Length` says nothing then) is never buffered whole. Over the
// limit the read is cancelled: the result is `false`, or with `cut` the text up to the limit. UTF-8
// with a leading BOM dropped and bad bytes as U+FFFD, as `Response.text()` decodes. A response
// without a readable body stream (a stand-in, a polyfill) falls back to its `text()`, whose
// length (UTF-16 units, no more than its bytes) is then held to the same limit.
export async function readText(response, max, cut) {
  let body = null;
  try {
    body = response.body;
  } catch {} // a stand-in whose `body` getter throws is read through text()
  if (body === null || typeof body !== "object" || typeof body.getReader !== "function") {
    const text = await response.text();
    if (typeof text !== "string" || text.length <= max) return text;
    return cut ? text.slice(0, max) : false;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    if (size + value.byteLength > max) {
      reader.cancel().catch(() => {});
      return cut ? text + decoder.decode(value.subarray(0, max - size)) : false;
    }
    size += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
}

// The fetch options (`FetchOptions`), read in this order and type-checked:
// `[apiKey, baseUrl, iconBaseUrl, authHeader, detailed, endpoint, timeoutMs, signal]`, each
// undefined when absent (undefined, null, or its getter throws); or the message of the first one
// of the wrong type. Options that are not an object (undefined and null aside) are refused, and
// so is a key that differs from one of these only in letter case (`optionTypo`).
const OPTIONS = {
  apiKey: "string",
  baseUrl: "string",
  iconBaseUrl: "string",
  authHeader: "string",
  detailed: "boolean",
  endpoint: "string",
  timeoutMs: "number",
  signal: "",
};

const FETCH_KEYS = Object.keys(OPTIONS).join(" ");

export function readOptions(o) {
  if (o !== undefined && o !== null && typeof o !== "object") return "options must be an object";
  const typo = optionTypo(o, FETCH_KEYS);
  if (typo) return typo;
  const out = [];
  for (const key of Object.keys(OPTIONS)) {
    const v = option(o, key);
    const type = OPTIONS[key];
    if (v !== undefined && (type ? typeof v !== type : !isAbortSignal(v))) {
      return `option \`${key}\` must be ${type ? `a ${type}` : "an AbortSignal"}`;
    }
    out.push(v);
  }
  return out;
}

// The message for an own key of options `o` that differs from one of the `known` keys (separated
// by spaces) only in letter case, or lacks its `Ms`: `baseURL`, the OpenAI SDK's and axios'
// spelling, or fetch wrappers' `timeout` would otherwise be ignored in plain JS. Undefined when
// there is none, or when the known key is given too; other unknown keys are allowed.
export function optionTypo(o, known) {
  if (o === null || typeof o !== "object") return; // (no throw: it would cost µs per call)
  try {
    const keys = Object.keys(o);
    for (const k of keys) {
      for (const w of known.split(" ")) {
        const [a, b] = [k.toLowerCase(), w.toLowerCase()];
        // (Not when `w` is given too: `{ ...axiosConfig, baseUrl }` says what it means.)
        if (k !== w && (a === b || a + "ms" === b) && !keys.includes(w)) return `unknown option \`${k}\`: did you mean \`${w}\`?`;
      }
    }
  } catch {} // a Proxy whose ownKeys throws
}

// The `endpoint` option of `deriveControls` and `buildRequest` (`o`: their options): 0 for
// "openai" or none, 1 for "images", else the message of what is wrong. Read here, so a call
// with options crosses a number rather than the key's name and the value as strings.
export function readEndpoint(o) {
  if (o === undefined || o === null) return 0;
  if (typeof o !== "object") return "options must be an object";
  const typo = optionTypo(o, "endpoint");
  if (typo) return typo;
  const e = option(o, "endpoint");
  if (e === undefined || e === "openai") return 0;
  if (e === "images") return 1;
  return typeof e === "string"
    ? `option \`endpoint\` must be "openai" or "images", not "${e}"`
    : "option `endpoint` must be a string";
}

// `o[key]`; undefined when `o` is no object, the value is null or its getter throws.
function option(o, key) {
  if (o === null || typeof o !== "object") return undefined;
  try {
    const v = o[key];
    return v === null ? undefined : v;
  } catch {}
}

function isAbortSignal(v) {
  try {
    return v instanceof AbortSignal;
  } catch {
    return false;
  }
}

// The options of `CatalogClient`'s `get()` and `refresh()`: the `signal` (undefined for none), or
// the message of what is wrong, as `readOptions` says it, or a key other than `signal` (the only
// option: a misspelt one would leave the call uncancellable), or the signal itself given as the
// options (it has no own keys, so it would read as none).
export function readCallOptions(o) {
  if (isAbortSignal(o)) return "pass `{ signal }`, not the signal itself";
  // Other keys first: `readOptions` would take `timeout` for a misspelt `timeoutMs`.
  if (o !== null && typeof o === "object") {
    try {
      for (const k of Object.keys(o)) {
        if (k !== "signal") return `unknown option \`${k}\`: ${k.toLowerCase() === "signal" ? "did you mean `signal`?" : "the only option is `signal`"}`;
      }
    } catch {} // a Proxy whose ownKeys throws
  }
  const read = readOptions(o);
  return typeof read === "string" ? read : read[7];
}

// `CatalogClient`'s own options, read after the `FetchOptions`: `[maxAgeMs, storage, fallback]`,
// where `storage` is undefined for the memory store, else `localStorage` or the caller's storage
// object, and `fallback` the bundled catalog as given (a string or an object, parsed only when
// needed; undefined for none); or the message of the first bad one. `"local"` falls back to
// memory where `localStorage` is missing or blocked (reading it throws in sandboxed frames, some
// privacy modes).
export function readClientOptions(o) {
  const typo = optionTypo(o, "maxAgeMs storage fallback");
  if (typo) return typo;
  const maxAge = option(o, "maxAgeMs");
  if (maxAge !== undefined && !(typeof maxAge === "number" && maxAge >= 0)) {
    return "option `maxAgeMs` must be a number of milliseconds";
  }
  const fallback = option(o, "fallback");
  if (fallback !== undefined && typeof fallback !== "string" && (typeof fallback !== "object" || notCatalog(fallback))) {
    return "option `fallback` must be a catalog's JSON text or its parsed JSON object";
  }
  const v = option(o, "storage");
  if (v === undefined || v === "memory") return [maxAge, undefined, fallback];
  if (v === "local") {
    let local;
    try {
      local = globalThis.localStorage;
    } catch {}
    return [maxAge, local !== null && typeof local === "object" ? local : undefined, fallback];
  }
  const has = (name) => {
    try {
      return typeof v[name] === "function";
    } catch {
      return false;
    }
  };
  if (v !== null && typeof v === "object" && has("getItem") && has("setItem") && has("removeItem")) {
    return [maxAge, v, fallback];
  }
  return 'option `storage` must be "memory", "local" or an object with getItem, setItem and removeItem';
}

// `globalThis.location.origin` (pages and workers), when there is one.
export function pageOrigin() {
  try {
    const l = globalThis.location;
    if (l !== null && typeof l === "object") return prop(l, "origin");
  } catch {}
}

// A response's `[status, headers]`, or null for a status that is no whole number in 0..=999.
// Their getters may throw (a Response subclass from a stand-in fetch): wasm catches that.
export function head(r) {
  const s = r.status;
  if (typeof s !== "number" || !(s >= 0 && s <= 999) || s % 1 !== 0) return null;
  return [s, r.headers];
}

// `target[method](arg)`, which throws when there is no such method (storages, a response's
// headers: objects of the caller's making).
export function call(target, method, arg) {
  const f = target[method];
  // `typeof`, not `instanceof Function`: a method from another realm (an iframe's storage, the
  // host's `fetch` under Jest) is a function too.
  if (typeof f !== "function") throw 0;
  return f.apply(target, [arg]);
}

// A `CatalogUpdate`: `{ catalog, diff, stale, error? }`, `diff` undefined for a first load (every
// model of the catalog the client has just built is new). `fallback`: the catalog is the one the
// client has just parsed from its `fallback` option, marked in its `meta`.
export function catalogUpdate(catalog, diff, stale, error, fallback) {
  if (fallback) catalog.meta.fallback = true;
  const u = { catalog, diff: diff ?? { added: catalog.models.map((m) => m.id), removed: [], changed: [] }, stale };
  if (error !== undefined) u.error = error;
  return u;
}

// The catalog a 304 confirmed at `ms`: a new object whose `meta.fetchedAt` says so, with the same
// `models` and `warnings` (so models keep their identity and registry keys). The object an app
// already holds is not changed (it may be frozen, or kept as React state). The catalog itself
// when it cannot be copied (an app replaced its `meta` with something that throws).
export function confirmed(catalog, ms) {
  try {
    return { ...catalog, meta: { ...catalog.meta, fetchedAt: new Date(ms).toISOString() } };
  } catch {
    return catalog;
  }
}

// A request's guard: an AbortController, set as `init.signal`, that aborts when `ms` pass (none
// when `ms` is undefined) or the caller's `signal` aborts. `stopped(signal)` when that signal has
// already aborted, `undefined` where there is no AbortController. `release` undoes it.
export function guard(init, ms, caller) {
  if (caller !== undefined && caller.aborted) return stopped(caller);
  let c;
  try {
    c = new AbortController();
  } catch {
    return undefined;
  }
  const abort = () => c.abort();
  const g = { c, caller, abort, timedOut: false, timer: undefined };
  if (ms !== undefined) {
    g.timer = setTimeout(() => {
      g.timedOut = true;
      abort();
    }, ms);
  }
  if (caller !== undefined) {
    try {
      caller.addEventListener("abort", abort);
    } catch {}
  }
  init.signal = c.signal;
  return g;
}

// Undoes a guard; also releases a body left unread (error answers, refused sizes), a no-op after
// a full read.
export function release(g) {
  clearTimeout(g.timer);
  if (g.caller !== undefined) {
    try {
      g.caller.removeEventListener("abort", g.abort);
    } catch {}
  }
  g.c.abort();
}

// A string property of an object; `undefined` for anything else or when reading it throws.
export function prop(v, k) {
  try {
    const x = v !== null && typeof v === "object" ? v[k] : undefined;
    return typeof x === "string" ? x : undefined;
  } catch {}
}

// What a rejected `fetch` (or body read) under guard `g` means: 0 for the timeout, 1 for an
// abort, 2 for the caller's signal timing out, else what the platform said (`TypeError: fetch
// failed (ECONNREFUSED)`).
export function failure(g, e) {
  if (g.timedOut) return 0;
  if (g.caller !== undefined && g.caller.aborted) return stopped(g.caller);
  if (prop(e, "name") === "AbortError") return 1;
  if (typeof e === "string") return e;
  const n = prop(e, "name");
  const m = prop(e, "message");
  let out = n !== undefined && m !== undefined ? `${n}: ${m}` : (n ?? m ?? "");
  let cause;
  try {
    cause = Reflect.get(e, "cause");
  } catch {}
  const c = prop(cause, "code") ?? prop(cause, "message");
  return c === undefined ? out : `${out} (${c})`;
}

// An abort `reason` to hand back as the error's `cause`; undefined when it shows the API `key`
// anywhere a logger or an error tracker could print it (`shows`): no error holds the key, even
// one the caller put in its own reason.
export function causeOf(reason, key) {
  return key && shows(reason, key, new Set()) ? undefined : reason;
}

// Whether `x` shows `key`: as text, as JSON, or in any own property (`message`, `stack`, an
// Error's `cause`, an AggregateError's `errors`, non-enumerable ones too), however deep. True
// for a reason too big to tell (over 100 objects): it is then no cause.
function shows(x, key, seen) {
  for (const show of [String, JSON.stringify]) {
    try {
      if (String(show(x)).includes(key)) return true;
    } catch {} // a getter, toString or toJSON that throws
  }
  if (x === null || (typeof x !== "object" && typeof x !== "function") || seen.has(x)) return false;
  if (seen.add(x).size > 100) return true;
  let names = [];
  try {
    names = Object.getOwnPropertyNames(x);
  } catch {} // a Proxy whose ownKeys throws
  return names.some((n) => {
    try {
      return shows(x[n], key, seen);
    } catch {
      return false;
    }
  });
}

// Why an aborted caller's signal stopped the request: 2 when it timed out (`AbortSignal.timeout`
// aborts with a `TimeoutError`), else 1.
function stopped(signal) {
  return prop(signal.reason, "name") === "TimeoutError" ? 2 : 1;
}

// `value` settled as `await` would settle it, or a rejection with the guard's `signal.reason` as
// soon as it aborts: a `fetch` or body read that ignores its signal (a stand-in, a wrapper, a
// polyfill) cannot keep the timeout or the caller's abort from ending the request.
export function raceAbort(value, g) {
  return untilAbort(value, g.c.signal);
}

// `value` settled as `await` would settle it, or a rejection as soon as `signal` aborts (at once
// when it has): with `signal.reason`, or with error `aborted` (`timedOut` when the signal timed
// out), the reason as its `cause` unless it shows the API `key` (`causeOf`). The listener goes
// once either side settles; a late rejection of `value` is handled (no unhandled rejection),
// also when the signal had aborted already.
// (Also `CatalogClient`'s per-call signal: the call stops waiting, the shared request goes on.)
export function untilAbort(value, signal, aborted, timedOut, key) {
  return new Promise((resolve, reject) => {
    const abort = () => {
      if (!aborted) return reject(signal.reason);
      const e = stopped(signal) === 2 ? timedOut : aborted;
      const cause = causeOf(signal.reason, key);
      if (cause !== undefined) e.cause = cause;
      reject(e);
    };
    const done = () => signal.removeEventListener("abort", abort);
    // (Handled before the abort check: a value that rejects after an abort that came first is
    // no unhandled rejection.)
    Promise.resolve(value).then(
      (v) => {
        done();
        resolve(v);
      },
      (e) => {
        done();
        reject(e);
      },
    );
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort);
  });
}

// What a storage call returned (a value, a promise or any thenable), settled: the value, or
// `undefined` when it rejects or takes longer than `ms` (a storage that never answers must not
// hold up the catalog).
export function settleWithin(value, ms) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([Promise.resolve(value), late]).then(
    (v) => {
      clearTimeout(timer);
      return v;
    },
    () => {
      clearTimeout(timer);
      return undefined;
    },
  );
}

// Storage names are this file's (the entries' contents are src/http/cache.rs'):
// `nanogpt-image-controls:catalog:<catalog URL>`, plus `#key-<hash>` with an API key, the key's
// 32-bit FNV-1a hash (of its bytes: a key is visible ASCII), which cannot give the key back.
// Clients with different keys, whose catalogs may differ, do not share an entry. Beside an
// entry, `<name>#revalidated` holds what its latest `304 Not Modified` changed (fetch time and
// validators, a few hundred bytes), so that a revalidation does not write the body again.
const PREFIX = "nanogpt-image-controls:catalog:";
const KEYED = /#key-[0-9a-f]{8}$/;
const REVALIDATED = "#revalidated";

export function storageName(url, apiKey) {
  if (apiKey === undefined) return PREFIX + url;
  let h = 0x811c9dc5;
  for (let i = 0; i < apiKey.length; i++) h = Math.imul(h ^ apiKey.charCodeAt(i), 0x01000193);
  return `${PREFIX}${url}#key-${(h >>> 0).toString(16).padStart(8, "0")}`;
}

// The texts of entry `name` and of its revalidation record, `[entry, record]`, asked for at once;
// each `undefined` when its `getItem` throws, rejects or does not answer within `ms`.
export function readEntry(storage, name, ms) {
  const read = (n) => {
    try {
      return settleWithin(storage.getItem(n), ms);
    } catch {}
  };
  return Promise.all([read(name), read(name + REVALIDATED)]);
}

// Removes entry `name` and its revalidation record, not waited for. Never throws.
export function removeEntry(storage, name) {
  for (const n of [name, name + REVALIDATED]) {
    try {
      quietly(storage.removeItem(n));
    } catch {}
  }
}

// Writes entry `name` (or, with `revalidation`, its revalidation record: `text` is then that
// record) without waiting for it. When the write fails (`setItem` throws, e.g. a
// QuotaExceededError, or its promise rejects), the same catalog's entries under other API keys
// are removed to make room and the write is tried once more; when that fails too, what was
// written to is removed, best effort: an older entry left in its place would be served on every
// later load. After a write, entries of other keys not refreshed for a week are removed (a
// rotated key's copy). Never throws.
export function storeEntry(storage, name, text, revalidation) {
  const key = revalidation ? name + REVALIDATED : name;
  // Only the newest write to a name may remove it: a late failure of an older write to an
  // asynchronous storage must not delete the entry a newer write has stored since.
  let perStorage = new Map();
  try {
    perStorage = writes.get(storage) ?? perStorage;
    writes.set(storage, perStorage);
  } catch {}
  const n = (perStorage.get(key) ?? 0) + 1;
  perStorage.set(key, n);
  const remove = () => {
    if (perStorage.get(key) !== n) return;
    try {
      quietly(storage.removeItem(key));
    } catch {}
  };
  const write = () => Promise.resolve(storage.setItem(key, text));
  const retry = () => {
    if (perStorage.get(key) !== n || pruneSiblings(storage, name, 0) === 0) return remove();
    try {
      write().catch(remove);
    } catch {
      remove();
    }
  };
  try {
    write().then(() => pruneSiblings(storage, name, SIBLING_MAX_AGE_MS), retry);
  } catch {
    retry();
  }
}

// Lets what a storage call returned settle unobserved: a promise or thenable that rejects
// raises no unhandled rejection; any other value is left alone.
function quietly(value) {
  if (value !== null && typeof value?.then === "function") Promise.resolve(value).catch(() => {});
}

// How long the same catalog's entry under another API key may go unrefreshed before a write
// removes it: a key in use refreshes its entry (so two accounts, or a page before and after a
// login, keep both), a rotated key's copy goes.
const SIBLING_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

// Removes the entries of the same catalog URL stored under other API keys (`<name>#key-<hash>`,
// or no key), with their revalidation records, that were fetched or revalidated more than
// `maxAgeMs` ago (0: all of them), as far as the storage shows: only storages that list their
// names (`length` and `key(i)`) and answer `getItem` at once, as localStorage does. Returns how
// many entries it removed; best effort, never throws.
function pruneSiblings(storage, name, maxAgeMs) {
  let removed = 0;
  try {
    if (typeof storage.key !== "function" || typeof storage.length !== "number") return 0;
    const base = name.replace(KEYED, "");
    const now = Date.now();
    const stale = new Set();
    for (let i = 0; i < storage.length && i < 10000; i++) {
      let other = storage.key(i);
      if (typeof other !== "string") {
        quietly(other);
        continue;
      }
      if (other.endsWith(REVALIDATED)) other = other.slice(0, -REVALIDATED.length);
      if (other === name) continue;
      const sibling = other === base || (other.startsWith(base) && KEYED.test(other) && other.length === base.length + 13);
      if (sibling && (maxAgeMs === 0 || now - Math.max(fetchedAt(storage, other), fetchedAt(storage, other + REVALIDATED)) > maxAgeMs)) {
        stale.add(other);
      }
    }
    for (const other of stale) {
      removeEntry(storage, other);
      removed++;
    }
  } catch {}
  return removed;
}

// The `fetchedAt` (ms) of an entry or revalidation record, read from the start of its text
// without parsing it whole; 0 when there is none, +∞ when it cannot be read (an asynchronous
// storage, another format), so that the entry is kept.
function fetchedAt(storage, name) {
  try {
    const text = storage.getItem(name);
    if (text === null) return 0;
    if (typeof text !== "string") {
      quietly(text);
      return Infinity;
    }
    const m = /"fetchedAt":(\d+(?:\.\d+)?)/.exec(text.slice(0, 4096));
    return m ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}

// The latest write number per storage object and entry name (storeEntry).
const writes = new WeakMap();
