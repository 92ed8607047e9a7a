// The specs' `test`: Playwright's, with every API call of the page held back a random 0–N ms when
// E2E_LATENCY_MS=N is set. A slow service reorders what a fast one answers in order, so a wait that only
// passes because the service is quick (a check already true before the action it follows) fails here
// every few runs instead of once in a while in CI: `E2E_LATENCY_MS=400 npx playwright test --repeat-each 3`
// (E2E_LATENCY_SEED picks another sequence of delays; the same seed gives the same delays in the same order).
import { test as base } from '@playwright/test';
import { Rng } from '../src/main/engine/rng';

export { expect, type Page } from '@playwright/test';

const latency = Number(process.env.E2E_LATENCY_MS ?? 0);
const rng = new Rng(Number(process.env.E2E_LATENCY_SEED ?? 1));

export const test = base.extend({
  page: async ({ page }, use) => {
    if (latency > 0)
      await page.route(/\/api\//, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, rng.next() * latency));
        await route.continue();
      });
    await use(page);
  },
});
