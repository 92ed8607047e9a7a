// Opening a project: one `.exemplar` file is one SQLite database. Main and workers each open their own
// connection; WAL lets a sampler worker write checkpoints while the UI reads.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from './migrate';
import { migrations } from './migrations';
import { EXEMPLAR_APPLICATION_ID } from './migrations/010-initial';

export const LATEST_SCHEMA = migrations[migrations.length - 1].version;

export interface Project {
  readonly path: string;
  readonly readonly: boolean;
  /** The connection, for the query functions of this folder. */
  readonly db: Database.Database;
  close(): void;
}

export interface OpenOptions {
  /** Create the file if it does not exist (default false). */
  create?: boolean;
  /** Open for reading only; the file must already be at the latest schema (default false). */
  readonly?: boolean;
}

/** Opens (and if needed creates or upgrades) a project file. Throws with a message fit to show the user. */
export function openProject(path: string, options: OpenOptions = {}): Project {
  const readonly = options.readonly ?? false;
  if ((readonly || !options.create) && !existsSync(path)) throw new Error(`${path} does not exist.`);
  let db: Database.Database;
  try {
    // EXEMPLAR_SQLITE_BINDING: the module built for Electron's ABI, which `npm start` makes beside the one
    // for Node (scripts/electron-native.mjs) and passes to the desktop app; a packaged app has its own.
    db = new Database(path, { readonly, fileMustExist: readonly || !options.create, nativeBinding: process.env.EXEMPLAR_SQLITE_BINDING || undefined });
  } catch (e) {
    throw new Error(`${path} could not be opened: ${(e as Error).message}.`, { cause: e });
  }
  try {
    checkFile(db, path, readonly);
    if (!readonly) db.pragma('journal_mode = WAL'); // persistent in the file; a read-only connection cannot set it
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL'); // in WAL mode: a power cut may lose the last commits, never corrupt the file
    db.pragma('busy_timeout = 5000'); // another connection (a worker) may hold the write lock for a moment
    if (!readonly) migrate(db, migrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return { path, readonly, db, close: () => db.close() };
}

/** Refuses files that are not SQLite, not Exemplar's, or from a newer Exemplar. */
function checkFile(db: Database.Database, path: string, readonly: boolean): void {
  let version: number;
  let applicationId: number;
  let tables: number;
  try {
    version = schemaVersion(db);
    applicationId = db.pragma('application_id', { simple: true }) as number;
    tables = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new Error(`${path} is not an Exemplar project (it is not an SQLite database).`, { cause: e });
    }
    throw e;
  }
  if (version > LATEST_SCHEMA) {
    throw new Error(
      `${path} was written by a newer Exemplar (schema ${version}, this build knows ${LATEST_SCHEMA}); update Exemplar to open it.`,
    );
  }
  // A fresh file has no tables yet; anything else must carry our application_id.
  if ((version > 0 || tables > 0) && applicationId !== EXEMPLAR_APPLICATION_ID) {
    throw new Error(`${path} is an SQLite database but not an Exemplar project.`);
  }
  if (readonly && version < LATEST_SCHEMA) {
    throw new Error(`${path} uses an older schema (${version}); open it once for writing so Exemplar can upgrade it.`);
  }
}
