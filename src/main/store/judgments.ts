// Relevance judgments between cases of a dataset, for learning to rank.
import type { Project } from './db';

export interface Judgment {
  datasetId: number;
  queryRow: number;
  docRow: number;
  /** 0 = irrelevant .. 3 = highly relevant. */
  grade: 0 | 1 | 2 | 3;
  /** Who judged: 'user', 'import', ... */
  source: string;
}

/** Inserts or replaces judgments (one transaction). */
export function upsertJudgments(p: Project, judgments: readonly Judgment[]): void {
  const { db } = p;
  const upsert = db.prepare(
    `INSERT INTO judgments (dataset_id, query_row, doc_row, grade, source) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (dataset_id, query_row, doc_row) DO UPDATE SET grade = excluded.grade, source = excluded.source`,
  );
  db.transaction(() => {
    for (const j of judgments) upsert.run(j.datasetId, j.queryRow, j.docRow, j.grade, j.source);
  }).immediate();
}

/** A dataset's judgments by query then doc row; only one query's when `queryRow` is given. */
export function listJudgments(p: Project, datasetId: number, queryRow?: number): Judgment[] {
  const columns = 'dataset_id AS datasetId, query_row AS queryRow, doc_row AS docRow, grade, source';
  return (
    queryRow === undefined
      ? p.db.prepare(`SELECT ${columns} FROM judgments WHERE dataset_id = ? ORDER BY query_row, doc_row`).all(datasetId)
      : p.db.prepare(`SELECT ${columns} FROM judgments WHERE dataset_id = ? AND query_row = ? ORDER BY doc_row`).all(datasetId, queryRow)
  ) as Judgment[];
}

/** Deletes one judgment; returns whether it existed. */
export function deleteJudgment(p: Project, datasetId: number, queryRow: number, docRow: number): boolean {
  return p.db.prepare('DELETE FROM judgments WHERE dataset_id = ? AND query_row = ? AND doc_row = ?').run(datasetId, queryRow, docRow).changes > 0;
}
