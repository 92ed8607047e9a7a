// The steps both front doors (browser mode, Electron) must pass: see the recipes, fit, see prototypes.
import { expect, type Page } from '@playwright/test';

export async function fitRecipes(page: Page): Promise<void> {
  await expect(page.getByTestId('dataset-item').filter({ hasText: 'recipes' })).toHaveCount(1);
  await page.getByTestId('fit-prototypes').fill('4');
  await page.getByTestId('fit-iterations').fill('200');
  await page.getByTestId('fit-seed').fill('1');
  // Enabled once job events flow (and a dataset is listed).
  await expect(page.getByTestId('fit-submit')).toBeEnabled();
  await page.getByTestId('fit-submit').click();

  // The end of the fit arrives as a job event; the page then loads the model and says `done`.
  await expect(page.getByTestId('fit-status')).toHaveText(/^(done|failed|cancelled)$/);
  expect(await page.getByTestId('error').textContent()).toBe('');
  await expect(page.getByTestId('fit-status')).toHaveText('done');
  // Progress events counted the sweeps up to the last one.
  await expect(page.getByTestId('fit-sweeps')).toHaveText('200 / 200');

  const cards = page.getByTestId('prototype-card');
  await expect(cards).toHaveCount(4);
  for (const card of await cards.all()) {
    await expect(card.getByTestId('prototype-row')).toHaveText(/row \d+/);
    // Named by the recipes' identifier column (the recipe's name).
    await expect(card.getByTestId('prototype-name')).toHaveText(/\w{3,}/);
    await expect(card.getByTestId('prototype-size')).toHaveText(/\d+ cases?/);
    await expect(card.getByTestId('subspace-feature').first()).not.toBeEmpty();
  }
  await expect(page.getByTestId('fit-chart').locator('svg path[data-testid=log-joint-line]')).toHaveAttribute('d', /^M[\d.-]+,[\d.-]+L/);
  await expect(page.getByTestId('model-item').filter({ hasText: 'done' })).not.toHaveCount(0);
}
