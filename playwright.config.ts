// End-to-end specs. Browser mode runs everywhere, in the system's Chromium when there is one
// (CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own); the Electron spec runs only where an
// Electron binary is installed. e2e/global-setup.ts builds the renderer and starts the server.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  // Both specs fit models: one at a time on a small machine.
  workers: 1,
  timeout: 120_000,
  // In CI a failed test runs once more and, if it then passes, the log lists it as "flaky": a race to find
  // (E2E_LATENCY_MS, see e2e/test.ts), not a pass to forget. Locally a failure is a failure.
  retries: process.env.CI ? 1 : 0,
  expect: { timeout: 60_000 },
  reporter: 'list',
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      testMatch: ['explorer.spec.ts', 'security.spec.ts', 'audit.spec.ts', 'report.spec.ts', 'text.spec.ts'],
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: existsSync(chromium) ? chromium : undefined,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    { name: 'electron', testMatch: 'electron.spec.ts' },
  ],
});
