// Browser mode's server: the token, the boundary checks, static files, and job events over SSE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobEvent } from '../shared/api';
import { ExemplarService } from './api';
import { type RunningServer, startServer } from './serve';

const RECIPES = fileURLToPath(new URL('../../resources/data/recipes.csv', import.meta.url));
let dir: string;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exemplar-serve-'));
  ExemplarService.open(join(dir, 'p.exemplar'), { create: true }).close();
  mkdirSync(join(dir, 'www'));
  writeFileSync(join(dir, 'www', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'secret.txt'), 'not for the web');
  server = await startServer({ project: join(dir, 'p.exemplar'), staticDir: join(dir, 'www') });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, args: unknown, token: string | null = server.token) =>
  fetch(`${base}/api/${method}`, { method: 'POST', headers: token ? { 'x-exemplar-token': token } : {}, body: JSON.stringify(args) });

/** A raw GET, to send a Host header fetch would not. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('startServer', () => {
  it('prints a URL with the token, on 127.0.0.1 only', async () => {
    expect(server.url).toBe(`${base}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    await expect(startServer({ project: join(dir, 'p.exemplar'), host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127.0.0.1 only/);
  });

  it('answers API calls that carry the token, and no others', async () => {
    expect((await call('listDatasets', [], null)).status).toBe(403);
    expect((await call('listDatasets', [], 'x'.repeat(server.token.length))).status).toBe(403);
    const ok = await call('listDatasets', []);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
  });

  it('refuses bad input with 400 and what the service throws with 500', async () => {
    const bad = await call('fit', [{ datasetId: 1, prototypes: -1, iterations: 1, seed: 1 }]);
    expect(bad.status).toBe(400);
    expect((await bad.json()) as object).toEqual({ error: expect.stringMatching(/prototypes/) });
    expect((await fetch(`${base}/api/listDatasets`, { method: 'POST', headers: { 'x-exemplar-token': server.token }, body: '{' })).status).toBe(400);
    const missing = await call('getModel', [99]);
    expect(missing.status).toBe(500);
    expect(((await missing.json()) as { error: string }).error).toMatch(/No model 99/);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get('/', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves the renderer and nothing outside it', async () => {
    expect((await get('/')).body).toContain('<title>x</title>');
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/..%2fsecret.txt')).status).toBe(404);
    expect((await get('/nope.js')).status).toBe(404);
  });

  it('streams job events to token holders', async () => {
    expect((await get('/api/events')).status).toBe(403);
    const events: JobEvent[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c;
          for (let k = buf.indexOf('\n\n'); k >= 0; k = buf.indexOf('\n\n')) {
            const frame = buf.slice(0, k);
            buf = buf.slice(k + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (data) events.push(JSON.parse(data.slice(6)) as JobEvent);
            if (events.at(-1)?.type === 'done') {
              req.destroy();
              resolve();
            }
          }
        });
        // The stream is open: start a job.
        void call('importData', [{ path: RECIPES, name: 'recipes' }]).catch(reject);
      }).on('error', (e) => (events.at(-1)?.type === 'done' ? undefined : reject(e)));
      req.end();
    });
    await ended;
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    const done = events.at(-1) as Extract<JobEvent, { type: 'done' }>;
    expect((done.result as { dataset: { rows: number } }).dataset.rows).toBe(56);
  });
});
