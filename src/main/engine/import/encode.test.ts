import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../shared/data';
import type { Cell } from './cells';
import { quantileEdgesOfHistogram } from './bins';
import { binNames, binOf, encodeTable, quantileEdges } from './encode';
import { collectStats } from './infer';

const dir = mkdtempSync(join(tmpdir(), 'exemplar-encode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tmp(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Encode `content` with the given kinds (one spec per column, in order). */
async function encode(content: string, specs: Omit<ColumnSpec, 'name'>[], name = 'e.csv') {
  const path = tmp(name, content);
  const stats = await collectStats(path);
  return encodeTable(stats, specs.map((s, k) => ({ ...s, name: stats.header.columns[k] })));
}

/** Rows of x, indexed by <case, feature>. */
function rows(x: Int32Array, width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < x.length; i += width) out.push([...x.subarray(i, i + width)]);
  return out;
}

describe('bins', () => {
  it('quantile edges are de-duplicated and above the minimum, so no bin is empty', () => {
    expect(quantileEdges(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 5)).toEqual([3, 5, 7, 9]);
    expect(quantileEdges(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 5, 9]), 5)).toEqual([5]);
    expect(quantileEdges(Float64Array.from([2, 2, 2]), 5)).toEqual([]);
  });

  it('when ties leave no edge, the minimum gets a bin of its own rather than the column one bin', () => {
    // px_0_7 of the digits: mostly 0, a few values up to 15; 5 quantile bins would all be 0
    const sorted = Float64Array.from([...new Array(95).fill(0), 1, 3, 3, 9, 15]);
    expect(quantileEdges(sorted, 5)).toEqual([1]);
    expect(binNames([1], 0, 15, true)).toEqual(['0', '[1, 15]']);
  });

  it('edges from a histogram are the edges of the sorted values', () => {
    // deterministic pseudo-random integers with many ties (a Lehmer generator; no Math.random in tests either)
    let seed = 12345;
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + (trial * 37) % 400;
      const range = 1 + (trial % 7) * 3;
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        seed = (seed * 48271) % 2147483647;
        xs.push(seed % range === 0 ? 0 : seed % range); // extra zeros, as image borders have
      }
      const sorted = Float64Array.from(xs).sort();
      const counts = new Map<number, number>();
      for (const x of sorted) counts.set(x, (counts.get(x) ?? 0) + 1);
      const values = Float64Array.from(counts.keys());
      for (const bins of [2, 3, 5, 10]) {
        expect(quantileEdgesOfHistogram(values, Float64Array.from(counts.values()), bins)).toEqual(quantileEdges(sorted, bins));
      }
    }
  });

  it('edges[k-1] <= v < edges[k] is bin k, and bins have readable names', () => {
    expect([0, 7.9, 8, 16].map((v) => binOf([8], v))).toEqual([0, 0, 1, 1]);
    expect([0, 3, 5, 9, 10].map((v) => binOf([3, 5, 9], v))).toEqual([0, 1, 2, 3, 3]);
    expect(binNames([8], 0, 16)).toEqual(['< 8', '[8, 16]']);
    expect(binNames([1.23456, 5], 0, 4)).toEqual(['< 1.235', '[1.235, 5)', '≥ 5']);
    expect(binNames([], 2, 2)).toEqual(['2']);
    // a bin that holds one value is named by it
    expect(binNames([4, 12, 16], 0, 16)).toEqual(['< 4', '[4, 12)', '[12, 16)', '16']);
    expect(binNames([1, 5, 6], 0, 9, true)).toEqual(['0', '[1, 5)', '5', '[6, 9]']);
    expect(binNames([1, 5, 6], 0, 9, false)).toEqual(['< 1', '[1, 5)', '[5, 6)', '[6, 9]']);
  });
});

