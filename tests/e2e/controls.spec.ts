// The generated form on a test catalog (tests/e2e/fixtures/demo.json) whose models exercise
// every control kind, served by the demo server under /__e2e__/ (same HTTP path as the real catalog).
import { expect, test } from "@playwright/test";
import { chooseFiles, fileInput, fixture, openDemo, pickModel, promptBox, requestBody, screenshot, watchConsole } from "./helpers";

test.beforeEach(async ({ page }) => {
  await openDemo(page, fixture("demo"));
});

test("select, slider and radio drive the request body and the price", async ({ page }) => {
  const problems = watchConsole(page);
  await expect(page.getByRole("radio", { name: "Ideogram V3" })).toBeChecked();

  // Resolution: a select whose options show the parsed label and the price.
  const resolution = page.getByLabel("Resolution");
  await expect(resolution).toHaveValue("1024x1024");
  await expect(resolution.locator("option", { hasText: "1344 × 768" })).toHaveText(/\$0\.06$/);

  // Number of images: a range input with an output.
  const slider = page.getByRole("slider", { name: "Number of images" });
  await expect(slider).toHaveAttribute("min", "1");
  await expect(slider).toHaveAttribute("max", "4");
  await expect(page.locator('output[for="ctl-n"]')).toHaveText("1");

  // Rendering speed: a radio group in a fieldset with a legend.
  const speed = page.getByRole("group", { name: "Rendering speed" });
  await expect(speed.getByRole("radio")).toHaveCount(3);
  await expect(speed.getByRole("radio", { name: "TURBO" })).toBeChecked();

  await promptBox(page).fill("a lighthouse at dusk");
  expect(await requestBody(page)).toEqual({
    model: "ideogram-ai/ideogram-v3",
    prompt: "a lighthouse at dusk",
    size: "1024x1024",
    n: 1,
    rendering_speed: "TURBO",
  });
  await expect(page.locator("#price")).toHaveText("Estimated price: $0.06 (1 image × $0.06)");

  await resolution.selectOption("1344x768");
  await slider.fill("3");
  await expect(page.locator('output[for="ctl-n"]')).toHaveText("3");
  await speed.getByRole("radio", { name: "QUALITY" }).check();
  expect(await requestBody(page)).toMatchObject({ size: "1344x768", n: 3, rendering_speed: "QUALITY" });
  await expect(page.locator("#price")).toHaveText("Estimated price: $0.18 (3 images × $0.06)");

  // The other endpoint names the resolution field differently.
  await promptBox(page).fill("x".repeat(2001)); // over Ideogram's limit: the switch shortens it
  await page.getByLabel(/Image API/).check();
  await expect(page.locator("#migration")).toContainText("Switched to the Image API endpoint.");
  await promptBox(page).fill("a lighthouse at dusk");
  const body = await requestBody(page);
  expect(body).toMatchObject({ resolution: "1344x768", n: 3, rendering_speed: "QUALITY" });
  expect(body).not.toHaveProperty("size");
  await screenshot(page, "controls-ideogram");
  expect(problems).toEqual([]);
});

test("a fixed image count is shown read-only and priced", async ({ page }) => {
  await pickModel(page, "midjourney/v7");
  const count = page.getByLabel("Number of images");
  await expect(count).toHaveAttribute("readonly", "");
  await expect(count).toHaveValue("4");
  await expect(page.getByRole("slider")).toHaveCount(0);
  await expect(page.locator("#price")).toHaveText("Estimated price: $0.12 (4 images × $0.03)");
  // Aspect-ratio resolutions with their labels.
  await expect(page.getByLabel("Resolution").locator("option", { hasText: "16:9" })).toHaveText(/landscape/);
  await screenshot(page, "fixed-count-midjourney");
});

