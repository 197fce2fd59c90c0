// The benchmark suite, shared by the Node runner (bench.mjs) and the browser page (browser.html).
// Plain ES module: no Node or DOM imports; everything environment-specific is passed in.
//
// Every benchmark is measured as repeated, interleaved samples in one process: each round runs
// every benchmark once (in a rotating order), so a slow phase of the machine (another engineer
// compiling) hits all of them alike. Medians and p90 of the samples are reported. A benchmark
// that throws is reported with its error and skipped from then on; the others go on.

export const SIZES = [240, 10000];

/** Picks a "typical" model: a resolution list of 5–10, image input, several images, per-image prices. */
export function typicalIndex(rawCatalog) {
  const data = rawCatalog.data;
  const ok = (m, strict) => {
    const sp = m.supported_parameters ?? {};
    const res = Array.isArray(sp.resolutions) ? sp.resolutions.length : 0;
    return (
      res >= 5 && res <= 10 &&
      typeof sp.max_images === "number" && sp.max_images >= 2 &&
      sp.fixed_image_count === undefined &&
      (!strict || (typeof sp.max_input_images === "number" && sp.input_image_constraints)) &&
      m.pricing && typeof m.pricing.per_image === "object" && !Array.isArray(m.pricing)
    );
  };
  let i = data.findIndex((m) => ok(m, true));
  if (i < 0) i = data.findIndex((m) => ok(m, false));
  return Math.max(0, i);
}

export const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (xs.length === 0) return null;
  const s = xs.slice().sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function describeError(e) {
  if (e && typeof e === "object") {
    const code = e.code ? `[${e.code}] ` : "";
    const cause = e.cause ? ` (cause: ${e.cause.code ?? ""} ${e.cause.message ?? e.cause})` : "";
    return `${code}${e.name && e.name !== "Error" ? e.name + ": " : ""}${e.message ?? String(e)}${cause}`.slice(0, 300);
  }
  return `thrown non-Error: ${String(e)}`.slice(0, 300);
}

/**
 * @param {object} env
 *   lib            the package module (functions ready)
 *   now()          a high-resolution clock in ms
 *   catalogs       { [n]: text }
 *   fetchBase(n)   the baseUrl of a local server that serves catalog n at /api/v1/image-models
 *   rounds         { [n]: number of measured rounds }   (after `warmup` unmeasured ones)
 *   log(msg)       progress
 */
