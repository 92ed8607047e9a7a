// The audit through the service: the memorisation refits are a job of their own, with progress, that a
// cancel stops (the audit then fails with "cancelled", and the service stays usable). Planted bug, seen red
// once: a worker that never read the stop flag finished the refits and the audit resolved.
// The replacements offered for a warned prototype are checked against k counted by brute force over the raw
// cells (vote's features are its columns, so equal cells are equal values). Planted bug, seen red once: the
// candidates' k counted on the quasi-identifiers only (features left out) offered cases with k < threshold.
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

  it('offers replacement prototypes whose own k reaches the threshold, most typical members first', async () => {
    dir = mkdtempSync(join(tmpdir(), 'exemplar-audit-'));
    const s = ExemplarService.open(join(dir, 'p.exemplar'), { create: true });
    try {
      const imp = await s.importData({ path: VOTE, label: 'Class' });
      const { dataset } = (await s.wait(imp.jobId)) as { dataset: { id: number; rows: number } };
      const fit = await s.fit({ datasetId: dataset.id, prototypes: 3, iterations: 40, seed: 2, chains: 1 });
      await s.wait(fit.jobId);
      const modelId = fit.modelId!;
      const quasi = ['physician-fee-freeze'];
      // A threshold just above the smallest prototype k: that prototype is warned about, and members showing
      // fewer values (a missing vote shows nothing) reach it.
      const threshold = Math.min(...(await s.audit({ modelId, quasi })).prototypes.map((p) => p.k)) + 1;
      const report = await s.audit({ modelId, k: threshold, quasi });
      const model = await s.getModel(modelId, { pi: false });
      const cells = (await s.getCases(dataset.id, Array.from({ length: dataset.rows }, (_, i) => i))).map((c) => c.values);
      const known = (v: string | null | undefined) => v !== null && v !== undefined && v.trim() !== '' && v.trim() !== '?';
      /** How many cases hold row's known value of every column: k by brute force. */
      const bruteK = (row: number, columns: string[]) => {
        const shown = columns.filter((c) => known(cells[row][c]));
        return cells.filter((other) => shown.every((c) => other[c] === cells[row][c])).length;
      };

      let offered = 0;
      for (const p of report.prototypes) {
        const columns = [...model.prototypes[p.cluster].subspace, ...quasi];
        expect(p.k).toBe(bruteK(p.row, columns));
        if (p.k >= threshold) {
          expect(p.replacements).toEqual([]);
          continue;
        }
        // Every member among the 50 most typical whose k reaches the threshold, in π order, the first three.
        const members = (await s.getCluster(modelId, p.cluster, { limit: 51 })).members.filter((m) => m.row !== p.row).slice(0, 50);
        const expected = members.map((m) => ({ row: m.row, k: bruteK(m.row, columns) })).filter((m) => m.k >= threshold).slice(0, 3);
        expect(p.replacements).toEqual(expected);
        for (const r of p.replacements) expect(r.k).toBeGreaterThanOrEqual(threshold);
        offered += p.replacements.length;
      }
      // The check above must have had something to check.
      expect(report.prototypes.some((p) => p.k < threshold)).toBe(true);
      expect(offered).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});
