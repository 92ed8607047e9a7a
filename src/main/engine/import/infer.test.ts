import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { collectStats, type InferOptions, inferColumns } from './infer';

const dir = mkdtempSync(join(tmpdir(), 'exemplar-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);

function tmp(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function infer(path: string, options: InferOptions = {}) {
  return inferColumns(await collectStats(path), options);
}

async function kinds(path: string, options: InferOptions = {}): Promise<Record<string, string>> {
  const { columns } = await infer(path, options);
  return Object.fromEntries(columns.map((c) => [c.name, c.kind]));
}

async function failure(path: string, options: InferOptions): Promise<string> {
  const run = infer(path, options);
  await expect(run).rejects.toBeInstanceOf(ImportError);
  return run.catch((e: Error) => e.message) as Promise<string>;
}

describe('inference rules', () => {
  it('picks boolean, numeric, categorical, set, text, identifier and vector', async () => {
    const rows = ['id,flag,score,level,codes,tags,review,emb,pair'];
    for (let i = 0; i < 40; i++) {
      rows.push([
        `r${i}`,
        ['Yes', 'no', 'Y', 'N'][i % 4],
        (i * 1.37).toFixed(2),
        String(i % 3),
        String((i % 5) * 10),
        i % 4 === 0 ? 'solo' : `a|b${i % 3}`,
        `"this is review number ${i} and it is long enough"`,
        `"${i};${i + 1};${i + 2}"`,
        i % 2 ? '2' : '5',
      ].join(','));
    }
    const { columns, summaries } = await infer(tmp('mix.csv', rows.join('\n')));
    expect(Object.fromEntries(columns.map((c) => [c.name, c.kind]))).toEqual({
      id: 'identifier', flag: 'boolean', score: 'numeric', level: 'categorical', codes: 'categorical',
      tags: 'set', review: 'text', emb: 'vector', pair: 'categorical',
    });
    expect(columns.find((c) => c.name === 'tags')?.delimiter).toBe('|');
    expect(columns.find((c) => c.name === 'score')?.bins).toBe(5);
    const level = summaries.find((s) => s.name === 'level');
    expect(level).toMatchObject({ distinct: 3, missing: 0, examples: ['0', '1', '2'], reason: 'whole numbers with only 3 distinct values' });
  });

  it('ignores a constant column with a warning, and an all-missing one; never guesses a label', async () => {
    const { columns, summaries, warnings } = await infer(fixture('constant.csv'));
    expect(columns[0]).toEqual({ name: 'a', kind: 'ignored' });
    expect(summaries[0].reason).toBe('only one value ("1")');
    expect(warnings).toEqual(['column "a" has only one value ("1") and is ignored']);
    expect(await kinds(tmp('allmissing.csv', 'a,type\n,x\nNA,y\n?,x\n'))).toEqual({ a: 'ignored', type: 'categorical' });
  });

  it('a second all-distinct column is ignored: one identifier names the cases', async () => {
    expect(await kinds(tmp('two.csv', 'name,code\nalpha,x1\nbeta,x2\ngamma,x3\n'))).toEqual({ name: 'identifier', code: 'ignored' });
  });

  it('JSON Lines: a key first seen late counts as missing on earlier rows', async () => {
    const { summaries } = await infer(fixture('sample.jsonl'));
    expect(summaries.map((s) => [s.name, s.kind, s.missing])).toEqual([
      ['id', 'identifier', 0], ['n', 'categorical', 1], ['ok', 'boolean', 0], ['note', 'ignored', 2],
    ]);
  });
});

describe('overrides and label', () => {
  it('label and exact overrides win; globs apply; exact beats glob', async () => {
    const path = tmp('ov.csv', 'px_1,px_2,px_3,y\n0,16,3,a\n9,2,3,b\n4,5,3,a\n');
    const { columns, warnings } = await infer(path, {
      label: 'y',
      overrides: { 'px_*': { kind: 'numeric', edges: [8] }, px_2: { kind: 'categorical' }, 'q*': { kind: 'text' } },
    });
    expect(columns).toEqual([
      { name: 'px_1', kind: 'numeric', edges: [8] },
      { name: 'px_2', kind: 'categorical', edges: [8] },
      { name: 'px_3', kind: 'ignored' },
      { name: 'y', kind: 'label' },
    ]);
    expect(warnings).toEqual([
      'override "q*" matches no column',
      'column "px_3" has only one value ("3") and is ignored (override "px_*" asked for numeric)',
    ]);
  });

  it('a column explicitly asked to be modelled that has one value is an error', async () => {
    expect(await failure(fixture('constant.csv'), { overrides: { a: { kind: 'numeric' } } })).toBe(
      'constant.csv:1:1: column "a" has only one value ("1"), so it cannot be modelled as numeric; set it to ignored or choose another column');
  });

  it('values contradicting a requested kind point at the first bad cell', async () => {
    const path = tmp('kind.csv', 'a,b\n1,yes\n2,no\nthree,maybe\n');
    expect(await failure(path, { overrides: { a: { kind: 'numeric' } } })).toBe('kind.csv:4:1: "three" is not a number, but column "a" is set to numeric');
    expect(await failure(path, { overrides: { b: { kind: 'boolean' } } })).toBe(
      'kind.csv:4:2: "maybe" is not true/false, yes/no or 1/0, but column "b" is set to boolean');
    expect(await failure(fixture('vector-dim.csv'), { overrides: { emb: { kind: 'vector' } } })).toBe(
      'vector-dim.csv:4:2: expected a vector of 3 numbers (as on line 2) but found 2, in column "emb"');
    expect(await failure(tmp('edges.csv', 'x,a\nu,1\nv,2\n'), { overrides: { 'a*': { kind: 'numeric', edges: [3, 2] } } })).toMatch(/^edges\.csv:1:2: bin edges for "a" must be finite and strictly ascending/);
  });

  it('an unknown label column is an error', async () => {
    expect(await failure(fixture('constant.csv'), { label: 'klass' })).toBe('constant.csv:1:klass: label column "klass" is not in the file (columns: a, b)');
  });
});
