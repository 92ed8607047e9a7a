// Reports, as their readers and their authors meet them. The reader: the HTML report a colleague e-mailed,
// opened in Chromium with every request outside the file intercepted (none may happen) and its charts drawn,
// printable. The author: the app's "Pin to report" in the Similar view, then the Report dialog (sections,
// formats, redaction) and one download. Fixture: the digits (pictures), fitted by the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './test';
import { appReady, exemplar, root, serve } from './flows';

const shots = join(root, 'test-results', 'screenshots');

test.describe('reports', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ viewport: { width: 1280, height: 900 } });

  let dir = '';
  let project = '';
  let server: Awaited<ReturnType<typeof serve>> | null = null;
  const run = exemplar;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'exemplar-report-e2e-'));
    project = join(dir, 'digits.exemplar');
    run(['import', join(root, 'resources', 'data', 'digits.csv'), '--out', project, '--kind', 'px_*=numeric:edges=8', '--label', 'digit']);
    run(['fit', project, '--prototypes', '10', '--iterations', '100', '--seed', '1', '--chains', '2']);
    run(['similar', project, '--row', '0', '--top', '5', '--pin']);
    run(['report', project, '--format', 'html,md', '--out', join(dir, 'digits-report.html')]);
  });

  test.afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the HTML report opens with no request of any kind, draws its charts, and prints', async ({ page }) => {
    const outside: string[] = [];
    // Every request but the file itself is recorded and refused.
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file:') && u.endsWith('digits-report.html')) return route.continue();
      outside.push(u);
      return route.abort();
    });
    page.on('request', (r) => !r.url().startsWith('file:') && outside.push(r.url()));
    await page.goto(`file://${join(dir, 'digits-report.html')}`);
    await expect(page.locator('section[data-section]')).toHaveCount(9);
    // Ten prototypes, each an 8 × 8 picture with its subspace outlined, and its subspace chart.
    await expect(page.locator('.proto')).toHaveCount(10);
    await expect(page.locator('.proto svg.ex-prototype-picture')).toHaveCount(10);
    await expect(page.locator('.proto svg.ex-prototype-picture').first().locator('.ex-pixel')).toHaveCount(64);
    await expect(page.locator('.proto svg.ex-subspace-feature-bars')).toHaveCount(10);
    await expect(page.locator('figure[data-chart=trace] svg.ex-trace-chart path').first()).toBeVisible();
    // The pinned ranking, each result's score explained by a contribution bar.
    await expect(page.locator('#similar svg.ex-contribution-bar')).toHaveCount(5);
    await expect(page.locator('#model pre')).toContainText('exemplar fit project.exemplar --dataset 1 --prototypes 10 --iterations 100 --burn-in 50 --seed 1 --chains 2');
    await page.screenshot({ path: join(shots, 'report-html.png') });
    // Printed: the contents list goes, the charts stay whole.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Contents' })).toBeHidden();
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(outside).toEqual([]);
    // The Markdown's charts are files beside it.
    const md = readFileSync(join(dir, 'digits-report.md'), 'utf8');
    const linked = [...md.matchAll(/\]\((digits-report-charts\/[^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(linked.length).toBeGreaterThan(20);
    for (const f of linked) expect(existsSync(join(dir, decodeURI(f))), f).toBe(true);
  });

  test('the app pins a ranking, and the Report dialog exports the sections and formats chosen as one download', async ({ page }) => {
    server = await serve(project);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}#/similar?case=7`);
    await appReady(page);
    const similar = page.getByRole('region', { name: 'Similar cases' });
    await similar.getByTestId('similar-go').click();
    await expect(similar.getByTestId('similar-result').first()).toBeVisible();
    const pin = similar.getByTestId('pin-ranking');
    await expect(pin).toHaveAttribute('aria-pressed', 'false');
    await pin.click();
    await expect(pin).toHaveAttribute('aria-pressed', 'true');
    await expect(pin).toHaveText('Pinned to the report ✓');

    // The dialog, from the view's own button: the CLI's pin and this one are both there.
    await similar.getByTestId('report-button').click();
    const dialog = page.getByTestId('report-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('report-pins')).toHaveText(' (2 pinned)');
    await dialog.locator('input[name=section][value=data]').uncheck();
    await dialog.locator('input[name=format][value=md]').check();
    await dialog.locator('input[name=redact][value=digit]').check();
    await page.screenshot({ path: join(shots, 'report-dialog.png') });
    const download = page.waitForEvent('download');
    await dialog.getByTestId('report-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('digits-model-1-report.zip');
    const saved = join(dir, 'from-app.zip');
    await file.saveAs(saved);
    const listing = execFileSync('unzip', ['-l', saved], { encoding: 'utf8' });
    expect(listing).toContain('digits-model-1-report.html');
    expect(listing).toContain('digits-model-1-report.md');
    expect(listing).toMatch(/digits-model-1-report-charts\/\d\d-trace\.svg/);
    await expect(dialog.getByRole('status')).toContainText('Saved digits-model-1-report.zip');
    const html = execFileSync('unzip', ['-p', saved, 'digits-model-1-report.html'], { encoding: 'utf8' });
    expect(html).not.toContain('data-section="data"');
    expect(html).toContain('Values of digit are left out of this report');
    // The redaction chosen is kept for the next report of this dataset.
    await dialog.getByTestId('report-cancel').click();
    await page.keyboard.press('e');
    await expect(page.getByTestId('report-dialog').locator('input[name=redact][value=digit]')).toBeChecked();
    expect(errors).toEqual([]);
  });
});