export async function runSuite(env) {
  const { lib, now, catalogs, fetchBase, log = () => {} } = env;
  const warmup = env.warmup ?? 2;
  const results = { benches: {}, notes: [] };
  const hasFetchCatalog = typeof lib.fetchCatalog === "function";
  results.fetchMode = hasFetchCatalog ? "fetchCatalog({baseUrl})" : "fetch + text + parseCatalog (no fetchCatalog export yet)";

  for (const n of SIZES) {
    const text = catalogs[n];
    if (typeof text !== "string") continue;
    const raw = JSON.parse(text);
    const ti = typicalIndex(raw);

    // The objects the per-call benchmarks work on; null when the core cannot give them yet.
    // Taken from a parse made just before the per-call group runs: the registry keeps only the
    // last few parsed catalogs, and the catalog-level group parses many times.
    let catalog = null, model = null, controls = null, values = null, suspect = null, image = null;
    const setupErrors = {};
    const setup = () => {
      for (const k of Object.keys(setupErrors)) delete setupErrors[k];
      catalog = model = controls = values = null;
      try { catalog = lib.parseCatalog(text); } catch (e) { setupErrors.parse = describeError(e); }
      if (catalog && (catalog.models?.length ?? 0) !== raw.data.length) {
        // A stub or a broken parser: its timings say nothing about the real work.
        suspect = `parseCatalog returned ${catalog.models?.length ?? "no"} models of ${raw.data.length}`;
      }
      if (catalog) {
        model = catalog.models?.find((m) => m.id === raw.data[ti].id) ?? catalog.models?.[0] ?? null;
        if (!model) setupErrors.model = `parseCatalog returned no model with id ${raw.data[ti].id}`;
      }
      if (model) {
        try { controls = lib.deriveControls(model); } catch (e) { setupErrors.derive = describeError(e); }
      }
      if (controls) {
        image = imageFor(controls);
        try { values = lib.defaultValues(controls); } catch (e) { setupErrors.defaults = describeError(e); }
        if (!values || typeof values !== "object") values = { prompt: "" };
      }
    };
    const base = fetchBase(n);
    const url = `${base}/api/v1/image-models?detailed=true`;
    const micro = 200; // calls per sample of a per-call benchmark
    const imageCalls = 5; // calls per sample with an image attached (milliseconds each before)
    let keystroke = 0;
    const prompt = "a watercolor fox in a misty birch forest at dawn, soft light, high detail ";
    const typeOne = () => {
      keystroke = (keystroke + 1) % prompt.length;
      // a fresh object per keystroke, as a framework's state update would give
      return { ...values, prompt: prompt.slice(0, keystroke + 1) };
    };
    const needs = (what, v) => () => { if (!v) throw new Error(`skipped: ${what} unavailable (${Object.values(setupErrors).join("; ") || "no result"})`); };

    // [key, label, unit, perCall (divides by), fn, group]
    const benches = [
      ["json-parse", "JSON.parse(text)", "ms", 1, () => { JSON.parse(text); }],
      ["parse", "parseCatalog(text)", "ms", 1, () => { lib.parseCatalog(text); }],
      ["parse-derive-all", "parseCatalog + deriveControls(every model)", "ms", 1, () => {
        const c = lib.parseCatalog(text);
        for (const m of c.models) lib.deriveControls(m);
      }],
      // The parsed models keep `supportedParameters`/`pricing` as text until read: this row
      // shows what an app pays that reads them all.
      ["parse-read-all", "parseCatalog + read every model's supportedParameters and pricing", "ms", 1, () => {
        const c = lib.parseCatalog(text);
        let n = 0;
        for (const m of c.models) n += (m.supportedParameters ? 1 : 0) + (m.pricing ? 1 : 0);
        if (n < 0) throw new Error("unreachable");
      }],
      ["fetch-json", "fetch + res.json() (baseline)", "ms", 1, async () => { await (await fetch(url)).json(); }],
      ["fetch-parse", hasFetchCatalog ? "fetchCatalog({baseUrl})" : "fetch + res.text() + parseCatalog", "ms", 1, hasFetchCatalog
        ? async () => { await lib.fetchCatalog({ baseUrl: base }); }
        : async () => { lib.parseCatalog(await (await fetch(url)).text()); }],
      ["derive-one", "deriveControls(one typical model), repeated", "us", micro, () => {
        needs("model", model)();
        for (let i = 0; i < micro; i++) lib.deriveControls(model);
      }],
      ["derive-one-foreign", "deriveControls(structuredClone(model)) (slow path)", "us", 20, () => {
        needs("model", model)();
        const copy = structuredClone(model);
        for (let i = 0; i < 20; i++) lib.deriveControls(copy);
      }],
      ["keystroke", "validateValues + buildRequest + quotePrice (one keystroke)", "us", micro, () => {
        needs("controls", controls)();
        for (let i = 0; i < micro; i++) {
          const v = typeOne();
          lib.validateValues(controls, v);
          lib.buildRequest(model, v);
          lib.quotePrice(model, v);
        }
      }],
      // The same with a 2.9 MB input image in the values (an image-to-image form); skipped for a
      // model that takes no images.
      ["keystroke-image", "the same keystroke with a 2.9 MB input image (data URL) in the values", "us", imageCalls, () => {
        needs("an images control", controls?.controls?.some((c) => c.id === "images"))();
        for (let i = 0; i < imageCalls; i++) {
          const v = { ...typeOne(), images: [image] };
          lib.validateValues(controls, v);
          lib.buildRequest(model, v);
          lib.quotePrice(model, v);
        }
      }],
      ["validate", "validateValues alone", "us", micro, () => {
        needs("controls", controls)();
        for (let i = 0; i < micro; i++) lib.validateValues(controls, typeOne());
      }],
      ["build", "buildRequest alone", "us", micro, () => {
        needs("controls", controls)();
        for (let i = 0; i < micro; i++) lib.buildRequest(model, typeOne());
      }],
      ["quote", "quotePrice alone", "us", micro, () => {
        needs("controls", controls)();
        for (let i = 0; i < micro; i++) lib.quotePrice(model, typeOne());
      }],
    ];

    // Samples shorter than this are repeated `inner` times (timer resolution in browsers).
    const minSampleMs = 4;
    const perCallKeys = new Set(["derive-one", "derive-one-foreign", "keystroke", "keystroke-image", "validate", "build", "quote"]);
    const state = benches.map(([key, label, unit, perCall, fn]) => ({ key, label, unit, perCall, fn, inner: 1, samples: [], error: null, group: perCallKeys.has(key) ? "call" : "catalog" }));

    const runOnce = async (s) => {
      const t0 = now();
      for (let i = 0; i < s.inner; i++) {
        const r = s.fn();
        if (r && typeof r.then === "function") await r;
      }
      return (now() - t0) / s.inner;
    };

    const rounds = env.rounds?.[n] ?? 10;
    log(`${n} models: ${n >= 10000 ? Math.min(warmup, 1) : warmup} warm-up + ${rounds} rounds (per-call group: ${warmup} + ${Math.max(rounds, 10)})`);
    // Two interleaved groups: catalog-level benchmarks, then per-call ones on a fresh parse.
    for (const group of ["catalog", "call"]) {
      const members = state.filter((s) => s.group === group);
      if (group === "call") {
        setup();
        for (const [k, v] of Object.entries(setupErrors)) results.notes.push(`${n}: setup ${k}: ${v}`);
        if (suspect) results.notes.push(`${n}: ${suspect}: parse timings are not meaningful`);
      }
      const groupRounds = group === "call" ? Math.max(rounds, 10) : rounds;
      const groupWarmup = n >= 10000 && group === "catalog" ? Math.min(warmup, 1) : warmup;
      for (let round = -groupWarmup; round < groupRounds; round++) {
        for (let j = 0; j < members.length; j++) {
          const s = members[(j + Math.max(0, round)) % members.length];
          if (s.error) continue;
          try {
            const t = await runOnce(s);
            if (round === -groupWarmup && t < minSampleMs) s.inner = Math.min(50, Math.ceil(minSampleMs / Math.max(t, 0.005)));
            if (round >= 0) s.samples.push(t);
          } catch (e) {
            s.error = describeError(e);
            log(`  ${n} ${s.key}: ERROR ${s.error}`);
          }
        }
      }
    }

    const jp = state.find((s) => s.key === "json-parse");
    for (const s of state) {
      const scale = s.unit === "us" ? 1000 / s.perCall : 1 / s.perCall;
      const xs = s.samples.map((t) => t * scale);
      // Ratios to JSON.parse paired round by round (both ran in the same round, seconds apart),
      // which cancels most of the slow and fast phases of a shared machine.
      const paired = s.group === "catalog" && jp ? s.samples.slice(0, jp.samples.length).map((t, i) => t / jp.samples[i]) : [];
      results.benches[`${s.key}@${n}`] = {
        key: s.key, n, label: s.label, unit: s.unit, inner: s.inner, callsPerSample: s.perCall * s.inner,
        rounds: xs.length, median: median(xs), p90: quantile(xs, 0.9), min: xs.length ? Math.min(...xs) : null,
        ratio: paired.length ? median(paired) : null, ratioP90: paired.length ? quantile(paired, 0.9) : null,
        error: s.error,
        suspect: suspect && ["parse", "parse-derive-all", "fetch-parse"].includes(s.key) ? suspect : null,
      };
    }
    results.typicalModel = { ...(results.typicalModel ?? {}), [n]: raw.data[ti].id };
    results.catalogBytes = { ...(results.catalogBytes ?? {}), [n]: text.length };
    catalog = model = controls = values = null;
  }
  return results;
}

