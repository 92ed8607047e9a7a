// Imports of real and realistic data with no kinds given, as a new user does it (apart from
// import-table.test.ts, whose streaming test measures the heap and wants a quiet heap before it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { imageOf } from './image';
import { encodeCases, importTable } from './import-table';
import { ENGLISH_STOP_WORDS } from './text';

const DATA = fileURLToPath(new URL('../../../../resources/data', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'exemplar-import-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importTable with no kinds given', () => {
  it('digits.csv with no kinds given: one family of pixels with shared bins, and an 8 × 8 image', async () => {
    const r = await importTable(`${DATA}/digits.csv`, { label: 'digit' });
    expect(r.cases.features).toHaveLength(56);
    expect(r.cases.features.every((f) => f.edges?.join() === '4,12' && f.values.length === 3)).toBe(true);
    expect(r.cases.features.find((f) => f.name === 'px_3_3')?.values).toEqual(['< 4', '[4, 12)', '[12, 16]']);
    expect(r.image).toMatchObject({ rows: 8, cols: 8 });
    expect(imageOf(r.columns)).toEqual(r.image); // kept in the specs, so a stored project knows it
    // re-encoding the specs keeps the image and the shared edges
    const again = await encodeCases(`${DATA}/digits.csv`, r.columns);
    expect(again.image).toEqual(r.image);
    expect([...again.cases.x]).toEqual([...r.cases.x]);
  });

  it('packages.csv: the description is prose; its vocabulary has the topic words and no stop words', async () => {
    const r = await importTable(`${DATA}/packages.csv`, { label: 'section' });
    expect(r.columns.map((c) => c.kind)).toEqual(['identifier', 'label', 'text']);
    expect(r.summaries[2].reason).toMatch(/^prose \(83\.4 words and 532 characters per value on average, 97% with sentence punctuation, 1800 distinct\)$/);
    const vocab = r.cases.features.map((f) => f.item as string);
    expect(vocab).toHaveLength(2000);
    // the topic words are among the 200 most frequent (the vocabulary is ordered by document frequency)
    for (const w of ['game', 'games', 'font', 'fonts', 'graphics', 'sound', 'audio', 'network', 'server', 'music']) expect(vocab.slice(0, 200)).toContain(w);
    expect(vocab.filter((w) => ENGLISH_STOP_WORDS.has(w))).toEqual([]);
    // a second, independent list: the most common English words, none of which should survive
    for (const w of ['the', 'of', 'and', 'to', 'in', 'is', 'for', 'with', 'that', 'it', 'as', 'on', 'be', 'by', 'this', 'are', 'or', 'from']) {
      expect(vocab).not.toContain(w);
    }
    // without stop words and df limits "the", "is" and "and" lead the vocabulary (the check above can fail)
    const plain = await importTable(`${DATA}/packages.csv`, { label: 'section', overrides: { description: { kind: 'text', stopWords: 'none', minDf: 1, maxDf: 1 } } });
    expect(plain.cases.features.slice(0, 3).map((f) => f.item)).toEqual(['the', 'is', 'and']);
  });

  it('a market-basket ARFF imports with ? as absent: every bought item is a feature', async () => {
    const r = await importTable(join(import.meta.dirname, 'fixtures', 'supermarket.arff'), { label: 'total' });
    expect(r.cases.features.map((f) => f.name)).toEqual(['grocery misc', 'baby needs', 'bread and cake', 'baking needs', 'juice-sat-cord-ms', 'tea', 'biscuits', 'canned fish-meat']);
    expect(r.cases.features.every((f) => f.values.join() === 'absent,t')).toBe(true);
    expect([...r.cases.x.subarray(0, 8)]).toEqual([0, 0, 1, 0, 0, 1, 1, 0]); // row 1: bread and cake, tea, biscuits
    expect(r.cases.x.every((v) => v === 0 || v === 1)).toBe(true);
    expect(r.warnings[0]).toMatch(/^8 columns declare a single value in the ARFF header .* "\?" is read as "absent" \(not bought\)/);
  });
});

describe('wide files', () => {
  // 100,000 columns took 83 s as ARFF before, because each attribute searched the names read so far. A
  // timing test would be flaky on a shared machine, so we count the work instead: every linear scan of an
  // array (includes, indexOf, find, some, filter, …) adds the array's length. Linear code does about twice
  // the work for twice the columns; one scan per column over all columns does four times as much.
  // (Planted bug, the old `this.names.includes(name)` in arff.ts: the ratio is 4.0, red; now 2.0.)
  const SCANS = ['includes', 'indexOf', 'lastIndexOf', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'filter'] as const;

  async function scanWork(run: () => Promise<unknown>): Promise<number> {
    let work = 0;
    const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = SCANS.map((m) => proto[m]);
    SCANS.forEach((m, i) => {
      proto[m] = function (this: unknown[], ...args: unknown[]) {
        work += this.length;
        return originals[i].apply(this, args);
      };
    });
    try {
      await run();
    } finally {
      SCANS.forEach((m, i) => {
        proto[m] = originals[i];
      });
    }
    return work;
  }

  function wide(format: string, cols: number): string {
    const names = Array.from({ length: cols }, (_, k) => `c${k}`);
    const row = (r: number) => names.map((_, k) => String((r * 7 + k) % 13)).join(',');
    const head = format === 'csv' ? `${names.join(',')}\n` : `@relation w\n${names.map((n) => `@attribute ${n} numeric\n`).join('')}@data\n`;
    const path = join(dir, `wide-${cols}.${format}`);
    writeFileSync(path, head + [0, 1, 2].map(row).join('\n') + '\n');
    return path;
  }

  it.each(['csv', 'arff', 'jsonl'])('twice the columns cost about twice the work, not four times (%s)', async (format) => {
    const work: number[] = [];
    for (const cols of [2000, 4000]) {
      let path: string;
      if (format === 'jsonl') {
        path = join(dir, `wide-${cols}.jsonl`);
        const obj = (r: number) => JSON.stringify(Object.fromEntries(Array.from({ length: cols }, (_, k) => [`c${k}`, (r * 7 + k) % 13])));
        writeFileSync(path, [0, 1, 2].map(obj).join('\n') + '\n');
      } else path = wide(format, cols);
      let features = 0;
      work.push(await scanWork(async () => {
        features = (await importTable(path)).cases.features.length;
      }));
      expect(features).toBe(cols);
    }
    expect(work[1] / work[0]).toBeLessThan(2.5);
  });
});
