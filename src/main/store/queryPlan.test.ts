// The hottest queries must search an index, never scan a table (STYLE.md, Storage). Each case calls the real
// query function, records every statement it prepares, and checks EXPLAIN QUERY PLAN of each.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getTraces, loadLatestCheckpoints, saveCheckpoint } from './chains';
import { getCaseRows, insertDataset, listDatasets, loadDataset } from './datasets';
import type { Project } from './db';
import { listEdits, recordEdit, undoEdit } from './edits';
import { listJudgments } from './judgments';
import { createModel, listModels, loadModel } from './models';
import { makeCases, meta, tempProject } from './testing';

let project: Project;
let cleanup: () => void;
let datasetId: number;
let modelId: number;
beforeEach(() => {
  ({ project, cleanup } = tempProject());
  datasetId = insertDataset(project, meta, makeCases(10).cases, makeCases(10).rows);
  modelId = createModel(project, datasetId, {}, [1, 2]);
  saveCheckpoint(project, modelId, 0, 1, new Uint8Array(8), [{ sweep: 1, logJoint: -1 }]);
  recordEdit(project, modelId, 'a', {});
});
afterEach(() => cleanup());

/** The SELECT/UPDATE statements `run` prepares, with their query plans (one line per plan step). */
function plansOf(run: () => void): { sql: string; plan: string[] }[] {
  const { db } = project;
  const prepare = db.prepare.bind(db);
  const seen: string[] = [];
  db.prepare = ((sql: string) => (seen.push(sql), prepare(sql))) as typeof db.prepare;
  try {
    run();
  } finally {
    db.prepare = prepare;
  }
  return seen
    .filter((sql) => /^\s*(SELECT|UPDATE|DELETE)/i.test(sql))
    .map((sql) => {
      const params = new Array((sql.match(/\?/g) ?? []).length).fill(0);
      const rows = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      return { sql, plan: rows.map((r) => r.detail) };
    });
}

function expectIndexed(run: () => void) {
  const plans = plansOf(run);
  if (process.env.SHOW_PLANS) for (const { sql, plan } of plans) console.log(`${sql}\n  ${plan.join('\n  ')}`);
  expect(plans.length).toBeGreaterThan(0);
  for (const { sql, plan } of plans) {
    const why = `${sql}\n  ${plan.join('\n  ')}`;
    expect(plan.some((step) => /^SEARCH \w+ USING (COVERING INDEX|INDEX|PRIMARY KEY|INTEGER PRIMARY KEY)/.test(step)), why).toBe(true);
    expect(plan.filter((step) => /^SCAN|TEMP B-TREE/.test(step)), why).toEqual([]);
  }
}

describe('hot queries use an index', () => {
  it('traces by model and chain', () => expectIndexed(() => getTraces(project, modelId, 0, 0)));
  it('latest checkpoint per chain', () => expectIndexed(() => loadLatestCheckpoints(project, modelId)));
  it('judgments by dataset and query', () => expectIndexed(() => listJudgments(project, datasetId, 3)));
  it('judgments by dataset', () => expectIndexed(() => listJudgments(project, datasetId)));
  it('case rows by dataset and row', () => expectIndexed(() => getCaseRows(project, datasetId, [1, 5])));
  it('dataset chunks', () => expectIndexed(() => loadDataset(project, datasetId)));
  it('models of a dataset, with chains', () => expectIndexed(() => listModels(project, datasetId)));
  it('one model', () => expectIndexed(() => loadModel(project, modelId)));
  it('edits of a model, and undo', () => {
    expectIndexed(() => listEdits(project, modelId));
    expectIndexed(() => undoEdit(project, modelId));
  });

  it('(the check itself catches a table scan)', () => {
    expect(() => expectIndexed(() => listDatasets(project))).toThrow(/SCAN datasets/);
  });
});
