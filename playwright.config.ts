// Browser tests of the demo page (www/) in headless Chromium: `npx playwright test`, step 7 of
// `npm test`. The package must be built first (`npm run build`); the web server below type-checks
// and builds the demo, then serves it with `vite preview` exactly as `npm start` does, except that
// NanoGPT is replaced by a local stand-in (tests/e2e/mock-upstream.mjs) and test catalogs from
// tests/e2e/fixtures/ are served under /__e2e__/. No browser download: Debian's Chromium is used.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 4183);
const upstreamPort = port + 1;

export default defineConfig({
  testDir: "tests/e2e",
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
        "npx --no-install tsc -p www/tsconfig.json && npx --no-install vite build --config www/vite.config.js --logLevel warn && npx --no-install vite preview --config www/vite.config.js",
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
