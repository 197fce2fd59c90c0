// Accessibility checks of the demo page (WCAG 2.2 AA): keyboard focus that is never lost,
// live regions, names and roles, and the contrast of the rendered colours.
import { expect, test, type FileChooser, type Page } from "@playwright/test";
import { chooseFiles, fixture, openDemo, pickModel, promptBox } from "./helpers";

/** A promise and the function that settles it: holds a routed request until the test lets it go. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** The id (or tag) of the element that has the keyboard focus. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

test("Refresh and Generate keep the keyboard focus while they run and after", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  // A disabled button loses the focus to the page's body: a keyboard user starts again at the top.
  const catalog = gate();
  await page.route(/\/api\/v1\/image-models/, async (route) => {
    await catalog.wait;
    await route.continue();
  });
  const refresh = page.getByRole("button", { name: "Refresh catalog" });
  await refresh.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#catalog-status")).toHaveText("Checking the catalog for changes…");
  await expect(refresh).toBeDisabled(); // aria-disabled: unavailable, and said so
  await expect(refresh).toBeFocused();
  await page.keyboard.press("Enter"); // ignored while it runs
  catalog.open();
  await expect(page.locator("#catalog-status")).toHaveText("Catalog refreshed: no changes.");
  await expect(refresh).toBeEnabled();
  await expect(refresh).toBeFocused();

  const generation = gate();
  let posts = 0;
  await page.route("**/nanogpt/v1/images/generations", async (route) => {
    posts++;
    await generation.wait;
    await route.continue();
  });
  await promptBox(page).fill("a lighthouse");
  await page.getByLabel(/API key/).fill("e2e-valid-key");
  const generate = page.getByRole("button", { name: "Generate" });
  await generate.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#result")).toHaveText(/^Generating with/);
  await expect(generate).toBeDisabled();
  await expect(generate).toBeFocused();
  await page.keyboard.press("Enter"); // no second request
  generation.open();
  await expect(page.locator("#result img")).toHaveCount(1);
  await expect(generate).toBeEnabled();
  await expect(generate).toBeFocused();
  expect(posts).toBe(1);
});

test("Show more models puts the focus on the first model it added, also when the button then hides", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 }); // one column: the list shows 8 models at a time
  await openDemo(page); // the bundled snapshot: 11 models
  const items = page.locator("#model-list li");
  await expect(items).toHaveCount(8);
  const more = page.getByRole("button", { name: "Show 3 more models" });
  await more.focus();
  await page.keyboard.press("Enter");
  await expect(items).toHaveCount(11);
  await expect(more).toBeHidden(); // the focus was on it
  await expect(items.nth(8).getByRole("radio")).toBeFocused();
  await expect(items.nth(0).getByRole("radio")).toBeChecked(); // focused, not selected
});

test("a problem in a closed Advanced section: Generate and the summary's button open it and focus the field", async ({ page }) => {
  await openDemo(page, `${fixture("demo")}&model=lumen/lumen-xl-lab`);
  await promptBox(page).fill("a lighthouse");
  const advanced = page.locator("details.advanced");
  await advanced.locator("summary").click();
  const guidance = page.getByLabel("Guidance scale");
  await guidance.focus();
  await page.keyboard.type("1e"); // half-typed: "must be a number"
  await expect(page.locator("#problems li")).toHaveText(["Guidance scale must be a number, not text."]);
  await advanced.locator("summary").click(); // folded away again
  await expect(guidance).toBeHidden();

  await page.getByRole("button", { name: "Generate" }).click();
  await expect(advanced).toHaveAttribute("open", "");
  await expect(guidance).toBeFocused();

  await advanced.locator("summary").click();
  await page.locator("#problems").getByRole("button", { name: "Guidance scale must be a number, not text." }).click();
  await expect(guidance).toBeFocused();
  await expect(guidance).toBeVisible();
});

/**
 * For every visible text field, select, textarea and file button: the WCAG contrast of its border
 * against the background around it and against its own, and of its placeholder against its own,
 * from the rendered colours (all opaque in this page).
 */
