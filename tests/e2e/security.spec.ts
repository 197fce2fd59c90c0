// Catalog data is untrusted: it must render as text. The CSP must hold for the served build.
import { expect, test } from "@playwright/test";
import { fixture, openDemo, screenshot, watchConsole } from "./helpers";

const HOSTILE_NAME = "<img src=x onerror=window.__pwned=1>";

test("hostile catalog strings are rendered as text, never as markup", async ({ page }) => {
  const problems = watchConsole(page);
  await openDemo(page, fixture("hostile"));

  const item = page.locator("#model-list li.model").first();
  await expect(item.locator(".model-name")).toHaveText(HOSTILE_NAME);
  await expect(item.locator(".model-desc")).toHaveText("<script>window.__pwned=3</script><b>not bold</b>");
  await expect(item.locator(".model-id")).toHaveText('evil/"><img src=x onerror=window.__pwned=2>');
  // The javascript: icon was dropped by the library; the placeholder is used instead.
  await expect(item.locator("img")).toHaveCount(0);
  await expect(item.locator(".icon.placeholder")).toHaveText("<");

  // Option labels, radio labels and control labels from the catalog are text too.
  await expect(page.getByLabel("Resolution").locator("option", { hasText: "<img src=x onerror=window.__pwned=4>" })).toHaveCount(1);
  await page.locator("details.advanced summary").click();
  await expect(page.getByRole("radio", { name: "<b>b</b>" })).toHaveCount(1);
  await expect(page.getByRole("group", { name: /^<svg onload=window/ })).toBeVisible();
  const style = page.getByLabel("<img src=x onerror=window.__pwned=6>");
  await expect(style.locator("option", { hasText: "<img src=x onerror=window.__pwned=8>" })).toHaveCount(1);
  await expect(page.locator('[data-control="style"] .hint')).toHaveText("<img src=x onerror=window.__pwned=7>");

  // Nothing ran, and no element came out of the catalog strings.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"], script:not([src]), svg, b, i')).toHaveCount(0);
  // The library's warnings about the dropped icon URLs are shown to the developer.
  await expect(page.locator("#catalog-warnings summary")).toHaveText("2 catalog warnings");
  await screenshot(page, "hostile-catalog");
  expect(problems).toEqual([]);
});

test("the served page has a strict Content-Security-Policy that blocks inline scripts", async ({ page }) => {
  const response = await page.goto("/");
  const header = response?.headers()["content-security-policy"] ?? "";
  expect(header).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(header).not.toContain("unsafe-inline");
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.locator("body")).toHaveAttribute("data-ready", "true"); // wasm instantiated under the CSP

  const violation = page.evaluate(
    () => new Promise<string>((resolve) => document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true })),
  );
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__inline = true";
    document.body.append(script);
  });
  expect(await violation).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as unknown as { __inline?: boolean }).__inline)).toBeUndefined();
});

test("the ?catalog= override only accepts same-origin paths", async ({ page }) => {
  await openDemo(page, "?catalog=//evil.example/api");
  await expect(page.locator("#catalog-banner")).toContainText("snapshot"); // ignored: the default proxy path was used
});
