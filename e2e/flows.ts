// The steps both front doors (browser mode, Electron) must pass: see the recipes, fit, see prototypes.
import { expect, type Page } from '@playwright/test';

/** Resolves once the page is live: job events flow and the project is loaded (`#app[data-ready]`). */
export async function appReady(page: Page): Promise<void> {
  await expect(page.locator('#app')).toHaveAttribute('data-ready', 'true');
}

export async function fitRecipes(page: Page): Promise<void> {
  await appReady(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Fit' }).click();
  const fit = page.getByRole('region', { name: 'Fit' });
  await expect(fit.getByTestId('fit-dataset').locator('option', { hasText: 'recipes' })).toHaveCount(1);
  await fit.getByTestId('fit-dataset').selectOption({ label: (await fit.getByTestId('fit-dataset').locator('option', { hasText: 'recipes' }).textContent())! });
  await fit.getByTestId('fit-prototypes').fill('4');
  await fit.getByTestId('fit-iterations').fill('200');
  await fit.getByTestId('fit-seed').fill('1');
  await fit.getByTestId('fit-chains').fill('1');
  await expect(fit.getByTestId('fit-submit')).toBeEnabled();
  await fit.getByTestId('fit-submit').click();

  // The end of the fit arrives as a job event; the page then opens the model and says `done`.
  await expect(fit.getByTestId('fit-status')).toHaveText(/^(done|failed|cancelled)$/);
  await expect(fit.getByTestId('error')).toHaveCount(0);
  await expect(fit.getByTestId('fit-status')).toHaveText('done');
  await expect(fit.getByTestId('fit-sweeps')).toHaveText('200 / 200 sweeps');
  await expect(fit.getByTestId('fit-chart').locator('svg path').first()).toHaveAttribute('d', /^M[\d.-]+,[\d.-]+L/);
  await expect(fit.getByTestId('model-item').filter({ hasText: 'open' })).toHaveCount(1);

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Prototypes' }).click();
  const cards = page.getByRole('region', { name: 'Prototypes' }).getByTestId('prototype-card');
  await expect(cards).toHaveCount(4);
  for (const card of await cards.all()) {
    // Named by the recipes' identifier column (the recipe's name).
    await expect(card.getByTestId('prototype-row')).toHaveText(/\w{3,}.*#\d+/);
    await expect(card.getByTestId('prototype-size')).toHaveText(/\d+ cases/);
    // A recipe is its ingredients, the subspace ones in bold.
    await expect(card.locator('.item-list li').first()).not.toBeEmpty();
  }
}
