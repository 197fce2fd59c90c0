// The page on a phone-sized screen (375 px wide): nothing splits where a reader would stumble.
import { execFileSync } from "node:child_process";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { chooseFiles, fixture, openDemo, pickModel, promptBox, screenshot } from "./helpers";

test.use({ viewport: { width: 375, height: 812 } });

/** On how many lines the first match of `pattern` in `root`'s text is laid out (0: not found). */
async function lines(root: Locator, pattern: RegExp): Promise<number> {
  return root.evaluate((el, source) => {
    const re = new RegExp(source, "u");
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const found = re.exec(node.textContent ?? "");
      if (!found) continue;
      const range = document.createRange();
      range.setStart(node, found.index);
      range.setEnd(node, found.index + found[0].length);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    }
    return 0;
  }, pattern.source);
}

/** Every width from 320 to 420 px: a number and its unit stay on one line in each `[root, pattern]`. */
async function expectUnbroken(page: Page, cases: [Locator, RegExp][]): Promise<void> {
  for (let width = 320; width <= 420; width += 5) {
    await page.setViewportSize({ width, height: 812 });
    for (const [root, pattern] of cases) {
      expect(await lines(root, pattern), `${pattern} at ${width} px`).toBe(1);
    }
  }
  await page.setViewportSize({ width: 375, height: 812 });
}

test("long numbers and their units never wrap inside", async ({ page }) => {
  await openDemo(page); // the bundled snapshot
  await pickModel(page, "hidream-o1-image");
  await promptBox(page).fill("a lighthouse");
  // A PNG of 3 031 988 bytes: more than the 2 999 952 the OpenAI-compatible endpoint takes, and
  // both read "2.9 MB", so the library writes the exact counts.
  const png = Buffer.alloc(3_031_988);
  Buffer.from(PNG, "base64").copy(png);
  await chooseFiles(page, "images", { name: "big.png", mimeType: "image/png", buffer: png });

  const field = page.locator('[data-control="images"]');
  await expect(field.locator(".error")).toHaveText("Input images: image 1 is too large: 3 031 988 bytes of at most 2 999 952 bytes.");
  const problem = page.locator("#problems li");
  await expect(problem).toHaveText(/3\s031\s988\sbytes/);
  await expectUnbroken(page, [
    [field.locator(".error"), /3\s031\s988\sbytes/],
    [field.locator(".error"), /2\s999\s952\sbytes/],
    [problem, /3\s031\s988\sbytes/],
    [problem, /2\s999\s952\sbytes/],
    [field.locator(".hint"), /2\.9\sMB/],
  ]);
  await screenshot(page, "narrow-large-image");
});

// An 8×8 PNG.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGOwir6JFTEMLQkAmRVbgaEaY/sAAAAASUVORK5CYII=";

test("the endpoint paths and the Refresh button stay in one piece", async ({ page }) => {
  await openDemo(page, fixture("demo")); // its status line is long: "5 models, generated Sep 20, 2026."
  await expectUnbroken(page, [
    [page.locator(".endpoint"), /\/v1\/images\/generations/],
    [page.locator(".endpoint"), /OpenAI-compatible/],
    [page.locator(".endpoint"), /\/api\/v1\/images/],
    [page.locator(".catalog-bar"), /Refresh catalog/],
  ]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await screenshot(page, "narrow-overview");
});

test("the price's breakdown stays in one piece", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  await pickModel(page, "midjourney/v7");
  const price = page.locator("#price");
  await expect(price).toHaveText("Estimated price: $0.12 (4 images × $0.03)");
  await expectUnbroken(page, [[price, /\(4\simages\s×\s\$0\.03\)/]]);
});

test("a problem that wraps has its bullet beside its first line", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  await pickModel(page, "black-forest-labs/flux-pro-fill");
  // A mask without an input image: a problem long enough to wrap at this width.
  await chooseFiles(page, "mask", { name: "mask.png", mimeType: "image/png", buffer: Buffer.from(PNG, "base64") });
  const list = page.locator("#problems ul");
  const item = list.locator("li").first();
  await expect(item).toHaveText("Input image: an image to apply the mask to is required.");
  expect(await lines(item, /Input image: an image to apply the mask to is required\./)).toBeGreaterThan(1);

  // The marker is drawn outside the item, in the list's padding: find its ink in a screenshot
  // of the list, left of the entry, and compare with the entry's first line.
  const png = (await list.screenshot()).toString("base64");
  const { ink, firstLine } = await list.evaluate(async (ul, png) => {
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext("2d")!;
    context.drawImage(bitmap, 0, 0);
    const box = ul.getBoundingClientRect();
    const li = ul.querySelector("li")!.getBoundingClientRect();
    const button = ul.querySelector("li button")!;
    const left = Math.floor(button.getBoundingClientRect().left - box.left) - 1;
    const rows: number[] = [];
    for (let y = Math.round(li.top - box.top); y < Math.round(li.bottom - box.top); y++) {
      const { data } = context.getImageData(0, y, left, 1);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i]! + data[i + 1]! + data[i + 2]! < 384) {
          rows.push(y);
          break;
        }
      }
    }
    const range = document.createRange();
    range.selectNodeContents(button);
    const first = [...range.getClientRects()].filter((r) => r.width > 0).sort((a, b) => a.top - b.top)[0]!;
    return { ink: rows, firstLine: { top: first.top - box.top, bottom: first.bottom - box.top } };
  }, png);
  expect(ink.length, "the bullet is drawn").toBeGreaterThan(0);
  const middle = (Math.min(...ink) + Math.max(...ink)) / 2;
  expect(middle, `bullet at ${middle}, first line ${firstLine.top}–${firstLine.bottom}`).toBeGreaterThan(firstLine.top);
  expect(middle).toBeLessThan(firstLine.bottom);
  await screenshot(page, "narrow-problem-list");
});

