#!/usr/bin/env node
// The npm package's README (its page on npm): the repository's README.md without the parts
// only a contributor needs (marked `<!-- repo-only -->` … `<!-- /repo-only -->`: the npm start /
// npm test commands, Layout, Development), with relative links made absolute to the repository
// (images to their raw file), since the package ships neither docs/ nor BENCHMARKS.md.
//
//   node scripts/package-readme.mjs README.md pkg/package.json > pkg/README.md
//
// Fails (exit 1) when the markers do not pair up or a relative link is left.
import { readFileSync } from "node:fs";

const [readme, manifest] = process.argv.slice(2);
const text = readFileSync(readme, "utf8");
const repo = JSON.parse(readFileSync(manifest, "utf8")).repository?.url?.replace(/\.git$/, "");
if (!repo?.startsWith("https://github.com/")) {
  console.error(`[package-readme] ${manifest} has no https://github.com/ repository URL`);
  process.exit(1);
}
const opens = text.match(/<!-- repo-only -->/g)?.length ?? 0;
const closes = text.match(/<!-- \/repo-only -->/g)?.length ?? 0;
if (opens === 0 || opens !== closes) {
  console.error(`[package-readme] ${opens} <!-- repo-only --> markers, ${closes} closing ones`);
  process.exit(1);
}
const raw = repo.replace("https://github.com/", "https://raw.githubusercontent.com/");
let out = text.replace(/<!-- repo-only -->[\s\S]*?<!-- \/repo-only -->\n*/g, "");
// ![alt](path) → the raw file; [text](path) → the file's page. Anchors and absolute URLs stay.
out = out.replace(/(!?)\[([^\]]*)\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (_, bang, label, path) =>
  bang ? `![${label}](${raw}/main/${path})` : `[${label}](${repo}/blob/main/${path})`,
);
const left = out.match(/\]\((?!https?:|#|mailto:)[^)]*\)/);
if (left) {
  console.error(`[package-readme] a relative link is left: ${left[0]}`);
  process.exit(1);
}
process.stdout.write(out);
