// The slow, readable reference for the BCM sampler (STYLE.md: MALLET keeps SimpleLDA beside its fast
// sampler). Every conditional here is the collapsed joint itself, evaluated for each candidate value and
// renormalised with log-sum-exp: no algebra to get wrong. sampler.ts must agree with it (sampler.test.ts)
// and both must agree with the exact posterior of tiny models (exact.test.ts).
import { lgamma, logSumExp } from '../special';
import type { Rng } from '../rng';
import type { BcmData, BcmParams } from './model';

export interface BcmState {
  /** indexed by <case, feature>: cluster, -1 where x is missing. */
  z: Int32Array;
  /** indexed by cluster. */
  p: Int32Array;
  /** indexed by <cluster, feature>. */
  omega: Uint8Array;
}

/** log of the Dirichlet-multinomial probability of a sequence with counts n under pseudo-counts g. */
function logDirMult(n: number[], g: number[]): number {
  let sumG = 0;
  let sumN = 0;
  let t = 0;
  for (let v = 0; v < n.length; v++) {
    sumG += g[v];
    sumN += n[v];
    t += lgamma(g[v] + n[v]) - lgamma(g[v]);
  }
  return t + lgamma(sumG) - lgamma(sumG + sumN);
}

/** log P(x, z, p, ω | α, q, λ, c) with φ and π integrated out. */
export function referenceLogJoint(data: BcmData, params: BcmParams, alpha: number, st: BcmState): number {
  const { n, f, V, x } = data;
  const { S, q, lambda, c } = params;
  let total = 0;
  // π_i ~ Dir(α), z_ij ~ Mult(π_i): one Dirichlet-multinomial per case.
  for (let i = 0; i < n; i++) {
    const counts = new Array(S).fill(0);
    for (let j = 0; j < f; j++) if (st.z[i * f + j] >= 0) counts[st.z[i * f + j]]++;
    total += logDirMult(counts, new Array(S).fill(alpha));
  }
  // φ_sj ~ Dir(g(p_s, ω_s, λ)), x_ij ~ Mult(φ_{z_ij, j}): one Dirichlet-multinomial per cluster and feature.
  for (let s = 0; s < S; s++)
    for (let j = 0; j < f; j++) {
      const counts = new Array(V[j]).fill(0);
      for (let i = 0; i < n; i++) if (st.z[i * f + j] === s) counts[x[i * f + j]]++;
      const protoValue = x[st.p[s] * f + j];
      const g = counts.map((_, v) => lambda * (1 + c * (st.omega[s * f + j] === 1 && v === protoValue ? 1 : 0)));
      total += logDirMult(counts, g);
      total += st.omega[s * f + j] ? Math.log(q) : Math.log(1 - q);
    }
  return total - S * Math.log(n); // p_s ~ Uniform over the n cases
}

/** Normalised conditional of one variable, from the joint at each of its candidate values. */
function conditional(candidates: number, set: (k: number) => void, joint: () => number): number[] {
  const logp: number[] = [];
  for (let k = 0; k < candidates; k++) {
    set(k);
    logp.push(joint());
  }
  const z = logSumExp(logp);
  return logp.map((l) => Math.exp(l - z));
}

export function referenceZConditional(data: BcmData, params: BcmParams, alpha: number, st: BcmState, i: number, j: number): number[] {
  const old = st.z[i * data.f + j];
  const probs = conditional(params.S, (s) => (st.z[i * data.f + j] = s), () => referenceLogJoint(data, params, alpha, st));
  st.z[i * data.f + j] = old;
  return probs;
}

export function referencePConditional(data: BcmData, params: BcmParams, alpha: number, st: BcmState, s: number): number[] {
  const old = st.p[s];
  const probs = conditional(data.n, (i) => (st.p[s] = i), () => referenceLogJoint(data, params, alpha, st));
  st.p[s] = old;
  return probs;
}

export function referenceOmegaConditional(data: BcmData, params: BcmParams, alpha: number, st: BcmState, s: number, j: number): number[] {
  const old = st.omega[s * data.f + j];
  const probs = conditional(2, (b) => (st.omega[s * data.f + j] = b), () => referenceLogJoint(data, params, alpha, st));
  st.omega[s * data.f + j] = old;
  return probs;
}

/** One reference Gibbs sweep in the same order as the fast sampler: every z, then every p, then every ω. */
export function referenceSweep(data: BcmData, params: BcmParams, alpha: number, st: BcmState, rng: Rng): void {
  const { n, f, x } = data;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++)
      if (x[i * f + j] >= 0) st.z[i * f + j] = rng.categorical(referenceZConditional(data, params, alpha, st, i, j));
  for (let s = 0; s < params.S; s++) st.p[s] = rng.categorical(referencePConditional(data, params, alpha, st, s));
  for (let s = 0; s < params.S; s++)
    for (let j = 0; j < f; j++) st.omega[s * f + j] = rng.categorical(referenceOmegaConditional(data, params, alpha, st, s, j));
}