/** The option texts of `select` that do not fit in its closed box (beside the arrow). */
async function clipped(select: Locator): Promise<string[]> {
  return select.evaluate((el: HTMLSelectElement) => {
    const style = getComputedStyle(el);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = style.font;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20; // the arrow
    return [...el.options].map((o) => o.text).filter((text) => context.measureText(text).width > room);
  });
}

test("the chosen resolution and its price are readable in a closed select", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  await pickModel(page, "openai/gpt-image-2");
  const select = page.getByRole("combobox", { name: "Resolution" });
  const price = page.locator('[data-control="resolution"] .option-price');
  await expect(select).toHaveValue("1k");
  await expect(price).toHaveText("$0.02 per image");
  await expect(select).toHaveAttribute("aria-describedby", new RegExp(`\\b${await price.getAttribute("id")}\\b`));
  await select.selectOption("2k");
  await expect(price).toHaveText("$0.08 per image");

  await pickModel(page, "ideogram-ai/ideogram-v3"); // the longest labels: "1344 × 768 · ≈16:9 · 1.0 MP"
  const resolution = page.getByRole("combobox", { name: "Resolution" });
  for (let width = 320; width <= 420; width += 10) {
    await page.setViewportSize({ width, height: 812 });
    expect(await clipped(resolution), `at ${width} px`).toEqual([]);
  }
  await expect(page.locator('[data-control="resolution"] .option-price')).toHaveText("$0.06 per image");

  // Where there is room, the options name their prices again (to compare them in the open list).
  await page.setViewportSize({ width: 1280, height: 812 });
  await expect(resolution.locator("option", { hasText: "1344 × 768" })).toHaveText(/ — \$0\.06$/);
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(resolution.locator("option", { hasText: "1344 × 768" })).toHaveText("1344 × 768 · ≈16:9 · 1.0 MP");
  await screenshot(page, "narrow-resolution");
});

test("the model list flows with the page, a page of models at a time: one scroll, not a scroll box inside it", async ({ page }) => {
  // Generated at test time (tests/e2e/fixtures/generated-*.json is not committed).
  execFileSync(process.execPath, ["benches/gen-catalog.mjs", "40", "--out", "tests/e2e/fixtures/generated-40.json"]);
  await openDemo(page, fixture("generated-40"));
  const list = page.locator("#model-list");
  const items = list.locator("li");
  const more = page.getByRole("button", { name: /^Show \d+ more models?$/ });
  const scrollBox = () => list.evaluate((el) => el.scrollHeight > el.clientHeight || getComputedStyle(el).overflowY !== "visible");
  await expect(items).toHaveCount(8);
  expect(await scrollBox(), "the list scrolls inside the page").toBe(false);
  await expect(page.locator("#model-count")).toHaveText("Showing 8 of 40 matching models (40 in all): search to narrow the list.");
  // The form starts within a few screens of the top, even with a long description on every model.
  const formTop = await page.locator(".form-panel").evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  expect(formTop).toBeLessThan(3 * 812);

  await expect(more).toHaveText("Show 8 more models");
  await more.click();
  await expect(items).toHaveCount(16);
  for (let i = 0; i < 3; i++) await more.click();
  await expect(items).toHaveCount(40);
  await expect(more).toBeHidden();
  await expect(page.locator("#model-count")).toHaveText("Showing 40 of 40 models.");
  expect(await scrollBox()).toBe(false);

  // A new search starts again at one page.
  await page.getByLabel("Search models").fill("a");
  await expect(items).not.toHaveCount(40);
  expect(await items.count()).toBeLessThanOrEqual(9); // a page, and the selected model
  await page.getByLabel("Search models").fill("");
  await expect(items).toHaveCount(8);

  // Where the columns stand side by side, the list is a scroll box of its own beside the form, as before.
  await page.setViewportSize({ width: 1400, height: 1000 });
  await expect(items).toHaveCount(40);
  await expect(more).toBeHidden();
  expect(await scrollBox()).toBe(true);
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(items).toHaveCount(8);
  await screenshot(page, "narrow-model-list");
});

test("Generate's outcome is brought into view, and a missing key is said beside the key field", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  await promptBox(page).fill("two small boats");
  const key = page.getByLabel(/API key/);
  const generate = page.getByRole("button", { name: "Generate" });
  // Scrolled down the form to the button, as a thumb does: the button at the bottom of the screen.
  const pressGenerate = async () => {
    await generate.evaluate((el) => el.scrollIntoView({ block: "end" }));
    await generate.click();
  };

  // No key: the focus goes to the field, and the reason is under it (it was in the result, below the screen).
  await pressGenerate();
  await expect(key).toBeFocused();
  const missing = page.getByText("Enter your NanoGPT API key to send this request.");
  await expect(missing).toBeInViewport();
  await expect(key).toHaveAttribute("aria-describedby", "api-key-hint api-key-error");
  await expect(key).toHaveAttribute("aria-invalid", "true");
  await key.fill("e2e-valid-key");
  await expect(missing).toBeHidden();
  await expect(key).not.toHaveAttribute("aria-invalid");

  // The images appear below the request preview, far from the button: the page goes there.
  await pressGenerate();
  await expect(page.locator("#result img")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "Result" })).toBeInViewport({ ratio: 1 });
  await expect(page.locator("#result img")).toBeInViewport();
  await screenshot(page, "narrow-generated");
});
