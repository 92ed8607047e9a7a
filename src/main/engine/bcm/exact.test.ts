// The sampler is the posterior: on models small enough to enumerate every (z, p, ω), the exact posterior
// marginals are computed from the joint and compared with the frequencies of long seeded Gibbs runs.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { logSumExp } from '../special';
import { BcmSampler } from './sampler';
import { referenceLogJoint, referenceSweep, type BcmState } from './reference';
import type { BcmData, BcmParams } from './model';

// 3 cases × 2 features (values 2 and 3), one value missing, S = 2: 2^5 · 3^2 · 2^4 = 4,608 states.
const data: BcmData = { n: 3, f: 2, V: Int32Array.from([2, 3]), x: Int32Array.from([0, 2, 1, -1, 0, 1]) };
const params: BcmParams = { S: 2, alpha: 0.7, q: 0.4, lambda: 0.6, c: 3, sweeps: 0, burnIn: 0, thin: 1, learnAlpha: false, seed: 0 };

interface Marginals {
  z: number[]; // P(z_ij = 0), indexed by <case, feature>
  p: number[]; // P(p_s = i), indexed by <cluster, case>
  omega: number[]; // P(ω_sj = 1), indexed by <cluster, feature>
}

function exactMarginals(): Marginals {
  const tokens = [0, 1, 2, 4, 5]; // observed <case, feature> slots
  const logs: number[] = [];
  const states: BcmState[] = [];
  for (let zc = 0; zc < 1 << tokens.length; zc++)
    for (let pc = 0; pc < 9; pc++)
      for (let oc = 0; oc < 16; oc++) {
        const z = new Int32Array(6).fill(-1);
        tokens.forEach((t, k) => (z[t] = (zc >> k) & 1));
        const st = { z, p: Int32Array.from([pc % 3, Math.floor(pc / 3)]), omega: Uint8Array.from([0, 1, 2, 3], (k) => (oc >> k) & 1) };
        states.push(st);
        logs.push(referenceLogJoint(data, params, params.alpha, st));
      }
  const norm = logSumExp(logs);
  const m: Marginals = { z: new Array(6).fill(0), p: new Array(6).fill(0), omega: new Array(4).fill(0) };
  states.forEach((st, k) => {
    const w = Math.exp(logs[k] - norm);
    tokens.forEach((t) => (m.z[t] += st.z[t] === 0 ? w : 0));
    for (let s = 0; s < 2; s++) m.p[s * 3 + st.p[s]] += w;
    st.omega.forEach((o, k2) => (m.omega[k2] += o * w));
  });
  return m;
}

function frequencies(step: () => BcmState, sweeps: number): Marginals {
  const m: Marginals = { z: new Array(6).fill(0), p: new Array(6).fill(0), omega: new Array(4).fill(0) };
  for (let k = 0; k < 500; k++) step(); // burn-in
  for (let k = 0; k < sweeps; k++) {
    const st = step();
    st.z.forEach((s, t) => (m.z[t] += s === 0 ? 1 : 0));
    for (let s = 0; s < 2; s++) m.p[s * 3 + st.p[s]] += 1;
    st.omega.forEach((o, k2) => (m.omega[k2] += o));
  }
  const scale = (a: number[]) => a.map((v) => v / sweeps);
  return { z: scale(m.z), p: scale(m.p), omega: scale(m.omega) };
}

function expectClose(got: Marginals, want: Marginals, tol: number) {
  for (const key of ['z', 'p', 'omega'] as const)
    want[key].forEach((w, k) => {
      if (key === 'z' && (k === 3)) return; // the missing value has no z
      expect(Math.abs(got[key][k] - w), `${key}[${k}]: got ${got[key][k]}, exact ${w}`).toBeLessThan(tol);
    });
}

describe('Gibbs frequencies match the exact posterior', () => {
  const exact = exactMarginals();

  it('has a non-trivial posterior to match', () => {
    // Guard against a vacuous test: the marginals are far from their priors somewhere.
    expect(Math.max(...exact.omega.map((o) => Math.abs(o - params.q)))).toBeGreaterThan(0.02);
    expect(Math.max(...exact.p.map((p) => Math.abs(p - 1 / 3)))).toBeGreaterThan(0.02);
  });

  it('for the fast sampler (200,000 sweeps, seed 42, tolerance 0.01)', () => {
    const s = new BcmSampler(data, params, new Rng(42));
    expectClose(frequencies(() => (s.step(), s), 200_000), exact, 0.01);
  });

  it('for the reference sampler (20,000 sweeps, seed 43, tolerance 0.025)', () => {
    const rng = new Rng(43);
    const st: BcmState = { z: Int32Array.from([0, 1, 0, -1, 1, 0]), p: Int32Array.from([0, 1]), omega: new Uint8Array(4).fill(1) };
    expectClose(frequencies(() => (referenceSweep(data, params, params.alpha, st, rng), st), 20_000), exact, 0.025);
  });
});
