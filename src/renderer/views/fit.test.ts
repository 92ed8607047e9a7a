import { describe, expect, it } from 'vitest';
import { densify, verdict } from './fit';
import { rankVerdict } from './similar';

describe('the fit’s plain words', () => {
  it('calls chains that agree converged and others run longer', () => {
    expect(verdict(1.02, 4, 'done').text).toBe('converged');
    expect(verdict(1.1, 4, 'done').text).toBe('run longer');
    expect(verdict(null, 1, 'done').text).toBe('one chain');
    expect(verdict(null, 4, 'interrupted').text).toBe('interrupted');
  });

  it('fills the sweeps between throttled progress reports linearly', () => {
    expect(densify([{ sweep: 4, logJoint: -10 }, { sweep: 1, logJoint: -40 }, { sweep: 6, logJoint: -10 }])).toEqual([-40, -30, -20, -10, -10, -10]);
    expect(densify([{ sweep: 3, logJoint: -5 }])).toEqual([-5, -5, -5]);
    expect(densify([])).toEqual([]);
  });

  it('says whether learning from grades helped', () => {
    expect(rankVerdict(0.6, 0.8, 5)).toMatch(/^The learned ranking puts/);
    expect(rankVerdict(0.9, 0.3, 2)).toMatch(/does worse .* \(2 so far\)/);
    expect(rankVerdict(0.7, 0.705, 9)).toMatch(/about as well/);
  });
});