test("tiered sizes and a separate aspect ratio; image inputs honour maxItems and formats", async ({ page }) => {
  await pickModel(page, "openai/gpt-image-2");
  await expect(page.getByLabel("Aspect ratio").locator("option")).toHaveCount(6);
  const images = fileInput(page, "images");
  await expect(images).toHaveAttribute("multiple", "");
  await expect(images).toHaveAttribute("accept", /image\/png/);
  await expect(page.locator('[data-control="images"] .hint')).toContainText("Up to 16 images");

  await promptBox(page).fill("a cat");
  // The library checks formats (the accept attribute is only a hint to the file chooser).
  await chooseFiles(page, "images", { name: "anim.gif", mimeType: "image/gif", buffer: GIF });
  await expect(page.locator("#err-images")).toHaveText("Input images: image 1 must be PNG, JPEG or WEBP, not GIF.");
  await expect(page.getByRole("button", { name: "Input images Add images…" })).toHaveAttribute("aria-describedby", /\berr-images\b/);
  await page.getByRole("button", { name: "Remove image 1" }).click();
  await expect(page.locator("#err-images")).toBeHidden();
  await page.getByLabel("Aspect ratio").selectOption("16:9");
  expect(await requestBody(page)).toMatchObject({ model: "openai/gpt-image-2", aspect_ratio: "16:9" });
});

test("a file field says how many files are chosen (the emptied native input said 'No file chosen' beside them)", async ({ page }) => {
  await pickModel(page, "openai/gpt-image-2");
  const field = page.locator('[data-control="images"]');
  const button = field.getByRole("button", { name: "Input images Add images…" });
  const chosen = field.locator(".chosen");
  await expect(chosen).toHaveText("No image chosen");
  await expect(button).toHaveAttribute("aria-describedby", new RegExp(`\\b${await chosen.getAttribute("id")}\\b`));
  await chooseFiles(page, "images", [
    { name: "a.png", mimeType: "image/png", buffer: PNG },
    { name: "b.png", mimeType: "image/png", buffer: PNG },
  ]);
  await expect(chosen).toHaveText("2 images chosen");
  // The native input is hidden; the button stands in for it, and opens it.
  expect((await fileInput(page, "images").boundingBox())?.width).toBeLessThanOrEqual(1);
  const chooser = page.waitForEvent("filechooser");
  await field.getByText("Add images…").click();
  await (await chooser).setFiles({ name: "c.png", mimeType: "image/png", buffer: PNG });
  await expect(chosen).toHaveText("3 images chosen");
  await expect(field.locator(".thumbs img")).toHaveCount(3);
  // Removing an image hands the focus to the button (the removed one's button is gone).
  await page.getByRole("button", { name: "Remove image 1" }).click();
  await expect(chosen).toHaveText("2 images chosen");
  await expect(button).toBeFocused();

  await pickModel(page, "black-forest-labs/flux-pro-fill");
  const mask = page.locator('[data-control="mask"] .chosen');
  await expect(mask).toHaveText("No mask chosen");
  await chooseFiles(page, "mask", { name: "mask.png", mimeType: "image/png", buffer: PNG });
  await expect(mask).toHaveText("1 mask chosen");
  await screenshot(page, "file-fields");
});

test("inpainting: one input image and a mask, read as data URLs", async ({ page }) => {
  await pickModel(page, "black-forest-labs/flux-pro-fill");
  await expect(fileInput(page, "images")).not.toHaveAttribute("multiple", "");
  await chooseFiles(page, "images", { name: "photo.png", mimeType: "image/png", buffer: PNG });
  await chooseFiles(page, "mask", { name: "mask.png", mimeType: "image/png", buffer: PNG });
  await expect(page.locator('[data-control="images"] .thumbs img')).toHaveCount(1);
  await expect(page.locator('[data-control="mask"] .thumbs img')).toHaveCount(1);
  // One image: no number to tell it from others (it said "Remove image 1").
  await expect(page.locator('[data-control="images"] .thumbs button')).toHaveText("Remove image");
  await expect(page.locator('[data-control="images"] .hint')).toContainText("One image");
  await expect(page.locator('[data-control="images"] .hint')).not.toContainText("Up to 1 image");
  await expect(page.getByRole("img", { name: "Input image", exact: true })).toBeVisible();

  await promptBox(page).fill("replace the sky");
  const body = await requestBody(page);
  expect(String(body.imageDataUrl)).toMatch(/^data:image\/png;base64,/);
  expect(String(body.maskDataUrl)).toMatch(/^data:image\/png;base64,/);

  await page.getByRole("button", { name: "Remove mask" }).click();
  await expect(page.locator('[data-control="mask"] .thumbs img')).toHaveCount(0);
  expect(await requestBody(page)).not.toHaveProperty("maskDataUrl");
});

