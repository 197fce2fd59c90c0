#!/usr/bin/env node
// Deterministic generator of realistic legacy image-model catalogs
// (`GET /api/v1/image-models?detailed=true`: `{object:"list", data:[…], meta:{count, generated_at}}`).
//
// The value kinds and their rough frequencies follow /work/shared/CATALOG.md and the real
// fixture tests/fixtures/real/image-models-nsfw-paid-subset.json: ids with slashes, colons,
// `@` and capitals; resolution lists of pixel (`x` and `*`), aspect, tier, mixed, `auto` and
// scale tokens; `aspect_ratio` beside `resolutions`; fixed image counts; rendering speeds;
// image-input constraints; prompt limits; unknown keys of every generic shape; per-image
// pricing with `*` spellings and `auto`, and the other pricing shapes; a few nulls and
// numbers sent as strings.
//
// Usage: node benches/gen-catalog.mjs N [--seed S] [--out FILE]   (default: stdout)
// The same N and seed always give the same bytes (240 models ≈ 280–300 KB).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The text of benches/out/catalog-N.json (the default seed), generated first when missing. */
export function catalogText(n) {
  const file = join(dirname(fileURLToPath(import.meta.url)), `out/catalog-${n}.json`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(generateCatalog(Number(n))));
  }
  return readFileSync(file, "utf8");
}

