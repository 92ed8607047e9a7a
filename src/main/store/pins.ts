// Similar-case rankings pinned for a model's report (schema 40).
import type { Project } from './db';

export interface PinRecord {
  id: number;
  modelId: number;
  createdAt: string;
  query: { row?: number; form?: Record<string, string | null> };
  top: number;
}

export function addPin(p: Project, modelId: number, query: PinRecord['query'], top: number): number {
  const r = p.db.prepare('INSERT INTO ranking_pins (model_id, created_at, query_json, top) VALUES (?, ?, ?, ?)').run(modelId, new Date().toISOString(), JSON.stringify(query), top);
  return Number(r.lastInsertRowid);
}

export function listPins(p: Project, modelId: number): PinRecord[] {
  const rows = p.db.prepare('SELECT id, model_id AS modelId, created_at AS createdAt, query_json, top FROM ranking_pins WHERE model_id = ? ORDER BY id').all(modelId) as {
    id: number;
    modelId: number;
    createdAt: string;
    query_json: string;
    top: number;
  }[];
  return rows.map(({ query_json, ...r }) => ({ ...r, query: JSON.parse(query_json) }));
}

/** False when there was no such pin. */
export function deletePin(p: Project, id: number): boolean {
  return p.db.prepare('DELETE FROM ranking_pins WHERE id = ?').run(id).changes > 0;
}
