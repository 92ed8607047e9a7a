// The `exemplar` command: the same API as the app, from a terminal. Human output by default, one JSON
// object with --json (the shapes are a contract: fields are added, never renamed or dropped; see README).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnKind, ColumnSpec } from '../shared/data';
import { COLUMN_KINDS, type IbcmEdit, type JobEvent, type ModelView } from '../shared/api';
import { ExemplarService } from './api';
import { ImportError } from './engine/import';
import { SERVE_USAGE, serveCommand } from './serve';
import { JudgmentFormatError, parseQrels, parseSvmRank } from './engine/rank/judgments';
import type { SimilarQuery, SimilarResponse } from '../shared/api';

class UsageError extends Error {}

const USAGE = `exemplar — fit a Bayesian Case Model to a table of cases and explore it

Usage:
  exemplar import DATA --out FILE.exemplar [--label COL] [--kind COL=KIND[:opt=v,...]]... [--json]
  exemplar fit DATA [--label COL] --prototypes S --iterations N --seed K [--chains C] [--out FILE.exemplar] [--json]
        [--burn-in B] [--alpha A] [--q Q] [--lambda L] [--c C] [--learn-alpha] [--kind ...] [--dataset ID]
  exemplar show FILE.exemplar [--model ID] [--json]
  exemplar resume FILE.exemplar [--model ID] [--json]
  exemplar predict FILE.exemplar [--model ID] --case 'col=value;col=value' ... [--json]
  exemplar evaluate FILE.exemplar [--model ID] [--json]
  exemplar edit FILE.exemplar [--model ID] (pin CLUSTER ROW | unpin CLUSTER | force|forbid|free CLUSTER FEATURE | undo | list)
        [--iterations N] [--json]
  ${SERVE_USAGE}                # the UI in a browser, on 127.0.0.1 with a launch token
  exemplar similar FILE.exemplar [--model ID] (--row R | --case 'col=value;...' | --batch FILE) [--top K]
        [--include-query] [--model-ranking] [--weight FEATURE=W]... [--json]
  exemplar judge FILE.exemplar (--qrels PATH | --svmrank PATH) [--dataset ID] [--json]
  exemplar judge FILE.exemplar --export (qrels|svmrank) --out PATH [--model ID]
  exemplar rank train|eval FILE.exemplar [--model ID] [--json]
  exemplar demo

DATA is a CSV/TSV, ARFF or JSON Lines file, or an .exemplar project (its latest dataset, or --dataset ID).
Column kinds: ${COLUMN_KINDS.join(', ')}. Options: bins=N, edges=a|b|c, delimiter=;, vocabulary=N.
  e.g. --kind 'px_*=numeric:edges=8'  --kind 'ingredients=set:delimiter=;'
Clusters are numbered from 0; rows are 0-based data rows.`;

const options = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  label: { type: 'string' },
  kind: { type: 'string', multiple: true },
  prototypes: { type: 'string' },
  iterations: { type: 'string' },
  'burn-in': { type: 'string' },
  seed: { type: 'string' },
  chains: { type: 'string' },
  alpha: { type: 'string' },
  q: { type: 'string' },
  lambda: { type: 'string' },
  c: { type: 'string' },
  'learn-alpha': { type: 'boolean' },
  'checkpoint-every': { type: 'string' },
  dataset: { type: 'string' },
  model: { type: 'string' },
  case: { type: 'string', multiple: true },
  row: { type: 'string' },
  top: { type: 'string' },
  batch: { type: 'string' },
  'include-query': { type: 'boolean' },
  'model-ranking': { type: 'boolean' },
  weight: { type: 'string', multiple: true },
  qrels: { type: 'string' },
  svmrank: { type: 'string' },
  export: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type Args = ReturnType<typeof parse>;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function int(args: Args, name: keyof typeof options, fallback?: number, min = 0): number {
  const raw = args.values[name as 'seed'];
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required.`);
    return fallback;
  }
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, not "${raw}".`);
  return v;
}

