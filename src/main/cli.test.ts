// The `exemplar` command as scripts use it: the bundled CLI (out/node/cli.js) run on real files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'out', 'node', 'cli.js');
const data = (name: string) => join(root, 'resources', 'data', name);
let dir: string;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, maxBuffer: 256 * 2 ** 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]) {
  const r = run(...args, '--json');
  if (r.code !== 0) throw new Error(`exemplar ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  // The bundle is what `npx exemplar` runs; npm test builds it first, a lone vitest run builds it here.
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts', 'build-node.mjs')], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'exemplar-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exemplar fit --json (the scripts contract)', () => {
  it('prints prototypes, cases, the log-likelihood trace, speed and seed for the recipes', () => {
    const out = json('fit', data('recipes.csv'), '--prototypes', '4', '--iterations', '60', '--seed', '3');
    expect(out.prototypes).toHaveLength(4);
    for (const p of out.prototypes) {
      expect(Number.isInteger(p.row) && p.row >= 0 && p.row < 56).toBe(true);
      expect(p.subspace.length).toBeGreaterThan(0);
      for (const name of p.subspace) expect(name).toMatch(/^ingredients=./);
    }
    expect(out.prototypes.reduce((a: number, p: { size: number }) => a + p.size, 0)).toBe(56);
    expect(out.cases).toHaveLength(56);
    out.cases.forEach((c: { row: number; pi: number[] }, k: number) => {
      expect(c.row).toBe(k);
      expect(c.pi).toHaveLength(4);
      expect(c.pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    });
    expect(out.logLikelihood).toHaveLength(60);
    expect(out.logLikelihood.every((v: number) => Number.isFinite(v) && v < 0)).toBe(true);
    expect(out.secondsPerSweep).toBeGreaterThan(0);
    expect(out.seed).toBe(3);
    // The posterior summaries beyond the contract's minimum: P(ω = 1) per feature and φ per cluster.
    expect(out.features).toHaveLength(147);
    for (const p of out.prototypes) {
      const probable = Object.entries(p.subspaceProbability as Record<string, number>).filter(([, pr]) => pr >= 0.5).map(([f]) => f);
      expect(probable.sort()).toEqual([...p.subspace].sort());
    }
    expect(out.phi).toHaveLength(4);
    for (const cluster of out.phi) {
      expect(cluster).toHaveLength(147);
      for (const dist of cluster) expect(dist.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('gives the same fit for the same seed, and another for another seed', () => {
    const strip = (o: { secondsPerSweep: number; chains: unknown }) => ({ ...o, secondsPerSweep: 0, chains: null });
    const args = ['fit', data('vote.arff'), '--label', 'Class', '--prototypes', '3', '--iterations', '40'];
    const a = json(...args, '--seed', '7');
    expect(strip(json(...args, '--seed', '7'))).toEqual(strip(a));
    expect(strip(json(...args, '--seed', '8'))).not.toEqual(strip(a));
  });

  it('runs several chains and reports split-R̂', () => {
    const out = json('fit', data('zoo.csv'), '--label', 'type', '--prototypes', '4', '--iterations', '80', '--seed', '1', '--chains', '2');
    expect(out.chains).toHaveLength(2);
    expect(out.rhat).toBeGreaterThan(0.9);
  });

  it('writes a project with --out that show --json reopens, and fits an .exemplar file', () => {
    const file = join(dir, 'zoo.exemplar');
    const fit = json('fit', data('zoo.csv'), '--label', 'type', '--prototypes', '5', '--iterations', '50', '--seed', '2', '--out', file);
    const shown = json('show', file);
    expect(shown.prototypes).toEqual(fit.prototypes);
    expect(shown.cases).toEqual(fit.cases);
    expect(shown.logLikelihood).toEqual(fit.logLikelihood);
    const again = json('fit', file, '--prototypes', '3', '--iterations', '30', '--seed', '2');
    expect(again.prototypes).toHaveLength(3);
  });
});

describe('bad input', () => {
  it('names file, line and column, exits non-zero and leaves no project behind', () => {
    const bad = join(dir, 'ragged.csv');
    writeFileSync(bad, 'a,b,c\n1,2,3\n4,5\n');
    const out = join(dir, 'ragged.exemplar');
    const r = run('fit', bad, '--prototypes', '2', '--iterations', '5', '--seed', '1', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ragged\.csv:3:\d+: .*(expected 3|3 fields)/);
    expect(existsSync(out)).toBe(false);
  });

  it('explains a usage mistake with exit code 2', () => {
    const r = run('fit', data('recipes.csv'), '--prototypes', 'four', '--iterations', '5', '--seed', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--prototypes must be an integer');
  });

  it('suggests the flag a user meant, and refuses a flag the command would ignore', () => {
    const r = run('fit', data('recipes.csv'), '--prototype', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^exemplar: Unknown flag --prototype\. Did you mean --prototypes\?/);
    const ignored = run('show', 'x.exemplar', '--seed', '3');
    expect(ignored.code).toBe(2);
    expect(ignored.stderr).toContain('show does not take --seed');
  });

  it('checks numbers with the same rule as the app (boundary.ts), c = 0 included', () => {
    const r = run('fit', data('recipes.csv'), '--prototypes', '2', '--iterations', '4', '--alpha=-1');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('exemplar: alpha must be a number > 0.');
    expect(run('fit', data('recipes.csv'), '--prototypes', '2', '--alpha', '-1').stderr).toContain('--alpha needs a value (a value starting with -, such as a negative number, is written --alpha=-1)');
    expect(run('fit', data('recipes.csv'), '--prototypes', '2', '--iterations', '4', '--c', '0', '--seed', '1').code).toBe(0);
  });

  it('a failed or killed import leaves no project file behind', async () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, 'a,b,c\n' + Array.from({ length: 400_000 }, (_, i) => `${i % 7},${i % 5},x${i % 11}`).join('\n') + '\n');
    const out = join(dir, 'killed.exemplar');
    const child = spawn(process.execPath, [cli, 'import', big, '--out', out], { stdio: 'ignore', cwd: dir });
    // The import works in a temporary file beside the target until it succeeds: wait for that file, then kill.
    const partial = () => existsSync(join(dir, `.killed.exemplar.partial-${child.pid}`));
    for (let k = 0; k < 600 && !partial(); k++) await new Promise((r) => setTimeout(r, 50));
    expect(partial()).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(out)).toBe(false);
    // The next command into the same target clears what the killed one left.
    expect(run('import', data('zoo.csv'), '--out', out).code).toBe(0);
    expect(existsSync(join(dir, `.killed.exemplar.partial-${child.pid}`))).toBe(false);
  });

  it('refuses more prototypes than cases', () => {
    const r = run('fit', data('recipes.csv'), '--prototypes', '57', '--iterations', '5', '--seed', '1');
    // A value the API refuses (HTTP 400 in browser mode) is a usage mistake here.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('between 1 and the number of cases (56)');
  });
});

describe('using a saved model', () => {
  const file = () => join(dir, 'vote.exemplar');
  beforeAll(() => {
    json('fit', data('vote.arff'), '--label', 'Class', '--prototypes', '4', '--iterations', '60', '--seed', '4', '--out', file());
  });

  it('evaluates π against the label and lists the worst-explained cases', () => {
    const e = json('evaluate', file());
    expect(e.labelColumn).toBe('Class');
    expect(e.piAccuracy).toBeGreaterThan(0.8); // party from votes is easy; a broken π would be ~0.6
    expect(e.unsupervisedAccuracy).toBeGreaterThan(0.6);
    expect(e.criticisms).toHaveLength(10);
    expect(e.criticisms[0].logLikelihood).toBeLessThanOrEqual(e.criticisms[9].logLikelihood);
  });

  it('folds in a partly filled case', () => {
    const { predictions } = json('predict', file(), '--case', 'physician-fee-freeze=y;el-salvador-aid=y;education-spending=y');
    expect(predictions).toHaveLength(1);
    expect(predictions[0].pi.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 6);
    expect(predictions[0].nearest[0].weight).toBeGreaterThan(0.25);
  });

  it('pins a prototype, forces a subspace feature, and undoes the last edit', () => {
    const pinned = json('edit', file(), 'pin', '0', '17', '--iterations', '40');
    expect(pinned.prototypes[0].row).toBe(17);
    const forced = json('edit', file(), 'forbid', '1', 'crime', '--iterations', '40');
    expect(forced.prototypes[0].row).toBe(17);
    expect(forced.prototypes[1].subspace).not.toContain('crime');
    const undone = json('edit', file(), 'undo', '--iterations', '40');
    expect(undone.edits.map((e: { undone: boolean }) => e.undone)).toEqual([false, true]);
    expect(undone.prototypes[0].row).toBe(17);
  });
});

describe('what a new user sees', () => {
  const file = () => join(dir, 'labels.exemplar');
  it('fits with default sweeps, chains and a printed random seed; prototypes show their label and cluster mix', () => {
    const r = run('fit', data('vote.arff'), '--label', 'Class', '--prototypes', '3', '--out', file());
    expect(r.code).toBe(0);
    const seed = /Seed (\d+) \(give --seed \1 to repeat this fit\)/.exec(r.stderr);
    expect(seed).not.toBeNull();
    expect(r.stdout).toMatch(new RegExp(`1000 sweeps \\(burn-in 500\\), \\d chains?, seed ${seed![1]}`));
    expect(r.stdout).toMatch(/label (democrat|republican)/);
    expect(r.stdout).toMatch(/cluster labels: \d+% (democrat|republican)/);
    const shown = json('show', file());
    expect(shown.params.sweeps).toBe(1000);
    for (const p of shown.prototypes) {
      expect(['democrat', 'republican']).toContain(p.label);
      expect(p.labelMix.reduce((a: number, l: { share: number }) => a + l.share, 0)).toBeCloseTo(1, 9);
    }
  });

  it('similar results show their label, and predict gives a label with its probability', () => {
    const sim = json('similar', file(), '--row', '0', '--top', '3');
    for (const x of sim.results) expect(['democrat', 'republican']).toContain(x.label);
    const human = run('similar', file(), '--row', '0', '--top', '3');
    expect(human.stdout).toMatch(/Similar to row 0 \[(democrat|republican)\]/);
    expect(human.stdout + human.stderr).not.toMatch(/Vulkan|operator\(\)|onnxruntime on/);
    const p = json('predict', file(), '--case', 'physician-fee-freeze=y;el-salvador-aid=y;crime=y');
    expect(p.predictions[0].label.value).toBe('republican');
    expect(p.predictions[0].label.probability).toBeGreaterThan(0.5);
  });

  it('lists the absences of a set subspace on request', () => {
    const f = join(dir, 'recipes.exemplar');
    const r = run('fit', data('recipes.csv'), '--prototypes', '4', '--iterations', '100', '--seed', '1', '--out', f);
    expect(r.stdout).not.toMatch(/subspace: ;/);
    expect(r.stdout).toMatch(/the absence of \d+ items? \(--absences lists them\)/);
    const listed = run('show', f, '--absences');
    expect(listed.stdout).toMatch(/the absence of [a-z][^,]*, /);
  });
});

describe('a crash during a fit', () => {
  it('leaves a file that opens with its last checkpoint, and resume finishes the fit exactly', async () => {
    const file = join(dir, 'crash.exemplar');
    const args = ['fit', data('digits.csv'), '--label', 'digit', '--kind', 'px_*=numeric:edges=8', '--prototypes', '10', '--seed', '5', '--checkpoint-every', '10'];
    const child = spawn(process.execPath, [cli, ...args, '--chains', '2', '--iterations', '4000', '--out', file], { stdio: 'ignore' });
    // Wait for the event we need (a checkpoint in the file), not for a fixed time.
    const checkpointed = () => {
      if (!existsSync(file)) return 0;
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'checkpoints'").get() as { n: number }).n
          ? (db.prepare('SELECT coalesce(max(sweep), 0) AS s FROM checkpoints').get() as { s: number }).s
          : 0;
      } finally {
        db.close();
      }
    };
    for (let k = 0; k < 600 && checkpointed() < 20; k++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const sweep = checkpointed();
    expect(sweep).toBeGreaterThanOrEqual(20);

    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT status FROM models').get() as { status: string }).status).toBe('running');
    db.close();

    // The model is interrupted, not an error: show says where it stopped and how to resume, from its last checkpoint.
    const shown = run('show', file);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`Model 1: interrupted at sweep \\d+ of 4000\\.`));
    expect(shown.stdout).toContain(`Resume it with: exemplar resume ${file} --model 1`);
    expect(shown.stdout).toContain('from its last checkpoint');
    const shownJson = json('show', file);
    expect(shownJson).toMatchObject({ status: 'interrupted', partial: true, progress: { sweeps: 4000 } });
    expect(shownJson.prototypes).toHaveLength(10);
    // resume takes only the flags it honours.
    const refused = run('resume', file, '--iterations', '10');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('resume does not take --iterations (to run longer, give --extend N: N more sweeps)');

    // Resume to a shorter end so the test stays quick, then compare with an uninterrupted run to the same end.
    const d2 = new Database(file);
    d2.prepare("UPDATE models SET params_json = json_set(params_json, '$.sweeps', ?, '$.burnIn', ?)").run(sweep + 20, sweep + 10);
    d2.close();
    const resumed = json('resume', file);
    expect(resumed.logLikelihood).toHaveLength(sweep + 20);
    const whole = json(...args, '--chains', '2', '--iterations', String(sweep + 20), '--burn-in', String(sweep + 10));
    expect(resumed.cases).toEqual(whole.cases);
    expect(resumed.prototypes).toEqual(whole.prototypes);
    expect(resumed.logLikelihood).toEqual(whole.logLikelihood);
  });
});

describe('similar cases, judgments and learning to rank', () => {
  const file = () => join(dir, 'rank.exemplar');
  // Experts who care about three votes the model has no reason to favour: grade = agreements on them (0–3).
  const CARED = ['immigration', 'water-project-cost-sharing', 'synfuels-corporation-cutback'];
  beforeAll(() => {
    json('fit', data('vote.arff'), '--label', 'Class', '--prototypes', '4', '--iterations', '60', '--seed', '4', '--out', file());
  });

  it('ranks similar cases with explanations that sum to the score, and reports the provider', () => {
    const out = json('similar', file(), '--row', '5', '--top', '7');
    expect(out.provider).toBe('cpu'); // no GPU here; webgpu was tried and its failure reported
    expect(out.providerNotes.join(' ')).toMatch(/webgpu/);
    expect(out.results).toHaveLength(7);
    expect(out.results.map((r: { row: number }) => r.row)).not.toContain(5);
    for (let k = 1; k < 7; k++) expect(out.results[k - 1].score).toBeGreaterThanOrEqual(out.results[k].score);
    for (const r of out.results) {
      const sum = r.contributions.reduce((a: number, c: { weight: number }) => a + c.weight, 0);
      expect(sum).toBeCloseTo(r.score, 5);
      expect(Number.isInteger(r.sharedPrototype)).toBe(true);
    }
    const self = json('similar', file(), '--row', '5', '--top', '1', '--include-query');
    expect(self.results[0].row).toBe(5);
    const form = json('similar', file(), '--case', 'crime=y;education-spending=y', '--top', '3');
    expect(form.query.row).toBeNull();
    expect(form.results[0].contributions.filter((c: { kind: string }) => c.kind === 'matched').map((c: { feature: string }) => c.feature).sort()).toEqual(['crime', 'education-spending']);
  });

  it('imports judgments, learns the experts’ weights and beats the model’s ranking by query-fold CV', async () => {
    const batch = join(dir, 'queries.txt');
    writeFileSync(batch, Array.from({ length: 40 }, (_, k) => String(k * 7)).join('\n'));
    const { queries } = json('similar', file(), '--batch', batch, '--top', '30', '--model-ranking');
    const { importTable } = await import('./engine/import');
    const { cases } = await importTable(data('vote.arff'), { label: 'Class' });
    const f = cases.features.length;
    const cared = CARED.map((name) => cases.features.findIndex((x) => x.name === name));
    const lines: string[] = [];
    for (const q of queries)
      for (const r of q.results) {
        const grade = cared.filter((j) => cases.x[q.query.row * f + j] >= 0 && cases.x[q.query.row * f + j] === cases.x[r.row * f + j]).length;
        lines.push(`${q.query.row} 0 ${r.row} ${grade}`);
      }
    const qrels = join(dir, 'vote.qrels');
    writeFileSync(qrels, lines.join('\n') + '\n');
    expect(json('judge', file(), '--qrels', qrels)).toMatchObject({ imported: lines.length, queries: 40 });

    const evaluation = json('rank', 'eval', file());
    for (const m of ['ndcg@5', 'ndcg@10', 'ndcg@30', 'p@5', 'map']) {
      expect(evaluation.before[m]).toBeGreaterThanOrEqual(0);
      expect(evaluation.after[m]).toBeLessThanOrEqual(1);
    }
    expect(evaluation.after['ndcg@10']).toBeGreaterThan(evaluation.before['ndcg@10'] + 0.05);

    const trained = json('rank', 'train', file());
    const ranked = Object.entries(trained.weights as Record<string, number>).sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(ranked.slice(0, 3).sort()).toEqual([...CARED].sort());
    expect(json('similar', file(), '--row', '5').ranking).toBe('learned');
    expect(json('similar', file(), '--row', '5', '--model-ranking').ranking).toBe('model');

    // Export both formats; the SVMrank file carries the ranking features and reads back in.
    const outQrels = join(dir, 'out.qrels');
    expect(json('judge', file(), '--export', 'qrels', '--out', outQrels)).toMatchObject({ judgments: lines.length });
    expect(readFileSync(outQrels, 'utf8').trim().split('\n').sort()).toEqual([...lines].sort());
    const outDat = join(dir, 'out.dat');
    json('judge', file(), '--export', 'svmrank', '--out', outDat);
    const dat = readFileSync(outDat, 'utf8');
    expect(dat).toMatch(/^# features: 1=.*=π similarity/);
    expect(dat).toMatch(/\n[0-3] qid:\d+ \d+:[\d.e-]+.* # doc=\d+\n/);
    expect(json('judge', file(), '--svmrank', outDat)).toMatchObject({ imported: lines.length, queries: 40 });
  });

  it('refuses a malformed qrels line with its file, line and column', () => {
    const bad = join(dir, 'bad.qrels');
    writeFileSync(bad, '1 0 2 3\n1 0 x 2\n');
    const r = run('judge', file(), '--qrels', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.qrels:2:5: /);
  });
});

describe('exemplar audit (privacy audit)', () => {
  // zoo.csv with a keeper's name, e-mail and date of birth planted (kept out of the model), and a sex column
  // to use as a quasi-identifier. Every modelled column is categorical or boolean, so the raw cells of the
  // CSV are what the model compares: the brute-force counts below read them directly.
  const rows = () => readFileSync(data('zoo.csv'), 'utf8').trim().split(/\r?\n/).map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
  const first = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances'];
  const last = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Allen'];
  let file: string;
  let table: string[][];

  beforeAll(() => {
    const [header, ...body] = rows();
    table = body.map((r, i) => [...r, `${first[i % 7]} ${last[(i * 3) % 7]}`, `keeper${i}@zoo.example`, `19${60 + (i % 40)}-0${1 + (i % 9)}-${10 + (i % 19)}`, i % 3 ? 'F' : 'M']);
    const csv = join(dir, 'zoo-keepers.csv');
    writeFileSync(csv, [[...header, 'keeper', 'email', 'dob', 'sex'], ...table].map((r) => r.join(',')).join('\n') + '\n');
    file = join(dir, 'zoo-keepers.exemplar');
    const ignored = ['keeper', 'email', 'dob', 'sex'].flatMap((c) => ['--kind', `${c}=ignored`]);
    json('fit', csv, '--label', 'type', ...ignored, '--prototypes', '4', '--iterations', '60', '--seed', '2', '--chains', '1', '--out', file);
  });

  it('finds the planted identifiers, and k and the near-duplicates equal brute-force counts', () => {
    const out = json('audit', file, '--quasi', 'sex', '--k', '30');
    const header = rows()[0].concat(['keeper', 'email', 'dob', 'sex']);
    expect(out.identifierColumns.map((c: { column: string }) => c.column).sort()).toEqual(['dob', 'email', 'keeper']);
    for (const c of out.identifierColumns) expect(c.reason).toMatch(/names|e-mail|dates of birth/);
    expect(out.prototypes).toHaveLength(4);
    for (const p of out.prototypes) {
      const cols = [...p.subspace, 'sex'].map((c: string) => header.indexOf(c));
      expect(cols.every((c: number) => c >= 0)).toBe(true);
      const k = table.filter((r) => cols.every((c: number) => r[c] === table[p.row][c])).length;
      expect(p.k).toBe(k);
      expect(p.quasiIdentifiers).toEqual(['sex']);
      expect(p.warning === null).toBe(k >= 30);
    }
    // Near-duplicates on the 16 modelled columns (every column but the label and the planted ones).
    const modelled = header.map((_, c) => c).filter((c) => !['type', 'keeper', 'email', 'dob', 'sex'].includes(header[c]));
    let pairs = 0;
    let identical = 0;
    for (let a = 0; a < table.length; a++)
      for (let b = a + 1; b < table.length; b++) {
        const differing = modelled.filter((c) => table[a][c] !== table[b][c]).length;
        if (differing <= 1) pairs++;
        if (differing === 0) identical++;
      }
    expect(out.nearDuplicateCount).toBe(pairs);
    expect(out.identicalCount).toBe(identical);
    for (const d of out.nearDuplicates.slice(0, 50)) expect(modelled.filter((c) => table[d.a][c] !== table[d.b][c]).length).toBe(d.differing);
    expect(out.criticisms).toHaveLength(10);
    for (const c of out.criticisms) {
      expect(c.logLikelihood).toBeLessThan(0);
      expect(c.features).toHaveLength(3);
      // The value named is the case's own.
      for (const f of c.features) expect(table[c.row][header.indexOf(f.feature)].toLowerCase()).toBe(f.value.toLowerCase());
    }
    expect(out.memorization).toBeUndefined();
    // Planted bug, seen red once: counting the prototype's k without the quasi-identifier gave larger k than the brute force.
  });

  it('proposes the date of birth and sex as quasi-identifiers, and says the warnings first in words', () => {
    const out = json('audit', file);
    expect(out).toMatchObject({ quasi: ['dob', 'sex'], quasiProposed: true, k: 5 });
    // Dates of birth are all but unique here: every prototype is exposed.
    for (const p of out.prototypes) expect(p.k).toBeLessThan(5);
    const r = run('audit', file);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\d+ warnings:$/);
    expect(lines[1]).toMatch(/Column keeper looks identifying: .*people's names/);
    expect(r.stdout).toMatch(/prototype \(row \d+\) shares .* Fix: generalise .* redact .* pin another case/);
  });

  it('leaves the ordinary columns of the shipped data alone, and refuses an unknown quasi-identifier', () => {
    const vote = join(dir, 'vote-audit.exemplar');
    json('fit', data('vote.arff'), '--label', 'Class', '--prototypes', '3', '--iterations', '40', '--seed', '1', '--chains', '1', '--out', vote);
    const out = json('audit', vote);
    expect(out.identifierColumns).toEqual([]);
    expect(out.quasi).toEqual([]);
    const r = run('audit', vote, '--quasi', 'clas');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No column "clas" in dataset 1\. Did you mean "Class"\?/);
  });

  it('scores memorisation only with --memorization, and needs a label for it', () => {
    const out = json('audit', file, '--memorization');
    expect(out.memorization).toHaveLength(table.length);
    const scores = out.memorization.map((m: { score: number }) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const m of out.memorization) expect(m.score >= -1 && m.score <= 1 && Number.isInteger(m.row)).toBe(true);
    expect(run('audit', file, '--memorization').stdout).toMatch(/Most memorised cases/);
    const recipes = join(dir, 'recipes-audit.exemplar');
    json('fit', data('recipes.csv'), '--prototypes', '3', '--iterations', '20', '--seed', '1', '--chains', '1', '--out', recipes);
    const r = run('audit', recipes, '--memorization');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/memorisation score needs a label column/);
  });
});

describe('exemplar report', () => {
  /** `exemplar ARGS` run in a folder (the printed commands name files relative to it); its output. */
  const at = (cwd: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
    if (r.status !== 0) throw new Error(`exemplar ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  };

  // The command a report prints must repeat the fit exactly: run in a fresh folder holding only a copy of the
  // data file, it gives the same prototypes, π and data fingerprint, edits included.
  it('prints commands that reproduce the fit bit for bit, and a data fingerprint that matches', () => {
    const first = join(dir, 'report-first');
    const again = join(dir, 'report-again');
    for (const d of [first, again]) execFileSync('mkdir', ['-p', d]);
    writeFileSync(join(first, 'zoo.csv'), readFileSync(data('zoo.csv')));
    writeFileSync(join(again, 'zoo.csv'), readFileSync(data('zoo.csv')));
    at(first, 'import', 'zoo.csv', '--out', 'p.exemplar', '--label', 'type', '--kind', 'legs=numeric:bins=3');
    at(first, 'fit', 'p.exemplar', '--prototypes', '5', '--iterations', '60', '--seed', '11', '--chains', '2', '--alpha', '0.7');
    at(first, 'edit', 'p.exemplar', 'force', '1', 'legs', '--iterations', '20');
    const written = JSON.parse(at(first, 'report', 'p.exemplar', '--format', 'json,csv', '--out', 'r', '--json'));
    expect(written.files.map((f: { path: string }) => f.path)).toEqual([join(first, 'r.json'), join(first, 'r-pi.csv')]);
    const report = JSON.parse(readFileSync(join(first, 'r.json'), 'utf8'));
    const commands: string[] = report.reproduce.commands;
    expect(commands[0]).toContain('--kind legs=numeric:bins=3');
    expect(commands[2]).toBe('exemplar edit project.exemplar --model 1 force 1 legs --iterations 20');
    // Each command as a shell would split it (they quote only with single quotes).
    for (const c of commands) {
      const argv = [...c.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]));
      expect(argv[0]).toBe('exemplar');
      at(again, ...argv.slice(1));
    }
    const before = JSON.parse(at(first, 'show', 'p.exemplar', '--json'));
    const after = JSON.parse(at(again, 'show', 'project.exemplar', '--json'));
    expect(after.prototypes.map((p: { row: number }) => p.row)).toEqual(before.prototypes.map((p: { row: number }) => p.row));
    expect(after.cases).toEqual(before.cases);
    at(again, 'report', 'project.exemplar', '--format', 'json', '--out', 'r.json');
    expect(JSON.parse(readFileSync(join(again, 'r.json'), 'utf8')).reproduce.dataFingerprint).toBe(report.reproduce.dataFingerprint);
  });

  it('gives an image’s pixels as one glob with the constant ones named after it, and they import the same data', () => {
    const first = join(dir, 'report-digits');
    const again = join(dir, 'report-digits-again');
    for (const d of [first, again]) {
      execFileSync('mkdir', ['-p', d]);
      writeFileSync(join(d, 'digits.csv'), readFileSync(data('digits.csv')));
    }
    at(first, 'import', 'digits.csv', '--out', 'p.exemplar', '--kind', 'px_*=numeric:edges=8', '--label', 'digit');
    at(first, 'fit', 'p.exemplar', '--prototypes', '10', '--iterations', '10', '--seed', '3', '--chains', '1');
    at(first, 'report', 'p.exemplar', '--format', 'json', '--sections', 'model', '--out', 'r.json');
    const report = JSON.parse(readFileSync(join(first, 'r.json'), 'utf8'));
    const commands: string[] = report.reproduce.commands;
    // The three pixels that never vary were ignored by the importer: named after the glob.
    expect(commands[0]).toBe("exemplar import digits.csv --out project.exemplar --label digit --image 8x8 --kind 'px_*=numeric:edges=8' --kind px_0_0=ignored --kind px_4_0=ignored --kind px_4_7=ignored");
    for (const c of commands) at(again, ...[...c.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]).slice(1));
    expect(JSON.parse(at(again, 'show', 'project.exemplar', '--json')).cases).toEqual(JSON.parse(at(first, 'show', 'p.exemplar', '--json')).cases);
    at(again, 'report', 'project.exemplar', '--format', 'json', '--sections', 'model', '--out', 'r.json');
    expect(JSON.parse(readFileSync(join(again, 'r.json'), 'utf8')).reproduce.dataFingerprint).toBe(report.reproduce.dataFingerprint);
  });

  it('refuses an unknown format or section, and a redaction of a column the data does not have', () => {
    const p = join(dir, 'report-first', 'p.exemplar');
    expect(run('report', p, '--format', 'docx', '--out', 'x').stderr).toContain('--format docx: expected one of html, pdf, md, json, csv.');
    expect(run('report', p, '--format', 'html', '--sections', 'summary', '--out', 'x').code).toBe(2);
    const r = run('report', p, '--format', 'html', '--out', join(dir, 'x.html'), '--redact', 'nmae');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No column "nmae" to redact');
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});
