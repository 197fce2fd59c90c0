// Refresh revalidates the catalog and says what changed. The demo server serves demo.json on the
// first request of this token and demo-v2.json after that (one model removed, one added, one repriced).
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { openDemo, pickModel, promptBox, screenshot } from "./helpers";

test("refresh reports added, removed and changed models and keeps the form usable", async ({ page }, info) => {
  const token = `t${info.workerIndex}-${Date.now()}`;
  await openDemo(page, `?catalog=/__e2e__/seq/${token}/demo,demo-v2`);
  await pickModel(page, "midjourney/v7");
  await expect(page.locator("#catalog-status")).toHaveText("5 models, generated Sep 20, 2026.");

  await page.getByRole("button", { name: "Refresh catalog" }).click();
  const status = page.locator("#catalog-status");
  await expect(status).toHaveText(
    "Catalog refreshed: 1 added (Recraft V4.1); 1 removed (Midjourney V7); 1 changed (Ideogram V3).",
  );
  // The chosen model is gone: the first one is taken, and the switch is explained.
  await expect(page.getByRole("radio", { name: "Ideogram V3" })).toBeChecked();
  await expect(page.locator("#migration")).toContainText("Switched from Midjourney V7 to Ideogram V3.");
  await expect(page.locator('#model-list li[data-model-id="ideogram-ai/ideogram-v3"] .model-price')).toHaveText("$0.08 per image");
  await screenshot(page, "refresh-diff");

  await page.getByRole("button", { name: "Refresh catalog" }).click();
  await expect(status).toHaveText("Catalog refreshed: no changes.");
});

test("a failed refresh keeps the last good catalog and says why", async ({ page }, info) => {
  const token = `f${info.workerIndex}-${Date.now()}`;
  await openDemo(page, `?catalog=/__e2e__/seq/${token}/demo,no-such-fixture`);
  await pickModel(page, "midjourney/v7");
  await page.getByRole("button", { name: "Refresh catalog" }).click();
  // In a few words; the library's message under Details (it was all in the status line).
  await expect(page.locator("#catalog-status")).toHaveText("The catalog could not be refreshed (the server answered HTTP 404); the previous one is still in use.");
  const details = page.locator("#catalog-status-details");
  await details.locator("summary").click();
  await expect(details.locator("p")).toHaveText(/^http: .*404/);
  await expect(page.getByRole("radio", { name: "Midjourney V7" })).toBeChecked();
  await expect(page.locator("#model-count")).toHaveText("Showing 5 of 5 models.");
});

test("offline at first: the bundled snapshot is used, and refreshing later compares against it", async ({ page }) => {
  // The browser cannot reach the demo server's catalog at all (not only NanoGPT): the page reads
  // the snapshot bundled next to it.
  await page.route("**/nanogpt/**", (route) => route.abort("internetdisconnected"));
  await openDemo(page);
  // Short, and naming what failed: the page's request to its own server, not NanoGPT. The
  // technical cause is folded away.
  const banner = page.locator("#catalog-banner");
  await expect(banner.locator("> p")).toHaveText(
    "The live catalog could not be loaded (this page could not get it from its server). Showing the catalog snapshot " +
      "bundled with the demo (11 models); models and prices may be out of date. Use Refresh catalog to try again.",
  );
  const details = banner.locator("details");
  await expect(details.locator("p")).toBeHidden();
  await details.locator("summary").click();
  await expect(details.locator("p")).toHaveText(/^This page's request to its server: network: .*Failed to fetch/);
  await promptBox(page).fill("a red bicycle");

  const status = page.locator("#catalog-status");
  await page.getByRole("button", { name: "Refresh catalog" }).click();
  await expect(status).toHaveText("The catalog could not be refreshed (the server could not be reached); the previous one is still in use.");
  await expect(page.locator("#catalog-status-details p")).toHaveText(/^network: .*Failed to fetch/);

  // Back online: the proxy answers (with the same snapshot, NanoGPT being unreachable in the
  // tests), and nothing is reported as added.
  await page.unroute("**/nanogpt/**");
  await page.getByRole("button", { name: "Refresh catalog" }).click();
  await expect(status).toHaveText("Catalog refreshed: no changes.");
  await expect(page.locator("#catalog-status-details")).toBeHidden();
  await expect(promptBox(page)).toHaveValue("a red bicycle");
  await expect(page.getByRole("radio", { name: "P-Image", exact: true })).toBeChecked();
  // The same catalog, but now the page reaches its server, which could not reach NanoGPT: the
  // banner says so (it kept blaming the page's connection).
  await expect(banner.locator("> p")).toHaveText(/^The live catalog could not be loaded \(the demo server got no catalog from NanoGPT\)\. /);
  await expect(details.locator("p")).toHaveText(/^The demo server's request to NanoGPT: /);
  await screenshot(page, "offline-banner");
});

test("an open Details in the catalog banner stays open when a refresh redraws the banner", async ({ page }) => {
  await openDemo(page); // the demo server's snapshot: NanoGPT cannot be reached in the tests
  const details = page.locator("#catalog-banner details");
  await details.locator("summary").click();
  await expect(details.locator("p")).toBeVisible();
  for (const round of [1, 2]) {
    await page.getByRole("button", { name: "Refresh catalog" }).click();
    await expect(page.locator("#catalog-status")).toHaveText("Catalog refreshed: no changes.");
    await expect(page.getByRole("button", { name: "Refresh catalog" })).toBeEnabled(); // the banner is redrawn by then
    await expect(details.locator("p"), `after refresh ${round}`).toBeVisible();
  }
  // And closed stays closed.
  await details.locator("summary").click();
  await page.getByRole("button", { name: "Refresh catalog" }).click();
  await expect(page.getByRole("button", { name: "Refresh catalog" })).toBeEnabled();
  await expect(details.locator("p")).toBeHidden();
});

test("a refresh that brings thousands of models names a few of each kind and counts the rest", async ({ page }, info) => {
  // Generated at test time (tests/e2e/fixtures/generated-*.json is not committed); the same seed,
  // so the larger catalog starts with the smaller one's models.
  for (const n of [200, 2000]) {
    execFileSync(process.execPath, ["benches/gen-catalog.mjs", String(n), "--out", `tests/e2e/fixtures/generated-${n}.json`]);
  }
  const token = `g${info.workerIndex}-${Date.now()}`;
  await openDemo(page, `?catalog=/__e2e__/seq/${token}/generated-200,generated-2000`);
  await page.getByRole("button", { name: "Refresh catalog" }).click();
  const status = page.locator("#catalog-status");
  await expect(status).toHaveText(/^Catalog refreshed: 1800 added \(([^,()]+, ){4}[^,()]+ and 1795 more\)\.$/);
  expect((await status.textContent())?.length).toBeLessThan(300);
});