function num(args: Args, name: 'alpha' | 'q' | 'lambda' | 'c', lo: number, hi: number): number | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= lo || v >= hi) throw new UsageError(`--${name} must be a number in (${lo}, ${hi}), not "${raw}".`);
  return v;
}

/** `--kind COL=KIND[:opt=v,...]` → overrides for the importer. */
export function parseKinds(specs: string[] = []): Record<string, Partial<ColumnSpec>> {
  const out: Record<string, Partial<ColumnSpec>> = {};
  for (const spec of specs) {
    const m = /^([^=]+)=([a-z]+)(?::(.*))?$/.exec(spec);
    if (!m || !COLUMN_KINDS.includes(m[2] as ColumnKind))
      throw new UsageError(`--kind "${spec}": expected COLUMN=KIND[:option=value,...] with KIND one of ${COLUMN_KINDS.join(', ')}.`);
    const o: Partial<ColumnSpec> = { kind: m[2] as ColumnKind };
    for (const opt of m[3] ? m[3].split(',') : []) {
      const [k, v] = opt.split('=');
      if (k === 'bins') o.bins = Number(v);
      else if (k === 'edges') o.edges = v.split('|').map(Number);
      else if (k === 'delimiter') o.delimiter = v;
      else if (k === 'vocabulary') o.vocabularyCap = Number(v);
      else throw new UsageError(`--kind "${spec}": unknown option "${k}" (bins, edges, delimiter, vocabulary).`);
      if ([o.bins, o.vocabularyCap, ...(o.edges ?? [])].some((x) => x !== undefined && !Number.isFinite(x)))
        throw new UsageError(`--kind "${spec}": option "${k}" needs a number.`);
    }
    out[m[1]] = o;
  }
  return out;
}

/** Progress on stderr, one updating line on a terminal; silent otherwise so scripts read clean output. */
function progressPrinter(service: ExemplarService, jobId: string): () => void {
  if (!process.stderr.isTTY) return () => {};
  const off = service.jobs.on((e: JobEvent) => {
    if (e.jobId !== jobId || e.type !== 'progress') return;
    const pct = e.total ? Math.floor((100 * e.done) / e.total) : 0;
    const extra = e.logJoint !== undefined ? `  log joint ${e.logJoint.toFixed(1)}  ${((e.secondsPerSweep ?? 0) * 1000).toFixed(2)} ms/sweep` : '';
    process.stderr.write(`\r${e.phase} ${pct}%${extra}\x1b[K`);
  });
  return () => {
    off();
    process.stderr.write('\r\x1b[K');
  };
}

/** Runs a job to its end; Ctrl-C cancels it (the last checkpoint stays in the project file). */
async function runJob(service: ExemplarService, jobId: string): Promise<unknown> {
  const stop = progressPrinter(service, jobId);
  const onSigint = () => void service.cancel(jobId);
  process.on('SIGINT', onSigint);
  try {
    return await service.wait(jobId);
  } finally {
    process.off('SIGINT', onSigint);
    stop();
  }
}

async function importInto(service: ExemplarService, data: string, args: Args): Promise<number> {
  if (!existsSync(data)) throw new Error(`${data}: no such file.`);
  const { jobId } = await service.importData({ path: data, label: args.values.label, overrides: parseKinds(args.values.kind) });
  const result = (await runJob(service, jobId)) as { dataset: { id: number } };
  return result.dataset.id;
}

function latestModel(service: ExemplarService, args: Args): Promise<number> {
  if (args.values.model !== undefined) return Promise.resolve(int(args, 'model', undefined, 1));
  return service.listModels().then((models) => {
    const done = models.filter((m) => m.status === 'done');
    if (!done.length) throw new Error(`${service.project.path} holds no finished model.`);
    return done[done.length - 1].id;
  });
}

