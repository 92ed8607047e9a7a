import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendTrace, getTraces, loadLatestCheckpoints, saveCheckpoint } from './chains';
import { insertDataset } from './datasets';
import type { Project } from './db';
import { createModel, deleteModel, listModels, loadModel, loadResultArrays, saveResult, updateModel } from './models';
import { makeCases, meta, tempProject } from './testing';

let project: Project;
let cleanup: () => void;
let datasetId: number;
beforeEach(() => {
  ({ project, cleanup } = tempProject());
  datasetId = insertDataset(project, meta, makeCases(4).cases, makeCases(4).rows);
});
afterEach(() => cleanup());

describe('models', () => {
  it('creates a running model with its chains, updates and finishes it', () => {
    const id = createModel(project, datasetId, { clusters: 3, alpha: 0.1 }, [11, 22]);
    expect(loadModel(project, id)).toMatchObject({
      id, datasetId, params: { clusters: 3, alpha: 0.1 }, status: 'running', error: null, result: null, secondsPerSweep: null,
      chains: [{ chain: 0, seed: 11, sweepsDone: 0 }, { chain: 1, seed: 22, sweepsDone: 0 }],
    });
    updateModel(project, id, { secondsPerSweep: 0.25 });
    updateModel(project, id, {});
    expect(loadModel(project, id)).toMatchObject({ status: 'running', secondsPerSweep: 0.25 });

    const weights = new Float64Array([0.2, 0.8, 1, 0]);
    saveResult(project, id, { prototypes: [0, 2] }, { weights, assign: new Int32Array([0, 1, 1, 0]) });
    expect(loadModel(project, id)).toMatchObject({ status: 'done', result: { prototypes: [0, 2] }, secondsPerSweep: 0.25 });
    expect(loadResultArrays(project, id)).toEqual({ assign: new Int32Array([0, 1, 1, 0]), weights });
    saveResult(project, id, { prototypes: [1] }); // replaces result and arrays
    expect(loadResultArrays(project, id)).toEqual({});
    expect(() => saveResult(project, 999, {})).toThrow('There is no model 999.');
  });

  it('records failure and lists models by dataset', () => {
    const other = insertDataset(project, meta, makeCases(2).cases, makeCases(2).rows);
    const a = createModel(project, datasetId, {}, [1]);
    const b = createModel(project, other, {}, [2]);
    updateModel(project, b, { status: 'failed', error: 'out of memory' });
    expect(listModels(project).map((m) => [m.id, m.status, m.error])).toEqual([[a, 'running', null], [b, 'failed', 'out of memory']]);
    expect(listModels(project, other).map((m) => m.id)).toEqual([b]);
    expect(listModels(project, 999)).toEqual([]);
    expect(loadModel(project, 999)).toBeNull();
    expect(() => updateModel(project, a, { status: 'paused' as never })).toThrow(/CHECK/);
  });

  it('deletes a model with its chains, traces and checkpoints', () => {
    const id = createModel(project, datasetId, {}, [1]);
    saveCheckpoint(project, id, 0, 1, new Uint8Array([1]), [{ sweep: 1, logJoint: -5 }]);
    deleteModel(project, id);
    for (const table of ['models', 'chains', 'traces', 'checkpoints']) {
      expect(project.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
  });
});

describe('traces and checkpoints', () => {
  it('appends traces per chain, returns them in order and since a sweep, keeping NaN', () => {
    const id = createModel(project, datasetId, {}, [1, 2]);
    appendTrace(project, id, 0, [{ sweep: 1, logJoint: -10 }, { sweep: 2, logJoint: NaN }]);
    appendTrace(project, id, 1, [{ sweep: 1, logJoint: -20 }]);
    appendTrace(project, id, 0, [{ sweep: 3, logJoint: -Infinity }]);
    expect(getTraces(project, id, 0)).toEqual([{ sweep: 1, logJoint: -10 }, { sweep: 2, logJoint: NaN }, { sweep: 3, logJoint: -Infinity }]);
    expect(getTraces(project, id, 0, 2)).toEqual([{ sweep: 3, logJoint: -Infinity }]);
    expect(getTraces(project, id, 1)).toEqual([{ sweep: 1, logJoint: -20 }]);
    expect(loadModel(project, id)?.chains.map((c) => c.sweepsDone)).toEqual([3, 1]);
    expect(() => appendTrace(project, id, 7, [{ sweep: 1, logJoint: 0 }])).toThrow(/FOREIGN KEY/); // no chain 7
  });

  it('keeps only the latest checkpoint per chain, saved with the trace since the previous one', () => {
    const id = createModel(project, datasetId, {}, [1, 2]);
    saveCheckpoint(project, id, 0, 2, new Uint8Array([1, 2]), [{ sweep: 1, logJoint: -3 }, { sweep: 2, logJoint: -2 }]);
    saveCheckpoint(project, id, 1, 2, new Uint8Array([9]), []);
    saveCheckpoint(project, id, 0, 4, new Uint8Array([3, 4, 5]), [{ sweep: 3, logJoint: -1.5 }, { sweep: 4, logJoint: -1 }]);
    const latest = loadLatestCheckpoints(project, id);
    expect(latest.map((c) => [c.chain, c.sweep, [...c.state]])).toEqual([[0, 4, [3, 4, 5]], [1, 2, [9]]]);
    expect(getTraces(project, id, 0).map((t) => t.sweep)).toEqual([1, 2, 3, 4]);
    expect(loadModel(project, id)?.chains.map((c) => c.sweepsDone)).toEqual([4, 2]);
    expect(project.db.prepare('SELECT count(*) FROM checkpoints').pluck().get()).toBe(2);
  });

  it('writes neither checkpoint nor trace when the save fails', () => {
    const id = createModel(project, datasetId, {}, [1]);
    saveCheckpoint(project, id, 0, 1, new Uint8Array([1]), [{ sweep: 1, logJoint: -1 }]);
    // The trace row for sweep 2 is written first, then reading the (bad) state throws: both must roll back.
    expect(() =>
      saveCheckpoint(project, id, 0, 2, null as unknown as Uint8Array, [{ sweep: 2, logJoint: -0.5 }]),
    ).toThrow();
    expect(getTraces(project, id, 0).map((t) => t.sweep)).toEqual([1]);
    expect(loadLatestCheckpoints(project, id).map((c) => c.sweep)).toEqual([1]);
  });

  it('lets a resumed chain rewrite the sweeps after its checkpoint', () => {
    const id = createModel(project, datasetId, {}, [1]);
    appendTrace(project, id, 0, [{ sweep: 1, logJoint: -1 }, { sweep: 2, logJoint: -2 }]);
    appendTrace(project, id, 0, [{ sweep: 2, logJoint: -2.5 }]);
    expect(getTraces(project, id, 0)).toEqual([{ sweep: 1, logJoint: -1 }, { sweep: 2, logJoint: -2.5 }]);
  });
});
