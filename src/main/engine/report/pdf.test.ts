import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCharts, SUBSPACE_CHART_ROWS } from '../../../shared/report/charts';
import { listsSubspaceRest, prototypeHeading } from '../../../shared/report/text';
import { SECTION_TITLES } from '../../../shared/report/types';
import { fontDir, reportPdf, shellLines } from './pdf';
import { pdfText, pdfTextItems } from './pdf-testing';
import { sampleReportData } from './testing';

/** pdftoppm (poppler-utils) when it is on PATH: the page-rendering check needs it. */
function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The pixels of an 8-bit grey, RGB or RGBA PNG (non-interlaced, as pdftoppm writes), unfiltered: rows of bytes. */
function pngPixels(png: Buffer): { width: number; height: number; channels: number; data: Uint8Array } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const body = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('PNG: only 8-bit non-interlaced images are read here');
      channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[body[9]] ?? 0;
      if (!channels) throw new Error(`PNG: colour type ${body[9]} is not read here`);
    } else if (type === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? data[y * stride + i - channels] : 0;
      const b = y ? data[(y - 1) * stride + i] : 0;
      const c = y && i >= channels ? data[(y - 1) * stride + i - channels] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      data[y * stride + i] = (row[i] + pred) & 0xff;
    }
  }
  return { width, height, channels, data };
}

