// Benchmark of the BCM sampler (README "Benchmarks"). Prints ms per sweep on the UCI digits binarised at 8
// (1797 × 61 features after the three constant pixels are dropped, S = 10), and the time of a sweep on a
// synthetic 100,000 × 50 table. Run: npm run bench -- bcm   (or node out/node/bench/bcm.js)
import { fileURLToPath } from 'node:url';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTable } from '../src/main/engine/import';
import { Rng } from '../src/main/engine/rng';
import { BcmSampler } from '../src/main/engine/bcm/sampler';
import { DEFAULT_PARAMS, type BcmData } from '../src/main/engine/bcm/model';
import { plantedData } from '../src/main/engine/bcm/testing';

const DIGITS = fileURLToPath(new URL('../../../resources/data/digits.csv', import.meta.url));

/** Times `sweeps` sweeps in blocks; reports the median and best block (this machine's load is noisy). */
function timeSweeps(data: BcmData, S: number, warmup: number, blocks: number, perBlock: number) {
  const s = new BcmSampler(data, { ...DEFAULT_PARAMS, S, sweeps: 1e9, burnIn: 1e9, seed: 1 }, new Rng(1));
  for (let k = 0; k < warmup; k++) s.step();
  const stepMs: number[] = [];
  const jointMs: number[] = [];
  for (let b = 0; b < blocks; b++) {
    let t = performance.now();
    for (let k = 0; k < perBlock; k++) s.step();
    stepMs.push((performance.now() - t) / perBlock);
    t = performance.now();
    for (let k = 0; k < perBlock; k++) s.logJoint();
    jointMs.push((performance.now() - t) / perBlock);
  }
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { median: median(stepMs), best: Math.min(...stepMs), logJoint: median(jointMs) };
}

const { cases } = await importTable(DIGITS, { label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
const digits: BcmData = { n: cases.n, f: cases.features.length, V: Int32Array.from(cases.features, (x) => x.values.length), x: cases.x };
const d = timeSweeps(digits, 10, 30, 15, 20);
console.log(`digits ${digits.n}×${digits.f}, S=10: ${d.median.toFixed(2)} ms/sweep (median of 15 blocks of 20; best ${d.best.toFixed(2)}), log joint ${d.logJoint.toFixed(2)} ms`);

// The yardstick: a plain exact C sampler (bench/bcm_plain.c), compiled here with the system's cc -O2, on the
// same data, best of 3 runs of 100 sweeps.
const dir = mkdtempSync(join(tmpdir(), 'exemplar-bench-'));
try {
  const bin = join(dir, 'bcm_plain');
  const source = fileURLToPath(new URL('../../../bench/bcm_plain.c', import.meta.url));
  execFileSync('cc', ['-O2', '-o', bin, source, '-lm']);
  writeFileSync(join(dir, 'x.bin'), Buffer.from(digits.x.buffer, digits.x.byteOffset, digits.x.byteLength));
  const runs = [0, 1, 2].map(() => Number(spawnSync(bin, [join(dir, 'x.bin'), String(digits.n), String(digits.f), '10', '100'], { encoding: 'utf8' }).stdout));
  console.log(`plain exact C sampler (cc -O2, one core), same data: ${Math.min(...runs).toFixed(2)} ms/sweep (best of 3)`);
} catch (e) {
  console.log(`plain C sampler skipped: ${(e as Error).message.split('\n')[0]}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const big = plantedData(new Rng(3), { n: 100_000, f: 50, V: 4, S: 10, alpha: 0.5, q: 0.5, lambda: 1, c: 50 }).data;
const b = timeSweeps(big, 10, 2, 3, 3);
const sweeps = DEFAULT_PARAMS.sweeps;
console.log(`synthetic 100000×50 (4 values), S=10: ${(b.median / 1000).toFixed(2)} s/sweep; a default fit (${sweeps} sweeps) ≈ ${((b.median * sweeps) / 60000).toFixed(1)} min`);
