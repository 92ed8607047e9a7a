import { describe, expect, it } from 'vitest';
import { ACCENT, clusterColour } from './palette';
import { piBars } from './pi-bars';
import { byClass, checkChart, find, num } from './testing';

const pi = [0.05, 0.1, 0.62, 0.03, 0.2];

describe('piBars', () => {
  it('draws π over five clusters, the selected one outlined (snapshot)', async () => {
    await expect(piBars(pi, { highlight: 2 })).toMatchFileSnapshot('./__snapshots__/pi-bars.svg');
  });

  it('draws one bar per cluster in its colour, its length in proportion to π', () => {
    const root = checkChart(piBars(pi));
    const rows = byClass(root, 'ex-row');
    expect(rows.map((r) => r.attrs['data-cluster'])).toEqual(['0', '1', '2', '3', '4']);
    const track = num(byClass(rows[0], 'ex-track')[0], 'width');
    rows.forEach((r, k) => {
      const bar = byClass(r, 'ex-bar')[0];
      expect(bar.attrs.fill).toBe(clusterColour(k));
      expect(num(bar, 'width')).toBeCloseTo(pi[k] * track, 1);
    });
    expect(root.children[0].text).toBe('Mixture π over 5 clusters; largest: cluster 2 0.62, cluster 4 0.20, cluster 1 0.10');
  });

  it('sorts, keeps the top clusters, marks the highlight and escapes names', () => {
    const root = checkChart(piBars(pi, { sort: 'desc', top: 3, highlight: 4, names: ['a', 'b', '<c>', 'd', 'e'] }));
    const rows = byClass(root, 'ex-row');
    expect(rows.map((r) => r.attrs['data-cluster'])).toEqual(['2', '4', '1']);
    expect(find(rows[0], 'text')[0].text).toBe('<c>');
    expect(byClass(rows[1], 'ex-highlight')[0].attrs.stroke).toBe(ACCENT);
    expect(rows[1].attrs.class).toContain('ex-selected');
  });

  it('keeps cluster order with top (the same place for every case)', () => {
    const rows = byClass(checkChart(piBars(pi, { top: 2 })), 'ex-row');
    expect(rows.map((r) => r.attrs['data-cluster'])).toEqual(['2', '4']);
  });
});
