// What the page knows about each job, folded from the JobEvent stream. Every job is kept, not only the
// ones the page started: a job's first events can arrive before the call that started it returns its id.
import type { JobEvent } from '../../shared/api';

export interface TracePoint {
  /** 1-based sweep of its own chain. */
  sweep: number;
  /** Log joint probability of the sampler state (natural log). */
  logJoint: number;
}

export interface JobProgress {
  jobId: string;
  /** From the id: 'fit', 'import', 'resample', … */
  kind: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  phase: string;
  done: number;
  total: number;
  /** What the status line calls it ("Fitting model 3"); set by whoever started it. */
  title: string;
  modelId?: number;
  /** Page time (ms) of the first event and of the last. */
  startedAt: number;
  updatedAt: number;
  /** Per chain, the log joint as progress reports it (the worker throttles reports, so not every sweep). */
  traces: TracePoint[][];
  result?: unknown;
  error?: string;
}

/** Seconds left at the rate so far, or null before there is a rate to go by. */
export function secondsLeft(job: JobProgress, now = performance.now()): number | null {
  const elapsed = (now - job.startedAt) / 1000;
  if (job.status !== 'running' || job.done <= 0 || elapsed < 0.5 || job.total <= job.done) return null;
  return ((job.total - job.done) * elapsed) / job.done;
}

export class JobTracker {
  private readonly jobs = new Map<string, JobProgress>();
  private readonly listeners = new Set<(job: JobProgress) => void>();

  get(jobId: string): JobProgress | undefined {
    return this.jobs.get(jobId);
  }

  /** Jobs still running, oldest first. */
  running(): JobProgress[] {
    return [...this.jobs.values()].filter((j) => j.status === 'running');
  }

  subscribe(listener: (job: JobProgress) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Resolves when the job ends (at once if it has), with its final state. */
  finished(jobId: string): Promise<JobProgress> {
    const job = this.jobs.get(jobId);
    if (job && job.status !== 'running') return Promise.resolve(job);
    return new Promise((resolve) => {
      const off = this.subscribe((j) => {
        if (j.jobId === jobId && j.status !== 'running') {
          off();
          resolve(j);
        }
      });
    });
  }

  /** Names a job the page started (the events may have begun already). */
  describe(jobId: string, title: string, modelId?: number): JobProgress {
    const job = this.ensure(jobId);
    job.title = title;
    job.modelId = modelId;
    this.emit(job);
    return job;
  }

  private ensure(jobId: string): JobProgress {
    let job = this.jobs.get(jobId);
    if (!job) {
      const now = performance.now();
      const kind = jobId.replace(/-\d+$/, '');
      job = { jobId, kind, status: 'running', phase: '', done: 0, total: 0, title: kind, startedAt: now, updatedAt: now, traces: [] };
      this.jobs.set(jobId, job);
    }
    return job;
  }

  apply(e: JobEvent): void {
    const job = this.ensure(e.jobId);
    job.updatedAt = performance.now();
    if (e.type === 'progress') {
      job.phase = e.phase;
      job.done = e.done;
      job.total = e.total;
      if (e.logJoint !== undefined) {
        const chain = e.chain ?? 0;
        while (job.traces.length <= chain) job.traces.push([]);
        job.traces[chain].push({ sweep: e.sweep ?? e.done, logJoint: e.logJoint });
      }
    } else if (e.type === 'done') {
      job.status = 'done';
      job.result = e.result;
    } else if (e.type === 'failed') {
      job.status = 'failed';
      job.error = e.error;
    } else job.status = 'cancelled';
    this.emit(job);
  }

  private emit(job: JobProgress): void {
    for (const l of [...this.listeners]) l(job);
  }
}
