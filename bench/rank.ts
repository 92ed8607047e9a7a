// Learning to rank end to end, as a user runs it: fits the digits (S = 10, 200 sweeps, seed 1, one chain:
// the default follows the core count, and the model with it) into a project in a temporary folder, imports
// the 3,000 graded judgments of bench/digit-qrels.ts (60 query digits), then times `exemplar rank eval` and
// `exemplar rank train` (each a fresh process: start-up, retrieval index, the ranking features of every
// candidate, the cross-validation in its worker threads) and prints their metrics.
// Goal (issue 6): both together ≤ 10 s on a 2-core machine.
//
//   npm run build:node && node out/node/bench/rank.js [--sweeps 200] [--seed 1] [--keep]
//   node out/node/bench/rank.js --write-qrels resources/data/digits.qrels     (only writes the judgments)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatQrels } from '../src/main/engine/rank/judgments';
import { digitQrels } from './digit-qrels';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const sweeps = opt('sweeps', 200);
const seed = opt('seed', 1);

// Bundled (out/node/bench/rank.js) or from the sources (npx tsx bench/rank.ts): the same two files either way.
const first = (...paths: string[]): string => {
  const found = paths.map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p));
  if (!found) throw new Error(`None of ${paths.join(', ')} exists: run npm run build:node first.`);
  return found;
};
const cli = first('../cli.js', '../out/node/cli.js');
const digits = first('../../../resources/data/digits.csv', '../resources/data/digits.csv');

/** CPU seconds of this process's waited-for children (Linux /proc), or NaN elsewhere. */
function childCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

function exemplar(...argv: string[]): { seconds: number; cpu: number; stdout: string } {
  const [t, c] = [performance.now(), childCpu()];
  const r = spawnSync(process.execPath, [cli, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`exemplar ${argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { seconds: (performance.now() - t) / 1000, cpu: childCpu() - c, stdout: r.stdout };
}

const writeTo = args.indexOf('--write-qrels');
if (writeTo >= 0) {
  writeFileSync(args[writeTo + 1], formatQrels(digitQrels(readFileSync(digits, 'utf8'))));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'exemplar-rank-bench-'));
try {
  const project = join(dir, 'digits.exemplar');
  const qrels = join(dir, 'digits.qrels');
  console.log(`rank bench: node ${process.version}, ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const model = ['--prototypes', '10', '--iterations', String(sweeps), '--seed', String(seed), '--chains', '1'];
  const fit = exemplar('fit', digits, '--label', 'digit', '--kind', 'px_*=numeric:edges=8', ...model, '--out', project, '--json');
  console.log(`fit: ${fit.seconds.toFixed(1)} s (S = 10, ${sweeps} sweeps, seed ${seed}, one chain)`);
  const judgments = digitQrels(readFileSync(digits, 'utf8'));
  writeFileSync(qrels, formatQrels(judgments));
  const shipped = digits.replace(/\.csv$/, '.qrels');
  if (existsSync(shipped) && readFileSync(shipped, 'utf8') !== formatQrels(judgments))
    console.log(`note: ${shipped} is not what bench/digit-qrels.ts makes now`);
  exemplar('judge', project, '--qrels', qrels, '--json');
  console.log(`judgments: ${judgments.length} over ${new Set(judgments.map((j) => j.query)).size} queries`);

  const runs = (['eval', 'train'] as const).map((command) => ({ command, ...exemplar('rank', command, project, '--json') }));
  const reports = runs.map((r) => JSON.parse(r.stdout));
  for (const [k, r] of runs.entries()) {
    const { chosenC, C } = reports[k];
    console.log(`rank ${r.command}: ${r.seconds.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU (chosen C per fold ${chosenC.join(', ')}; C = ${C})`);
  }
  const total = runs.reduce((a, r) => a + r.seconds, 0);
  console.log(`rank eval + rank train: ${total.toFixed(2)} s wall, ${runs.reduce((a, r) => a + r.cpu, 0).toFixed(2)} s CPU (goal ≤ 10 s wall)`);
  const { before, after, queries, folds } = reports[1];
  console.log(`\n${queries} queries, ${folds}-fold query CV | model | learned`);
  console.log('|---|---|---|');
  for (const m of ['ndcg@5', 'ndcg@10', 'ndcg@30', 'p@5', 'map']) console.log(`| ${m} | ${before[m].toFixed(4)} | ${after[m].toFixed(4)} |`);
  if (JSON.stringify(reports[0].after) !== JSON.stringify(reports[1].after)) console.log('note: eval and train disagree');
} finally {
  if (args.includes('--keep')) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
