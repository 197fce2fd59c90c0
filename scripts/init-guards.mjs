#!/usr/bin/env node
// Adds an init check to wasm-bindgen's glue: a call made before `init()` would fail inside the
// glue with a bare TypeError ("wasm is undefined"), so every exported function first checks that
// the module is initialized and otherwise throws an Error with code `not_initialized`. An exported
// class's constructor called before `init()` keeps its arguments instead, and its first method
// call after `init()` makes the wasm-side object (one before `init()` throws `not_initialized`).
//
//   node scripts/init-guards.mjs pkg/nanogpt_image_controls.js
//
// Fails (exit 1) when the glue does not have the shape this expects (no exported function, or
// fewer guards than exported functions plus one class), so a wasm-bindgen whose output looks
// otherwise never ships unguarded exports.
import { readFileSync, writeFileSync } from "node:fs";

const [file] = process.argv.slice(2);
let glue = readFileSync(file, "utf8");
const exported = (glue.match(/^export function \w+\(/gm) ?? []).length;
let guarded = 0;
glue = glue.replace(/^(export function (\w+)\(([^)]*)\) \{\n)/gm, (_, head, name, params) => {
  guarded++;
  // A type guard never throws, and needs no wasm: it answers in JS, before `init()` too (in the
  // `catch` of a failed `init()`, say), and `false` for an object whose getters or proxy traps
  // throw (which would otherwise unwind through the wasm).
  if (name === "isNanoGptError") {
    return `${head}    try { return ${params} instanceof Error && ${params}.name === "NanoGptError" && typeof ${params}.code === "string"; } catch { return false; }\n`;
  }
  return `${head}    if (wasm === undefined) notInitialized("${name}()");\n`;
});
// A class constructed before `init()` (at a module's top level, say, imported before the entry's
// `await init()`) keeps its arguments, as given, and makes the wasm-side object at its first
// method call after `init()` (`materialize` below), which throws (or rejects) what the
// constructor would have thrown then; a call before `init()` gets `not_initialized`.
const pending = [];
glue = glue.replace(/^(export class (\w+) \{[\s\S]*?\n {4}constructor\(([^)]*)\) \{\n)/gm, (_, head, name, params) => {
  guarded++;
  pending.push(name);
  return `${head}        if (wasm === undefined) { pendingArgs.set(this, [${params}]); return this; }\n`;
});
for (const name of pending) {
  if (!new RegExp(`^const ${name}Finalization = `, "m").test(glue)) {
    console.error(`[init-guards] no ${name}Finalization registry for a client made before init()`);
    process.exit(1);
  }
}
if (exported === 0 || guarded < exported + 1) {
  console.error(`[init-guards] ${guarded} guards for ${exported} exported functions`);
  process.exit(1);
}
// The methods of exported classes (with no parameter or one, `get(options)`) check `this` too:
// a detached method (`const { get } = client`)
// would fail with a TypeError about `__wbg_ptr`, and a call after `free()` with "null pointer
// passed to rust", neither with a `code`. Methods documented to return a promise reject instead
// of throwing; `free()` (and so `[Symbol.dispose]()`) a second time does nothing.
let methods = 0;
glue = glue.replace(/^export class (\w+) \{\n[\s\S]*?\n\}\n/gm, (body, name) =>
  body.replace(
    /((?:    \/\*\*\n(?:     \*.*\n)*?     \*\/\n)?)    (\w+)\(\w*\) \{\n(?=        (?:const ret = )?wasm\.\w+\(this\.__wbg_ptr[,)]|        const ptr = this\.__destroy_into_raw\(\);)/g,
    (head, doc, method) => {
      methods++;
      const check = `!(this instanceof ${name}) || !this.__wbg_ptr`;
      const late = pending.includes(name);
      const async = /@returns \{Promise</.test(doc);
      const line =
        method === "free"
          ? late
            ? `        if (${check}) { pendingArgs.delete(this); return; }\n`
            : `        if (${check}) return;\n`
          : late
            ? `        if (${check}) { const r = materialize(this, ${name}, ${name}Finalization, "${name}", "${method}", ${async}); if (r) return r; }\n`
            : `        if (${check}) return misuse("${name}", "${method}", ${async});\n`;
      return `${head}${line}`;
    },
  ),
);
if (methods === 0) {
  console.error("[init-guards] no class methods found to guard");
  process.exit(1);
}
glue += `
function misuse(cls, method, async) {
    const e = new Error(cls + "." + method + "() was called on something that is not a live " + cls + " (a method taken off its object, or one called after free())");
    e.name = "NanoGptError";
    e.code = "invalid_argument";
    if (async) return Promise.reject(e);
    throw e;
}

// Makes the wasm-side object of one constructed before init(), from the arguments it kept: it
// takes the pointer of an object constructed now (unregistered from the finalization registry
// by __destroy_into_raw) and registers itself in its place. Returns undefined when \`self\` is
// now live; otherwise throws, or returns a rejected promise for a method that returns one.
// The arguments are kept beside the object, not on it: \`JSON.stringify(client)\` or a console
// shows no \`apiKey\`.
const pendingArgs = new WeakMap();

function materialize(self, cls, registry, name, method, async) {
    const args = pendingArgs.get(self);
    if (!(self instanceof cls) || !args) return misuse(name, method, async);
    try {
        if (wasm === undefined) notInitialized(name + "." + method + "()");
        self.__wbg_ptr = new cls(...args).__destroy_into_raw();
    } catch (e) {
        if (async) return Promise.reject(e);
        throw e;
    }
    pendingArgs.delete(self);
    registry.register(self, self.__wbg_ptr, self);
}

function notInitialized(what) {
    const e = new Error(what + " was called before the module was initialized: call \`await init()\` (the default export) once first");
    e.name = "NanoGptError";
    e.code = "not_initialized";
    throw e;
}
`;
writeFileSync(file, glue);
