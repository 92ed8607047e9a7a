// Browser mode (src/main/serve.ts) in Chromium, against the server e2e/global-setup.ts started.
import { expect, test } from '@playwright/test';
import { fitRecipes } from './flows';

const pageUrl = () => {
  const url = process.env.EXEMPLAR_E2E_URL;
  if (!url) throw new Error('EXEMPLAR_E2E_URL is unset: run through playwright.config.ts (its global setup starts the server).');
  return new URL(url);
};

test('fits the recipes and shows live progress, then the prototypes', async ({ page }) => {
  const pageErrors: Error[] = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.goto(pageUrl().href);
  await fitRecipes(page);
  expect(pageErrors).toEqual([]);
});

test('the API refuses requests without the launch token', async ({ request }) => {
  const url = pageUrl();
  const token = url.searchParams.get('token')!;
  const api = `${url.origin}/api`;

  expect((await request.post(`${api}/listDatasets`, { data: [] })).status()).toBe(403);
  expect((await request.post(`${api}/listDatasets`, { data: [], headers: { 'x-exemplar-token': `${token}x` } })).status()).toBe(403);
  expect((await request.get(`${api}/events`)).status()).toBe(403);
  // The query token is for EventSource only.
  expect((await request.post(`${api}/listDatasets?token=${token}`, { data: [] })).status()).toBe(403);

  const ok = await request.post(`${api}/listDatasets`, { data: [], headers: { 'x-exemplar-token': token } });
  expect(ok.status()).toBe(200);
  // `recipes` from the fixture, `recipes.csv` from `exemplar import`.
  expect(((await ok.json()) as { name: string }[]).map((d) => d.name)).toEqual([expect.stringMatching(/^recipes/)]);
});

test('the API checks method names and arguments at the boundary', async ({ request }) => {
  const url = pageUrl();
  const headers = { 'x-exemplar-token': url.searchParams.get('token')! };
  const api = `${url.origin}/api`;

  const unknown = await request.post(`${api}/close`, { data: [], headers });
  expect(unknown.status()).toBe(400);
  expect(await unknown.json()).toEqual({ error: 'Unknown method "close".' });
  expect((await request.post(`${api}/listDatasets`, { data: { not: 'an array' }, headers })).status()).toBe(400);
  const badFit = await request.post(`${api}/fit`, { data: [{ datasetId: 1, prototypes: '4', iterations: 10, seed: 1 }], headers });
  expect(badFit.status()).toBe(400);
  expect(((await badFit.json()) as { error: string }).error).toMatch(/prototypes/);
  expect((await request.get(`${api}/listDatasets`, { headers })).status()).toBe(405);
});
