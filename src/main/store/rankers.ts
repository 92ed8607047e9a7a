// Learned rankings (RankSVM weights) of a model's similarity.
import type { Project } from './db';

export interface RankerRecord {
  id: number;
  modelId: number;
  createdAt: string;
  /** θ by feature group (source column), plus 'π similarity'. */
  weights: Record<string, number>;
  C: number;
  metrics: unknown;
}

export function saveRanker(p: Project, modelId: number, weights: Record<string, number>, C: number, metrics: unknown): number {
  const r = p.db
    .prepare('INSERT INTO rankers (model_id, created_at, weights_json, c, metrics_json) VALUES (?, ?, ?, ?, ?)')
    .run(modelId, new Date().toISOString(), JSON.stringify(weights), C, JSON.stringify(metrics));
  return Number(r.lastInsertRowid);
}

/** The model's most recent ranker, or null when it has none. */
export function latestRanker(p: Project, modelId: number): RankerRecord | null {
  const row = p.db
    .prepare('SELECT id, model_id AS modelId, created_at AS createdAt, weights_json, c, metrics_json FROM rankers WHERE model_id = ? ORDER BY id DESC LIMIT 1')
    .get(modelId) as { id: number; modelId: number; createdAt: string; weights_json: string; c: number; metrics_json: string } | undefined;
  if (!row) return null;
  return { id: row.id, modelId: row.modelId, createdAt: row.createdAt, weights: JSON.parse(row.weights_json), C: row.c, metrics: JSON.parse(row.metrics_json) };
}
