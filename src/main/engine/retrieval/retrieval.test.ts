import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { buildIndex, deserializeIndex, Retriever, serializeIndex } from './retrieval';
import { encodeCase, explain, queryFromCase, queryFromForm, referenceTopK, scoreCase, SIMILARITY_DEFAULTS } from './similarity';
import { syntheticModel } from './synthetic';
import type { Hit, RetrievalIndex, RetrievalQuery } from './types';

// Small and varied: unequal value counts, missing values, a vector block, several chunks (n / 64).
const model = syntheticModel({ n: 700, values: [2, 3, 5, 8, 4, 2, 6, 3, 7, 2], S: 4, missing: 0.15, vectorDims: [3], seed: 7 });
const index = buildIndex(model);

function expectSameHits(got: Hit[][], want: Hit[][]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    expect(g.map((h) => h.row)).toEqual(want[i].map((h) => h.row));
    g.forEach((h, j) => expect(Math.abs(h.score - want[i][j].score)).toBeLessThan(1e-4));
  });
}

function randomForm(rng: Rng, idx: RetrievalIndex): RetrievalQuery {
  const x = idx.features.map((f) => (rng.next() < 0.4 ? rng.int(f.values.length) : -1));
  const pi = rng.dirichlet(new Float64Array(idx.S).fill(0.5));
  return queryFromForm(idx, x, pi, { vectors: rng.next() < 0.5 ? { vec0: [rng.normal(), rng.normal(), rng.normal()] } : {} });
}

