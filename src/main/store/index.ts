// The store: one `.exemplar` SQLite file per project (see db.ts, migrations/, and one file per table group).
export * from './db';
export * from './blob';
export * from './datasets';
export * from './models';
export * from './chains';
export * from './edits';
export * from './judgments';
export * from './retrieval';
export * from './rankers';
export * from './pins';
