// The privacy audit of a model: which columns could name a person, how many cases share what each prototype
// shows, which cases are (nearly) copies of each other, and which cases the model explains worst and why.
import type { AuditReport, AuditRequest } from '../../shared/api';
import { DEFAULT_AUDIT_K } from '../../shared/api';
import { nearestNames } from '../../shared/suggest';
import { BadRequest } from '../boundary';
import type { Criticism } from '../engine/audit/criticisms';
import { nearDuplicates } from '../engine/audit/duplicates';
import { IdentifierScan, proposeQuasiIdentifiers } from '../engine/audit/identifiers';
import { privacyWarning, prototypeK } from '../engine/audit/kanonymity';
import type { EncodedCases } from '../../shared/data';
import type { BcmSummary } from '../engine/bcm/model';
import { hardAssignments } from '../engine/evaluate/clusters';
import { CancelledError, runWorker, startWorker } from '../jobs';
import * as store from '../store';
import type { EvaluateWorkerInput } from '../workers/evaluate';
import type { MemorizeWorkerInput, MemorizeWorkerMessage } from '../workers/memorize';
import type { ServiceContext, StoredParams } from './context';

/** Raw rows read per query: the cells of 100k cases never sit in memory at once, only the quasi columns. */
const CHUNK = 5000;
/** Near-duplicate pairs listed (all are counted). */
const PAIRS_LISTED = 200;

/** Replacement prototypes: members of the cluster looked at (most typical first), and how many are offered. */
const REPLACEMENT_CANDIDATES = 50;
const REPLACEMENTS_OFFERED = 3;

/** Refits for the memorisation score: draws of a half and its complement, and sweeps per refit. */
const MEMORIZATION = { draws: 10, sweeps: 100 };

