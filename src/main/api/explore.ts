// What the app's views read besides a model's summary: every case placed on the map by its π, a cluster's
// members and criticisms, single cases with their π, case search, and each column's distribution. All of it
// is computed here, in the service, so the page never loops over 100k cases in one task.
import type { CaseDetail, CaseMatch, ClusterView, ColumnStats, DatasetStats, MapView } from '../../shared/api';
import type { EncodedCases } from '../../shared/data';
import { encodeArray } from '../../shared/encoding';
import type { BcmSummary } from '../engine/bcm/model';
import { hardAssignments } from '../engine/evaluate/clusters';
import * as store from '../store';
import type { ServiceContext } from './context';

/** What is derived once per posterior summary (a new result is a new summary object, so nothing goes stale). */
interface Derived {
  /** indexed by case: largest-π cluster (the first on ties, as the cluster sizes count). */
  argmax: Int32Array;
  /** indexed by case: mean log-likelihood per observed feature, log Σ_s π_is φ_s,j,x_ij. */
  loglik?: Float64Array;
}
const derivedBySummary = new WeakMap<BcmSummary, Derived>();

function derived(s: BcmSummary): Derived {
  let d = derivedBySummary.get(s);
  if (!d) {
    derivedBySummary.set(s, (d = { argmax: hardAssignments(s.pi, s.n, s.S) }));
  }
  return d;
}

/** Mean log-likelihood per observed feature of every case under its own π and the posterior mean φ. */
export function caseLogLikelihoods(s: BcmSummary, x: Int32Array): Float64Array {
  const d = derived(s);
  if (d.loglik) return d.loglik;
  const { S, n, f, phi, pi, offsets } = s;
  const T = offsets[f];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let observed = 0;
    for (let j = 0; j < f; j++) {
      const v = x[i * f + j];
      if (v < 0) continue;
      let p = 0;
      for (let k = 0; k < S; k++) p += pi[i * S + k] * phi[k * T + offsets[j] + v];
      sum += Math.log(p);
      observed++;
    }
    out[i] = observed ? sum / observed : 0;
  }
  d.loglik = out;
  return out;
}

/**
 * Anchor order on the circle: clusters that share cases (large Σ_i π_ia π_ib) next to each other, so a case
 * mixing two clusters lands between them rather than across the middle. Greedy nearest neighbour from
 * cluster 0, which is deterministic and good enough for S ≤ a few dozen.
 */
export function anchorOrder(pi: Float64Array, n: number, S: number): number[] {
  const share = new Float64Array(S * S); // indexed by <cluster, cluster>
  for (let i = 0; i < n; i++)
    for (let a = 0; a < S; a++) {
      const pa = pi[i * S + a];
      if (pa < 1e-3) continue;
      for (let b = a + 1; b < S; b++) share[a * S + b] += pa * pi[i * S + b];
    }
  const order = [0];
  const used = new Set(order);
  while (order.length < S) {
    const last = order[order.length - 1];
    let best = -1;
    for (let k = 0; k < S; k++) {
      if (used.has(k)) continue;
      const v = share[Math.min(last, k) * S + Math.max(last, k)];
      if (best < 0 || v > share[Math.min(last, best) * S + Math.max(last, best)]) best = k;
    }
    order.push(best);
    used.add(best);
  }
  return order;
}

