// Schema 30: who is writing a model. A fit, resume or resample holds a lease on its model (owner = host,
// pid and a random nonce, and a heartbeat renewed while it runs), so two processes never write one model's
// chains at once, and a model left 'running' by a process that died is recognised as interrupted.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 30,
  up(db) {
    db.exec(`
      ALTER TABLE models ADD COLUMN owner TEXT;            -- 'host pid nonce' of the process writing it, or NULL
      ALTER TABLE models ADD COLUMN heartbeat_at INTEGER;  -- ms since the epoch of the owner's last sign of life
    `);
  },
};
