// Reports through the service, on the zoo with two planted columns a privacy officer would worry about: a
// patient's name (an identifier) and a ward (a modelled category, so it is in subspaces, φ, explanations and
// the data summary). Redacted, no value of either may appear in the bytes of any format, the PDF's text
// included; not redacted, they do appear, so the search can fail. Either layer of redaction holds alone (the
// builder's replacement of values, and the net that scrubs every string of the document); with both taken out
// of the prototypes' subspace values, "Ward Amaryllis" leaked into the HTML and the test went red.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEXT_TOKEN } from '../../shared/data';
import { REPORT_RESULT_TEXT_CHARS, REPORT_TEXT_CHARS, RESULT_CONTENT_NOTE } from '../../shared/report/text';
import type { ReportData, ReportFormat, ReportOutput } from '../../shared/report/types';
import { pdfText } from '../engine/report/pdf-testing';
import { ExemplarService } from '.';
import type { ServiceContext } from './context';
import { evaluate, evaluateInWorker } from './predict';

const ZOO = fileURLToPath(new URL('../../../resources/data/zoo.csv', import.meta.url));
const FIRST = ['Albrecht', 'Brunhilde', 'Casimir', 'Dorothea', 'Evander', 'Fenella', 'Gottfried', 'Henrike', 'Ignatius', 'Jolanthe'];
const LAST = ['Quartermaine', 'Rosencrantz', 'Stavropoulos', 'Thistlewood', 'Umbridge', 'Vanderpool', 'Wollstonecraft', 'Xanthopoulos', 'Yarborough', 'Zwingli', 'Abernathy'];
const WARDS = ['Ward Amaryllis', 'Ward Begonia', 'Ward Camellia'];
const FORMATS: ReportFormat[] = ['html', 'md', 'json', 'csv', 'pdf'];

let dir: string;
let s: ExemplarService;
let modelId: number;
const names: string[] = [];

/** Every file's text: the bytes as UTF-8, and for the PDF the text a reader extracts (pdf.js). */
async function texts(out: ReportOutput): Promise<{ name: string; text: string }[]> {
  return Promise.all(
    out.files.map(async (f) => {
      const bytes = Buffer.from(f.data, 'base64');
      const text = f.name.endsWith('.pdf') ? `${bytes.toString('latin1')}\n${(await pdfText(bytes)).text}` : bytes.toString('utf8');
      return { name: f.name, text };
    }),
  );
}

