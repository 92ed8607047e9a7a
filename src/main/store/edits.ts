// Interactive-BCM edits of a model, with undo and redo. The undone edits of a model are always the last
// ones by seq (the redo stack); recording a new edit discards them, as in any editor.
import type { Project } from './db';

export interface EditRecord {
  id: number;
  modelId: number;
  /** 1, 2, 3, ... within the model. */
  seq: number;
  kind: string;
  payload: unknown;
  createdAt: string;
  undone: boolean;
}

interface EditRow {
  id: number;
  model_id: number;
  seq: number;
  kind: string;
  payload_json: string;
  created_at: string;
  undone: number;
}

const toRecord = (r: EditRow): EditRecord => ({
  id: r.id, modelId: r.model_id, seq: r.seq, kind: r.kind,
  payload: JSON.parse(r.payload_json), createdAt: r.created_at, undone: r.undone === 1,
});

/** Records a new edit after the model's last one (dropping any undone edits). */
export function recordEdit(p: Project, modelId: number, kind: string, payload: unknown): EditRecord {
  const { db } = p;
  return db.transaction(() => {
    db.prepare('DELETE FROM edits WHERE model_id = ? AND undone = 1').run(modelId);
    return toRecord(
      db
        .prepare(
          `INSERT INTO edits (model_id, seq, kind, payload_json, created_at)
           VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM edits WHERE model_id = ?), ?, ?, ?) RETURNING *`,
        )
        .get(modelId, modelId, kind, JSON.stringify(payload), new Date().toISOString()) as EditRow,
    );
  }).immediate();
}

/** A model's edits in order; with `includeUndone` also the redo stack at the end. */
export function listEdits(p: Project, modelId: number, { includeUndone = false } = {}): EditRecord[] {
  const rows = p.db
    .prepare(`SELECT * FROM edits WHERE model_id = ? ${includeUndone ? '' : 'AND undone = 0'} ORDER BY seq`)
    .all(modelId) as EditRow[];
  return rows.map(toRecord);
}

/** Marks the last applied edit undone and returns it; null when there is nothing to undo. */
export function undoEdit(p: Project, modelId: number): EditRecord | null {
  const r = p.db
    .prepare(
      `UPDATE edits SET undone = 1
       WHERE model_id = ? AND seq = (SELECT max(seq) FROM edits WHERE model_id = ? AND undone = 0) RETURNING *`,
    )
    .get(modelId, modelId) as EditRow | undefined;
  return r ? toRecord(r) : null;
}

/** Re-applies the first undone edit and returns it; null when there is nothing to redo. */
export function redoEdit(p: Project, modelId: number): EditRecord | null {
  const r = p.db
    .prepare(
      `UPDATE edits SET undone = 0
       WHERE model_id = ? AND seq = (SELECT min(seq) FROM edits WHERE model_id = ? AND undone = 1) RETURNING *`,
    )
    .get(modelId, modelId) as EditRow | undefined;
  return r ? toRecord(r) : null;
}
