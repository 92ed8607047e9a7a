import { describe, expect, it } from 'vitest';
import { byClass, checkChart, find, num } from './testing';
import { weightBars } from './weight-bars';

const weights = { garlic: 1.8, 'π similarity': 0.6, tomato: 1.1, olive_oil: 1, basil: 0.2, cumin: -0.3 };

describe('weightBars', () => {
  it('draws learned weights against the model baseline (snapshot)', async () => {
    await expect(weightBars(weights)).toMatchFileSnapshot('./__snapshots__/weight-bars.svg');
  });

  it('sorts largest first and grows bars from the baseline, right above it and left below it', () => {
    const root = checkChart(weightBars(weights));
    const rows = byClass(root, 'ex-weight');
    expect(rows.map((r) => r.attrs['data-feature'])).toEqual(['garlic', 'tomato', 'olive_oil', 'π similarity', 'basil', 'cumin']);
    const base = num(byClass(root, 'ex-baseline')[0], 'x1');
    const bar = (name: string) => byClass(rows.find((r) => r.attrs['data-feature'] === name)!, 'ex-bar')[0];
    expect(num(bar('garlic'), 'x')).toBeCloseTo(base, 0);
    expect(num(bar('basil'), 'x') + num(bar('basil'), 'width')).toBeCloseTo(base, 0);
    // Lengths in proportion to the distance from the baseline.
    expect(num(bar('garlic'), 'width') / num(bar('basil'), 'width')).toBeCloseTo(0.8 / 0.8, 1);
    expect(num(bar('cumin'), 'width') / num(bar('garlic'), 'width')).toBeCloseTo(1.3 / 0.8, 1);
    expect(byClass(root, 'ex-zero')).toHaveLength(1);
  });

  it('keeps the top rows and says how many more there are', () => {
    const root = checkChart(weightBars(weights, { top: 2 }));
    expect(byClass(root, 'ex-weight')).toHaveLength(2);
    expect(byClass(root, 'ex-more')[0].text).toBe('+4 more');
    expect(find(byClass(root, 'ex-weight')[0], 'title')[0].text).toBe("garlic: 1.80 × the model's weight");
    expect(checkChart(weightBars({})).attrs['aria-label']).toBe('Learned weights: none yet');
  });
});
