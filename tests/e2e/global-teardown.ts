// Removes this run's build of the demo (see outDir in playwright.config.ts).
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  rmSync(`node_modules/.cache/demo-e2e/${process.env.E2E_PORT}`, { recursive: true, force: true });
}
