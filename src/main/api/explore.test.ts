// What the app's views read: the map projection, clusters' members and criticisms, cases with their π,
// search, column distributions, re-import with changed kinds, redo, and getModel without π.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetInfo } from '../../shared/api';
import { decodeFloat32, decodeUint16, decodeUint8 } from '../../shared/encoding';
import { checkCall } from '../boundary';
import { anchorOrder, caseLogLikelihoods } from './explore';
import { ExemplarService } from '.';
import type { BcmSummary } from '../engine/bcm/model';

const data = (name: string) => fileURLToPath(new URL(`../../../resources/data/${name}`, import.meta.url));
let dir = '';
let s: ExemplarService;
let digits: DatasetInfo;
let recipes: DatasetInfo;
let modelId = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exemplar-explore-'));
  s = ExemplarService.open(join(dir, 'p.exemplar'), { create: true });
  const a = await s.importData({ path: data('digits.csv'), label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
  digits = ((await s.wait(a.jobId)) as { dataset: DatasetInfo }).dataset;
  const b = await s.importData({ path: data('recipes.csv') });
  recipes = ((await s.wait(b.jobId)) as { dataset: DatasetInfo }).dataset;
  const fit = await s.fit({ datasetId: digits.id, prototypes: 10, iterations: 40, seed: 2, chains: 1 });
  await s.wait(fit.jobId);
  modelId = fit.modelId!;
}, 120_000);
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the map', () => {
  it('places every case at Σ_s π_s · anchor_s, with its cluster, weight and label', async () => {
    const map = await s.getMap(modelId);
    const model = await s.getModel(modelId);
    expect(map).toMatchObject({ n: 1797, S: 10, method: 'simplex' });
    const x = decodeFloat32(map.x);
    const y = decodeFloat32(map.y);
    const cluster = decodeUint8(map.cluster);
    const weight = decodeFloat32(map.weight);
    expect(x).toHaveLength(1797);
    for (const a of map.anchors) expect(Math.hypot(a.x, a.y)).toBeCloseTo(1, 12);
    // Anchors are evenly spread: neighbours on the circle are 2π/S apart.
    const angles = map.anchors.map((a) => Math.atan2(a.x, -a.y)).sort((p, q) => p - q);
    for (let k = 1; k < angles.length; k++) expect(angles[k] - angles[k - 1]).toBeCloseTo((2 * Math.PI) / 10, 10);
    for (const i of [0, 17, 999, 1796]) {
      const pi = model.pi[i];
      const ex = pi.reduce((sum, p, k) => sum + p * map.anchors[k].x, 0);
      const ey = pi.reduce((sum, p, k) => sum + p * map.anchors[k].y, 0);
      expect(x[i]).toBeCloseTo(ex, 5);
      expect(y[i]).toBeCloseTo(ey, 5);
      expect(weight[i]).toBeCloseTo(Math.max(...pi), 6);
      expect(cluster[i]).toBe(pi.indexOf(Math.max(...pi)));
    }
    // Cluster sizes from the map agree with the prototypes' sizes.
    for (const p of model.prototypes) expect(cluster.filter((c) => c === p.cluster).length).toBe(p.size);
    expect(map.labels!.names).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const labels = decodeUint16(map.labels!.index);
    const cases = await s.getCases(digits.id, [0, 1, 2]);
    cases.forEach((c) => expect(map.labels!.names[labels[c.row]]).toBe(c.values.digit));
    expect(map.prototypes.map((p) => p.row)).toEqual(model.prototypes.map((p) => p.row));
    expect(map.prototypes[3].x).toBe(x[map.prototypes[3].row]);
  });

  it('puts clusters that share cases next to each other on the circle', () => {
    // Four clusters; cases mix 0 with 2 and 1 with 3 only. A good order makes 0–2 and 1–3 neighbours.
    const rows = [
      [0.5, 0, 0.5, 0],
      [0.6, 0, 0.4, 0],
      [0, 0.5, 0, 0.5],
      [0, 0.3, 0, 0.7],
      [1, 0, 0, 0],
    ];
    const order = anchorOrder(Float64Array.from(rows.flat()), rows.length, 4);
    expect(order).toHaveLength(4);
    const next = (a: number) => order[(order.indexOf(a) + 1) % 4];
    const prev = (a: number) => order[(order.indexOf(a) + 3) % 4];
    expect([next(0), prev(0)]).toContain(2);
    expect([next(1), prev(1)]).toContain(3);
  });
});

