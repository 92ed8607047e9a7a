// The gallery: every chart in its common sizes and edge cases on one HTML page, for a person to look at
// (chromium --headless --screenshot, or any browser), written to $TMPDIR/exemplar-charts.html. Not a snapshot:
// the charts' own tests pin their markup.
import { expect, it } from 'vitest';
import {
  clusterColour,
  contributionBar,
  histogram,
  labelMixBar,
  metricsBars,
  paletteCss,
  piBars,
  prototypePicture,
  subspaceFeatureBars,
  traceChart,
  weightBars,
} from './index';
import { checkChart, nodeFiles, DIGIT_0, DIGIT_0_PROBABILITY, DIGIT_1, PIXEL_NAMES, RECIPE_CONTRIBUTIONS, sampleTraces } from './testing';
import { escapeXml } from './svg';

function section(title: string, items: [string, string][]): string {
  return `<section><h2>${escapeXml(title)}</h2><div class="row">${items.map(([cap, svg]) => `<figure>${svg}<figcaption>${escapeXml(cap)}</figcaption></figure>`).join('')}</div></section>`;
}

function galleryHtml(): string {
  const pic0 = { rows: 8, cols: 8, values: DIGIT_0, max: 16, probability: DIGIT_0_PROBABILITY, features: PIXEL_NAMES };
  const pic1 = { rows: 8, cols: 8, values: DIGIT_1, max: 16, subspace: DIGIT_1.map((v) => v >= 15) };
  const missing = { ...pic1, values: DIGIT_1.map((v, i) => (i % 9 === 4 ? null : v)) };
  const feats = [
    { name: 'px_3_4', probability: 0.97, phi: 0.92, overall: 0.31, value: '0–2' },
    { name: 'px_2_2', probability: 0.91, phi: 0.88, overall: 0.45, value: '13–16' },
    { name: 'px_5_5', probability: 0.84, phi: 0.71, overall: 0.52, value: '9–12' },
    { name: 'a_very_long_feature_name_here', probability: 0.55, phi: 0.4, overall: 0.38, value: 'yes' },
  ];
  const contrib = RECIPE_CONTRIBUTIONS.map((c) => ({ ...c }));
  const body = [
    section('prototypePicture', [
      ['64 px, P(ω=1) as opacity', prototypePicture(pic0, { width: 64 })],
      ['96 px (default)', prototypePicture(pic0)],
      ['160 px, legend', prototypePicture(pic0, { width: 160, legend: true })],
      ['cluster 1 colour', prototypePicture(pic1, { outline: clusterColour(1) })],
      ['cluster 3 (yellow): cased', prototypePicture(pic1, { outline: clusterColour(3) })],
      ['cluster 7 (black): cased', prototypePicture(pic1, { outline: clusterColour(7) })],
      ['missing pixels', prototypePicture(missing, { width: 80 })],
    ]),
    section('labelMixBar', [
      ['a "1" cluster with some 7s', labelMixBar([{ label: '1', share: 0.78, count: 140 }, { label: '7', share: 0.15, count: 27 }, { label: '4', share: 0.04, count: 7 }, { label: '9', share: 0.03, count: 6 }])],
      ['many labels, highlight 3', labelMixBar('3580612479'.split('').map((l, i) => ({ label: l, share: (10 - i) / 55, count: 10 - i })), { highlight: '3', width: 200 })],
      ['no labels', labelMixBar([])],
    ]),
    section('piBars', [
      ['cluster order, highlight 2', piBars([0.05, 0.1, 0.62, 0.03, 0.2], { highlight: 2 })],
      ['named, largest 3', piBars([0.05, 0.1, 0.62, 0.03, 0.2], { names: ['0 · case 12', '1 · case 873', '7 · case 40', '4 · case 5', 'a long prototype name'], top: 3, sort: 'desc' })],
      ['8 clusters', piBars([0.3, 0.02, 0.1, 0.2, 0.08, 0.1, 0.15, 0.05])],
    ]),
    section('contributionBar', [
      ['recipe result (max 1)', contributionBar(contrib, 0.897, { max: 1 })],
      ['wide', contributionBar(contrib, 0.897, { width: 420 })],
      ['a weaker result on the same scale', contributionBar(contrib.slice(0, 3).concat([contrib[11]]), 0.72, { max: 1 })],
      ['negative vector part', contributionBar([{ feature: 'age', weight: 0.3, kind: 'matched' }, { feature: 'π similarity', weight: 0.2, kind: 'pi' }, { feature: 'emb', weight: -0.1, kind: 'vector' }], 0.4)],
      ['parts that miss the score', contributionBar([{ feature: 'age', weight: 0.3, kind: 'matched' }], 0.4)],
    ]),
    section('subspaceFeatureBars', [
      ['cluster 4', subspaceFeatureBars(feats, { cluster: 4 })],
      ['cluster 3 (yellow), top 2', subspaceFeatureBars(feats, { cluster: 3, top: 2 })],
    ]),
    section('traceChart', [
      ['4 chains, 400 sweeps, burn-in 200', traceChart({ chains: sampleTraces(), burnIn: 200, sweeps: 400 })],
      ['running: 60 of 1000', traceChart({ chains: sampleTraces(4, 1000, 60), burnIn: 500, sweeps: 1000 })],
      ['one chain, all sweeps', traceChart({ chains: sampleTraces(1), burnIn: 200, sweeps: 400 }, { y: 'all', width: 360, height: 160 })],
      ['no sweeps yet', traceChart({ chains: [], burnIn: 500, sweeps: 1000 }, { width: 360, height: 160 })],
    ]),
    section('histogram', [
      ['numeric bins, missing', histogram([3, 9, 22, 41, 60, 48, 30, 12, 5, 1].map((c, i) => ({ label: String(i * 10), count: c })), { missing: 7, name: 'age' })],
      ['categories, highlight', histogram(['red', 'green', 'blue', 'other'].map((l, i) => ({ label: l, count: [120, 80, 45, 3][i] })), { labels: 'all', highlight: 1 })],
    ]),
    section('metricsBars', [['before/after', metricsBars({ 'ndcg@5': 0.612, 'ndcg@10': 0.655, 'ndcg@30': 0.701, 'p@5': 0.54, map: 0.48 }, { 'ndcg@5': 0.684, 'ndcg@10': 0.7, 'ndcg@30': 0.69, 'p@5': 0.62, map: 0.53 })]]),
    section('weightBars', [['learned weights', weightBars({ garlic: 1.8, 'π similarity': 0.6, tomato: 1.1, olive_oil: 1, basil: 0.2, cumin: -0.3 })]]),
    section('palette', [['clusters 0–23', `<svg xmlns="http://www.w3.org/2000/svg" width="384" height="40">${Array.from({ length: 24 }, (_, k) => `<rect x="${(k % 12) * 32}" y="${Math.floor(k / 12) * 20}" width="30" height="18" fill="${clusterColour(k)}"/>`).join('')}</svg>`]]),
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Exemplar charts</title>
<style>
${paletteCss()}
body { font: 13px var(--ex-font); color: var(--ex-ink); margin: 16px; background: #fff; }
h2 { font-size: 14px; margin: 14px 0 6px; }
.row { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
figure { margin: 0; }
figcaption { color: var(--ex-muted); font-size: 12px; margin-top: 4px; }
</style></head><body>
${body}
</body></html>
`;
}

it('writes the gallery page, every chart in it a well-formed, accessible SVG', async () => {
  const html = galleryHtml();
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
  expect(svgs.length).toBeGreaterThan(25);
  for (const svg of svgs.slice(0, -1)) checkChart(svg); // (the last is the palette swatch, not a chart)
  const files = await nodeFiles();
  files.writeFileSync(`${files.tmpdir()}/exemplar-charts.html`, html);
});
