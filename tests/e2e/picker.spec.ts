// The model list and the form never disagree: the selected model stays listed (and checked)
// whatever the search and filters hide, so the list always shows what the form is built for.
import { expect, test } from "@playwright/test";
import { fixture, openDemo, pickModel, promptBox } from "./helpers";

test("a search or filter that excludes the selected model keeps it listed and checked", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  await pickModel(page, "lumen/lumen-xl-lab");
  const lumen = page.locator('#model-list li[data-model-id="lumen/lumen-xl-lab"]');
  const count = page.locator("#model-count");

  await page.getByLabel("Search models").fill("midj");
  await expect(page.getByRole("radio", { name: "Lumen XL Lab" })).toBeChecked();
  await expect(page.locator("#model-list li")).toHaveCount(2);
  await expect(count).toHaveText("Showing 1 of 5 models, and the selected model, which does not match.");
  await expect(lumen).toHaveClass(/\bunmatched\b/);
  await expect(lumen.locator(".model-unmatched")).toHaveText("Selected; does not match the search or filters.");
  // The form is still Lumen's, and the checked radio says so.
  await expect(page.locator("details.advanced summary")).toHaveText("Advanced (9)");

  // A filter that matches nothing: the selected model is still the one shown.
  await page.getByLabel("Search models").fill("");
  await page.getByLabel("Inpainting").check();
  await expect(count).toHaveText("Showing 1 of 5 models, and the selected model, which does not match.");
  await page.getByLabel("Search models").fill("no such model");
  await expect(count).toHaveText("Showing 0 of 5 models, and the selected model, which does not match.");
  await expect(page.locator("#model-list li")).toHaveCount(1);
  await expect(page.getByRole("radio", { name: "Lumen XL Lab" })).toBeChecked();

  // Picking a matching model from the keyboard switches the form; the old one leaves the list
  // at the next search.
  await page.getByLabel("Search models").fill("fill");
  const checked = page.locator('#model-list input[type="radio"]:checked');
  await checked.focus();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("radio", { name: "FLUX.1 Fill [pro]" })).toBeChecked();
  await expect(page.getByLabel("Mask", { exact: true })).toBeVisible();
  await page.getByLabel("Search models").fill("flux");
  await expect(count).toHaveText("Showing 1 of 5 models.");
  await expect(page.locator("#model-list li")).toHaveCount(1);
  await promptBox(page).fill("a fox");
});
