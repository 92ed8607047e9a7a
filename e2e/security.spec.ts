// Browser mode's security from a real browser (Chromium), against a server of its own so that what it
// imports does not change what the other specs see: the token leaves the address bar and survives a reload,
// a wrong or missing token gets a page that says what to do, the page cannot be framed, another origin
// cannot call the API, and data files reach the service only as uploads, never as paths.
import { execFileSync, type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from './test';

// Page globals the page.evaluate bodies use (this file is type-checked without the DOM library).
declare const sessionStorage: { getItem(key: string): string | null };
declare const XMLHttpRequest: new () => {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  responseType: string;
  response: unknown;
  status: number;
  upload: { addEventListener(type: 'progress', listener: (e: { loaded: number }) => void): void };
  addEventListener(type: 'load', listener: () => void): void;
  send(body: unknown): void;
};

const root = join(import.meta.dirname, '..');
const cli = join(root, 'out', 'node', 'cli.js');
let dir = '';
let server: ChildProcess;
let url: URL;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exemplar-security-'));
  const project = join(dir, 'recipes.exemplar');
  execFileSync(process.execPath, [cli, 'import', join(root, 'resources', 'data', 'recipes.csv'), '--out', project], { stdio: 'ignore' });
  server = spawn(process.execPath, [cli, 'serve', project, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, EXEMPLAR_DATA_DIR: join(dir, 'data') } });
  url = new URL(
    await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).on('line', (line) => {
        const m = /^Exemplar is serving .* at (http:\/\/\S+)$/.exec(line);
        if (m) resolve(m[1]);
      });
      server.once('exit', (code) => reject(new Error(`exemplar serve exited with code ${code}`)));
    }),
  );
});

test.afterAll(async () => {
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
  rmSync(dir, { recursive: true, force: true });
});

const token = () => url.searchParams.get('token')!;

test('the token leaves the address bar, stays in session storage, and a reload still works', async ({ page }) => {
  const calls: number[] = [];
  page.on('response', (r) => r.url().includes('/api/listDatasets') && calls.push(r.status()));
  await page.goto(url.href);
  await expect(page.getByTestId('top-dataset')).toContainText('recipes');
  expect(page.url()).toBe(`${url.origin}/`);
  expect(await page.evaluate(() => sessionStorage.getItem('exemplar-token'))).toBe(token());
  await page.reload();
  await expect(page.getByTestId('top-dataset')).toContainText('recipes');
  expect(calls.length).toBeGreaterThanOrEqual(2);
  expect(calls.every((s) => s === 200)).toBe(true);
});

test('a wrong token gets a page that says where the right link is; no token says it too', async ({ page, context }) => {
  const wrong = await page.goto(`${url.origin}/?token=from-an-earlier-run-aaaaaaaaaaaa`);
  expect(wrong!.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'This link has the wrong token' })).toBeVisible();
  await expect(page.getByText('Exemplar is serving … at')).toBeVisible();

  // A fresh tab of its own (no session storage) opened on the bare address.
  const bare = await context.newPage();
  await bare.goto(`${url.origin}/`);
  await expect(bare.getByText(/needs the link Exemplar printed when it started/)).toBeVisible();
});

test('every answer carries the CSP, and the page cannot be framed by another page', async ({ page, request }) => {
  const r = await request.get(`${url.origin}/`);
  expect(r.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(r.headers()['x-frame-options']).toBe('DENY');
  await page.setContent(`<iframe id="f" src="${url.href}"></iframe>`);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  // Chromium replaces a refused frame with its error page: our page never loads in it.
  await expect.poll(async () => frame && (await frame.locator('[data-testid=app]').count())).toBe(0);
  await expect.poll(() => frame?.url() ?? '').toMatch(/^chrome-error:/);
});

test('another origin cannot call the API even with the token (no CORS)', async ({ page }) => {
  await page.goto('about:blank');
  const outcome = await page.evaluate(
    async ([origin, t]) => {
      try {
        const res = await fetch(`${origin}/api/listDatasets`, { method: 'POST', headers: { 'x-exemplar-token': t, 'content-type': 'application/json' }, body: '[]' });
        return `status ${res.status}`;
      } catch (e) {
        return `refused: ${(e as Error).name}`;
      }
    },
    [url.origin, token()] as const,
  );
  expect(outcome).toBe('refused: TypeError');
});

test('data files reach the service as uploads with progress, never as paths', async ({ page }) => {
  await page.goto(url.href);
  await expect(page.getByTestId('top-dataset')).toContainText('recipes');
  const result = await page.evaluate(async (t) => {
    const api = async (method: string, args: unknown[]) => {
      const res = await fetch(`/api/${method}`, { method: 'POST', headers: { 'x-exemplar-token': t }, body: JSON.stringify(args) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const byPath = await api('importData', [{ path: '/etc/passwd' }]);
    // A table made in the page, sent as the transport sends a File: XHR, so upload progress is reported.
    const rows = ['colour,size,label', ...Array.from({ length: 20_000 }, (_, i) => `${['red', 'green', 'blue'][i % 3]},${i % 7},${i % 2 ? 'a' : 'b'}`)];
    const file = new File([rows.join('\n') + '\n'], 'made-in-page.csv', { type: 'text/csv' });
    const progress: number[] = [];
    const opened = await new Promise<{ file: string; name: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
      xhr.setRequestHeader('x-exemplar-token', t);
      xhr.responseType = 'json';
      xhr.upload.addEventListener('progress', (e) => progress.push(e.loaded));
      xhr.addEventListener('load', () => (xhr.status === 200 ? resolve(xhr.response as { file: string; name: string }) : reject(new Error(`HTTP ${xhr.status}`))));
      xhr.send(file);
    });
    const started = await api('importData', [{ file: opened.file, label: 'label' }]);
    const done = await api('wait', [started.body.jobId]);
    return { byPath, opened, progress: progress.at(-1), size: file.size, done };
  }, token());
  expect(result.byPath.status).toBe(400);
  expect(String(result.byPath.body.error)).toMatch(/takes `file`/);
  expect(result.opened.name).toBe('made-in-page.csv');
  expect(result.progress).toBe(result.size);
  expect(result.done.status).toBe(200);
  expect(result.done.body).toMatchObject({ dataset: { name: 'made-in-page.csv', rows: 20_000 } });
});
