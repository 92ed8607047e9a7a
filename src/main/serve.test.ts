// Browser mode's server: the token, the boundary checks with their status codes, the caps, uploads instead
// of paths, timeouts and the connection cap, static files, and job events over SSE. The service runs in its
// threads (out/node/workers/service.js: `npm run build:node` first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobEvent } from '../shared/api';
import { ExemplarService } from './api';
import { CALL_CAPS } from './boundary';
import { CONTENT_SECURITY_POLICY, type RunningServer, startServer } from './serve';

const RECIPES = fileURLToPath(new URL('../../resources/data/recipes.csv', import.meta.url));
const LIMITS = { bodyBytes: 2 << 20, uploadBytes: 64 << 10, headersTimeoutMs: 500, connections: 8 };
let dir: string;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exemplar-serve-'));
  await ExemplarService.open(join(dir, 'p.exemplar'), { create: true }).close();
  mkdirSync(join(dir, 'www'));
  writeFileSync(join(dir, 'www', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'secret.txt'), 'not for the web');
  server = await startServer({ project: join(dir, 'p.exemplar'), staticDir: join(dir, 'www'), limits: LIMITS });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, args: unknown, token: string | null = server.token) =>
  fetch(`${base}/api/${method}`, { method: 'POST', headers: token ? { 'x-exemplar-token': token } : {}, body: JSON.stringify(args) });

const upload = (name: string, body: string | Buffer | ReadableStream, token: string | null = server.token) =>
  fetch(`${base}/api/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers: token ? { 'x-exemplar-token': token } : {}, body, duplex: 'half' } as RequestInit);

const errorOf = async (r: Response) => ((await r.json()) as { error: string }).error;

/** A raw request, to send a Host header or a body fetch would not. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string | number>; body?: Buffer } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    }).on('error', reject);
    req.end(opts.body);
  });
}

/** Waits for the last event of a job. */
async function jobEnd(jobId: string): Promise<JobEvent> {
  const r = await call('wait', [jobId]);
  return r.ok ? { type: 'done', jobId, result: await r.json() } : { type: 'failed', jobId, error: await errorOf(r) };
}

describe('the token', () => {
  it('is in the printed URL, on 127.0.0.1 only', async () => {
    expect(server.url).toBe(`${base}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    await expect(startServer({ project: join(dir, 'p.exemplar'), host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127.0.0.1 only/);
  });

  it('is required by every API call, upload and event stream', async () => {
    expect((await call('listDatasets', [], null)).status).toBe(403);
    expect((await call('listDatasets', [], 'x'.repeat(server.token.length))).status).toBe(403);
    expect((await upload('a.csv', 'a\n1\n', null)).status).toBe(403);
    expect((await raw('/api/events')).status).toBe(403);
    // The query token is for EventSource only.
    expect((await fetch(`${base}/api/listDatasets?token=${server.token}`, { method: 'POST', body: '[]' })).status).toBe(403);
    const ok = await call('listDatasets', []);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
  });

  it('that is wrong in a link gets a page saying where the right link is', async () => {
    const r = await raw('/?token=stale-token-from-an-earlier-run');
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toMatch(/wrong token/);
    expect(r.body).toMatch(/Exemplar is serving … at/);
    expect((await raw(`/?token=${server.token}`)).status).toBe(200);
  });
});

describe('status codes', () => {
  it('400 for input the boundary refuses, malformed JSON included', async () => {
    const bad = await call('fit', [{ datasetId: 1, prototypes: -1, iterations: 1, seed: 1 }]);
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/prototypes/);
    expect((await fetch(`${base}/api/listDatasets`, { method: 'POST', headers: { 'x-exemplar-token': server.token }, body: '{' })).status).toBe(400);
    expect((await call('close', [])).status).toBe(400);
  });

  it('404 for an unknown model, dataset or job', async () => {
    for (const [method, args, message] of [
      ['getModel', [99], /No model 99/],
      ['getDataset', [42], /No dataset 42/],
      ['getCases', [42, [0]], /No dataset 42/],
      ['wait', ['fit-77'], /No job fit-77/],
      ['importData', [{ file: 'f'.repeat(32) }], /No file/],
    ] as const) {
      const r = await call(method, args);
      expect(r.status, method).toBe(404);
      expect(await errorOf(r)).toMatch(message);
    }
  });

  it('405 for a wrong method', async () => {
    expect((await fetch(`${base}/api/listDatasets`, { headers: { 'x-exemplar-token': server.token } })).status).toBe(405);
    expect((await fetch(`${base}/api/upload?name=a.csv`, { headers: { 'x-exemplar-token': server.token } })).status).toBe(405);
  });

  it('413 for a body over the limit, from Content-Length before reading it', async () => {
    // Says 100 MiB but sends a few bytes: the answer comes from the header alone.
    const r = await raw('/api/listDatasets', { method: 'POST', headers: { 'x-exemplar-token': server.token, 'content-length': 100 << 20 }, body: Buffer.from('[]') });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toMatch(/over 2 MiB/);
    // Without a length (chunked), counted as it arrives.
    const chunked = new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(LIMITS.bodyBytes + 10).fill(32)), c.close()) });
    const r2 = await fetch(`${base}/api/listDatasets`, { method: 'POST', headers: { 'x-exemplar-token': server.token }, body: chunked, duplex: 'half' } as RequestInit);
    expect(r2.status).toBe(413);
  });
});

