// A model's chains while sampling: the log-joint trace (one row per sweep) and the latest checkpoint.
import { toBlob } from './blob';
import type { Project } from './db';

export interface TracePoint {
  sweep: number;
  /** NaN survives the round trip (stored as NULL). */
  logJoint: number;
}

export interface Checkpoint {
  chain: number;
  sweep: number;
  /** The sampler's serialised state, as given to saveCheckpoint. */
  state: Buffer;
  savedAt: string;
}

// INSERT OR REPLACE: a chain resumed from its checkpoint re-runs (and so rewrites) the sweeps after it.
const insertTraceSql = 'INSERT OR REPLACE INTO traces (model_id, chain, sweep, log_joint) VALUES (?, ?, ?, ?)';
const bumpSweepsSql = 'UPDATE chains SET sweeps_done = max(sweeps_done, ?) WHERE model_id = ? AND chain = ?';

function writeTrace(p: Project, modelId: number, chain: number, points: readonly TracePoint[]): void {
  const insert = p.db.prepare(insertTraceSql);
  let last = 0;
  for (const { sweep, logJoint } of points) {
    insert.run(modelId, chain, sweep, Number.isNaN(logJoint) ? null : logJoint);
    last = Math.max(last, sweep);
  }
  if (points.length) p.db.prepare(bumpSweepsSql).run(last, modelId, chain);
}

/** Appends trace points of one chain (one transaction). */
export function appendTrace(p: Project, modelId: number, chain: number, points: readonly TracePoint[]): void {
  p.db.transaction(() => writeTrace(p, modelId, chain, points)).immediate();
}

/** One chain's trace in sweep order; only sweeps after `afterSweep` when given (for polling). */
export function getTraces(p: Project, modelId: number, chain: number, afterSweep = -Infinity): TracePoint[] {
  const rows = p.db
    .prepare('SELECT sweep, log_joint FROM traces WHERE model_id = ? AND chain = ? AND sweep > ? ORDER BY sweep')
    .all(modelId, chain, afterSweep) as { sweep: number; log_joint: number | null }[];
  return rows.map((r) => ({ sweep: r.sweep, logJoint: r.log_joint ?? NaN }));
}

/**
 * Replaces a chain's checkpoint and appends the trace points since the previous one, in one transaction:
 * after a crash the file holds either the old checkpoint and trace or the new ones, never a mix.
 */
export function saveCheckpoint(
  p: Project,
  modelId: number,
  chain: number,
  sweep: number,
  state: Uint8Array,
  traceSinceLast: readonly TracePoint[],
): void {
  const { db } = p;
  db.transaction(() => {
    writeTrace(p, modelId, chain, traceSinceLast);
    db.prepare('INSERT OR REPLACE INTO checkpoints (model_id, chain, sweep, state, saved_at) VALUES (?, ?, ?, ?, ?)').run(
      modelId, chain, sweep, toBlob(state), new Date().toISOString(),
    );
    db.prepare(bumpSweepsSql).run(sweep, modelId, chain);
  }).immediate();
}

/** The latest checkpoint of each chain that has one, by chain. */
export function loadLatestCheckpoints(p: Project, modelId: number): Checkpoint[] {
  return p.db
    .prepare('SELECT chain, sweep, state, saved_at AS savedAt FROM checkpoints WHERE model_id = ? ORDER BY chain')
    .all(modelId) as Checkpoint[];
}