describe('clusters and cases', () => {
  it('ranks a cluster’s members by π and finds the members it explains worst', async () => {
    const model = await s.getModel(modelId);
    const big = model.prototypes.reduce((a, b) => (b.size > a.size ? b : a));
    const c = await s.getCluster(modelId, big.cluster, { limit: 5 });
    expect(c.size).toBe(big.size);
    expect(c.members).toHaveLength(5);
    for (let k = 1; k < c.members.length; k++) expect(c.members[k].pi).toBeLessThanOrEqual(c.members[k - 1].pi);
    expect(c.members[0].pi).toBeCloseTo(Math.max(...model.pi.map((p) => (p.indexOf(Math.max(...p)) === big.cluster ? p[big.cluster] : 0))), 10);
    const page2 = await s.getCluster(modelId, big.cluster, { offset: 5, limit: 5 });
    expect(page2.members[0].pi).toBeLessThanOrEqual(c.members[4].pi);
    expect(c.criticisms.length).toBe(Math.min(10, big.size));
    for (let k = 1; k < c.criticisms.length; k++) expect(c.criticisms[k].logLikelihood).toBeGreaterThanOrEqual(c.criticisms[k - 1].logLikelihood);
    // The worst member is explained worse than the best-ranked one.
    const [best] = await s.getCaseDetails(modelId, [c.members[0].row]);
    expect(c.criticisms[0].logLikelihood).toBeLessThan(best.logLikelihood);
    expect(c.members[0].label).toMatch(/^\d$/);
    await expect(s.getCluster(modelId, 10)).rejects.toThrow(/Cluster must be between 0 and 9/);
  });

  it('gives a case its raw values, π, cluster and log-likelihood', async () => {
    const [d] = await s.getCaseDetails(modelId, [42]);
    const model = await s.getModel(modelId);
    expect(d.pi).toEqual(model.pi[42]);
    expect(d.cluster).toBe(d.pi.indexOf(Math.max(...d.pi)));
    expect(d.values.px_0_2).toMatch(/^\d+$/);
    expect(d.label).toBe(d.values.digit);
    expect(d.logLikelihood).toBeLessThan(0);
  });

  // Planted once: dividing by all features instead of the observed ones turns this red.
  it('computes each case’s log-likelihood as mean_j log Σ_s π_s φ_s,j,x_j', () => {
    // 2 cases × 2 features (2 and 3 values), S = 2; case 1 misses feature 0.
    const summary = {
      S: 2, n: 2, f: 2, kept: 1, alpha: 1, prototypes: [],
      subspace: new Float64Array(4),
      pi: Float64Array.from([0.25, 0.75, 1, 0]),
      // indexed by <cluster, feature-value>: feature 0 values 0–1, feature 1 values 2–4
      phi: Float64Array.from([0.9, 0.1, 0.2, 0.3, 0.5, 0.4, 0.6, 0.1, 0.1, 0.8]),
      offsets: Int32Array.from([0, 2, 5]),
      sizes: Int32Array.from([1, 1]),
    } as BcmSummary;
    const ll = caseLogLikelihoods(summary, Int32Array.from([1, 2, -1, 0]));
    expect(ll[0]).toBeCloseTo((Math.log(0.25 * 0.1 + 0.75 * 0.6) + Math.log(0.25 * 0.5 + 0.75 * 0.8)) / 2, 12);
    expect(ll[1]).toBeCloseTo(Math.log(0.2), 12);
  });

  it('lists models with their R̂ and edits', async () => {
    const [m] = await s.listModels();
    expect(m).toMatchObject({ id: modelId, rhat: null, status: 'done' });
    expect(typeof m.edits).toBe('number');
  });

  it('leaves π out of getModel when asked', async () => {
    const lean = await s.getModel(modelId, { pi: false });
    expect(lean.pi).toEqual([]);
    expect(lean.prototypes).toHaveLength(10);
    expect(checkCall('getModel', [1, { pi: false }]).args).toEqual([1, { pi: false }]);
    expect(() => checkCall('getModel', [1, { pi: 'no' }])).toThrow(/pi must be true or false/);
  });
});

