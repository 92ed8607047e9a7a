import { describe, expect, it } from 'vitest';
import { linesAround, parseLocation } from './imports';

describe('a bad file’s error, located', () => {
  it('reads file:line:column, the column a field number or a column name', () => {
    expect(parseLocation('bad.csv:4:3: expected 3 fields, found 2')).toEqual({ line: 4, column: 3 });
    expect(parseLocation('C:\\data\\bad.csv:12:7: stray quote')).toEqual({ line: 12, column: 7 });
    expect(parseLocation('rows.jsonl:9:price: "x" is not a number')).toEqual({ line: 9, column: 'price' });
    expect(parseLocation('empty.csv:1: the file is empty')).toEqual({ line: 1, column: null });
    expect(parseLocation('The service stopped.')).toBeNull();
  });

  it('finds the lines around one, across chunk boundaries and CRLF endings', async () => {
    const text = Array.from({ length: 200_000 }, (_, k) => `line ${k + 1},x`).join('\r\n');
    const file = new Blob([text]);
    expect(await linesAround(file, 150_000)).toEqual([149_998, 149_999, 150_000, 150_001, 150_002].map((line) => ({ line, text: `line ${line},x` })));
    expect(await linesAround(file, 1)).toEqual([1, 2, 3].map((line) => ({ line, text: `line ${line},x` })));
    expect((await linesAround(file, 200_000)).map((l) => l.line)).toEqual([199_998, 199_999, 200_000]);
  });
});
