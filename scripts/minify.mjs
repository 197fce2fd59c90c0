#!/usr/bin/env node
// Minifies the shipped JS of pkg/ (the wasm-bindgen glue and its snippets) in place, each with a
// source map beside it (`FILE.js.map`, linked by a `sourceMappingURL` comment), so browsers'
// devtools and Node's --enable-source-maps still show the original code. Exported names, the
// wasm import names (object keys) and a leading `/* @ts-self-types=… */` directive are kept.
// Measured: the shipped JS went from 9.7 to 6.4 KB brotli (BENCHMARKS.md).
//
//   node scripts/minify.mjs FILE.js [FILE.js …]
//
// Uses rolldown's minifier (oxc), a devDependency; each result must parse as a module.
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { minifySync } from "rolldown/utils";

for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, "utf8");
  const directive = /^\/\* @ts-self-types="[^"]*" \*\/\n/.exec(source)?.[0] ?? "";
  if (!directive && source.startsWith("/* @ts-self-types")) {
    console.error(`[minify] ${file}: the @ts-self-types directive has a form this script does not know`);
    process.exit(1);
  }
  const result = minifySync(basename(file), source, {
    module: true,
    compress: { target: "es2020" },
    mangle: true,
    sourcemap: true,
  });
  if (result.errors?.length) {
    console.error(`[minify] ${file}:`, result.errors);
    process.exit(1);
  }
  // The directive goes back on a line of its own: the map's generated lines move down by one.
  const map = {
    ...result.map,
    file: basename(file),
    // Named apart from the minified file on disk, which has other lines.
    sources: [`unminified/${basename(file)}`],
    sourcesContent: [source],
    mappings: (directive ? ";" : "") + result.map.mappings,
  };
  writeFileSync(`${file}.map`, JSON.stringify(map));
  // The minifier writes strings as template literals; bundlers find the wasm file through
  // `new URL("…", import.meta.url)`, which some recognize with a plain string only. (Same length:
  // the map stays right.)
  const code = result.code.replace(/new URL\(`([^`$\\]*)`,import\.meta\.url\)/g, 'new URL("$1",import.meta.url)');
  writeFileSync(file, `${directive}${code.trimEnd()}\n//# sourceMappingURL=${basename(file)}.map\n`);
}
