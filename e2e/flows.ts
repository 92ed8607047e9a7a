// The steps both front doors (browser mode, Electron) must pass: see the recipes, fit, see prototypes; and
// what the browser-mode specs set up with: the bundled CLI, and browser mode serving a fixture project.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, type Page, test } from './test';

export const root = join(import.meta.dirname, '..');
const cli = join(root, 'out', 'node', 'cli.js');
/** Where the specs' screenshots go (the README's come from here). */
export const shots = join(root, 'test-results', 'screenshots');

/** Saves a screenshot of the page as test-results/screenshots/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

/** Runs `exemplar ARGS` (the bundle npm test builds) and answers its output. */
export function exemplar(args: string[]): string {
  if (!existsSync(cli)) throw new Error('Build the CLI first: npm run build:node');
  return execFileSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Browser mode on a project: the address it printed (token included), and how to stop it. */
export async function serve(project: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = spawn(process.execPath, [cli, 'serve', project, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const m = /^Exemplar is serving .* at (http:\/\/\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`browser mode exited with code ${code}`)));
  });
  return {
    url,
    async stop() {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ServedProject {
  /** The temporary folder the project was made in (removed after the last test). */
  dir: string;
  /** Browser mode's address, token included. */
  url: string;
  /** Opens the app at HASH (`#/map?case=5`) and waits until it is ready; errors the page throws fail the describe. */
  open(page: Page, hash?: string): Promise<void>;
}

/**
 * For a serial describe: `make(dir)` builds a fixture project in a new temporary folder (with `exemplar`) and
 * answers its path; browser mode serves it for the describe's tests. After the last test the server stops, the
 * folder goes, and no page opened with `open` may have thrown.
 */
export function servedProject(prefix: string, make: (dir: string) => string | Promise<string>, timeout = 180_000): ServedProject {
  let server: Awaited<ReturnType<typeof serve>> | null = null;
  const errors: string[] = [];
  const served: ServedProject = {
    dir: '',
    url: '',
    async open(page, hash = '') {
      page.on('pageerror', (e) => errors.push(String(e)));
      const u = new URL(served.url);
      u.hash = hash;
      await page.goto(u.href);
      await appReady(page);
    },
  };
  test.beforeAll(async () => {
    test.setTimeout(timeout);
    served.dir = mkdtempSync(join(tmpdir(), prefix));
    server = await serve(await make(served.dir));
    served.url = server.url;
  });
  test.afterAll(async () => {
    await server?.stop();
    if (served.dir) rmSync(served.dir, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });
  return served;
}

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
  // Exactly one model is the open one (others may have an Open button).
  await expect(fit.locator('[data-testid=model-item][aria-current=true]')).toHaveCount(1);

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
