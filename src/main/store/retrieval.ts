// Built retrieval indexes, one per model and kind, stored whole.
import { toBlob } from './blob';
import type { Project } from './db';

export interface StoredIndex {
  meta: unknown;
  data: Buffer;
  createdAt: string;
}

/** Saves (or replaces) a model's index of this kind. */
export function saveRetrievalIndex(p: Project, modelId: number, kind: string, meta: unknown, data: Uint8Array): void {
  p.db
    .prepare('INSERT OR REPLACE INTO retrieval_index (model_id, kind, meta_json, data, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(modelId, kind, JSON.stringify(meta), toBlob(data), new Date().toISOString());
}

/** A model's index of this kind, or null if none was saved. */
export function loadRetrievalIndex(p: Project, modelId: number, kind: string): StoredIndex | null {
  const r = p.db.prepare('SELECT meta_json, data, created_at FROM retrieval_index WHERE model_id = ? AND kind = ?').get(modelId, kind) as
    | { meta_json: string; data: Buffer; created_at: string }
    | undefined;
  return r ? { meta: JSON.parse(r.meta_json), data: r.data, createdAt: r.created_at } : null;
}

/** Drops a model's indexes (its summary changed: they would rank by stale π and subspaces). */
export function deleteRetrievalIndexes(p: Project, modelId: number): void {
  p.db.prepare('DELETE FROM retrieval_index WHERE model_id = ?').run(modelId);
}
