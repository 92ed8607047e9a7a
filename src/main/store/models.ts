// Models: one BCM fit of a dataset, its parameters, status and result.
import { dtypeOf, fromBlob, toBlob, type DType, type StoredArray } from './blob';
import type { Project } from './db';

export type ModelStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface ChainInfo {
  chain: number;
  seed: number;
  sweepsDone: number;
}

export interface ModelInfo {
  id: number;
  datasetId: number;
  createdAt: string;
  /** As given to createModel (JSON). */
  params: unknown;
  status: ModelStatus;
  /** Why it failed, when status is 'failed'. */
  error: string | null;
  secondsPerSweep: number | null;
  chains: ChainInfo[];
}

export interface ModelRecord extends ModelInfo {
  /** As given to saveResult (JSON), or null while there is none. */
  result: unknown;
}

/** Creates a running model with one chain per seed (chains 0, 1, ...), leased to `owner`. Returns its id. */
export function createModel(p: Project, datasetId: number, params: unknown, seeds: readonly number[], owner: string | null = null): number {
  const { db } = p;
  return db.transaction(() => {
    const now = Date.now();
    const { lastInsertRowid } = db
      .prepare("INSERT INTO models (dataset_id, created_at, params_json, status, owner, heartbeat_at) VALUES (?, ?, ?, 'running', ?, ?)")
      .run(datasetId, new Date(now).toISOString(), JSON.stringify(params), owner, owner === null ? null : now);
    const id = Number(lastInsertRowid);
    const insertChain = db.prepare('INSERT INTO chains (model_id, chain, seed) VALUES (?, ?, ?)');
    seeds.forEach((seed, chain) => insertChain.run(id, chain, seed));
    return id;
  }).immediate();
}

/** Changes a model's status, failure message or speed; fields left out stay as they are. */
export function updateModel(
  p: Project,
  id: number,
  change: { status?: ModelStatus; error?: string | null; secondsPerSweep?: number | null; params?: unknown },
): void {
  const fields: [column: string, value: unknown][] = [
    ['params_json', change.params === undefined ? undefined : JSON.stringify(change.params)],
    ['status', change.status],
    ['error', change.error],
    ['seconds_per_sweep', change.secondsPerSweep],
  ];
  const set = fields.filter(([, value]) => value !== undefined);
  if (!set.length) return;
  p.db.prepare(`UPDATE models SET ${set.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`).run(...set.map(([, v]) => v), id);
}

/**
 * Stores a model's result and marks it done, in one transaction: a model is 'done' exactly when it has a
 * result. `arrays` holds the big typed arrays (kept as BLOBs, not JSON); it replaces earlier ones.
 */
export function saveResult(p: Project, id: number, result: unknown, arrays: Record<string, StoredArray> = {}): void {
  const { db } = p;
  db.transaction(() => {
    const { changes } = db.prepare("UPDATE models SET result_json = ?, status = 'done', error = NULL WHERE id = ?").run(JSON.stringify(result), id);
    if (changes === 0) throw new Error(`There is no model ${id}.`);
    db.prepare('DELETE FROM model_arrays WHERE model_id = ?').run(id);
    const insert = db.prepare('INSERT INTO model_arrays (model_id, name, dtype, data) VALUES (?, ?, ?, ?)');
    for (const [name, array] of Object.entries(arrays)) insert.run(id, name, dtypeOf(array), toBlob(array));
  }).immediate();
}

/** The typed arrays saved with a model's result, by name. */
export function loadResultArrays(p: Project, id: number): Record<string, StoredArray> {
  const rows = p.db.prepare('SELECT name, dtype, data FROM model_arrays WHERE model_id = ? ORDER BY name').all(id) as {
    name: string;
    dtype: DType;
    data: Buffer;
  }[];
  return Object.fromEntries(rows.map((r) => [r.name, fromBlob(r.data, r.dtype)]));
}

