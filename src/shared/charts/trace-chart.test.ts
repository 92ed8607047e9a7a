import { describe, expect, it } from 'vitest';
import { chainColour } from './palette';
import { byClass, checkChart, find, num, sampleTraces, type XmlElement } from './testing';
import { traceChart } from './trace-chart';

/** [command, x, y] of a path's d (d3-path writes M/L with comma pairs). */
function points(d: string): [string, number, number][] {
  return [...d.matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
}
const plot = (root: XmlElement) => byClass(root, 'ex-plot')[0];
const paths = (root: XmlElement) => byClass(root, 'ex-trace').flatMap((g) => find(g, 'path'));

describe('traceChart', () => {
  it('draws four chains over 400 sweeps, the first 200 burn-in, one chain stuck lower (snapshot)', async () => {
    await expect(traceChart({ chains: sampleTraces(), burnIn: 200, sweeps: 400 })).toMatchFileSnapshot('./__snapshots__/trace-chart.svg');
  });
  it('draws a running fit: 60 of 1000 sweeps (snapshot)', async () => {
    await expect(traceChart({ chains: sampleTraces(4, 1000, 60), burnIn: 500, sweeps: 1000 }, { width: 360, height: 160 })).toMatchFileSnapshot('./__snapshots__/trace-chart-running.svg');
  });

  it('colours chains, keeps every line inside the plot (values before burn-in are clipped, not drawn over the axes)', () => {
    const root = checkChart(traceChart({ chains: sampleTraces(), burnIn: 200, sweeps: 400 }));
    const p = plot(root);
    const [x0, y0] = [num(p, 'x'), num(p, 'y')];
    const [x1, y1] = [x0 + num(p, 'width'), y0 + num(p, 'height')];
    const ps = paths(root);
    expect(ps.map((e) => e.attrs.stroke)).toEqual([0, 1, 2, 3].map(chainColour));
    for (const e of ps)
      for (const [, x, y] of points(e.attrs.d)) {
        expect(x).toBeGreaterThanOrEqual(x0 - 0.01);
        expect(x).toBeLessThanOrEqual(x1 + 0.01);
        expect(y).toBeGreaterThanOrEqual(y0 - 0.01);
        expect(y).toBeLessThanOrEqual(y1 + 0.01);
      }
    // The early sweeps lie below the post-burn-in range: the first point drawn is where a line enters at the bottom.
    const first = points(ps[0].attrs.d)[0];
    expect(first[2]).toBeCloseTo(y1, 1);
    expect(first[1]).toBeGreaterThan(x0);
  });

  it('shades the burn-in from sweep 0 to burnIn on the same x scale as the lines', () => {
    const root = checkChart(traceChart({ chains: sampleTraces(2, 400), burnIn: 100, sweeps: 400 }));
    const p = plot(root);
    const burn = byClass(root, 'ex-burn-in')[0];
    expect(num(burn, 'x')).toBe(num(p, 'x'));
    expect(num(burn, 'width')).toBeCloseTo(num(p, 'width') / 4, 1);
    const end = byClass(root, 'ex-burn-in-end')[0];
    expect(end.attrs['data-sweep']).toBe('100');
    expect(byClass(root, 'ex-burn-in-label')[0].text).toBe('burn-in');
    expect([p.attrs['data-sweep-min'], p.attrs['data-sweep-max']]).toEqual(['0', '400']);
  });

  it('labels the y-axis with nice, evenly spaced ticks in plain grouped digits', () => {
    const root = checkChart(traceChart({ chains: sampleTraces(), burnIn: 200, sweeps: 400 }));
    const labels = find(byClass(root, 'ex-y-axis')[0], 'text').map((t) => t.text);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (const l of labels) expect(l).toMatch(/^−?\d{1,3}(,\d{3})*$/);
    const v = labels.map((l) => Number(l.replace('−', '-').replace(/,/g, '')));
    const step = v[1] - v[0];
    expect(step % 100).toBe(0);
    v.forEach((t, i) => expect(t).toBe(v[0] + i * step));
  });

  it("'all' shows every sweep; 'auto' zooms to the sweeps after burn-in", () => {
    const chains = sampleTraces(1, 400);
    const lowest = (y: 'auto' | 'all') => Math.min(...find(byClass(checkChart(traceChart({ chains, burnIn: 200, sweeps: 400 }, { y })), 'ex-y-axis')[0], 'text').map((t) => Number(t.text.replace('−', '-').replace(/,/g, ''))));
    const min = Math.min(...chains[0]);
    const minAfter = Math.min(...chains[0].slice(200));
    expect(lowest('all')).toBeLessThanOrEqual(min);
    expect(lowest('auto')).toBeGreaterThan(min);
    expect(lowest('auto')).toBeLessThanOrEqual(minAfter);
  });

  it('runs the x-axis to the planned sweeps while a fit runs, and marks each chain’s newest sweep', () => {
    const root = checkChart(traceChart({ chains: sampleTraces(3, 1000, 60), burnIn: 500, sweeps: 1000 }));
    expect(find(byClass(root, 'ex-x-axis')[0], 'text').map((t) => t.text)).toContain('1,000');
    const last = byClass(root, 'ex-last');
    expect(last.map((e) => e.attrs['data-sweep'])).toEqual(['60', '60', '60']);
    expect(byClass(root, 'ex-legend')).toHaveLength(1);
    expect(byClass(checkChart(traceChart({ chains: sampleTraces(1), burnIn: 0, sweeps: 400 })), 'ex-legend')).toHaveLength(0);
  });

  it('thins a long chain without losing its extremes', () => {
    const chain = sampleTraces(1, 100_000)[0];
    chain[54_321] = -15_000; // a spike above everything else
    chain[77_777] = -15_900;
    const data = { chains: [chain], burnIn: 0, sweeps: 100_000 };
    const thin = points(paths(checkChart(traceChart(data, { yDomain: [-20_000, -14_900] })))[0].attrs.d);
    const full = points(paths(checkChart(traceChart(data, { yDomain: [-20_000, -14_900], pointsPerPixel: 1e6 })))[0].attrs.d);
    expect(thin.length).toBeLessThan(4 * 2 * 480);
    expect(full.length).toBe(100_000);
    const ys = (p: [string, number, number][]) => p.map(([, , y]) => y);
    expect(Math.min(...ys(thin))).toBe(Math.min(...ys(full)));
    expect(Math.max(...ys(thin))).toBe(Math.max(...ys(full)));
  });

  it('breaks a line at a non-finite value and says when there is nothing yet', () => {
    const chain = sampleTraces(1, 100)[0];
    chain[50] = Number.NaN;
    const d = paths(checkChart(traceChart({ chains: [chain], burnIn: 0, sweeps: 100 })))[0].attrs.d;
    expect(points(d).filter(([c]) => c === 'M')).toHaveLength(2);
    const empty = checkChart(traceChart({ chains: [], burnIn: 500, sweeps: 1000 }));
    expect(paths(empty)).toHaveLength(0);
    expect(find(empty, 'text').some((t) => t.text === 'No sweeps yet')).toBe(true);
    expect(find(byClass(empty, 'ex-y-axis')[0], 'text')).toHaveLength(0);
  });

  it('is deterministic', () => {
    const a = traceChart({ chains: sampleTraces(), burnIn: 200, sweeps: 400 });
    expect(traceChart({ chains: sampleTraces(), burnIn: 200, sweeps: 400 })).toBe(a);
  });
});
