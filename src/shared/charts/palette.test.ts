import { describe, expect, it } from 'vitest';
import { LABEL_MIX_RAMP } from './label-mix-bar';
import {
  ACCENT,
  BACKGROUND,
  CHAIN_COLOURS,
  CLUSTER_COLOURS,
  CONTRIBUTION_COLOURS,
  contrast,
  clusterColour,
  edgeFor,
  ERROR,
  INK,
  luminance,
  MUTED,
  NEUTRAL,
  paletteCss,
  textOn,
  WASH,
} from './palette';

describe('cluster colours', () => {
  it('are Okabe–Ito for the first eight clusters, then lighter, then darker variants, then repeat', () => {
    expect(new Set(CLUSTER_COLOURS)).toEqual(new Set(['#000000', '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7']));
    for (let k = 0; k < 8; k++) {
      expect(clusterColour(k)).toBe(CLUSTER_COLOURS[k]);
      expect(luminance(clusterColour(k + 8))).toBeGreaterThan(luminance(CLUSTER_COLOURS[k]));
      if (k < 7) expect(luminance(clusterColour(k + 16))).toBeLessThan(luminance(CLUSTER_COLOURS[k]));
      expect(clusterColour(k + 24)).toBe(CLUSTER_COLOURS[k]);
    }
    expect(new Set(Array.from({ length: 24 }, (_, k) => clusterColour(k))).size).toBe(23); // black cannot get darker
  });
  it('keep the accent and the error red for their one meaning', () => {
    const all = [...CLUSTER_COLOURS, ...CHAIN_COLOURS, ...Object.values(CONTRIBUTION_COLOURS).flat()];
    expect(all).not.toContain(ACCENT);
    expect(all).not.toContain(ERROR);
  });
});

describe('contrast (WCAG 2)', () => {
  it('matches known ratios', () => {
    expect(contrast('#000000', '#FFFFFF')).toBeCloseTo(21, 6);
    expect(contrast('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
  });
  it('text colours are AA on the backgrounds they sit on', () => {
    expect(contrast(INK, BACKGROUND)).toBeGreaterThanOrEqual(7);
    expect(contrast(MUTED, BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(MUTED, WASH)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(ERROR, BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });
  it('labels inside filled segments are AA (textOn)', () => {
    for (const fill of [...LABEL_MIX_RAMP, ...CONTRIBUTION_COLOURS.feature, CONTRIBUTION_COLOURS.pi, CONTRIBUTION_COLOURS.vector, CONTRIBUTION_COLOURS.absences, CONTRIBUTION_COLOURS.other])
      expect(contrast(textOn(fill), fill), fill).toBeGreaterThanOrEqual(4.5);
  });
  it('data marks reach 3:1 on white, by themselves or with their edge', () => {
    expect(contrast(NEUTRAL, BACKGROUND)).toBeGreaterThanOrEqual(3);
    expect(contrast(ACCENT, BACKGROUND)).toBeGreaterThanOrEqual(3);
    for (const c of [...CLUSTER_COLOURS, ...Array.from({ length: 16 }, (_, k) => clusterColour(k + 8))]) expect(contrast(edgeFor(c) ?? c, BACKGROUND), c).toBeGreaterThanOrEqual(3);
  });
});

it('paletteCss exposes every colour as a custom property', () => {
  const css = paletteCss();
  expect(css).toContain(`--ex-cluster-0: ${CLUSTER_COLOURS[0]};`);
  expect(css).toContain(`--ex-accent: ${ACCENT};`);
  expect(css).toContain('--ex-font: system-ui');
  expect(css.startsWith(':root {')).toBe(true);
});
