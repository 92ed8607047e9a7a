// The memorisation estimate on vote with planted atypical cases whose labels occur once: the model can
// predict such a label only when it has seen that very case, so those cases must rank above typical ones.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importTable } from '../import/import-table';
import { Rng } from '../rng';
import { memorizationScores } from './memorization';

const DATA = fileURLToPath(new URL('../../../../resources/data', import.meta.url));
const params = { S: 4, alpha: 0.1, q: 0.8, lambda: 1, c: 50 };

async function plantedVote() {
  const { cases } = await importTable(`${DATA}/vote.arff`, { label: 'Class' });
  const f = cases.features.length;
  const planted = 4;
  const n = cases.n + planted;
  const x = new Int32Array(n * f);
  x.set(cases.x);
  const rng = new Rng(12);
  // Atypical: random votes, where a real member of Congress votes with a party bloc.
  for (let p = 0; p < planted; p++) for (let j = 0; j < f; j++) x[(cases.n + p) * f + j] = rng.next() < 0.5 ? 0 : 1;
  const labels = [...cases.labels!, ...Array.from({ length: planted }, (_, p) => `planted-${p}`)];
  const V = Int32Array.from(cases.features, (ft) => ft.values.length);
  return { x, n, V, labels, planted: Array.from({ length: planted }, (_, p) => cases.n + p) };
}

describe('memorisation score', () => {
  it('ranks planted atypical singleton-label cases above typical ones', async () => {
    const { x, n, V, labels, planted } = await plantedVote();
    const progress: number[] = [];
    const scores = memorizationScores(x, n, V, labels, params, { draws: 4, sweeps: 40, seed: 3, onProgress: (done, total) => progress.push(done / total) })!;
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((k) => k / 8));
    expect(scores).toHaveLength(n);
    const rank = new Map(scores.map((s, r) => [s.row, r]));
    for (const row of planted) expect(rank.get(row)).toBeLessThan(planted.length + 2);
    const typical = scores.filter((s) => !planted.includes(s.row)).map((s) => s.score);
    const median = [...typical].sort((a, b) => a - b)[typical.length >> 1];
    expect(Math.abs(median)).toBeLessThan(0.05);
    for (const row of planted) expect(scores[rank.get(row)!].score).toBeGreaterThan(0.1);
    // Planted bug, seen red once: scoring P(true label) out − in (the sign flipped) put the planted cases last.
  });

  it('is the same for the same seed, and stops when asked', async () => {
    const { x, n, V, labels } = await plantedVote();
    const a = memorizationScores(x, n, V, labels, params, { draws: 1, sweeps: 20, seed: 5 });
    expect(memorizationScores(x, n, V, labels, params, { draws: 1, sweeps: 20, seed: 5 })).toEqual(a);
    let calls = 0;
    expect(memorizationScores(x, n, V, labels, params, { draws: 3, sweeps: 20, seed: 5, shouldStop: () => ++calls > 2 })).toBeNull();
    expect(calls).toBe(3);
  });
});
