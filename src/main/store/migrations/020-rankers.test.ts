import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../migrate';
import { migrations } from './index';

describe('migration 20 (rankers)', () => {
  it('adds the rankers table to a schema-10 file, keeping its data', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 10));
    db.prepare("INSERT INTO datasets (name, format, created_at, n_rows, columns_json, summaries_json, features_json, vectors_json, warnings_json) VALUES ('d', 'csv', 'now', 0, '[]', '[]', '[]', '[]', '[]')").run();
    expect(migrate(db, migrations.filter((m) => m.version <= 20))).toEqual({ from: 10, to: 20 });
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect((db.prepare('SELECT count(*) AS n FROM datasets').get() as { n: number }).n).toBe(1);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM rankers WHERE model_id = 1 ORDER BY id DESC LIMIT 1").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX rankers_by_model/);
  });
});