describe('caps per call', () => {
  it('refuse a predict with too many cases, naming the cap', async () => {
    const r = await call('predict', [{ modelId: 1, cases: Array.from({ length: CALL_CAPS.predictCases + 1 }, () => ({})) }]);
    expect(r.status).toBe(400);
    expect(await errorOf(r)).toBe(`predict takes at most ${CALL_CAPS.predictCases} cases per call, not ${CALL_CAPS.predictCases + 1}: split them into several calls.`);
  });

  it('refuse too many similar queries or judgments', async () => {
    const queries = await call('similarBatch', [{ modelId: 1, queries: Array.from({ length: CALL_CAPS.similarQueries + 1 }, (_, row) => ({ row })) }]);
    expect(queries.status).toBe(400);
    expect(await errorOf(queries)).toMatch(/at most 1000 queries/);
    const judgments = await call('addJudgments', [{ datasetId: 1, judgments: Array.from({ length: CALL_CAPS.judgments + 1 }, () => ({ query: 0, doc: 1, grade: 1 })) }]);
    expect(judgments.status).toBe(400);
    expect(await errorOf(judgments)).toMatch(/at most 50000 judgments/);
  });
});

describe('data files', () => {
  it('are never read by path from the page: a token holder cannot make the service read ~/.bashrc', async () => {
    const r = await call('importData', [{ path: join(dir, 'secret.txt') }]);
    expect(r.status).toBe(400);
    expect(await errorOf(r)).toMatch(/takes `file`/);
    expect(await (await call('listDatasets', [])).json()).toEqual([]);
  });

  it('are uploaded, then imported by the id the upload returned', async () => {
    const up = await upload('recipes.csv', readFileSync(RECIPES));
    expect(up.status).toBe(200);
    const { file, name } = (await up.json()) as { file: string; name: string };
    expect(name).toBe('recipes.csv');
    expect(file).toMatch(/^[0-9a-f]{32}$/);
    const { jobId } = (await (await call('importData', [{ file }])).json()) as { jobId: string };
    const end = await jobEnd(jobId);
    expect(end.type).toBe('done');
    const datasets = (await (await call('listDatasets', [])).json()) as { name: string; rows: number }[];
    expect(datasets.at(-1)).toMatchObject({ name: 'recipes.csv', rows: 56 });
  });

  it('keep only their own name: a path in the name is not followed', async () => {
    const up = await upload('../../etc/x.csv', 'a,b\n1,2\n');
    expect(((await up.json()) as { name: string }).name).toBe('x.csv');
  });

  it('over the upload limit get 413, by Content-Length or counted', async () => {
    const r = await raw('/api/upload?name=big.csv', { method: 'POST', headers: { 'x-exemplar-token': server.token, 'content-length': LIMITS.uploadBytes + 1 }, body: Buffer.alloc(10) });
    expect(r.status).toBe(413);
    const chunked = new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(LIMITS.uploadBytes + 1).fill(65)), c.close()) });
    const r2 = await upload('big.csv', chunked);
    expect(r2.status).toBe(413);
    expect(await errorOf(r2)).toMatch(/upload limit of 64 KiB/);
  });
});

describe('connections', () => {
  it('cuts off a client that trickles its headers (headers timeout)', async () => {
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      let got = '';
      socket.on('data', (c) => (got += c));
      socket.on('close', () => resolve(got));
    });
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('caps how many are open at once', async () => {
    const sockets = Array.from({ length: LIMITS.connections + 2 }, () => connect(server.port, '127.0.0.1'));
    const closed = await Promise.all(
      sockets.map((s) => new Promise<boolean>((resolve) => {
        s.once('close', () => resolve(true));
        setTimeout(() => resolve(false), 1_000);
      })),
    );
    for (const s of sockets) s.destroy();
    expect(closed.filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });
});

describe('pages and headers', () => {
  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await raw('/', { headers: { host: `evil.example:${server.port}` } })).status).toBe(403);
    expect((await raw('/', { headers: { host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('sends the CSP (no framing) and no-referrer on every answer', async () => {
    for (const path of ['/', '/nope.js', '/api/listDatasets']) {
      const r = await raw(path);
      expect(r.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/frame-ancestors 'none'/);
  });

  it('serves the renderer and nothing outside it', async () => {
    expect((await raw('/')).body).toContain('<title>x</title>');
    expect((await raw('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await raw('/..%2fsecret.txt')).status).toBe(404);
    expect((await raw('/nope.js')).status).toBe(404);
  });

  it('streams job events to token holders', async () => {
    const events: JobEvent[] = [];
    const { file } = (await (await upload('recipes.csv', readFileSync(RECIPES))).json()) as { file: string };
    await new Promise<void>((resolve, reject) => {
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
        void call('importData', [{ file, name: 'again' }]).catch(reject);
      }).on('error', (e) => (events.at(-1)?.type === 'done' ? undefined : reject(e)));
      req.end();
    });
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    const done = events.at(-1) as Extract<JobEvent, { type: 'done' }>;
    expect((done.result as { dataset: { rows: number; name: string } }).dataset).toMatchObject({ rows: 56, name: 'again' });
  });
});
