// Data generators for the BCM tests and benchmarks: random tables, and tables drawn from the generative
// model itself with known prototypes and subspaces.
import { Rng } from '../rng';
import type { BcmData } from './model';

export function randomData(rng: Rng, n: number, V: number[], missing = 0): BcmData {
  const f = V.length;
  const x = new Int32Array(n * f);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) x[i * f + j] = rng.next() < missing ? -1 : rng.int(V[j]);
  return { n, f, V: Int32Array.from(V), x };
}

export interface Planted {
  data: BcmData;
  /** indexed by cluster: the planted prototype case. */
  prototypes: number[];
  /** indexed by <cluster, feature>. */
  subspace: Uint8Array;
  /** indexed by <case, cluster>. */
  pi: Float64Array;
}

/**
 * Draws a data set from the BCM generative story (paper §2): prototypes first (their features uniform),
 * then every other case feature by feature from its π's clusters. Subspace features of a cluster put most
 * mass on the prototype's value (φ drawn from the peaked Dirichlet); the rest are nearly uniform.
 */
export function plantedData(rng: Rng, opts: { n: number; f: number; V: number; S: number; alpha: number; q: number; lambda: number; c: number }): Planted {
  const { n, f, V, S, alpha, q, lambda, c } = opts;
  const x = new Int32Array(n * f);
  const subspace = new Uint8Array(S * f);
  const prototypes = Array.from({ length: S }, (_, s) => s); // the first S rows are the prototypes
  const phi: Float64Array[] = []; // indexed by <cluster, feature> → distribution over values
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < f; j++) x[s * f + j] = rng.int(V);
    for (let j = 0; j < f; j++) {
      subspace[s * f + j] = rng.next() < q ? 1 : 0;
      const g = Array.from({ length: V }, (_, v) => lambda * (1 + c * (subspace[s * f + j] && v === x[s * f + j] ? 1 : 0)));
      phi.push(rng.dirichlet(g));
    }
  }
  const pi = new Float64Array(n * S);
  for (let i = 0; i < n; i++) {
    const pii = i < S ? Float64Array.from({ length: S }, (_, s) => (s === i ? 1 : 0)) : rng.dirichlet(new Array(S).fill(alpha));
    pi.set(pii, i * S);
    if (i < S) continue;
    for (let j = 0; j < f; j++) {
      const s = rng.categorical(pii);
      x[i * f + j] = rng.categorical(phi[s * f + j]);
    }
  }
  return { data: { n, f, V: new Int32Array(f).fill(V), x }, prototypes, subspace, pi };
}
