// Criticisms with why (as MMD-critic pairs criticisms with prototypes, Kim, Khanna & Koyejo 2016): the cases
// the model explains worst by fold-in log-likelihood, each with the features whose values its fold-in mixture
// finds least likely. The same cases, in the same order, as `criticisms` in ../bcm/foldin.ts (same seed, same
// draws), so the audit and `evaluate` agree.
import type { Feature } from '../../../shared/data';
import { foldIn } from '../bcm/foldin';
import type { BcmSummary } from '../bcm/model';
import { Rng } from '../rng';

export interface Criticism {
  row: number;
  /** Mean over observed features of log Σ_s π_s φ_{s, j, x_j}. */
  logLikelihood: number;
  /** The most penalised features, worst first: −log Σ_s π_s φ_{s, j, x_j} of the case's value (nats). */
  features: { feature: string; value: string; penalty: number }[];
}

export function explainedCriticisms(model: BcmSummary, x: Int32Array, n: number, features: readonly Feature[], seed: number, opts: { count?: number; top?: number } = {}): Criticism[] {
  const count = opts.count ?? 10;
  const top = opts.top ?? 3;
  const { S, f, phi, offsets } = model;
  const T = offsets[f];
  const rng = new Rng(seed);
  // indexed by <case, cluster>: the fold-in π, kept to explain the worst cases afterwards.
  const pis = new Float64Array(n * S);
  const scored: { row: number; logLikelihood: number }[] = [];
  for (let i = 0; i < n; i++) {
    const r = foldIn(model, x.subarray(i * f, (i + 1) * f), rng, { sweeps: 20, burnIn: 5 });
    pis.set(r.pi, i * S);
    scored.push({ row: i, logLikelihood: r.logLikelihood });
  }
  scored.sort((a, b) => a.logLikelihood - b.logLikelihood || a.row - b.row);
  return scored.slice(0, count).map(({ row, logLikelihood }) => {
    const penalties: Criticism['features'] = [];
    for (let j = 0; j < f; j++) {
      const v = x[row * f + j];
      if (v < 0) continue;
      let p = 0;
      for (let s = 0; s < S; s++) p += pis[row * S + s] * phi[s * T + offsets[j] + v];
      penalties.push({ feature: features[j].name, value: features[j].values[v], penalty: -Math.log(p) });
    }
    penalties.sort((a, b) => b.penalty - a.penalty || (a.feature < b.feature ? -1 : 1));
    return { row, logLikelihood, features: penalties.slice(0, top) };
  });
}
