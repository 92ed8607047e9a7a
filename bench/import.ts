// Import speed and memory on inputs that used to hurt (README "Benchmarks"): 100,000 columns (CSV and
// ARFF; ARFF took 83 s when each attribute searched the names before it) and one field far past the
// field limit (it used to grow to V8's string limit, ~512 Mi characters, and fail with "Invalid string
// length" at 650 MB). Run: node out/node/bench/import.js [columns] [rows]
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTable, MAX_FIELD } from '../src/main/engine/import';

const cols = Number(process.argv[2] ?? 100_000);
const rows = Number(process.argv[3] ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'exemplar-bench-import-'));
const mb = (b: number): string => (b / 2 ** 20).toFixed(0);

try {
  for (const format of ['csv', 'arff'] as const) {
    const names = Array.from({ length: cols }, (_, k) => `c${k}`);
    let text = format === 'csv' ? `${names.join(',')}\n` : `@relation wide\n${names.map((n) => `@attribute ${n} numeric\n`).join('')}@data\n`;
    for (let r = 0; r < rows; r++) text += `${names.map((_, k) => String((r * 7 + k) % 13)).join(',')}\n`;
    const path = join(dir, `wide.${format}`);
    writeFileSync(path, text);
    const t0 = performance.now();
    const result = await importTable(path);
    const s = (performance.now() - t0) / 1000;
    console.log(`${format}: ${cols} columns × ${rows} rows imported in ${s.toFixed(2)} s (${result.cases.features.length} features; rss ${mb(process.memoryUsage().rss)} MiB)`);
  }

  // one field of 32 × MAX_FIELD characters (512 Mi): written in pieces, never held here either
  const path = join(dir, 'huge.csv');
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    const piece = Buffer.alloc(1 << 24, 'x');
    let left = 32;
    out.write('a,b\n1,');
    const write = (): void => {
      while (left > 0) {
        left--;
        if (!out.write(piece)) {
          out.once('drain', write);
          return;
        }
      }
      out.end('\n', resolve);
    };
    write();
  });
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const t0 = performance.now();
  let message = '';
  try {
    await importTable(path, { onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); } });
  } catch (e) {
    message = (e as Error).message;
  }
  console.log(`512 Mi-character field: stopped after ${((performance.now() - t0) / 1000).toFixed(2)} s, rss +${mb(peak - rss0)} MiB (field limit ${MAX_FIELD} characters): ${message}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