const byNumberThenText = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function getMap(ctx: ServiceContext, modelId: number): MapView {
  const m = ctx.model(modelId);
  const s = ctx.summary(modelId);
  const { cases } = ctx.loadDataset(m.datasetId);
  const { S, n, pi } = s;
  const order = anchorOrder(pi, n, S);
  // One cluster: a single anchor at the centre (every case there).
  const anchors = order
    .map((cluster, k) => ({ cluster, x: S === 1 ? 0 : Math.sin((2 * Math.PI * k) / S), y: S === 1 ? 0 : -Math.cos((2 * Math.PI * k) / S) }))
    .sort((a, b) => a.cluster - b.cluster);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const weight = new Float32Array(n);
  const { argmax } = derived(s);
  for (let i = 0; i < n; i++) {
    let px = 0;
    let py = 0;
    for (let k = 0; k < S; k++) {
      const w = pi[i * S + k];
      px += w * anchors[k].x;
      py += w * anchors[k].y;
    }
    x[i] = px;
    y[i] = py;
    weight[i] = pi[i * S + argmax[i]];
  }
  const cluster = S > 255 ? Uint16Array.from(argmax) : Uint8Array.from(argmax);
  let labels: MapView['labels'] = null;
  if (cases.labels && cases.labelColumn) {
    const names = [...new Set(cases.labels.filter((l): l is string => l !== null))].sort(byNumberThenText).slice(0, 65535);
    const at = new Map(names.map((name, k) => [name, k]));
    const index = Uint16Array.from(cases.labels, (l) => (l === null ? 65535 : (at.get(l) ?? 65535)));
    labels = { column: cases.labelColumn, names, index: encodeArray(index) };
  }
  return {
    modelId,
    n,
    S,
    method: 'simplex',
    x: encodeArray(x),
    y: encodeArray(y),
    cluster: encodeArray(cluster),
    weight: encodeArray(weight),
    labels,
    anchors,
    prototypes: s.prototypes.map((p, k) => ({ cluster: k, row: p.row, x: x[p.row], y: y[p.row] })),
  };
}

/** The identifier of a case, when the data has an identifier column. */
const nameOf = (cases: EncodedCases, row: number) => (cases.ids ? (cases.ids[row] ?? null) : null);
const labelOf = (cases: EncodedCases, row: number) => (cases.labels ? cases.labels[row] : null);

export function getCluster(ctx: ServiceContext, modelId: number, cluster: number, page: { offset?: number; limit?: number } = {}): ClusterView {
  const m = ctx.model(modelId);
  const s = ctx.summary(modelId);
  if (!(Number.isInteger(cluster) && cluster >= 0 && cluster < s.S)) throw new Error(`Cluster must be between 0 and ${s.S - 1}.`);
  const { cases } = ctx.loadDataset(m.datasetId);
  const { argmax } = derived(s);
  const members: number[] = [];
  for (let i = 0; i < s.n; i++) if (argmax[i] === cluster) members.push(i);
  const piOf = (row: number) => s.pi[row * s.S + cluster];
  members.sort((a, b) => piOf(b) - piOf(a) || a - b);
  const offset = page.offset ?? 0;
  const limit = page.limit ?? 50;
  const ll = caseLogLikelihoods(s, cases.x);
  const criticisms = [...members].sort((a, b) => ll[a] - ll[b] || a - b).slice(0, 10);
  return {
    modelId,
    cluster,
    size: members.length,
    offset,
    members: members.slice(offset, offset + limit).map((row) => ({ row, pi: piOf(row), label: labelOf(cases, row), name: nameOf(cases, row) })),
    criticisms: criticisms.map((row) => ({ row, pi: piOf(row), logLikelihood: ll[row], label: labelOf(cases, row), name: nameOf(cases, row) })),
  };
}

export function getCaseDetails(ctx: ServiceContext, modelId: number, rows: number[]): CaseDetail[] {
  const m = ctx.model(modelId);
  const s = ctx.summary(modelId);
  const { cases, record } = ctx.loadDataset(m.datasetId);
  for (const row of rows) if (!(row >= 0 && row < s.n)) throw new Error(`Row must be between 0 and ${s.n - 1}.`);
  const ll = caseLogLikelihoods(s, cases.x);
  const { argmax } = derived(s);
  const raw = new Map(store.getCaseRows(ctx.project, m.datasetId, rows).map((r) => [r.row, r.cells]));
  return rows.map((row) => ({
    row,
    values: Object.fromEntries(record.columns.map((c, k) => [c.name, raw.get(row)?.[k] ?? null])),
    name: nameOf(cases, row),
    label: labelOf(cases, row),
    pi: Array.from(s.pi.subarray(row * s.S, (row + 1) * s.S)),
    cluster: argmax[row],
    logLikelihood: ll[row],
  }));
}

/**
 * Cases by row number, then identifier and label (in memory), then any raw cell containing the text (SQLite
 * scans the stored rows and stops at the limit).
 */
