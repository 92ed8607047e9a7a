// Near-duplicate audit speed at 100k cases (issue 8: "fast enough for 100k cases"): pigeonhole blocking
// against the all-pairs count it replaces (5·10⁹ pairs at 100k, extrapolated from a timed sample).
// Two inputs: distinct random cases with planted near-copies, and cases drawn with replacement from the
// 435 votes of vote.arff (every row repeated ~230 times: millions of identical pairs).
// Run: node out/node/bench/audit.js [cases]
import { fileURLToPath } from 'node:url';
import { nearDuplicates } from '../src/main/engine/audit/duplicates';
import { importTable } from '../src/main/engine/import';
import { Rng } from '../src/main/engine/rng';

const n = Number(process.argv[2] ?? 100_000);
const rng = new Rng(1);

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

function allPairsSeconds(x: Int32Array, f: number, sample: number): number {
  const [, s] = time(() => {
    let hits = 0;
    for (let a = 0; a < sample; a++)
      for (let b = a + 1; b < n; b++) {
        let d = 0;
        for (let j = 0; j < f && d <= 1; j++) if (x[a * f + j] !== x[b * f + j]) d++;
        if (d <= 1) hits++;
      }
    return hits;
  });
  // `sample` rows against the rest, scaled to all n(n − 1)/2 pairs.
  return (s * ((n * (n - 1)) / 2)) / (sample * (n - (sample + 1) / 2));
}

{
  const f = 64;
  const x = Int32Array.from({ length: n * f }, () => rng.int(8));
  for (let k = 0; k < 500; k++) {
    const a = rng.int(n);
    const b = rng.int(n);
    x.copyWithin(b * f, a * f, (a + 1) * f);
    if (k % 2) x[b * f + rng.int(f)] = rng.int(8);
  }
  const [r, s] = time(() => nearDuplicates(x, n, f, { maxDiffering: 1 }));
  console.log(`random ${n} cases × ${f} features, d ≤ 1: ${r.count} pairs (${r.identical} identical) in ${s.toFixed(2)} s, ${r.compared} compared; all pairs would take ~${allPairsSeconds(x, f, 200).toFixed(0)} s`);
}
{
  const vote = (await importTable(fileURLToPath(new URL('../../../resources/data/vote.arff', import.meta.url)), { label: 'Class' })).cases;
  const f = vote.features.length;
  const x = new Int32Array(n * f);
  for (let i = 0; i < n; i++) {
    const from = rng.int(vote.n);
    x.set(vote.x.subarray(from * f, (from + 1) * f), i * f);
  }
  const [r, s] = time(() => nearDuplicates(x, n, f, { maxDiffering: 1 }));
  console.log(`vote resampled to ${n} cases × ${f} features, d ≤ 1: ${r.count} pairs (${r.identical} identical) in ${s.toFixed(2)} s, ${r.compared} compared; all pairs would take ~${allPairsSeconds(x, f, 200).toFixed(0)} s`);
}
