// Report speed and size (issue 8): the time a report takes from the service, per format and for all of them,
// on the digits (1,797 pictures) and on the digits resampled to N cases (default 50,000), each fitted briefly.
// The document is gathered once per run: a data pass (fingerprint, redaction), the audit, the pinned ranking;
// the accuracy and the audit are computed by the first report of a model and kept for the next ones; the first
// report also says how long it held the service's thread at most (the accuracy runs in a worker).
// Run: node out/node/bench/report.js [cases]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExemplarService } from '../src/main/api';
import type { ReportFormat, ReportOutput } from '../src/shared/report/types';

const big = Number(process.argv[2] ?? 50_000);
const digits = fileURLToPath(new URL('../../../resources/data/digits.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'exemplar-bench-report-'));

async function bench(name: string, csv: string, sweeps: number): Promise<void> {
  const s = ExemplarService.open(join(dir, `${name}.exemplar`), { create: true });
  try {
    const imp = await s.importData({ path: csv, label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
    const { dataset } = (await s.wait(imp.jobId)) as { dataset: { id: number; rows: number } };
    const fit = await s.fit({ datasetId: dataset.id, prototypes: 10, iterations: sweeps, seed: 1, chains: 1 });
    await s.wait(fit.jobId);
    const modelId = fit.modelId!;
    await s.pinRanking({ modelId, query: { row: 0 }, top: 10 });
    const run = async (formats: ReportFormat[], redact?: string[]) => {
      const t0 = performance.now();
      const ref = await s.report({ modelId, formats, redact });
      const out = (await s.wait(ref.jobId)) as ReportOutput;
      const bytes = out.files.reduce((a, f) => a + Buffer.from(f.data, 'base64').length, 0);
      return { seconds: (performance.now() - t0) / 1000, bytes, files: out.files.length };
    };
    // The first report computes the accuracy (cross-validation) and the audit; later ones reuse them. The
    // longest the service's thread went without turning meanwhile is how long a write (a grade, an edit) could
    // have waited behind the report.
    let held = 0;
    let last = performance.now();
    const beat = setInterval(() => {
      const now = performance.now();
      held = Math.max(held, now - last);
      last = now;
    }, 10);
    const first = await run(['json']);
    clearInterval(beat);
    console.log(`${name} (${dataset.rows} cases): first report (json)  ${first.seconds.toFixed(2)} s, service thread held at most ${(held / 1000).toFixed(2)} s at a time`);
    for (const formats of [['json'], ['html'], ['md'], ['csv'], ['pdf'], ['html', 'pdf', 'md', 'json', 'csv']] as ReportFormat[][]) {
      const r = await run(formats);
      console.log(`${name} (${dataset.rows} cases): ${formats.join('+').padEnd(20)} ${r.seconds.toFixed(2)} s, ${(r.bytes / 1024).toFixed(0)} KB in ${r.files} file${r.files > 1 ? 's' : ''}`);
    }
    const r = await run(['html', 'pdf'], ['digit']);
    console.log(`${name} (${dataset.rows} cases): html+pdf, digit redacted ${r.seconds.toFixed(2)} s`);
  } finally {
    await s.close();
  }
}

try {
  await bench('digits', digits, 200);
  // Resampled digits: each row drawn at random (a fixed LCG), as many as asked.
  const [head, ...rows] = readFileSync(digits, 'utf8').trim().split('\n');
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const lines = Array.from({ length: big }, () => rows[next() % rows.length]);
  const csv = join(dir, 'digits-big.csv');
  writeFileSync(csv, [head, ...lines].join('\n'));
  await bench('digits resampled', csv, 20);
  console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
