import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/main/engine/retrieval/retrieval';
import { featureOffsets, queryFromCase, referenceTopK, scoreCase } from '../../src/main/engine/retrieval/similarity';
import { syntheticModel } from '../../src/main/engine/retrieval/synthetic';
import { agreeUpToTies, bitCodeBytes, matchCount, matchCountSetup, oneHotBits } from './agreement';

function popcount(b: number): number {
  let n = 0;
  for (; b; b &= b - 1) n++;
  return n;
}

// Unequal value counts, so one-hot slots straddle byte and word boundaries (D_x = 3 + 8 + 5 + 70 + 2 = 88).
const index = buildIndex(syntheticModel({ n: 400, values: [3, 8, 5, 70, 2], S: 4, seed: 5 }));

describe('one-hot bit codes of the match-count case', () => {
  it('Hamming distance is twice the number of mismatched features, for every pair of cases', () => {
    // Planting `out[o + (bit >> 3)] |= 1 << (bit & 3)` (two slots sharing a bit) turns this red.
    const nb = bitCodeBytes(index);
    expect(nb % 8).toBe(0);
    expect(nb * 8).toBeGreaterThanOrEqual(88);
    const off = featureOffsets(index);
    const codes = new Uint8Array(index.n * nb);
    for (let c = 0; c < index.n; c++) oneHotBits(index, c, off, codes, c * nb);
    const F = index.features.length;
    for (let a = 0; a < 60; a++) {
      for (let b = 0; b < index.n; b++) {
        let h = 0;
        for (let i = 0; i < nb; i++) h += popcount(codes[a * nb + i] ^ codes[b * nb + i]);
        expect(F - h / 2).toBe(matchCount(index, a, b));
      }
    }
  });

  it('refuses a missing value rather than encode a distance that is not the match count', () => {
    const holes = buildIndex(syntheticModel({ n: 50, values: 4, F: 6, S: 2, missing: 0.3, seed: 2 }));
    const off = featureOffsets(holes);
    const out = new Uint8Array(bitCodeBytes(holes));
    expect(() => {
      for (let c = 0; c < holes.n; c++) oneHotBits(holes, c, off, out);
    }).toThrow(/missing/);
  });
});

describe('matchCountSetup', () => {
  it("makes the engine's score the match count times one weight", () => {
    // Planting `{ beta: 0.5 }` in its queries, or keeping the index's subspace, turns this red.
    const mc = matchCountSetup(index);
    for (const row of [0, 17, 399]) {
      const q = mc.query(row);
      const w = q.w[0];
      expect(w).toBeCloseTo(1 / index.features.length, 12);
      for (let c = 0; c < index.n; c++) expect(scoreCase(index, q, c)).toBeCloseTo(matchCount(index, row, c) * w, 12);
    }
  });
});

describe('agreeUpToTies', () => {
  const mc = matchCountSetup(index);
  const q = mc.query(3);
  const K = 8; // ten cases tie at the 8th score of this query
  const [ref] = referenceTopK(index, [q], K);
  const kth = ref[K - 1].score;
  // Cases tied with the k-th score but left out of ref (ref breaks ties by row).
  const tiedOut: number[] = [];
  for (let c = 0; c < index.n; c++) if (c !== 3 && scoreCase(index, q, c) === kth && !ref.some((h) => h.row === c)) tiedOut.push(c);
  const below = Array.from({ length: index.n }, (_, c) => c).find((c) => c !== 3 && scoreCase(index, q, c) < kth)!;

  it('needs ties at the boundary for the test to mean anything', () => {
    expect(tiedOut.length).toBeGreaterThan(0);
  });

  it('accepts the same rows in another order, and a tied case in place of the last', () => {
    const rows = ref.map((h) => h.row).reverse();
    expect(agreeUpToTies(index, q, ref, rows).sameUpToTies).toBe(true);
    const swapped = ref.map((h) => h.row);
    swapped[K - 1] = tiedOut[0];
    const a = agreeUpToTies(index, q, ref, swapped);
    expect(a).toEqual({ sameUpToTies: true, sameRows: K - 1, why: null });
  });

  it('rejects a lower-scoring case, a repeated row, the query case itself and a short list', () => {
    // Comparing only the set of scores (not the multiset), or skipping the duplicate check, turns one red.
    const rows = ref.map((h) => h.row);
    expect(agreeUpToTies(index, q, ref, [...rows.slice(0, K - 1), below]).sameUpToTies).toBe(false);
    expect(agreeUpToTies(index, q, ref, [...rows.slice(0, K - 1), rows[0]]).sameUpToTies).toBe(false);
    expect(agreeUpToTies(index, q, ref, [...rows.slice(0, K - 1), 3]).why).toMatch(/query case/);
    expect(agreeUpToTies(index, q, ref, rows.slice(0, K - 1)).sameUpToTies).toBe(false);
  });

  it('checks the general similarity too (distinct scores: the rows themselves)', () => {
    const g = queryFromCase(index, 8);
    const [r] = referenceTopK(index, [g], K);
    expect(agreeUpToTies(index, g, r, r.map((h) => h.row)).sameUpToTies).toBe(true);
    const [r11] = referenceTopK(index, [g], K + 1);
    expect(agreeUpToTies(index, g, r, [...r.slice(0, K - 1).map((h) => h.row), r11[K].row]).sameUpToTies).toBe(r11[K].score === r[K - 1].score);
  });
});
