import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCases, importTable } from './import-table';

const DATA = fileURLToPath(new URL('../../../../resources/data', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'exemplar-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importTable on the shipped data', () => {
  it('recipes.csv: `,`-delimited, recipe names as ids, ingredients as a set of 147 items', async () => {
    const r = await importTable(`${DATA}/recipes.csv`);
    expect(r.format).toBe('csv');
    expect(r.rows).toBe(56);
    expect(r.columns).toEqual([{ name: 'recipe', kind: 'identifier' }, { name: 'ingredients', kind: 'set', delimiter: ';' }]);
    expect(r.cases.features).toHaveLength(147);
    expect(r.cases.features.every((f) => f.column === 'ingredients' && f.name === `ingredients=${f.item}`)).toBe(true);
    expect(r.cases.ids?.[0]).toBe('Avocado Sauce for Pasta');
    const avocado = r.cases.features.findIndex((f) => f.item === 'avocado');
    expect(r.cases.x[0 * 147 + avocado]).toBe(1);
    expect(r.cases.x.every((v) => v === 0 || v === 1)).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('vote.arff: 16 nominal votes with ? missing, Class as label', async () => {
    const r = await importTable(`${DATA}/vote.arff`, { label: 'Class' });
    expect(r.format).toBe('arff');
    expect(r.rows).toBe(435);
    expect(r.columns.filter((c) => c.kind === 'categorical')).toHaveLength(16);
    expect(r.cases.features).toHaveLength(16);
    expect(r.cases.features.every((f) => f.values.join() === 'n,y')).toBe(true);
    expect(r.cases.labels?.slice(0, 3)).toEqual(['republican', 'republican', 'democrat']);
    expect(r.cases.x[0 * 16 + 10]).toBe(-1); // row 1 has ? for the 11th vote
    expect(r.summaries[10].missing).toBeGreaterThan(0);
  });

  it('zoo.csv: 15 booleans, legs as categories, type as label', async () => {
    const r = await importTable(`${DATA}/zoo.csv`, { label: 'type' });
    const kinds = Object.fromEntries(r.columns.map((c) => [c.name, c.kind]));
    expect(Object.values(kinds).filter((k) => k === 'boolean')).toHaveLength(15);
    expect(kinds.legs).toBe('categorical');
    expect(kinds.type).toBe('label');
    expect(r.cases.features.find((f) => f.name === 'legs')?.values).toEqual(['4', '0', '2', '6', '8', '5']);
    expect(r.cases.labels?.[0]).toBe('mammal');

    // re-encode after the user changes legs to numeric bins
    const edited = r.columns.map((c) => (c.name === 'legs' ? { name: 'legs', kind: 'numeric' as const, bins: 3 } : c));
    const again = await encodeCases(`${DATA}/zoo.csv`, edited);
    expect(again.columns).toEqual(edited);
    expect(again.cases.features.find((f) => f.name === 'legs')?.values).toEqual(['< 2', '[2, 4)', '[4, 8]']);
    expect(again.cases.labelColumn).toBe('type');
  });

  it('digits.csv with px_* binarised at 8 and digit as label: constant pixels ignored, the rest binary', async () => {
    const r = await importTable(`${DATA}/digits.csv`, { label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
    expect(r.rows).toBe(1797);
    const ignored = r.columns.filter((c) => c.kind === 'ignored').map((c) => c.name);
    expect(ignored).toEqual(['px_0_0', 'px_4_0', 'px_4_7']);
    expect(r.warnings).toHaveLength(3);
    expect(r.cases.features).toHaveLength(64 - ignored.length);
    expect(r.cases.features.every((f) => f.edges?.join() === '8' && f.values.length === 2 && f.values[0] === '< 8')).toBe(true);
    expect(r.cases.x.every((v) => v === 0 || v === 1)).toBe(true);
    expect(r.cases.labels?.slice(0, 3)).toEqual(['0', '1', '2']);
  });

  it('JSON Lines', async () => {
    const r = await importTable(join(import.meta.dirname, 'fixtures', 'sample.jsonl'));
    expect(r.format).toBe('jsonl');
    expect(r.columns.map((c) => c.kind)).toEqual(['identifier', 'categorical', 'boolean', 'ignored']);
    expect([...r.cases.x]).toEqual([0, 1, 1, 0, -1, 1]);
  });
});

describe('streaming', () => {
  it('imports a 1,000,000-row CSV in bounded memory', async () => {
    const path = join(dir, 'big.csv');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path);
      out.on('error', reject);
      const colours = ['red', 'green', 'blue', 'amber'];
      let i = 0;
      const write = (): void => {
        while (i < 1_000_000) {
          let s = i === 0 ? 'n,x,colour,flag\n' : '';
          for (let k = 0; k < 10_000; k++, i++) s += `${i},${((i * 7919) % 10007) / 100},${colours[i % 4]},${i % 3 === 0 ? 'yes' : 'no'}\n`;
          if (!out.write(s)) {
            out.once('drain', write);
            return;
          }
        }
        out.end(resolve);
      };
      write();
    });
    const size = statSync(path).size;
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    let calls = 0;
    const r = await importTable(path, {
      onProgress: () => {
        if (++calls % 16 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    expect(r.rows).toBe(1_000_000);
    expect(r.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'categorical', 'boolean']);
    expect(r.cases.x.length).toBe(4_000_000);
    expect(r.cases.x[3 * 4 + 3]).toBe(1); // row 3: 3 % 3 === 0 → yes
    // the heap never held the file: typed arrays live outside it, rows are dropped chunk by chunk
    expect(peak).toBeLessThan(size * 3);
    expect(peak - base).toBeLessThan(size);
  }, 60_000);
});