test("the request preview gives the size of each upload as the rest of the page does", async ({ page }) => {
  await pickModel(page, "openai/gpt-image-2");
  await promptBox(page).fill("a cat");
  const big = Buffer.alloc(150_000); // 146 kB
  PNG.copy(big);
  await chooseFiles(page, "images", [
    { name: "small.png", mimeType: "image/png", buffer: PNG },
    { name: "big.png", mimeType: "image/png", buffer: big },
  ]);
  const preview = page.locator("#request-preview");
  await expect(preview).toHaveAttribute("data-ok", "true");
  // It said "(0 kB)" for the small one.
  await expect(preview).toContainText(`… (${PNG.length}\u00a0bytes)"`);
  await expect(preview).toContainText("… (146\u00a0kB)\"");
  await expect(page.locator('[data-control="images"] .hint')).toContainText(/max \d+(\.\d)?\u00a0MB/);
});

test("the problem summary waits, as the field errors do, until a field is edited or the request is wanted", async ({ page }) => {
  const summary = page.locator("#problems"); // a live region: what it shows, a screen reader says
  const preview = page.locator("#request-preview");
  await expect(preview).toHaveAttribute("data-ok", "false"); // the prompt is required and empty
  await expect(summary).toBeEmpty();
  await expect(page.locator("#err-prompt")).toBeHidden();
  await expect(preview).toHaveText("The request body appears here once the form is complete.");
  await page.getByRole("slider", { name: "Number of images" }).fill("2"); // another field: still nothing
  await expect(summary).toBeEmpty();

  await page.getByRole("button", { name: "Generate" }).click();
  await expect(summary.locator("p")).toHaveText("1 problem to fix before sending:");
  await expect(summary.locator("li")).toHaveText(["Prompt is required."]);
  await expect(page.locator("#err-prompt")).toHaveText("Prompt is required.");
  await expect(preview).toHaveText("The request body appears here once the problems above are fixed.");

  // Another model is a new form: nothing edited there yet.
  await pickModel(page, "midjourney/v7");
  await expect(summary).toBeEmpty();
  // Editing the prompt and emptying it again shows its problem.
  await promptBox(page).fill("a fox");
  await promptBox(page).fill("");
  await expect(summary.locator("li")).toHaveText(["Prompt is required."]);

  // Copying the placeholder instead of a request says what is missing too.
  await pickModel(page, "openai/gpt-image-2");
  await expect(summary).toBeEmpty();
  await preview.click({ clickCount: 3 });
  await page.keyboard.press("Control+C");
  await expect(summary.locator("li")).toHaveText(["Prompt is required."]);
});

test("the live problem list is not redrawn while its problems stay the same", async ({ page }) => {
  await pickModel(page, "ideogram-ai/ideogram-v3");
  await page.getByRole("button", { name: "Generate" }).click(); // the problems show
  const list = page.locator("#problems ul");
  await expect(list).toContainText("Prompt is required.");
  await list.evaluate((ul) => ((ul as HTMLElement & { mark?: number }).mark = 1));
  await page.getByRole("slider", { name: "Number of images" }).fill("2"); // no new problem
  expect(await list.evaluate((ul) => (ul as HTMLElement & { mark?: number }).mark)).toBe(1);
  await promptBox(page).fill("a fox"); // the problem goes: redrawn
  await expect(page.locator("#problems ul")).toHaveCount(0);
});

test("a half-typed number shows an error instead of vanishing from the request", async ({ page }) => {
  await pickModel(page, "lumen/lumen-xl-lab");
  await page.locator("details.advanced summary").click();
  await promptBox(page).fill("a fox");
  const guidance = page.getByLabel("Guidance scale");
  await guidance.fill("");
  await guidance.pressSequentially("1e");
  await expect(page.locator('[data-control="guidance_scale"] .error')).toHaveText("Guidance scale must be a number, not text.");
  await guidance.pressSequentially("2");
  await expect(page.locator('[data-control="guidance_scale"] .error')).toBeHidden();
  expect(await requestBody(page)).toMatchObject({ guidance_scale: 100 });
});

