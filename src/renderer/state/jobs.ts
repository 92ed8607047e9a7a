// What the page knows about each job, folded from the JobEvent stream. Every job is kept, not only the
// one the page waits for: a job's first events can arrive before the call that started it returns its id.
import type { JobEvent } from '../../shared/api';

export interface TracePoint {
  /** 1-based sweep. */
  sweep: number;
  /** Log joint probability of the sampler state (natural log). */
  logJoint: number;
}

export interface JobProgress {
  jobId: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  phase: string;
  done: number;
  total: number;
  /** Log joint of chain 0 as progress reports it (the worker throttles reports, so not every sweep); the
   *  sweep is progress `done`, exact for a one-chain fit (the page starts those). */
  trace: TracePoint[];
  result?: unknown;
  error?: string;
}

export class JobTracker {
  private readonly jobs = new Map<string, JobProgress>();
  private readonly listeners = new Set<(job: JobProgress) => void>();

  get(jobId: string): JobProgress | undefined {
    return this.jobs.get(jobId);
  }

  subscribe(listener: (job: JobProgress) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  apply(e: JobEvent): void {
    let job = this.jobs.get(e.jobId);
    if (!job) this.jobs.set(e.jobId, (job = { jobId: e.jobId, status: 'running', phase: '', done: 0, total: 0, trace: [] }));
    if (e.type === 'progress') {
      job.phase = e.phase;
      job.done = e.done;
      job.total = e.total;
      if (e.logJoint !== undefined && (e.chain ?? 0) === 0) job.trace.push({ sweep: e.done, logJoint: e.logJoint });
    } else if (e.type === 'done') {
      job.status = 'done';
      job.result = e.result;
    } else if (e.type === 'failed') {
      job.status = 'failed';
      job.error = e.error;
    } else job.status = 'cancelled';
    for (const l of this.listeners) l(job);
  }
}
