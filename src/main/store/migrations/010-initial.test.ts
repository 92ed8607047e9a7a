import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { EXEMPLAR_APPLICATION_ID, migration } from './010-initial';

describe('migration 010-initial', () => {
  it('creates the first schema from an empty file', () => {
    const db = new Database(':memory:');
    migrate(db, [migration]);
    expect(schemaVersion(db)).toBe(10);
    expect(db.pragma('application_id', { simple: true })).toBe(EXEMPLAR_APPLICATION_ID);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all()).toEqual([
      'case_chunks', 'case_rows', 'case_vector_chunks', 'chains', 'checkpoints', 'datasets', 'edits',
      'judgments', 'model_arrays', 'models', 'retrieval_index', 'traces',
    ]);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL").pluck().all()).toEqual([
      'models_by_dataset',
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('enforces its constraints', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [migration]);
    const model = "INSERT INTO models (dataset_id, created_at, params_json, status) VALUES (1, 't', '{}', ?)";
    expect(() => db.prepare(model).run('running')).toThrow(/FOREIGN KEY/); // no dataset 1
    db.exec(`INSERT INTO datasets (id, name, format, created_at, n_rows, columns_json, summaries_json, features_json,
      vectors_json, warnings_json) VALUES (1, 'd', 'csv', 't', 0, '[]', '[]', '[]', '[]', '[]')`);
    expect(() => db.prepare(model).run('sleeping')).toThrow(/CHECK/);
    const judge = "INSERT INTO judgments (dataset_id, query_row, doc_row, grade, source) VALUES (1, 0, 1, ?, 'user')";
    expect(() => db.prepare(judge).run(4)).toThrow(/CHECK/);
    expect(() => db.prepare(judge).run('3')).not.toThrow(); // STRICT converts '3' losslessly
    expect(() => db.prepare(judge.replace('0, 1', '0, 2')).run('three')).toThrow(/cannot store TEXT value in INTEGER/);
  });
});
