// Check of the React example: the `vite build` output served statically, in headless Chromium.
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { serve, launch, openPage, checks } from "../harness.mjs";

const t = checks("react");
const server = await serve(fileURLToPath(new URL("dist/", import.meta.url)));
const browser = await launch();
const text = async (page, selector) => (await page.locator(selector).first().textContent())?.trim();
try {
  const { page, problems } = await openPage(browser);

  await t.check("the built app loads the wasm and renders the first model", async () => {
    await page.goto(server.url);
    await page.waitForSelector("main[data-ready=true]", { timeout: 15000 });
    assert.equal(await page.locator("#model option").count(), 10);
    assert.equal(await text(page, "[data-control=prompt] > label"), "Prompt *");
    assert.equal(await text(page, "[data-control=resolution] > label"), "Resolution");
    assert.equal(await page.locator("#ctl-resolution option").count(), 7);
    assert.equal(await text(page, "#ctl-resolution option[value='2048*2048']"), "2048 × 2048 · 1:1 · 4.2 MP");
  });

  await t.check("errors, request body and price follow the values (useImageControls)", async () => {
    assert.equal(await page.getAttribute("[data-control=prompt] .error", "data-key"), "error.required");
    assert.equal(await text(page, "[data-control=prompt] .error"), "Prompt is required.");
    assert.equal(await page.getAttribute("#request", "data-ok"), "false");
    await page.fill("#ctl-prompt", "a lighthouse at dusk");
    await page.fill("#ctl-n", "3");
    assert.equal(await page.locator("#image-form .error").count(), 0);
    const body = JSON.parse(await text(page, "#request"));
    assert.deepEqual([body.model, body.prompt, body.n], ["hidream-o1-image", "a lighthouse at dusk", 3]);
    assert.equal(await text(page, "#price"), "$0.12");
  });

  await t.check("react-jsonschema-form renders the schema and agrees with validateValues", async () => {
    const rjsf = page.locator("#rjsf");
    assert.equal(await page.inputValue("#root_prompt"), "a lighthouse at dusk");
    assert.equal(await page.locator("#root_resolution option").first().textContent(), "2048 × 2048 · 1:1 · 4.2 MP");
    await page.selectOption("#root_resolution", { label: "2560 × 1440 · 16:9 · 3.7 MP" });
    assert.equal(await page.inputValue("#ctl-resolution"), "2560*1440");
    assert.equal(await page.getAttribute("#root_n", "type"), "range");
    assert.equal(await rjsf.getAttribute("data-schema-valid"), "true");
    assert.equal(await rjsf.getAttribute("data-library-valid"), "true");
    for (const bad of ["", "   "]) {
      await page.fill("#ctl-prompt", bad);
      assert.equal(await rjsf.getAttribute("data-schema-valid"), "false", JSON.stringify(bad));
      assert.equal(await rjsf.getAttribute("data-library-valid"), "false", JSON.stringify(bad));
    }
    await page.locator("#rjsf button[type=submit]").click();
    assert.ok((await page.locator("#rjsf .errors, #rjsf .panel-danger").count()) > 0, "rjsf shows no error list");
    await page.fill("#root_prompt", "a lighthouse at dawn");
    assert.equal(await page.inputValue("#ctl-prompt"), "a lighthouse at dawn");
    assert.equal(await rjsf.getAttribute("data-schema-valid"), "true");
    await page.locator("#rjsf button[type=submit]").click();
    assert.equal(JSON.parse(await text(page, "#rjsf-submitted")).prompt, "a lighthouse at dawn");
  });

  await t.check("setModel migrates the values and lists the changes", async () => {
    await page.selectOption("#model", "recraft-ai/recraft-v4.1/text-to-image");
    await page.fill("#ctl-n", "6");
    await page.selectOption("#model", "hidream-o1-image");
    assert.equal(await page.inputValue("#ctl-n"), "4");
    assert.equal(await page.inputValue("#ctl-prompt"), "a lighthouse at dawn");
    const lowered = page.locator("#changes li[data-key='change.lowered']");
    assert.equal(await lowered.textContent(), "Number of images lowered to 4, the most this model allows.");
  });

  await t.check("translation by keys: labels, options, errors, changes and the rjsf titles", async () => {
    await page.selectOption("#locale", "de");
    assert.equal(await text(page, "[data-control=resolution] > label"), "Auflösung");
    assert.equal(await text(page, "#ctl-resolution option[value='2048*2048']"), "2048 × 2048 · 1:1 · 4,2 MP");
    assert.equal(
      await page.locator("#changes li[data-key='change.lowered']").textContent(),
      "Anzahl der Bilder auf 4 gesenkt, mehr erlaubt dieses Modell nicht.",
    );
    assert.match(await text(page, "#rjsf label[for=root_resolution]"), /^Auflösung/);
    await page.fill("#ctl-prompt", "");
    assert.equal(await text(page, "[data-control=prompt] .error"), "Bildbeschreibung ist erforderlich.");
    assert.equal(await text(page, "#price"), "0,16\u00a0$");
    assert.equal(await page.getAttribute("#missing-keys", "data-keys"), "");
  });

  await t.check("no page errors", async () => {
    assert.deepEqual(problems, []);
  });
  await page.fill("#ctl-prompt", "ein Leuchtturm in der Abenddämmerung");
  await page.screenshot({ path: new URL("../../artifacts/examples-react.png", import.meta.url).pathname, fullPage: true });
} finally {
  await browser.close();
  await server.close();
}
t.done();