async function fieldContrasts(page: Page): Promise<{ field: string; edge: number; placeholder: number | null }[]> {
  return page.evaluate(() => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
    const luminance = (css: string) => {
      const [r, g, b] = rgb(css).slice(0, 3).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const ratio = (a: string, b: string) => {
      const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
      return (x! + 0.05) / (y! + 0.05);
    };
    const background = (el: Element | null) => {
      for (let node = el; node; node = node.parentElement) {
        const bg = getComputedStyle(node).backgroundColor;
        if (rgb(bg)[3] !== 0) return bg;
      }
      return getComputedStyle(document.documentElement).backgroundColor;
    };
    const fields = document.querySelectorAll<HTMLElement>("input[type=search], input[type=text], input[type=number], input[type=password], select, textarea, button.choose");
    return [...fields]
      .filter((el) => el.checkVisibility())
      .map((el) => {
        const edge = getComputedStyle(el).borderTopColor;
        const own = background(el);
        return {
          field: el.id || el.className,
          edge: Math.min(ratio(edge, background(el.parentElement)), ratio(edge, own)),
          placeholder: el.getAttribute("placeholder") ? ratio(getComputedStyle(el, "::placeholder").color, own) : null,
        };
      });
  });
}

test("fields have edges of 3:1 and placeholders of 4.5:1, in light and dark color schemes", async ({ page }) => {
  for (const query of [`${fixture("demo")}&model=lumen/lumen-xl-lab`, "?model=hidream-o1-image"]) {
    await openDemo(page, query);
    await page.locator("details.advanced").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const found = await fieldContrasts(page);
      expect(found.length).toBeGreaterThanOrEqual(4);
      for (const { field, edge, placeholder } of found) {
        // WCAG 1.4.11: the edge is what shows a text field is there (its fill is as pale as the panel).
        expect(edge, `${field}: border (${scheme})`).toBeGreaterThanOrEqual(3);
        if (placeholder !== null) expect(placeholder, `${field}: placeholder (${scheme})`).toBeGreaterThanOrEqual(4.5);
      }
    }
  }
});

test("the note after a model switch appears in a live region that was rendered before it", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  // A live region that appears (display: none → shown) together with its text is announced by
  // some screen readers and not by others: the region must be in the page, empty, beforehand.
  const region = () =>
    page.locator("#migration").evaluate((note) => {
      const live = note.closest('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"]');
      return live ? { rendered: live.checkVisibility(), contains: live.contains(note) } : null;
    });
  await expect(page.locator("#migration")).toBeHidden();
  expect(await region()).toEqual({ rendered: true, contains: true });
  await page.locator('#model-list li[data-model-id="midjourney/v7"] label').click();
  await expect(page.locator("#migration")).toContainText("Switched from Ideogram V3 to Midjourney V7.");
});

test("the request preview, a focusable scroll box, is a named region", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  // Focusable so that a keyboard can scroll it; a bare <pre> is a generic element, which may
  // carry no name (ARIA 1.2), so screen readers said nothing of what had the focus.
  const preview = page.getByRole("region", { name: "Request body" });
  await expect(preview).toBeVisible();
  await preview.focus();
  await expect(preview).toBeFocused();
  await expect(preview).toHaveText("The request body appears here once the form is complete.");
});

/**
 * The highest WCAG contrast, against the page colour behind `selector`, of the colours that fill
 * at least `minPixels` pixels of its screenshot (a slider's thumb, its track): as rendered,
 * native parts included.
 */
async function renderedContrast(page: Page, selector: string, minPixels = 100): Promise<number> {
  const png = (await page.locator(selector).screenshot()).toString("base64");
  return page.locator(selector).evaluate(
    async (el, { png, minPixels }) => {
      const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
      let behind = [255, 255, 255];
      for (let node: Element | null = el.parentElement; node; node = node.parentElement) {
        const bg = rgb(getComputedStyle(node).backgroundColor);
        if (bg[3] !== 0) {
          behind = bg.slice(0, 3);
          break;
        }
      }
      const luminance = ([r, g, b]: number[]) =>
        [r!, g!, b!].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
      const image = new Image();
      image.src = `data:image/png;base64,${png}`; // the CSP allows data: images
      await image.decode();
      const canvas = document.createElement("canvas");
      [canvas.width, canvas.height] = [image.width, image.height];
      const context = canvas.getContext("2d")!;
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts = new Map<string, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const back = luminance(behind);
      let best = 1;
      for (const [key, count] of counts) {
        if (count < minPixels) continue;
        const l = luminance(key.split(",").map(Number));
        best = Math.max(best, (Math.max(l, back) + 0.05) / (Math.min(l, back) + 0.05));
      }
      return best;
    },
    { png, minPixels },
  );
}

test("a slider left to the provider's default stays visible at 3:1, in light and dark color schemes", async ({ page }) => {
  await openDemo(page, `${fixture("demo")}&model=lumen/lumen-xl-lab`);
  await page.locator("details.advanced summary").click();
  const unset = page.getByRole("slider", { name: "Refine passes" });
  await expect(unset).toHaveAttribute("aria-valuetext", "Provider default");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // WCAG 1.4.11: its thumb is what shows where the slider stands (it was 55 % opaque: 2.2:1 on white).
    expect(await renderedContrast(page, "#ctl-refine_005fpasses"), `unset slider (${scheme})`).toBeGreaterThanOrEqual(3);
    expect(await renderedContrast(page, "#ctl-n"), `set slider (${scheme})`).toBeGreaterThanOrEqual(3);
  }
});

