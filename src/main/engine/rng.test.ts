import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is reproducible from its seed and from a saved state', () => {
    const a = new Rng(42);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => new Rng(42)).map((r) => r.nextUint32())[0]).toBe(first[0]);
    const saved = a.state();
    const next = a.next();
    expect(new Rng(saved).next()).toBe(next);
  });

  it('fills a buffer with exactly the numbers next() would give', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    const buf = a.fill(new Float64Array(100));
    for (let k = 0; k < 100; k++) expect(buf[k]).toBe(b.next());
    expect(a.state()).toEqual(b.state());
  });

  it('draws uniforms with the right mean and gamma variates with the right mean and variance', () => {
    const r = new Rng(1);
    let sum = 0;
    for (let k = 0; k < 100_000; k++) sum += r.next();
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const shape of [0.3, 2.5]) {
      const xs = Array.from({ length: 50_000 }, () => r.gamma(shape));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
      expect(Math.abs(mean - shape) / shape).toBeLessThan(0.03); // Gamma(k, 1): mean k, variance k
      expect(Math.abs(variance - shape) / shape).toBeLessThan(0.06);
    }
  });
});