test("browsing the model list with the arrow keys loses no values", async ({ page }) => {
  await pickModel(page, "black-forest-labs/flux-pro-fill");
  await chooseFiles(page, "images", { name: "photo.png", mimeType: "image/png", buffer: PNG });
  await chooseFiles(page, "mask", { name: "mask.png", mimeType: "image/png", buffer: PNG });
  await promptBox(page).fill("replace the sky");
  const picked = page.locator('#model-list input[type="radio"]:checked');
  await picked.focus();
  await page.keyboard.press("ArrowUp"); // another model, without a mask
  await expect(picked).not.toHaveValue("black-forest-labs/flux-pro-fill");
  await page.keyboard.press("ArrowDown"); // back
  await expect(picked).toHaveValue("black-forest-labs/flux-pro-fill");
  await expect(page.locator('[data-control="images"] .thumbs img')).toHaveCount(1);
  await expect(page.locator('[data-control="mask"] .thumbs img')).toHaveCount(1);
  expect(await requestBody(page)).toMatchObject({ prompt: "replace the sky" });
});

test("a mask without an input image shows the error under the input image at once", async ({ page }) => {
  await pickModel(page, "black-forest-labs/flux-pro-fill");
  await promptBox(page).fill("replace the sky");
  await chooseFiles(page, "mask", { name: "mask.png", mimeType: "image/png", buffer: PNG });
  await expect(page.locator('[data-control="images"] .error')).toHaveText("Input image: an image to apply the mask to is required.");
  await chooseFiles(page, "images", { name: "photo.png", mimeType: "image/png", buffer: PNG });
  await expect(page.locator('[data-control="images"] .error')).toBeHidden();
});

test("unknown catalog keys become advanced controls inside a details element", async ({ page }) => {
  await pickModel(page, "lumen/lumen-xl-lab");
  const advanced = page.locator("details.advanced");
  await expect(advanced.locator("summary")).toHaveText("Advanced (9)");
  await expect(page.getByLabel("Watermark")).toBeHidden();
  await advanced.locator("summary").click();

  await page.getByLabel("Watermark").check(); // toggle
  await page.getByLabel("Guidance scale").fill("7.5"); // number
  await page.getByRole("slider", { name: "Num inference steps" }).fill("40"); // typed range → slider
  await page.getByLabel("Negative prompt").fill("blurry"); // text
  await page.getByRole("group", { name: "Output format" }).getByRole("radio", { name: "WebP" }).check(); // labelled options
  await page.getByLabel("Style preset").selectOption("anime"); // > 4 options → select
  await promptBox(page).fill("a fox");
  const body = await requestBody(page);
  expect(body).toMatchObject({
    watermark: true,
    guidance_scale: 7.5,
    num_inference_steps: 40,
    negative_prompt: "blurry",
    output_format: "webp",
    style_preset: "anime",
  });
  // A plain list has no default (nothing preselected): not chosen, not sent.
  expect(body).not.toHaveProperty("style");
  await page.getByRole("group", { name: "Style", exact: true }).getByRole("radio", { name: "realistic" }).check();
  expect(await requestBody(page)).toMatchObject({ style: "realistic" });
  await page.getByRole("group", { name: "Style", exact: true }).getByRole("radio", { name: "Provider default" }).check();
  expect(await requestBody(page)).not.toHaveProperty("style");
  await screenshot(page, "advanced-lumen");
});

test("a slider or switch the catalog states no default for is left to the provider until set", async ({ page }) => {
  await pickModel(page, "lumen/lumen-xl-lab");
  await page.locator("details.advanced summary").click();
  await promptBox(page).fill("a fox");
  const passes = page.getByRole("slider", { name: "Refine passes" });
  const row = page.locator('[data-control="refine_passes"]');
  const hdr = page.getByRole("group", { name: "HDR" });
  // Untouched: shown as the provider's default, nothing sent.
  await expect(passes).toHaveAttribute("aria-valuetext", "Provider default");
  await expect(row.locator("output")).toHaveText("Provider default");
  // A description that ends a sentence, then the range as another one (not "unset. — 0–4").
  await expect(row.locator(".hint")).toHaveText("Extra refinement passes; the provider picks when unset. 0–4");
  await expect(hdr.getByRole("radio", { name: "Provider default" })).toBeChecked();
  let body = await requestBody(page);
  expect(body).not.toHaveProperty("refine_passes");
  expect(body).not.toHaveProperty("hdr");
  // The minimum and "off" can be asked for: they are sent.
  await passes.fill("0");
  await hdr.getByRole("radio", { name: "Off" }).check();
  await expect(row.locator("output")).toHaveText("0");
  body = await requestBody(page);
  expect(body).toMatchObject({ refine_passes: 0, hdr: false });
  // And back to the provider's default.
  await row.getByRole("button", { name: "Use provider default" }).click();
  await expect(passes).toBeFocused();
  await expect(row.getByRole("button", { name: "Use provider default" })).toBeHidden();
  await hdr.getByRole("radio", { name: "Provider default" }).check();
  await expect(row.locator("output")).toHaveText("Provider default");
  body = await requestBody(page);
  expect(body).not.toHaveProperty("refine_passes");
  expect(body).not.toHaveProperty("hdr");
  await screenshot(page, "provider-default-controls");
});

