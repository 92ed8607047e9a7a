import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../shared/data';
import type { Cell } from './cells';
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

  it('edges[k-1] <= v < edges[k] is bin k, and bins have readable names', () => {
    expect([0, 7.9, 8, 16].map((v) => binOf([8], v))).toEqual([0, 0, 1, 1]);
    expect([0, 3, 5, 9, 10].map((v) => binOf([3, 5, 9], v))).toEqual([0, 1, 2, 3, 3]);
    expect(binNames([8], 0, 16)).toEqual(['< 8', '[8, 16]']);
    expect(binNames([1.23456, 5], 0, 4)).toEqual(['< 1.235', '[1.235, 5)', '≥ 5']);
    expect(binNames([], 2, 2)).toEqual(['[2, 2]']);
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
      { kind: 'set' }, { kind: 'text', vocabularyCap: 2 }, { kind: 'label' },
    ]);
    expect(cases.n).toBe(4);
    expect(cases.ids).toEqual(['a', 'b', 'c', 'd']);
    expect(cases.labels).toEqual(['A', 'B', null, 'A']);
    expect(cases.labelColumn).toBe('y');
    expect(cases.features.map((f) => [f.name, f.values])).toEqual([
      ['n', ['< 2', '[2, 9]']],
      ['colour', ['red', 'blue', 'green']],
      ['ok', ['false', 'true']],
      ['tags=y', ['absent', 'present']], // in 3 cells
      ['tags=x', ['absent', 'present']], // 1, ties by name
      ['tags=z', ['absent', 'present']],
      ['notes=cat', ['absent', 'present']], // cat, dog, the: 2 each; cap 2 keeps the first by name
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

  it('ARFF nominal values keep their declared order, including unused ones', async () => {
    const cases = await encode('@relation r\n@attribute c {lo,mid,hi}\n@data\nhi\nlo\n', [{ kind: 'categorical' }], 'n.arff');
    expect(cases.features[0].values).toEqual(['lo', 'mid', 'hi']);
    expect([...cases.x]).toEqual([2, 0]);
  });
});
