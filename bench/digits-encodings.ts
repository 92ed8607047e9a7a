// How the digits' pixel encoding moves BCM's π accuracy (the choice made in src/main/engine/import/family.ts):
// the default import (the px_#_# family with shared quantile edges) against pixels cut at 8. π → 5-fold
// multinomial logistic regression, S = 10, 300 sweeps, 150 burn-in, as bench/accuracy.ts.
// Run: node out/node/bench/digits-encodings.js [seeds, default 1,2,3,4,5,6,7,8]
import { fileURLToPath } from 'node:url';
import type { ColumnSpec } from '../src/shared/data';
import { importTable } from '../src/main/engine/import';
import { crossValidatedAccuracy } from '../src/main/engine/evaluate/logistic';
import { Rng } from '../src/main/engine/rng';
import { BcmSampler } from '../src/main/engine/bcm/sampler';
import { runChain } from '../src/main/engine/bcm/chain';
import { DEFAULT_PARAMS } from '../src/main/engine/bcm/model';

const DIGITS = fileURLToPath(new URL('../../../resources/data/digits.csv', import.meta.url));
const seeds = (process.argv[2] ?? '1,2,3,4,5,6,7,8').split(',').map(Number);
const encodings: { name: string; overrides?: Record<string, Partial<ColumnSpec>> }[] = [
  { name: 'default import (family, shared quantile edges)' },
  { name: 'pixels cut at 8', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } },
];
for (const { name, overrides } of encodings) {
  const { cases } = await importTable(DIGITS, { label: 'digit', overrides });
  const data = { n: cases.n, f: cases.features.length, V: Int32Array.from(cases.features, (x) => x.values.length), x: cases.x };
  const accs = seeds.map((seed) => {
    const { summary } = runChain(new BcmSampler(data, { ...DEFAULT_PARAMS, S: 10, sweeps: 300, burnIn: 150, seed }, new Rng(seed)));
    return crossValidatedAccuracy(summary.pi, cases.n, 10, cases.labels as (string | null)[], { folds: 5, seed: 1 }).accuracy;
  });
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  console.log(`${name}: ${data.f} features, accuracy ${mean.toFixed(3)} (${Math.min(...accs).toFixed(3)}–${Math.max(...accs).toFixed(3)} over seeds ${seeds.join(',')})`);
}
