import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../shared/api';
import { warningSentences } from './audit';

describe('the audit’s warnings, as the view says them', () => {
  it('puts identifying columns first, then prototypes by k (fewest sharing first), then copies', () => {
    const proto = (cluster: number, row: number, k: number) => ({ cluster, row, k, quasiIdentifiers: ['legs'], subspace: ['legs', 'hair'], warning: 'w', replacements: [] });
    const r = {
      k: 5,
      identifierColumns: [{ column: 'animal', reason: 'every value is unique (101 of 101)' }],
      prototypes: [proto(0, 31, 4), proto(1, 91, 1), proto(2, 59, 9), proto(3, 97, 2)],
      warnings: ['Column animal looks identifying: …', 'Cluster 0’s prototype …', '395 pairs of cases differ in at most 1 modelled feature (104 identical): split them together between training and test, or drop the copies.'],
    } as unknown as AuditReport;
    expect(warningSentences(r, (row) => (row === 91 ? 'animal 092' : null))).toEqual([
      'Column animal could name a person: every value is unique (101 of 101).',
      'Cluster 1’s prototype, animal 092 (#91), is the only case with the 2 values it shows (k = 1 < 5): anyone who knows them can tell it is that one.',
      'Cluster 3’s prototype, case #97, shares the 2 values it shows with only 1 other case (k = 2 < 5).',
      'Cluster 0’s prototype, case #31, shares the 2 values it shows with only 3 other cases (k = 4 < 5).',
      '395 pairs of cases differ in at most 1 modelled feature (104 identical): split them together between training and test, or drop the copies.',
    ]);
  });
});
