// Generate posts the built body through the demo's proxy to the (stand-in) NanoGPT upstream.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { fixture, openDemo, promptBox, requestBody, screenshot } from "./helpers";

const upstream = `http://127.0.0.1:${process.env.E2E_UPSTREAM_PORT}`; // set by playwright.config.ts

async function lastUpstreamRequest(request: APIRequestContext) {
  return (await request.get(`${upstream}/__last`)).json();
}

test("with a valid key the images are shown; the key travels only in the header", async ({ page, request }) => {
  await openDemo(page, fixture("demo"));
  await promptBox(page).fill("two small boats");
  await page.getByRole("slider", { name: "Number of images" }).fill("2");
  const body = await requestBody(page);

  await page.getByLabel(/API key/).fill("e2e-valid-key");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.locator("#result img")).toHaveCount(2);
  await expect(page.locator("#result img").first()).toHaveAttribute("src", /^data:image\/png;base64,/);

  const sent = await lastUpstreamRequest(request);
  expect(sent).toMatchObject({ method: "POST", path: "/v1/images/generations", search: "", authorization: "Bearer e2e-valid-key", cookie: null });
  expect(sent.body).toEqual(body); // exactly what the preview showed

  // Memory only: not in the URL, not in any storage.
  expect(page.url()).not.toContain("e2e-valid-key");
  const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
  expect(stored).toEqual([0, 0, ""]);
  await screenshot(page, "generated-images");
});

test("the Image API endpoint is used when chosen", async ({ page, request }) => {
  await openDemo(page, fixture("demo"));
  await page.getByLabel(/Image API/).check();
  await promptBox(page).fill("a kite");
  await page.getByLabel(/API key/).fill("e2e-valid-key");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.locator("#result img")).toHaveCount(1);
  const sent = await lastUpstreamRequest(request);
  expect(sent.path).toBe("/api/v1/images");
  expect(sent.body).toMatchObject({ model: "ideogram-ai/ideogram-v3", resolution: "1024x1024" });
});

test("the API's error is shown when the key is rejected", async ({ page }) => {
  await openDemo(page, fixture("demo"));
  await promptBox(page).fill("anything");
  await page.getByLabel(/API key/).fill("wrong-key");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByRole("alert")).toHaveText("Generation failed (HTTP 401): Invalid API key.");
});

test("the proxy forwards only the generation and catalog paths", async ({ request }) => {
  const response = await request.get("/nanogpt/api/v1/account/balance");
  expect(response.status()).toBe(404);
  // Its answers can never run as a document on the demo's origin (an upstream SVG icon opened on
  // its own, say): `vite preview` adds the page's headers to static files only.
  for (const answer of [response, await request.get("/nanogpt/api/v1/image-models")]) {
    expect(answer.headers()["x-content-type-options"]).toBe("nosniff");
    expect(answer.headers()["content-security-policy"]).toBe("default-src 'none'; sandbox");
  }
});
