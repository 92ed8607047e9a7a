// What the CLI prints of a model: the `fit --json` contract (README: fields are added, never renamed or
// dropped), and the human summary: settings, convergence in plain words, and each prototype with its label
// and subspace.
import type { DatasetInfo, ModelView } from '../../shared/api';
import type { Session } from './session';

/** The `fit --json` contract, also printed by `show --json`. */
export function modelJson(model: ModelView, extra: Record<string, unknown>) {
  return {
    prototypes: model.prototypes.map((p) => ({
      row: p.row,
      subspace: p.subspace,
      size: p.size,
      cluster: p.cluster,
      frequency: p.frequency,
      alternatives: p.alternatives,
      values: p.values,
      subspaceProbability: Object.fromEntries(model.features.map((f, j) => [f, p.subspaceProbability[j]])),
      label: p.label,
      labelMix: p.labelMix,
    })),
    cases: model.pi.map((pi, row) => ({ row, pi })),
    logLikelihood: model.logLikelihood,
    secondsPerSweep: model.secondsPerSweep,
    seed: model.params.seed,
    modelId: model.id,
    alpha: model.alpha,
    rhat: model.rhat,
    chains: model.chains,
    params: model.params,
    features: model.features.map((name, j) => ({ name, values: model.featureValues[j] })),
    phi: model.phi,
    status: model.status,
    progress: model.progress,
    partial: model.partial,
    warnings: modelWarnings(model),
    ...extra,
  };
}

/** Things a user should know about a fit: chains that disagree, two clusters on one prototype. */
export function modelWarnings(model: ModelView): string[] {
  const out: string[] = [];
  if (model.rhat !== null && model.rhat > 1.1)
    out.push(`The ${model.chains.length} chains disagree (split-R̂ ${model.rhat.toFixed(2)} > 1.1): run longer (resume with extend) or fit again; the best chain is shown.`);
  const byRow = new Map<number, number[]>();
  for (const p of model.prototypes) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p.cluster]);
  for (const [row, clusters] of byRow)
    if (clusters.length > 1) out.push(`Clusters ${clusters.join(' and ')} have the same prototype case (row ${row}): fewer prototypes may describe the data as well.`);
  return out;
}

/** A display name of a row: the identifier column's value when there is one. */
export async function rowNames(s: Session, dataset: DatasetInfo, rows: number[]): Promise<Map<number, string>> {
  const id = dataset.columns.find((c) => c.kind === 'identifier')?.name;
  if (!id || !rows.length) return new Map();
  const cases = await s.api.getCases(dataset.id, [...new Set(rows)].slice(0, 10_000));
  return new Map(cases.map((c) => [c.row, c.values[id] ?? '']));
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export async function printModel(s: Session, model: ModelView, { absences = false } = {}): Promise<void> {
  const dataset = await s.api.getDataset(model.datasetId);
  const names = await rowNames(s, dataset, model.prototypes.map((p) => p.row));
  const { params } = model;
  if (model.status !== 'done') {
    const resumable = model.status === 'interrupted' || model.status === 'cancelled';
    console.log(`Model ${model.id}: ${model.status} at sweep ${model.progress.sweep} of ${model.progress.sweeps}.`);
    if (resumable) console.log(`  Resume it with: exemplar resume ${s.path} --model ${model.id}`);
    if (model.status === 'running') console.log('  Another process is fitting it now.');
    if (!model.prototypes.length) {
      console.log('  No checkpoint yet: nothing to show.');
      return;
    }
    console.log(`  Summaries below are from its last checkpoint (sweep ${model.progress.sweep}), not a finished fit.\n`);
  }
  console.log(
    `Model ${model.id}: ${params.S} prototypes, ${model.pi.length} cases, ${params.sweeps} sweeps (burn-in ${params.burnIn}), ${params.chains} chain${params.chains > 1 ? 's' : ''}, seed ${params.seed}, α = ${model.alpha.toPrecision(3)}, ${(model.secondsPerSweep * 1000).toFixed(2)} ms/sweep`,
  );
  if (model.rhat !== null)
    console.log(
      model.rhat > 1.1
        ? `Not converged: the chains disagree (split-R̂ ${model.rhat.toFixed(2)}, above 1.1). Run longer (exemplar resume ${s.path} --model ${model.id} --extend ${params.sweeps}) or fit again; the best chain is shown.`
        : `Converged: the ${model.chains.length} chains agree (split-R̂ ${model.rhat.toFixed(3)} ≤ 1.1).`,
    );
  for (const p of model.prototypes) {
    const name = names.get(p.row) ? ` ${names.get(p.row)}` : '';
    const label = p.label !== null ? `, label ${p.label}` : '';
    console.log(`\n[${p.cluster}] row ${p.row}${name}${label}  (${p.size} cases, prototype in ${pct(p.frequency)} of sweeps${p.pinned ? ', pinned' : ''})`);
    if (p.labelMix.length) console.log(`    cluster labels: ${p.labelMix.slice(0, 4).map((l) => `${pct(l.share)} ${l.label}`).join(', ')}${p.labelMix.length > 4 ? ', …' : ''}`);
    const entries = Object.entries(p.values);
    const isAbsent = (v: string) => v === 'absent';
    const present = entries.filter(([, v]) => !isAbsent(v));
    const absent = entries.filter(([, v]) => isAbsent(v)).map(([f]) => f);
    const shown = present.slice(0, 16).map(([f, v]) => (v === 'present' || v === 'true' ? f : `${f}=${v}`));
    const more = present.length - shown.length;
    const parts: string[] = [];
    if (shown.length) parts.push(`${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''}`);
    if (absent.length && !absences) parts.push(`${shown.length ? 'and ' : ''}the absence of ${absent.length} item${absent.length > 1 ? 's' : ''} (--absences lists them)`);
    if (absent.length && absences) parts.push(`${shown.length ? 'and ' : ''}the absence of ${absent.map((f) => f.replace(/^[^=]*=/, '')).join(', ')}`);
    console.log(`    subspace: ${parts.length ? parts.join('; ') : '(no feature is more likely in than out)'}`);
  }
  for (const w of modelWarnings(model).filter((w) => !w.startsWith('The '))) console.log(`\nwarning: ${w}`);
}
