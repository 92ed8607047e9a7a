// Fold-in of unseen cases (the model fixed at its posterior mean φ): Gibbs over the new case's z with its
// π integrated out, giving its π and how well the model explains it. Also the criticisms: the cases the
// model explains worst.
import { Rng } from '../rng';
import type { BcmSummary } from './model';

export interface FoldIn {
  /** indexed by cluster. */
  pi: Float64Array;
  /** Mean over observed features of log Σ_s π_s φ_{s, j, x_j}: comparable across cases with missing values. */
  logLikelihood: number;
  /** Clusters by decreasing π, with their prototype rows. */
  nearest: { cluster: number; prototype: number; weight: number }[];
}

/** x: indexed by feature, value index or -1 = missing. */
export function foldIn(model: BcmSummary, x: Int32Array, rng: Rng, opts: { sweeps?: number; burnIn?: number } = {}): FoldIn {
  const { S, f, phi, offsets, alpha } = model;
  const T = offsets[f];
  const sweeps = opts.sweeps ?? 40;
  const burnIn = opts.burnIn ?? 10;
  const z = new Int32Array(f).fill(-1);
  const ns = new Int32Array(S); // indexed by cluster: features of this case assigned to it
  let nobs = 0;
  for (let j = 0; j < f; j++)
    if (x[j] >= 0) {
      z[j] = rng.int(S);
      ns[z[j]]++;
      nobs++;
    }
  const pi = new Float64Array(S);
  const cum = new Float64Array(S);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let j = 0; j < f; j++) {
      if (x[j] < 0) continue;
      ns[z[j]]--;
      const fv = offsets[j] + x[j];
      let total = 0;
      for (let s = 0; s < S; s++) cum[s] = total += (ns[s] + alpha) * phi[s * T + fv];
      const u = rng.next() * total;
      let s = 0;
      while (s < S - 1 && cum[s] <= u) s++;
      z[j] = s;
      ns[s]++;
    }
    if (sweep >= burnIn) for (let s = 0; s < S; s++) pi[s] += (ns[s] + alpha) / (nobs + S * alpha);
  }
  const kept = Math.max(1, sweeps - burnIn);
  for (let s = 0; s < S; s++) pi[s] /= kept;
  let ll = 0;
  for (let j = 0; j < f; j++) {
    if (x[j] < 0) continue;
    let p = 0;
    for (let s = 0; s < S; s++) p += pi[s] * phi[s * T + offsets[j] + x[j]];
    ll += Math.log(p);
  }
  const nearest = Array.from(pi, (weight, cluster) => ({ cluster, prototype: model.prototypes[cluster].row, weight })).sort((a, b) => b.weight - a.weight);
  return { pi, logLikelihood: nobs ? ll / nobs : 0, nearest };
}

/** The `count` cases with the lowest fold-in log-likelihood per feature, worst first. */
export function criticisms(model: BcmSummary, x: Int32Array, n: number, seed: number, count = 10): { row: number; logLikelihood: number }[] {
  const rng = new Rng(seed);
  const scored: { row: number; logLikelihood: number }[] = [];
  for (let i = 0; i < n; i++) scored.push({ row: i, logLikelihood: foldIn(model, x.subarray(i * model.f, (i + 1) * model.f), rng, { sweeps: 20, burnIn: 5 }).logLikelihood });
  return scored.sort((a, b) => a.logLikelihood - b.logLikelihood || a.row - b.row).slice(0, count);
}
