import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { collectStats, type InferOptions, inferColumns } from './infer';

const dir = mkdtempSync(join(tmpdir(), 'exemplar-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);
const DIGITS = fileURLToPath(new URL('../../../../resources/data/digits.csv', import.meta.url));

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

describe('prose, market baskets, out-of-range numbers', () => {
  it('a news story with &lt; entities and "; " between clauses is text, with the reason shown', async () => {
    const { columns, summaries } = await infer(fixture('newswire.csv'));
    expect(columns.map((c) => c.kind)).toEqual(['identifier', 'categorical', 'text']);
    expect(summaries[2].reason).toBe(
      'prose (28.8 words and 167 characters per value on average, 100% with sentence punctuation, 10 distinct); ' +
      'the ";" in 50% of values join passages of 14.7 words, not list items; the ";" in 40% of values end HTML entities such as &lt;, not list items');
    // lists stay sets: short items, even with spaces in them
    const lists = ['basket'];
    for (let i = 0; i < 12; i++) lists.push(`"olive oil; red onion; sea salt ${i}; black pepper; lemon juice"`);
    expect(await kinds(tmp('lists.csv', lists.join('\n')))).toEqual({ basket: 'set' });
  });

  it('Weka-style market baskets: one declared value and ? elsewhere read as absent, and the warning says so', async () => {
    const { columns, summaries, warnings } = await infer(fixture('supermarket.arff'));
    expect(columns[0]).toEqual({ name: 'department1', kind: 'ignored' });
    expect(summaries[0].reason).toBe('declared with one value ("t") but "?" in every row: never present');
    expect(columns[3]).toEqual({ name: 'bread and cake', kind: 'categorical', missing: 'absent' });
    expect(summaries[3].reason).toBe('declared with one value ("t") in the ARFF header and "?" in 38% of rows: market-basket data, read as "t" or absent');
    expect(columns[10]).toEqual({ name: 'total', kind: 'categorical' });
    expect(warnings).toEqual([
      '8 columns declare a single value in the ARFF header and have "?" in the other rows, as market-basket data do ' +
      '(grocery misc, baby needs, bread and cake, baking needs, juice-sat-cord-ms, tea, … (8 in all)): "?" is read as "absent" (not bought), ' +
      'not as unknown; set missing to "unknown" for them to read "?" as unknown',
    ]);
    // asked to read ? as unknown, such a column has one value and is ignored, as before
    const unknown = await infer(fixture('supermarket.arff'), { overrides: { 'b*': { missing: 'unknown' } } });
    expect(unknown.columns.slice(1, 5).map((c) => [c.name, c.kind])).toEqual(
      [['grocery misc', 'categorical'], ['baby needs', 'ignored'], ['bread and cake', 'ignored'], ['baking needs', 'ignored']]);
    expect(unknown.warnings.filter((w) => w.includes('only one value'))).toHaveLength(4); // and biscuits
    // and any column can be read that way on request, where the kind allows it
    const flags = tmp('flags.csv', 'id,flag\n1,x\n2,\n3,x\n');
    expect((await infer(flags, { overrides: { flag: { kind: 'categorical', missing: 'absent' } } })).columns[1]).toEqual(
      { name: 'flag', kind: 'categorical', missing: 'absent' }); // one value, and absent: two
    expect(await failure(fixture('constant.csv'), { overrides: { a: { kind: 'boolean', missing: 'absent' } } })).toMatch(
      /^constant\.csv:1:1: column "a" has only one value \("1"\)/); // no missing cells: still one value
    expect(await failure(fixture('supermarket.arff'), { overrides: { tea: { kind: 'numeric', missing: 'absent' } } })).toMatch(/"t" is not a number/);
    expect(await failure(tmp('absent.csv', 'a,b\n1,x\n2,\n3,y\n'), { overrides: { a: { kind: 'numeric', missing: 'absent' } } })).toBe(
      'absent.csv:1:1: missing = absent applies to categorical, boolean, set and text columns, not to numeric column "a"');
  });

  it('a number beyond the range of doubles is an error with file:line:column, never Infinity', async () => {
    expect(await failure(fixture('overflow.csv'), {})).toBe(
      'overflow.csv:3:2: "1e400" in column "x" is beyond the range of numbers (±1.8e308); write a smaller number, or leave the cell empty');
    expect(await failure(fixture('overflow.csv'), { overrides: { x: { kind: 'numeric' } } })).toBe(
      'overflow.csv:3:2: "1e400" is not a usable number (beyond ±1.8e308, the range of a double), but column "x" is set to numeric');
    // among words it is just a word
    expect(await kinds(tmp('codes.csv', 'code\nab\n1e400\ncd\nab\n'))).toEqual({ code: 'categorical' });
  });
});

describe('families of columns and images', () => {
  it('the digits\' 64 pixels get one kind and shared bins; constant and one-bin pixels are left out', async () => {
    const { columns, summaries, warnings, image } = await infer(DIGITS, { label: 'digit' });
    const numeric = columns.filter((c) => c.kind === 'numeric');
    expect(numeric).toHaveLength(56);
    expect(numeric.every((c) => c.edges?.join() === '4,12' && c.bins === undefined)).toBe(true);
    expect(columns.filter((c) => c.kind === 'ignored').map((c) => c.name)).toEqual(
      ['px_0_0', 'px_1_0', 'px_2_0', 'px_3_0', 'px_3_7', 'px_4_0', 'px_4_7', 'px_7_0']);
    expect(summaries[1].reason).toBe(
      'one of 64 columns px_#_# (numbers from 0 to 16), in 3 bins shared by the family (quantile edges of its 115008 values): < 4 | [4, 12) | [12, 16]');
    expect(summaries[24].reason).toBe("one of 64 columns px_#_# (numbers from 0 to 16), but all its values fall in one of the family's bins (< 4)");
    expect(warnings).toEqual([
      "5 columns of px_#_# put every value in one of the family's bins and are ignored: px_1_0, px_2_0, px_3_0, px_3_7, px_7_0",
      'column "px_0_0" has only one value ("0") and is ignored',
      'column "px_4_0" has only one value ("0") and is ignored',
      'column "px_4_7" has only one value ("0") and is ignored',
    ]);
    // the names number an 8 × 8 grid: the cases are pictures, and each pixel knows its place
    expect(image?.rows).toBe(8);
    expect(image?.cols).toBe(8);
    expect(image?.columns[8 * 3 + 5]).toBe('px_3_5');
    expect(columns[8 * 3 + 5].pixel).toEqual({ row: 3, col: 5 });
    expect(columns[64]).toEqual({ name: 'digit', kind: 'label' });
  });

  it('a family of few values is categorical throughout, however each column looks alone', async () => {
    const { columns, summaries } = await infer(fixture('bars.csv'));
    expect(new Set(columns.slice(0, 16).map((c) => c.kind))).toEqual(new Set(['categorical']));
    expect(summaries[0].reason).toBe('one of 16 columns img_#_# (numbers from 0 to 16): whole numbers with only 7 distinct values in the whole family');
  });

  it('columns named alike on different scales are not a family', async () => {
    const rows = ['score_1,score_2,score_3,score_4'];
    for (let i = 0; i < 30; i++) rows.push([i * 3.3, (i % 6) * 0.9, i * 3.1, (i % 5) * 1.1].map((v) => v.toFixed(1)).join(','));
    const { summaries } = await infer(tmp('scales.csv', rows.join('\n')));
    expect(summaries.every((s) => !s.reason.startsWith('one of'))).toBe(true);
  });

  it('an image shape can be declared: by a family of that size, or the columns besides the label', async () => {
    const flat = await infer(fixture('bars-flat.csv'), { image: { rows: 4, cols: 4 } });
    expect(flat.image?.columns).toEqual(Array.from({ length: 16 }, (_, k) => `pixel${k}`));
    expect(flat.columns[5].pixel).toEqual({ row: 1, col: 0 });
    expect((await infer(fixture('bars-flat.csv'))).image).toBeNull(); // pixel0 … pixel15 alone say no shape
    const none = await infer(fixture('bars.csv'), { image: false });
    expect(none.image).toBeNull();
    expect(none.columns.some((c) => c.pixel !== undefined)).toBe(false);
    // positions handed back with the specs are kept (a re-import), unless the image is turned off
    const flatSpecs = Object.fromEntries(flat.columns.map((c) => [c.name, c]));
    expect((await infer(fixture('bars-flat.csv'), { overrides: flatSpecs })).image).toEqual(flat.image);
    const off = await infer(fixture('bars-flat.csv'), { overrides: flatSpecs, image: false });
    expect(off.columns.some((c) => c.pixel !== undefined)).toBe(false);
    expect(await failure(fixture('bars-flat.csv'), { image: { rows: 8, cols: 8 } })).toBe(
      'bars-flat.csv: an image of 8x8 needs 64 pixel columns, but no group of columns has that many (found 16 columns named pixel#; 17 columns besides the label and identifier)');
    expect(await failure(fixture('bars.csv'), { image: { rows: 2.5, cols: 4 } })).toBe('bars.csv: an image shape is whole numbers of rows and columns, not 2.5x4');
  });
});

describe('overrides and label', () => {
  it('label and exact overrides win; globs apply; exact beats glob', async () => {
    const path = tmp('ov.csv', 'px_1,px_2,px_3,y\n0,16,3,a\n9,2,3,b\n4,5,3,a\n');
    const { columns, warnings } = await infer(path, {
      label: 'y',
      overrides: { 'px_*': { kind: 'numeric', edges: [8] }, px_2: { kind: 'categorical' } },
    });
    expect(columns).toEqual([
      { name: 'px_1', kind: 'numeric', edges: [8] },
      { name: 'px_2', kind: 'categorical', edges: [8] },
      { name: 'px_3', kind: 'ignored' },
      { name: 'y', kind: 'label' },
    ]);
    expect(warnings).toEqual(['column "px_3" has only one value ("3") and is ignored (override "px_*" asked for numeric)']);
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

  it('an unknown label column is an error naming the file, no line, and the nearest columns', async () => {
    expect(await failure(fixture('constant.csv'), { label: 'klass' })).toBe('constant.csv: label column "klass" is not in the file; the columns are "a", "b"');
    expect(await failure(DIGITS, { label: 'digt' })).toBe('digits.csv: label column "digt" is not in the file; did you mean "digit"?');
    expect(await failure(DIGITS, { label: 'Digit' })).toBe('digits.csv: label column "Digit" is not in the file; did you mean "digit"?');
  });

  it('a kind set for a column that does not exist is an error, not silently ignored', async () => {
    expect(await failure(DIGITS, { overrides: { foo: { kind: 'numeric' } } })).toBe(
      'digits.csv: there is no column "foo" (kind numeric was set for it); the columns are "px_0_0", "px_0_1", "px_0_2", "px_0_3", "px_0_4", "px_0_5", "px_0_6", "px_0_7", "px_1_0", "px_1_1", "px_1_2", "px_1_3", … (65 in all)');
    expect(await failure(DIGITS, { overrides: { px_1_8: { kind: 'numeric' } } })).toBe(
      'digits.csv: there is no column "px_1_8" (kind numeric was set for it); did you mean "px_1_0", "px_1_1" or "px_1_2"?');
    expect(await failure(DIGITS, { overrides: { 'pix_*': { kind: 'numeric', edges: [8] } } })).toBe(
      'digits.csv: no column matches "pix_*" (kind numeric was set for it); did you mean "px_0_0", "px_0_1" or "px_0_2"?');
    expect(await failure(DIGITS, { overrides: { 'zzz*': { bins: 3 } } })).toMatch(/^digits\.csv: no column matches "zzz\*" \(options bins was set for it\); the columns are "px_0_0", /);
  });
});