/** The `fit --json` contract, also printed by `show --json`. */
function modelJson(model: ModelView, extra: Record<string, unknown>) {
  return {
    prototypes: model.prototypes.map((p) => ({
      row: p.row,
      subspace: p.subspace,
      size: p.size,
      cluster: p.cluster,
      frequency: p.frequency,
      alternatives: p.alternatives,
      values: p.values,
      subspaceProbability: Object.fromEntries(model.features.map((f, j) => [f, p.subspaceProbability[j]])),
    })),
    cases: model.pi.map((pi, row) => ({ row, pi })),
    logLikelihood: model.logLikelihood,
    secondsPerSweep: model.secondsPerSweep,
    seed: model.params.seed,
    modelId: model.id,
    alpha: model.alpha,
    rhat: model.rhat,
    chains: model.chains,
    params: model.params,
    features: model.features.map((name, j) => ({ name, values: model.featureValues[j] })),
    phi: model.phi,
    ...extra,
  };
}

function printModel(service: ExemplarService, model: ModelView): void {
  const idColumn = service.loadDataset(model.datasetId).record.columns.find((c) => c.kind === 'identifier')?.name;
  const rows = service.caseRows(model.datasetId, model.prototypes.map((p) => p.row));
  console.log(`Model ${model.id}: ${model.prototypes.length} prototypes, ${model.pi.length} cases, α = ${model.alpha.toPrecision(3)}, ${(model.secondsPerSweep * 1000).toFixed(2)} ms/sweep`);
  if (model.rhat !== null) console.log(`Convergence: split-R̂ of the log joint over ${model.chains.length} chains = ${model.rhat.toFixed(3)}${model.rhat > 1.1 ? '  (above 1.1: run more iterations)' : ''}`);
  for (const p of model.prototypes) {
    const name = idColumn ? ` ${rows.find((r) => r.row === p.row)?.values[idColumn] ?? ''}` : '';
    console.log(`\n[${p.cluster}] row ${p.row}${name}  (${p.size} cases, prototype in ${(p.frequency * 100).toFixed(0)}% of sweeps${p.pinned ? ', pinned' : ''})`);
    const entries = Object.entries(p.values);
    const absent = entries.filter(([, v]) => v === 'absent').length;
    const shown = entries.filter(([, v]) => v !== 'absent').slice(0, 16).map(([f, v]) => (v === 'present' || v === 'true' ? f : `${f}=${v}`));
    const more = entries.length - absent - shown.length;
    console.log(`    subspace: ${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''}${absent ? `; and the absence of ${absent} items` : ''}`);
  }
}

/** A project file this command created: removed again when the command fails, so a failure writes nothing. */
function createProject(path: string): { service: ExemplarService; discard: () => Promise<void> } {
  const existed = existsSync(path);
  const service = ExemplarService.open(path, { create: true });
  return {
    service,
    discard: async () => {
      await service.close();
      if (!existed) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    },
  };
}

async function openFor(path: string): Promise<ExemplarService> {
  if (!existsSync(path)) throw new Error(`${path}: no such project file.`);
  // One process per command: the resident GPU scorer's set-up (seconds at a million cases) would not pay off.
  return ExemplarService.open(path, { retriever: { resident: 'off' } });
}

