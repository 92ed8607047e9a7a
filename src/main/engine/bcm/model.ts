// The Bayesian Case Model (Kim, Rudin & Shah, NIPS 2014): the data it sees, its hyperparameters and what
// a fit returns. Notation follows the paper: S clusters, prototype p_s (a case), subspace ω_s ∈ {0,1}^F,
// φ_sj ~ Dir(g(p_sj, ω_sj, λ)) with g_v = λ(1 + c·[ω_sj = 1 ∧ v = x_{p_s, j}]), π_i ~ Dir(α),
// z_ij ~ Mult(π_i), x_ij ~ Mult(φ_{z_ij, j}), ω_sj ~ Bernoulli(q), p_s ~ Uniform(cases).

export interface BcmData {
  n: number;
  f: number;
  /** Number of values of each feature; indexed by feature. */
  V: Int32Array;
  /** indexed by <case, feature>: value index in [0, V_j), or -1 = missing (left out of the likelihood). */
  x: Int32Array;
}

export interface BcmParams {
  /** Number of clusters (prototypes). */
  S: number;
  /** Symmetric Dirichlet concentration of π_i. Learned from the data when learnAlpha is set. */
  alpha: number;
  /** Prior probability that a feature is in a subspace. */
  q: number;
  /** Dirichlet pseudo-count of every feature value. */
  lambda: number;
  /** Extra weight of the prototype's value on subspace features: that value gets λ(1 + c). */
  c: number;
  /** Total sweeps, burn-in included. */
  sweeps: number;
  /** Sweeps discarded before summaries are accumulated (α is learned only during burn-in). */
  burnIn: number;
  /** Accumulate every `thin`-th sweep after burn-in. */
  thin: number;
  /** Minka's fixed-point update of α every 10 burn-in sweeps. */
  learnAlpha: boolean;
  seed: number;
}

/** Defaults chosen on digits, vote and zoo by bench/accuracy.ts (README: "Hyperparameters"). */
export const DEFAULT_PARAMS: Omit<BcmParams, 'S' | 'seed'> = {
  alpha: 0.5,
  q: 0.8,
  lambda: 1,
  c: 50,
  sweeps: 500,
  burnIn: 200,
  thin: 1,
  learnAlpha: false,
};

/** Interactive BCM (iBCM) constraints: what the user pinned, forced or forbade. */
export interface BcmConstraints {
  /** indexed by cluster: the case pinned as prototype, or -1 = free. */
  pinned: Int32Array;
  /** indexed by <cluster, feature>: -1 free, 0 forbidden, 1 forced. */
  omega: Int8Array;
}

export function noConstraints(S: number, f: number): BcmConstraints {
  return { pinned: new Int32Array(S).fill(-1), omega: new Int8Array(S * f).fill(-1) };
}

/** Posterior summaries over the kept sweeps of one chain. */
export interface BcmSummary {
  S: number;
  n: number;
  f: number;
  /** Sweeps accumulated; 0 when none were yet (burn-in not over) and the summary is the current state's. */
  kept: number;
  /** α at the end (learned or fixed). */
  alpha: number;
  /** indexed by cluster: the most frequent prototype case and its posterior frequency. */
  prototypes: { row: number; frequency: number; alternatives: { row: number; frequency: number }[] }[];
  /** indexed by <cluster, feature>: P(ω_sj = 1). */
  subspace: Float64Array;
  /** indexed by <case, cluster>: posterior mean of π_i. */
  pi: Float64Array;
  /** indexed by <cluster, feature-value> with feature-value offsets `offsets`: posterior mean of φ. */
  phi: Float64Array;
  /** indexed by feature: where feature j's values start in a feature-value axis (length f + 1). */
  offsets: Int32Array;
  /** indexed by cluster: cases whose largest π is this cluster. */
  sizes: Int32Array;
}

export function valueOffsets(V: Int32Array): Int32Array {
  const off = new Int32Array(V.length + 1);
  for (let j = 0; j < V.length; j++) off[j + 1] = off[j] + V[j];
  return off;
}
