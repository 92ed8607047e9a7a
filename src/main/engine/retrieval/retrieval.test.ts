import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { buildIndex, deserializeIndex, Retriever, serializeIndex } from './retrieval';
import { encodeCase, explain, queryFromCase, queryFromForm, referenceTopK, scoreCase } from './similarity';
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
    expect(hits.map((h) => h.row)).toEqual([563, 671, 218]);
    expect(hits.map((h) => h.score)).toEqual([1.6047085859211474, 1.500205074455514, 1.4621216452975443]);
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
