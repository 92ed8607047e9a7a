// The audit through the service: the memorisation refits are a job of their own, with progress, that a
// cancel stops (the audit then fails with "cancelled", and the service stays usable). Planted bug, seen red
// once: a worker that never read the stop flag finished the refits and the audit resolved.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobEvent } from '../../shared/api';
import { ExemplarService } from '.';

const VOTE = fileURLToPath(new URL('../../../resources/data/vote.arff', import.meta.url));
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('audit', () => {
  it('runs the memorisation refits as a job with progress, and a cancel stops it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'exemplar-audit-'));
    const s = ExemplarService.open(join(dir, 'p.exemplar'), { create: true });
    try {
      const imp = await s.importData({ path: VOTE, label: 'Class' });
      const { dataset } = (await s.wait(imp.jobId)) as { dataset: { id: number } };
      const fit = await s.fit({ datasetId: dataset.id, prototypes: 3, iterations: 40, seed: 2, chains: 1 });
      await s.wait(fit.jobId);
      const modelId = fit.modelId!;

      const progress: JobEvent[] = [];
      const off = s.jobs.on((e) => e.type === 'progress' && e.phase === 'memorization' && progress.push(e));
      const report = await s.audit({ modelId, memorization: true });
      off();
      expect(progress.map((e) => (e.type === 'progress' ? `${e.done}/${e.total}` : ''))).toEqual(Array.from({ length: 20 }, (_, k) => `${k + 1}/20`));
      expect(report.memorization).toHaveLength(435);

      let cancelled = false;
      const stop = s.jobs.on((e) => {
        if (e.type === 'progress' && e.phase === 'memorization' && !cancelled) {
          cancelled = true;
          void s.cancel(e.jobId);
        }
      });
      await expect(s.audit({ modelId, memorization: true })).rejects.toThrow('cancelled');
      stop();
      expect((await s.audit({ modelId })).memorization).toBeUndefined();
    } finally {
      await s.close();
    }
  });
});
