import { describe, expect, it } from 'vitest';
import { buildIndex, nearest } from './map-index';

/** A small seeded generator (tests of the page code do not need the engine's Rng). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('the map’s point index', () => {
  // Planted once: searching only the pointer's own cell (not the cells the radius touches) turns this red.
  it('finds the same nearest point as a scan over all points', () => {
    const rand = lcg(7);
    const n = 20_000;
    const x = Float32Array.from({ length: n }, () => rand() * 2 - 1);
    const y = Float32Array.from({ length: n }, () => (rand() * 2 - 1) ** 3);
    const index = buildIndex(x, y);
    for (let q = 0; q < 500; q++) {
      const px = rand() * 2.2 - 1.1;
      const py = rand() * 2.2 - 1.1;
      const r = 0.002 + rand() * 0.05;
      let best = -1;
      let bestD = r * r;
      for (let i = 0; i < n; i++) {
        const d = (x[i] - px) ** 2 + (y[i] - py) ** 2;
        if (d <= bestD) {
          bestD = d;
          best = i;
        }
      }
      const got = nearest(index, x, y, px, py, r);
      if (best < 0) expect(got).toBe(-1);
      else expect((x[got] - px) ** 2 + (y[got] - py) ** 2).toBe(bestD);
    }
  });

  it('keeps every point once, by cell', () => {
    const x = Float32Array.from([-1, 1, 0, 0.5, -0.999]);
    const y = Float32Array.from([-1, 1, 0, -0.5, 0.999]);
    const index = buildIndex(x, y);
    expect([...index.rows].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(index.start[index.start.length - 1]).toBe(5);
  });
});
