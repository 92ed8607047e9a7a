// Reports: rankings pinned for them, and the report job, which gathers one document (report-data.ts) and
// writes it in each format asked: HTML (self-contained), PDF (pdfkit, no browser), Markdown with its charts as
// SVG files, JSON (the document itself) and CSV (π and the assignment of every case).
import type { JobRef, RankingPin, SimilarQuery } from '../../shared/api';
import { reportCharts } from '../../shared/report/charts';
import { reportHtml } from '../../shared/report/html';
import { reportMarkdown } from '../../shared/report/markdown';
import { REPORT_SECTIONS, type ReportData, type ReportFile, type ReportOutput, type ReportRequest } from '../../shared/report/types';
import { BadRequest } from '../boundary';
import { hardAssignments } from '../engine/evaluate/clusters';
import { CancelledError } from '../jobs';
import { reportPdf } from '../engine/report/pdf';
import * as store from '../store';
import type { ServiceContext } from './context';
import { reportData } from './report-data';

export function pinRanking(ctx: ServiceContext, req: { modelId: number; query: SimilarQuery; top?: number }): RankingPin {
  const m = ctx.model(req.modelId);
  const { cases, record } = ctx.loadDataset(m.datasetId);
  if (req.query.row !== undefined && !(req.query.row < cases.n)) throw new BadRequest(`Row must be between 0 and ${cases.n - 1}.`);
  const names = record.columns.map((c) => c.name);
  for (const k of Object.keys(req.query.form ?? {})) if (!names.includes(k)) throw new BadRequest(`No column "${k}" in dataset ${m.datasetId}.`);
  const query: SimilarQuery = req.query.row !== undefined ? { row: req.query.row } : { form: req.query.form };
  const top = req.top ?? 10;
  const id = store.addPin(ctx.project, req.modelId, query, top);
  return store.listPins(ctx.project, req.modelId).find((p) => p.id === id)!;
}

export function listPins(ctx: ServiceContext, modelId: number): RankingPin[] {
  ctx.model(modelId);
  return store.listPins(ctx.project, modelId);
}

export function unpinRanking(ctx: ServiceContext, pinId: number): void {
  store.deletePin(ctx.project, pinId);
}

const MEDIA = { html: 'text/html; charset=utf-8', md: 'text/markdown; charset=utf-8', json: 'application/json', csv: 'text/csv; charset=utf-8', pdf: 'application/pdf', svg: 'image/svg+xml' };

export function report(ctx: ServiceContext, req: ReportRequest): JobRef {
  const m = ctx.model(req.modelId);
  if (m.status !== 'done') throw new BadRequest(`Model ${req.modelId} is ${m.status}: a report is made of a finished fit.`);
  const sections = REPORT_SECTIONS.filter((s) => !req.sections || req.sections.includes(s));
  const stem = req.stem ?? 'exemplar-report';
  const formats = [...new Set(req.formats)];
  const jobId = ctx.jobs.start('report', async (job) => {
    // Steps: the data pass, each section gathered, each format written.
    const total = 1 + sections.length + formats.length;
    let done = 0;
    const step = () => job.progress('report', ++done, total);
    job.progress('report', 0, total);
    const data = await reportData(ctx, req, sections, { step, signal: job.signal });
    const charts = reportCharts(data);
    const files: ReportFile[] = [];
    const add = (name: string, mediaType: string, bytes: Buffer | string) => files.push({ name, mediaType, data: Buffer.from(bytes).toString('base64') });
    for (const format of formats) {
      if (job.signal.aborted) throw new CancelledError();
      if (format === 'html') add(`${stem}.html`, MEDIA.html, reportHtml(data, charts));
      else if (format === 'json') add(`${stem}.json`, MEDIA.json, `${JSON.stringify(data, null, 1)}\n`);
      else if (format === 'md') {
        const md = reportMarkdown(data, charts, stem);
        add(`${stem}.md`, MEDIA.md, md.markdown);
        for (const f of md.files) add(f.name, MEDIA.svg, f.svg);
      } else if (format === 'csv') add(`${stem}-pi.csv`, MEDIA.csv, piCsv(ctx, req.modelId, data));
      else if (format === 'pdf') add(`${stem}.pdf`, MEDIA.pdf, await reportPdf(data, charts));
      step();
    }
    const out: ReportOutput = { files, redacted: data.redacted, sections };
    return out;
  });
  return { jobId, modelId: req.modelId };
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** π and the assignment of every case: row, name and label (columns left out when redacted), cluster, its π, then π over every cluster. */
function piCsv(ctx: ServiceContext, modelId: number, data: ReportData): string {
  const m = ctx.model(modelId);
  const s = ctx.summary(modelId);
  const { cases, record } = ctx.loadDataset(m.datasetId);
  const idColumn = record.columns.find((c) => c.kind === 'identifier')?.name ?? null;
  const withName = !!cases.ids && !!idColumn && !data.redacted.includes(idColumn);
  const withLabel = !!cases.labels && !!cases.labelColumn && !data.redacted.includes(cases.labelColumn);
  const argmax = hardAssignments(s.pi, s.n, s.S);
  const head = ['row', ...(withName ? [idColumn!] : []), ...(withLabel ? [cases.labelColumn!] : []), 'cluster', 'weight', ...Array.from({ length: s.S }, (_, k) => `pi_${k}`)];
  const lines = [head.map(csvCell).join(',')];
  for (let i = 0; i < s.n; i++) {
    const pi = s.pi.subarray(i * s.S, (i + 1) * s.S);
    lines.push(
      [String(i), ...(withName ? [csvCell(cases.ids![i] ?? '')] : []), ...(withLabel ? [csvCell(cases.labels![i] ?? '')] : []), String(argmax[i]), pi[argmax[i]].toFixed(6), ...Array.from(pi, (x) => x.toFixed(6))].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
