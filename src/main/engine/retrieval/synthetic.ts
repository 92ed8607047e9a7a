// Seeded synthetic cases and BCM parameters, shaped like a fitted model's output, for the retrieval tests
// and bench/retrieval.ts.

import type { EncodedCases, Feature } from '../../../shared/data';
import { Rng } from '../rng';
import type { BuildIndexInput } from './retrieval';

export interface SyntheticSpec {
  n: number;
  /** Values per feature: one number for all, or one per feature. */
  values: number | number[];
  /** Number of features (ignored when values is an array). */
  F?: number;
  S: number;
  /** Share of missing values (default 0). */
  missing?: number;
  /** Dense vector blocks to add (dims). */
  vectorDims?: number[];
  seed: number;
}

/**
 * Cases drawn from S clusters: a case picks a cluster by its π and copies the cluster's prototype value of
 * each feature with probability 0.6, else draws a value uniformly. Features group into columns of two.
 */
export function syntheticModel(spec: SyntheticSpec): BuildIndexInput {
  const rng = new Rng(spec.seed);
  const V = Array.isArray(spec.values) ? spec.values : new Array<number>(spec.F ?? 8).fill(spec.values);
  const F = V.length;
  const { n, S } = spec;
  const features: Feature[] = V.map((v, f) => ({
    name: `f${f}`,
    column: `col${f >> 1}`,
    values: Array.from({ length: v }, (_, i) => `v${i}`),
  }));
  const protoValues = new Int32Array(S * F); // indexed by <cluster, feature>
  for (let i = 0; i < S * F; i++) protoValues[i] = rng.int(V[i % F]);
  const pi = new Float64Array(n * S); // indexed by <case, cluster>
  const alpha = new Float64Array(S).fill(0.3);
  const x = new Int32Array(n * F); // indexed by <case, feature>
  const row = new Float64Array(S);
  const missing = spec.missing ?? 0;
  for (let c = 0; c < n; c++) {
    rng.dirichlet(alpha, row);
    pi.set(row, c * S);
    const s = rng.categorical(row);
    for (let f = 0; f < F; f++) {
      if (missing > 0 && rng.next() < missing) x[c * F + f] = -1;
      else x[c * F + f] = rng.next() < 0.6 ? protoValues[s * F + f] : rng.int(V[f]);
    }
  }
  const subspace = new Float64Array(S * F); // indexed by <cluster, feature>
  for (let i = 0; i < S * F; i++) subspace[i] = rng.next() < 0.3 ? 0.7 + 0.3 * rng.next() : 0.2 * rng.next();
  const prototypes = Int32Array.from({ length: S }, () => rng.int(n));
  const vectors = (spec.vectorDims ?? []).map((dim, b) => {
    const data = new Float32Array(n * dim); // indexed by <case, dim>
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    return { column: `vec${b}`, dim, data };
  });
  const cases: EncodedCases = { n, features, x, vectors, labels: null, labelColumn: null, ids: null };
  return { cases, pi, S, subspace, prototypes };
}