test("validation messages appear, are linked to their field, and clear", async ({ page }) => {
  const prompt = promptBox(page);
  const error = page.locator("#err-prompt");
  await expect(error).toBeHidden(); // not before the user touched the field

  await prompt.fill("x".repeat(2001));
  await expect(error).toBeVisible();
  await expect(error).toContainText("too long");
  await expect(prompt).toHaveAttribute("aria-invalid", "true");
  await expect(prompt).toHaveAttribute("aria-describedby", /\berr-prompt\b/);
  await expect(page.locator("#ctl-prompt_len")).toHaveText("2001 / 2000 characters");
  await expect(page.locator("#request-preview")).toHaveAttribute("data-ok", "false");
  await expect(page.locator("#problems")).toContainText("1 problem to fix");
  await screenshot(page, "validation-error");

  await prompt.press("End");
  await prompt.press("Backspace");
  await expect(error).toBeHidden();
  await expect(prompt).not.toHaveAttribute("aria-invalid");
  await expect(page.locator("#problems")).toBeEmpty();
  expect((await requestBody(page)).prompt).toHaveLength(2000);

  // Required: clearing the prompt, then trying to generate, puts focus on it.
  await prompt.fill("");
  await expect(error).toHaveText("Prompt is required.");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(prompt).toBeFocused();
});

test("switching models carries values over and lists what changed", async ({ page }) => {
  await promptBox(page).fill("a lighthouse");
  await page.getByLabel("Resolution").selectOption("1344x768");
  await page.getByRole("slider", { name: "Number of images" }).fill("3");
  await page.getByRole("radio", { name: "QUALITY" }).check();

  await pickModel(page, "midjourney/v7");
  const note = page.locator("#migration");
  await expect(note).toBeVisible();
  await expect(note).toContainText("Switched from Ideogram V3 to Midjourney V7.");
  await expect(note.locator('li[data-change="rendering_speed"]')).toContainText("Rendering speed");
  await expect(note.locator('li[data-change="n"]')).toContainText("4");
  await expect(note.locator('li[data-change="resolution"]')).toContainText("16:9");
  await expect(promptBox(page)).toHaveValue("a lighthouse");
  expect(await requestBody(page)).toMatchObject({ model: "midjourney/v7", prompt: "a lighthouse", size: "16:9" });
  await screenshot(page, "migration-note");
});

