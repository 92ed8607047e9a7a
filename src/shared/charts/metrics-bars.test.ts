import { describe, expect, it } from 'vitest';
import { metricsBars } from './metrics-bars';
import { byClass, checkChart, find, num } from './testing';

const before = { 'ndcg@5': 0.612, 'ndcg@10': 0.655, 'ndcg@30': 0.701, 'p@5': 0.54, map: 0.48 };
const after = { 'ndcg@5': 0.684, 'ndcg@10': 0.7, 'ndcg@30': 0.69, 'p@5': 0.62, map: 0.53 };

describe('metricsBars', () => {
  it('draws ranking metrics before and after learning (snapshot)', async () => {
    await expect(metricsBars(before, after)).toMatchFileSnapshot('./__snapshots__/metrics-bars.svg');
  });

  it('draws each metric as a pair of bars on one 0–1 scale, with the change written out', () => {
    const root = checkChart(metricsBars(before, after));
    const rows = byClass(root, 'ex-metric');
    expect(rows.map((r) => r.attrs['data-metric'])).toEqual(Object.keys(before));
    const unit = num(byClass(rows[0], 'ex-before')[0], 'width') / before['ndcg@5'];
    for (const r of rows) {
      const k = r.attrs['data-metric'] as keyof typeof before;
      expect(num(byClass(r, 'ex-before')[0], 'width')).toBeCloseTo(before[k] * unit, 1);
      expect(num(byClass(r, 'ex-after')[0], 'width')).toBeCloseTo(after[k] * unit, 1);
    }
    expect(find(rows[2], 'text').at(-1)!.text).toBe('0.701 → 0.690  −0.011');
  });

  it('writes a dash for a metric one side lacks', () => {
    const root = checkChart(metricsBars({ map: 0.5 }, { map: 0.6, 'p@5': 0.4 }, { decimals: 2 }));
    const rows = byClass(root, 'ex-metric');
    expect(find(rows[1], 'text').at(-1)!.text).toBe('— → 0.40');
    expect(byClass(rows[1], 'ex-before')).toHaveLength(0);
  });
});