export function searchCases(ctx: ServiceContext, datasetId: number, text: string, limit = 20): CaseMatch[] {
  const { cases, record } = ctx.loadDataset(datasetId);
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const out: CaseMatch[] = [];
  const seen = new Set<number>();
  const add = (m: CaseMatch) => {
    if (out.length < limit && !seen.has(m.row)) {
      seen.add(m.row);
      out.push(m);
    }
  };
  const number = /^#?(\d+)$/.exec(q);
  if (number && Number(number[1]) < cases.n) add({ row: Number(number[1]), name: nameOf(cases, Number(number[1])), label: labelOf(cases, Number(number[1])), match: 'row' });
  const idColumn = record.columns.find((c) => c.kind === 'identifier')?.name;
  for (const [list, match, column] of [
    [cases.ids, 'identifier', idColumn],
    [cases.labels, 'label', cases.labelColumn],
  ] as const) {
    if (!list) continue;
    for (let i = 0; i < list.length && out.length < limit; i++) {
      const v = list[i];
      if (v !== null && v.toLowerCase().includes(q)) add({ row: i, name: nameOf(cases, i), label: labelOf(cases, i), match, column: column ?? undefined, value: v });
    }
  }
  if (out.length < limit) {
    // JSON text of the cells: letters and digits appear as themselves, so a plain substring test finds them.
    const rows = ctx.project.db
      .prepare('SELECT row, cells_json FROM case_rows WHERE dataset_id = ? AND instr(lower(cells_json), ?) > 0 ORDER BY row LIMIT ?')
      .all(datasetId, q, limit + seen.size) as { row: number; cells_json: string }[];
    for (const r of rows) {
      const cells = JSON.parse(r.cells_json) as (string | null)[];
      const k = cells.findIndex((c) => c !== null && c.toLowerCase().includes(q));
      if (k >= 0) add({ row: r.row, name: nameOf(cases, r.row), label: labelOf(cases, r.row), match: 'cell', column: record.columns[k].name, value: cells[k]! });
    }
  }
  return out;
}

/** Values shown per categorical column and items per set/text column before the rest are counted as `more`. */
const SHOWN_BINS = 20;

export function getDatasetStats(ctx: ServiceContext, datasetId: number): DatasetStats {
  const { cases, record } = ctx.loadDataset(datasetId);
  const { n, features } = cases;
  const f = features.length;
  // indexed by feature: counts per value
  const counts = features.map((x) => new Float64Array(x.values.length));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) {
      const v = cases.x[i * f + j];
      if (v >= 0) counts[j][v]++;
    }
  const top = (pairs: { label: string; count: number }[], keepOrder: boolean) => {
    const sorted = keepOrder ? pairs : [...pairs].sort((a, b) => b.count - a.count || byNumberThenText(a.label, b.label));
    return { bins: sorted.slice(0, SHOWN_BINS), more: Math.max(0, sorted.length - SHOWN_BINS) };
  };
  const columns = record.columns.map((c, k): ColumnStats => {
    const summary = record.summaries[k];
    const base = { column: c.name, kind: c.kind, missing: summary?.missing ?? 0, distinct: summary?.distinct ?? 0 };
    const own = features.map((x, j) => [x, j] as const).filter(([x]) => x.column === c.name);
    if (c.kind === 'set' || c.kind === 'text') {
      const present = own.map(([x, j]) => ({ label: x.item ?? x.name, count: counts[j][x.values.indexOf('present')] ?? 0 }));
      return { ...base, ...top(present, false) };
    }
    if (own.length === 1) {
      const [[x, j]] = own;
      const pairs = x.values.map((label, v) => ({ label, count: counts[j][v] }));
      // Bins keep their order along the number line; categories are ranked by count.
      return { ...base, ...top(pairs, c.kind === 'numeric' || c.kind === 'boolean') };
    }
    if (c.kind === 'label' && cases.labels) {
      const tally = new Map<string, number>();
      for (const l of cases.labels) if (l !== null) tally.set(l, (tally.get(l) ?? 0) + 1);
      const pairs = [...tally].map(([label, count]) => ({ label, count })).sort((a, b) => byNumberThenText(a.label, b.label));
      return { ...base, ...top(pairs, tally.size <= SHOWN_BINS) };
    }
    return { ...base, bins: [], more: 0 };
  });
  const frequency = counts.map((c) => {
    const known = c.reduce((a, b) => a + b, 0);
    return Array.from(c, (x) => (known ? x / known : 0));
  });
  return { columns, frequency };
}
