import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from './nearest';

describe('did you mean', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('protoypes', 'prototypes')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('finds the flag a user meant, and nothing for a name far from every candidate', () => {
    const flags = ['prototypes', 'iterations', 'seed', 'label', 'kind', 'chains'];
    expect(nearest('prototype', flags)).toEqual(['prototypes']);
    expect(nearest('itertions', flags)).toEqual(['iterations']);
    expect(nearest('xyzzy', flags)).toEqual([]);
    expect(didYouMean('sed', flags, (s) => `--${s}`)).toBe(' Did you mean --seed?');
  });
});
