import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDataset } from './datasets';
import type { Project } from './db';
import { deleteJudgment, listJudgments, upsertJudgments, type Judgment } from './judgments';
import { createModel } from './models';
import { loadRetrievalIndex, saveRetrievalIndex } from './retrieval';
import { makeCases, meta, tempProject } from './testing';

let project: Project;
let cleanup: () => void;
let datasetId: number;
beforeEach(() => {
  ({ project, cleanup } = tempProject());
  datasetId = insertDataset(project, meta, makeCases(5).cases, makeCases(5).rows);
});
afterEach(() => cleanup());

describe('judgments', () => {
  it('upserts, lists by dataset or query, and deletes', () => {
    const j = (queryRow: number, docRow: number, grade: Judgment['grade'], source = 'user'): Judgment => ({ datasetId, queryRow, docRow, grade, source });
    upsertJudgments(project, [j(1, 4, 3), j(0, 2, 1), j(1, 0, 0)]);
    upsertJudgments(project, [j(1, 4, 2, 'import')]);
    expect(listJudgments(project, datasetId)).toEqual([j(0, 2, 1), j(1, 0, 0), j(1, 4, 2, 'import')]);
    expect(listJudgments(project, datasetId, 1)).toEqual([j(1, 0, 0), j(1, 4, 2, 'import')]);
    expect(deleteJudgment(project, datasetId, 1, 0)).toBe(true);
    expect(deleteJudgment(project, datasetId, 1, 0)).toBe(false);
    expect(listJudgments(project, datasetId, 1)).toEqual([j(1, 4, 2, 'import')]);
  });

  it('refuses a grade outside 0..3, writing none of the batch', () => {
    const bad = { datasetId, queryRow: 0, docRow: 2, grade: 4, source: 'user' } as unknown as Judgment;
    expect(() => upsertJudgments(project, [{ ...bad, docRow: 1, grade: 1 }, bad])).toThrow(/CHECK/);
    expect(listJudgments(project, datasetId)).toEqual([]);
  });
});

describe('retrieval index', () => {
  it('saves, replaces and loads an index per model and kind', () => {
    const model = createModel(project, datasetId, {}, [1]);
    expect(loadRetrievalIndex(project, model, 'hnsw')).toBeNull();
    saveRetrievalIndex(project, model, 'hnsw', { m: 16 }, new Uint8Array([1, 2, 3]));
    saveRetrievalIndex(project, model, 'hnsw', { m: 32 }, new Uint8Array([4, 5]));
    const index = loadRetrievalIndex(project, model, 'hnsw');
    expect(index?.meta).toEqual({ m: 32 });
    expect([...(index?.data ?? [])]).toEqual([4, 5]);
  });
});
