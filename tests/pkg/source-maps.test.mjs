// The shipped JS is minified (scripts/minify.mjs); each file links a source map that leads back
// to the original code, so stack traces and devtools stay readable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { SourceMap } from "node:module";

const pkg = new URL("../../pkg/", import.meta.url);
const shipped = [
  "nanogpt_image_controls.js",
  ...readdirSync(new URL("snippets/", pkg), { recursive: true })
    .filter((f) => f.endsWith(".js"))
    .map((f) => `snippets/${f}`),
];

for (const file of shipped) {
  test(`${file} is minified and maps back to its source`, () => {
    const code = readFileSync(new URL(file, pkg), "utf8");
    const lines = code.trimEnd().split("\n");
    const link = /^\/\/# sourceMappingURL=(.+)$/.exec(lines.at(-1));
    assert.ok(link, "the last line links the map");
    const raw = JSON.parse(readFileSync(new URL(file.replace(/[^/]+$/, link[1]), pkg), "utf8"));
    const [original] = raw.sourcesContent;
    assert.ok(original.length > code.length, "the map carries the longer original source");
    const map = new SourceMap(raw);
    // Every exported function of the original is found again through the map.
    const names = [...original.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    assert.ok(names.length > 0);
    const originalLines = original.split("\n");
    for (const name of names) {
      const line = lines.findIndex((l) => l.includes(`function ${name}(`));
      assert.ok(line >= 0, `${name} is in the minified file`);
      const column = lines[line].indexOf(`function ${name}(`);
      const entry = map.findEntry(line, column);
      assert.match(originalLines[entry.originalLine] ?? "", new RegExp(`function ${name}\\(`), name);
    }
  });
}

test("bundlers find the wasm file: new URL with a plain string literal", () => {
  const code = readFileSync(new URL("nanogpt_image_controls.js", pkg), "utf8");
  assert.match(code, /new URL\("nanogpt_image_controls_bg\.wasm",\s*import\.meta\.url\)/);
});