describe('encodeTable', () => {
  it('encodes every kind; missing stays -1', async () => {
    const csv = [
      'id,n,colour,ok,tags,notes,y',
      'a,1,red,yes,x;y,The cat sat,A',
      'b,2,blue,No,y,the dog,B',
      'c,,red,,,,',
      'd,9,green,TRUE,y;z;y,Cat and dog,A',
    ].join('\n');
    const cases = await encode(csv, [
      { kind: 'identifier' }, { kind: 'numeric', edges: [2] }, { kind: 'categorical' }, { kind: 'boolean' },
      { kind: 'set' }, { kind: 'text', vocabularyCap: 2, maxDf: 1 }, { kind: 'label' },
    ]);
    expect(cases.n).toBe(4);
    expect(cases.ids).toEqual(['a', 'b', 'c', 'd']);
    expect(cases.labels).toEqual(['A', 'B', null, 'A']);
    expect(cases.labelColumn).toBe('y');
    expect(cases.features.map((f) => [f.name, f.values])).toEqual([
      ['n', ['1', '[2, 9]']], // whole numbers: the bin [1, 2) holds only 1
      ['colour', ['red', 'blue', 'green']],
      ['ok', ['false', 'true']],
      ['tags=y', ['absent', 'present']], // in 3 cells
      ['tags=x', ['absent', 'present']], // 1, ties by name
      ['tags=z', ['absent', 'present']],
      ['notes=cat', ['absent', 'present']], // cat, dog: 2 each (the, and: stop words); cap 2 keeps the first by name
      ['notes=dog', ['absent', 'present']],
    ]);
    expect(cases.features[0].edges).toEqual([2]);
    expect(cases.features[3]).toMatchObject({ column: 'tags', item: 'y' });
    expect(rows(cases.x, 8)).toEqual([
      [0, 0, 1, 1, 1, 0, 1, 0],
      [1, 1, 0, 1, 0, 0, 0, 1],
      [-1, 0, -1, -1, -1, -1, -1, -1],
      [1, 2, 1, 1, 0, 1, 1, 1],
    ]);
  });

  it('quantile bins by default; vectors as a Float32 block; onRow sees every raw row', async () => {
    const lines = ['v,emb'];
    for (let i = 0; i < 10; i++) lines.push(`${i + 1},"${i};${i * 2}"`);
    lines.push(',');
    const path = tmp('v.csv', lines.join('\n'));
    const stats = await collectStats(path);
    const seen: [number, Cell[]][] = [];
    const cases = await encodeTable(stats, [{ name: 'v', kind: 'numeric' }, { name: 'emb', kind: 'vector' }], {
      onRow: (row, cells) => seen.push([row, [...cells]]),
    });
    expect(cases.features[0].edges).toEqual([3, 5, 7, 9]);
    expect([...cases.x]).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, -1]);
    expect(cases.vectors).toHaveLength(1);
    const { dim, data } = cases.vectors[0];
    expect(dim).toBe(2);
    expect([...data.subarray(2, 4)]).toEqual([1, 2]);
    expect(Number.isNaN(data[20])).toBe(true);
    expect(seen).toHaveLength(11);
    expect(seen[1]).toEqual([1, ['2', '1;2']]);
  });

  it('a vector of the wrong size is an error naming line and column', async () => {
    await expect(encode('id,emb\na,"[1,2,3]"\nb,"[4,5]"\n', [{ kind: 'identifier' }, { kind: 'vector' }], 'vec.csv')).rejects.toThrow(
      'vec.csv:3:2: expected a vector of 3 numbers (as on line 2) but found 2');
  });

  it('missing = absent: an empty cell is a value (categorical), false (boolean), nothing in the list (set, text)', async () => {
    const csv = 'c,b,s,t\nx,yes,p;q,big red apple\n,,,\ny,no,q,red apple pie\n';
    const cases = await encode(csv, [
      { kind: 'categorical', missing: 'absent' }, { kind: 'boolean', missing: 'absent' }, { kind: 'set', missing: 'absent' },
      { kind: 'text', missing: 'absent', minDf: 1, maxDf: 1 },
    ]);
    expect(cases.features.map((f) => f.name)).toEqual(['c', 'b', 's=q', 's=p', 't=apple', 't=red', 't=big', 't=pie']);
    expect(cases.features[0].values).toEqual(['absent', 'x', 'y']);
    expect(rows(cases.x, 8)).toEqual([
      [1, 1, 1, 1, 1, 1, 1, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
      [2, 0, 1, 0, 1, 1, 0, 1],
    ]);
    // a real value called "absent" keeps its name; the extra value steps aside
    const named = await encode('c,n\nabsent,1\n,2\npresent,3\n', [{ kind: 'categorical', missing: 'absent' }, { kind: 'ignored' }], 'named.csv');
    expect(named.features[0].values).toEqual(['(absent)', 'absent', 'present']);
    expect([...named.x]).toEqual([1, 0, 2]);
  });

  it('text: stop words out by default, or as asked', async () => {
    const csv = 'notes\nThe cat and the dog\nThe dog and the bird\nThe cat sat\n';
    const vocab = async (spec: Partial<ColumnSpec>) => (await encode(csv, [{ kind: 'text', minDf: 1, maxDf: 1, ...spec }])).features.map((f) => f.item);
    expect(await vocab({})).toEqual(['cat', 'dog', 'bird', 'sat']);
    expect(await vocab({ stopWords: 'none' })).toEqual(['the', 'and', 'cat', 'dog', 'bird', 'sat']);
    expect(await vocab({ stopWords: ['cat', 'THE'] })).toEqual(['and', 'dog', 'bird', 'sat']);
  });

  it('ARFF nominal values keep their declared order, including unused ones', async () => {
    const cases = await encode('@relation r\n@attribute c {lo,mid,hi}\n@data\nhi\nlo\n', [{ kind: 'categorical' }], 'n.arff');
    expect(cases.features[0].values).toEqual(['lo', 'mid', 'hi']);
    expect([...cases.x]).toEqual([2, 0]);
  });
});
