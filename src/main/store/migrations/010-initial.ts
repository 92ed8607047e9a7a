// Schema 10: the first schema. Conventions: tables are STRICT (SQLite checks column types); ids are
// INTEGER PRIMARY KEY; times are ISO-8601 UTC text; `*_json` columns hold JSON text; array BLOBs hold
// typed-array bytes (see ../blob.ts); case rows are 0-based. Children cascade when a dataset or model goes.
import type { Migration } from '../migrate';

/** `PRAGMA application_id` of an Exemplar project ('EXMP' in ASCII): tells ours from other SQLite files. */
export const EXEMPLAR_APPLICATION_ID = 0x45584d50;

export const migration: Migration = {
  version: 10,
  up(db) {
    db.pragma(`application_id = ${EXEMPLAR_APPLICATION_ID}`);
    db.exec(`
      -- One imported table of cases.
      CREATE TABLE datasets (
        id             INTEGER PRIMARY KEY,
        name           TEXT NOT NULL,
        source_path    TEXT,                          -- the file it came from, if any
        format         TEXT NOT NULL,                 -- 'csv', 'tsv', 'json', ...
        created_at     TEXT NOT NULL,
        n_rows         INTEGER NOT NULL,
        columns_json   TEXT NOT NULL,                 -- ColumnSpec[]
        summaries_json TEXT NOT NULL,                 -- ColumnSummary[]
        features_json  TEXT NOT NULL,                 -- Feature[]
        vectors_json   TEXT NOT NULL,                 -- { column, dim }[], in EncodedCases.vectors order
        label_column   TEXT,
        warnings_json  TEXT NOT NULL                  -- string[]
      ) STRICT;

      -- EncodedCases in row chunks, so no BLOB grows past SQLite's 1 GB limit and a chunk is read in one go.
      CREATE TABLE case_chunks (
        dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        chunk       INTEGER NOT NULL,                 -- 0, 1, 2, ... in row order
        row_start   INTEGER NOT NULL,
        n_rows      INTEGER NOT NULL,
        x           BLOB NOT NULL,                    -- Int32 indexed by <row - row_start, feature>; -1 = missing
        labels_json TEXT,                             -- (string | null)[] for these rows; NULL when no label column
        ids_json    TEXT,                             -- string[] for these rows; NULL when no identifier column
        PRIMARY KEY (dataset_id, chunk)
      ) STRICT;

      -- Dense vector columns, chunked like case_chunks (same chunk numbers, same rows).
      CREATE TABLE case_vector_chunks (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        vector     INTEGER NOT NULL,                  -- index into datasets.vectors_json
        chunk      INTEGER NOT NULL,
        data       BLOB NOT NULL,                     -- Float32 indexed by <row - row_start, dim>
        PRIMARY KEY (dataset_id, vector, chunk)
      ) STRICT;

      -- The raw cells of each case, for display. WITHOUT ROWID: one B-tree keyed by (dataset, row), so
      -- inserting rows in order only appends and a lookup by row is one search.
      CREATE TABLE case_rows (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        row        INTEGER NOT NULL,
        cells_json TEXT NOT NULL,                     -- (string | null)[] in columns_json order
        PRIMARY KEY (dataset_id, row)
      ) STRICT, WITHOUT ROWID;

      -- One BCM fit.
      CREATE TABLE models (
        id                INTEGER PRIMARY KEY,
        dataset_id        INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        created_at        TEXT NOT NULL,
        params_json       TEXT NOT NULL,
        status            TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
        error             TEXT,                       -- why it failed
        result_json       TEXT,                       -- posterior summary, once done
        seconds_per_sweep REAL
      ) STRICT;
      CREATE INDEX models_by_dataset ON models (dataset_id, created_at);

      -- Big arrays of a model's result (e.g. per-case cluster weights), kept out of result_json.
      CREATE TABLE model_arrays (
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        name     TEXT NOT NULL,
        dtype    TEXT NOT NULL CHECK (dtype IN ('int32', 'uint32', 'float32', 'float64')),
        data     BLOB NOT NULL,
        PRIMARY KEY (model_id, name)
      ) STRICT;

      CREATE TABLE chains (
        model_id    INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        chain       INTEGER NOT NULL,
        seed        INTEGER NOT NULL,
        sweeps_done INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (model_id, chain)
      ) STRICT, WITHOUT ROWID;

      -- Log joint per sweep, for trace plots and convergence checks.
      CREATE TABLE traces (
        model_id  INTEGER NOT NULL,
        chain     INTEGER NOT NULL,
        sweep     INTEGER NOT NULL,
        log_joint REAL,                               -- NULL stands for NaN: SQLite stores NaN as NULL
        PRIMARY KEY (model_id, chain, sweep),
        FOREIGN KEY (model_id, chain) REFERENCES chains (model_id, chain) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;

      -- The latest sampler state of each chain, replaced in place (one row per chain).
      CREATE TABLE checkpoints (
        model_id INTEGER NOT NULL,
        chain    INTEGER NOT NULL,
        sweep    INTEGER NOT NULL,
        state    BLOB NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (model_id, chain),
        FOREIGN KEY (model_id, chain) REFERENCES chains (model_id, chain) ON DELETE CASCADE
      ) STRICT;

      -- Interactive-BCM edits, in order. Undone edits are always a suffix of the sequence (the redo stack).
      CREATE TABLE edits (
        id           INTEGER PRIMARY KEY,
        model_id     INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        kind         TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        undone       INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        UNIQUE (model_id, seq)
      ) STRICT;

      -- Graded relevance of case doc_row to query case query_row (0 = irrelevant .. 3 = highly relevant).
      CREATE TABLE judgments (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        query_row  INTEGER NOT NULL,
        doc_row    INTEGER NOT NULL,
        grade      INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 3),
        source     TEXT NOT NULL,                     -- who judged: 'user', 'import', ...
        PRIMARY KEY (dataset_id, query_row, doc_row)
      ) STRICT, WITHOUT ROWID;

      -- A built retrieval index per model and kind.
      CREATE TABLE retrieval_index (
        model_id   INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,
        meta_json  TEXT NOT NULL,
        data       BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (model_id, kind)
      ) STRICT;
    `);
  },
};