/**
 * Wasm memory of a fresh instance: after init, after parsing 240 models, after 10 000.
 * `fresh()` returns { lib, wasm } of a new, initialized instance.
 */
export async function measureMemory(fresh, catalogs) {
  const out = {};
  try {
    const { lib, wasm } = await fresh();
    const bytes = () => wasm?.memory?.buffer?.byteLength ?? null;
    out.afterInit = bytes();
    for (const n of SIZES) {
      if (typeof catalogs[n] !== "string") continue;
      try {
        const c = lib.parseCatalog(catalogs[n]);
        out[`afterParse${n}`] = bytes();
        try {
          for (const m of c.models) lib.deriveControls(m);
          out[`afterDeriveAll${n}`] = bytes();
        } catch (e) {
          out[`deriveAllError${n}`] = describeError(e);
        }
      } catch (e) {
        out[`parseError${n}`] = describeError(e);
      }
    }
  } catch (e) {
    out.error = describeError(e);
  }
  return out;
}

/**
 * The first-use timings of a package just loaded (`loadMs`, measured by the caller): the first
 * parseCatalog of `text`, then the first deriveControls, then deriving every model (the first
 * derivation of the rest), each timed once. Used in fresh processes and fresh browser contexts.
 */
export function firstUse(lib, text, loadMs, now = () => performance.now()) {
  const t0 = now();
  const c = lib.parseCatalog(text);
  const t1 = now();
  lib.deriveControls(c.models[0]);
  const t2 = now();
  for (const m of c.models) lib.deriveControls(m);
  const t3 = now();
  return { init: loadMs, parse: t1 - t0, deriveOne: t2 - t1, deriveAll: t3 - t2 };
}

