// Browser tests of the demo page (www/) in headless Chromium: `npx playwright test`, step 7 of
// `npm test`. The package must be built first (`npm run build`); the web server below type-checks
// and builds the demo, then serves it with `vite preview` as `npm start` does, except that
// NanoGPT is replaced by a local stand-in (tests/e2e/mock-upstream.mjs) and test catalogs from
// tests/e2e/fixtures/ are served under /__e2e__/. No browser download: Debian's Chromium is used.
import { defineConfig } from "@playwright/test";
import { createServer } from "node:net";

// Free ports, chosen once in the runner process (workers inherit them through the environment),
// so that several test runs on one machine do not collide. E2E_PORT pins the demo's port.
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_UPSTREAM_PORT ??= String(await freePort());
const port = Number(process.env.E2E_PORT);
const upstreamPort = Number(process.env.E2E_UPSTREAM_PORT);
// Each run builds into its own folder, so a concurrent run or `npm start` is not disturbed.
const outDir = `node_modules/.cache/demo-e2e/${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  outputDir: "test-results/e2e",
  timeout: 30_000,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    headless: true,
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: [
    {
      command: "node tests/e2e/mock-upstream.mjs",
      port: upstreamPort,
      env: { MOCK_UPSTREAM_PORT: String(upstreamPort) },
      reuseExistingServer: false,
    },
    {
      command:
        `npx --no-install tsc -p www/tsconfig.json && ` +
        `npx --no-install vite build --config www/vite.config.js --outDir ../${outDir} --emptyOutDir --logLevel warn && ` +
        `npx --no-install vite preview --config www/vite.config.js --outDir ../${outDir}`,
      url: `http://127.0.0.1:${port}/`,
      env: {
        DEMO_PORT: String(port),
        NANOGPT_UPSTREAM: `http://127.0.0.1:${upstreamPort}`,
        DEMO_TEST_FIXTURES: "tests/e2e/fixtures",
      },
      timeout: 120_000,
      reuseExistingServer: false,
    },
  ],
});
