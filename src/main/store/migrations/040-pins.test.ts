import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../migrate';
import { migrations } from './index';

describe('migration 40 (ranking pins)', () => {
  it('adds the pins table to a schema-30 file, and a model deleted takes its pins with it', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 30));
    db.prepare("INSERT INTO datasets (name, format, created_at, n_rows, columns_json, summaries_json, features_json, vectors_json, warnings_json) VALUES ('d', 'csv', 'now', 0, '[]', '[]', '[]', '[]', '[]')").run();
    db.prepare("INSERT INTO models (dataset_id, created_at, params_json, status) VALUES (1, 'now', '{}', 'done')").run();
    expect(migrate(db, migrations)).toEqual({ from: 30, to: 40 });
    db.prepare("INSERT INTO ranking_pins (model_id, created_at, query_json, top) VALUES (1, 'now', '{\"row\":3}', 10)").run();
    db.prepare('DELETE FROM models WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM ranking_pins').get()).toEqual({ n: 0 });
  });
});
