// How a CLI command reaches the service: it opens the project file, calls the API through the same boundary
// checks as the app (checkedApi), runs jobs with progress on a terminal, and cancels them on Ctrl-C.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExemplarApi, JobEvent } from '../../shared/api';
import { ExemplarService, processAlive } from '../api';
import { checkedApi } from '../boundary';
import { type Args, int, UsageError } from './args';

export interface Session {
  api: ExemplarApi;
  /** The project file's path. */
  path: string;
  onEvent(listener: (e: JobEvent) => void): () => void;
  close(): Promise<void>;
}

function session(service: ExemplarService, path: string): Session {
  return { api: checkedApi(service), path, onEvent: (l) => service.jobs.on(l), close: () => service.close() };
}

/** An existing project. One process per command: the resident GPU scorer's set-up would not pay off. */
export function openProject(path: string | undefined, { verbose = false } = {}): Session {
  if (!path) throw new UsageError('Give the project file (FILE.exemplar).');
  if (!existsSync(path)) throw new Error(`${path}: no such project file.`);
  return session(ExemplarService.open(path, { retriever: { resident: 'off' }, quietProviders: !verbose }), path);
}

export async function withProject(path: string | undefined, fn: (s: Session) => Promise<void>, opts: { verbose?: boolean } = {}): Promise<void> {
  const s = openProject(path, opts);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

/**
 * A project this command creates: built under a temporary name beside the target and renamed into place
 * only by `commit()`, so a failed, cancelled or killed import leaves no file behind. When the target exists,
 * the command works in it directly (its import is one transaction: it adds all or nothing).
 */
export function createProject(target: string): Session & { commit(): Promise<Session> } {
  if (existsSync(target)) {
    const s = session(ExemplarService.open(target, { create: false, quietProviders: true }), target);
    return { ...s, commit: async () => s };
  }
  clearStalePartials(target);
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  const service = ExemplarService.open(partial, { create: true });
  const remove = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  };
  // A kill (SIGTERM, or Ctrl-C outside a job) must not leave the temporary file either.
  const onExit = () => remove();
  process.once('exit', onExit);
  let committed = false;
  return {
    ...session(service, target),
    async commit() {
      await service.close(); // closing checkpoints the WAL into the file, so one file moves
      renameSync(partial, target);
      committed = true;
      process.off('exit', onExit);
      return session(ExemplarService.open(target, { quietProviders: true }), target);
    },
    async close() {
      if (committed) return;
      await service.close();
      remove();
      process.off('exit', onExit);
    },
  };
}

/** Removes what a killed command left while creating `target` (temporary files of processes that are gone). */
function clearStalePartials(target: string): void {
  const prefix = `.${basename(target)}.partial-`;
  for (const name of readdirSync(dirname(target))) {
    const m = name.startsWith(prefix) ? /^(\d+)(-wal|-shm)?$/.exec(name.slice(prefix.length)) : null;
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) rmSync(join(dirname(target), name), { force: true });
  }
}

/** Progress on stderr, one updating line on a terminal; silent otherwise so scripts read clean output. */
function progressPrinter(s: Session, jobId: string): () => void {
  if (!process.stderr.isTTY) return () => {};
  const started = Date.now();
  const off = s.onEvent((e: JobEvent) => {
    if (e.jobId !== jobId || e.type !== 'progress') return;
    const pct = e.total ? Math.floor((100 * e.done) / e.total) : 0;
    const elapsed = (Date.now() - started) / 1000;
    const left = e.done > 0 && e.total > e.done ? `  ~${Math.ceil((elapsed * (e.total - e.done)) / e.done)} s left` : '';
    const extra = e.logJoint !== undefined ? `  log joint ${e.logJoint.toFixed(1)}  ${((e.secondsPerSweep ?? 0) * 1000).toFixed(2)} ms/sweep` : '';
    process.stderr.write(`\r${e.phase} ${pct}%${left}${extra}\x1b[K`);
  });
  return () => {
    off();
    process.stderr.write('\r\x1b[K');
  };
}

/** Runs a job to its end; Ctrl-C cancels it (the last checkpoint stays in the project file). */
export async function runJob(s: Session, jobId: string): Promise<unknown> {
  const stop = progressPrinter(s, jobId);
  const onSigint = () => void s.api.cancel(jobId);
  process.on('SIGINT', onSigint);
  try {
    return await s.api.wait(jobId);
  } finally {
    process.off('SIGINT', onSigint);
    stop();
  }
}

/** --model, or the newest finished model (the newest of any status when `anyStatus`). */
export async function pickModel(s: Session, args: Args, { anyStatus = false } = {}): Promise<number> {
  if (args.values.model !== undefined) return int(args, 'model', undefined, 1);
  const models = await s.api.listModels();
  const candidates = anyStatus ? models : models.filter((m) => m.status === 'done');
  if (candidates.length) return candidates[candidates.length - 1].id;
  if (!models.length) throw new Error(`${s.path} holds no model yet: fit one with \`exemplar fit ${s.path} --prototypes S\`.`);
  const last = models[models.length - 1];
  throw new Error(
    `${s.path} holds no finished model; model ${last.id} is ${last.status} at sweep ${last.progress.sweep} of ${last.progress.sweeps}` +
      (last.status === 'interrupted' || last.status === 'cancelled' ? `: resume it with \`exemplar resume ${s.path} --model ${last.id}\`.` : '.'),
  );
}

/** --dataset, or the project's newest dataset. */
export async function pickDataset(s: Session, args: Args): Promise<number> {
  if (args.values.dataset !== undefined) return int(args, 'dataset', undefined, 1);
  const sets = await s.api.listDatasets();
  if (!sets.length) throw new Error(`${s.path} holds no dataset.`);
  return sets[sets.length - 1].id;
}