test("the notes after a switch read as the form shows values, not as the library's raw sentences", async ({ page }) => {
  await promptBox(page).fill("a lighthouse");
  await page.getByLabel("Resolution").selectOption("1344x768");
  await page.getByRole("slider", { name: "Number of images" }).fill("4");
  await page.getByRole("radio", { name: "QUALITY" }).check();

  await pickModel(page, "lumen/lumen-xl-lab");
  const note = page.locator("#migration");
  const item = (id: string) => note.locator(`li[data-change="${id}"]`);
  // Option labels instead of tokens ("1344x768"), on/off instead of true/false.
  await expect(item("resolution")).toHaveText(
    "Resolution: 1344 × 768 · ≈16:9 · 1.0 MP → 1216 × 832 · 19:13 · 1.0 MP, the closest this model offers",
  );
  await expect(item("n")).toHaveText("Number of images: 4 → 2, the most this model allows");
  await expect(item("rendering_speed")).toHaveText("Rendering speed: QUALITY");
  await expect(item("watermark")).toHaveText("Watermark: off, this model's default"); // was "Watermark set to the default for this model, false."
  await expect(item("output_format")).toHaveText("Output format: PNG, this model's default");
  await expect(note).not.toContainText("set to the default for this model");

  await page.locator("details.advanced summary").click();
  await page.getByLabel("Watermark").check();
  await page.getByLabel("Style preset").selectOption("anime");
  await pickModel(page, "openai/gpt-image-2");
  await expect(item("watermark")).toHaveText("Watermark: on");
  await expect(item("style_preset")).toHaveText("Style preset: anime");
  await expect(note.locator(".change-title", { hasText: "Not available" })).toBeVisible();

  await chooseFiles(page, "images", [
    { name: "a.png", mimeType: "image/png", buffer: PNG },
    { name: "b.png", mimeType: "image/png", buffer: PNG },
  ]);
  await pickModel(page, "black-forest-labs/flux-pro-fill");
  await expect(item("images")).toHaveText("Input image: kept the first image, the most this model takes");
  await screenshot(page, "migration-wording");

  // A mask the next model cannot take is counted as the images are, not shown as its data URL.
  await chooseFiles(page, "mask", { name: "mask.png", mimeType: "image/png", buffer: PNG });
  await pickModel(page, "lumen/lumen-xl-lab");
  await expect(item("images")).toHaveText("Input image: 1 image");
  await expect(item("mask")).toHaveText("Mask: 1 image"); // was "Mask: “data:image/png;base64,iVBORw0KGgoAAAANSU…”"
});

test("after a switch, the defaults of advanced controls nobody touched are folded away; what the user set is told", async ({ page }) => {
  const note = page.locator("#migration");
  const item = (id: string) => note.locator(`li[data-change="${id}"]`);
  const folded = note.locator("details");
  // Only folded defaults: nothing the user chose changed.
  await promptBox(page).fill("a lighthouse"); // on Ideogram V3: no advanced controls
  await pickModel(page, "lumen/lumen-xl-lab");
  await expect(note.locator("> p")).toHaveText("Switched from Ideogram V3 to Lumen XL Lab. All values carried over.");
  await expect(note.locator(".change-title")).toHaveCount(0);
  await expect(folded.locator("summary")).toHaveText("4 advanced settings at this model's defaults");
  await expect(item("watermark")).toBeHidden();
  await screenshot(page, "migration-folded-defaults");

  await pickModel(page, "black-forest-labs/flux-pro-fill"); // no number of images, no advanced controls
  await promptBox(page).fill("a lighthouse at dusk");
  await pickModel(page, "lumen/lumen-xl-lab");
  // A core control the old model lacked: told.
  await expect(note.locator(".change-title")).toHaveText(["New for this model"]);
  await expect(item("n")).toBeVisible();
  await expect(item("n")).toHaveText("Number of images: 1, this model's default");
  // Four advanced controls at their defaults: counted, folded away (they were all listed).
  await expect(folded.locator("summary")).toHaveText("4 advanced settings at this model's defaults");
  for (const id of ["watermark", "guidance_scale", "num_inference_steps", "output_format"]) await expect(item(id)).toBeHidden();
  await folded.locator("summary").click();
  await expect(item("watermark")).toBeVisible();
  await expect(item("watermark")).toHaveText("Watermark: off, this model's default");

  // Set by the user: told when it cannot go along…
  await page.locator("details.advanced summary").click();
  await page.getByLabel("Watermark").check();
  await pickModel(page, "openai/gpt-image-2");
  await expect(item("watermark")).toBeVisible();
  await expect(item("watermark")).toHaveText("Watermark: on");
  // …and when it comes back as a default, since the values now come from a model without it.
  await promptBox(page).fill("a lighthouse at night");
  await pickModel(page, "lumen/lumen-xl-lab");
  await expect(item("watermark")).toBeVisible();
  await expect(item("watermark")).toHaveText("Watermark: off, this model's default");
  await expect(folded.locator("summary")).toHaveText("3 advanced settings at this model's defaults");
});

test("after browsing other models, the note names the model on screen and the one the values came from", async ({ page }) => {
  await promptBox(page).fill("a lighthouse"); // edited on Ideogram V3
  await pickModel(page, "midjourney/v7"); // browsed, not edited
  const note = page.locator("#migration > p").first();
  await expect(note).toHaveText(/^Switched from Ideogram V3 to Midjourney V7\.( All values carried over\.)?$/);
  await pickModel(page, "black-forest-labs/flux-pro-fill");
  await expect(note).toHaveText(
    /^Switched from Midjourney V7 to FLUX\.1 Fill \[pro\], with the values you last edited on Ideogram V3\.( All values carried over\.)?$/,
  );
  await pickModel(page, "ideogram-ai/ideogram-v3"); // back where the values came from: nothing to say
  await expect(page.locator("#migration")).toBeHidden();
  await expect(promptBox(page)).toHaveValue("a lighthouse");
});

