// The charts are for reports rendered in Node as much as for the page: no DOM, no d3-selection, nothing
// but string building and the DOM-free d3 modules.
import { expect, it } from 'vitest';
import * as charts from './index';
import { checkChart, DIGIT_0, nodeFiles, RECIPE_CONTRIBUTIONS, sampleTraces } from './testing';

const dir = new URL('.', import.meta.url).pathname;
const { readdirSync, readFileSync } = await nodeFiles();
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

it('runs with no DOM: every chart renders in plain Node', () => {
  expect(typeof (globalThis as Record<string, unknown>).document).toBe('undefined');
  expect(typeof (globalThis as Record<string, unknown>).window).toBe('undefined');
  const svgs = [
    charts.prototypePicture({ rows: 8, cols: 8, values: DIGIT_0, max: 16, subspace: DIGIT_0.map((v) => v > 12) }),
    charts.labelMixBar([{ label: 'a', share: 1, count: 3 }]),
    charts.piBars([0.5, 0.5]),
    charts.contributionBar(RECIPE_CONTRIBUTIONS.map((c) => ({ ...c })), 0.9),
    charts.subspaceFeatureBars([{ name: 'f', probability: 0.9, phi: 0.8, overall: 0.3, value: 'v' }]),
    charts.traceChart({ chains: sampleTraces(2, 50), burnIn: 25, sweeps: 50 }),
    charts.histogram([{ label: 'a', count: 1 }]),
    charts.metricsBars({ map: 0.4 }, { map: 0.5 }),
    charts.weightBars({ a: 1.2 }),
  ];
  for (const svg of svgs) checkChart(svg);
});

it('imports only the DOM-free d3 modules and each other; index.ts only re-exports', () => {
  const allowed = new Set(['d3-scale', 'd3-shape', 'd3-path', 'd3-array', 'd3-format']);
  for (const f of sources) {
    const src = readFileSync(dir + f, 'utf8');
    for (const m of src.matchAll(/from '([^']+)'/g)) expect(m[1].startsWith('./') || allowed.has(m[1]), `${f} imports ${m[1]}`).toBe(true);
    expect(/\b(document|window|globalThis)\./.test(src), `${f} touches a global`).toBe(false);
  }
  const index = readFileSync(dir + 'index.ts', 'utf8');
  expect(index.split('\n').filter((l) => l.trim() && !l.startsWith('//') && !l.startsWith('export '))).toEqual([]);
});

it('every chart has a documented defaults constant', () => {
  for (const name of ['PROTOTYPE_PICTURE', 'LABEL_MIX_BAR', 'PI_BARS', 'CONTRIBUTION_BAR', 'SUBSPACE_FEATURE_BARS', 'TRACE_CHART', 'HISTOGRAM', 'METRICS_BARS', 'WEIGHT_BARS'])
    expect(typeof (charts as Record<string, unknown>)[`${name}_DEFAULTS`], name).toBe('object');
});
