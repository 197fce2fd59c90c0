import { expect, type Page } from "@playwright/test";
import type { FileChooser } from "@playwright/test";
import { mkdirSync } from "node:fs";

/** Opens the demo and waits until the catalog is loaded and the first form is rendered. */
export async function openDemo(page: Page, query = ""): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.locator("body")).toHaveAttribute("data-ready", "true");
}

/** The same-origin test catalog path of one fixture in tests/e2e/fixtures. */
export const fixture = (name: string) => `?catalog=/__e2e__/catalog/${name}`;

/** Fails the test on any uncaught error or CSP violation in the page. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return problems;
}

/** The request body the page shows, parsed. */
export async function requestBody(page: Page): Promise<Record<string, unknown>> {
  const preview = page.locator("#request-preview");
  await expect(preview).toHaveAttribute("data-ok", "true");
  return JSON.parse((await preview.textContent()) ?? "null");
}

/** Selects a model in the picker by its id, clicking its card as a user does. */
export async function pickModel(page: Page, id: string): Promise<void> {
  const item = page.locator(`#model-list li[data-model-id="${id}"]`);
  await item.locator("label").click();
  await expect(item.locator('input[type="radio"]')).toBeChecked();
}

/** The prompt field (its label is "Prompt (required)"; "Negative prompt" exists on some models). */
export const promptBox = (page: Page) => page.locator("#ctl-prompt");

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync("artifacts/screenshots", { recursive: true });
  await page.screenshot({ path: `artifacts/screenshots/${name}.png`, fullPage: true });
}

/** The files given to a file chooser. */
type Files = Parameters<FileChooser["setFiles"]>[0];

/**
 * Picks files in the image or mask field `controlId` as a user does: its button opens the file
 * chooser (the native input is hidden, out of the tab order and the accessibility tree).
 */
export async function chooseFiles(page: Page, controlId: string, files: Files): Promise<void> {
  const chooser = page.waitForEvent("filechooser");
  await page.locator(`[data-control="${controlId}"] button.choose`).click();
  await (await chooser).setFiles(files);
}

/** The hidden native file input of the image or mask field `controlId`. */
export const fileInput = (page: Page, controlId: string) => page.locator(`[data-control="${controlId}"] input[type="file"]`);