describe('retrieval', () => {
  let r: Retriever;
  beforeAll(async () => {
    r = await Retriever.create(index, { chunkRows: 64, providers: ['cpu'] });
  });
  afterAll(() => r.close());

  it('keeps the index compact and round-trips it through bytes', () => {
    expect(index.valueType).toBe('uint8');
    expect(index.x.byteLength).toBe(700 * 10);
    const back = deserializeIndex(serializeIndex(index));
    expect(back).toEqual(index);
  });

  it('pins a seeded run: same seed, same data, same top-3', () => {
    const [hits] = referenceTopK(index, [queryFromCase(index, 0)], 3);
    expect(hits.map((h) => h.row)).toEqual([218, 563, 490]);
    expect(hits.map((h) => h.score)).toEqual([1.2816978969694368, 1.2017439782443815, 1.1383197091314405]);
  });

  it('Q · E_c is the score of the formula', () => {
    const q = queryFromCase(index, 3, { userWeights: { f2: 2 }, theta: { col1: 0.5 } });
    for (const c of [0, 3, 10, 99]) {
      const e = encodeCase(index, c);
      let dot = 0;
      for (let j = 0; j < e.length; j++) dot += q.q[j] * e[j];
      expect(dot).toBeCloseTo(scoreCase(index, q, c), 5);
    }
  });

  it('single queries from cases: ONNX top-k = reference top-k, self excluded', async () => {
    for (const row of [0, 1, 123, 699]) {
      const q = queryFromCase(index, row);
      const got = await r.topK([q], 10);
      expectSameHits(got, referenceTopK(index, [q], 10));
      expect(got[0].some((h) => h.row === row)).toBe(false);
    }
    const q = queryFromCase(index, 5);
    const withSelf = await r.topK([q], 3, { includeSelf: true });
    expect(withSelf[0][0].row).toBe(5);
  });

  it('batches of forms and cases on both graphs, with excluded rows', async () => {
    const rng = new Rng(11);
    const queries = [...Array.from({ length: 12 }, () => randomForm(rng, index)), ...[4, 50, 600, 601].map((row) => queryFromCase(index, row))];
    const exclude = [1, 2, 3, 200];
    const want = referenceTopK(index, queries, 7, { excludeRows: exclude });
    const before = { ...r.info.runs };
    expectSameHits(await r.topK(queries, 7, { excludeRows: exclude }), want); // 16 queries: one-hot graph
    expect(r.info.runs.oneHot).toBeGreaterThan(before.oneHot);
    expectSameHits(await r.topK(queries.slice(0, 5), 7, { excludeRows: exclude }), want.slice(0, 5)); // gather graph
    expect(r.info.runs.gather).toBeGreaterThan(before.gather);
    for (const hits of want) expect(hits.some((h) => exclude.includes(h.row))).toBe(false);
  });

  it('proves the top-k through ties: duplicated cases force more candidates', async () => {
    // 40 copies of case 0 (same values and π) in one chunk: more near-ties than candidates asked for.
    const dup = syntheticModel({ n: 300, values: 4, F: 6, S: 3, seed: 3 });
    for (let c = 1; c <= 40; c++) {
      dup.cases.x.copyWithin(c * 6, 0, 6);
      dup.pi.copyWithin(c * 3, 0, 3);
    }
    const idx = buildIndex(dup);
    const rd = await Retriever.create(idx, { chunkRows: 128, providers: ['cpu'], extraCandidates: 2 });
    const q = queryFromCase(idx, 0);
    expectSameHits(await rd.topK([q], 5), referenceTopK(idx, [q], 5));
    expectSameHits(await rd.topK([q], 30), referenceTopK(idx, [q], 30));
    expect(rd.info.reasks).toBeGreaterThan(0);
    await rd.close();
  });

  it('wide features (int32 values) and an index with uncached chunks', async () => {
    const wide = buildIndex(syntheticModel({ n: 400, values: [300, 3, 2, 5], S: 3, missing: 0.1, seed: 5 }));
    expect(wide.valueType).toBe('uint16');
    const rw = await Retriever.create(wide, { chunkRows: 50, providers: ['cpu'], memoryBudget: 4000 });
    expect(rw.info.cachedChunks).toBeLessThan(rw.info.chunks);
    const rng = new Rng(2);
    const qs = [...Array.from({ length: 9 }, () => randomForm(rng, wide)), queryFromCase(wide, 17)];
    expectSameHits(await rw.topK(qs, 6), referenceTopK(wide, qs, 6));
    await rw.close();
  });

  it('explanations sum to the score and name the shared prototype', async () => {
    const q = queryFromCase(index, 42);
    const [hits] = await r.topK([q], 5);
    for (const h of hits) {
      const e = explain(index, q, h.row);
      expect(e.score).toBe(h.score);
      expect(e.contributions.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(h.score, 12);
      expect(e.contributions.filter((c) => c.kind === 'matched').map((c) => c.feature)).toEqual(e.matched);
      expect(e.contributions.filter((c) => c.kind === 'mismatched').every((c) => c.weight === 0)).toBe(true);
      expect(e.contributions.some((c) => c.feature === 'π similarity')).toBe(true);
      expect(e.contributions.some((c) => c.feature === 'vec0')).toBe(true);
      const S = index.S;
      const prod = Array.from({ length: S }, (_, s) => q.pi[s] * index.pi[h.row * S + s]);
      expect(e.sharedPrototype.cluster).toBe(prod.indexOf(Math.max(...prod)));
      expect(e.sharedPrototype.row).toBe(index.prototypes[e.sharedPrototype.cluster]);
    }
  });

  it('falls back from webgpu to cpu and keeps the reason', async () => {
    const rf = await Retriever.create(index, { chunkRows: 256, providers: ['webgpu', 'cpu'] });
    if (rf.provider !== 'webgpu') {
      expect(rf.provider).toBe('cpu');
      const failed = rf.info.attempts.find((a) => a.provider === 'webgpu');
      expect(failed?.ok).toBe(false);
      expect(failed?.reason).toBeTruthy();
    }
    const q = queryFromCase(index, 9);
    expectSameHits(await rf.topK([q], 5), referenceTopK(index, [q], 5));
    await rf.close();
  });

  it('reports the provider it runs on', () => {
    expect(r.provider).toBe('cpu');
    expect(r.info.batchProvider).toBe('cpu');
    expect(r.info.attempts.every((a) => a.ok)).toBe(true);
  });
});

describe('resident scoring (every case on the device; forced onto the CPU provider here)', () => {
  let r: Retriever;
  beforeAll(async () => {
    r = await Retriever.create(index, { providers: ['cpu'], resident: 'cpu' });
  });
  afterAll(() => r.close());

  it('gives the reference top-k for cases, forms, batches and included query rows', async () => {
    const rng = new Rng(11);
    const queries = [...[0, 5, 123, 699].map((row) => queryFromCase(index, row)), ...Array.from({ length: 20 }, () => randomForm(rng, index))];
    expectSameHits(await r.topK(queries.slice(0, 1), 10), referenceTopK(index, queries.slice(0, 1), 10));
    expectSameHits(await r.topK(queries, 25), referenceTopK(index, queries, 25));
    expectSameHits(await r.topK(queries.slice(0, 4), 5, { includeSelf: true }), referenceTopK(index, queries.slice(0, 4), 5, { includeSelf: true }));
  });

  it('falls back to the chunked graphs for a query whose top-k it cannot prove (ties at the cut)', async () => {
    // 40 copies of one case: 40 equal scores straddle any cut below 40.
    const dup = syntheticModel({ n: 200, values: [3, 3, 3], S: 2, missing: 0, seed: 3 });
    for (let c = 1; c < 40; c++) for (let f = 0; f < 3; f++) dup.cases.x[c * 3 + f] = dup.cases.x[f];
    for (let c = 1; c < 40; c++) dup.pi.set(dup.pi.subarray(0, 2), c * 2);
    const dupIndex = buildIndex(dup);
    const rd = await Retriever.create(dupIndex, { providers: ['cpu'], resident: 'cpu' });
    const q = queryFromCase(dupIndex, 0);
    expectSameHits(await rd.topK([q], 10), referenceTopK(dupIndex, [q], 10));
    expect(rd.info.residentFallbacks).toBe(1);
    await rd.close();
  });
});

describe('items of set and text columns: IDF rewards, penalties, a query-adaptive λ', () => {
  // 40 items (a set column) beside 4 categorical features and a vector block; 10% of cases miss the set.
  const itemIndex = buildIndex(syntheticModel({ n: 600, values: [3, 4, 2, 5], S: 3, missing: 0.1, items: 40, vectorDims: [3], seed: 9 }));
  const firstItem = itemIndex.features.findIndex((f) => f.name === 'tags=t0');
  let r: Retriever;
  beforeAll(async () => {
    r = await Retriever.create(itemIndex, { chunkRows: 64, providers: ['cpu'] });
  });
  afterAll(() => r.close());

  it('explanations sum to the score: shared absences weigh 0, items only the case holds weigh −w_f', () => {
    const F = itemIndex.features.length;
    // Queries that hold items, one that holds none (λ = 0: nothing to pay for) and one missing the set.
    const holds = (row: number) => itemIndex.features.filter((_, f) => f >= firstItem && itemIndex.x[row * F + f] === 1).length;
    const rows = Array.from({ length: itemIndex.n }, (_, i) => i);
    const some = rows.filter((i) => holds(i) >= 2).slice(0, 3);
    const none = rows.find((i) => holds(i) === 0 && itemIndex.x[i * F + firstItem] === 0)!;
    const gone = rows.find((i) => itemIndex.x[i * F + firstItem] === 255)!;
    for (const row of [...some, none, gone]) {
      const q = queryFromCase(itemIndex, row);
      if (some.includes(row)) expect(q.lambda).toBeGreaterThan(0);
      else expect(q.lambda).toBe(0);
      const [hits] = referenceTopK(itemIndex, [q], 8);
      for (const h of [...hits, { row: 123, score: scoreCase(itemIndex, q, 123) }]) {
        const e = explain(itemIndex, q, h.row);
        expect(e.score).toBe(h.score);
        expect(e.contributions.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(h.score, 12);
        for (const c of e.contributions) {
          const f = itemIndex.features.findIndex((x) => x.name === c.feature);
          if (f < firstItem) continue;
          const held = itemIndex.x[h.row * F + f] !== 0; // present, or missing (255)
          if (c.queryValue === 'absent') expect(c.weight).toBe(held ? -q.w[f] : 0);
          else expect(c.weight).toBe(c.kind === 'matched' ? q.w[f] : 0);
          const holders = Array.from({ length: itemIndex.n }, (_, i) => itemIndex.x[i * F + f]).filter((v) => v === 1).length;
          expect(c.frequency?.cases).toBe(holders);
        }
      }
    }
  });

  it('Q · E_c − o_q is the score of the formula', () => {
    const q = queryFromCase(itemIndex, 5, { userWeights: { 'tags=t3': 2 }, theta: { tags: 0.5 } });
    expect(q.offset).toBeGreaterThan(0);
    for (const c of [0, 3, 10, 99, 598]) {
      const e = encodeCase(itemIndex, c);
      let dot = 0;
      for (let j = 0; j < e.length; j++) dot += q.q[j] * e[j];
      expect(dot - q.offset).toBeCloseTo(scoreCase(itemIndex, q, c), 5);
    }
  });

  it('ONNX top-k = reference top-k with per-value weights and penalties: both graphs, forms, excluded rows', async () => {
    const rng = new Rng(4);
    const forms = Array.from({ length: 14 }, () => randomForm(rng, itemIndex));
    const queries = [...forms, ...[1, 2, 300, 599].map((row) => queryFromCase(itemIndex, row))];
    expect(forms.some((q) => q.offset > 0)).toBe(true);
    const want = referenceTopK(itemIndex, queries, 9, { excludeRows: [8, 9] });
    const before = { ...r.info.runs };
    expectSameHits(await r.topK(queries, 9, { excludeRows: [8, 9] }), want);
    expect(r.info.runs.oneHot).toBeGreaterThan(before.oneHot);
    expectSameHits(await r.topK(queries.slice(10), 9, { excludeRows: [8, 9] }), want.slice(10));
    expect(r.info.runs.gather).toBeGreaterThan(before.gather);
    const rr = await Retriever.create(itemIndex, { providers: ['cpu'], resident: 'cpu' });
    expectSameHits(await rr.topK(queries, 9, { excludeRows: [8, 9] }), want);
    await rr.close();
  });

  it('penalties rounded down keep the top-k provable without rescoring chunks in full', async () => {
    // A vocabulary of 1,000 items, as text has: each query lacks almost all of them.
    const wide = buildIndex(syntheticModel({ n: 400, values: [3], S: 3, items: 1000, seed: 12 }));
    const rw = await Retriever.create(wide, { chunkRows: 100, providers: ['cpu'] });
    const queries = Array.from({ length: 20 }, (_, i) => queryFromCase(wide, i * 20));
    expectSameHits(await rw.topK(queries, 10), referenceTopK(wide, queries, 10));
    // Rounding penalties to nearest instead makes this fail (23 of 80 query-chunk pairs asked again): the
    // bound then sums a thousand residuals of either sign.
    expect(rw.info.reasks).toBe(0);
    expect(rw.info.fullRescores).toBe(0);
    await rw.close();
  });

  it('with β = 0 the items keep the top k of the weighted Jaccard index (λ_q is its k-th value)', () => {
    // Items only: the score is (Σ shared a_f − λ Σ held-not-shared a_f) / W_q. a_f = m_f · I_f, recomputed
    // here from the definitions (information.ts, similarity.ts) rather than taken from the engine.
    const only = buildIndex(syntheticModel({ n: 500, values: [], S: 3, items: 30, seed: 4 }));
    const F = only.features.length;
    const df = Array.from({ length: F }, (_, f) => Array.from({ length: only.n }, (_, c) => only.x[c * F + f]).filter((v) => v === 1).length);
    for (const row of [0, 1, 2, 3, 50, 400]) {
      const a = df.map((d, f) => {
        let m = SIMILARITY_DEFAULTS.epsilon;
        for (let s = 0; s < only.S; s++) m += only.pi[row * only.S + s] * only.subspace[s * F + f];
        return m * -Math.log((d + 0.5) / (only.n + 1));
      });
      const held = (c: number, f: number) => only.x[c * F + f] === 1;
      const J = Array.from({ length: only.n }, (_, c) => {
        let inter = 0;
        let union = 0;
        for (let f = 0; f < F; f++) {
          if (held(row, f) && held(c, f)) inter += a[f];
          if (held(row, f) || held(c, f)) union += a[f];
        }
        return c === row ? -1 : inter / union;
      });
      const kth = [...J].sort((x, y) => y - x)[9];
      const q = queryFromCase(only, row, { beta: 0 });
      expect(q.lambda).toBeCloseTo(kth, 12);
      const top = referenceTopK(only, [q], 10)[0].map((h) => h.row);
      for (const c of top) expect(J[c]).toBeGreaterThanOrEqual(kth - 1e-12);
      J.forEach((j, c) => {
        if (j > kth + 1e-12) expect(top).toContain(c);
      });
    }
  });
});

describe('recipes: a shared rare ingredient outweighs every shared absence', () => {
  it('scores Basil Pesto by the ingredients it shares, most for the rare ones', async () => {
    const { importTable } = await import('../import');
    const file = new URL('../../../../resources/data/recipes.csv', import.meta.url).pathname;
    const { cases } = await importTable(file, { overrides: { recipe: { kind: 'identifier' }, ingredients: { kind: 'set', delimiter: ';' } } });
    // One cluster, every subspace probability equal: m_f is the same for every item, only I_f differs.
    const idx = buildIndex({ cases, pi: new Float64Array(cases.n).fill(1), S: 1, subspace: new Float64Array(cases.features.length).fill(0.5), prototypes: [0] });
    const row = (name: string) => cases.ids!.findIndex((id) => id.startsWith(name));
    const feature = (item: string) => idx.features.findIndex((f) => f.name === `ingredients=${item}`);
    const pesto = queryFromCase(idx, row('Basil Pesto'));
    // pine nut is in 2 of 56 recipes, garlic in 26: the shared rare item weighs most.
    expect(pesto.w[feature('pine nut')]).toBeGreaterThan(3 * pesto.w[feature('garlic')]);
    // Watermelon Punch shares pine nut and water with it and nothing else; before this change its 140 shared
    // absences gave it 0.95 of its score and pine nut 0.007 (restoring rewards for absences makes this fail).
    const punch = explain(idx, pesto, row('Watermelon Punch'));
    const pine = punch.contributions.find((c) => c.feature === 'ingredients=pine nut')!;
    const absences = punch.contributions.filter((c) => c.kind === 'matched' && c.queryValue === 'absent');
    expect(absences.length).toBeGreaterThan(130);
    expect(pine.weight).toBeGreaterThan(0.2);
    expect(pine.weight).toBeGreaterThan(absences.reduce((s, c) => s + c.weight, 0) + 0.2);
    expect(pine.frequency).toEqual({ cases: 2, of: 56 });
    // The top three share parmesan, pasta or basil with it, not just oil and garlic, as Pasta and Brie did.
    const top = referenceTopK(idx, [pesto], 3)[0].map((h) => cases.ids![h.row]);
    expect(top).not.toContain('Pasta and Brie');
  });
});

describe('market baskets (missing = absent) are items too', () => {
  it('rewards a shared purchase, not a shared absence', async () => {
    const { importTable } = await import('../import');
    const file = new URL('../import/fixtures/supermarket.arff', import.meta.url).pathname;
    const { cases } = await importTable(file);
    expect(cases.features[0].values).toEqual(['absent', 't']);
    const F = cases.features.length;
    const idx = buildIndex({ cases, pi: new Float64Array(cases.n).fill(1), S: 1, subspace: new Float64Array(F).fill(0.5), prototypes: [0] });
    const q = queryFromCase(idx, 0);
    for (let c = 1; c < idx.n; c++) {
      for (const x of explain(idx, q, c).contributions) {
        if (x.kind === 'matched' && x.queryValue === 'absent') expect(x.weight).toBe(0);
        if (x.kind === 'matched' && x.queryValue === 't') expect(x.weight).toBeGreaterThan(0);
      }
    }
  });
});
