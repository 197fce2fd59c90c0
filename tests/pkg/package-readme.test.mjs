// The README shipped in the package (its npm page) is for users of the package: without the
// repository's contributor sections, and with no link that only works inside the repository.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const shipped = readFileSync(new URL("../../pkg/README.md", import.meta.url), "utf8");
const repo = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

test("the package README leaves out the contributor sections and keeps the API reference", () => {
  for (const gone of ["npm start", "## Layout", "## Development", "scripts/setup.sh", "repo-only"]) {
    assert.ok(!shipped.includes(gone), gone);
    assert.ok(repo.includes(gone), `the repository README has ${gone}`);
  }
  for (const kept of ["## Usage", "## API reference", "### `deriveControls(model, options?)`", "## Limits"]) {
    assert.ok(shipped.includes(kept), kept);
  }
});

test("the package README links only to absolute URLs", () => {
  const links = [...shipped.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length > 0);
  for (const link of links) assert.match(link, /^(https:\/\/|#)/, link);
  assert.ok(links.some((l) => l.startsWith("https://raw.githubusercontent.com/") && l.endsWith("docs/screenshot.png")));
});
