import { describe, expect, it } from 'vitest';
import type { ModelView } from '../../shared/api';
import { describeEdit, diffModels } from './edits';
import type { MapData } from './project';

describe('the edit history reads as sentences', () => {
  it('says what each edit did', () => {
    expect(describeEdit({ kind: 'subspace', cluster: 2, feature: 'px_3_4', state: 'force' })).toBe('forced `px_3_4` into cluster 2');
    expect(describeEdit({ kind: 'subspace', cluster: 0, feature: 'ingredients=basil', state: 'forbid' })).toBe('forbade `ingredients=basil` in cluster 0');
    expect(describeEdit({ kind: 'subspace', cluster: 1, feature: 'x', state: 'free' })).toBe('freed `x` in cluster 1');
    expect(describeEdit({ kind: 'pin', cluster: 3, row: 17 })).toBe('pinned case #17 as the prototype of cluster 3');
    expect(describeEdit({ kind: 'unpin', cluster: 3 })).toBe('freed the prototype of cluster 3');
  });
});

describe('what an edit changed', () => {
  const model = (rows: number[], subspaces: string[][]) => ({ prototypes: rows.map((row, cluster) => ({ cluster, row, subspace: subspaces[cluster] })) }) as unknown as ModelView;
  const map = (clusters: number[]) => ({ n: clusters.length, cluster: Uint8Array.from(clusters) }) as unknown as MapData;

  it('lists new prototypes, subspace features gained and lost, and the cases that moved', () => {
    const d = diffModels(
      'forced `b` into cluster 0',
      { model: model([5, 9], [['a'], ['c', 'd']]), map: map([0, 0, 1, 1, 1, 0]) },
      { model: model([5, 11], [['a', 'b'], ['c']]), map: map([0, 1, 1, 0, 0, 0]) },
    );
    expect(d.prototypes).toEqual([{ cluster: 1, before: 9, after: 11 }]);
    expect(d.subspaces).toEqual([
      { cluster: 0, gained: ['b'], lost: [] },
      { cluster: 1, gained: [], lost: ['d'] },
    ]);
    expect(d.moved).toBe(3);
    expect(d.n).toBe(6);
    expect(d.flows).toEqual([
      { from: 1, to: 0, count: 2 },
      { from: 0, to: 1, count: 1 },
    ]);
  });
});