test("the focused model keeps the focus when the list is redrawn for one column (a zoom to 200 %)", async ({ page }) => {
  await openDemo(page); // the bundled snapshot: 11 models
  const second = page.locator("#model-list li").nth(1).getByRole("radio");
  await second.focus();
  await page.keyboard.press("Space");
  await expect(second).toBeChecked();
  // 1400 px at 200 % zoom: 700 CSS px, one column, where the list is redrawn a page at a time.
  await page.setViewportSize({ width: 700, height: 500 });
  await expect(page.locator("#model-list li")).toHaveCount(8);
  await expect(second).toBeFocused();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await expect(page.locator("#model-list li")).toHaveCount(11);
  await expect(second).toBeFocused();
  // A focused model that the redraw leaves out hands the focus to the selected one.
  await page.locator("#model-list li").nth(10).getByRole("radio").focus();
  await page.setViewportSize({ width: 700, height: 500 });
  await expect(page.locator("#model-list li")).toHaveCount(8);
  await expect(second).toBeFocused();
});

test("a slider's value is said once: its output beside it is not a live region", async ({ page }) => {
  await openDemo(page, `${fixture("demo")}&model=lumen/lumen-xl-lab`);
  await page.locator("details.advanced summary").click();
  const outputs = page.locator(".slider output");
  expect(await outputs.count()).toBeGreaterThan(0);
  // `<output>` is a status region (polite) unless told otherwise; the slider itself announces.
  for (const output of await outputs.all()) await expect(output).toHaveAttribute("aria-live", "off");
});

test("an image field is one named button, in the tab order and the accessibility tree, that opens the file chooser", async ({ page }) => {
  await openDemo(page, `${fixture("demo")}&model=openai/gpt-image-2`);
  const field = page.locator('[data-control="images"]');
  // What assistive technology sees of the field: its label, one button named by the label and
  // its own text, the hint and the count. (The button was aria-hidden and out of the tab order,
  // standing in front of a 1 px file input that took the focus: touch screen readers and voice
  // control found nothing to press.)
  await expect(field).toMatchAriaSnapshot(`
    - text: Input images
    - button "Input images Add images…"
    - text: No image chosen
    - paragraph: /Up to 16 images/
  `);
  await expect(field.getByRole("button")).toHaveCount(1); // the snapshot above allows more
  const button = field.getByRole("button", { name: "Input images Add images…" });
  await expect(button).toHaveAttribute("aria-describedby", /\bhint-images\b.*\bctl-images_chosen\b/);

  // One tab stop: Tab and Shift+Tab from the button leave the field (the hidden input was a
  // second, invisible stop).
  const outside = () => page.evaluate(() => document.activeElement?.closest('[data-control="images"]') === null);
  await button.focus();
  await page.keyboard.press("Shift+Tab");
  expect(await outside()).toBe(true);
  await page.keyboard.press("Tab");
  await expect(button).toBeFocused();
  await page.keyboard.press("Tab");
  expect(await outside()).toBe(true);

  // The keyboard opens the file chooser. (Listening from here on: a listener added just before a
  // key press may not be in place in the browser yet.)
  const choosers: FileChooser[] = [];
  page.on("filechooser", (chooser) => choosers.push(chooser));
  await button.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => choosers.length).toBe(1);
  expect(choosers[0]!.isMultiple()).toBe(true);
  await choosers[0]!.setFiles({ name: "a.png", mimeType: "image/png", buffer: PNG });
  await expect(field.locator(".chosen")).toHaveText("1 image chosen");
  await expect(button).toBeFocused();
  await page.keyboard.press("Space");
  await expect.poll(() => choosers.length).toBe(2);
  // So does the label, as a file input's label does.
  await field.locator("label").click();
  await expect.poll(() => choosers.length).toBe(3);
});

// An 8×8 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGOwir6JFTEMLQkAmRVbgaEaY/sAAAAASUVORK5CYII=", "base64");

