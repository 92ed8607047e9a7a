// The API as the app uses it: jobs stream progress events, can be cancelled, and resume from checkpoints.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobEvent } from '../../shared/api';
import { ExemplarService } from '.';

const DIGITS = fileURLToPath(new URL('../../../resources/data/digits.csv', import.meta.url));
let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function service() {
  dir = mkdtempSync(join(tmpdir(), 'exemplar-api-'));
  return ExemplarService.open(join(dir, 'p.exemplar'), { create: true });
}

/** Resolves with the first event that matches. */
function next(s: ExemplarService, match: (e: JobEvent) => boolean): Promise<JobEvent> {
  return new Promise((resolve) => {
    const off = s.jobs.on((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}

describe('fit jobs', () => {
  it('stream sampling progress, stop on cancel, and resume to the end', async () => {
    const s = service();
    const imp = await s.importData({ path: DIGITS, label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
    const { dataset } = (await s.wait(imp.jobId)) as { dataset: { id: number; rows: number } };
    expect(dataset.rows).toBe(1797);

    const { jobId, modelId } = await s.fit({ datasetId: dataset.id, prototypes: 10, iterations: 5000, seed: 3, chains: 1, checkpointEvery: 10 });
    const progress = await next(s, (e) => e.jobId === jobId && e.type === 'progress' && e.done >= 30);
    expect(progress).toMatchObject({ phase: 'sampling', total: 5000 });
    expect(Number.isFinite((progress as { logJoint: number }).logJoint)).toBe(true);
    const cancelled = next(s, (e) => e.jobId === jobId && e.type !== 'progress');
    await s.cancel(jobId);
    expect((await cancelled).type).toBe('cancelled');
    await expect(s.wait(jobId)).rejects.toThrow('cancelled');
    const model = await s.getModel(modelId!);
    expect(model.status).toBe('cancelled');
    expect(model.logLikelihood.length).toBeGreaterThanOrEqual(30);
    expect(model.logLikelihood.length).toBeLessThan(5000);

    // Resume: shorten the run so the test is quick; the chain continues from its saved state.
    const stopped = model.logLikelihood.length;
    s.project.db.prepare("UPDATE models SET params_json = json_set(params_json, '$.sweeps', ?, '$.burnIn', ?)").run(stopped + 20, stopped);
    const resumed = await s.resume(modelId!);
    await s.wait(resumed.jobId);
    const done = await s.getModel(modelId!);
    expect(done.status).toBe('done');
    expect(done.logLikelihood).toHaveLength(stopped + 20);
    expect(done.prototypes).toHaveLength(10);
    s.close();
  });

  it('sees a model whose process died as interrupted, shows its last checkpoint, and never lets two writers in', async () => {
    const s = service();
    const imp = await s.importData({ path: DIGITS, label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
    const { dataset } = (await s.wait(imp.jobId)) as { dataset: { id: number } };
    const { jobId, modelId } = await s.fit({ datasetId: dataset.id, prototypes: 10, iterations: 100_000, seed: 3, chains: 2, checkpointEvery: 10 });
    // Both chains past their second checkpoint (each progress event names its chain).
    const swept = [0, 0];
    let last = 0;
    await next(s, (e) => {
      if (e.jobId !== jobId || e.type !== 'progress' || e.chain === undefined) return false;
      swept[e.chain] += e.done - last;
      last = e.done;
      return Math.min(...swept) >= 25;
    });

    // A second process on the same file (a second service here) sees it running and may not write it.
    const other = ExemplarService.open(s.project.path);
    expect((await other.listModels())[0]).toMatchObject({ id: modelId, status: 'running' });
    await expect(other.resume(modelId!)).rejects.toThrow(/being written by another process \(pid \d+\)/);
    await expect(other.edit({ modelId: modelId!, edit: { kind: 'unpin', cluster: 0 } })).rejects.toThrow(/no result to edit yet \(status: running\)/);

    // The writer dies without a word (kill -9): its lease names a process that no longer exists.
    await s.cancel(jobId);
    await s.wait(jobId).catch(() => {});
    s.project.db.prepare("UPDATE models SET status = 'running', owner = ?, heartbeat_at = ?").run(`${hostname()} 2147483646 dead`, Date.now());
    const seen = await other.getModel(modelId!);
    expect(seen.status).toBe('interrupted');
    expect(seen.partial).toBe(true);
    expect(seen.progress.sweeps).toBe(100_000);
    expect(seen.progress.sweep).toBeGreaterThanOrEqual(20);
    expect(seen.prototypes).toHaveLength(10); // from the last checkpoint
    expect(seen.pi).toHaveLength(1797);
    expect(seen.prototypes[0].labelMix.length).toBeGreaterThan(0);

    // Resuming takes the lease over; extending a finished fit runs it longer. (The chains stopped at different
    // sweeps; the new end lies past both.)
    const end = Math.max(...seen.traces.map((t) => t.length)) + 10;
    other.project.db.prepare("UPDATE models SET params_json = json_set(params_json, '$.sweeps', ?)").run(end);
    await other.wait((await other.resume(modelId!)).jobId);
    const finished = await other.getModel(modelId!);
    expect(finished).toMatchObject({ status: 'done', partial: false, progress: { sweep: end, sweeps: end } });
    await expect(other.resume(modelId!)).rejects.toThrow(/finished: to run it longer, extend it/);
    await other.wait((await other.resume(modelId!, { extend: 5 })).jobId);
    const extended = await other.getModel(modelId!);
    expect(extended.params.sweeps).toBe(end + 5);
    expect(extended.logLikelihood).toHaveLength(end + 5);
    await other.close();
    await s.close();
  });

  it('fails with a clear message on bad input and writes nothing', async () => {
    const s = service();
    const bad = join(dir, 'dup.csv');
    (await import('node:fs')).writeFileSync(bad, 'a,a\n1,2\n');
    const { jobId } = await s.importData({ path: bad });
    await expect(s.wait(jobId)).rejects.toThrow(/dup\.csv:1:2: .*duplicate/i);
    expect(await s.listDatasets()).toEqual([]);
    s.close();
  });
});
