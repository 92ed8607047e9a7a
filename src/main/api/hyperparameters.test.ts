// The settings the Fit view explains (src/shared/hyperparameters.ts) state the engine's real defaults.
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../shared/hyperparameters';
import { DEFAULT_CHAINS, DEFAULT_ITERATIONS } from '../../shared/api';
import { DEFAULT_PARAMS } from '../engine/bcm/model';

describe('the Fit view’s settings', () => {
  it('carry the engine’s defaults', () => {
    const byKey = Object.fromEntries(SETTINGS.map((x) => [x.key, x]));
    for (const k of ['alpha', 'q', 'lambda', 'c'] as const) expect(byKey[k].default).toBe(DEFAULT_PARAMS[k]);
    expect(byKey.iterations.default).toBe(DEFAULT_ITERATIONS);
    expect(byKey.chains.default).toBe(DEFAULT_CHAINS);
    for (const x of SETTINGS) expect(x.meaning.length).toBeLessThan(90);
  });
});
