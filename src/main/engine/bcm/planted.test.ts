// Planted structure: data drawn from the BCM generative model with known prototypes and subspaces is
// recovered. Clusters are matched to the planted ones by the best permutation.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { BcmSampler } from './sampler';
import { runChain } from './chain';
import { plantedData } from './testing';
import type { BcmParams } from './model';

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]));
}

describe('planted structure', () => {
  const S = 4;
  const planted = plantedData(new Rng(2024), { n: 400, f: 24, V: 4, S, alpha: 0.1, q: 0.5, lambda: 1, c: 50 });
  const { data } = planted;
  const params: BcmParams = { S, alpha: 0.1, q: 0.5, lambda: 1, c: 50, sweeps: 300, burnIn: 150, thin: 1, learnAlpha: false, seed: 9 };
  const fit = runChain(new BcmSampler(data, params, new Rng(9))).summary;
  const f = data.f;

  // Match learned cluster k to planted cluster perm[k] by the agreement of hard assignments.
  const planted_ = (i: number) => argmax(planted.pi, i, S);
  const learned = (i: number) => argmax(fit.pi, i, S);
  const best = permutations(S)
    .map((perm) => ({ perm, agree: Array.from({ length: data.n }, (_, i) => (perm[learned(i)] === planted_(i) ? 1 : 0) as number).reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.agree - a.agree)[0];

  it('assigns cases to their planted clusters (accuracy ≥ 0.9)', () => {
    expect(best.agree / data.n).toBeGreaterThanOrEqual(0.9);
  });

  it('recovers the planted subspaces (F1 ≥ 0.9)', () => {
    let tp = 0, fp = 0, fn = 0;
    for (let k = 0; k < S; k++)
      for (let j = 0; j < f; j++) {
        const got = fit.subspace[k * f + j] >= 0.5;
        const want = planted.subspace[best.perm[k] * f + j] === 1;
        if (got && want) tp++;
        else if (got) fp++;
        else if (want) fn++;
      }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    if (process.env.EXEMPLAR_PRINT) console.log({ f1, assignment: best.agree / data.n });
    expect(f1).toBeGreaterThanOrEqual(0.9);
  });

  it('picks prototypes that carry the planted prototype values on the planted subspace (≥ 0.9)', () => {
    let same = 0, total = 0;
    for (let k = 0; k < S; k++) {
      const want = planted.prototypes[best.perm[k]];
      for (let j = 0; j < f; j++) {
        if (!planted.subspace[best.perm[k] * f + j]) continue;
        total++;
        if (data.x[fit.prototypes[k].row * f + j] === data.x[want * f + j]) same++;
      }
    }
    expect(same / total).toBeGreaterThanOrEqual(0.9);
  });
});

function argmax(a: Float64Array, i: number, S: number): number {
  let b = 0;
  for (let s = 1; s < S; s++) if (a[i * S + s] > a[i * S + b]) b = s;
  return b;
}
