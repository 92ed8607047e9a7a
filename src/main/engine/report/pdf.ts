// The PDF format of a report, laid out without a browser: pdfkit writes the text and tables, svg-to-pdfkit draws
// the same SVG charts the HTML and Markdown formats embed. A4, one text column; a chart, a table row, a
// paragraph or a code block is never cut by a page break (each one is measured first and moved to the next
// page whole when it does not fit); headings stay with what follows them.
//
// The text holds π, ω, φ, R̂, ≥, λ, →, dashes: the 14 standard PDF fonts (WinAnsi) cannot show them, so the
// report embeds DejaVu Sans (regular, bold) and DejaVu Sans Mono from resources/fonts, for the charts' text too.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { type ReportChart, SUBSPACE_CHART_ROWS } from '../../../shared/report/charts';
import { accuracySentences, caseName, chainName, columnRows, contentLead, contentRuns, EMPTY, RESULT_CONTENT_NOTE, resultContentLead, listsSubspaceRest, pinInstead, pixelSubspaceNote, dataSentence, GRADE_NAMES, HOW_TO_READ, int, prototypeHeading, prototypeSummary, redactionSentence, settingsRows, SUBSPACE_HEAD, subspaceTable } from '../../../shared/report/text';
import type { ReportData, ReportPrototype, ReportSection } from '../../../shared/report/types';
import { SECTION_TITLES } from '../../../shared/report/types';

export interface ReportPdfOptions {
  /** The folder holding the DejaVu fonts (default: the first `resources/fonts` found, see fontDir()). */
  fontDir?: string;
}

const FONT_FILES = { sans: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', mono: 'DejaVuSansMono.ttf' } as const;

/**
 * Where the fonts are: `resources/fonts` in the first ancestor of this module that has one (the repository when
 * run from src by vitest, from out/node by the CLI or from out/main by Electron in development), else the
 * packaged Electron app's resources folder (`fonts`, as extraResources copies it). Throws naming every path tried.
 */
export function fontDir(): string {
  const tried: string[] = [];
  const has = (dir: string) => {
    tried.push(dir);
    return Object.values(FONT_FILES).every((f) => existsSync(join(dir, f)));
  };
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'resources', 'fonts');
    if (has(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) for (const candidate of [join(resourcesPath, 'fonts'), join(resourcesPath, 'resources', 'fonts')]) if (has(candidate)) return candidate;
  throw new Error(`PDF report: the fonts (${Object.values(FONT_FILES).join(', ')}) were not found; tried: ${tried.join(', ')}`);
}

// ---- page geometry (PDF points: 1 pt = 1/72 in; SVG px are 1/96 in) ----
const PX = 72 / 96;
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 62, right: 62, top: 60, bottom: 64 };
const COLUMN = A4.width - MARGIN.left - MARGIN.right;
const BOTTOM = A4.height - MARGIN.bottom;
const SIZE = { title: 20, h2: 14.5, h3: 11, body: 9.5, small: 8, mono: 7.6 } as const;
const GAP = { paragraph: 6, figure: 10, section: 18 } as const;
const INK = '#1F2328';
const MUTED = '#57606A';
const RULE = '#B8C0C8';
const WASH = '#F3F5F7';
const WARN = '#9A3412';
/** Column distributions drawn in the data section (the HTML report draws as many; the table lists every column). */
const COLUMN_CHARTS = 24;
/** Subspace features listed below a prototype's chart (as the HTML report; the JSON report has them all). */
/** Near-duplicate pairs listed (as the HTML report). */
const NEAR_DUPLICATE_ROWS = 20;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A table column: header, width as a share of the text column, alignment. */
interface Col {
  head: string;
  width: number;
  align?: 'left' | 'right';
  mono?: boolean;
}

