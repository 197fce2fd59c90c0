// Check of the plain example: the page served by a static server, in headless Chromium.
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { serve, launch, openPage, checks } from "../harness.mjs";

const t = checks("plain");
const root = fileURLToPath(new URL("..", import.meta.url)); // examples/: the page reads ../catalog.json
const server = await serve(root);
const browser = await launch();
try {
  const { page, problems, wasmTypes } = await openPage(browser);

  await t.check("loads the package through the import map and renders the first model", async () => {
    await page.goto(`${server.url}/plain/index.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
    assert.deepEqual(wasmTypes, ["application/wasm"]);
    assert.equal(await page.getAttribute("body", "data-client"), "made"); // made before init()
    assert.equal(await page.locator("#model option").count(), 10);
    assert.equal(await page.locator("#form label").first().textContent(), "Prompt *");
    assert.equal(await page.locator("#ctl-resolution option").count(), 7);
  });

  await t.check("validation errors, request body and price follow the inputs", async () => {
    assert.equal(await page.locator("#errors li").first().getAttribute("data-key"), "error.required");
    await page.fill("#ctl-prompt", "a lighthouse at dusk");
    await page.locator("#ctl-n").fill("3");
    assert.equal(await page.locator("#errors li").count(), 0);
    const body = JSON.parse(await page.locator("#request").textContent());
    assert.equal(body.prompt, "a lighthouse at dusk");
    assert.equal(body.n, 3);
    assert.equal(await page.locator("#price").textContent(), "0.12 USD");
  });

  await t.check("switching models migrates the values and says why", async () => {
    await page.selectOption("#model", "recraft-ai/recraft-v4.1/text-to-image");
    assert.equal(await page.inputValue("#ctl-prompt"), "a lighthouse at dusk");
    const body = JSON.parse(await page.locator("#request").textContent());
    assert.equal(body.model, "recraft-ai/recraft-v4.1/text-to-image");
    assert.ok((await page.locator("#changes li").count()) >= 1);
  });

  await t.check("no page errors", async () => {
    assert.deepEqual(problems, []);
  });
  await page.screenshot({ path: new URL("../../artifacts/examples-plain.png", import.meta.url).pathname, fullPage: true });
} finally {
  await browser.close();
  await server.close();
}
t.done();
