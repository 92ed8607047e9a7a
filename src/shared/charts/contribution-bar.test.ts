import { describe, expect, it } from 'vitest';
import { type Contribution, CONTRIBUTION_BAR_DEFAULTS, contributionBar, contributionSegments } from './contribution-bar';
import { CONTRIBUTION_COLOURS } from './palette';
import { allText, byClass, checkChart, find, num, RECIPE_CONTRIBUTIONS, type XmlElement } from './testing';

const recipe: Contribution[] = RECIPE_CONTRIBUTIONS.map((c) => ({ ...c }));
const score = recipe.reduce((s, c) => s + c.weight, 0);

const segs = (root: XmlElement) => byClass(root, 'ex-segment');
const rectOf = (g: XmlElement) => find(g, 'rect')[0];

/** The bar's width in px: everything left of the score read-out. */
const barWidth = (root: XmlElement) => num(byClass(root, 'ex-track')[0], 'width');

describe('contributionBar', () => {
  it('draws a recipe result: features, π, a vector column, shared absences, others (snapshot)', async () => {
    await expect(contributionBar(recipe, score, { max: 1 })).toMatchFileSnapshot('./__snapshots__/contribution-bar.svg');
    await expect(contributionBar(recipe, score, { width: 420 })).toMatchFileSnapshot('./__snapshots__/contribution-bar-wide.svg');
  });

  // Planted once: positions accumulated from rounded widths (each a few thousandths of a pixel off) ended
  // 0.04 px past x(score), and this went red.
  it('splits the score into segments that sum to it exactly, and tile the bar from 0 to x(score) with no gap', () => {
    for (const [max, width] of [[null, 240], [1, 240], [2.5, 333], [null, 97]] as const) {
      const root = checkChart(contributionBar(recipe, score, { max, width }));
      const s = segs(root);
      const weights = s.map((g) => Number(g.attrs['data-weight']));
      expect(Math.abs(weights.reduce((a, b) => a + b, 0) - score)).toBeLessThan(1e-12);
      const W = barWidth(root);
      let x = 0;
      for (const g of s) {
        expect(num(rectOf(g), 'x')).toBe(x);
        x = Number((x + num(rectOf(g), 'width')).toFixed(2));
      }
      expect(x).toBeCloseTo((score / (max ?? score)) * W, 2);
    }
  });

  it('shares one scale across a result list when given max', () => {
    const end = (sc: number) => {
      const root = checkChart(contributionBar([{ feature: 'a', weight: sc, kind: 'matched' }], sc, { max: 1, width: 240 }));
      const r = rectOf(segs(root)[0]);
      return num(r, 'x') + num(r, 'width');
    };
    expect(end(0.5) * 2).toBeCloseTo(end(1), 2);
  });

  it('orders named parts largest first (maxSegments of them, "others" included), keeps π and vectors, pools shared absences and the rest', () => {
    const s = contributionSegments(recipe, score);
    expect(s.map((x) => x.label)).toEqual(['π similarity', 'garlic', 'olive_oil', 'tomato', 'description_embedding', '4 shared absences', '3 others']);
    const named = s.filter((x) => x.feature !== null).map((x) => Math.abs(x.weight));
    expect(named).toEqual([...named].sort((a, b) => b - a));
    expect(s.find((x) => x.kind === 'absences')!.weight).toBeCloseTo(0.012 + 0.011 + 0.01 + 0.009, 15);
    expect(s.find((x) => x.kind === 'other')!.count).toBe(3);
    // The mismatched feature (weight 0) draws nothing.
    expect(s.some((x) => x.label === 'cumin')).toBe(false);
  });

  it('gives π its own colour, mutes the absences, and labels only segments wide enough', () => {
    const root = checkChart(contributionBar(recipe, score, { width: 420 }));
    const byKind = (k: string) => segs(root).filter((g) => g.attrs['data-kind'] === k);
    expect(rectOf(byKind('pi')[0]).attrs.fill).toBe(CONTRIBUTION_BAR_DEFAULTS.piColour);
    expect(rectOf(byKind('absences')[0]).attrs.fill).toBe(CONTRIBUTION_COLOURS.absences);
    expect(byKind('absences')[0].attrs['data-group']).toBe('absences');
    expect(byKind('pi')[0].attrs['data-feature']).toBe('π similarity');
    for (const g of segs(root)) {
      const w = num(rectOf(g), 'width');
      if (w < CONTRIBUTION_BAR_DEFAULTS.minLabelWidth) expect(find(g, 'text')).toHaveLength(0);
    }
    expect(find(byKind('pi')[0], 'text')[0].text).toBe('π similarity');
    expect(find(byKind('matched')[0], 'title')[0].text).toBe('garlic = present: +0.210 (23% of the score)');
    expect(byClass(root, 'ex-score')[0].text).toBe('0.897');
  });

  it('merges features beyond maxSegments but never π', () => {
    const many: Contribution[] = Array.from({ length: 10 }, (_, i) => ({ feature: `f${i}`, weight: 0.01 * (10 - i), kind: 'matched' }));
    many.push({ feature: 'π similarity', weight: 0.001, kind: 'pi' });
    const s = contributionSegments(many, many.reduce((a, c) => a + c.weight, 0), 4);
    expect(s.map((x) => x.label)).toEqual(['f0', 'f1', 'π similarity', '8 others']);
  });

  it('draws a negative part pale and left of zero, marks zero and the score', () => {
    const c: Contribution[] = [
      { feature: 'age', weight: 0.3, kind: 'matched' },
      { feature: 'π similarity', weight: 0.2, kind: 'pi' },
      { feature: 'emb', weight: -0.1, kind: 'vector' },
    ];
    const root = checkChart(contributionBar(c, 0.4, { width: 240, showScore: false }));
    const vec = segs(root).find((g) => g.attrs['data-kind'] === 'vector')!;
    const zero = num(byClass(root, 'ex-zero')[0], 'x1');
    // (dashed rects sit half a pixel inside their span)
    expect(Math.abs(num(rectOf(vec), 'x') + num(rectOf(vec), 'width') - zero)).toBeLessThanOrEqual(0.5);
    expect(rectOf(vec).attrs['stroke-dasharray']).toBe('2 2');
    expect(zero).toBeCloseTo(240 / 6, 1); // domain −0.1 … 0.5
    expect(byClass(root, 'ex-score-mark')).toHaveLength(1);
  });

  it('shows a gap between the parts and the score as "unexplained" instead of stretching the parts', () => {
    const root = checkChart(contributionBar([{ feature: 'age', weight: 0.3, kind: 'matched' }], 0.4));
    const res = segs(root).find((g) => g.attrs['data-kind'] === 'residual')!;
    expect(Number(res.attrs['data-weight'])).toBeCloseTo(0.1, 12);
    expect(allText(res)).toContain('unexplained');
  });

  it('draws an empty bar for no contributions and escapes feature names', () => {
    expect(segs(checkChart(contributionBar([], 0)))).toHaveLength(0);
    const root = checkChart(contributionBar([{ feature: '</text><script>', weight: 1, kind: 'matched', queryValue: '"x"' }], 1));
    expect(segs(root)[0].attrs['data-feature']).toBe('</text><script>');
    expect(find(segs(root)[0], 'title')[0].text).toBe('</text><script> = "x": +1.000 (100% of the score)');
  });
});
