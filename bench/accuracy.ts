// How the hyperparameters move π-based accuracy across data sets (README "Hyperparameters"): π → 5-fold
// logistic regression accuracy for α = 0.1, 0.5 (the default), 1 and the learned α, on digits (pixels
// binarised at 8), vote and zoo. Run: node out/node/bench/accuracy.js
import { fileURLToPath } from 'node:url';
import type { ColumnSpec } from '../src/shared/data';
import { importTable } from '../src/main/engine/import';
import { crossValidatedAccuracy } from '../src/main/engine/evaluate/logistic';
import { Rng } from '../src/main/engine/rng';
import { BcmSampler } from '../src/main/engine/bcm/sampler';
import { runChain } from '../src/main/engine/bcm/chain';
import { DEFAULT_PARAMS } from '../src/main/engine/bcm/model';

const data = (name: string) => fileURLToPath(new URL(`../../../resources/data/${name}`, import.meta.url));
const sets: { name: string; file: string; label: string; S: number; overrides?: Record<string, Partial<ColumnSpec>> }[] = [
  { name: 'digits', file: 'digits.csv', label: 'digit', S: 10, overrides: { 'px_*': { kind: 'numeric', edges: [8] } } },
  { name: 'vote', file: 'vote.arff', label: 'Class', S: 4 },
  { name: 'zoo', file: 'zoo.csv', label: 'type', S: 7 },
];
const settings = [
  { label: 'α=0.1', alpha: 0.1, learnAlpha: false },
  { label: 'α=0.5 (default)', alpha: 0.5, learnAlpha: false },
  { label: 'α=1', alpha: 1, learnAlpha: false },
  { label: 'learned α', alpha: 0.5, learnAlpha: true },
];

console.log(`| data | S | ${settings.map((s) => s.label).join(' | ')} |`);
console.log(`|---|---|${settings.map(() => '---').join('|')}|`);
for (const set of sets) {
  const { cases } = await importTable(data(set.file), { label: set.label, overrides: set.overrides });
  const bcm = { n: cases.n, f: cases.features.length, V: Int32Array.from(cases.features, (x) => x.values.length), x: cases.x };
  const cells: string[] = [];
  for (const st of settings) {
    const accs: number[] = [];
    for (const seed of [1, 2, 3]) {
      const params = { ...DEFAULT_PARAMS, S: set.S, sweeps: 300, burnIn: 150, seed, alpha: st.alpha, learnAlpha: st.learnAlpha };
      const { summary } = runChain(new BcmSampler(bcm, params, new Rng(seed)));
      accs.push(crossValidatedAccuracy(summary.pi, cases.n, set.S, cases.labels!, { folds: 5, seed: 1 }).accuracy);
    }
    const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
    cells.push(`${mean.toFixed(3)} (${Math.min(...accs).toFixed(2)}–${Math.max(...accs).toFixed(2)})`);
  }
  console.log(`| ${set.name} | ${set.S} | ${cells.join(' | ')} |`);
}
console.log('\nmean (min–max) over seeds 1–3; 300 sweeps, 150 burn-in; π → multinomial logistic regression, stratified 5-fold');
