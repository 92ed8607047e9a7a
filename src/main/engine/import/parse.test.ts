import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cell } from './cells';
import { sniffDelimiter } from './csv';
import { ImportError } from './errors';
import { type ReadOptions, readTable, scanTable } from './parse';
import { MAX_FIELD, type TableHeader } from './table';

const dir = mkdtempSync(join(tmpdir(), 'exemplar-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);
const DATA = fileURLToPath(new URL('../../../../resources/data', import.meta.url));

function tmp(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function read(path: string, options: ReadOptions = {}): Promise<{ header: TableHeader; rows: { line: number; cells: Cell[] }[] }> {
  const rows: { line: number; cells: Cell[] }[] = [];
  const { header } = await scanTable(path, { onRow: (cells, line) => rows.push({ line, cells: [...cells] }) }, options);
  return { header, rows };
}

/** The ImportError message a read of `path` fails with. */
async function failure(path: string, options: ReadOptions = {}): Promise<string> {
  try {
    await read(path, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error(`expected ${path} to fail`);
}

// every structural case is also read one byte (and three bytes) at a time, to cross every chunk boundary
const CHUNKS = [undefined, 1, 3];

describe('CSV (RFC 4180)', () => {
  it.each(CHUNKS)('reads quoted delimiters, doubled quotes, quoted newlines and CRLF (chunk %s)', async (chunkSize) => {
    const path = tmp('rfc.csv', 'name,note,n\r\n"Smith, J","said ""hi""",1\r\n"multi\r\nline\nfield",x,2\r\nplain,"",3\r\n');
    const { header, rows } = await read(path, { chunkSize });
    expect(header.columns).toEqual(['name', 'note', 'n']);
    expect(header.delimiter).toBe(',');
    expect(rows).toEqual([
      { line: 2, cells: ['Smith, J', 'said "hi"', '1'] },
      { line: 3, cells: ['multi\r\nline\nfield', 'x', '2'] },
      { line: 6, cells: ['plain', null, '3'] },
    ]);
  });

  it.each(CHUNKS)('strips a UTF-8 BOM and keeps multi-byte characters whole (chunk %s)', async (chunkSize) => {
    const path = tmp('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('größe,ville\n1,Zürich\n2,東京')]));
    const { header, rows } = await read(path, { chunkSize });
    expect(header.columns).toEqual(['größe', 'ville']);
    expect(rows.map((r) => r.cells)).toEqual([['1', 'Zürich'], ['2', '東京']]);
  });

  it('treats empty cells, ?, NA, N/A and null (any case) as missing, and skips blank lines', async () => {
    const path = tmp('missing.csv', 'a,b,c,d,e,f\n,?,NA,n/a,NULL,na\n\nx, y ,NaN,?x,"",nil\n\n');
    const { rows } = await read(path);
    expect(rows).toEqual([
      { line: 2, cells: [null, null, null, null, null, null] },
      { line: 4, cells: ['x', 'y', 'NaN', '?x', null, 'nil'] },
    ]);
  });

  it('keeps a quote inside an unquoted field as a literal character', async () => {
    const { rows } = await read(tmp('inner.csv', 'a,b\nab"c,5" tall\n'));
    expect(rows[0].cells).toEqual(['ab"c', '5" tall']);
  });

  it('skips spaces after a closing quote, but not other characters', async () => {
    const { rows } = await read(tmp('sp.csv', 'a,b\n"x" ,"y"\t\n"p q"  ,r'));
    expect(rows.map((r) => r.cells)).toEqual([['x', 'y'], ['p q', 'r']]);
    expect(await failure(tmp('sp2.csv', 'a,b\n"x" z,1\n'))).toMatch(/^sp2\.csv:2:1: unexpected "z" after the closing quote/);
  });

  it('reads a last line without a newline and a trailing empty field', async () => {
    const { rows } = await read(tmp('tail.csv', 'a,b\n1,\n2,x'));
    expect(rows).toEqual([{ line: 2, cells: ['1', null] }, { line: 3, cells: ['2', 'x'] }]);
  });

  it('reads TSV by extension, and sniffs ; and | delimiters', async () => {
    expect((await read(tmp('t.tsv', 'a\tb\n1,5\t2\n'))).rows[0].cells).toEqual(['1,5', '2']);
    expect((await read(tmp('eu.csv', 'a;b;c\n1,5;2,25;x\n3;4;y\n'))).header.delimiter).toBe(';');
    expect((await read(tmp('pipe.txt', 'a|b\n1|2\n'))).header.delimiter).toBe('|');
  });

  it('sniffs by consistent field counts, not raw frequency: recipes.csv has many ; inside a , field', async () => {
    const { header, rows } = await read(`${DATA}/recipes.csv`);
    expect(header.delimiter).toBe(',');
    expect(header.columns).toEqual(['recipe', 'ingredients']);
    expect(rows).toHaveLength(56);
    expect(rows[0].cells[1]).toMatch(/^avocado;coriander;/);
    // a quoted delimiter in the sample does not fool it either
    expect(sniffDelimiter('a;b\n"x;y";2\n"p;q;r";3\n', true)).toBe(';');
    expect(sniffDelimiter('one\nvalue\n', true)).toBe(',');
  });

  it('sniffs the format of an unknown extension', async () => {
    expect((await read(tmp('x.data', '{"a":1}\n'))).header.format).toBe('jsonl');
    expect((await read(tmp('y.data', '% c\n@relation r\n@attribute a numeric\n@data\n1\n'))).header.format).toBe('arff');
    expect((await read(tmp('z.data', 'a\tb\n1\t2\n'))).header.delimiter).toBe('\t');
  });
});

describe('bad input: one ImportError naming file:line:column', () => {
  it('ragged rows say expected vs found', async () => {
    expect(await failure(fixture('ragged.csv'))).toBe('ragged.csv:3:3: expected 3 fields (as in the header) but found 2 (delimiter ",")');
    expect(await failure(fixture('ragged-long.csv'))).toBe('ragged-long.csv:3:4: expected 3 fields (as in the header) but found 4 (delimiter ",")');
  });

  it('a ragged row after a quoted newline names the row line', async () => {
    const msg = await failure(tmp('ragged-q.csv', 'a,b\n"x\ny",1\n2\n'));
    expect(msg).toMatch(/^ragged-q\.csv:4:2: expected 2 fields/);
  });

  it.each(CHUNKS)('an unterminated quote names the line it opened on (chunk %s)', async (chunkSize) => {
    expect(await failure(fixture('unterminated.csv'), { chunkSize })).toBe(
      'unterminated.csv:3:2: unterminated quoted field (opened at line 3): the file ends inside quotes');
  });

  it('a character after a closing quote is an error', async () => {
    expect(await failure(fixture('stray-quote.csv'))).toBe(
      'stray-quote.csv:3:1: unexpected "c" after the closing quote of a quoted field; inside quotes write a quote as "" (doubled)');
  });

  it.each(CHUNKS)('invalid UTF-8 names the line and says to save as UTF-8 (chunk %s)', async (chunkSize) => {
    const msg = await failure(fixture('latin1.csv'), { chunkSize });
    expect(msg).toMatch(/^latin1\.csv:2:4: invalid UTF-8 \(byte 0xFC at byte 4 of the line\): .*Save it as UTF-8/);
  });

  it('invalid UTF-8 far into a file, past the first chunk', async () => {
    const good = 'a,b\n' + 'x,y\n'.repeat(50_000);
    const path = tmp('late.csv', Buffer.concat([Buffer.from(good), Buffer.from('ok,caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(await failure(path)).toMatch(/^late\.csv:50002:7: invalid UTF-8 \(byte 0xE9/);
  });

  it('a file cut inside a multi-byte character', async () => {
    const msg = await failure(tmp('cut.csv', Buffer.concat([Buffer.from('a\nb\nc'), Buffer.from([0xe2, 0x82])])));
    expect(msg).toMatch(/^cut\.csv:3:2: invalid UTF-8: the file ends in the middle of a character/);
  });

  it('an empty file, a blank file and a header-only file', async () => {
    expect(await failure(fixture('empty.csv'))).toBe('empty.csv:1:1: the file is empty: expected a header line with column names');
    expect(await failure(tmp('blank.csv', '\n\n'))).toBe('blank.csv:1:1: the file is empty: expected a header line with column names');
    expect(await failure(fixture('header-only.csv'))).toBe('header-only.csv:2:1: no cases: the file has a header (line 1) but no data rows');
  });

  it('duplicate header names', async () => {
    expect(await failure(fixture('duplicate.csv'))).toBe(
      'duplicate.csv:1:3: duplicate column name "a" (also column 1); column names must be unique');
  });

  it('an unknown ARFF type', async () => {
    expect(await failure(fixture('unknown-type.arff'))).toBe(
      'unknown-type.arff:4:2: unknown ARFF type "blob" for attribute "b": expected numeric, real, integer, string, date or {nominal values}');
  });

  it('ARFF values that contradict their declaration, wrong counts, no @data, sparse rows', async () => {
    const head = '@relation r\n@attribute a numeric\n@attribute b {x,y}\n@data\n';
    expect(await failure(tmp('num.arff', head + '1,x\nabc,y\n'))).toMatch(/^num\.arff:6:1: "abc" is not a number/);
    expect(await failure(tmp('nom.arff', head + '1,z\n'))).toBe('nom.arff:5:2: "z" is not one of the values declared for "b": {x,y}');
    expect(await failure(tmp('cnt.arff', head + '1,x,3\n'))).toBe('cnt.arff:5:3: expected 2 values (one per @attribute) but found 3');
    expect(await failure(tmp('nodata.arff', '@relation r\n@attribute a numeric\n'))).toMatch(/^nodata\.arff:3:1: no @data section/);
    expect(await failure(tmp('sparse.arff', head + '{0 1, 1 x}\n'))).toMatch(/^sparse\.arff:5:1: sparse ARFF rows/);
    expect(await failure(tmp('ho.arff', head))).toBe('ho.arff:5:1: no cases: the file has a header (line 4) but no data rows');
  });

  it('JSON Lines: nested values, non-objects and invalid JSON', async () => {
    expect(await failure(fixture('nested.jsonl'))).toBe('nested.jsonl:2:2: nested value in "b" (an object): flatten it into top-level keys first');
    expect(await failure(tmp('arr.jsonl', '{"a":1}\n[1,2]\n'))).toBe('arr.jsonl:2:1: expected one JSON object per line, found an array');
    expect(await failure(tmp('bad.jsonl', '{"a":1}\n\n{"a":\n'))).toMatch(/^bad\.jsonl:3:1: invalid JSON: /);
  });
});

describe('importer edges found by fuzzing: each a fixture with its exact message', () => {
  it.each(CHUNKS)('an unquoted field, a record and a field count over the limits stop with file:line:field (chunk %s)', async (chunkSize) => {
    expect(await failure(fixture('long-field.csv'), { chunkSize, limits: { maxField: 64 } })).toBe(
      'long-field.csv:3:2: field longer than 64 characters: this is not a table cell (a binary file, or the wrong delimiter?)');
    expect(await failure(fixture('long-record.csv'), { chunkSize, limits: { maxLine: 40 } })).toBe(
      'long-record.csv:3:4: record longer than 40 characters: this is not a table row (a binary file, or lost line endings?)');
    expect(await failure(fixture('long-record.csv'), { chunkSize, limits: { maxFields: 4 } })).toBe('long-record.csv:1:5: more than 4 fields in one record');
  });

  it.each(CHUNKS)('a JSON Lines or ARFF line over the limit names its line and the character where it passed it (chunk %s)', async (chunkSize) => {
    expect(await failure(fixture('long-line.jsonl'), { chunkSize, limits: { maxLine: 100 } })).toBe(
      'long-line.jsonl:2:101: the line is longer than 100 characters: this is not a table row (a binary file, or lost line endings?)');
    expect(await failure(fixture('escapes.arff'), { chunkSize, limits: { maxLine: 60 } })).toBe(
      'escapes.arff:1:61: the line is longer than 60 characters: this is not a table row (a binary file, or lost line endings?)');
  });

  it('the default field limit holds without building the giant string first', async () => {
    // one field of 3 × MAX_FIELD characters: the parser stops when the next piece would pass the limit,
    // having held at most MAX_FIELD of them (planted bug, checking after appending the whole field: red)
    const big = Buffer.alloc(3 * MAX_FIELD, 'x');
    const path = tmp('huge.csv', Buffer.concat([Buffer.from('a,b\n1,'), big, Buffer.from('\n')]));
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const msg = await failure(path, { onProgress: () => { peak = Math.max(peak, process.memoryUsage().heapUsed); } });
    expect(msg).toBe(`huge.csv:2:2: field longer than ${MAX_FIELD} characters: this is not a table cell (a binary file, or the wrong delimiter?)`);
    // the field is one-byte text: MAX_FIELD characters cost about MAX_FIELD bytes
    expect(peak - before).toBeLessThan(2 * MAX_FIELD);
  });

  it('lines ending in a bare CR are named, with the line and character of the first', async () => {
    expect(await failure(fixture('bare-cr.csv'))).toBe(
      'bare-cr.csv:1:10: lines end with a bare CR (carriage return without line feed, as in files from classic Mac OS), so the file reads as one long line; save it with LF or CRLF line endings and import it again');
    expect(await failure(fixture('bare-cr-rows.csv'))).toMatch(/^bare-cr-rows\.csv:2:6: lines end with a bare CR /);
    // a CR inside a quoted field of a normal file is data, and CRLF files are fine
    const { rows } = await read(tmp('cr-in-quotes.csv', 'a,b\n"x\ry",1\n"p",2\r\n"u\rv\rw",3\n"\r\r\r",4\n'));
    expect(rows.map((r) => r.cells)).toEqual([['x\ry', '1'], ['p', '2'], ['u\rv\rw', '3'], [null, '4']]);
  });

  it('a NUL, a control character or a byte-order mark in a column name is an error', async () => {
    expect(await failure(fixture('nul-header.csv'))).toBe(
      'nul-header.csv:1:2: the name of column 2 contains a NUL character (U+0000) at character 3: the file may be binary, or UTF-16 rather than UTF-8');
    expect(await failure(fixture('bom-header.csv'))).toBe(
      'bom-header.csv:1:2: the name of column 2 contains a byte-order mark (U+FEFF) at character 1, as when files are joined together; remove it');
    // the BOM that starts a file is dropped; a second one (two files joined, or saved twice) is not
    expect(await failure(tmp('bom2.csv', '\ufeff\ufeffa,b\n1,2\n'))).toMatch(/^bom2\.csv:1:1: the name of column 1 contains a byte-order mark/);
    expect(await failure(tmp('ctl.arff', '@relation r\n@attribute a\u0001b numeric\n@data\n1\n'))).toBe(
      'ctl.arff:2:1: the name of column 1 contains a control character (U+0001) at character 2');
    expect(await failure(tmp('nul.jsonl', '{"a\\u0000": 1}\n'))).toMatch(/^nul\.jsonl:1:1: the name of column 1 contains a NUL character/);
  });

  it('a number beyond the range of doubles in an ARFF numeric attribute is an error, not Infinity', async () => {
    expect(await failure(fixture('overflow.arff'))).toBe('overflow.arff:5:1: "-1e999" is beyond the range of numbers (±1.8e308), but attribute "x" is numeric');
  });

  it('ARFF rows written on the @data line itself are read', async () => {
    const { header, rows } = await read(fixture('data-line.arff'));
    expect(header.line).toBe(4);
    expect(rows).toEqual([{ line: 4, cells: ['1', 'x'] }, { line: 5, cells: ['2', 'y'] }]);
  });
});

describe('ARFF', () => {
  it('reads vote.arff: 17 nominal attributes with ? as missing', async () => {
    const { header, rows } = await read(`${DATA}/vote.arff`);
    expect(header.format).toBe('arff');
    expect(header.columns).toHaveLength(17);
    expect(header.columns[16]).toBe('Class');
    expect(header.hints[0]).toEqual({ type: 'nominal', values: ['n', 'y'] });
    expect(header.hints[16]).toEqual({ type: 'nominal', values: ['democrat', 'republican'] });
    expect(rows).toHaveLength(435);
    expect(rows[0].cells[10]).toBeNull();
    expect(rows[0].cells[16]).toBe('republican');
    expect(rows[0].line).toBe(header.line + 1);
  });

  it('decodes escapes in quoted values and reads % as a comment outside quotes, as Weka does', async () => {
    const { header, rows } = await read(fixture('escapes.arff'));
    expect(header.columns).toEqual(['id', 'note', 'level']);
    expect(header.hints[2]).toEqual({ type: 'nominal', values: ['low', 'very high', '50%'] });
    expect(rows.map((r) => r.cells)).toEqual([
      ['1', 'first line\nsecond line', 'low'],
      ['2', 'tab\there, it\'s "quoted"', 'very high'],
      ['3', 'a backslash \\ and 100% sure', '50%'],
      ['4', 'double "quotes" and a % inside', 'low'],
    ]);
  });

  it('a comment after a nominal declaration no longer hides its closing brace', async () => {
    const { header } = await read(fixture('supermarket.arff'));
    expect(header.hints[10]).toEqual({ type: 'nominal', values: ['low', 'high'] });
    expect(header.hints[0]).toEqual({ type: 'nominal', values: ['t'] });
  });

  it('reads quoted names and values, comments, string and date types', async () => {
    const path = tmp('q.arff', "% c\n@RELATION r\n@attribute 'full name' string\n@attribute \"when\" date 'yyyy-MM-dd'\n@attribute n integer\n@data\n% mid\n'O\\'Brien, P', 2020-01-01, 3\n?,'2021-02-02',?\n");
    const { header, rows } = await read(path);
    expect(header.columns).toEqual(['full name', 'when', 'n']);
    expect(rows).toEqual([
      { line: 8, cells: ["O'Brien, P", '2020-01-01', '3'] },
      { line: 9, cells: [null, '2021-02-02', null] },
    ]);
  });
});

describe('JSON Lines', () => {
  it('unions keys in first-seen order; null and absent keys are missing', async () => {
    const { header, rows } = await read(fixture('sample.jsonl'));
    expect(header.columns).toEqual(['id', 'n', 'ok', 'note']);
    expect(rows.map((r) => [r.line, ...r.cells])).toEqual([
      [1, 'a', '1', 'true'],
      [2, 'b', '2.5', 'false', 'hi'],
      [4, 'c', null, 'true', null],
    ]);
  });
});

describe('streaming', () => {
  it('reports progress up to the file size and stops when aborted', async () => {
    const path = tmp('prog.csv', 'a,b\n' + '1,2\n'.repeat(100_000));
    const seen: number[] = [];
    let total = 0;
    await read(path, { onProgress: (b, t) => { seen.push(b); total = t; } });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen[seen.length - 1]).toBe(total);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);

    const controller = new AbortController();
    let rows = 0;
    const run = scanTable(path, { onRow: () => { if (++rows === 1000) controller.abort(new Error('stop')); } }, { signal: controller.signal });
    await expect(run).rejects.toThrow('stop');
    expect(rows).toBeLessThan(100_000);
  });

  it('readTable yields the header then rows', async () => {
    const events = [];
    for await (const e of readTable(tmp('gen.csv', 'a,b\n1,2\n3,4\n'))) events.push(e.type === 'row' ? [e.line, ...e.cells] : e.columns);
    expect(events).toEqual([['a', 'b'], [2, '1', '2'], [3, '3', '4']]);
  });
});