// ---------------------------------------------------------------- PRNG (mulberry32)
function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCatalog(n, seed = 20261120) {
  const rnd = mulberry32(seed);
  const chance = (p) => rnd() < p;
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const weighted = (pairs) => {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let r = rnd() * total;
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  };
  const sample = (xs, k) => {
    const copy = xs.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, Math.min(k, copy.length));
  };
  // A contiguous-ish ordered subset keeps the catalog order natural (square first, etc.).
  const orderedSubset = (xs, k) => {
    const chosen = new Set(sample(xs, k));
    return xs.filter((x) => chosen.has(x));
  };
  const round = (x, digits) => Number(x.toFixed(digits));

  // ---------------------------------------------------------------- vocabularies
  const vendors = [
    // owned_by, icon, id templates ({v} version, {s} suffix), name stem, provider tags
    { owner: "openai", icon: "OpenAI", ids: ["gpt-image-{v}", "gpt-image-{v}-mini", "dall-e-{v}"], name: "GPT Image", tags: ["openai"] },
    { owner: "black-forest-labs", icon: "BlackForestLabs", ids: ["flux-pro/v{v}-ultra", "black-forest-labs/flux-kontext-{s}", "flux-dev/{s}", "fal-ai/flux-{v}/{s}"], name: "FLUX", tags: ["flux", "fal"] },
    { owner: "bytedance", icon: "ByteDance", ids: ["bytedance/seedream-v{v}-pro", "bytedance/seedream/v{v}/pro/edit", "bytedance/seedream/v{v}/{s}/text-to-image", "bytedance/seededit-v{v}"], name: "Seedream", tags: ["bytedance", "fal"] },
    { owner: "runware", icon: "Runware", ids: ["runware:{v}@1", "runware:{v}@{s}", "civitai:{v}@{v}"], name: "Runware", tags: ["runware"] },
    { owner: "google", icon: "Google", ids: ["imagen-{v}/{s}", "gemini-{v}-flash-image", "google/nano-banana-{s}"], name: "Imagen", tags: ["google"] },
    { owner: "recraft-ai", icon: "Recraft", ids: ["recraft-ai/recraft-v{v}/text-to-image", "recraft-ai/recraft-v{v}-pro/text-to-image-utility", "recraft-v{v}"], name: "Recraft", tags: ["recraft", "typography", "design"] },
    { owner: "hidream", icon: "HiDream", ids: ["hidream-o{v}-image", "hidream-o{v}-image-{s}", "HiDream-I{v}-{s}"], name: "HiDream", tags: ["hidream"] },
    { owner: "prunaai", icon: "PrunaAI", ids: ["pruna-ai/p-image/{s}", "pruna-ai/p-image-v{v}/text-to-image"], name: "P-Image", tags: ["prunaai", "wavespeed"] },
    { owner: "ideogram", icon: "Ideogram", ids: ["ideogram-v{v}", "ideogram-v{v}-{s}", "ideogram/V_{v}/edit"], name: "Ideogram", tags: ["ideogram", "typography"] },
    { owner: "stability-ai", icon: "Stability", ids: ["stable-diffusion-{v}-large", "stabilityai/sd{v}-{s}", "SDXL-{s}"], name: "Stable Diffusion", tags: ["stability"] },
    { owner: "qwen", icon: "Qwen", ids: ["qwen-image-{s}", "qwen/qwen-image-edit-{s}", "Qwen-Image-{v}"], name: "Qwen Image", tags: ["qwen", "wavespeed"] },
    { owner: "tencent", icon: "Tencent", ids: ["hunyuan-image-{v}", "tencent/hunyuan-image-v{v}/{s}"], name: "Hunyuan Image", tags: ["tencent"] },
    { owner: "kuaishou", icon: "Kling", ids: ["kling-image-v{v}", "kling/kolors-v{v}/{s}"], name: "Kolors", tags: ["kling"] },
    { owner: "upscalers", icon: "Upscale", ids: ["Cropper", "topaz/upscale-{s}", "clarity-upscaler-v{v}", "real-esrgan-x{v}", "fal-ai/aura-sr/{s}"], name: "Upscaler", tags: ["upscale"] },
  ];
  const suffixes = ["pro", "dev", "schnell", "edit", "max", "turbo", "fast", "ultra", "lite", "plus", "hd", "v2", "flash", "2509", "2511", "preview"];
  const descWords = {
    open: ["Fast", "High-quality", "Photorealistic", "Versatile", "Cost-efficient", "State-of-the-art", "Artistic", "Precise", "Open-weights", "Production-ready"],
    what: ["text-to-image generation", "image editing", "image generation and editing", "upscaling", "inpainting and outpainting", "typography-aware design generation", "character-consistent generation", "multi-reference composition"],
    for: ["for low-cost drafts", "for marketing visuals", "with strong prompt adherence", "for social media content", "with accurate text rendering", "for product shots", "with fine detail at high resolution", "for rapid creative iteration", "with natural lighting and skin tones", "for illustration and concept art"],
    also: ["and consistent results across aspect ratios.", "and clean edges on transparent backgrounds.", "and good skin and fabric textures.", "and reliable instruction following on edits.", "and legible multi-line text in posters.", "and quick turnaround at low cost."],
    tail: ["Supports multiple reference images.", "Best at 1-2 megapixels.", "Returns up to four variations per request.", "Uncensored variant.", "Priced per output image.", "Runs on dedicated GPUs.", "Commercial use allowed.", ""],
  };

  // ---------------------------------------------------------------- resolution vocabularies
  const pixelSizes = [
    "1024x1024", "1536x1024", "1024x1536", "1344x768", "768x1344", "1152x896", "896x1152", "1216x832", "832x1216",
    "1376x768", "768x1376", "1184x896", "896x1184", "512x512", "768x768", "1280x720", "720x1280", "1920x1080",
    "1080x1920", "2048x2048", "2048x1536", "1536x2048", "2048x1152", "1152x2048", "2560x1440", "1440x2560",
    "1024x768", "768x1024", "1024x576", "576x1024", "3840x2160", "2160x3840", "1280x1280", "1664x928", "928x1664",
  ];
  const starSizes = [
    "2048*2048", "2560*1440", "1440*2560", "2304*1728", "1728*2304", "2560*1707", "1707*2560", "1024*1024",
    "1280*720", "720*1280", "1664*928", "928*1664", "1472*1140", "1140*1472", "1328*1328", "4096*4096",
  ];
  const aspects = ["1:1", "16:9", "9:16", "3:2", "2:3", "4:3", "3:4", "21:9", "9:21", "4:5", "5:4", "2.35:1", "1:2", "2:1"];
  const tiers = ["1k", "1.5k", "2k", "4k", "2K", "4K", "1K", "1080p", "720p", "1mp", "2mp", "480p"];
  const scales = [["2", "4"], ["2x", "4x"], ["2", "4", "8"], ["1", "2", "3", "4"], ["2x"], ["4"]];

  const squareFirst = (list) => {
    const sq = list.filter((t) => /^(\d+)[x*](\1)$/.test(t));
    return sq.concat(list.filter((t) => !sq.includes(t)));
  };

  function resolutionPlan(archetype) {
    switch (archetype) {
      case "pixels":
        return { resolutions: squareFirst(orderedSubset(pixelSizes, weighted([[3, 1], [5, 4], [7, 4], [9, 3], [12, 1], [18, 0.5]]))) };
      case "star":
        return { resolutions: squareFirst(orderedSubset(starSizes, weighted([[4, 2], [7, 5], [9, 2], [12, 1]]))) };
      case "mixed": {
        const a = orderedSubset(aspects.slice(0, 9), int(4, 9));
        const t = orderedSubset(["1k", "1.5k", "2k", "4k"], int(1, 3));
        return { resolutions: a.concat(t) };
      }
      case "aspect": {
        const list = orderedSubset(aspects, int(3, 12));
        if (chance(0.35)) list.push("auto");
        return { resolutions: list };
      }
      case "tiers": {
        const t = pick([["1k", "1.5k", "2k"], ["1K", "2K", "4K"], ["1k", "2k"], ["1080p", "720p"], ["1mp", "2mp"], ["2K", "4K"]]);
        const ar = orderedSubset(aspects.slice(0, 11), int(4, 10));
        if (chance(0.3)) ar.unshift("");
        if (chance(0.2)) ar.push("auto");
        return { resolutions: t.slice(), aspect_ratio: ar };
      }
      case "edit": {
        const base = chance(0.5) ? squareFirst(orderedSubset(pixelSizes, int(3, 8))) : orderedSubset(aspects.slice(0, 9), int(3, 8));
        if (chance(0.6)) base.unshift("auto");
        if (chance(0.15)) base.push(pick(["auto_2K", "auto_1K", "auto_4K"]));
        return { resolutions: base };
      }
      case "upscale":
        return { resolutions: pick(scales).slice() };
      case "inpaint":
        return { resolutions: squareFirst(orderedSubset(pixelSizes.slice(0, 13), int(2, 6))) };
    }
    throw new Error(archetype);
  }

  // Price per image of one token, from a base price and its pixel count.
  function priceFor(base, token) {
    const m = /^(\d+)[x*×](\d+)$/.exec(token);
    let f = 1;
    if (m) f = Math.max(0.5, Math.min(4, (Number(m[1]) * Number(m[2])) / 1048576));
    else if (/^(4k|4K)$/.test(token)) f = 2;
    else if (/^(1k|1K|720p|480p|1mp)$/.test(token)) f = 0.5;
    return round(base * (f > 1.6 ? 2 : f < 0.8 ? 0.5 : 1), 4);
  }
  const starSpelling = (t) => t.replace(/^(\d+)x(\d+)$/, "$1*$2");

  function pricing(sp, base, speeds) {
    const res = sp.resolutions ?? [];
    const shape = weighted([["per_image", 86], ["flat", 4], ["note", 2], ["speed", 3], ["lora", 2], ["array", 2], ["missing", 1]]);
    if (speeds && shape !== "missing") {
      const table = {};
      for (const s of speeds) table[s] = round(base * (s === "TURBO" || s === "FLASH" ? 0.6 : s === "QUALITY" ? 1.5 : 1), 4);
      return { per_image: table, by: "rendering_speed", currency: "USD" };
    }
    switch (shape) {
      case "flat":
        return { per_image: base, currency: "USD" };
      case "note":
        return { note: pick(["Priced per megapixel of output.", "Price depends on the number of reference images.", "Billed by provider compute time."]), currency: "USD" };
      case "lora": {
        const per = {};
        for (const t of res) per[t] = priceFor(base, t);
        return { per_image: per, lora_surcharge: { per_lora: 0.005 }, currency: "USD" };
      }
      case "array":
        return res.slice(0, 4).map((t) => ({ billable: "output_image", unit: "image", cost_usd: priceFor(base, t), resolution: t }));
      case "missing":
        return undefined;
      default: {
        const per = {};
        const star = chance(0.3);
        for (const t of res) {
          if (t === "") continue;
          per[star ? starSpelling(t) : t] = chance(0.01) ? String(priceFor(base, t)) : priceFor(base, t);
        }
        if (res.length === 0 || chance(0.5)) per.auto = base;
        return { per_image: per, currency: "USD" };
      }
    }
  }

  // Unknown keys, one generic shape each (the contract's "other keys" rows and one that maps to nothing).
  const unknownKeys = [
    () => ["style", pick([["auto", "general", "realistic", "design", "render_3d", "anime"], ["none", "cinematic", "photographic", "digital-art"], ["vivid", "natural"]])],
    () => ["output_format", ["png", "jpeg", "webp"]],
    () => ["background", ["auto", "transparent", "opaque"]],
    () => ["enable_safety_checker", chance(0.5)],
    () => ["watermark", false],
    () => ["guidance_scale", pick([3.5, 7, 2.5, 4])],
    () => ["num_inference_steps", pick([28, 30, 4, 50])],
    () => ["quality", { type: "enum", values: ["low", "medium", "high", "auto"], default: "auto" }],
    () => ["seed", { type: "range", min: 0, max: 2147483647, default: 0 }],
    () => ["strength", { type: "range", min: 0, max: 1, default: 0.8 }],
    () => ["prompt_enhancer", { type: "boolean", default: true }],
    () => ["camera_style", { type: "select", label: "Camera style", description: "Lens and film look.", default: "none", options: [{ value: "none", label: "None" }, { value: "35mm", label: "35 mm film" }, { value: "polaroid", label: "Polaroid" }, { value: "fisheye", label: "Fisheye" }, { value: "macro", label: "Macro" }] }],
    () => ["expand_prompt", { type: "switch", label: "Expand prompt", default: false }],
    () => ["cfg", { type: "number", label: "CFG", min: 1, max: 20, default: 7 }],
    () => ["negative_prompt", { type: "text", label: "Negative prompt", description: "What to avoid." }],
    () => ["loras", { url_fields: ["lora_url_1", "lora_url_2"] }],
    () => ["safety_tolerance", pick(["2", "4"])],
    () => ["custom_config", { nested: { depth: 2 }, values: null }],
  ];

  // ---------------------------------------------------------------- models
  const archetypes = [["pixels", 28], ["star", 10], ["mixed", 12], ["aspect", 10], ["tiers", 9], ["edit", 18], ["upscale", 6], ["inpaint", 7]];
  const placeholderCreated = 1735689600; // shared by many models, as in the live data
  const usedIds = new Set();
  const models = [];

  for (let i = 0; i < n; i++) {
    const vendor = pick(vendors);
    let archetype = weighted(archetypes);
    if (vendor.owner === "upscalers") archetype = "upscale";
    else if (archetype === "upscale") archetype = "pixels";

    const version = pick(["1", "1.1", "2", "2.5", "3", "3.5", "4", "4.1", "5", "5.0", "101", "106", "400"]);
    let id = pick(vendor.ids).replaceAll("{v}", version).replaceAll("{s}", () => pick(suffixes));
    if (archetype === "edit" && !/edit/.test(id) && chance(0.5)) id += chance(0.5) ? "/edit" : "-edit";
    if (usedIds.has(id)) {
      let k = 2;
      while (usedIds.has(`${id}-${k}`)) k++;
      id = `${id}-${k}`;
    }
    usedIds.add(id);

    const imageInput = archetype === "edit" || archetype === "upscale" || archetype === "inpaint" || chance(0.45);
    const inpainting = archetype === "inpaint";
    const nsfw = chance(0.35);
    const variant = id.split(/[\/:@-]/).filter(Boolean).slice(-1)[0];
    const name = `${vendor.name} ${version}${variant && !/^\d+$/.test(variant) ? " " + variant[0].toUpperCase() + variant.slice(1) : ""}`;

    // supported_parameters, in the order the live catalog writes them
    const sp = {};
    if (chance(0.95)) {
      sp.max_prompt_characters = chance(0.5) ? null : pick([1000, 2000, 2500, 4000, 10000, 32000]);
      const known = sp.max_prompt_characters !== null;
      sp.prompt_length = known
        ? { status: "known", unit: pick(["unicode_code_points", "utf16_code_units"]), trim_whitespace: chance(0.7) }
        : { status: "unknown", unit: null, trim_whitespace: null };
    }
    Object.assign(sp, resolutionPlan(archetype));
    if (archetype === "pixels" && chance(0.08)) {
      // aspect_ratio that only repeats the ratios already in `resolutions`: one control is enough
      sp.aspect_ratio = ["1:1", "3:2", "2:3"].slice(0, int(1, 3));
    }
    const maxImages = archetype === "upscale" ? 1 : weighted([[1, 28], [4, 40], [2, 6], [6, 4], [8, 8], [10, 6], [15, 3], [20, 5]]);
    sp.max_images = chance(0.004) ? null : chance(0.005) ? String(maxImages) : maxImages;
    if (chance(0.9)) sp.max_output_images = maxImages;
    if (chance(0.065)) sp.fixed_image_count = chance(0.15) ? 4 : 1;
    let speeds = null;
    if (chance(0.01) || (vendor.owner === "ideogram" && chance(0.4))) {
      speeds = pick([["TURBO", "DEFAULT", "QUALITY"], ["FLASH", "TURBO", "BALANCED", "QUALITY"]]);
      sp.rendering_speed = speeds.slice();
    }
    if (imageInput) {
      const maxIn = archetype === "upscale" || inpainting ? 1 : weighted([[1, 4], [2, 1], [3, 2], [4, 2], [5, 1], [10, 3], [14, 1], [16, 1]]);
      sp.max_input_images = maxIn;
      if (chance(0.85)) {
        const c = {
          max_items: maxIn,
          route: {
            min_width: pick([8, 64, 256]), min_height: pick([8, 64, 256]), max_width: 16384, max_height: 16384,
            max_bytes: pick([31457280, 20971520, 4194304]), formats: chance(0.8) ? ["png", "jpeg", "webp"] : ["png", "jpeg"],
            source: "route-preflight", note: "NanoGPT route-level validation before provider submission.",
          },
        };
        if (chance(0.5)) c.provider = { max_bytes: 10485760, source: "provider-docs", note: "Provider model metadata states max input image size: 10MB." };
        sp.input_image_constraints = c;
      }
    }
    if (chance(0.1)) {
      for (const make of sample(unknownKeys, weighted([[1, 6], [2, 3], [3, 1]]))) {
        const [k, v] = make();
        sp[k] = v;
      }
    }

    const base = round(pick([0.003, 0.005, 0.01, 0.02, 0.025, 0.03, 0.04, 0.045, 0.05, 0.06, 0.08, 0.09, 0.12, 0.135, 0.2, 0.25]), 4);
    const price = pricing(sp, base, speeds);

    const tags = [];
    if (archetype !== "upscale" && archetype !== "inpaint") tags.push("text-to-image");
    if (imageInput && archetype !== "upscale") tags.push("image-edit");
    if (inpainting) tags.push("inpainting");
    tags.push(...sample(vendor.tags, int(1, vendor.tags.length)));
    if (chance(0.6)) tags.push(pick(["2k", "4k", "fast", "cheap", "new", "photorealistic", "illustration"]));
    if (nsfw) tags.push("nsfw");

    const description = [pick(descWords.open), pick(descWords.what), pick(descWords.for) + ",", pick(descWords.also), ...new Set([pick(descWords.tail), pick(descWords.tail)])].join(" ").replace(/ +/g, " ").trim();
    const capabilities = {
      image_generation: archetype !== "upscale" || chance(0.2),
      // flags are hints: sometimes inconsistent with the parameters
      image_to_image: imageInput ? !chance(0.05) : chance(0.02),
      inpainting,
      nsfw,
    };

    const m = {
      id,
      object: "model",
      created: chance(0.4) ? placeholderCreated : 1704067200 + int(0, 900) * 86400,
      owned_by: vendor.owner,
      name,
      description,
      architecture: {
        modality: imageInput ? "text+image->image" : "text->image",
        input_modalities: imageInput ? ["text", "image"] : ["text"],
        output_modalities: ["image"],
      },
    };
    if (price !== undefined) m.pricing = price;
    m.capabilities = capabilities;
    m.supported_parameters = sp;
    if (chance(0.93)) m.icon_url = `/icons/${vendor.icon}.svg`;
    m.tags = tags;
    m.category = "image";
    models.push(m);
  }

  return { object: "list", data: models, meta: { count: n, generated_at: "2026-11-20T00:00:00.000Z" } };
}

// ---------------------------------------------------------------- CLI
const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const args = process.argv.slice(2);
  const n = Number(args[0] ?? 240);
  if (!Number.isInteger(n) || n < 1) {
    console.error("usage: node benches/gen-catalog.mjs N [--seed S] [--out FILE]");
    process.exit(2);
  }
  const seedAt = args.indexOf("--seed");
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 20261120;
  const outAt = args.indexOf("--out");
  const text = JSON.stringify(generateCatalog(n, seed));
  if (outAt >= 0) {
    writeFileSync(args[outAt + 1], text);
    console.error(`[gen-catalog] ${n} models, ${text.length} bytes -> ${args[outAt + 1]}`);
  } else {
    process.stdout.write(text);
  }
}