export async function audit(ctx: ServiceContext, req: AuditRequest): Promise<AuditReport> {
  const m = ctx.model(req.modelId);
  const { record, cases } = ctx.loadDataset(m.datasetId);
  const s = ctx.summary(req.modelId);
  if (req.memorization && !cases.labels) throw new BadRequest('The memorisation score needs a label column (the prediction it measures is of the label); import with one, or audit without --memorization.');
  const withMemorization = async (base: AuditReport): Promise<AuditReport> => (req.memorization ? { ...base, memorization: await memorize(ctx, cases, s, m.params as StoredParams) } : base);
  // The same question about the same fit has the same answer: kept until the model's result changes.
  const key = JSON.stringify([req.quasi ?? null, req.k ?? null, req.maxDiffering ?? null]);
  const cached = ctx.audits.get(req.modelId)?.get(key);
  if (cached) return withMemorization(cached);
  const threshold = req.k ?? DEFAULT_AUDIT_K;
  const names = record.columns.map((c) => c.name);
  for (const q of req.quasi ?? [])
    if (!names.includes(q)) {
      const near = nearestNames(q, names);
      throw new BadRequest(`No column "${q}" in dataset ${m.datasetId}.${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`);
    }

  // One pass over the raw rows: identifier-like columns, and the values of every column that might be a
  // quasi-identifier (kept as column → values by case, only for the columns asked or proposed).
  const scan = new IdentifierScan(record.columns);
  const raw: (string | null)[][] = names.map(() => []);
  for (let start = 0; start < cases.n; start += CHUNK) {
    const rows = store.getCaseRows(ctx.project, m.datasetId, Array.from({ length: Math.min(CHUNK, cases.n - start) }, (_, k) => start + k));
    for (const { cells } of rows) {
      scan.add(cells);
      cells.forEach((v, c) => raw[c].push(v === null || v.trim() === '' || v.trim() === '?' ? null : v.trim()));
    }
    // Between chunks the thread answers other calls (the scan of 50,000 rows takes about a second).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const identifierColumns = scan.findings();
  const quasiProposed = req.quasi === undefined;
  const quasi = req.quasi ?? proposeQuasiIdentifiers(record.columns, identifierColumns);
  const quasiValues = quasi.map((q) => raw[names.indexOf(q)]);

  const f = cases.features.length;
  let argmax: Int32Array | null = null;
  const prototypes = s.prototypes.map((p, cluster) => {
    const features = Array.from({ length: f }, (_, j) => j).filter((j) => s.subspace[cluster * f + j] >= 0.5);
    const k = prototypeK(cases.x, cases.n, f, p.row, features, quasiValues);
    const subspace = features.map((j) => cases.features[j].name);
    const shown = quasi.filter((_, c) => quasiValues[c][p.row] !== null);
    // The "pin another case" fix: members of the cluster, most typical (highest π) first, that showing on the
    // same features would not single out. Most typical first, so the cluster keeps a representative face.
    const replacements: { row: number; k: number }[] = [];
    if (k < threshold) {
      argmax ??= hardAssignments(s.pi, s.n, s.S);
      const members: number[] = [];
      for (let i = 0; i < s.n; i++) if (argmax[i] === cluster && i !== p.row) members.push(i);
      members.sort((a, b) => s.pi[b * s.S + cluster] - s.pi[a * s.S + cluster] || a - b);
      for (const row of members.slice(0, REPLACEMENT_CANDIDATES)) {
        const kr = prototypeK(cases.x, cases.n, f, row, features, quasiValues);
        if (kr >= threshold) replacements.push({ row, k: kr });
        if (replacements.length === REPLACEMENTS_OFFERED) break;
      }
    }
    return { cluster, row: p.row, k, quasiIdentifiers: shown, subspace, warning: privacyWarning(cluster, p.row, k, threshold, [...shown, ...subspace]), replacements };
  });

  const maxDiffering = req.maxDiffering ?? 1;
  const dup = nearDuplicates(cases.x, cases.n, f, { maxDiffering, limit: PAIRS_LISTED });
  // Folds in every case: in a worker, so the thread that asked keeps answering.
  const input: EvaluateWorkerInput = { task: 'criticisms', summary: s, x: cases.x, features: cases.features, seed: (m.params as StoredParams).seed, count: 10, top: 3 };
  const criticisms = await runWorker<Criticism[]>('evaluate', input);

  const warnings = auditWarnings({ identifierColumns, prototypes, nearDuplicateCount: dup.count, identicalCount: dup.identical, maxDiffering });
  const report: AuditReport = {
    modelId: req.modelId,
    k: threshold,
    quasi,
    quasiProposed,
    warnings,
    identifierColumns,
    prototypes,
    nearDuplicates: dup.pairs,
    nearDuplicateCount: dup.count,
    identicalCount: dup.identical,
    maxDiffering,
    criticisms,
  };
  // Kept only if the model did not change while the audit waited on the rows and the worker.
  if (ctx.summaries.get(req.modelId) === s) {
    if (!ctx.audits.has(req.modelId)) ctx.audits.set(req.modelId, new Map());
    ctx.audits.get(req.modelId)!.set(key, report);
  }
  return withMemorization(report);
}

/**
 * The memorisation score as a job of its own (progress events, cancellable by its id, phase `memorization`),
 * run in a worker; the audit waits for it.
 */
function memorize(ctx: ServiceContext, cases: EncodedCases, s: BcmSummary, params: StoredParams): Promise<{ row: number; score: number }[]> {
  const jobId = ctx.jobs.start(
    'memorize',
    (job) =>
      new Promise((resolve, reject) => {
        const stop = new SharedArrayBuffer(4);
        const input: MemorizeWorkerInput = {
          x: cases.x,
          n: cases.n,
          V: Int32Array.from(cases.features, (f) => f.values.length),
          labels: cases.labels!,
          params: { S: s.S, alpha: s.alpha, q: params.q, lambda: params.lambda, c: params.c },
          ...MEMORIZATION,
          seed: params.seed,
          stop,
        };
        const worker = startWorker('memorize', input);
        const onAbort = () => Atomics.store(new Int32Array(stop), 0, 1);
        job.signal.addEventListener('abort', onAbort);
        worker.on('message', (msg: MemorizeWorkerMessage) => {
          if (msg.type === 'progress') job.progress('memorization', msg.done, msg.total);
          else if (msg.scores === null) reject(new CancelledError());
          else resolve(msg.scores);
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          job.signal.removeEventListener('abort', onAbort);
          if (code !== 0) reject(new Error(`memorize worker exited with code ${code}`));
        });
      }),
  );
  return ctx.jobs.wait(jobId) as Promise<{ row: number; score: number }[]>;
}

/** The audit's warnings as sentences, most serious first, from its findings (a report redacts the findings, then asks again). */
export function auditWarnings(a: Pick<AuditReport, 'identifierColumns' | 'prototypes' | 'nearDuplicateCount' | 'identicalCount' | 'maxDiffering'>): string[] {
  const warnings: string[] = [];
  for (const c of a.identifierColumns) warnings.push(`Column ${c.column} looks identifying: ${c.reason}.`);
  for (const p of a.prototypes) if (p.warning) warnings.push(p.warning);
  const d = a.maxDiffering;
  if (a.nearDuplicateCount)
    warnings.push(
      `${a.nearDuplicateCount} pair${a.nearDuplicateCount > 1 ? 's' : ''} of cases ${d ? `differ in at most ${d} modelled feature${d > 1 ? 's' : ''}` : 'are identical on the modelled features'}` +
        ` (${a.identicalCount} identical): split them together between training and test, or drop the copies.`,
    );
  return warnings;
}
