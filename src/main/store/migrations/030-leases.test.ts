import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../migrate';
import { migrations } from './index';

describe('migration 30 (leases)', () => {
  it('adds owner and heartbeat columns to a schema-20 file, keeping its models', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 20));
    db.prepare("INSERT INTO datasets (name, format, created_at, n_rows, columns_json, summaries_json, features_json, vectors_json, warnings_json) VALUES ('d', 'csv', 'now', 0, '[]', '[]', '[]', '[]', '[]')").run();
    db.prepare("INSERT INTO models (dataset_id, created_at, params_json, status) VALUES (1, 'now', '{}', 'running')").run();
    expect(migrate(db, migrations.filter((m) => m.version <= 30))).toEqual({ from: 20, to: 30 });
    expect(db.prepare('SELECT status, owner, heartbeat_at FROM models').get()).toEqual({ status: 'running', owner: null, heartbeat_at: null });
  });
});
