// A realistic report document for the report formats' tests: a digits-like image dataset (8 × 8 pixels, a
// label column and an identifier that is redacted), three prototypes with pictures and subspaces, two chains
// of 200 sweeps, one pinned ranking with its contributions, a learned ranker and a privacy audit with a k
// warning. Everything is computed from fixed numbers (no RNG, no clock), so the same document comes out every
// time and snapshot-like checks of a format can compare against it.
import { DIGIT_0, DIGIT_1, PIXEL_NAMES, sampleTraces } from '../../../shared/charts/testing';
import type { ReportColumn, ReportData, ReportPrototype, ReportSubspaceFeature } from '../../../shared/report/types';
import { REPORT_SECTIONS } from '../../../shared/report/types';

/** Row 7 of resources/data/digits.csv: a handwritten 7 (values 0–16). */
const DIGIT_7 = [0, 0, 7, 8, 13, 16, 15, 1, 0, 0, 7, 7, 4, 11, 12, 0, 0, 0, 0, 0, 8, 13, 1, 0, 0, 4, 8, 8, 15, 15, 6, 0, 0, 2, 11, 15, 15, 4, 0, 0, 0, 0, 0, 16, 5, 0, 0, 0, 0, 0, 9, 15, 1, 0, 0, 0, 0, 0, 13, 5, 0, 0, 0, 0];

/** The 5 quantile bins every pixel column is cut into, as the importer names them. */
const BIN_NAMES = ['[0, 1)', '[1, 5)', '[5, 10)', '[10, 14)', '[14, 16]'];

function binOf(v: number): number {
  return v < 1 ? 0 : v < 5 ? 1 : v < 10 ? 2 : v < 14 ? 3 : 4;
}

/** A deterministic number in [0, 1) from two integers (a fixed-point hash, as sampleTraces uses). */
function hash01(a: number, b: number): number {
  let h = (a * 2654435761 + b * 40503) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 3266489917) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

const ROWS = 1797;

function pixelColumn(i: number): ReportColumn {
  // Border pixels are mostly blank; the centre spreads over all bins.
  const r = Math.floor(i / 8);
  const c = i % 8;
  const edge = Math.min(r, c, 7 - r, 7 - c);
  const weights = BIN_NAMES.map((_, b) => (b === 0 ? 6 - edge * 1.5 : 0.4 + edge * 0.5 + hash01(i, b)));
  const total = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map((w) => Math.round((w / total) * ROWS));
  counts[0] += ROWS - counts.reduce((s, n) => s + n, 0);
  return { name: PIXEL_NAMES[i], kind: 'numeric', missing: 0, distinct: edge === 0 ? 3 + (i % 4) : 17, bins: BIN_NAMES.map((label, b) => ({ label, count: counts[b] })), more: 0, redacted: false };
}

/** Subspace of a prototype: the pixels it is most sure about, most probable first. */
function subspace(digit: number[], cluster: number): { features: ReportSubspaceFeature[]; probability: number[] } {
  const probability = digit.map((v, i) => {
    const r = Math.floor(i / 8);
    const c = i % 8;
    if (v >= 12) return 0.62 + hash01(i, cluster) * 0.37;
    if (v === 0 && r >= 2 && r <= 5 && c >= 2 && c <= 5) return 0.55 + hash01(cluster, i) * 0.3;
    return hash01(i + 100, cluster) * 0.45;
  });
  const features = digit
    .map((v, i) => ({ i, v, p: probability[i] }))
    .filter((x) => x.p >= 0.5)
    .sort((a, b) => b.p - a.p || a.i - b.i)
    .map(({ i, v, p }) => {
      const value = BIN_NAMES[binOf(v)];
      const phi = Math.min(0.97, 0.55 + p * 0.4);
      const overall = 0.08 + hash01(i, cluster + 7) * 0.3;
      return { feature: PIXEL_NAMES[i], column: PIXEL_NAMES[i], probability: Math.round(p * 1000) / 1000, value, phi: Math.round(phi * 1000) / 1000, overall: Math.round(overall * 1000) / 1000 };
    });
  return { features, probability };
}

function prototype(cluster: number, row: number, digit: number[], label: string, size: number, mix: [string, number][], frequency: number): ReportPrototype {
  const s = subspace(digit, cluster);
  return {
    row,
    name: null,
    label,
    cluster,
    frequency,
    pinned: cluster === 1,
    size,
    subspace: s.features,
    content: [],
    labelMix: mix.map(([l, count]) => ({ label: l, count, share: count / size })),
    picture: { values: digit, probability: s.probability.map((p) => Math.round(p * 1000) / 1000), max: 16 },
  };
}

