// Schema 40: similar-case rankings pinned for the report. The user pins a query (a case, or a partly filled
// one) with how many results to show; a report ranks it again with the model as it stands then and shows the
// results with their explanations and the user's grades.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 40,
  up(db) {
    db.exec(`
      CREATE TABLE ranking_pins (
        id         INTEGER PRIMARY KEY,
        model_id   INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        query_json TEXT NOT NULL,    -- { row } or { form: { column: raw value } }
        top        INTEGER NOT NULL  -- results shown
      ) STRICT;
      CREATE INDEX ranking_pins_by_model ON ranking_pins (model_id, id);
    `);
  },
};