test("only the values the user set travel to another model and get notes", async ({ page }) => {
  await promptBox(page).fill("a lighthouse"); // the one value set on Ideogram V3
  await pickModel(page, "lumen/lumen-xl-lab");
  const note = page.locator("#migration");
  // Ideogram's rendering speed and resolution were its defaults, not choices: no note about them.
  await expect(note.locator('li[data-change="watermark"]')).toHaveText("Watermark: off, this model's default");
  await expect(note.locator('li[data-change="rendering_speed"]')).toHaveCount(0);
  await expect(note.locator('li[data-change="resolution"]')).toHaveCount(0);
  await expect(promptBox(page)).toHaveValue("a lighthouse");

  // Browsing on keeps each model at its own defaults: Midjourney's resolution is its default,
  // not the closest to what Lumen happened to default to.
  await pickModel(page, "midjourney/v7");
  await expect(note.locator('li[data-change="resolution"]')).toHaveCount(0);
  const fresh = await page.context().newPage();
  await openDemo(fresh, `${fixture("demo")}&model=midjourney/v7`);
  await expect(page.getByLabel("Resolution")).toHaveValue(await fresh.getByLabel("Resolution").inputValue());
  await fresh.close();
});

test("the whole form works from the keyboard", async ({ page }) => {
  // Tab order reaches the picker, the form controls and Generate.
  await page.getByLabel("Search models").focus();
  await page.keyboard.type("midj");
  await expect(page.locator("#model-count")).toHaveText("Showing 1 of 5 models, and the selected model, which does not match.");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Tab"); // Text to image
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Text to image")).toBeChecked();
  await page.keyboard.press("Space");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Tab"); // → NSFW checkbox, then the model radios
  await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: "Ideogram V3" })).toBeFocused();
  await page.keyboard.press("ArrowDown"); // radio groups select with arrows
  await expect(page.getByRole("radio", { name: "Midjourney V7" })).toBeChecked();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("radio", { name: "Ideogram V3" })).toBeChecked();

  await page.keyboard.press("Tab"); // endpoint radios
  await expect(page.getByLabel(/OpenAI-compatible/)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(promptBox(page)).toBeFocused();
  await page.keyboard.type("typed prompt");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Resolution")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Resolution")).toHaveValue("1152x896");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("slider", { name: "Number of images" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: "TURBO" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  expect(await requestBody(page)).toMatchObject({ prompt: "typed prompt", size: "1152x896", n: 2, rendering_speed: "DEFAULT" });

  await page.keyboard.press("Tab");
  await expect(page.getByLabel(/API key/)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Generate" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#api-key-error")).toHaveText("Enter your NanoGPT API key to send this request.");
  await expect(page.getByLabel(/API key/)).toBeFocused();
});

test("buttons and text keep a readable contrast in the dark color scheme too", async ({ page }) => {
  /** WCAG contrast ratio of an element's text colour on its background colour (both opaque rgb()). */
  const contrast = (selector: string) =>
    page.locator(selector).first().evaluate((el) => {
      const luminance = (css: string) => {
        const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      let bg = "rgba(0, 0, 0, 0)";
      for (let node: Element | null = el; node && /rgba\(.*, 0\)$/.test(bg); node = node.parentElement) bg = getComputedStyle(node).backgroundColor;
      const [a, b] = [luminance(getComputedStyle(el).color), luminance(bg)].sort((x, y) => y - x);
      return (a! + 0.05) / (b! + 0.05);
    });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const selector of ["#generate", "#refresh", "#model-list .model-name", ".hint", "#catalog-banner"]) {
      expect(await contrast(selector), `${selector} (${scheme})`).toBeGreaterThanOrEqual(4.5);
    }
  }
});

// A 1×1 GIF and an 8×8 PNG.
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGOwir6JFTEMLQkAmRVbgaEaY/sAAAAASUVORK5CYII=",
  "base64",
);