describe('search and columns', () => {
  it('finds cases by row number, identifier, label and cell text', async () => {
    expect((await s.searchCases(recipes.id, '#12'))[0]).toMatchObject({ row: 12, match: 'row' });
    const pesto = await s.searchCases(recipes.id, 'basil pesto');
    expect(pesto[0]).toMatchObject({ match: 'identifier', name: 'Basil Pesto Sauce over Pasta' });
    const garlic = await s.searchCases(recipes.id, 'GARLIC', 5);
    expect(garlic).toHaveLength(5);
    expect(garlic.every((m) => /garlic/i.test(m.value!) && (m.match === 'identifier' || (m.match === 'cell' && m.column === 'ingredients')))).toBe(true);
    expect(garlic.some((m) => m.match === 'cell')).toBe(true);
    const sevens = await s.searchCases(digits.id, '7', 3);
    expect(sevens[0]).toMatchObject({ row: 7, match: 'row' });
    expect(sevens.slice(1).every((m) => m.match === 'label' && m.label === '7')).toBe(true);
    expect(await s.searchCases(recipes.id, '   ')).toEqual([]);
  });

  it('counts every column’s bins, values or items', async () => {
    const { columns: stats, frequency } = await s.getDatasetStats(digits.id);
    const px = stats.find((c) => c.column === 'px_3_4')!;
    expect(px.kind).toBe('numeric');
    expect(px.bins).toHaveLength(2);
    expect(px.bins.reduce((a, b) => a + b.count, 0)).toBe(1797 - px.missing);
    const j = digits.features.findIndex((f) => f.name === 'px_3_4');
    expect(frequency[j][1]).toBeCloseTo(px.bins[1].count / (1797 - px.missing), 12);
    const digit = stats.find((c) => c.column === 'digit')!;
    expect(digit.bins.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(digit.bins.reduce((a, b) => a + b.count, 0)).toBe(1797);
    const ingredients = (await s.getDatasetStats(recipes.id)).columns.find((c) => c.column === 'ingredients')!;
    expect(ingredients.kind).toBe('set');
    expect(ingredients.bins.length).toBeLessThanOrEqual(20);
    for (let k = 1; k < ingredients.bins.length; k++) expect(ingredients.bins[k].count).toBeLessThanOrEqual(ingredients.bins[k - 1].count);
    const cells = await s.getCases(recipes.id, Array.from({ length: recipes.rows }, (_, k) => k));
    const garlic = cells.filter((c) => (c.values.ingredients ?? '').split(';').includes('garlic')).length;
    expect(ingredients.bins.find((b) => b.label === 'garlic')?.count).toBe(garlic);
  });
});

describe('re-import and redo', () => {
  it('imports a dataset again with changed kinds under a new name, the cells unchanged', async () => {
    const job = await s.reimport({ datasetId: digits.id, overrides: { 'px_*': { kind: 'numeric', edges: [4, 12] } } });
    const { dataset } = (await s.wait(job.jobId)) as { dataset: DatasetInfo };
    expect(dataset.name).toBe('digits.csv (2)');
    expect(dataset.rows).toBe(1797);
    expect(dataset.labelColumn).toBe('digit');
    expect(dataset.features.find((f) => f.name === 'px_3_4')!.values).toHaveLength(3);
    expect(await s.getCases(dataset.id, [5, 1796])).toEqual(await s.getCases(digits.id, [5, 1796]));
    // A second import of the same file gets the next free name.
    const again = await s.importData({ path: data('recipes.csv') });
    expect(((await s.wait(again.jobId)) as { dataset: DatasetInfo }).dataset.name).toBe('recipes.csv (2)');
  }, 60_000);

  it('redoes an undone edit', async () => {
    const row = (await s.getCluster(modelId, 1, { limit: 1 })).members[0]?.row ?? 0;
    await s.wait((await s.edit({ modelId, edit: { kind: 'pin', cluster: 1, row }, iterations: 4 })).jobId);
    await s.wait((await s.undo(modelId, 4)).jobId);
    expect((await s.getModel(modelId, { pi: false })).edits.map((e) => e.undone)).toEqual([true]);
    await s.wait((await s.redo(modelId, 4)).jobId);
    const model = await s.getModel(modelId, { pi: false });
    expect(model.edits.map((e) => e.undone)).toEqual([false]);
    expect(model.prototypes[1]).toMatchObject({ row, pinned: true });
    await expect(s.redo(modelId)).rejects.toThrow(/no undone edit/);
  }, 60_000);
});
