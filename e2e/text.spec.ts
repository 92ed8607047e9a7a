// Text data in the Explorer, as an analyst of free-text records meets it: 300 software descriptions
// (resources/data/packages.csv) imported as a bag of words and fitted with the CLI. A text is read, not
// listed: prototype cards show each prototype's text as prose, its subspace words bold and named first;
// similar cases show the start of each result's text with the words it shares with the query bold; the
// inspector shows the whole text. Screenshots: test-results/screenshots/text-*.png.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from './test';
import { exemplar, root, servedProject, shot } from './flows';

test.describe('text data', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ viewport: { width: 1440, height: 900 } });

  const { open } = servedProject('exemplar-text-', (dir) => {
    const lines = readFileSync(join(root, 'resources', 'data', 'packages.csv'), 'utf8').split('\n');
    writeFileSync(join(dir, 'packages.csv'), lines.slice(0, 301).join('\n'));
    const project = join(dir, 'packages.exemplar');
    exemplar(['import', join(dir, 'packages.csv'), '--out', project, '--label', 'section']);
    exemplar(['fit', project, '--prototypes', '6', '--iterations', '200', '--seed', '1', '--chains', '1']);
    return project;
  });

  /** A prototype made by words it has (not only by words its cluster lacks), that is in its own cluster on the map. */
  const keyedPrototypeRow = (page: Page) =>
    page.evaluate(
      '(({ model, map }) => model.prototypes.find((p) => map.cluster[p.row] === p.cluster && p.subspace.some((f) => p.values[f] === "present")).row)(window.__exemplar.project.get())',
    ) as Promise<number>;

  /** The open model's subspace per cluster: `description=word` features with P(ω = 1) ≥ 0.5. */
  const subspaces = (page: Page) => page.evaluate('window.__exemplar.project.get().model.prototypes.map((p) => p.subspace)') as Promise<string[][]>;

  test('prototype cards show the text as prose, subspace words bold and named first', async ({ page }) => {
    await open(page);
    const cards = page.getByRole('region', { name: 'Prototypes' }).getByTestId('prototype-card');
    await expect(cards).toHaveCount(6);
    const subspace = await subspaces(page);
    let withKeyWords = 0;
    for (const card of await cards.all()) {
      const cluster = Number(await card.getAttribute('data-cluster'));
      // One paragraph, not a list of words.
      await expect(card.locator('p.prose')).toHaveCount(1);
      await expect(card.locator('.item-list:not(.absences) li')).toHaveCount(0);
      await expect(card.getByTestId('key-words')).toHaveCount(1);
      // Every bold word of the text is in the cluster's subspace; the key words are those words (at most 12 named).
      const bold = (await card.locator('p.prose strong').allTextContents()).map((w) => w.toLowerCase());
      for (const w of bold) expect(subspace[cluster], w).toContain(`description=${w}`);
      const key = await card.getByTestId('key-words').locator('strong').allTextContents();
      for (const w of key) expect(bold).toContain(w);
      if (key.length < 12) expect(new Set(key)).toEqual(new Set(bold));
      if (key.length) withKeyWords++;
      else await expect(card.getByTestId('key-words')).toContainText('No word of this text is in the subspace');
    }
    // The seeded fit has a cluster made by its words (the OCR engines' descriptions).
    expect(withKeyWords).toBeGreaterThan(0);
    await shot(page, 'text-prototypes');
  });

  test('similar cases show each result’s text with the words it shares with the query bold; the inspector the whole text', async ({ page }) => {
    await open(page);
    const protoRow = await keyedPrototypeRow(page);
    await open(page, `#/similar?case=${protoRow}`);
    const view = page.getByRole('region', { name: 'Similar cases' });
    await view.getByTestId('similar-go').click();
    const results = view.getByTestId('similar-result');
    await expect(results).toHaveCount(20);
    const first = results.first();
    await expect(first.locator('p.prose.snippet')).toHaveCount(1);
    // The bold words are the ones whose match adds to the score.
    const bold = (await first.locator('p.prose strong').allTextContents()).map((w) => w.toLowerCase());
    expect(bold.length).toBeGreaterThan(0);
    const shared = (await page.evaluate(`window.__exemplar.similar.get().response.results[0].contributions.filter((c) => c.kind === 'matched' && c.weight > 0).map((c) => c.feature)`)) as string[];
    for (const w of bold) expect(shared).toContain(`description=${w}`);
    // The inspector: the query case's whole text, one paragraph.
    const inspector = page.getByTestId('inspector');
    await expect(inspector.locator('.values-table p.prose')).toHaveCount(1);
    await expect(inspector.locator('.values-table p.prose.clamped')).toHaveCount(0);
    await shot(page, 'text-similar');
  });

  test('a text case on the map shows the start of its text when hovered', async ({ page }) => {
    await open(page, '#/map');
    await expect(page.getByRole('region', { name: 'Map' }).getByTestId('map-stage')).toBeVisible();
    const row = await keyedPrototypeRow(page);
    const map = page.getByRole('region', { name: 'Map' });
    const stage = map.getByTestId('map-stage');
    await expect(stage).toBeVisible();
    await page.getByTestId('search').fill(`#${row}`);
    await page.getByTestId('search').press('Enter');
    await expect(page.getByTestId('search')).not.toBeFocused();
    await page.getByRole('region', { name: 'Case', exact: true }).getByTestId('case-reveal').click();
    await expect.poll(async () => ((await page.evaluate('window.__exemplarMap.transform()')) as { k: number }).k).toBeGreaterThanOrEqual(4);
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2 + 1);
    const tooltip = map.locator('.map-tooltip');
    await expect(tooltip.locator('p.prose.clamped')).toHaveCount(1);
    await expect(tooltip.locator('p.prose strong').first()).toBeVisible();
    // Bold: the words that make the case's cluster (in its subspace, and its prototype has them), not the
    // words its cluster is made by lacking.
    const cluster = (await page.evaluate(`window.__exemplar.project.get().map.cluster[${row}]`)) as number;
    const values = (await page.evaluate(`window.__exemplar.project.get().model.prototypes[${cluster}].values`)) as Record<string, string>;
    for (const w of await tooltip.locator('p.prose strong').allTextContents()) expect(values[`description=${w.toLowerCase()}`], w).toBe('present');
    await shot(page, 'text-map');
  });
});
