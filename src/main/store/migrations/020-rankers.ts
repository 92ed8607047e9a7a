// Schema 20: learned rankings. A ranker holds the RankSVM weights learned from a dataset's judgments for one
// model's similarity (one weight per feature group and one for π similarity), with how it was chosen.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 20,
  up(db) {
    db.exec(`
      CREATE TABLE rankers (
        id           INTEGER PRIMARY KEY,
        model_id     INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        created_at   TEXT NOT NULL,
        weights_json TEXT NOT NULL,                   -- { [group]: θ_g, 'π similarity': θ_π }
        c            REAL NOT NULL,                   -- the RankSVM C chosen by query-fold cross-validation
        metrics_json TEXT NOT NULL                    -- { before, after } query-fold CV metrics
      ) STRICT;
      CREATE INDEX rankers_by_model ON rankers (model_id, id);
    `);
  },
};
