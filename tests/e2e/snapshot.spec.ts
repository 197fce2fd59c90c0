// The default page: the catalog comes through the demo's proxy, which falls back to the bundled
// snapshot because the (stand-in) upstream cannot be reached.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { fixture, openDemo, promptBox, requestBody, screenshot, watchConsole } from "./helpers";

test("falls back to the bundled snapshot and says so", async ({ page }) => {
  const problems = watchConsole(page);
  const response = await page.request.get("/nanogpt/api/v1/image-models");
  expect(response.headers()["x-catalog-source"]).toBe("snapshot");

  await openDemo(page);
  await expect(page.locator("#catalog-banner")).toBeVisible();
  await expect(page.locator("#catalog-banner > p")).toHaveText(
    "The live catalog could not be loaded (the demo server got no catalog from NanoGPT). Showing the catalog snapshot " +
      "bundled with the demo (11 models); models and prices may be out of date. Use Refresh catalog to try again.",
  );
  await expect(page.locator("#catalog-banner details p")).toHaveText(/^The demo server's request to NanoGPT: .+\.$/);
  await expect(page.locator("#model-count")).toHaveText("Showing 11 of 11 models.");

  // Icon (or its placeholder), name, id, description and price of each model.
  const pImage = page.locator('#model-list li[data-model-id="pruna-ai/p-image/text-to-image"]');
  await expect(pImage.locator(".model-name")).toHaveText("P-Image");
  await expect(pImage.locator(".model-desc")).toContainText("Fast text-to-image generation");
  await expect(pImage.locator(".model-price")).toHaveText("$0.005 per image");
  await expect(pImage.locator(".icon")).toHaveCount(1);

  // The first model is selected and its form is usable right away.
  await expect(page.getByRole("radio", { name: "P-Image", exact: true })).toBeChecked();
  await promptBox(page).fill("a red bicycle");
  expect(await requestBody(page)).toMatchObject({ model: "pruna-ai/p-image/text-to-image", prompt: "a red bicycle" });
  await screenshot(page, "snapshot-overview");

  // Revalidation: the snapshot's ETag matches, so nothing changed (and the form is kept).
  await page.getByRole("button", { name: "Refresh catalog" }).click();
  await expect(page.locator("#catalog-status")).toHaveText("Catalog refreshed: no changes.");
  await expect(promptBox(page)).toHaveValue("a red bicycle");
  expect(problems).toEqual([]);
});

test("search and filters narrow the model list", async ({ page }) => {
  await openDemo(page);
  const count = page.locator("#model-count");
  const names = page.locator("#model-list .model-name");

  // P-Image, selected, stays listed when it does not match (picker.spec.ts).
  await page.getByLabel("Search models").fill("recraft");
  await expect(count).toHaveText("Showing 4 of 11 models, and the selected model, which does not match.");
  await page.getByLabel("Search models").fill("seedream-v5.0"); // matches ids, not names
  await expect(count).toHaveText("Showing 2 of 11 models, and the selected model, which does not match.");
  await page.getByLabel("Search models").fill("");

  await page.getByLabel("Image to image").check();
  await expect(count).toHaveText("Showing 6 of 11 models, and the selected model, which does not match.");
  await expect(names).not.toContainText(["Recraft V4.1"]);
  await page.getByLabel("Image to image").uncheck();

  await page.getByLabel("Show NSFW models").uncheck();
  await expect(count).toHaveText("Showing 1 of 11 models.");
  await expect(names).toHaveText(["P-Image"]);

  await page.getByLabel("Inpainting").check();
  await expect(count).toHaveText("Showing 0 of 11 models, and the selected model, which does not match.");
  await expect(names).toHaveText(["P-Image"]);
});

test("a catalog of thousands lists the first 200 matches and the search narrows them", async ({ page }) => {
  // Generated at test time (tests/e2e/fixtures/generated-*.json is not committed).
  const file = "tests/e2e/fixtures/generated-1500.json";
  execFileSync(process.execPath, ["benches/gen-catalog.mjs", "1500", "--out", file]);
  await openDemo(page, fixture("generated-1500"));
  const count = page.locator("#model-count");
  const items = page.locator("#model-list li");
  await page.getByLabel("Show NSFW models").check();
  await expect(count).toHaveText(/^Showing 200 of 1500 matching models \(1500 in all\): search to narrow the list\.$/);
  await expect(items).toHaveCount(200);
  const id = (await items.nth(150).getAttribute("data-model-id")) ?? "";
  await page.getByLabel("Search models").fill(id);
  // The selected (first) model stays listed, marked, beside the matches.
  await expect(page.locator("#model-list li:not(.unmatched)").first()).toHaveAttribute("data-model-id", id);
  await expect(count).toHaveText(/^Showing \d+ of 1500 models, and the selected model, which does not match\.$/);
});
