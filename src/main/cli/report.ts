// `exemplar report`: a model's interpretable report, in one or several formats (--format html,pdf,md,json,csv),
// written beside --out. Every file is written under a temporary name and renamed only when all are done, so a
// failed or cancelled run leaves nothing half-written.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { REPORT_FORMATS, REPORT_SECTIONS, type ReportFormat, type ReportOutput, type ReportSection } from '../../shared/report/types';
import { type Args, optionalInt, UsageError } from './args';
import { pickModel, runJob, withProject } from './session';

const list = (raw: string[] | string | undefined) => (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

export function cmdReport(args: Args, target: string | undefined): Promise<void> {
  const formats = list(args.values.format);
  if (!formats.length) throw new UsageError(`report needs --format (${REPORT_FORMATS.join(', ')}; several allowed, e.g. --format html,pdf).`);
  for (const f of formats) if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format ${f}: expected one of ${REPORT_FORMATS.join(', ')}.`);
  const sections = args.values.sections === undefined ? undefined : list(args.values.sections);
  for (const s of sections ?? []) if (!(REPORT_SECTIONS as readonly string[]).includes(s)) throw new UsageError(`--sections ${s}: expected some of ${REPORT_SECTIONS.join(', ')}.`);
  if (!args.values.out) throw new UsageError('report needs --out PATH (the report\'s file; other formats and the Markdown charts go beside it).');
  const out = resolve(args.values.out);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out ${args.values.out} is a folder: give a file name, e.g. ${join(args.values.out, 'report.html')}.`);
  const dir = dirname(out);
  if (!existsSync(dir)) throw new Error(`${dir}: no such folder.`);
  const known = extname(out).slice(1);
  const stem = basename(out, (REPORT_FORMATS as readonly string[]).includes(known) ? `.${known}` : '');
  const redact = args.values.redact === undefined ? undefined : list(args.values.redact);
  const quasi = args.values.quasi === undefined ? undefined : list(args.values.quasi);

  return withProject(target, async (s) => {
    const modelId = await pickModel(s, args);
    const ref = await s.api.report({
      modelId,
      formats: formats as ReportFormat[],
      sections: sections as ReportSection[] | undefined,
      redact,
      quasi,
      k: optionalInt(args, 'k', 1),
      title: args.values.title,
      stem,
    });
    const result = (await runJob(s, ref.jobId)) as ReportOutput;
    // Temporary names first: a disk-full or a bad path fails before any report file is in place.
    const written: { path: string; bytes: number; mediaType: string }[] = [];
    const temps: { tmp: string; path: string }[] = [];
    try {
      for (const f of result.files) {
        const path = join(dir, f.name);
        mkdirSync(dirname(path), { recursive: true });
        const tmp = `${path}.partial-${process.pid}`;
        const bytes = Buffer.from(f.data, 'base64');
        writeFileSync(tmp, bytes);
        temps.push({ tmp, path });
        written.push({ path, bytes: bytes.length, mediaType: f.mediaType });
      }
      for (const t of temps) renameSync(t.tmp, t.path);
    } catch (e) {
      for (const t of temps) rmSync(t.tmp, { force: true });
      throw e;
    }
    if (args.values.json) console.log(JSON.stringify({ modelId, files: written, redacted: result.redacted, sections: result.sections }));
    else {
      const main = written.filter((w) => !w.path.endsWith('.svg'));
      const charts = written.length - main.length;
      for (const w of main) console.log(`${w.path}  (${(w.bytes / 1024).toFixed(0)} KB)`);
      if (charts) console.log(`${charts} chart${charts > 1 ? 's' : ''} (SVG) in ${join(dir, `${stem}-charts`)}`);
      if (result.redacted.length) console.log(`Values of ${result.redacted.join(', ')} are left out of every file.`);
    }
  });
}