export async function reportPdf(data: ReportData, charts: ReportChart[], options: ReportPdfOptions = {}): Promise<Buffer> {
  const fonts = options.fontDir ? resolve(options.fontDir) : fontDir();
  for (const f of Object.values(FONT_FILES))
    if (!existsSync(join(fonts, f))) throw new Error(`PDF report: font file ${join(fonts, f)} is missing (tried the folder ${fonts})`);

  let step = 'creating the document';
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: data.title, Author: `${data.software.name} ${data.software.version}`, Creator: `${data.software.name} ${data.software.version} (${data.software.build})`, CreationDate: new Date(data.createdAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((res, rej) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => res(Buffer.concat(chunks)));
    doc.on('error', (e: unknown) => rej(new Error(`PDF report: pdfkit failed while ${step}: ${e instanceof Error ? e.message : String(e)}`)));
  });
  try {
    step = 'loading the fonts';
    doc.registerFont('Sans', join(fonts, FONT_FILES.sans));
    doc.registerFont('Sans-Bold', join(fonts, FONT_FILES.bold));
    doc.registerFont('Mono', join(fonts, FONT_FILES.mono));
    doc.font('Sans');
    const layout = new Layout(doc, charts, (s) => (step = s));
    layout.report(data);
    step = 'writing the page footers';
    layout.footers(data.title);
    step = 'finishing the document';
    doc.end();
  } catch (e) {
    // The stream is left unfinished: nothing half-written is returned.
    throw new Error(`PDF report: failed while ${step}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return done;
}

// ---- number and text formats ----

/** Fixed decimals with a true minus sign and thousands grouped by thin spaces' wider cousin, the comma. */
function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const [int, frac] = Math.abs(x).toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const s = frac ? `${grouped}.${frac}` : grouped;
  return x < 0 && Number(s.replace(/,/g, '')) !== 0 ? `−${s}` : s;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 && x > 0 ? 1 : 0)}%`;
}

/** An ISO time as people write it: 30 November 2026, 13:55 UTC. */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** DejaVu Sans Mono's advance width, in em (1233 of 2048 units). */
const MONO_ADVANCE = 1233 / 2048;

/**
 * A command cut at spaces into lines of at most `width` characters, each but the last ending in ` \\`, so it
 * still runs when pasted into a shell (a word longer than a line is left whole and overflows rather than broken).
 */
export function shellLines(command: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Words as a shell reads them: a quoted part's spaces do not separate words, so no line is cut inside quotes.
  for (const word of command.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
    const next = line ? `${line} ${word}` : word;
    if (line && next.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `    ${word}`;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

function gradeName(grade: number | null): string {
  return grade === null ? '—' : `${grade} ${GRADE_NAMES[grade] ?? ''}`.trim();
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Width and height (px) an SVG chart declares on its root. */
function svgSize(svg: string, id: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  const w = root && /\swidth="([\d.]+)"/.exec(root);
  const h = root && /\sheight="([\d.]+)"/.exec(root);
  if (!w || !h) throw new Error(`chart "${id}" is not an <svg> element with a width and a height`);
  return { width: Number(w[1]), height: Number(h[1]) };
}

class Layout {
  private figures = 0;
  private readonly byId = new Map<string, ReportChart>();
  private readonly placed = new Set<string>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    charts: ReportChart[],
    private readonly at: (step: string) => void,
  ) {
    for (const c of charts) {
      if (this.byId.has(c.id)) throw new Error(`two charts have the id "${c.id}"`);
      this.byId.set(c.id, c);
    }
  }

  // ---- primitives: each measures what it draws and breaks the page before it when it does not fit ----

  private get y(): number {
    return this.doc.y;
  }

  private newPage(): void {
    this.doc.addPage();
    this.doc.x = MARGIN.left;
    this.doc.y = MARGIN.top;
  }

  /** Moves to a new page unless `height` points fit below the cursor (a block taller than a page starts at the top). */
  private need(height: number): void {
    if (this.y + height > BOTTOM && this.y > MARGIN.top + 1) this.newPage();
  }

  private font(name: 'Sans' | 'Sans-Bold' | 'Mono', size: number, colour = INK): PDFKit.PDFDocument {
    return this.doc.font(name).fontSize(size).fillColor(colour);
  }

  private textHeight(text: string, width: number, font: 'Sans' | 'Sans-Bold' | 'Mono', size: number): number {
    this.font(font, size);
    return this.doc.heightOfString(text, { width, lineGap: 1.5 });
  }

  /** A paragraph, kept on one page when it fits on one. */
  /** `keep`: points of what follows (a table's first rows) that must fit on the same page, so an introduction is not left alone. */
  private para(text: string, o: { size?: number; colour?: string; bold?: boolean; x?: number; width?: number; gap?: number; keep?: number } = {}): void {
    const size = o.size ?? SIZE.body;
    const width = o.width ?? COLUMN;
    const font = o.bold ? 'Sans-Bold' : 'Sans';
    this.need(this.textHeight(text, width, font, size) + (o.keep ?? 0));
    this.font(font, size, o.colour ?? INK).text(text, o.x ?? MARGIN.left, this.y, { width, lineGap: 1.5 });
    this.doc.y += o.gap ?? GAP.paragraph;
  }

  /** A paragraph of runs, some bold, after a muted lead ("ingredients (bold: …): "); kept on one page when it fits. */
  private runs(lead: string, runs: { text: string; bold: boolean }[], size: number = SIZE.body): void {
    const options = { width: COLUMN, lineGap: 1.5 };
    // Measured all in bold: the widest it can set, so the paragraph is never taller than measured.
    this.need(this.textHeight(lead + runs.map((r) => r.text).join(''), COLUMN, 'Sans-Bold', size));
    this.font('Sans', size, MUTED).text(lead, MARGIN.left, this.y, { ...options, continued: runs.length > 0 });
    runs.forEach((r, k) => this.font(r.bold ? 'Sans-Bold' : 'Sans', size, INK).text(r.text, { ...options, continued: k < runs.length - 1 }));
    this.doc.y += size < SIZE.body ? 3 : GAP.paragraph;
  }

  private bullets(items: string[], colour = INK): void {
    for (const item of items) {
      const h = this.textHeight(item, COLUMN - 14, 'Sans', SIZE.body);
      this.need(h);
      const y = this.y;
      this.font('Sans', SIZE.body, colour).text('•', MARGIN.left + 2, y, { lineBreak: false });
      this.doc.text(item, MARGIN.left + 14, y, { width: COLUMN - 14, lineGap: 1.5 });
      this.doc.y += 2;
    }
    this.doc.y += GAP.paragraph - 2;
  }

  /** A heading, moved to the next page with `keep` points of what follows when they would not fit below it. */
  private heading(text: string, level: 2 | 3, keep = 110): void {
    const size = level === 2 ? SIZE.h2 : SIZE.h3;
    if (level === 2 && this.y > MARGIN.top + 1) this.doc.y += GAP.section;
    const h = this.textHeight(text, COLUMN, 'Sans-Bold', size);
    this.need(h + keep);
    this.font('Sans-Bold', size).text(text, MARGIN.left, this.y, { width: COLUMN });
    if (level === 2) {
      const y = this.y + 2;
      this.doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + COLUMN, y).lineWidth(0.6).strokeColor(RULE).stroke();
      this.doc.y = y + 7;
    } else this.doc.y += 3;
  }

  /** Size (pt) a chart is drawn at: its own size, shrunk to `maxWidth` (or grown to it: a picture of a few pixels). */
  private chartSize(chart: ReportChart, maxWidth: number, grow = false): { width: number; height: number } {
    const px = svgSize(chart.svg, chart.id);
    const fit = maxWidth / (px.width * PX);
    const scale = grow ? fit : Math.min(1, fit);
    return { width: px.width * PX * scale, height: px.height * PX * scale };
  }

  /** Draws a chart with its top left corner at (x, y), failing on anything svg-to-pdfkit could not draw. */
  private drawChart(chart: ReportChart, x: number, y: number, size: { width: number; height: number }): void {
    this.at(`drawing the chart "${chart.id}"`);
    const warnings: string[] = [];
    SVGtoPDF(this.doc, chart.svg, x, y, {
      width: size.width,
      height: size.height,
      preserveAspectRatio: 'xMinYMin meet',
      warningCallback: (m) => warnings.push(m),
      fontCallback: (family, bold) => (/mono/i.test(family) ? 'Mono' : bold ? 'Sans-Bold' : 'Sans'),
    });
    if (warnings.length) throw new Error(`the chart "${chart.id}" could not be drawn: ${warnings.join('; ')}`);
    this.placed.add(chart.id);
    this.doc.font('Sans');
  }

  private caption(chart: ReportChart): string {
    return `Figure ${this.figures + 1}. ${chart.caption}`;
  }

  /** A chart and its numbered caption below it, kept together. */
  private figure(id: string, o: { maxWidth?: number } = {}): void {
    const chart = this.byId.get(id);
    if (!chart) return;
    const size = this.chartSize(chart, o.maxWidth ?? COLUMN);
    const caption = this.caption(chart);
    const ch = this.textHeight(caption, COLUMN, 'Sans', SIZE.small);
    this.need(size.height + 4 + ch);
    const y = this.y;
    this.drawChart(chart, MARGIN.left, y, size);
    this.figures++;
    this.font('Sans', SIZE.small, MUTED).text(caption, MARGIN.left, y + size.height + 4, { width: COLUMN, lineGap: 1 });
    this.doc.y += GAP.figure;
  }

  /**
   * A table: a header row, then rows each kept whole on a page; the header is repeated on every page the table
   * runs onto. Cells wrap within their column.
   */
  private table(cols: Col[], rows: string[][], o: { size?: number; intro?: string } = {}): void {
    const size = o.size ?? SIZE.small + 0.5;
    const pad = 3;
    const widths = cols.map((c) => c.width * COLUMN);
    const tableW = widths.reduce((s, w) => s + w, 0);
    const xs = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const rowHeight = (cells: string[], bold: boolean) =>
      Math.max(...cells.map((t, i) => this.textHeight(t, widths[i] - 2 * pad, bold ? 'Sans-Bold' : cols[i].mono ? 'Mono' : 'Sans', size))) + 2 * pad;
    const drawRow = (cells: string[], header: boolean, shade: boolean) => {
      const h = rowHeight(cells, header);
      const y = this.y;
      if (shade) this.doc.rect(MARGIN.left, y, tableW, h).fillColor(WASH).fill();
      cells.forEach((t, i) => {
        this.font(header ? 'Sans-Bold' : cols[i].mono ? 'Mono' : 'Sans', size, header ? INK : INK).text(t, xs[i] + pad, y + pad, { width: widths[i] - 2 * pad, align: cols[i].align ?? 'left', lineGap: 1.5 });
      });
      this.doc.y = y + h;
      if (header) this.doc.moveTo(MARGIN.left, this.y).lineTo(MARGIN.left + tableW, this.y).lineWidth(0.6).strokeColor(INK).stroke();
    };
    const head = cols.map((c) => c.head);
    const headH = rowHeight(head, true);
    const heights = rows.map((r) => rowHeight(r, false));
    const total = headH + heights.reduce((s, h) => s + h, 0);
    // A short table is kept whole (no row left alone on the next page); a long one starts with its header and
    // first row together; the sentence introducing it stays with it.
    const lead = total <= (BOTTOM - MARGIN.top) * 0.4 ? total : headH + (heights[0] ?? 0);
    if (o.intro) this.para(o.intro, { keep: lead });
    this.need(lead);
    drawRow(head, true, false);
    rows.forEach((r, i) => {
      const h = heights[i];
      if (this.y + h > BOTTOM) {
        this.newPage();
        drawRow(head, true, false);
      }
      drawRow(r, false, i % 2 === 1);
    });
    this.doc.moveTo(MARGIN.left, this.y).lineTo(MARGIN.left + tableW, this.y).lineWidth(0.4).strokeColor(RULE).stroke();
    this.doc.y += GAP.figure;
  }

  /** Monospace lines on a light box, wrapped at the box's width and kept on one page when they fit on one. */
  private code(lines: string[]): void {
    const pad = 6;
    const width = COLUMN - 2 * pad;
    const text = lines.join('\n');
    const h = this.textHeight(text, width, 'Mono', SIZE.mono) + 2 * pad;
    this.need(h);
    const y = this.y;
    this.doc.rect(MARGIN.left, y, COLUMN, h).fillColor(WASH).fill();
    this.font('Mono', SIZE.mono).text(text, MARGIN.left + pad, y + pad, { width, lineGap: 1.5 });
    this.doc.y = y + h + GAP.figure;
  }

  // ---- the report ----

  report(d: ReportData): void {
    this.at('writing the title page');
    this.font('Sans-Bold', SIZE.title).text(d.title, MARGIN.left, MARGIN.top, { width: COLUMN });
    this.doc.y += 4;
    this.para(`Interpretable report of a Bayesian Case Model · ${when(d.createdAt)}`, { colour: MUTED, size: SIZE.body + 1, gap: 2 });
    this.para(`${d.software.name} ${d.software.version} (build ${d.software.build}, Node ${d.software.node}, ${d.software.platform}) · dataset “${d.dataset.name}” · model #${d.model.id}`, { colour: MUTED, size: SIZE.small });
    const redaction = redactionSentence(d);
    if (redaction) this.para(redaction, { size: SIZE.small, colour: WARN });
    this.doc.y += 6;
    this.heading('How to read this report', 3, 60);
    // The shared words (src/shared/report/text.ts), then what only a printed report needs said.
    this.para(
      [
        ...HOW_TO_READ,
        'The sampler’s convergence is judged by the split-R̂ of the log joint over chains: values near 1 (≤ 1.05) mean the chains agree. ' +
          'A similar case’s score is the sum of what each shared feature and the similarity of π contribute. ' +
          'The model section ends with what reproduces the fit exactly.',
      ].join(' '),
    );
    for (const s of d.sections) {
      this.at(`writing the section "${SECTION_TITLES[s]}"`);
      this.heading(SECTION_TITLES[s], 2, s === 'prototypes' && d.prototypes.length ? this.prototypeLead(d.prototypes[0]).need + 40 : 110);
      this[s](d);
      this.leftovers(s);
    }
  }

  /** Charts of a section that its layout did not place (a chart kind added later): appended, never dropped. */
  private leftovers(section: ReportSection): void {
    for (const c of this.byId.values()) if (c.section === section && !this.placed.has(c.id)) this.figure(c.id);
  }

  private data(d: ReportData): void {
    const ds = d.dataset;
    const modelled = ds.columns.filter((c) => !['identifier', 'label', 'ignored', 'vector'].includes(c.kind)).length;
    this.para(`${dataSentence(d)} ${modelled === 1 ? '1 column enters' : `${modelled} columns enter`} the model.`);
    if (!ds.columns.length) {
      this.para('The dataset has no columns.');
      return;
    }
    // As the HTML report: every column in a table, then the distributions of the first ones drawn.
    this.table(
      [
        { head: 'Column', width: 0.17 },
        { head: 'Kind', width: 0.13 },
        { head: 'Distinct', width: 0.11, align: 'right' },
        { head: 'Missing', width: 0.1, align: 'right' },
        { head: 'Most frequent', width: 0.49 },
      ],
      columnRows(d),
    );
    const drawn = ds.columns.filter((c) => this.byId.has(`column-${c.name}`));
    const cells = drawn.slice(0, COLUMN_CHARTS);
    if (!cells.length) return;
    // Small multiples: three distributions a row, each with its caption beneath.
    const perRow = 3;
    const gutter = 14;
    const cellW = (COLUMN - gutter * (perRow - 1)) / perRow;
    for (let i = 0; i < cells.length; i += perRow) {
      const items = cells.slice(i, i + perRow).map((c) => {
        const chart = this.byId.get(`column-${c.name}`)!;
        const size = this.chartSize(chart, cellW);
        return { chart, size, lh: this.textHeight(chart.caption, cellW, 'Sans', SIZE.small - 0.5) };
      });
      const h = Math.max(...items.map((t) => t.size.height + 2 + t.lh)) + 8;
      this.need(h);
      const y = this.y;
      items.forEach((t, j) => {
        const x = MARGIN.left + j * (cellW + gutter);
        this.drawChart(t.chart, x, y, t.size);
        this.font('Sans', SIZE.small - 0.5, MUTED).text(t.chart.caption, x, y + t.size.height + 2, { width: cellW });
      });
      this.doc.y = y + h;
    }
    if (ds.columns.length > cells.length)
      this.para(`${cells.length} of the ${ds.columns.length} columns are drawn${drawn.length > cells.length ? ` (the first ${cells.length} of the ${drawn.length} with a chart)` : ''}; the table counts every column.`, { size: SIZE.small, colour: MUTED });
    // The rest are counted in the table above, not drawn: they are placed, so leftovers() does not append them.
    for (const c of ds.columns) this.placed.add(`column-${c.name}`);
  }

  private model(d: ReportData): void {
    const m = d.model;
    this.para(`Model #${m.id} (${m.status}${m.createdAt ? `, fitted ${when(m.createdAt)}` : ''}) ran ${plural(m.chains.length, 'chain')} of ${plural(m.sweeps, 'sweep')}, the first ${m.burnIn} of them burn-in. ${m.verdict}`, {
      colour: m.rhat !== null && m.rhat >= 1.1 ? WARN : INK,
    });
    this.table(
      [
        { head: 'Setting', width: 0.3 },
        { head: 'Value', width: 0.25, align: 'right' },
      ],
      settingsRows(d),
    );
    this.figure('trace');
    if (m.chains.length) {
      this.table(
        [
          { head: 'Chain', width: 0.12 },
          { head: 'Seed', width: 0.14, align: 'right' },
          { head: 'Sweeps', width: 0.14, align: 'right' },
          { head: 'ms / sweep', width: 0.16, align: 'right' },
          { head: 'Mean log joint after burn-in', width: 0.3, align: 'right' },
          { head: '', width: 0.14 },
        ],
        m.chains.map((c) => [chainName(c.chain), String(c.seed), String(c.sweeps), num(c.secondsPerSweep * 1000, 1), num(c.meanLogJoint, 1), c.chain === m.summarisedChain ? 'summarised' : '']),
      );
    } else this.para('The model has no chains.');
    this.heading('Edits', 3, 30);
    if (m.edits.length) this.bullets(m.edits.map((e) => `Edit ${e.seq}: ${e.description}${e.undone ? ' (undone)' : ''}.`));
    else this.para('The model was not edited.');
    this.heading('Reproduce this fit', 3, 80);
    this.para('The data’s and the software’s fingerprints (SHA-256) identify exactly what was fitted; the commands import the same data with the same column kinds and fit it with the same settings and seed, which gives the same model bit for bit.', { size: SIZE.small, colour: MUTED });
    const perLine = Math.floor((COLUMN - 12) / (MONO_ADVANCE * SIZE.mono));
    this.code([
      `data      ${d.reproduce.dataFingerprint}`,
      `software  ${d.reproduce.softwareFingerprint}`,
      '',
      ...(d.reproduce.commands.length ? d.reproduce.commands.flatMap((c) => shellLines(`$ ${c}`, perLine)) : ['(no commands recorded)']),
    ]);
  }

  private prototypes(d: ReportData): void {
    if (!d.prototypes.length) {
      this.para('The model has no prototypes.');
      return;
    }
    this.para(`Each cluster is shown by its prototype, a case of the data, and its subspace: the features with P(ω = 1) ≥ 0.5, most probable first. φ is the share of the cluster’s cases that hold the prototype’s value; “all cases” is that value’s share among all ${int(d.dataset.rows)} cases.`);
    for (const p of d.prototypes) this.prototype(d, p);
  }

  /** A prototype's lead block (picture, summary, label mix) measured; `need` is what must fit for the cluster to start. */
  private prototypeLead(p: ReportPrototype) {
    const picture = this.byId.get(`prototype-${p.cluster}-picture`);
    const labels = this.byId.get(`prototype-${p.cluster}-labels`);
    const title = prototypeHeading(p);
    const summary = prototypeSummary(p);
    // The picture on the left, the summary and the label mix beside it.
    const pictureSize = picture ? this.chartSize(picture, 118, true) : { width: 0, height: 0 };
    const textX = MARGIN.left + (picture ? pictureSize.width + 16 : 0);
    const textW = MARGIN.left + COLUMN - textX;
    const labelsSize = labels ? this.chartSize(labels, textW) : { width: 0, height: 0 };
    const th = this.textHeight(title, textW, 'Sans-Bold', SIZE.h3) + 4 + this.textHeight(summary, textW, 'Sans', SIZE.body) + (labels ? 6 + labelsSize.height + 14 : 0);
    const blockH = Math.max(pictureSize.height + (picture ? 14 : 0), th);
    // The cluster starts on a new page unless its subspace chart fits below its summary too.
    const subspace = this.byId.get(`prototype-${p.cluster}-subspace`);
    const subspaceH = subspace ? this.chartSize(subspace, COLUMN).height + 30 : 0;
    return { picture, labels, title, summary, pictureSize, textX, textW, labelsSize, blockH, need: 8 + blockH + 6 + subspaceH };
  }

  private prototype(d: ReportData, p: ReportPrototype): void {
    const { picture, labels, title, summary, pictureSize, textX, textW, labelsSize, blockH, need } = this.prototypeLead(p);
    this.need(need);
    this.doc.y += 8;
    const y = this.y;
    if (picture) {
      this.drawChart(picture, MARGIN.left, y, pictureSize);
      this.font('Sans', SIZE.small - 0.5, MUTED).text('outlined: subspace pixels', MARGIN.left, y + pictureSize.height + 2, { width: pictureSize.width + 10 });
    }
    this.font('Sans-Bold', SIZE.h3).text(title, textX, y, { width: textW });
    this.doc.y += 4;
    this.font('Sans', SIZE.body).text(summary, textX, this.y, { width: textW, lineGap: 1.5 });
    if (labels) {
      const ly = this.y + 6;
      this.drawChart(labels, textX, ly, labelsSize);
      this.font('Sans', SIZE.small, MUTED).text(labels.caption, textX, ly + labelsSize.height + 2, { width: textW });
    }
    this.doc.y = y + blockH + 6;
    for (const c of p.content) this.runs(contentLead(c), contentRuns(c));

    this.figure(`prototype-${p.cluster}-subspace`);
    // As the HTML report: the chart shows the first SUBSPACE_CHART_ROWS features, a table the next ones.
    const rest = p.subspace.length - SUBSPACE_CHART_ROWS;
    if (rest > 0 && !listsSubspaceRest(d, p)) this.para(pixelSubspaceNote(p), { size: SIZE.small, colour: MUTED });
    else if (rest > 0) {
      const t = subspaceTable(d, p, SUBSPACE_CHART_ROWS)!;
      if (!t.rows.length) this.para(t.intro, { size: SIZE.small, colour: MUTED });
      else this.table(SUBSPACE_HEAD.map((head, k) => ({ head, width: [0.3, 0.22, 0.14, 0.16, 0.18][k], align: k >= 2 ? 'right' : 'left' })), t.rows, { intro: t.intro });
    }
    if (!p.subspace.length) this.para(EMPTY.subspace, { colour: MUTED });
  }

  private clusters(d: ReportData): void {
    if (!d.prototypes.length) {
      this.para('The model has no clusters.');
      return;
    }
    this.para('Each case counts towards the cluster of its largest π.', { keep: 100 });
    this.figure('cluster-sizes', { maxWidth: COLUMN });
    const total = d.prototypes.reduce((s, p) => s + p.size, 0);
    this.table(
      [
        { head: 'Cluster', width: 0.1 },
        { head: 'Cases', width: 0.1, align: 'right' },
        { head: 'Share', width: 0.1, align: 'right' },
        { head: 'Prototype', width: 0.3 },
        { head: 'Labels', width: 0.4 },
      ],
      d.prototypes.map((p) => [String(p.cluster), int(p.size), pct(p.size / Math.max(1, total)), caseName(p), p.labelMix.slice(0, 4).map((m) => `${m.label} ${pct(m.share)}`).join(', ') || '—']),
    );
  }

  private accuracy(d: ReportData): void {
    for (const sentence of accuracySentences(d)) this.para(sentence);
  }

  private criticisms(d: ReportData): void {
    if (!d.criticisms.length) {
      this.para(EMPTY.criticisms);
      return;
    }
    this.table(
      [
        { head: 'Case', width: 0.22 },
        { head: 'Cluster', width: 0.1, align: 'right' },
        { head: 'Log-lik. / feature', width: 0.16, align: 'right' },
        { head: 'Penalised features (value: penalty in nats)', width: 0.52 },
      ],
      d.criticisms.map((c) => [caseName(c), String(c.cluster), num(c.logLikelihood, 3), c.features.map((f) => `${f.feature} = ${f.value}: ${num(f.penalty, 2)}`).join('; ') || '—']),
      { intro: 'The cases the model explains worst (lowest fold-in log-likelihood per feature), with the features it penalises most: the prototypes do not stand for these cases, and they deserve a look.' },
    );
  }

  private similar(d: ReportData): void {
    if (!d.rankings.length) {
      this.para(EMPTY.similar);
      return;
    }
    d.rankings.forEach((r, i) => {
      const q = r.query.case
        ? caseName(r.query.case)
        : r.query.form
          ? `a partly filled case (${Object.entries(r.query.form).map(([k, v]) => `${k} = ${v ?? '?'}`).join(', ')})`
          : 'an unnamed query';
      this.heading(`Cases similar to ${q}`, 3, 80);
      this.para(`Ranked by ${r.ranking === 'learned' ? 'the weights learned from judgments' : 'the model’s similarity'}; pinned ${when(r.pinnedAt)}. Grades are the relevance judgments given (0–3), where there are any.`, { size: SIZE.small, colour: MUTED });
      if (!r.results.length) {
        this.para('The ranking has no results.');
        return;
      }
      this.table(
        [
          { head: '#', width: 0.06, align: 'right' },
          { head: 'Case', width: 0.36 },
          { head: 'Score', width: 0.12, align: 'right' },
          { head: 'Grade', width: 0.22 },
          { head: 'Largest contribution', width: 0.24 },
        ],
        r.results.map((x, j) => {
          const top = [...x.contributions].sort((a, b) => b.weight - a.weight)[0];
          return [String(j + 1), caseName(x), num(x.score, 3), gradeName(x.grade), top ? top.feature : '—'];
        }),
      );
      // Each result's explanation: its rank and case on the left, the chart of what each feature adds beside it.
      r.results.forEach((x, j) => {
        const chart = this.byId.get(`ranking-${i}-${j}`);
        if (!chart) return;
        const labelW = 130;
        const size = this.chartSize(chart, COLUMN - labelW);
        const label = `${j + 1}. ${caseName(x)}\nscore ${num(x.score, 3)}${x.grade === null ? '' : `\ngrade ${gradeName(x.grade)}`}`;
        const h = Math.max(size.height, this.textHeight(label, labelW - 8, 'Sans', SIZE.small)) + 8;
        this.need(h);
        const y = this.y;
        this.font('Sans', SIZE.small).text(label, MARGIN.left, y, { width: labelW - 8 });
        this.drawChart(chart, MARGIN.left + labelW, y, size);
        this.doc.y = y + h;
      });
      const contents = r.results.flatMap((x, j) => x.content.map((c) => ({ lead: resultContentLead(j + 1, c), runs: contentRuns(c) })));
      if (contents.length) {
        this.para(RESULT_CONTENT_NOTE, { size: SIZE.small, colour: MUTED, keep: 30 });
        for (const c of contents) this.runs(c.lead, c.runs, SIZE.small);
      }
      this.para(`Each bar splits a score into what the features add: matched values (rarer ones add more), π similarity, and items only the case holds (negative).`, { size: SIZE.small, colour: MUTED });
    });
  }

  private ranker(d: ReportData): void {
    const r = d.ranker;
    if (!r) {
      this.para(EMPTY.ranker);
      return;
    }
    this.para(
      `A RankSVM learned from ${plural(r.judgments, 'judgment')} on ${plural(r.queries, 'query', 'queries')}, scored by ${r.folds}-fold cross-validation over queries ` +
        `(C = ${r.C}; chosen per fold: ${r.chosenC.join(', ')}).${r.note ? ` ${r.note}` : ''}`,
      { keep: 50 },
    );
    const names = Object.keys(r.before) as (keyof typeof r.before)[];
    this.table(
      [
        { head: 'Metric', width: 0.2 },
        { head: 'Model', width: 0.18, align: 'right' },
        { head: 'Learned', width: 0.18, align: 'right' },
        { head: 'Change', width: 0.18, align: 'right' },
      ],
      names.map((k) => {
        const change = r.after[k] - r.before[k];
        return [k, num(r.before[k], 3), num(r.after[k], 3), `${change > 0 ? '+' : ''}${num(change, 3)}`];
      }),
    );
    this.figure('ranker-metrics');
    this.figure('ranker-weights');
  }

  private audit(d: ReportData): void {
    const a = d.audit;
    if (!a) {
      this.para(EMPTY.audit);
      return;
    }
    this.para(
      `Each prototype is a real case, so a report can reveal a person. The audit held every prototype to k = ${a.k}: at least ${a.k} cases should share its subspace values and quasi-identifiers ` +
        `(${a.quasi.length ? a.quasi.join(', ') : 'none'}${a.quasiProposed ? ', as the audit proposed them' : ', as given'}).`,
    );
    this.heading('Warnings', 3, 30);
    if (a.warnings.length) this.bullets(a.warnings, WARN);
    else this.para('None.');
    this.heading('Identifier columns', 3, 50);
    if (a.identifierColumns.length) this.table([{ head: 'Column', width: 0.3 }, { head: 'Why it could name a person', width: 0.7 }], a.identifierColumns.map((c) => [c.column, c.reason]));
    else this.para('No column looks like an identifier.');
    this.heading('Prototypes and k', 3, 70);
    if (a.prototypes.length)
      this.table(
        [
          { head: 'Cluster', width: 0.09, align: 'right' },
          { head: 'Row', width: 0.08, align: 'right' },
          { head: 'k', width: 0.13, align: 'right' },
          { head: 'Quasi-identifiers', width: 0.17 },
          { head: 'Subspace', width: 0.33 },
          { head: 'Pin instead', width: 0.2 },
        ],
        // A prototype below k is marked here; its warning, with what to do, is in the list above.
        a.prototypes.map((p) => {
          const sub = p.subspace.length > 12 ? `${p.subspace.slice(0, 12).join(', ')} and ${p.subspace.length - 12} more` : p.subspace.join(', ') || '—';
          return [String(p.cluster), String(p.row), p.k < a.k ? `${p.k} (below ${a.k})` : String(p.k), p.quasiIdentifiers.join(', ') || '—', sub, pinInstead(p)];
        }),
        { intro: `k is how many cases share the values a prototype shows (its subspace and the quasi-identifiers), itself included. Below ${a.k}, showing the prototype may single out a person; pinning one of the cases listed instead (same cluster, enough cases alike) avoids that.` },
      );
    else this.para('The model has no prototypes to audit.');
    this.heading('Near-duplicates', 3, 90);
    // As the HTML report, the first NEAR_DUPLICATE_ROWS pairs (the JSON report has every pair the audit kept).
    const listed = a.nearDuplicates.slice(0, NEAR_DUPLICATE_ROWS);
    const pairs = a.nearDuplicateCount
      ? `${plural(a.nearDuplicateCount, 'pair')} of cases differ in at most ${plural(a.maxDiffering, 'modelled feature')}; ${a.identicalCount} of them are identical.${listed.length < a.nearDuplicateCount ? ` The first ${listed.length} are listed.` : ''}`
      : `No two cases differ in at most ${plural(a.maxDiffering, 'modelled feature')}.`;
    if (!a.nearDuplicates.length) this.para(pairs);
    else
      this.table(
        [
          { head: 'Case', width: 0.18 },
          { head: 'Case', width: 0.18 },
          { head: 'Features differing', width: 0.24, align: 'right' },
        ],
        listed.map((p) => [`row ${p.a}`, `row ${p.b}`, p.differing === 0 ? '0 (identical)' : String(p.differing)]),
        { intro: pairs },
      );
    if (a.memorization) {
      this.heading('Memorisation', 3, 90);
      if (a.memorization.length) {
        const top = a.memorization.slice(0, 10);
        this.table([{ head: 'Case', width: 0.25 }, { head: 'Memorisation score', width: 0.3, align: 'right' }], top.map((m) => [`row ${m.row}`, num(m.score, 3)]), {
          intro: `How much the model’s fit of a case depends on that case being in the training data (refits on random halves); ${top.length < a.memorization.length ? `the ${top.length} highest of ${a.memorization.length}` : 'highest first'}.`,
        });
      } else this.para('No memorisation scores were computed.');
    }
  }

  /** "page N of M" on every page, and the report's title, below the text column. */
  footers(title: string): void {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      // Writing below the bottom margin would make pdfkit start a new page.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const y = A4.height - MARGIN.bottom + 22;
      this.doc.moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + COLUMN, y - 6).lineWidth(0.4).strokeColor(RULE).stroke();
      this.font('Sans', SIZE.small - 0.5, MUTED).text(title, MARGIN.left, y, { width: COLUMN * 0.75, lineBreak: false, ellipsis: true, height: 10 });
      this.doc.text(`page ${i - start + 1} of ${count}`, MARGIN.left, y, { width: COLUMN, align: 'right', lineBreak: false });
      this.doc.page.margins.bottom = bottom;
    }
  }
}
