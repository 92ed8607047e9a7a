// `exemplar import`: a table into a project, showing what each column became.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DatasetInfo } from '../../shared/api';
import { type Args, parseKinds, UsageError } from './args';
import { createProject, runJob, type Session } from './session';

/** Imports DATA into the session's project; returns the dataset. */
export async function importInto(s: Session, data: string, args: Args): Promise<DatasetInfo> {
  if (!existsSync(data)) throw new Error(`${data}: no such file.`);
  const image = args.values.image;
  let shape: { rows: number; cols: number } | undefined;
  if (image !== undefined) {
    const m = /^(\d+)x(\d+)$/.exec(image);
    if (!m) throw new UsageError(`--image "${image}": expected ROWSxCOLS, e.g. 8x8.`);
    shape = { rows: Number(m[1]), cols: Number(m[2]) };
  }
  const request = { path: resolve(data), name: undefined, label: args.values.label, overrides: parseKinds(args.values.kind), ...(shape ? { image: shape } : {}) };
  const { jobId } = await s.api.importData(request);
  const result = (await runJob(s, jobId)) as { dataset: DatasetInfo };
  return result.dataset;
}

export function printDataset(info: DatasetInfo, source: string): void {
  console.log(`Imported ${info.rows} cases from ${source} as dataset ${info.id} (${info.features.length} features).`);
  for (const s of info.summaries) {
    // What each column became: its bins (with their edges), or how many item/word features.
    const feats = info.features.filter((f) => f.column === s.name);
    const detail =
      s.kind === 'numeric' && feats[0] && feats[0].values.length > 1
        ? `  bins: ${feats[0].values.join(' | ')}`
        : (s.kind === 'set' || s.kind === 'text') && feats.length
          ? `  ${feats.length} features`
          : '';
    console.log(`  ${s.name.padEnd(24)} ${s.kind.padEnd(12)} ${s.reason}${detail}`);
  }
  if (info.image) console.log(`  The cases are ${info.image.rows}×${info.image.cols} pictures (pixel columns ${info.image.columns[0]} … ${info.image.columns.at(-1)}).`);
  for (const w of info.warnings) console.log(`  warning: ${w}`);
}

export async function cmdImport(args: Args, target: string | undefined): Promise<void> {
  if (!target) throw new UsageError('import: give the data file.');
  if (!args.values.out) throw new UsageError('import: give --out FILE.exemplar.');
  const project = createProject(resolve(args.values.out));
  try {
    const info = await importInto(project, target, args);
    const s = await project.commit();
    await s.close();
    if (args.values.json) console.log(JSON.stringify(info));
    else printDataset(info, target);
  } finally {
    await project.close();
  }
}
