import { describe, expect, it } from 'vitest';
import { clusterColour, edgeFor, NEUTRAL } from './palette';
import { subspaceFeatureBars } from './subspace-feature-bars';
import { allText, byClass, checkChart, num } from './testing';

const feats = [
  { name: 'px_5_5', probability: 0.84, phi: 0.71, overall: 0.52, value: '9–12' },
  { name: 'px_3_4', probability: 0.97, phi: 0.92, overall: 0.31, value: '0–2' },
  { name: 'px_2_2', probability: 0.91, phi: 0.88, overall: 0.45, value: '13–16' },
];

describe('subspaceFeatureBars', () => {
  it('draws three subspace features of cluster 4 (snapshot)', async () => {
    await expect(subspaceFeatureBars(feats, { cluster: 4 })).toMatchFileSnapshot('./__snapshots__/subspace-feature-bars.svg');
  });

  it('orders rows by P(ω=1) and draws φ as a bar and the overall frequency as a tick on one 0–1 scale', () => {
    const root = checkChart(subspaceFeatureBars(feats, { cluster: 2 }));
    const rows = byClass(root, 'ex-row');
    expect(rows.map((r) => r.attrs['data-feature'])).toEqual(['px_3_4', 'px_2_2', 'px_5_5']);
    for (const r of rows) {
      const f = feats.find((x) => x.name === r.attrs['data-feature'])!;
      const track = byClass(r, 'ex-track')[0];
      const bar = byClass(r, 'ex-bar')[0];
      const tick = byClass(r, 'ex-overall')[0];
      expect(num(bar, 'width')).toBeCloseTo(f.phi * num(track, 'width'), 1);
      expect(num(tick, 'x1')).toBeCloseTo(num(track, 'x') + f.overall * num(track, 'width'), 1);
      expect(bar.attrs.fill).toBe(clusterColour(2));
      expect(byClass(r, 'ex-probability')[0].text).toBe(f.probability.toFixed(2));
    }
    expect(allText(rows[0])).toContain('92% · 31%');
  });

  it('keeps the given order, cuts to top, and edges a light cluster colour', () => {
    const root = checkChart(subspaceFeatureBars(feats, { sort: false, top: 2, cluster: 3, header: false }));
    expect(byClass(root, 'ex-row').map((r) => r.attrs['data-feature'])).toEqual(['px_5_5', 'px_3_4']);
    expect(byClass(root, 'ex-more')[0].text).toBe('+1 more');
    expect(byClass(root, 'ex-bar')[0].attrs.stroke).toBe(edgeFor(clusterColour(3)));
    expect(byClass(root, 'ex-header')).toHaveLength(0);
  });

  it('uses a neutral colour without a cluster and says when there are no features', () => {
    expect(byClass(checkChart(subspaceFeatureBars(feats)), 'ex-bar')[0].attrs.fill).toBe(NEUTRAL);
    expect(checkChart(subspaceFeatureBars([])).attrs['aria-label']).toBe('No subspace features');
  });
});
