// The privacy audit in the Explorer, as a privacy officer meets it: zoo with a name per animal (so an
// identifier column is found) and `legs` as a number in bins (so coarser bins can be offered), a small
// model fitted with the CLI; open the Audit view, run it, read the warnings and the prototypes' k, see the
// k chips on the Prototypes view, redact on export, pin a safer prototype, re-import with coarser bins,
// and estimate memorisation. Every wait is on the page's own state. Screenshots go to
// test-results/screenshots/ (audit.png, prototypes-k-warning.png).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './test';
import { appReady, exemplar, root, servedProject, shot, shots } from './flows';

test.describe('the privacy audit', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ viewport: { width: 1440, height: 900 } });

  const { open } = servedProject('exemplar-audit-', (dir) => {
    // zoo.csv with a name per animal in front: a column unique to each case, as a real register would have.
    const [header, ...lines] = readFileSync(join(root, 'resources', 'data', 'zoo.csv'), 'utf8').trim().split(/\r?\n/);
    writeFileSync(join(dir, 'zoo.csv'), [`"animal",${header}`, ...lines.map((l, i) => `animal ${String(i + 1).padStart(3, '0')},${l}`)].join('\n'));
    const project = join(dir, 'zoo.exemplar');
    exemplar(['import', join(dir, 'zoo.csv'), '--out', project, '--label', 'type', '--kind', 'legs=numeric']);
    // Eight clusters on 101 animals: small ones, some of whose prototypes few animals resemble.
    exemplar(['fit', project, '--dataset', '1', '--prototypes', '8', '--iterations', '100', '--seed', '2', '--chains', '1']);
    return project;
  });

  test('audits the model: warnings first, k per prototype with chips on the prototypes, and the fixes', async ({ page }) => {
    test.setTimeout(180_000);
    await open(page);
    // g a opens the Audit view.
    await expect(page.getByRole('region', { name: 'Prototypes' }).getByTestId('prototype-card')).toHaveCount(8);
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    const view = page.getByRole('region', { name: 'Audit' });
    await expect(view.getByRole('heading', { name: /Privacy audit of model 1/ })).toBeVisible();
    await expect(view.getByTestId('audit-none')).toBeVisible();
    // Before the first run nothing is ticked: the audit proposes (zoo has no age, sex or postcode: none).
    await expect(view.getByTestId('audit-quasi').and(page.locator(':checked'))).toHaveCount(0);
    await view.getByTestId('audit-run').click();
    await expect(view.getByTestId('audit-meta')).toContainText('quasi-identifiers: none (proposed by the audit)');

    // Now legs, which someone could know about an animal, and run again.
    await view.getByRole('checkbox', { name: 'legs', exact: true }).check();
    await view.getByTestId('audit-run').click();
    await expect(view.getByTestId('audit-meta')).toContainText('quasi-identifiers: legs');
    await expect(view.getByTestId('audit-meta')).not.toContainText('proposed');

    // Warnings as sentences, the identifying column first.
    const warnings = view.getByTestId('audit-warning');
    await expect(warnings.first()).toHaveText(/^Column animal could name a person: every value is unique/);
    // Then the prototypes, the fewest sharing first.
    await expect(warnings.nth(1)).toHaveText(/^Cluster \d+’s prototype, animal \d+ \(#\d+\), (is the only case|shares the \d+ values)/);
    await expect(view.getByTestId('audit-identifiers')).toContainText('animal');
    // The prototypes, warned ones first, each with its k in words and the threshold.
    const protos = view.getByTestId('audit-prototype');
    await expect(protos).toHaveCount(8);
    const warned = protos.filter({ has: page.locator('.k-badge') });
    const nWarned = await warned.count();
    expect(nWarned).toBeGreaterThan(0);
    await expect(warned.first().locator('.k-badge')).toHaveText(/^k = \d < 5$/);
    await expect(view.getByTestId('audit-prototypes')).toContainText('k is how many cases (itself included) share every value it shows');
    await expect(view.getByTestId('audit-duplicate-count')).toHaveText(/\d+ pairs of cases differ in at most 1 modelled feature; \d+ are identical\./);
    await expect(view.getByTestId('audit-criticisms').locator('tbody tr')).toHaveCount(10);
    // A near-duplicate's case selects it: the inspector follows.
    const firstDuplicate = view.getByTestId('audit-duplicates').locator('button.case-link').first();
    const dupRow = await firstDuplicate.getAttribute('data-row');
    await firstDuplicate.click();
    await expect.poll(() => page.evaluate('window.__exemplar.selection.get().row')).toBe(Number(dupRow));
    await view.getByRole('heading', { name: /Privacy audit/ }).scrollIntoViewIfNeeded();
    await shot(page, 'audit');
    await view.getByTestId('audit-prototypes').screenshot({ path: join(shots, 'audit-prototypes.png') });

    // The Prototypes view now carries a k chip on each warned card, explained on hover.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Prototypes' }).click();
    const chips = page.getByRole('region', { name: 'Prototypes' }).getByTestId('k-chip');
    await expect(chips).toHaveCount(nWarned);
    await expect(chips.first()).toHaveText(/^k = \d < 5$/);
    await expect(chips.first()).toHaveAttribute('title', /^Only \d cases? .*share.* the values this prototype shows/);
    // The views share one scrolling main area: back to the top of the cards.
    await page.locator('#main').evaluate((el) => el.scrollTo(0, 0));
    await shot(page, 'prototypes-k-warning');
    // The chip leads back to the audit, its prototype marked.
    const chipCluster = await chips.first().locator('xpath=ancestor::article').getAttribute('data-cluster');
    await chips.first().click();
    await expect(view.locator(`tr.current[data-cluster="${chipCluster}"]`)).toBeVisible();

    // Redact on export: the identifying column, then a warned prototype's quasi-identifier.
    const redaction = view.getByTestId('audit-redaction');
    await view.getByTestId('audit-identifiers').getByTestId('redact').click();
    await expect(redaction.locator('li')).toHaveText(['animal×']);
    await warned.first().getByTestId('redact').click();
    await expect(redaction.locator('li')).toHaveText(['animal×', 'legs×']);
    await expect(warned.first().getByTestId('redacted')).toBeVisible();
    // Kept per dataset across a reload; and one can be taken off again.
    await page.reload();
    await appReady(page);
    await expect(redaction.locator('li')).toHaveText(['animal×', 'legs×']);
    await redaction.getByRole('button', { name: 'Stop redacting animal' }).click();
    await expect(redaction.locator('li')).toHaveText(['legs×']);
    // The audits and the columns chosen live in the page: after a reload, choose and run again.
    await view.getByRole('checkbox', { name: 'legs', exact: true }).check();
    await view.getByTestId('audit-run').click();
    await expect(view.getByTestId('audit-meta')).toBeVisible();

    // Pin a safer member: the model resamples, the audit says it is of an earlier state, and runs again.
    const pin = view.getByTestId('audit-pin').first();
    await expect(pin).toHaveText(/^#\d+ \(k = \d+\)$/);
    await expect(pin).toHaveAccessibleName(/^Pin case #\d+ instead \(k = \d+\)$/);
    await pin.click();
    await expect(view.getByTestId('audit-stale')).toBeVisible();
    await view.getByTestId('audit-stale').getByRole('button', { name: 'Run it again' }).click();
    await expect(view.getByTestId('audit-stale')).toHaveCount(0);

    // Memorisation: refits with progress, then the most memorised cases.
    await view.getByTestId('audit-memorize').click();
    await expect(view.getByTestId('audit-memorized').locator('tbody tr')).toHaveCount(10);
    await expect(view.getByTestId('audit-memorized').locator('tbody tr').first()).toContainText(/#\d+\s*\d\.\d{3}/);

    // Coarser bins: legs in half as many bins, a new dataset, and the Fit view with it chosen.
    const coarser = view.getByTestId('audit-coarser').first();
    await expect(coarser).toHaveText(/legs 3 → 2/);
    await coarser.click();
    await expect(view.getByTestId('audit-coarser-done')).toContainText(/A new dataset “zoo[^”]*” was made with legs in 2 bins/);
    await view.getByTestId('audit-fit-new').click();
    const fit = page.getByRole('region', { name: 'Fit' });
    await expect(fit.getByTestId('fit-dataset')).toHaveValue('2');
  });

  test('memorisation can be cancelled, and the audit shown stays', async ({ page }) => {
    await open(page);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Audit' }).click();
    const view = page.getByRole('region', { name: 'Audit' });
    await view.getByTestId('audit-run').click();
    await expect(view.getByTestId('audit-meta')).toBeVisible();
    await view.getByTestId('audit-memorize').click();
    // The refits may finish before a click lands on a small model: either way the page ends settled.
    const cancel = view.getByTestId('audit-memorize-cancel');
    await cancel.click({ timeout: 5_000 }).catch(() => {});
    await expect(view.getByTestId('audit-memorize-cancelled').or(view.getByTestId('audit-memorized'))).toBeVisible();
    await expect(view.getByTestId('audit-warnings')).toBeVisible();
    await expect(view.getByTestId('audit-memorize')).toBeEnabled();
  });
});