export function sampleReportData(): ReportData {
  const traces = sampleTraces(2, 200);
  const meanAfterBurnIn = (t: number[]) => t.slice(50).reduce((s, v) => s + v, 0) / (t.length - 50);
  const columns: ReportColumn[] = [
    ...PIXEL_NAMES.map((_, i) => pixelColumn(i)),
    { name: 'digit', kind: 'label', missing: 0, distinct: 10, bins: ['3', '5', '1', '4', '6', '9', '7', '0', '2', '8'].map((label, i) => ({ label, count: 183 - i * 2 })), more: 0, redacted: false },
    { name: 'scan_id', kind: 'identifier', missing: 0, distinct: ROWS, bins: [], more: 0, redacted: true },
  ];
  const prototypes = [
    prototype(0, 0, DIGIT_0, '0', 612, [['0', 171], ['6', 160], ['8', 121], ['9', 98], ['5', 62]], 0.94),
    prototype(1, 1, DIGIT_1, '1', 598, [['1', 176], ['7', 170], ['4', 151], ['2', 101]], 0.81),
    prototype(2, 7, DIGIT_7, '7', 587, [['7', 171], ['3', 128], ['9', 92], ['2', 76], ['5', 51], ['8', 30], ['4', 21], ['1', 18]], 0.67),
  ];
  return {
    format: 'exemplar-report',
    version: 1,
    title: 'Handwritten digits — Bayesian Case Model #4',
    createdAt: '2026-11-30T13:55:10.000Z',
    sections: [...REPORT_SECTIONS],
    redacted: ['scan_id'],
    software: { name: 'Exemplar', version: '0.9.0', build: '5e5a104', node: 'v20.20.2', platform: 'linux-x64' },
    reproduce: {
      dataFingerprint: 'sha256:4f2a9c1e0b7d3a58e6c91f0d2b7a4e8c3d5f6a7b8c9d0e1f2a3b4c5d6e7f8091',
      softwareFingerprint: 'sha256:9b8a7c6d5e4f30211f2e3d4c5b6a79880f1e2d3c4b5a69788796a5b4c3d2e1f0',
      commands: [
        'exemplar import resources/data/digits.csv --name digits --label digit --kind "px_*=numeric:bins=5" --kind scan_id=identifier',
        'exemplar fit digits --S 3 --alpha 0.1 --lambda 1 --c 100 --q 0.8 --sweeps 200 --burn-in 50 --chains 2 --seed 42',
      ],
    },
    dataset: { id: 2, name: 'digits', source: 'resources/data/digits.csv', format: 'csv', rows: ROWS, labelColumn: 'digit', image: { rows: 8, cols: 8, columns: PIXEL_NAMES }, columns },
    model: {
      id: 4,
      status: 'done',
      createdAt: '2026-11-30T13:41:02.000Z',
      params: { S: 3, alpha: 0.1, lambda: 1, c: 100, q: 0.8, sweeps: 200, burnIn: 50, seed: 42, chains: 2, learnAlpha: false },
      alpha: 0.1,
      chains: traces.map((t, chain) => ({ chain, seed: 42 + chain, sweeps: 200, secondsPerSweep: 0.031 + chain * 0.002, meanLogJoint: meanAfterBurnIn(t) })),
      summarisedChain: 0,
      rhat: 1.004,
      verdict: 'Converged: R̂ = 1.004 ≤ 1.05 over 2 chains after burn-in.',
      secondsPerSweep: 0.032,
      traces,
      burnIn: 50,
      sweeps: 200,
      edits: [{ seq: 1, description: 'Pinned row 1 as the prototype of cluster 1', undone: false }],
    },
    prototypes,
    accuracy: { labelColumn: 'digit', piAccuracy: 0.412, folds: 5, unsupervisedAccuracy: 0.371 },
    criticisms: [
      { row: 1201, name: null, label: '8', cluster: 0, logLikelihood: -1.982, features: [{ feature: 'px_3_4', value: '[14, 16]', penalty: 3.41 }, { feature: 'px_4_3', value: '[10, 14)', penalty: 2.87 }, { feature: 'px_2_5', value: '[0, 1)', penalty: 1.95 }] },
      { row: 344, name: null, label: '9', cluster: 2, logLikelihood: -1.874, features: [{ feature: 'px_1_2', value: '[14, 16]', penalty: 2.66 }, { feature: 'px_6_5', value: '[5, 10)', penalty: 2.1 }] },
      { row: 77, name: null, label: '4', cluster: 1, logLikelihood: -1.803, features: [{ feature: 'px_4_1', value: '[14, 16]', penalty: 2.52 }] },
    ],
    rankings: [
      {
        query: { case: { row: 0, name: null, label: '0' }, form: null },
        ranking: 'learned',
        pinnedAt: '2026-11-30T13:50:44.000Z',
        results: [
          { row: 877, name: null, label: '0', score: 0.842, grade: 3, contributions: contributions(0.842, 0), content: [] },
          { row: 1540, name: null, label: '0', score: 0.791, grade: 3, contributions: contributions(0.791, 1), content: [] },
          { row: 1024, name: null, label: '6', score: 0.653, grade: 1, contributions: contributions(0.653, 2), content: [] },
          { row: 305, name: null, label: '8', score: 0.601, grade: null, contributions: contributions(0.601, 3), content: [] },
        ],
      },
    ],
    ranker: {
      before: { 'ndcg@5': 0.712, 'ndcg@10': 0.695, 'ndcg@30': 0.731, 'p@5': 0.64, map: 0.583 },
      after: { 'ndcg@5': 0.781, 'ndcg@10': 0.764, 'ndcg@30': 0.779, 'p@5': 0.72, map: 0.641 },
      queries: 24,
      judgments: 312,
      folds: 5,
      chosenC: [1, 1, 0.1, 1, 1],
      C: 1,
      weights: { 'π similarity': 1.42, 'px_3_*': 1.18, 'px_4_*': 1.07, 'px_0_*': 0.64, 'px_7_*': 0.81 },
      note: 'Judgments by two annotators; λ and C were chosen by nested cross-validation.',
    },
    audit: {
      modelId: 4,
      k: 5,
      quasi: ['scan_id'],
      quasiProposed: true,
      warnings: ['The prototype of cluster 2 (row 7) shares its subspace values with only 3 cases (k = 3 < 5): it may identify a person.', 'Column scan_id has a distinct value in every row: it is an identifier and is redacted in this report.'],
      identifierColumns: [{ column: 'scan_id', reason: 'every value is distinct (1797 of 1797)' }],
      prototypes: prototypes.map((p, i) => ({ cluster: p.cluster, row: p.row, k: [41, 17, 3][i], quasiIdentifiers: ['scan_id'], subspace: p.subspace.map((f) => f.feature), warning: i === 2 ? 'k = 3 < 5' : null, replacements: i === 2 ? [{ row: 512, k: 6 }, { row: 1033, k: 5 }] : [] })),
      nearDuplicates: [{ a: 130, b: 1412, differing: 0 }, { a: 88, b: 902, differing: 1 }, { a: 460, b: 1191, differing: 1 }],
      nearDuplicateCount: 3,
      identicalCount: 1,
      maxDiffering: 1,
      criticisms: [],
      memorization: [{ row: 7, score: 0.412 }, { row: 1201, score: 0.198 }, { row: 344, score: 0.121 }],
    },
  };
}

/** A pinned result's explanation: shared pixel values (rarer ones weigh more), a mismatch and π, summing to score. */
function contributions(score: number, j: number) {
  const pixels = ['px_3_3', 'px_4_4', 'px_2_2', 'px_5_5', 'px_1_3', 'px_6_4'];
  const pi = 0.2 + 0.05 * j;
  const shares = pixels.map((_, i) => 1 / (i + 2 + j));
  const sum = shares.reduce((s, v) => s + v, 0);
  const rest = score - pi;
  return [
    ...pixels.map((feature, i) => ({ feature, weight: Math.round((rest * shares[i]) / sum * 1e6) / 1e6, kind: 'matched' as const, queryValue: BIN_NAMES[(i + j) % 5], caseValue: BIN_NAMES[(i + j) % 5], frequency: { cases: 200 + 90 * i, of: ROWS }, information: Math.log(ROWS / (200 + 90 * i)) })),
    { feature: 'px_0_3', weight: 0, kind: 'mismatched' as const, queryValue: '[10, 14)', caseValue: '[0, 1)' },
    { feature: 'π similarity', weight: pi, kind: 'pi' as const },
  ];
}
