import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './route';

describe('the address keeps the place', () => {
  it('round-trips a view, a prototype, a model and a case', () => {
    for (const hash of ['#/prototypes', '#/prototypes/3?model=2&case=12', '#/map?case=0', '#/similar?model=7', '#/audit?model=2', '#/data', '#/fit'])
      expect(formatHash(parseHash(hash))).toBe(hash);
  });

  it('falls back to the prototypes for an unknown or empty address', () => {
    expect(parseHash('')).toEqual({ view: 'prototypes', detail: null, model: null, case: null });
    expect(parseHash('#/nowhere?case=x&model=-1')).toEqual({ view: 'prototypes', detail: null, model: null, case: null });
    // A detail only belongs to the Prototypes view.
    expect(parseHash('#/map/3').detail).toBeNull();
  });
});