interface ModelRow {
  id: number;
  dataset_id: number;
  created_at: string;
  params_json: string;
  status: ModelStatus;
  error: string | null;
  seconds_per_sweep: number | null;
}

const infoColumns = 'id, dataset_id, created_at, params_json, status, error, seconds_per_sweep';

function toInfo(p: Project, r: ModelRow): ModelInfo {
  const chains = p.db
    .prepare('SELECT chain, seed, sweeps_done AS sweepsDone FROM chains WHERE model_id = ? ORDER BY chain')
    .all(r.id) as ChainInfo[];
  return {
    id: r.id, datasetId: r.dataset_id, createdAt: r.created_at, params: JSON.parse(r.params_json),
    status: r.status, error: r.error, secondsPerSweep: r.seconds_per_sweep, chains,
  };
}

/** A model with its result, or null if there is no such model. */
export function loadModel(p: Project, id: number): ModelRecord | null {
  const r = p.db.prepare(`SELECT ${infoColumns}, result_json FROM models WHERE id = ?`).get(id) as
    | (ModelRow & { result_json: string | null })
    | undefined;
  return r ? { ...toInfo(p, r), result: r.result_json === null ? null : JSON.parse(r.result_json) } : null;
}

/** Models (without results), oldest first; only those of one dataset when `datasetId` is given. */
export function listModels(p: Project, datasetId?: number): ModelInfo[] {
  const rows = (
    datasetId === undefined
      ? p.db.prepare(`SELECT ${infoColumns} FROM models ORDER BY id`).all()
      : p.db.prepare(`SELECT ${infoColumns} FROM models WHERE dataset_id = ? ORDER BY created_at, id`).all(datasetId)
  ) as ModelRow[];
  return rows.map((r) => toInfo(p, r));
}

/** Deletes a model and everything that depends on it (chains, traces, checkpoints, edits, indexes). */
export function deleteModel(p: Project, id: number): void {
  p.db.prepare('DELETE FROM models WHERE id = ?').run(id);
}

// ---- leases: one writer per model --------------------------------------------------------------------------

/** A process that has not renewed its lease for this long is taken for dead (it renews every few seconds). */
export const LEASE_STALE_MS = 60_000;

export interface Lease {
  /** 'host pid nonce' of the writing process. */
  owner: string;
  heartbeatAt: number;
}

export function modelLease(p: Project, id: number): Lease | null {
  const r = p.db.prepare('SELECT owner, heartbeat_at FROM models WHERE id = ?').get(id) as { owner: string | null; heartbeat_at: number | null } | undefined;
  return r?.owner ? { owner: r.owner, heartbeatAt: r.heartbeat_at ?? 0 } : null;
}

/**
 * Takes the model's lease for `owner` when nobody holds it or its holder is dead (`isAlive` says no, or its
 * heartbeat is stale), in one IMMEDIATE transaction so two processes cannot both win. Returns the lease
 * that blocks it, or null when taken.
 */
export function acquireModel(p: Project, id: number, owner: string, now: number, isAlive: (owner: string) => boolean): Lease | null {
  return p.db.transaction(() => {
    const held = modelLease(p, id);
    if (held && held.owner !== owner && isAlive(held.owner) && now - held.heartbeatAt < LEASE_STALE_MS) return held;
    p.db.prepare('UPDATE models SET owner = ?, heartbeat_at = ? WHERE id = ?').run(owner, now, id);
    return null;
  }).immediate();
}

/** Renews the lease; false when another process has taken it over (this one was taken for dead). */
export function renewLease(p: Project, id: number, owner: string, now: number): boolean {
  return p.db.prepare('UPDATE models SET heartbeat_at = ? WHERE id = ? AND owner = ?').run(now, id, owner).changes === 1;
}

export function releaseModel(p: Project, id: number, owner: string): void {
  p.db.prepare('UPDATE models SET owner = NULL, heartbeat_at = NULL WHERE id = ? AND owner = ?').run(id, owner);
}
