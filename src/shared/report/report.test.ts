// The report's layouts, section by section, as snapshots: a change in what a report says or draws shows in
// review as a diff of the section it touched (`vitest -u` accepts it). The document is the PDF tests' fixture.
import { describe, expect, it } from 'vitest';
import { sampleReportData } from '../../main/engine/report/testing';
import { reportCharts } from './charts';
import { reportHtml } from './html';
import { reportMarkdown } from './markdown';
import { contentRuns, REPORT_SET_ITEMS } from './text';
import { REPORT_SECTIONS } from './types';

const data = sampleReportData();
const charts = reportCharts(data);
const html = reportHtml(data, charts);

describe('the HTML report', () => {
  it('is one file that asks for nothing: no script, no link, no source, no URL, and a policy that forbids requests', () => {
    // (An SVG's namespace is a name, not an address.)
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|@import|https?:\/\//i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  for (const section of REPORT_SECTIONS)
    it(`draws the ${section} section as before`, async () => {
      const m = new RegExp(`<section id="${section}" data-section="${section}">[\\s\\S]*?</section>`).exec(html);
      expect(m, `section ${section}`).not.toBeNull();
      await expect(m![0]).toMatchFileSnapshot(`__snapshots__/html-${section}.html`);
    });
});

describe('the Markdown report', () => {
  it('says the same as before, each chart a file beside it', async () => {
    const md = reportMarkdown(data, charts, 'r');
    await expect(md.markdown).toMatchFileSnapshot('__snapshots__/report.md');
    expect(md.files.map((f) => f.name)).toEqual(md.files.map((_, k) => expect.stringMatching(new RegExp(`^r-charts/${String(k + 1).padStart(2, '0')}-[\\w-]+\\.svg$`))));
    for (const f of md.files) expect(md.markdown).toContain(`](${f.name})`);
  });
});

describe('a prototype’s items and text as runs', () => {
  it('bolds the subspace words where they stand, whatever their case, and keeps every character of the text', () => {
    const text = 'Tesseract is an open-source OCR engine. Open it, (for programmers) via its API.';
    const runs = contentRuns({ column: 'description', kind: 'text', text, key: ['open', 'ocr', 'api'] });
    expect(runs.map((r) => r.text).join('')).toBe(text);
    expect(runs.filter((r) => r.bold).map((r) => r.text)).toEqual(['open', 'OCR', 'Open', 'API']);
  });

  it('lists a set’s subspace items first, bold, and says how many more there are past the limit', () => {
    const items = Array.from({ length: REPORT_SET_ITEMS + 5 }, (_, k) => `item ${k}`);
    const runs = contentRuns({ column: 'ingredients', kind: 'set', items, key: ['item 7', 'item 3'] });
    expect(runs.slice(0, 3)).toEqual([{ text: 'item 3', bold: true }, { text: ', ', bold: false }, { text: 'item 7', bold: true }]);
    expect(runs.filter((r) => r.bold)).toHaveLength(2);
    expect(runs.at(-1)).toEqual({ text: ' and 5 more', bold: false });
  });
});
