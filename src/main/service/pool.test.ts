// The service threads behind one `call`: reads answered by readers that see every write of the primary, a
// long call in one thread that leaves the others answering, file ids instead of paths, and the demo made on
// first start. Runs the bundled service thread (out/node/workers/service.js: `npm run build:node` first).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetInfo, JobEvent, JobRef, ModelSummary, ModelView } from '../../shared/api';
import { ExemplarService } from '../api';
import { ServicePool } from './pool';
import { digitsDemo } from './profile';
import { CallError, jsonBytes, parseJsonBytes } from './rpc';

const data = (name: string) => fileURLToPath(new URL(`../../../resources/data/${name}`, import.meta.url));
let dir = '';
let pool: ServicePool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(opts: { demo?: boolean } = {}): Promise<ServicePool> {
  dir = mkdtempSync(join(tmpdir(), 'exemplar-pool-'));
  const project = join(dir, 'p.exemplar');
  if (!opts.demo) await ExemplarService.open(project, { create: true }).close();
  pool = await ServicePool.start({ project, demo: opts.demo ? digitsDemo(data('digits.csv')) : undefined });
  return pool;
}

/** A call as the front doors make it: arguments as JSON bytes in, the result as JSON bytes out. */
const call = async <T>(p: ServicePool, method: string, ...args: unknown[]): Promise<T> => parseJsonBytes(await p.call(method, jsonBytes(args))) as T;

async function importFile(p: ServicePool, name: string, extra: object = {}): Promise<DatasetInfo> {
  const { file } = await p.registerFile(data(name), name);
  const { jobId } = await call<JobRef>(p, 'importData', { file, ...extra });
  return ((await call<{ dataset: DatasetInfo }>(p, 'wait', jobId)).dataset);
}

describe('ServicePool', () => {
  it('answers reads from readers that see each write of the primary at once', async () => {
    const p = await start();
    expect(await call(p, 'listDatasets')).toEqual([]);
    const recipes = await importFile(p, 'recipes.csv');
    expect((await call<DatasetInfo[]>(p, 'listDatasets')).map((d) => d.name)).toEqual(['recipes.csv']);

    const fit = await call<JobRef>(p, 'fit', { datasetId: recipes.id, prototypes: 3, iterations: 40, seed: 1, chains: 1 });
    await call(p, 'wait', fit.jobId);
    const before = await call<ModelView>(p, 'getModel', fit.modelId);
    expect(before.status).toBe('done');
    // A reader caches the model's summary; the edit's resample changes it, and the next read must show that.
    // (Planted bug: a pool that never bumps its generation serves `before` again here, and this fails.)
    const pinned = before.prototypes[0].row === 0 ? 1 : 0;
    const edit = await call<JobRef>(p, 'edit', { modelId: fit.modelId, edit: { kind: 'pin', cluster: 0, row: pinned }, iterations: 10 });
    await call(p, 'wait', edit.jobId);
    const after = await call<ModelView>(p, 'getModel', fit.modelId);
    expect(after.edits).toHaveLength(1);
    expect(after.prototypes[0]).toMatchObject({ row: pinned, pinned: true });
  });

  it('answers a listModels while a long predict and an audit hold a reader', async () => {
    const p = await start();
    const digits = await importFile(p, 'digits.csv', { label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
    const fit = await call<JobRef>(p, 'fit', { datasetId: digits.id, prototypes: 10, iterations: 20, seed: 1, chains: 1 });
    await call(p, 'wait', fit.jobId);
    const rows = await call<{ values: Record<string, string | null> }[]>(p, 'getCases', digits.id, Array.from({ length: 200 }, (_, i) => i));
    const cases = Array.from({ length: 4000 }, (_, i) => rows[i % rows.length].values);
    const order: string[] = [];
    const predict = call<unknown[]>(p, 'predict', { modelId: fit.modelId, cases }).then((r) => {
      order.push('predict');
      return r;
    });
    // An audit reads every row: a long read too, so it waits behind the predict instead of holding the quick thread.
    const audit = call<unknown>(p, 'audit', { modelId: fit.modelId }).then(() => order.push('audit'));
    // Sent after the predict and the audit, answered before both: another thread reads.
    const models = await call<ModelSummary[]>(p, 'listModels');
    order.push('listModels');
    expect(models.map((m) => m.status)).toEqual(['done']);
    expect(await predict).toHaveLength(4000);
    await audit;
    expect(order).toEqual(['listModels', 'predict', 'audit']);
  });

  it('reads only the files it was given, by id', async () => {
    const p = await start();
    const refused = p.call('importData', jsonBytes([{ path: data('recipes.csv') }]));
    await expect(refused).rejects.toThrow(CallError);
    await expect(refused).rejects.toMatchObject({ kind: 'badRequest' });
    await expect(p.call('importData', jsonBytes([{ file: 'nope' }]))).rejects.toMatchObject({ kind: 'notFound', message: expect.stringMatching(/No file nope/) });
    await expect(p.call('getModel', jsonBytes([5]))).rejects.toMatchObject({ kind: 'notFound' });
  });

  it('makes the digits demo on first start, with its fit running as a job the page can follow', async () => {
    const p = await start({ demo: true });
    const events: JobEvent[] = [];
    const done = new Promise<JobEvent>((resolve) => p.onEvent((e) => (events.push(e), e.type !== 'progress' && resolve(e))));
    const [digits] = await call<DatasetInfo[]>(p, 'listDatasets');
    expect(digits).toMatchObject({ name: 'digits', rows: 1797, labelColumn: 'digit' });
    const [model] = await call<ModelSummary[]>(p, 'listModels');
    expect(model.params).toMatchObject({ S: 10, seed: 1, sweeps: 300, chains: 2 });
    expect(await done).toMatchObject({ type: 'done' });
    expect(events.some((e) => e.type === 'progress' && e.phase === 'sampling')).toBe(true);
    const view = await call<ModelView>(p, 'getModel', model.id);
    expect(view.prototypes).toHaveLength(10);
  });
});
