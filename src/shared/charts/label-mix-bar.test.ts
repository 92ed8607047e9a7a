import { describe, expect, it } from 'vitest';
import { LABEL_MIX_RAMP, labelMixBar } from './label-mix-bar';
import { ACCENT } from './palette';
import { allText, byClass, checkChart, find, num } from './testing';

const ones = [
  { label: '1', share: 0.78, count: 140 },
  { label: '7', share: 0.15, count: 27 },
  { label: '4', share: 0.04, count: 7 },
  { label: '9', share: 0.03, count: 6 },
];

/** [x, width] of each segment's rect. */
const spans = (svg: string) => byClass(checkChart(svg), 'ex-segment').map((g) => [num(find(g, 'rect')[0], 'x'), num(find(g, 'rect')[0], 'width')]);

describe('labelMixBar', () => {
  it('draws a "1" cluster with some 7s (snapshot)', async () => {
    await expect(labelMixBar(ones)).toMatchFileSnapshot('./__snapshots__/label-mix-bar.svg');
  });

  it('tiles the bar exactly: segments contiguous, widths in proportion to shares, majority first and darkest', () => {
    const s = spans(labelMixBar([...ones].reverse(), { width: 200 }));
    expect(s[0][0]).toBe(0);
    for (let i = 1; i < s.length; i++) expect(s[i][0]).toBeCloseTo(s[i - 1][0] + s[i - 1][1], 9);
    expect(s.at(-1)![0] + s.at(-1)![1]).toBeCloseTo(200, 9);
    expect(s.map(([, w]) => w)).toEqual([156, 30, 8, 6]);
    const root = checkChart(labelMixBar([...ones].reverse()));
    expect(byClass(root, 'ex-segment').map((g) => g.attrs['data-label'])).toEqual(['1', '7', '4', '9']);
    expect(find(byClass(root, 'ex-segment')[0], 'rect')[0].attrs.fill).toBe(LABEL_MIX_RAMP[0]);
  });

  it('merges labels beyond maxSegments into one "others" segment holding their counts', () => {
    const mix = '0123456789'.split('').map((l, i) => ({ label: l, share: (10 - i) / 55, count: 10 - i }));
    const root = checkChart(labelMixBar(mix, { maxSegments: 4 }));
    const segs = byClass(root, 'ex-segment');
    expect(segs).toHaveLength(4);
    expect(segs[3].attrs.class).toContain('ex-other');
    expect(find(segs[3], 'title')[0].text).toBe('7 others: 28 cases (51%)');
  });

  it('labels wide segments only, outlines a highlighted label, and says when there are no labels', () => {
    const root = checkChart(labelMixBar(ones, { highlight: '7' }));
    expect(allText(byClass(root, 'ex-segment')[0])).toContain('1 78%');
    expect(find(byClass(root, 'ex-segment')[3], 'text')).toHaveLength(0);
    expect(byClass(root, 'ex-highlight')[0].attrs.stroke).toBe(ACCENT);
    expect(checkChart(labelMixBar([])).attrs['aria-label']).toBe('Label mix: no labels');
  });

  it('escapes labels', () => {
    const root = checkChart(labelMixBar([{ label: '<b>&"', share: 1, count: 1 }]));
    expect(byClass(root, 'ex-segment')[0].attrs['data-label']).toBe('<b>&"');
  });
});
