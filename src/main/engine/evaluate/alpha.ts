// Minka's fixed-point update for a symmetric Dirichlet concentration (Minka 2000, "Estimating a Dirichlet
// distribution", eq. 55 with all α_s equal; as MALLET's `learnParameters` does for LDA's α):
//   α ← α · Σ_i Σ_s [ψ(n_is + α) − ψ(α)] / ( S · Σ_i [ψ(n_i + Sα) − ψ(Sα)] ).

import { digamma } from '../special';

export interface AlphaOptions {
  /** Stop when |α_new − α| ≤ tolerance · α. Default 1e-6. */
  tolerance?: number;
  maxIterations?: number;
}

export interface AlphaEstimate {
  alpha: number;
  iterations: number;
  converged: boolean;
}

export const ALPHA_MIN = 1e-4;
export const ALPHA_MAX = 100;

/**
 * Maximum-likelihood α of a symmetric Dirichlet-multinomial from counts (indexed by <case, cluster>,
 * n × S), starting at `alpha`. The estimate is clamped to [ALPHA_MIN, ALPHA_MAX]: with near-uniform counts
 * the likelihood keeps rising as α → ∞, and with one cluster per case as α → 0.
 */
export function learnSymmetricAlpha(
  counts: Int32Array,
  n: number,
  S: number,
  alpha: number,
  options: AlphaOptions = {},
): AlphaEstimate {
  const { tolerance = 1e-6, maxIterations = 1000 } = options;
  // Histograms turn Σ_i Σ_s ψ(n_is + α) into a sum over distinct counts (MALLET does the same).
  const countHistogram = new Map<number, number>(); // count value → how many (case, cluster) cells
  const lengthHistogram = new Map<number, number>(); // case length n_i → how many cases
  for (let i = 0; i < n; i++) {
    let length = 0;
    for (let s = 0; s < S; s++) {
      const c = counts[i * S + s];
      length += c;
      if (c > 0) countHistogram.set(c, (countHistogram.get(c) ?? 0) + 1);
    }
    if (length > 0) lengthHistogram.set(length, (lengthHistogram.get(length) ?? 0) + 1);
  }
  if (lengthHistogram.size === 0) return { alpha, iterations: 0, converged: true };

  let a = clamp(alpha);
  for (let iter = 1; iter <= maxIterations; iter++) {
    // Cells with n_is = 0 contribute ψ(α) − ψ(α) = 0, so only positive counts enter the numerator.
    let numerator = 0;
    const psiA = digamma(a);
    for (const [c, cells] of countHistogram) numerator += cells * (digamma(c + a) - psiA);
    let denominator = 0;
    const psiSA = digamma(S * a);
    for (const [length, cases] of lengthHistogram) denominator += cases * (digamma(length + S * a) - psiSA);
    const next = clamp((a * numerator) / (S * denominator));
    const done = Math.abs(next - a) <= tolerance * a;
    a = next;
    if (done) return { alpha: a, iterations: iter, converged: true };
  }
  return { alpha: a, iterations: maxIterations, converged: false };
}

function clamp(a: number): number {
  return Number.isFinite(a) ? Math.min(ALPHA_MAX, Math.max(ALPHA_MIN, a)) : ALPHA_MAX;
}