/**
 * Every control in the page that is under 24 × 24 CSS px (WCAG 2.2 2.5.8), as "what: width × height".
 * A control's target is its box; a checkbox's or radio's is its box and its labels' (a click on
 * the label is a click on it), and a label's `::after` laid over its card (the model list) counts
 * as the card. The hidden file input, out of the tab order and the accessibility tree, is no target.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])');
    const small: string[] = [];
    for (const el of controls) {
      if (!el.checkVisibility() || (el.tabIndex < 0 && el.closest('[aria-hidden="true"]'))) continue;
      const rects = [el.getBoundingClientRect()];
      const input = el as HTMLInputElement;
      if (input.labels?.length && (input.type === "checkbox" || input.type === "radio")) {
        for (const label of input.labels) {
          const overlay = getComputedStyle(label, "::after");
          const card = overlay.content !== "none" && overlay.position === "absolute" ? label.offsetParent : null;
          rects.push((card ?? label).getBoundingClientRect());
        }
      }
      const seen = rects.filter((r) => r.width > 1 && r.height > 1); // a visually hidden radio is its label
      const width = Math.max(...seen.map((r) => r.right)) - Math.min(...seen.map((r) => r.left));
      const height = Math.max(...seen.map((r) => r.bottom)) - Math.min(...seen.map((r) => r.top));
      if (!(width >= 24 && height >= 24)) {
        const name = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
        small.push(`${name}: ${width.toFixed(1)} × ${height.toFixed(1)}`);
      }
    }
    return small;
  });
}

for (const width of [1280, 375]) {
  test(`every control is at least 24 × 24 px at ${width} px (WCAG 2.5.8)`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 900 });
    const found: string[] = [];
    const measure = async (scene: string) => found.push(...(await smallTargets(page)).map((s) => `${scene}: ${s}`));

    // The bundled snapshot (its banner's Details; on a phone, Show more models); an image list.
    await openDemo(page);
    await pickModel(page, "hidream-o1-image");
    await chooseFiles(page, "images", [
      { name: "a.png", mimeType: "image/png", buffer: PNG },
      { name: "b.png", mimeType: "image/png", buffer: PNG },
    ]);
    await expect(page.getByRole("button", { name: "Remove image 2" })).toBeVisible();
    await measure("snapshot");

    // Every control kind (Lumen's Advanced section), a switch note's folded defaults, a slider
    // set away from the provider's default, the problem summary.
    await openDemo(page, fixture("demo"));
    await promptBox(page).fill("a lighthouse");
    await pickModel(page, "lumen/lumen-xl-lab");
    await page.locator("details.advanced summary").click();
    await page.getByRole("slider", { name: "Refine passes" }).fill("2");
    await promptBox(page).fill("");
    await page.getByRole("button", { name: "Generate" }).click();
    await expect(page.locator("#problems li button")).toHaveCount(1);
    await expect(page.locator("#migration details summary")).toBeVisible();
    await expect(page.getByRole("button", { name: "Use provider default" })).toBeVisible();
    await measure("lumen");

    // One image and a mask; then a generation's download link.
    await pickModel(page, "black-forest-labs/flux-pro-fill");
    await chooseFiles(page, "images", { name: "a.png", mimeType: "image/png", buffer: PNG });
    await chooseFiles(page, "mask", { name: "m.png", mimeType: "image/png", buffer: PNG });
    await promptBox(page).fill("replace the sky");
    await page.getByLabel(/API key/).fill("e2e-valid-key");
    await page.getByRole("button", { name: "Generate" }).click();
    await expect(page.getByRole("link", { name: "Download image 1" })).toBeVisible();
    await measure("inpainting");

    // The catalog warnings, and a failed refresh's Details.
    await openDemo(page, `?catalog=/__e2e__/seq/t${info.workerIndex}-${width}-${Date.now()}/hostile,no-such-fixture`);
    await page.getByRole("button", { name: "Refresh catalog" }).click();
    await expect(page.locator("#catalog-status-details summary")).toBeVisible();
    await expect(page.locator("#catalog-warnings summary")).toBeVisible();
    await measure("warnings");

    expect(found).toEqual([]);
  });
}

/**
 * Every piece of text on screen whose WCAG contrast against the colour behind it is under 4.5:1
 * (3:1 for large text, WCAG 1.4.3; and for the text of a disabled or busy button, which WCAG
 * exempts but should stay legible), as "what "text": ratio". The text colour and the background
 * are the computed ones, blended through any `opacity` on the way up (one such element at most).
 * Text in fields (values, the select's chosen option) counts as the field's.
 */
