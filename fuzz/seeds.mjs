// Writes the seed corpora of the fuzz targets from tests/fixtures (run by scripts/fuzz.sh).
// Seeds go to fuzz/corpus/<target>/seed-*, beside what libFuzzer adds; nothing here is committed
// but this script and the small hand-written hostile inputs below.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const fixture = (path) => readFileSync(new URL(`tests/fixtures/${path}`, root), "utf8");
const texts = {
  real: fixture("real/image-models-nsfw-paid-subset.json"),
  legacy: fixture("docs/image-models.example.json"),
  images: fixture("docs/images-models.example.json"),
  endpoints: fixture("docs/image-model-endpoints.example.json"),
};
const catalogs = [JSON.parse(texts.real).image, JSON.parse(texts.legacy).data, JSON.parse(texts.images).data];
const models = catalogs.flat();

const seeds = new Map();
const add = (target, name, content) => {
  if (!seeds.has(target)) seeds.set(target, []);
  seeds.get(target).push([name, typeof content === "string" ? content : JSON.stringify(content)]);
};

// Catalog text: the fixtures as served, each model alone, and hostile shapes.
for (const [name, text] of Object.entries(texts)) add("catalog", name, text);
models.forEach((m, i) => add("catalog", `model-${i}`, { object: "list", data: [m] }));
const hostile = {
  deep: "[".repeat(200) + "]".repeat(200),
  "numbers-as-strings": { data: [{ id: 5, created: "1e3", supported_parameters: { max_images: "4", fixed_image_count: "0" } }] },
  "big-numbers": { data: [{ id: "m", created: 1e308, supported_parameters: { max_images: 1e308, max_input_images: -1, n: { type: "range", min: -0, max: 1e9 } } }] },
  duplicates: '{"data":[{"id":"a","id":"b","name":"x","name":7}],"data":[]}',
  proto: '{"data":[{"id":"__proto__","supported_parameters":{"__proto__":{"polluted":true},"constructor":["a","b"]}}]}',
  icons: { data: ["javascript:alert(1)", "//evil.test/x", "/\\evil.test", "data:image/png;base64,AA", "/icons/a.svg"].map((icon_url, i) => ({ id: `m${i}`, icon_url })) },
  ids: { data: ["", " ", "\u202eevil", "a\u0000b", "x".repeat(5000), "id", "id"].map((id) => ({ id })) },
  error: { error: { message: "Unauthorized" } },
  html: "<!doctype html><html></html>",
};
for (const [name, value] of Object.entries(hostile)) add("catalog", name, value);

// Models for the structured targets, in JSON form (the targets read JSON catalogs when given one).
models.forEach((m, i) => {
  add("controls", `model-${i}`, { data: [m] });
  add("pricing", `model-${i}`, { data: [m] });
  add("form", `pair-${i}`, { data: [m, models[(i + 1) % models.length]] });
});
add("controls", "hostile", hostile["big-numbers"]);

// Resolution tokens: each model's lists, one token per line (the first is the target).
const tokens = new Set(["0x0", "99999999x99999999", "1:0", "-1:2", "1e308:1", "2.35:1", "auto_2K", "16x", "1080p", "1mp"]);
for (const m of models) {
  const p = m.supported_parameters || {};
  const lists = [p.resolutions, p.aspect_ratio, p.resolution?.values].filter(Array.isArray);
  for (const list of lists) {
    list.forEach((t) => tokens.add(String(t)));
    add("resolution", `list-${seeds.get("resolution")?.length ?? 0}`, list.join("\n"));
  }
  const priced = Object.keys(m.pricing?.per_image ?? {});
  if (priced.length) add("resolution", `priced-${m.id.replace(/\W+/g, "_")}`, priced.join("\n"));
}
[...tokens].forEach((t, i) => add("resolution", `token-${i}`, t));

// Numbers as text.
["4", "+4", " 2.5 ", "1e3", "-0", "0.1", "1e308", "1e400", "5e-324", "0x10", "NaN", "1_000", "９"].forEach((t, i) =>
  add("num", `text-${i}`, t),
);

let count = 0;
for (const [target, list] of seeds) {
  const dir = new URL(`fuzz/corpus/${target}/`, root);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of list) {
    writeFileSync(new URL(`seed-${name}`, dir), content);
    count++;
  }
}
console.log(`wrote ${count} seeds for ${seeds.size} targets into fuzz/corpus/`);
