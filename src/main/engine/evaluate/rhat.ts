// Convergence diagnostics over several chains of one scalar trace (e.g. the log joint per sweep after
// burn-in): split-R̂ (Gelman et al., BDA3 §11.4), its rank-normalised, folded form and the effective
// sample size with Geyer's initial monotone sequence (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021,
// "Rank-normalization, folding, and localization", §3–4). The formulas follow ArviZ's `_rhat`, `_rhat_rank`
// and `_ess`; rhat.test.ts checks them against an independent numpy implementation.

import { normalQuantile } from './normal';

/** Chains of one scalar; unequal chains are cut to the shortest, keeping their last draws. */
export type Chains = readonly ArrayLike<number>[];

export interface DiagnosticOptions {
  /** Rank-normalise (Vehtari et al. 2021). R̂: the larger of bulk and tail (folded) R̂; ESS: bulk ESS. */
  rankNormalized?: boolean;
}

/** Split-R̂; NaN with fewer than 4 draws per chain or zero within-chain variance. */
export function splitRhat(chains: Chains, options: DiagnosticOptions = {}): number {
  const split = splitChains(chains);
  if (split.length === 0) return NaN;
  if (!options.rankNormalized) return rhat(split);
  const median = medianOf(split.flat());
  const bulk = rhat(zScale(split));
  const tail = rhat(zScale(split.map((c) => c.map((v) => Math.abs(v - median)))));
  return Math.max(bulk, tail);
}

/** Effective sample size of the pooled draws (split chains; bulk ESS when rank-normalised). */
export function effectiveSampleSize(chains: Chains, options: DiagnosticOptions = {}): number {
  const split = splitChains(chains);
  if (split.length === 0) return NaN;
  return ess(options.rankNormalized ? zScale(split) : split);
}

export interface Convergence {
  rhat: number;
  rankRhat: number;
  ess: number;
  bulkEss: number;
}

export function convergence(chains: Chains): Convergence {
  return {
    rhat: splitRhat(chains),
    rankRhat: splitRhat(chains, { rankNormalized: true }),
    ess: effectiveSampleSize(chains),
    bulkEss: effectiveSampleSize(chains, { rankNormalized: true }),
  };
}

/** Each chain cut in two halves (the middle draw of an odd-length chain dropped); [] if too short. */
function splitChains(chains: Chains): number[][] {
  if (chains.length === 0) return [];
  const length = Math.min(...chains.map((c) => c.length));
  const half = Math.floor(length / 2);
  if (half < 2) return [];
  const out: number[][] = [];
  for (const c of chains) {
    const draws = Array.from(c).slice(c.length - length);
    out.push(draws.slice(0, half), draws.slice(length - half));
  }
  return out;
}

/** BDA3 (11.3)–(11.4): R̂ = √(var⁺ / W), var⁺ = (n−1)/n · W + B/n. */
function rhat(chains: number[][]): number {
  const m = chains.length;
  const n = chains[0].length;
  const means = chains.map(mean);
  const W = chains.reduce((s, c, j) => s + variance(c, means[j]), 0) / m;
  const B = n * variance(means, mean(means));
  if (!(W > 0)) return NaN;
  return Math.sqrt(((n - 1) / n) * W + B / n) / Math.sqrt(W);
}

/** Vehtari et al. (2021) eq. (10)–(11) with Geyer's initial monotone sequence (Geyer 1992). */
function ess(chains: number[][]): number {
  const m = chains.length;
  const n = chains[0].length;
  const total = m * n;
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chains) {
    for (const v of c) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (hi - lo < 1e-15) return total;
  const means = chains.map(mean);
  // Mean over chains of the biased (÷n) autocovariance at lag t.
  const acov = (t: number): number => {
    let s = 0;
    for (let j = 0; j < m; j++) {
      const c = chains[j];
      const mu = means[j];
      let a = 0;
      for (let i = 0; i + t < n; i++) a += (c[i] - mu) * (c[i + t] - mu);
      s += a / n;
    }
    return s / m;
  };
  const meanVar = (acov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(means, mean(means));
  const rhoAt = (t: number) => 1 - (meanVar - acov(t)) / varPlus;

  const rho = new Float64Array(n); // indexed by <lag>
  rho[0] = 1;
  let even = 1;
  let odd = rhoAt(1);
  rho[1] = odd;
  let t = 1;
  while (t < n - 3 && even + odd > 0) {
    even = rhoAt(t + 1);
    odd = rhoAt(t + 2);
    if (even + odd >= 0) {
      rho[t + 1] = even;
      rho[t + 2] = odd;
    }
    t += 2;
  }
  const maxT = t - 2;
  if (even > 0) rho[maxT + 1] = even;
  for (let u = 1; u <= maxT - 2; u += 2) {
    if (rho[u + 1] + rho[u + 2] > rho[u - 1] + rho[u]) {
      rho[u + 1] = (rho[u - 1] + rho[u]) / 2;
      rho[u + 2] = rho[u + 1];
    }
  }
  let sum = 0;
  for (let u = 0; u <= maxT; u++) sum += rho[u];
  let tau = -1 + 2 * sum + rho[maxT + 1];
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/** Blom's normal scores of the pooled ranks (ties get their average rank): Φ⁻¹((r − 3/8) / (S + 1/4)). */
function zScale(chains: number[][]): number[][] {
  const all = chains.flat();
  const S = all.length;
  const order = all.map((_, i) => i).sort((a, b) => all[a] - all[b]);
  const rank = new Float64Array(S);
  for (let lo = 0; lo < S; ) {
    let hi = lo;
    while (hi + 1 < S && all[order[hi + 1]] === all[order[lo]]) hi++;
    const r = (lo + hi) / 2 + 1;
    for (let k = lo; k <= hi; k++) rank[order[k]] = r;
    lo = hi + 1;
  }
  let offset = 0;
  return chains.map((c) =>
    c.map(() => normalQuantile((rank[offset++] - 0.375) / (S + 0.25))),
  );
}

function mean(v: number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

/** Sample variance (÷ (n − 1)). */
function variance(v: number[], mu: number): number {
  return v.reduce((s, x) => s + (x - mu) ** 2, 0) / (v.length - 1);
}

function medianOf(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
