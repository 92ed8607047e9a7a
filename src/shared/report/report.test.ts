// The report's layouts, section by section, as snapshots: a change in what a report says or draws shows in
// review as a diff of the section it touched (`vitest -u` accepts it). The document is the PDF tests' fixture.
import { describe, expect, it } from 'vitest';
import { sampleReportData } from '../../main/engine/report/testing';
import { reportCharts } from './charts';
import { reportHtml } from './html';
import { reportMarkdown } from './markdown';
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
