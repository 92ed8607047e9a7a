// Long jobs: an id, a stream of JobEvents, cancel, and a promise of the result; and how worker threads are
// found.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobEvent } from '../shared/api';

export type JobListener = (event: JobEvent) => void;

export interface JobContext {
  jobId: string;
  progress(phase: string, done: number, total: number, extra?: { chain?: number; sweep?: number; logJoint?: number; secondsPerSweep?: number }): void;
  /** Aborted when the user cancels the job. */
  signal: AbortSignal;
}

/** A job id this service never gave out, or has forgotten (HTTP 404). */
export class UnknownJob extends Error {}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

interface Job {
  controller: AbortController;
  promise: Promise<unknown>;
}

export class Jobs {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<JobListener>();
  private next = 1;

  on(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: JobEvent): void {
    for (const l of this.listeners) l(event);
  }

  start(kind: string, run: (ctx: JobContext) => Promise<unknown>): string {
    const jobId = `${kind}-${this.next++}`;
    const controller = new AbortController();
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (phase, done, total, extra) => this.emit({ type: 'progress', jobId, phase, done, total, ...extra }),
    };
    // Started on the next tick so a caller can subscribe to events with the id it gets back.
    const promise = new Promise((resolve) => setImmediate(resolve)).then(() => run(ctx));
    promise.then(
      (result) => this.emit(controller.signal.aborted ? { type: 'cancelled', jobId } : { type: 'done', jobId, result }),
      (e: unknown) => this.emit(e instanceof CancelledError || controller.signal.aborted ? { type: 'cancelled', jobId } : { type: 'failed', jobId, error: (e as Error).message }),
    );
    this.jobs.set(jobId, { controller, promise });
    return jobId;
  }

  cancel(jobId: string): void {
    this.job(jobId).controller.abort();
  }

  wait(jobId: string): Promise<unknown> {
    return this.job(jobId).promise;
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new UnknownJob(`No job ${jobId}.`);
    return job;
  }
}

/**
 * Starts the worker `name` (an entry of src/main/workers, or `service`: src/main/service/worker.ts) with the
 * given workerData. Bundles have it next to them (out/node/workers, out/main/workers), or one folder up when
 * this code sits in a shared chunk (out/main/chunks) or in a worker itself (the service thread starts the
 * samplers); code running from sources (vitest) uses the Node bundle's.
 */
export function startWorker(name: string, workerData: unknown, transferList: ArrayBuffer[] = []): Worker {
  const candidates = [
    new URL(`./workers/${name}.js`, import.meta.url),
    new URL(`../workers/${name}.js`, import.meta.url),
    new URL(`../../out/node/workers/${name}.js`, import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`The ${name} worker is not built: run npm run build:node.`);
  return new Worker(unpackedPath(fileURLToPath(found)), { workerData, transferList });
}

/**
 * A packaged app's file as it lies on disk: a worker thread loads its script and the script's imports from
 * the file system, not from app.asar, so the bundles are unpacked beside it (package.json "build": asarUnpack).
 */
export function unpackedPath(path: string): string {
  const unpacked = path.replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
  return unpacked !== path && existsSync(unpacked) ? unpacked : path;
}

/** Runs a worker that posts one message (its result) and ends. */
export function runWorker<T>(name: string, workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(name, workerData);
    worker.once('message', (result: T) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`${name} worker exited with code ${code}`)));
  });
}