async function report(redact?: string[]): Promise<ReportOutput> {
  const ref = await s.report({ modelId, formats: FORMATS, redact });
  return (await s.wait(ref.jobId)) as ReportOutput;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exemplar-report-'));
  const [head, ...rows] = readFileSync(ZOO, 'utf8').trim().split('\n');
  const type = head.split(',').indexOf('"type"');
  const lines = rows.map((line, i) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length)]}`;
    names.push(name);
    // The ward follows the animal's type, so the model puts it in subspaces.
    const ward = WARDS[line.split(',')[type].length % 3];
    return `${name},${ward},${line}`;
  });
  const csv = join(dir, 'patients.csv');
  writeFileSync(csv, [`patient,ward,${head}`, ...lines].join('\n'));
  s = ExemplarService.open(join(dir, 'p.exemplar'), { create: true });
  const imp = await s.importData({ path: csv, label: 'type', overrides: { patient: { kind: 'identifier' } } });
  const { dataset } = (await s.wait(imp.jobId)) as { dataset: { id: number } };
  const fit = await s.fit({ datasetId: dataset.id, prototypes: 4, iterations: 120, seed: 5, chains: 2 });
  await s.wait(fit.jobId);
  modelId = fit.modelId!;
  await s.pinRanking({ modelId, query: { row: 3 }, top: 5 });
  await s.pinRanking({ modelId, query: { form: { ward: 'Ward Begonia', hair: 'TRUE' } }, top: 5 });
  await s.addJudgments({ datasetId: dataset.id, judgments: [{ query: 3, doc: (await s.similar({ modelId, row: 3, top: 1 })).results[0].row, grade: 3 }] });
});

afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('report', () => {
  it('writes every format with every section, and the JSON is the document the others are drawn from', async () => {
    const out = await report();
    expect(out.files.map((f) => f.name).filter((n) => !n.endsWith('.svg'))).toEqual(['exemplar-report.html', 'exemplar-report.md', 'exemplar-report.json', 'exemplar-report-pi.csv', 'exemplar-report.pdf']);
    expect(out.files.some((f) => /^exemplar-report-charts\/\d\d-trace\.svg$/.test(f.name))).toBe(true);
    const json = JSON.parse(Buffer.from(out.files.find((f) => f.name.endsWith('.json'))!.data, 'base64').toString()) as ReportData;
    expect(json.sections).toEqual(['data', 'model', 'prototypes', 'clusters', 'accuracy', 'criticisms', 'similar', 'ranker', 'audit']);
    expect(json.prototypes).toHaveLength(4);
    expect(json.rankings).toHaveLength(2);
    // The grade given to the first result of the pinned row query is shown with it.
    expect(json.rankings[0].results[0].grade).toBe(3);
    expect(json.reproduce.commands[0]).toMatch(/^exemplar import patients\.csv --out project\.exemplar --label type .*--kind patient=identifier/);
    expect(json.reproduce.commands[1]).toContain('--seed 5 --chains 2');
    expect(json.reproduce.dataFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const csv = Buffer.from(out.files.find((f) => f.name.endsWith('-pi.csv'))!.data, 'base64').toString().trim().split('\n');
    expect(csv[0]).toBe('row,patient,type,cluster,weight,pi_0,pi_1,pi_2,pi_3');
    expect(csv).toHaveLength(102);
    // Unredacted, the planted values are there to be found: the search below can fail.
    const all = (await texts(out)).map((t) => t.text).join('\n');
    expect(all).toContain('Ward Begonia');
    expect(names.some((n) => all.includes(n))).toBe(true);
  });

  it('leaves no value of a redacted column in any format’s bytes, the PDF’s text included', async () => {
    const out = await report(['patient', 'ward']);
    expect(out.redacted).toEqual(['patient', 'ward']);
    for (const { name, text } of await texts(out)) {
      for (const w of WARDS) expect(text.includes(w), `${w} in ${name}`).toBe(false);
      for (const n of names) {
        expect(text.includes(n), `${n} in ${name}`).toBe(false);
        // Nor a name split over a line or a table cell.
        expect(text.includes(n.split(' ')[1]), `${n.split(' ')[1]} in ${name}`).toBe(false);
      }
    }
    const csv = Buffer.from(out.files.find((f) => f.name.endsWith('-pi.csv'))!.data, 'base64').toString();
    expect(csv.split('\n')[0]).toBe('row,type,cluster,weight,pi_0,pi_1,pi_2,pi_3');
  });

  it('shows its progress step by step, and a cancel stops it with nothing handed back', async () => {
    const steps: string[] = [];
    const off = s.jobs.on((e) => {
      if (e.type !== 'progress' || e.phase !== 'report') return;
      steps.push(`${e.done}/${e.total}`);
      if (e.done === 1) void s.cancel(e.jobId);
    });
    const ref = await s.report({ modelId, formats: ['html', 'pdf'] });
    await expect(s.wait(ref.jobId)).rejects.toThrow('cancelled');
    off();
    expect(steps.slice(0, 2)).toEqual(['0/12', '1/12']);
    // The service goes on: the next report is whole, and its progress counts every step to the end.
    const full: string[] = [];
    const on = s.jobs.on((e) => e.type === 'progress' && e.phase === 'report' && full.push(`${e.done}/${e.total}`));
    const again = (await s.wait((await s.report({ modelId, formats: ['json'], sections: ['data', 'audit'] })).jobId)) as ReportOutput;
    on();
    expect(again.files).toHaveLength(1);
    expect(full).toEqual(['0/4', '1/4', '2/4', '3/4', '4/4']);
  });

  it('computes the accuracy in a worker, leaving the job thread free meanwhile, and gets what evaluate gets', async () => {
    const ctx = (s as unknown as { ctx: ServiceContext }).ctx;
    ctx.evaluations.delete(modelId);
    let settled = false;
    const pending = evaluateInWorker(ctx, modelId).finally(() => (settled = true));
    // The thread turns while the worker works (the synchronous evaluate returns only when it is done).
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    const inWorker = await pending;
    ctx.evaluations.delete(modelId);
    const direct = evaluate(ctx, modelId);
    expect(inWorker).not.toBe(direct);
    expect(inWorker).toEqual(direct);
    expect(inWorker.piAccuracy).toBeGreaterThan(0.5);
  });

  it('holds only the sections asked for, and refuses a column it does not know', async () => {
    const ref = await s.report({ modelId, formats: ['json'], sections: ['model', 'audit'] });
    const out = (await s.wait(ref.jobId)) as ReportOutput;
    const json = JSON.parse(Buffer.from(out.files[0].data, 'base64').toString()) as ReportData;
    expect(json.sections).toEqual(['model', 'audit']);
    expect(json.rankings).toEqual([]);
    expect(json.audit).not.toBeNull();
    const bad = await s.report({ modelId, formats: ['json'], redact: ['wardd'] });
    await expect(s.wait(bad.jobId)).rejects.toThrow(/No column "wardd" to redact/);
  });
});

describe('report of set and text data', () => {
  /** A report of `csv` fitted briefly: its JSON document and each file's text (the PDF's as pdf.js reads it). */
  async function reportOf(csv: string, redact?: string[]): Promise<{ data: ReportData; files: { name: string; text: string }[] }> {
    const imp = await s.importData({ path: csv });
    const { dataset } = (await s.wait(imp.jobId)) as { dataset: { id: number } };
    const fit = await s.fit({ datasetId: dataset.id, prototypes: 4, iterations: 60, seed: 3, chains: 1 });
    await s.wait(fit.jobId);
    // A ranking pinned for the first prototype: its results show their content too.
    const model = await s.getModel(fit.modelId!);
    await s.pinRanking({ modelId: fit.modelId!, query: { row: model.prototypes[0].row }, top: 5 });
    const out = (await s.wait((await s.report({ modelId: fit.modelId!, formats: ['html', 'md', 'json', 'pdf'], sections: ['prototypes', 'similar'], redact })).jobId)) as ReportOutput;
    const data = JSON.parse(Buffer.from(out.files.find((f) => f.name.endsWith('.json'))!.data, 'base64').toString()) as ReportData;
    return { data, files: await texts(out) };
  }
  const file = (files: { name: string; text: string }[], ext: string) => files.find((f) => f.name.endsWith(ext))!.text;

  it('shows each prototype’s items, the subspace ones bold, with the present items first in its subspace', async () => {
    const recipes = fileURLToPath(new URL('../../../resources/data/recipes.csv', import.meta.url));
    const cells = new Map(readFileSync(recipes, 'utf8').trim().split(/\r?\n/).slice(1).map((l, row) => [row, l.slice(l.lastIndexOf(',') + 1).split(';')]));
    const { data, files } = await reportOf(recipes);
    let bold = 0;
    for (const p of data.prototypes) {
      expect(p.content).toHaveLength(1);
      const c = p.content[0];
      if (c.kind !== 'set') throw new Error('ingredients are a set');
      expect(c.items).toEqual(cells.get(p.row));
      // Its key items are its items that are in the subspace: the subspace's present items, which come first.
      const presentInSubspace = p.subspace.filter((f) => f.value === 'present').map((f) => f.feature.replace('ingredients=', ''));
      expect(new Set(c.key)).toEqual(new Set(presentInSubspace));
      expect(p.subspace.slice(0, presentInSubspace.length).every((f) => f.value === 'present')).toBe(true);
      for (const item of c.key) {
        expect(file(files, '.html')).toContain(`<strong>${item}</strong>`);
        expect(file(files, '.md')).toContain(`**${item}**`);
        bold++;
      }
      // The PDF has the items as text (pdf.js reads a line at a time: the first item starts a line).
      expect(file(files, '.pdf')).toContain([...c.key, ...c.items.filter((it) => !c.key.includes(it))][0]);
    }
    expect(bold).toBeGreaterThan(0);
  });

  it('shows each prototype’s text with its subspace words bold, cut at a word, and none of it when the column is redacted', async () => {
    const lines = readFileSync(fileURLToPath(new URL('../../../resources/data/packages.csv', import.meta.url)), 'utf8').split('\n');
    const csv = join(dir, 'packages.csv');
    writeFileSync(csv, lines.slice(0, 121).join('\n'));
    const { data, files } = await reportOf(csv);
    let bold = 0;
    for (const p of data.prototypes) {
      const c = p.content[0];
      if (c.kind !== 'text') throw new Error('description is text');
      expect(c.text.length).toBeLessThanOrEqual(REPORT_TEXT_CHARS + 2);
      const words = new Set(c.text.toLowerCase().match(TEXT_TOKEN));
      const inSubspace = new Set(p.subspace.map((f) => f.feature));
      expect(c.key.filter((w) => !words.has(w) || !inSubspace.has(`description=${w}`))).toEqual([]);
      for (const w of c.key) expect(file(files, '.html').toLowerCase()).toContain(`<strong>${w}</strong>`);
      bold += c.key.length;
    }
    expect(bold).toBeGreaterThan(0);
    // The similar cases show their text too, the words they share with the query bold: matches that add to the score.
    const results = data.rankings[0].results;
    expect(results).toHaveLength(5);
    for (const x of results) {
      const c = x.content[0];
      if (c.kind !== 'text') throw new Error('description is text');
      expect(c.text.length).toBeLessThanOrEqual(REPORT_RESULT_TEXT_CHARS + 2);
      const adds = new Set(x.contributions.filter((k) => k.kind === 'matched' && k.weight > 0).map((k) => k.feature));
      expect(c.key.length).toBeGreaterThan(0);
      for (const w of c.key) expect(adds).toContain(`description=${w}`);
    }
    for (const ext of ['.md', '.html', '.pdf']) expect(file(files, ext)).toContain(ext === '.html' ? '<div class="small content">' : RESULT_CONTENT_NOTE.slice(0, 40));
    // The words the cluster lacks are counted, not listed one per row, in every layout.
    for (const ext of ['.md', '.html', '.pdf']) expect(file(files, ext)).toMatch(/the absence of [\d,]+ words that most of the cluster’s cases lack/);
    expect(file(files, '.md')).not.toMatch(/\| absent \|/);
    expect(file(files, '.html')).not.toContain('<td>absent</td>');
    const redacted = await reportOf(csv, ['description']);
    for (const p of redacted.data.prototypes) expect(p.content).toEqual([]);
    for (const x of redacted.data.rankings.flatMap((r) => r.results)) expect(x.content).toEqual([]);
  });
});
