import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDataset } from './datasets';
import type { Project } from './db';
import { listEdits, recordEdit, redoEdit, undoEdit } from './edits';
import { createModel } from './models';
import { makeCases, meta, tempProject } from './testing';

let project: Project;
let cleanup: () => void;
let model: number;
beforeEach(() => {
  ({ project, cleanup } = tempProject());
  model = createModel(project, insertDataset(project, meta, makeCases(2).cases, makeCases(2).rows), {}, [1]);
});
afterEach(() => cleanup());

const kinds = (includeUndone = false) => listEdits(project, model, { includeUndone }).map((e) => e.kind + (e.undone ? '(undone)' : ''));

describe('edits', () => {
  it('records edits in sequence with their payloads', () => {
    const a = recordEdit(project, model, 'pin-prototype', { cluster: 0, row: 3 });
    const b = recordEdit(project, model, 'add-feature', { cluster: 1, feature: 'colour' });
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(b).toMatchObject({ modelId: model, kind: 'add-feature', payload: { cluster: 1, feature: 'colour' }, undone: false });
    expect(kinds()).toEqual(['pin-prototype', 'add-feature']);
  });

  it('undoes from the last edit back, and redoes forward', () => {
    recordEdit(project, model, 'a', {});
    recordEdit(project, model, 'b', {});
    expect(undoEdit(project, model)?.kind).toBe('b');
    expect(undoEdit(project, model)?.kind).toBe('a');
    expect(undoEdit(project, model)).toBeNull();
    expect(kinds()).toEqual([]);
    expect(kinds(true)).toEqual(['a(undone)', 'b(undone)']);
    expect(redoEdit(project, model)?.kind).toBe('a');
    expect(kinds(true)).toEqual(['a', 'b(undone)']);
    expect(redoEdit(project, model)?.kind).toBe('b');
    expect(redoEdit(project, model)).toBeNull();
  });

  it('drops the undone edits when a new edit is recorded', () => {
    recordEdit(project, model, 'a', {});
    recordEdit(project, model, 'b', {});
    undoEdit(project, model);
    expect(recordEdit(project, model, 'c', {}).seq).toBe(2);
    expect(kinds(true)).toEqual(['a', 'c']);
    expect(redoEdit(project, model)).toBeNull();
  });
});