async function cmdFit(args: Args, data: string, demo = false): Promise<void> {
  const isProject = extname(data) === '.exemplar';
  const tmp = args.values.out ? null : mkdtempSync(join(tmpdir(), 'exemplar-'));
  const out = args.values.out ? resolve(args.values.out) : join(tmp!, 'fit.exemplar');
  const S = int(args, 'prototypes', undefined, 1);
  const iterations = int(args, 'iterations', undefined, 1);
  const seed = int(args, 'seed', undefined, 0);
  const chains = int(args, 'chains', 1, 1);
  const created = isProject ? null : createProject(out);
  const service = created ? created.service : await openFor(data);
  let ok = false;
  try {
    let datasetId: number;
    if (isProject) {
      const sets = await service.listDatasets();
      if (!sets.length) throw new Error(`${data} holds no dataset.`);
      datasetId = args.values.dataset ? int(args, 'dataset', undefined, 1) : sets[sets.length - 1].id;
    } else {
      if (!existsSync(data)) throw new Error(`${data}: no such file.`);
      datasetId = await importInto(service, data, args);
    }
    ok = true; // from here the project holds a dataset: a cancelled or failed fit keeps it (and its checkpoints)
    const { jobId, modelId } = await service.fit({
      datasetId,
      prototypes: S,
      iterations,
      burnIn: args.values['burn-in'] !== undefined ? int(args, 'burn-in', 0, 0) : undefined,
      seed,
      chains,
      alpha: num(args, 'alpha', 0, Infinity),
      q: num(args, 'q', 0, 1),
      lambda: num(args, 'lambda', 0, Infinity),
      c: num(args, 'c', -1e-12, Infinity),
      learnAlpha: args.values['learn-alpha'] ? true : undefined,
      checkpointEvery: args.values['checkpoint-every'] !== undefined ? int(args, 'checkpoint-every', 0, 1) : undefined,
    });
    await runJob(service, jobId);
    const model = await service.getModel(modelId!);
    if (args.values.json) console.log(JSON.stringify(modelJson(model, { project: tmp ? null : service.project.path })));
    else {
      printModel(service, model);
      if (!tmp) console.log(`\nSaved to ${service.project.path} (model ${model.id}).`);
      else if (!demo) console.log('\n(not saved: add --out FILE.exemplar to keep the model)');
    }
  } finally {
    if (!ok && created) await created.discard();
    else await service.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

async function withProject(path: string | undefined, fn: (s: ExemplarService) => Promise<void>): Promise<void> {
  if (!path) throw new UsageError('Give the project file (FILE.exemplar).');
  const service = await openFor(path);
  try {
    await fn(service);
  } finally {
    await service.close();
  }
}

async function cmdSimilar(s: ExemplarService, args: Args): Promise<void> {
  const modelId = await latestModel(s, args);
  const given = [args.values.row, args.values.case, args.values.batch].filter((v) => v !== undefined).length;
  if (given !== 1) throw new UsageError('similar: give one of --row R, --case "col=value;...", --batch FILE.');
  let queries: SimilarQuery[];
  if (args.values.row !== undefined) queries = [{ row: int(args, 'row', undefined, 0) }];
  else if (args.values.case) queries = args.values.case.map((c) => ({ form: parseCase(c) }));
  else {
    // One query per line: a 0-based row, or col=value;col=value.
    const lines = readFileSync(args.values.batch!, 'utf8').split(/\r?\n/).filter((l) => l.trim());
    queries = lines.map((l) => (/^\d+$/.test(l.trim()) ? { row: Number(l.trim()) } : { form: parseCase(l) }));
  }
  const weights: Record<string, number> = {};
  for (const w of args.values.weight ?? []) {
    const k = w.lastIndexOf('=');
    const v = Number(w.slice(k + 1));
    if (k < 1 || !(v >= 0)) throw new UsageError(`--weight "${w}": expected FEATURE=WEIGHT with a weight ≥ 0.`);
    weights[w.slice(0, k)] = v;
  }
  const top = int(args, 'top', 10, 1);
  const common = { modelId, top, includeQuery: args.values['include-query'] ?? false, learned: !args.values['model-ranking'] };
  const responses: SimilarResponse[] =
    queries.length === 1 ? [await s.similar({ ...common, ...queries[0], weights })] : await s.similarBatch({ ...common, queries }, weights);
  const slim = (r: SimilarResponse) => ({
    ...r,
    results: r.results.map((x) => ({ ...x, contributions: x.contributions.filter((c) => c.weight !== 0 || c.kind === 'pi') })),
  });
  if (args.values.json) {
    if (queries.length === 1) console.log(JSON.stringify(slim(responses[0])));
    else console.log(JSON.stringify({ provider: responses[0].provider, ranking: responses[0].ranking, queries: responses.map(slim) }));
    return;
  }
  const model = await s.getModel(modelId);
  const idColumn = s.loadDataset(model.datasetId).record.columns.find((c) => c.kind === 'identifier')?.name;
  const names = new Map(
    s.caseRows(model.datasetId, [...new Set(responses.flatMap((r) => [...r.results.map((x) => x.row), r.query.row ?? 0]))]).map((r) => [r.row, idColumn ? ` ${r.values[idColumn] ?? ''}` : '']),
  );
  for (const r of responses) {
    const q = r.query.row !== null ? `row ${r.query.row}${names.get(r.query.row) ?? ''}` : 'the form';
    console.log(`Similar to ${q} — ${r.ranking} ranking, scored by onnxruntime on ${r.provider}`);
    for (const note of r.providerNotes) console.log(`  (${note})`);
    r.results.forEach((x, k) => {
      console.log(`${String(k + 1).padStart(3)}. row ${x.row}${names.get(x.row) ?? ''}  score ${x.score.toFixed(3)}  shares prototype row ${x.sharedPrototype} [${x.sharedCluster}]`);
      // Shared presences read best; shared absences (both lack an ingredient) are summed on one line.
      const absent = (c: { queryValue?: string }) => c.queryValue === 'absent' || c.queryValue === 'false';
      const shown = x.contributions.filter((c) => c.weight > 0 && !absent(c)).sort((a, b) => b.weight - a.weight);
      const absences = x.contributions.filter((c) => c.weight > 0 && absent(c));
      const parts = shown.slice(0, 8).map((c) => `${c.kind === 'matched' && c.queryValue && c.queryValue !== 'present' && c.queryValue !== 'true' ? `${c.feature}=${c.queryValue}` : c.feature} +${c.weight.toFixed(3)}`);
      if (shown.length > 8) parts.push(`… ${shown.length - 8} more`);
      if (absences.length) parts.push(`${absences.length} shared absences +${absences.reduce((a, c) => a + c.weight, 0).toFixed(3)}`);
      console.log(`     ${parts.join(', ')}`);
      if (x.mismatched.length) console.log(`     differs on: ${x.mismatched.slice(0, 6).join(', ')}${x.mismatched.length > 6 ? ', …' : ''}`);
    });
  }
}

/** `col=value;col=value`, or a JSON object (for values holding `;`, e.g. sets), → a partly filled case. */
function parseCase(text: string): Record<string, string | null> {
  if (text.trim().startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--case ${text}: ${(e as Error).message}`);
    }
  }
  const out: Record<string, string | null> = {};
  for (const part of text.split(';').filter(Boolean)) {
    const k = part.indexOf('=');
    if (k < 1) throw new UsageError(`--case "${text}": expected col=value;col=value.`);
    out[part.slice(0, k).trim()] = part.slice(k + 1).trim();
  }
  return out;
}

function parseEdit(words: string[]): IbcmEdit {
  const [verb, a, b] = words;
  const cluster = Number(a);
  if (verb === 'pin' && a !== undefined && b !== undefined) return { kind: 'pin', cluster, row: Number(b) };
  if (verb === 'unpin' && a !== undefined) return { kind: 'unpin', cluster };
  if ((verb === 'force' || verb === 'forbid' || verb === 'free') && a !== undefined && b !== undefined) return { kind: 'subspace', cluster, feature: b, state: verb };
  throw new UsageError('edit: expected pin CLUSTER ROW | unpin CLUSTER | force|forbid|free CLUSTER FEATURE | undo | list.');
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'serve') return serveCommand(argv.slice(1));
  const args = parse(argv);
  const [command, target, ...rest] = args.positionals;
  if (args.values.help || !command) {
    console.log(USAGE);
    return;
  }
  const json = args.values.json ?? false;
  switch (command) {
    case 'import': {
      if (!target) throw new UsageError('import: give the data file.');
      if (!args.values.out) throw new UsageError('import: give --out FILE.exemplar.');
      const { service, discard } = createProject(resolve(args.values.out));
      let ok = false;
      try {
        const id = await importInto(service, target, args);
        ok = true;
        const info = service.datasetInfo(id);
        if (json) console.log(JSON.stringify(info));
        else {
          console.log(`Imported ${info.rows} cases from ${target} as dataset ${id} (${info.features.length} features).`);
          for (const s of info.summaries) {
            // What each column became: its bins (with their edges), or how many item/word features.
            const feats = info.features.filter((f) => f.column === s.name);
            const detail =
              s.kind === 'numeric' && feats[0] ? `  bins: ${feats[0].values.join(' | ')}` : (s.kind === 'set' || s.kind === 'text') && feats.length ? `  ${feats.length} features` : '';
            console.log(`  ${s.name.padEnd(24)} ${s.kind.padEnd(12)} ${s.reason}${detail}`);
          }
          for (const w of info.warnings) console.log(`  warning: ${w}`);
        }
      } finally {
        if (ok) await service.close();
        else await discard();
      }
      return;
    }
    case 'fit':
      if (!target) throw new UsageError('fit: give the data file.');
      return cmdFit(args, target);
    case 'demo': {
      const recipes = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'data', 'recipes.csv');
      console.log(`Exemplar demo: the BCM paper's recipes (${recipes}), 4 prototypes.\n`);
      return cmdFit(parse(['fit', recipes, '--prototypes', '4', '--iterations', '400', '--seed', '1']), recipes, true);
    }
    case 'show':
      return withProject(target, async (s) => {
        const model = await s.getModel(await latestModel(s, args));
        if (json) console.log(JSON.stringify(modelJson(model, { project: s.project.path, status: model.status, edits: model.edits })));
        else printModel(s, model);
      });
    case 'resume':
      return withProject(target, async (s) => {
        const models = await s.listModels();
        const id = args.values.model ? int(args, 'model', undefined, 1) : models.filter((m) => m.status !== 'done').at(-1)?.id;
        if (id === undefined) throw new Error(`${target} has no unfinished model to resume.`);
        const { jobId } = await s.resume(id);
        await runJob(s, jobId);
        const model = await s.getModel(id);
        if (json) console.log(JSON.stringify(modelJson(model, { project: s.project.path })));
        else printModel(s, model);
      });
    case 'predict':
      return withProject(target, async (s) => {
        const cases = (args.values.case ?? []).map(parseCase);
        if (!cases.length) throw new UsageError("predict: give at least one --case 'col=value;col=value'.");
        const predictions = await s.predict({ modelId: await latestModel(s, args), cases });
        if (json) console.log(JSON.stringify({ predictions }));
        else
          predictions.forEach((p, k) => {
            console.log(`case ${k}: log-likelihood per feature ${p.logLikelihood.toFixed(3)}`);
            for (const near of p.nearest.slice(0, 3)) console.log(`  cluster ${near.cluster} (prototype row ${near.prototype}): π = ${near.weight.toFixed(3)}`);
          });
      });
    case 'evaluate':
      return withProject(target, async (s) => {
        const e = await s.evaluate(await latestModel(s, args));
        if (json) console.log(JSON.stringify(e));
        else {
          if (e.piAccuracy !== null) console.log(`π → logistic regression, ${e.folds}-fold accuracy: ${e.piAccuracy.toFixed(3)} (label ${e.labelColumn})`);
          if (e.unsupervisedAccuracy !== null) console.log(`Majority label of each cluster: ${e.unsupervisedAccuracy.toFixed(3)}`);
          if (e.labelColumn === null) console.log('No label column: accuracies need --label at import.');
          console.log('Cases the model explains worst (fold-in log-likelihood per feature):');
          for (const c of e.criticisms) console.log(`  row ${c.row}: ${c.logLikelihood.toFixed(3)}`);
        }
      });
    case 'edit':
      return withProject(target, async (s) => {
        const modelId = await latestModel(s, args);
        const iterations = args.values.iterations ? int(args, 'iterations', undefined, 2) : undefined;
        if (rest[0] === 'list') {
          const model = await s.getModel(modelId);
          if (json) console.log(JSON.stringify({ edits: model.edits }));
          else for (const e of model.edits) console.log(`${e.seq}${e.undone ? ' (undone)' : ''}: ${JSON.stringify(e.edit)}`);
          return;
        }
        const { jobId } = rest[0] === 'undo' ? await s.undo(modelId, iterations) : await s.edit({ modelId, edit: parseEdit(rest), iterations });
        await runJob(s, jobId);
        const model = await s.getModel(modelId);
        if (json) console.log(JSON.stringify(modelJson(model, { project: s.project.path, edits: model.edits })));
        else printModel(s, model);
      });
    case 'similar':
      return withProject(target, async (s) => cmdSimilar(s, args));
    case 'judge':
      return withProject(target, async (s) => {
        if (args.values.export !== undefined) {
          const format = args.values.export;
          if (format !== 'qrels' && format !== 'svmrank') throw new UsageError('judge --export: qrels or svmrank.');
          if (!args.values.out) throw new UsageError('judge --export: give --out PATH.');
          const text = await s.exportJudgments(await latestModel(s, args), format);
          writeFileSync(args.values.out, text);
          const lines = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
          if (json) console.log(JSON.stringify({ path: args.values.out, format, judgments: lines }));
          else console.log(`Wrote ${lines} judgments to ${args.values.out} (${format}).`);
          return;
        }
        const path = args.values.qrels ?? args.values.svmrank;
        if (!path || (args.values.qrels && args.values.svmrank)) throw new UsageError('judge: give --qrels PATH or --svmrank PATH.');
        if (!existsSync(path)) throw new Error(`${path}: no such file.`);
        const text = readFileSync(path, 'utf8');
        const judgments = args.values.qrels
          ? parseQrels(text, path).map((j) => ({ query: j.query, doc: j.doc, grade: j.grade }))
          : parseSvmRank(text, path).map((l, k) => {
              if (l.doc === null) throw new Error(`${path}: line ${k + 1} names no data row: end it with "# doc=ROW".`);
              return { query: l.query, doc: l.doc, grade: l.grade };
            });
        const sets = await s.listDatasets();
        const datasetId = args.values.dataset ? int(args, 'dataset', undefined, 1) : sets.at(-1)?.id;
        if (datasetId === undefined) throw new Error(`${target} holds no dataset.`);
        const { stored } = await s.addJudgments({ datasetId, judgments, source: path });
        const queries = new Set(judgments.map((j) => j.query)).size;
        if (json) console.log(JSON.stringify({ datasetId, imported: stored, queries }));
        else console.log(`Imported ${stored} judgments for ${queries} queries into dataset ${datasetId}.`);
      });
    case 'rank': {
      const [file] = rest;
      if (target !== 'train' && target !== 'eval') throw new UsageError('rank: expected rank train|eval FILE.exemplar.');
      return withProject(file, async (s) => {
        const modelId = await latestModel(s, args);
        const report = target === 'train' ? await s.trainRanker(modelId) : await s.evaluateRanker(modelId);
        if (json) console.log(JSON.stringify(report));
        else {
          console.log(`${report.judgments} judgments over ${report.queries} queries, ${report.folds}-fold query cross-validation (C = ${report.C}):`);
          console.log(`  ${'metric'.padEnd(8)} ${'model'.padStart(7)} ${'learned'.padStart(8)}`);
          for (const k of ['ndcg@5', 'ndcg@10', 'ndcg@30', 'p@5', 'map'] as const)
            console.log(`  ${k.padEnd(8)} ${report.before[k].toFixed(3).padStart(7)} ${report.after[k].toFixed(3).padStart(8)}`);
          console.log('Learned weights (1 = as the model weighs it):');
          for (const [name, w] of Object.entries(report.weights).sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(24)} ${w.toFixed(2)}×`);
          if (target === 'train') console.log('Saved: `exemplar similar` now ranks with these weights (--model-ranking to compare).');
        }
      });
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

// Exit once stdout has drained: a pipe takes large --json output in several writes, and exiting earlier
// would cut it.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));

main(process.argv.slice(2)).then(
  () => exit(0),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`exemplar: ${e.message}\n\n${USAGE}`);
      return exit(2);
    }
    const message = e instanceof ImportError || e instanceof JudgmentFormatError ? e.message : `exemplar: ${(e as Error).message}`;
    console.error(message);
    exit(e instanceof Error && e.message === 'cancelled' ? 130 : 1);
  },
);
