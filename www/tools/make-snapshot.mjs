// Builds public/catalog-snapshot.json, the catalog the demo serves when NanoGPT cannot be reached.
//
//   node www/tools/make-snapshot.mjs
//
// Sources (both committed in tests/fixtures/, see www/README.md for provenance):
//   - real/image-models-nsfw-paid-subset.json: 10 real models of GET /api/v1/image-models, bundled
//     by a public project as {"image": [...]} with the list wrapper, object, created, owned_by and
//     description stripped;
//   - docs/image-models.example.json: the example response printed in NanoGPT's API reference.
// Output: the legacy list shape {object:"list", data:[...], meta:{...}}. Nothing is invented:
// fields the sources lack stay absent (only `object: "model"` is restored on each item).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../../", import.meta.url);
const read = (path) => JSON.parse(readFileSync(new URL(path, root), "utf8"));

const real = read("tests/fixtures/real/image-models-nsfw-paid-subset.json").image;
const docs = read("tests/fixtures/docs/image-models.example.json").data;

const data = [...docs, ...real.map((model) => ({ id: model.id, object: "model", ...model }))];
const snapshot = {
  object: "list",
  data,
  meta: {
    count: data.length,
    snapshot: {
      note: "Offline snapshot bundled with the demo; not the live catalog.",
      sources: [
        "tests/fixtures/docs/image-models.example.json (NanoGPT API reference example)",
        "tests/fixtures/real/image-models-nsfw-paid-subset.json (10 real models of the live catalog)",
      ],
    },
  },
};
const out = new URL("../public/catalog-snapshot.json", import.meta.url);
writeFileSync(out, JSON.stringify(snapshot, null, 2) + "\n");
console.log(`wrote ${fileURLToPath(out)} (${data.length} models)`);
