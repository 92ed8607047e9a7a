import { describe, expect, it } from 'vitest';
import { histogram } from './histogram';
import { ACCENT, MISSING } from './palette';
import { byClass, checkChart, find, num } from './testing';

const ages = [3, 9, 22, 41, 60, 48, 30, 12, 5, 1].map((c, i) => ({ label: `${i * 10}–${i * 10 + 10}`, count: c }));

describe('histogram', () => {
  it('draws a numeric column with missing values (snapshot)', async () => {
    await expect(histogram(ages, { missing: 7, name: 'age' })).toMatchFileSnapshot('./__snapshots__/histogram.svg');
  });

  it('draws bars in proportion to counts from one baseline, the tallest written', () => {
    const root = checkChart(histogram(ages));
    const bars = byClass(root, 'ex-bar');
    expect(bars).toHaveLength(10);
    const base = num(bars[0], 'y') + num(bars[0], 'height');
    for (const b of bars) expect(num(b, 'y') + num(b, 'height')).toBeCloseTo(base, 6);
    const tallest = num(bars[4], 'height');
    bars.forEach((b, i) => expect(num(b, 'height')).toBeCloseTo(Math.max(1, (ages[i].count / 60) * tallest), 1));
    expect(byClass(root, 'ex-max')[0].text).toBe('60');
    expect(byClass(root, 'ex-bin').map((g) => g.attrs['data-bin'])).toEqual(ages.map((_, i) => String(i)));
    expect(root.attrs['aria-label']).toBe('Distribution: 231 values in 10 bins');
  });

  it('draws missing values apart, highlights a bin, labels categories', () => {
    const root = checkChart(histogram([{ label: 'red', count: 5 }, { label: 'green', count: 3 }, { label: 'blue', count: 0 }], { missing: 2, highlight: 1, labels: 'all', width: 200 }));
    const missing = byClass(root, 'ex-missing')[0];
    expect(find(missing, 'rect')[1].attrs.fill).toBe(MISSING);
    expect(byClass(root, 'ex-bar')[1].attrs.fill).toBe(ACCENT);
    // An empty bin keeps its hover target but draws no bar.
    expect(byClass(byClass(root, 'ex-bin')[2], 'ex-bar')).toHaveLength(0);
    expect(byClass(byClass(root, 'ex-bin')[2], 'ex-hit')).toHaveLength(1);
    expect(find(root, 'text').map((t) => t.text)).toEqual(expect.arrayContaining(['red', 'green', 'blue', '?']));
  });

  it('keeps 16 px of bars in a short row: the max count goes first, then the labels', () => {
    const bars = (height: number) => {
      const root = checkChart(histogram(ages, { height }));
      return { max: byClass(root, 'ex-max').length, labels: find(root, 'text').length - byClass(root, 'ex-max').length, plot: num(byClass(root, 'ex-hit')[0], 'height') };
    };
    expect(bars(64)).toEqual({ max: 1, labels: 2, plot: 32 });
    expect(bars(36)).toEqual({ max: 0, labels: 2, plot: 18 });
    expect(bars(24)).toEqual({ max: 0, labels: 0, plot: 21 });
  });

  it('says when there are no values', () => {
    expect(checkChart(histogram([])).attrs['aria-label']).toBe('Distribution: 0 values in 0 bins');
  });
});