/** Text with its line breaks and repeated spaces made single spaces (a sentence may wrap anywhere). */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('reportPdf', () => {
  const data = sampleReportData();
  let bytes: Buffer;
  let pages: number;
  let text: string;

  beforeAll(async () => {
    bytes = await reportPdf(data, reportCharts(data));
    ({ pages, text } = await pdfText(bytes));
  });

  it('writes a PDF of several A4 pages, each numbered "page N of M"', () => {
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBeGreaterThan(1);
    const perPage = text.split('\f');
    expect(perPage).toHaveLength(pages);
    perPage.forEach((p, i) => expect(p).toContain(`page ${i + 1} of ${pages}`));
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });

  it('has the title, the date and every section title, in order', () => {
    const t = flat(text);
    expect(t).toContain(flat(data.title));
    expect(t).toContain('30 November 2026, 13:55 UTC');
    let at = t.indexOf('How to read this report');
    expect(at).toBeGreaterThan(0);
    for (const s of data.sections) {
      const next = t.indexOf(SECTION_TITLES[s], at);
      expect(next, SECTION_TITLES[s]).toBeGreaterThan(at);
      at = next;
    }
  });

  // The standard PDF fonts (WinAnsi) have no π, ω, φ or combining circumflex: with doc.font('Helvetica') planted
  // in place of the bundled DejaVu Sans, this test went red (the letters come back as other characters).
  it('keeps π, ω, φ, R̂, ≥, λ and dashes as text, in the embedded DejaVu fonts', () => {
    for (const s of ['π', 'P(ω = 1)', 'φ', 'R\u0302', '≥ 0.5', 'λ', '—', '−15,']) expect(text, s).toContain(s);
    expect(text).not.toContain('\uFFFD');
    const latin = bytes.toString('latin1');
    expect(latin).toMatch(/DejaVuSans\b/);
    expect(latin).toMatch(/DejaVuSansMono/);
    // svg-to-pdfkit's default for chart text would be Helvetica, which cannot show the charts' ω and π.
    expect(latin).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it("lists each prototype's subspace features under its cluster", () => {
    const t = flat(text);
    data.prototypes.forEach((p, i) => {
      const from = t.indexOf(prototypeHeading(p));
      const to = i + 1 < data.prototypes.length ? t.indexOf(prototypeHeading(data.prototypes[i + 1])) : t.indexOf(SECTION_TITLES.clusters, from);
      expect(from).toBeGreaterThan(0);
      expect(to).toBeGreaterThan(from);
      const block = t.slice(from, to);
      // The first ones in the chart (feature = value, then P(ω = 1)); the rest in a table below it, except
      // where they are all pixels of the picture, which outlines them (and a sentence says so).
      const pixelsOnly = !listsSubspaceRest(data, p);
      p.subspace.forEach((f, j) => {
        if (j < SUBSPACE_CHART_ROWS) expect(block, `cluster ${p.cluster}: ${f.feature}`).toContain(`${f.feature} = ${f.value} ${f.probability.toFixed(2)}`);
        else if (!pixelsOnly) expect(block, `cluster ${p.cluster}: ${f.feature}`).toContain(`${f.feature} ${f.value} ${f.probability.toFixed(2)}`);
      });
      if (pixelsOnly && p.subspace.length > SUBSPACE_CHART_ROWS) expect(block).toContain(`The picture outlines all ${p.subspace.length} subspace pixels`);
    });
  });

  it("draws the charts' text as text (trace legend, subspace header, contribution labels)", () => {
    const t = flat(text);
    expect(t).toContain('chain 1');
    expect(t).toContain('chain 2');
    expect(t).toContain('feature = value');
    expect(t).toContain('Figure 1. Log joint per sweep');
  });

  it('has the tables of numbers: chains, rankings, ranker metrics, audit', () => {
    const t = flat(text);
    expect(t).toContain(`${data.model.chains[0].meanLogJoint < 0 ? '−' : ''}${Math.abs(data.model.chains[0].meanLogJoint).toFixed(1).replace(/\B(?=(\d{3})+(?!\d))/, ',')}`);
    expect(t).toContain('1 row 877 [0] 0.842 3 highly relevant');
    expect(t).toMatch(/ndcg@5 0\.712 0\.781 \+0\.069/);
    expect(t).toContain('The prototype of cluster 2 (row 7) shares its subspace values with only 3 cases');
    expect(t).toContain('3 pairs of cases differ in at most 1 modelled feature; 1 of them are identical.');
    expect(t).toContain('row 130 row 1412 0 (identical)');
    expect(t).toContain('row 512 (k = 6), row 1033 (k = 5)');
    expect(t).toContain('sha256:4f2a9c1e0b7d3a58');
    expect(t).toContain('$ exemplar fit digits');
  });

  it('puts no text below the footer line or into the top margin (a chart or row cut by a page would)', async () => {
    const items = await pdfTextItems(bytes);
    items.forEach((page, i) => {
      const body = page.filter((it) => it.str.trim() && !/^page \d+ of \d+/.test(it.str) && it.str.trim() !== data.title);
      // Baselines from the page's bottom: the footer sits at 841.89 − 64 + 22 (its baseline lower still); the body stays above 64 pt.
      for (const it of body) {
        expect(it.y, `page ${i + 1}: "${it.str}"`).toBeGreaterThan(64 - 1);
        expect(it.y, `page ${i + 1}: "${it.str}"`).toBeLessThan(841.89 - 60 + 1);
      }
    });
  });

  // Planted once: without CreationDate taken from the document, pdfkit stamps the clock and this went red.
  it('writes the same bytes for the same document (dates come from the document, not the clock)', async () => {
    expect((await reportPdf(data, reportCharts(data))).equals(bytes)).toBe(true);
  });

  it('says so in a sentence where a section has nothing to show', async () => {
    const empty = { ...sampleReportData(), rankings: [], ranker: null, audit: null, criticisms: [], accuracy: null, prototypes: [] };
    const { text: t } = await pdfText(await reportPdf(empty, reportCharts(empty)));
    for (const s of ['No rankings were pinned.', 'No ranking has been learned', 'No privacy audit was run.', 'No criticisms: every case is explained', 'there is no accuracy to measure', 'The model has no prototypes.', 'The model has no clusters.'])
      expect(flat(t), s).toContain(s);
  });

  it.skipIf(!hasPdftoppm())('renders page 1 to a picture that is not blank (pdftoppm; skipped where poppler-utils is not installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exemplar-pdf-'));
    try {
      writeFileSync(join(dir, 'report.pdf'), bytes);
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', join(dir, 'report.pdf'), join(dir, 'page')]);
      const png = readdirSync(dir).find((f) => f.endsWith('.png'));
      expect(png).toBeDefined();
      const img = pngPixels(readFileSync(join(dir, png!)));
      // A4 at 50 dpi.
      expect(img.width).toBe(Math.ceil((595.28 / 72) * 50));
      let dark = 0;
      for (const v of img.data) if (v < 128) dark++;
      // Text and charts cover some of the page, far from all of it.
      expect(dark / img.data.length).toBeGreaterThan(0.005);
      expect(dark / img.data.length).toBeLessThan(0.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reportPdf failures', () => {
  it('rejects a chart that is not valid SVG, naming the chart', async () => {
    const data = sampleReportData();
    const charts = reportCharts(data);
    const i = charts.findIndex((c) => c.id === 'trace');
    charts[i] = { ...charts[i], svg: '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="10" height="10"></svg>' };
    await expect(reportPdf(data, charts)).rejects.toThrow(/PDF report: .*chart "trace" could not be drawn: .*parseXml/);
  });

  it('rejects a chart without a size, naming the chart', async () => {
    const data = sampleReportData();
    const charts = [...reportCharts(data), { id: 'ranker-extra', section: 'ranker' as const, caption: 'x', svg: 'not svg at all' }];
    await expect(reportPdf(data, charts)).rejects.toThrow(/chart "ranker-extra" is not an <svg> element/);
  });

  it('rejects a missing font folder, saying which path it tried', async () => {
    const data = sampleReportData();
    await expect(reportPdf(data, reportCharts(data), { fontDir: '/nonexistent/fonts' })).rejects.toThrow(/font file \/nonexistent\/fonts\/DejaVuSans\.ttf is missing/);
  });

  it('finds the bundled fonts from the source tree', () => {
    expect(fontDir()).toMatch(/resources[/\\]fonts$/);
  });
});

describe('shellLines', () => {
  it('cuts a long command at spaces outside quotes, continuing each line with a backslash', () => {
    const lines = shellLines('$ exemplar import a.csv --kind "x y=numeric" --label digit --name "hand written digits"', 30);
    expect(lines.every((l, i) => i === lines.length - 1 || l.endsWith(' \\'))).toBe(true);
    expect(lines.join('\n')).toContain('"x y=numeric"');
    expect(lines.join('\n')).toContain('"hand written digits"');
    expect(lines.map((l) => l.replace(/ \\$/, '').trim()).join(' ')).toBe('$ exemplar import a.csv --kind "x y=numeric" --label digit --name "hand written digits"');
  });
});
