// 400 seeded, mutated inputs through the whole import: each either imports into consistent cases or fails
// with one ImportError naming the file; never another exception (a TypeError, "Invalid string length"),
// never a value index outside its feature. The mutations are the ones that found the bugs behind the
// fixtures: NUL and BOM bytes, bare CRs, stray quotes and braces, `%`, huge exponents, cut and repeated lines.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { ImportError } from './errors';
import { importTable } from './import-table';

const dir = mkdtempSync(join(tmpdir(), 'exemplar-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DATA = fileURLToPath(new URL('../../../../resources/data', import.meta.url));
const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Park–Miller generator: the same 400 inputs on every run. */
function lehmer(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

const seeds: { ext: string; bytes: Buffer }[] = [
  ...['zoo.csv', 'vote.arff', 'recipes.csv', 'digits.csv', 'packages.csv'].map((f) => ({ ext: f.slice(f.lastIndexOf('.')), bytes: readFileSync(join(DATA, f)).subarray(0, 6000) })),
  ...['supermarket.arff', 'escapes.arff', 'newswire.csv', 'sample.jsonl', 'bars.csv'].map((f) => ({ ext: f.slice(f.lastIndexOf('.')), bytes: readFileSync(join(FIXTURES, f)) })),
];
const PIECES = ['\0', '\r', '\n', '"', "'", ',', ';', '|', '%', '{', '}', '?', '\ufeff', '\t', '1e400', '-0', '@data', '@attribute x {a}', '&lt;', '\\', '\uFFFD'];

function mutate(bytes: Buffer, rand: () => number): Buffer {
  let b = Buffer.from(bytes);
  const ops = 1 + Math.floor(rand() * 4);
  for (let o = 0; o < ops; o++) {
    const at = Math.floor(rand() * (b.length + 1));
    const op = Math.floor(rand() * 6);
    if (op === 0) b = Buffer.concat([b.subarray(0, at), Buffer.from(PIECES[Math.floor(rand() * PIECES.length)]), b.subarray(at)]);
    else if (op === 1) b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + Math.floor(rand() * 40)))]);
    else if (op === 2) b = b.subarray(0, at); // cut
    else if (op === 3) b = Buffer.concat([b.subarray(0, at), Buffer.from([Math.floor(rand() * 256)]), b.subarray(at)]);
    else if (op === 4) {
      const end = b.indexOf(10, at);
      const line = b.subarray(at, end < 0 ? b.length : end + 1);
      b = Buffer.concat([b.subarray(0, at), line, line, b.subarray(at)]); // a repeated line
    } else b = Buffer.from(b.toString('latin1').replace(/\n/g, rand() < 0.5 ? '\r' : '\r\n'), 'latin1');
  }
  return b;
}

it('400 mutated inputs: consistent cases or one ImportError naming the file', async () => {
  const rand = lehmer(20240601);
  const outcomes = { imported: 0, rejected: 0 };
  for (let i = 0; i < 400; i++) {
    const seed = seeds[i % seeds.length];
    const path = join(dir, `f${i}${seed.ext}`);
    writeFileSync(path, mutate(seed.bytes, rand));
    try {
      const r = await importTable(path);
      const { n, features, x } = r.cases;
      expect(x.length).toBe(n * features.length);
      for (let k = 0; k < x.length; k++) {
        const v = x[k];
        if (v < -1 || v >= features[k % features.length].values.length) throw new Error(`${path}: value ${v} of feature ${k % features.length}`);
      }
      for (const f of features) expect(f.edges?.every(Number.isFinite) ?? true).toBe(true);
      outcomes.imported++;
    } catch (e) {
      if (!(e instanceof ImportError)) throw new Error(`${path}: ${(e as Error).stack}`);
      expect(e.message.startsWith(`${basename(path)}:`)).toBe(true);
      outcomes.rejected++;
    }
  }
  // both outcomes occur, so the mutations are neither too weak nor too strong to mean anything
  expect(outcomes.imported).toBeGreaterThan(50);
  expect(outcomes.rejected).toBeGreaterThan(50);
}, 60_000);
