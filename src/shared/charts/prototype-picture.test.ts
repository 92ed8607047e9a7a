import { describe, expect, it } from 'vitest';
import { ACCENT, clusterColour, MISSING } from './palette';
import { outlineOpacity, prototypePicture } from './prototype-picture';
import { byClass, checkChart, DIGIT_0, DIGIT_0_PROBABILITY, DIGIT_1, num, PIXEL_NAMES } from './testing';

const zero = { rows: 8, cols: 8, values: DIGIT_0, max: 16, probability: DIGIT_0_PROBABILITY, features: PIXEL_NAMES };
const one = { rows: 8, cols: 8, values: DIGIT_1, max: 16, subspace: DIGIT_1.map((v) => v >= 15) };

describe('prototypePicture', () => {
  it('draws the digit 0 at 64 px with P(ω=1) as outline opacity (snapshot)', async () => {
    const svg = prototypePicture(zero, { width: 64 });
    checkChart(svg);
    await expect(svg).toMatchFileSnapshot('./__snapshots__/prototype-picture-0-64.svg');
  });
  it('draws the digit 1 at 160 px in a cluster colour with a legend (snapshot)', async () => {
    const svg = prototypePicture(one, { width: 160, outline: clusterColour(4), legend: true, row: 1, cluster: 4 });
    checkChart(svg);
    await expect(svg).toMatchFileSnapshot('./__snapshots__/prototype-picture-1-160.svg');
  });

  it('draws one pixel per value, white at 0 and black at max, and outlines exactly the subspace', () => {
    const root = checkChart(prototypePicture(one));
    const pixels = byClass(root, 'ex-pixel');
    expect(pixels).toHaveLength(64);
    expect(pixels[0].attrs.fill).toBe('#FFFFFF'); // value 0
    expect(pixels[DIGIT_1.indexOf(16)].attrs.fill).toBe('#000000');
    const outlined = byClass(root, 'ex-subspace');
    expect(outlined).toHaveLength(one.subspace.filter(Boolean).length);
    expect(outlined.map((e) => e.attrs['data-feature'])).toEqual(one.subspace.flatMap((s, i) => (s ? [String(i)] : [])));
    expect(outlined.every((e) => e.attrs.stroke === ACCENT)).toBe(true);
  });

  it('outlines P(ω=1) ≥ 0.5 without a subspace, fading the outline toward the threshold', () => {
    const root = checkChart(prototypePicture(zero));
    const outlined = byClass(root, 'ex-subspace');
    expect(outlined).toHaveLength(DIGIT_0_PROBABILITY.filter((p) => p >= 0.5).length);
    for (const e of outlined) {
      const i = PIXEL_NAMES.indexOf(e.attrs['data-feature']);
      expect(num(e, 'stroke-opacity')).toBeCloseTo(outlineOpacity(DIGIT_0_PROBABILITY[i]), 2);
    }
    expect([outlineOpacity(0.5), outlineOpacity(1), outlineOpacity(0.75)]).toEqual([0.35, 1, 0.675]);
    expect(byClass(checkChart(prototypePicture(zero, { showProbability: false })), 'ex-subspace').every((e) => e.attrs['stroke-opacity'] === undefined)).toBe(true);
  });

  it('keeps pixels whole and outlines on the pixel grid, so edges stay crisp at 64–160 px', () => {
    for (const width of [64, 80, 96, 100, 128, 160]) {
      const root = checkChart(prototypePicture(one, { width }));
      const cell = num(byClass(root, 'ex-pixel')[0], 'width');
      expect(Number.isInteger(cell)).toBe(true);
      expect(num(root, 'width')).toBeLessThanOrEqual(width);
      expect(num(root, 'width')).toBe(8 * cell + 2);
      const o = byClass(root, 'ex-subspace')[0];
      const sw = num(o, 'stroke-width');
      expect(sw).toBe(cell < 12 ? 1 : 2);
      // A 1 px line sits on a half pixel, a 2 px line on a whole one.
      expect((num(o, 'x') - sw / 2) % 1).toBe(0);
    }
  });

  it('cases weak outline colours (yellow on white, black on ink) and leaves strong ones alone', () => {
    const casings = (outline: string) => byClass(checkChart(prototypePicture(one, { outline })), 'ex-casing').length;
    const n = one.subspace.filter(Boolean).length;
    expect(casings(clusterColour(3))).toBe(n); // yellow
    expect(casings(clusterColour(7))).toBe(n); // black
    expect(casings(ACCENT)).toBe(0);
  });

  it('shows missing pixels apart from white ones and writes row and cluster hooks', () => {
    const root = checkChart(prototypePicture({ ...one, values: DIGIT_1.map((v, i) => (i === 3 ? null : v)) }, { row: 12, cluster: 0 }));
    const missing = byClass(root, 'ex-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0].attrs.fill).toBe(MISSING);
    expect([root.attrs['data-row'], root.attrs['data-cluster']]).toEqual(['12', '0']);
    expect(root.children[0].text).toBe(`Picture of case 12, 8 × 8 pixels, ${one.subspace.filter(Boolean).length} subspace pixels outlined`);
  });

  it('refuses a picture whose arrays do not match rows × cols', () => {
    expect(() => prototypePicture({ ...one, values: DIGIT_1.slice(1) })).toThrow('values has 63 entries, expected rows × cols = 64');
    expect(() => prototypePicture({ ...one, subspace: [true] })).toThrow('subspace has 1 entries');
    expect(() => prototypePicture({ ...one, rows: 0 })).toThrow(/positive integers/);
  });
});
