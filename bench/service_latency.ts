// How long a listModels waits while the service is busy (the issue's goal: at most 50 ms while a 100k-case
// predict or a 1M-row import runs). Browser mode is started as the user starts it (`exemplar serve FILE`, a
// child process); this process is only the client: it polls listModels over HTTP every 20 ms and times each
// answer, first idle, then during a 100k-case predict of the digits, then during the upload and import of a
// generated 1M-row table, then with both at once. Also prints how long the predict takes in one thread: what
// a listModels waited behind it when the service ran on the HTTP thread.
//
//   npm run build:node && node out/node/bench/service_latency.js [--cases 100000] [--rows 1000000]
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ExemplarService } from '../src/main/api';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const CASES = opt('cases', 100_000);
const ROWS = opt('rows', 1_000_000);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const digitsCsv = join(root, 'resources', 'data', 'digits.csv');
const cli = join(root, 'out', 'node', 'cli.js');

const dir = mkdtempSync(join(tmpdir(), 'exemplar-latency-'));
const project = join(dir, 'bench.exemplar');

/** A table of `rows` rows: an id, four categorical and numeric columns, a flag and a label (37 MB per million). */
async function writeTable(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,colour,size,weight,shape,flag,label\n');
  const colours = ['red', 'green', 'blue', 'amber', 'grey'];
  // A fixed linear congruential sequence: the same table every run.
  let s = 1;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  let buf = '';
  for (let i = 0; i < rows; i++) {
    buf += `c${i},${colours[Math.floor(r() * 5)]},${(r() * 100).toFixed(1)},${(r() * 10).toFixed(2)},${r() < 0.5 ? 'round' : 'square'},${r() < 0.3},${r() < 0.5 ? 'a' : 'b'}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((ok) => out.once('drain', () => ok()));
      buf = '';
    }
  }
  await new Promise<void>((ok) => out.end(buf, ok));
}

// The project: the digits and a short fit, made here before the server starts.
const setup = ExemplarService.open(project, { create: true });
const imp = await setup.importData({ path: digitsCsv, label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
await setup.wait(imp.jobId);
const fit = await setup.fit({ datasetId: 1, prototypes: 10, iterations: 100, seed: 1, chains: 1 });
await setup.wait(fit.jobId);
const rows = await setup.getCases(1, Array.from({ length: 1797 }, (_, i) => i));
const cases = Array.from({ length: CASES }, (_, i) => rows[i % rows.length].values);
const predictBody = Buffer.from(JSON.stringify([{ modelId: fit.modelId, cases }]));
// The old design: the service on the thread that answers HTTP, where a listModels waits for the whole predict.
const oneThreadCases = Math.min(CASES, 10_000);
const t = performance.now();
await setup.predict({ modelId: fit.modelId!, cases: cases.slice(0, oneThreadCases) });
const oneThreadMs = ((performance.now() - t) * CASES) / oneThreadCases;
await setup.close();
const table = join(dir, 'big.csv');
await writeTable(table, ROWS);

const server = spawn(process.execPath, [cli, 'serve', project, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = new URL(
  await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const m = /at (http:\/\/\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`exemplar serve exited with code ${code}`)));
  }),
);
const headers = { 'x-exemplar-token': url.searchParams.get('token')!, 'content-type': 'application/json' };
const api = (method: string, body: string | Buffer = '[]') => fetch(`${url.origin}/api/${method}`, { method: 'POST', headers, body });

/** Polls listModels every 20 ms until `until` settles; each answer's latency and when it was sent, in ms. */
async function poll(until: Promise<unknown>, t0: number): Promise<{ at: number; ms: number }[]> {
  let done = false;
  void until.finally(() => (done = true));
  const times: { at: number; ms: number }[] = [];
  while (!done) {
    const start = performance.now();
    const r = await api('listModels');
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`listModels: HTTP ${r.status}`);
    times.push({ at: start - t0, ms: performance.now() - start });
    await new Promise((ok) => setTimeout(ok, 20));
  }
  await until;
  return times;
}

function report(label: string, times: { at: number; ms: number }[], seconds: number): void {
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const slow = times.filter((t) => t.ms > 50);
  const when = slow.length ? ` (at ${slow.slice(0, 6).map((t) => `${(t.at / 1000).toFixed(1)} s`).join(', ')}${slow.length > 6 ? ', …' : ''})` : '';
  console.log(
    `${label.padEnd(44)} ${String(times.length).padStart(5)} calls over ${seconds.toFixed(1).padStart(5)} s: median ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; ${slow.length} over 50 ms${when}`,
  );
}

async function phase(label: string, work: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  const times = await poll(work(), start);
  report(label, times, (performance.now() - start) / 1000);
}

/**
 * The heavy requests are sent from a worker thread of this process, so that sending 86 MB and reading the
 * answer does not delay the poller, and the latencies are the server's.
 */
const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { origin, token, predictBody, table } = workerData;
const api = (method, body) => fetch(origin + '/api/' + method, { method: 'POST', headers: { 'x-exemplar-token': token, 'content-type': 'application/json' }, body });
const jobs = {
  async predict() {
    const r = await api('predict', Buffer.from(predictBody));
    await r.arrayBuffer();
    if (!r.ok) throw new Error('predict: HTTP ' + r.status);
  },
  async importTable() {
    const up = await fetch(origin + '/api/upload?name=big.csv', { method: 'POST', headers: { 'x-exemplar-token': token }, body: readFileSync(table) });
    if (!up.ok) throw new Error('upload: HTTP ' + up.status);
    const { file } = await up.json();
    const { jobId } = await (await api('importData', JSON.stringify([{ file, label: 'label' }]))).json();
    const w = await api('wait', JSON.stringify([jobId]));
    if (!w.ok) throw new Error('import: ' + (await w.text()));
  },
};
parentPort.on('message', (name) => jobs[name]().then(() => parentPort.postMessage({ name }), (e) => parentPort.postMessage({ name, error: e.message })));
`;
const sender = new Worker(SENDER, { eval: true, workerData: { origin: url.origin, token: headers['x-exemplar-token'], predictBody, table } });
sender.unref();
const send = (name: 'predict' | 'importTable') =>
  new Promise<void>((resolve, reject) => {
    const on = (m: { name: string; error?: string }) => {
      if (m.name !== name) return;
      sender.off('message', on);
      if (m.error) reject(new Error(m.error));
      else resolve();
    };
    sender.on('message', on);
    sender.postMessage(name);
  });
const predict = () => send('predict');
const importTable = () => send('importTable');

try {
  console.log(`listModels over HTTP while browser mode works (load average ${loadavg()[0].toFixed(1)}, ${CASES} predict cases of 64 columns = ${(predictBody.length / 2 ** 20).toFixed(0)} MiB, ${ROWS} rows = ${(statSync(table).size / 2 ** 20).toFixed(0)} MiB):`);
  await phase('idle', () => new Promise((ok) => setTimeout(ok, 2_000)));
  await phase(`during a ${CASES}-case predict`, predict);
  await phase(`during the upload and import of ${ROWS} rows`, importTable);
  await phase('during both at once', () => Promise.all([predict(), importTable()]));
  console.log(`the same predict in one thread (the old design: a listModels waited this long): ${(oneThreadMs / 1000).toFixed(1)} s (measured on ${oneThreadCases} cases)`);
} finally {
  await sender.terminate();
  server.kill('SIGTERM');
  await new Promise((ok) => server.once('exit', ok));
  rmSync(dir, { recursive: true, force: true });
}