async function lowContrasts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (css: string): RGBA => {
      const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return [r, g, b, a];
    };
    const over = (top: RGBA, below: RGBA): RGBA => [0, 1, 2].map((i) => top[i]! * top[3] + below[i]! * (1 - top[3])).concat(1) as RGBA;
    const luminance = ([r, g, b]: RGBA) =>
      [r, g, b].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    const ratio = (a: RGBA, b: RGBA) => {
      const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
      return (x! + 0.05) / (y! + 0.05);
    };
    const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
    /** The opaque colour painted behind `el`'s content (its own background, or its ancestors'). */
    const background = (el: Element | null): RGBA => {
      const layers: RGBA[] = [];
      for (let node = el; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] === 1) break;
      }
      return layers.reduceRight((below, top) => over(top, below), canvas[3] === 1 ? canvas : ([255, 255, 255, 1] as RGBA));
    };
    const faded = (el: Element) => {
      let found: Element | null = null;
      for (let node: Element | null = el; node; node = node.parentElement) {
        if (Number(getComputedStyle(node).opacity) < 1) {
          if (found) throw new Error("two elements with opacity on the way up: blend them here");
          found = node;
        }
      }
      return found;
    };
    const mix = (behind: RGBA, top: RGBA, o: number) => over([top[0], top[1], top[2], o], behind);

    const owners = new Set<HTMLElement>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (el && node.textContent?.trim() && !el.closest("option, optgroup, script, style")) owners.add(el);
    }
    for (const el of document.querySelectorAll<HTMLElement>("input[type=text], input[type=number], input[type=search], input[type=password], select, textarea")) {
      if (el.matches("select") || (el as HTMLInputElement).value) owners.add(el);
    }
    const low: string[] = [];
    for (const el of owners) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const style = getComputedStyle(el);
      let back = background(el);
      let text = over(parse(style.color), back);
      const dim = faded(el);
      if (dim) {
        const behind = background(dim.parentElement);
        const o = Number(getComputedStyle(dim).opacity);
        [text, back] = [mix(behind, text, o), mix(behind, back, o)];
      }
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const disabled = el.closest("button:disabled, button[aria-disabled=true]") !== null;
      const needed = large || disabled ? 3 : 4.5;
      const found = ratio(text, back);
      if (found < needed) {
        const what = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}${el.className ? `.${el.className.split(" ")[0]}` : ""}`;
        low.push(`${what} "${(el.textContent || (el as HTMLInputElement).value || "").trim().slice(0, 30)}": ${found.toFixed(2)} (needs ${needed})`);
      }
    }
    return low;
  });
}

test("all text reads at 4.5:1, and busy buttons at 3:1, in light and dark color schemes", async ({ page }, info) => {
  const found: string[] = [];
  const measure = async (scene: string) => {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      found.push(...(await lowContrasts(page)).map((s) => `${scene} (${scheme}): ${s}`));
    }
  };
  const openAll = () => page.locator("details").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));

  // The bundled snapshot: the banner, badges, ids, an image list; a busy Refresh.
  await openDemo(page);
  await pickModel(page, "hidream-o1-image");
  await chooseFiles(page, "images", { name: "a.png", mimeType: "image/png", buffer: PNG });
  const catalog = gate();
  await page.route(/\/api\/v1\/image-models/, async (route) => {
    await catalog.wait;
    await route.continue();
  });
  await page.getByRole("button", { name: "Refresh catalog" }).click();
  await expect(page.getByRole("button", { name: "Refresh catalog" })).toBeDisabled();
  await openAll();
  await measure("snapshot");
  catalog.open();
  await expect(page.getByRole("button", { name: "Refresh catalog" })).toBeEnabled();

  // Every control kind, a switch note, a slider at the provider's default, problems, the
  // request's placeholder.
  await openDemo(page, fixture("demo"));
  await promptBox(page).fill("a lighthouse");
  await pickModel(page, "lumen/lumen-xl-lab");
  await promptBox(page).fill("");
  await page.getByRole("button", { name: "Generate" }).click();
  await openAll();
  await measure("lumen");

  // A busy Generate, then its images.
  const generation = gate();
  await page.route("**/nanogpt/v1/images/generations", async (route) => {
    await generation.wait;
    await route.continue();
  });
  await promptBox(page).fill("a lighthouse");
  await page.getByLabel(/API key/).fill("e2e-valid-key");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByRole("button", { name: "Generate" })).toBeDisabled();
  await measure("generating");
  generation.open();
  await expect(page.getByRole("link", { name: "Download image 1" })).toBeVisible();
  await measure("generated");

  // Catalog warnings and a failed refresh's Details.
  await openDemo(page, `?catalog=/__e2e__/seq/c${info.workerIndex}-${Date.now()}/hostile,no-such-fixture`);
  await page.getByRole("button", { name: "Refresh catalog" }).click();
  await expect(page.locator("#catalog-status-details")).toBeVisible();
  await openAll();
  await measure("warnings");

  expect(found).toEqual([]);
});
