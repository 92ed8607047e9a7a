import { describe, expect, it } from 'vitest';
import type { ModelView } from '../../shared/api';
import { modelWarnings } from './print';

const model = (rhat: number | null, rows: number[]) =>
  ({ rhat, chains: [{}, {}], prototypes: rows.map((row, cluster) => ({ row, cluster })) }) as unknown as ModelView;

describe('model warnings', () => {
  it('says plainly when chains disagree, and when two clusters share a prototype case', () => {
    expect(modelWarnings(model(1.02, [1, 2, 3]))).toEqual([]);
    expect(modelWarnings(model(24.3, [1, 2, 3]))).toEqual([
      'The 2 chains disagree (split-R̂ 24.30 > 1.1): run longer (resume with extend) or fit again; the best chain is shown.',
    ]);
    expect(modelWarnings(model(null, [5, 9, 5]))).toEqual([
      'Clusters 0 and 2 have the same prototype case (row 5): fewer prototypes may describe the data as well.',
    ]);
  });
});
