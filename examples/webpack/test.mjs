// Check of the webpack example: its production build served statically, in headless Chromium.
import { fileURLToPath } from "node:url";
import { readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import { serve, launch, openPage, checks } from "../harness.mjs";

const t = checks("webpack");
const root = fileURLToPath(new URL("..", import.meta.url)); // examples/: the page reads ../catalog.json
const server = await serve(root);
const browser = await launch();
try {
  const { page, problems, wasmTypes } = await openPage(browser);

  await t.check("webpack emitted the wasm file as an asset of the build", async () => {
    const dist = readdirSync(new URL("dist/", import.meta.url));
    assert.ok(dist.some((f) => f.endsWith(".wasm")), dist.join(", "));
  });

  await t.check("the bundle loads the wasm and runs catalog → controls → request", async () => {
    await page.goto(`${server.url}/webpack/index.html`);
    await page.waitForSelector("body[data-ready]", { timeout: 15000 });
    const out = JSON.parse(await page.locator("#out").textContent());
    assert.deepEqual(wasmTypes, ["application/wasm"]);
    assert.equal(out.models, 10);
    assert.ok(out.controls.includes("prompt") && out.controls.includes("resolution"), out.controls.join(","));
    assert.equal(out.ok, true);
    assert.equal(out.body.prompt, "a lighthouse at dusk");
    assert.equal(out.body.model, out.model);
    assert.equal(typeof out.price, "number");
  });

  await t.check("the Node bundle (target node18) is ready at import, without init()", async () => {
    const dist = fileURLToPath(new URL("dist-node/main.mjs", import.meta.url));
    const out = JSON.parse(execFileSync(process.execPath, [dist], { encoding: "utf8" }));
    assert.equal(out.models, 10);
    assert.equal(out.ok, true);
    assert.equal(out.body.prompt, "a lighthouse at dusk");
    assert.match(out.version, /^\d+\.\d+\.\d+/);
  });

  await t.check("no page errors", async () => {
    assert.deepEqual(problems, []);
  });
  await page.screenshot({ path: new URL("../../artifacts/examples-webpack.png", import.meta.url).pathname });
} finally {
  await browser.close();
  await server.close();
}
t.done();
