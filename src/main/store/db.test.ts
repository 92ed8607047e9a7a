import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA, openProject } from './db';
import { tempDir } from './testing';

let dir: string;
let cleanup = () => {};
afterEach(() => cleanup());
const fresh = () => {
  ({ dir, cleanup } = tempDir());
  return join(dir, 'p.exemplar');
};

describe('openProject', () => {
  it('creates a project at the latest schema with WAL, foreign keys and synchronous=NORMAL', () => {
    const p = openProject(fresh(), { create: true });
    expect(p.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
    expect(p.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(p.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(p.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    p.close();
    expect(p.db.open).toBe(false);
  });

  it('reopens an existing project, read-write and read-only', () => {
    const path = fresh();
    openProject(path, { create: true }).close();
    openProject(path).close();
    const ro = openProject(path, { readonly: true });
    expect(ro.readonly).toBe(true);
    expect(() => ro.db.exec('CREATE TABLE x (y INTEGER)')).toThrow(/readonly/);
    ro.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    const path = fresh();
    expect(() => openProject(path)).toThrow(`${path} does not exist.`);
    expect(() => openProject(path, { readonly: true })).toThrow(`${path} does not exist.`);
  });

  it('refuses a file written by a newer Exemplar, with a message saying so', () => {
    const path = fresh();
    openProject(path, { create: true }).close();
    const raw = new Database(path);
    raw.pragma('user_version = 9999');
    raw.close();
    const message = `${path} was written by a newer Exemplar (schema 9999, this build knows ${LATEST_SCHEMA}); update Exemplar to open it.`;
    expect(() => openProject(path)).toThrow(message);
    expect(() => openProject(path, { readonly: true })).toThrow(message);
    // ...and leaves it untouched.
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(9999);
    check.close();
  });

  it('refuses a file that is not SQLite', () => {
    const path = fresh();
    writeFileSync(path, 'id,colour\n1,red\n'.repeat(200));
    expect(() => openProject(path)).toThrow(`${path} is not an Exemplar project (it is not an SQLite database).`);
  });

  it("refuses an SQLite database that is someone else's", () => {
    const path = fresh();
    const other = new Database(path);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    expect(() => openProject(path)).toThrow(`${path} is an SQLite database but not an Exemplar project.`);
  });

  it('refuses to open an un-upgraded file read-only', () => {
    const path = fresh();
    new Database(path).close(); // an empty file, schema 0
    expect(() => openProject(path, { readonly: true })).toThrow(/older schema \(0\); open it once for writing/);
  });
});
