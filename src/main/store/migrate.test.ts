import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion, type Migration } from './migrate';
import { migrations } from './migrations';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[]);

describe('migration runner', () => {
  it('registers every migrations/NNN-*.ts file, in order, with the version its name says', () => {
    const files = readdirSync(new URL('./migrations', import.meta.url))
      .filter((f) => /^\d{3}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .sort();
    expect(migrations.map((m) => m.version)).toEqual(files.map((f) => Number(f.slice(0, 3))));
    for (const m of migrations) expect(m.version % 10).toBe(0);
  });

  it('brings a fresh database to the latest version, and a second run does nothing', () => {
    const db = new Database(':memory:');
    const latest = migrations[migrations.length - 1].version;
    expect(migrate(db, migrations)).toEqual({ from: 0, to: latest });
    expect(migrate(db, migrations)).toEqual({ from: latest, to: latest });
  });

  it('migrates a database at version 10 forward, running only the newer steps', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 1));
    expect(schemaVersion(db)).toBe(10);
    const ran: number[] = [];
    const step = (version: number): Migration => ({
      version,
      up: (d) => {
        ran.push(version);
        d.exec(`CREATE TABLE t${version} (x INTEGER) STRICT`);
      },
    });
    const seen = { version: 10, up: () => ran.push(10) }; // must not run again
    expect(migrate(db, [seen, step(20), step(30)])).toEqual({ from: 10, to: 30 });
    expect(ran).toEqual([20, 30]);
    expect(tables(db)).toEqual(expect.arrayContaining(['t20', 't30']));
  });

  it('rolls a failing step back entirely and keeps the earlier steps', () => {
    const db = new Database(':memory:');
    const ok: Migration = { version: 10, up: (d) => d.exec('CREATE TABLE a (x INTEGER)') };
    const bad: Migration = {
      version: 20,
      up: (d) => {
        d.exec('CREATE TABLE b (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [ok, bad])).toThrow('boom');
    expect(schemaVersion(db)).toBe(10);
    expect(tables(db)).toEqual(['a']);
  });

  it('refuses versions that do not strictly increase', () => {
    const db = new Database(':memory:');
    const m = (version: number): Migration => ({ version, up: () => {} });
    expect(() => migrate(db, [m(10), m(10)])).toThrow(/strictly increase/);
    expect(() => migrate(db, [m(20), m(10)])).toThrow(/strictly increase/);
    expect(() => migrate(db, [m(0)])).toThrow(/strictly increase/);
    expect(schemaVersion(db)).toBe(0);
  });

  it('refuses a database newer than its newest migration', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 30');
    expect(() => migrate(db, [{ version: 10, up: () => {} }])).toThrow(/schema 30, newer than the newest migration \(10\)/);
  });
});
