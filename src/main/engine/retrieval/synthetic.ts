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
  /**
   * Items of a set column `tags` to add after the other features (named `tags=t0`, …, values absent/present,
   * as the importer encodes set and text columns): item i is held with probability 0.4/(1 + i)^0.8, three
   * times that in the clusters that favour it; a case misses the whole column with probability `missing`.
   */
  items?: number;
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
  const model = { cases, pi, S, subspace, prototypes };
  return spec.items ? withItems(model, spec.items, missing, rng) : model;
}

/** Appends `m` set items (SyntheticSpec.items) to a model, drawn by each case's largest cluster. */
function withItems(model: BuildIndexInput, m: number, missing: number, rng: Rng): BuildIndexInput {
  const { cases, pi, S } = model;
  const n = cases.n;
  const F0 = cases.features.length;
  const F = F0 + m;
  const favours = new Uint8Array(S * m); // indexed by <cluster, item>
  for (let i = 0; i < S * m; i++) favours[i] = rng.next() < 0.25 ? 1 : 0;
  const x = new Int32Array(n * F); // indexed by <case, feature>
  for (let c = 0; c < n; c++) {
    x.set(cases.x.subarray(c * F0, (c + 1) * F0), c * F);
    let s = 0;
    for (let k = 1; k < S; k++) if (pi[c * S + k] > pi[c * S + s]) s = k;
    const gone = missing > 0 && rng.next() < missing;
    for (let i = 0; i < m; i++) {
      const p = Math.min(0.9, (0.4 / (1 + i) ** 0.8) * (favours[s * m + i] ? 3 : 1));
      x[c * F + F0 + i] = gone ? -1 : rng.next() < p ? 1 : 0;
    }
  }
  const subspace = new Float64Array(S * F); // indexed by <cluster, feature>
  for (let s = 0; s < S; s++) {
    subspace.set(model.subspace.subarray(s * F0, (s + 1) * F0), s * F);
    for (let i = 0; i < m; i++) subspace[s * F + F0 + i] = favours[s * m + i] ? 0.6 + 0.4 * rng.next() : 0.2 * rng.next();
  }
  const items: Feature[] = Array.from({ length: m }, (_, i) => ({ name: `tags=t${i}`, column: 'tags', item: `t${i}`, values: ['absent', 'present'] }));
  return { ...model, cases: { ...cases, features: [...cases.features, ...items], x }, subspace };
}
