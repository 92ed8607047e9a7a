// The migration runner (after Signal-Desktop): each migration runs in its own transaction together with
// `PRAGMA user_version = version`, so a file is always at exactly one known schema version.
import type Database from 'better-sqlite3';

export interface Migration {
  /** The schema version this migration produces: 10, 20, 30, ... */
  version: number;
  /** Runs inside a transaction; throwing rolls the whole step back. */
  up(db: Database.Database): void;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations newer than the file's user_version, in order. Returns the versions before and after. */
export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version <= (i === 0 ? 0 : migrations[i - 1].version)) {
      throw new Error(`Migration versions must be positive integers that strictly increase; ${m.version} is out of order.`);
    }
  });
  const from = schemaVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (from > latest) throw new Error(`The file is at schema ${from}, newer than the newest migration (${latest}).`);

  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