/**
 * An input image as a data URL of ≈ 2.9 MB (its bytes all zero), within the model's `maxBytes`
 * so that `buildRequest` builds a body holding it.
 */
function imageFor(controls) {
  const max = controls?.controls?.find((c) => c.id === "images")?.maxBytes ?? Infinity;
  const bytes = Math.min(2_900_000, max);
  return "data:image/png;base64," + "A".repeat(Math.floor(bytes / 3) * 4);
}

/** Scenario functions for profiling (benches/profile.mjs, in Node or in Chromium). */
export function makeScenarios(lib, text) {
  const raw = JSON.parse(text);
  const catalog = lib.parseCatalog(text);
  const model = catalog.models.find((m) => m.id === raw.data[typicalIndex(raw)].id) ?? catalog.models[0];
  const controls = lib.deriveControls(model);
  const values = lib.defaultValues(controls);
  let k = 0;
  const v = () => ({ ...values, prompt: "a fox in the snow ".repeat(3).slice(0, (k++ % 50) + 1) });
  const image = imageFor(controls);
  const vi = () => ({ ...v(), images: [image] });
  return {
    parse: () => lib.parseCatalog(text),
    "derive-all": () => { const c = lib.parseCatalog(text); for (const m of c.models) lib.deriveControls(m); },
    "derive-one": () => lib.deriveControls(model),
    keystroke: () => { const x = v(); lib.validateValues(controls, x); lib.buildRequest(model, x); lib.quotePrice(model, x); },
    "keystroke-image": () => { const x = vi(); lib.validateValues(controls, x); lib.buildRequest(model, x); lib.quotePrice(model, x); },
    validate: () => lib.validateValues(controls, v()),
    build: () => lib.buildRequest(model, v()),
    quote: () => lib.quotePrice(model, v()),
  };
}
