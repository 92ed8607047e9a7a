import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { BcmSampler } from './sampler';
import { referenceLogJoint, referenceOmegaConditional, referencePConditional, referenceZConditional } from './reference';
import { randomData } from './testing';
import { noConstraints, type BcmParams } from './model';

const params: BcmParams = { S: 3, alpha: 0.3, q: 0.7, lambda: 0.8, c: 5, sweeps: 20, burnIn: 5, thin: 1, learnAlpha: false, seed: 1 };

function sampler(seed = 7) {
  const data = randomData(new Rng(3), 14, [2, 3, 2, 4, 5], 0.15);
  return new BcmSampler(data, params, new Rng(seed));
}

describe('fast sampler against the reference', () => {
  it('keeps counts consistent with the state: its log joint is the reference log joint', () => {
    const s = sampler();
    for (let k = 0; k < 6; k++) {
      s.step();
      const ref = referenceLogJoint(s.data, params, s.alpha, s);
      expect(s.logJoint()).toBeCloseTo(ref, 9);
    }
  });

  // zConditional normalises the very sums the z sweep draws from (zCumulative), and the WebAssembly sweep
  // equals that sweep bit for bit (below). Can fail: dropping (n_is + α) from zCumulative, or not taking
  // the token out of the counts first, turns this red (each planted once by hand).
  it('computes the z conditional of the reference for every observed token, and leaves the state as it was', () => {
    const s = sampler();
    for (let k = 0; k < 4; k++) s.step();
    const before = Buffer.from(s.checkpoint());
    let tokens = 0;
    for (let i = 0; i < s.n; i++)
      for (let j = 0; j < s.f; j++) {
        if (s.data.x[i * s.f + j] < 0) continue;
        tokens++;
        const got = s.zConditional(i, j);
        const ref = referenceZConditional(s.data, params, s.alpha, s, i, j);
        ref.forEach((r, t) => expect(got[t], `z[${i}, ${j}] = ${t}`).toBeCloseTo(r, 10));
      }
    expect(tokens).toBeGreaterThan(50);
    expect(Buffer.from(s.checkpoint()).equals(before)).toBe(true);
  });

  it('computes the prototype and subspace conditionals of the reference', () => {
    const s = sampler();
    for (let k = 0; k < 4; k++) s.step();
    const all = s.pLogWeights();
    for (let c = 0; c < params.S; c++) {
      const logw = all.subarray(c * s.n, (c + 1) * s.n);
      const max = Math.max(...logw);
      const w = Array.from(logw, (l) => Math.exp(l - max));
      const total = w.reduce((a, b) => a + b, 0);
      const ref = referencePConditional(s.data, params, s.alpha, s, c);
      w.forEach((wi, i) => expect(wi / total).toBeCloseTo(ref[i], 10));
      for (let j = 0; j < s.f; j++) {
        const lo = s.omegaLogOdds(c, j);
        expect(1 / (1 + Math.exp(-lo))).toBeCloseTo(referenceOmegaConditional(s.data, params, s.alpha, s, c, j)[1], 10);
      }
    }
  });
});

describe('determinism and checkpoints', () => {
  it('gives bit-identical states for the same seed', () => {
    const a = sampler(11);
    const b = sampler(11);
    for (let k = 0; k < 10; k++) {
      a.step();
      b.step();
    }
    expect(Buffer.from(a.checkpoint()).equals(Buffer.from(b.checkpoint()))).toBe(true);
  });

  it('resumes from a checkpoint exactly where an uninterrupted chain would be', () => {
    const whole = sampler(5);
    for (let k = 0; k < 12; k++) whole.step();
    const first = sampler(5);
    for (let k = 0; k < 7; k++) first.step();
    const resumed = BcmSampler.restore(first.data, params, first.checkpoint());
    for (let k = 7; k < 12; k++) resumed.step();
    expect(Buffer.from(resumed.checkpoint()).equals(Buffer.from(whole.checkpoint()))).toBe(true);
    expect(resumed.summary().pi).toEqual(whole.summary().pi);
  });

  it('honours iBCM constraints: a pinned prototype and forced/forbidden subspace features never move', () => {
    const data = randomData(new Rng(3), 14, [2, 3, 2, 4, 5], 0.15);
    const cons = noConstraints(params.S, data.f);
    cons.pinned[1] = 9;
    cons.omega[0 * data.f + 2] = 1;
    cons.omega[2 * data.f + 0] = 0;
    const s = new BcmSampler(data, params, new Rng(2), cons);
    for (let k = 0; k < 30; k++) {
      s.step();
      expect(s.p[1]).toBe(9);
      expect(s.omega[0 * data.f + 2]).toBe(1);
      expect(s.omega[2 * data.f + 0]).toBe(0);
    }
    const sum = s.summary();
    expect(sum.prototypes[1]).toMatchObject({ row: 9, frequency: 1 });
    expect(sum.subspace[0 * data.f + 2]).toBe(1);
    expect(sum.subspace[2 * data.f + 0]).toBe(0);
  });
});

describe('the WebAssembly z sweep', () => {
  it('equals the TypeScript loop bit for bit, missing values included', () => {
    const a = sampler(21);
    const b = sampler(21);
    b.useJs = true;
    for (let k = 0; k < 15; k++) {
      a.step();
      b.step();
    }
    expect(Buffer.from(a.checkpoint()).equals(Buffer.from(b.checkpoint()))).toBe(true);
  });

  it('is assembled from the committed zsweep.wat', async () => {
    const { readFileSync } = await import('node:fs');
    const wabt = await (await import('wabt')).default();
    const path = new URL('./zsweep.wat', import.meta.url);
    const bytes = wabt.parseWat('zsweep.wat', readFileSync(path, 'utf8')).toBinary({}).buffer;
    const { ZSWEEP_WASM_BASE64 } = await import('./zsweep.wasm');
    expect(Buffer.from(bytes).toString('base64')).toBe(ZSWEEP_WASM_BASE64);
  });
});
