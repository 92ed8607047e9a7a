// The report document of a model (ReportData, src/shared/report/types.ts): everything a reader needs, gathered
// from the same functions the app reads, with the values of redacted columns replaced before any format sees
// them. Every format (report.ts) is drawn from this one document.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { AuditReport, DatasetInfo, ModelView, RankingMetrics, SimilarContribution } from '../../shared/api';
import { type ColumnSpec, setItems, TEXT_TOKEN } from '../../shared/data';
import { REPORT_RESULT_TEXT_CHARS, REPORT_TEXT_CHARS } from '../../shared/report/text';
import { REDACTED, type ReportCase, type ReportColumn, type ReportContent, type ReportData, type ReportPrototype, type ReportRanking, type ReportRequest, type ReportSection } from '../../shared/report/types';
import { BUILD, VERSION } from '../../shared/version';
import { verdict } from '../../shared/verdict';
import { explainedCriticisms } from '../engine/audit/criticisms';
import { privacyWarning } from '../engine/audit/kanonymity';
import { hardAssignments } from '../engine/evaluate/clusters';
import { Redactor } from '../engine/report/redact';
import { CancelledError } from '../jobs';
import * as store from '../store';
import { audit, auditWarnings } from './audit';
import type { ServiceContext, StoredParams } from './context';
import { getDatasetStats } from './explore';
import { getModel } from './models';
import { evaluateInWorker } from './predict';
import { similar } from './retrieval';

/** Raw rows read at a time for the fingerprint and the redaction list. */
const CHUNK = 5000;

export interface Gathering {
  /** Called once for the pass over the raw rows ('read') and once for each section asked for, as each is done (the job's progress). */
  step(what: string): void;
  signal: AbortSignal;
}

export async function reportData(ctx: ServiceContext, req: ReportRequest, sections: ReportSection[], g: Gathering): Promise<ReportData> {
  const has = (s: ReportSection) => sections.includes(s);
  // After each part: progress, a turn of the event loop (the service answers what queued meanwhile, a cancel
  // among it), and a stop if the user cancelled.
  const stepped = async (what: string) => {
    g.step(what);
    await new Promise((resolve) => setImmediate(resolve));
    if (g.signal.aborted) throw new CancelledError();
  };
  const model = getModel(ctx, req.modelId, { pi: false });
  if (model.status !== 'done' || model.partial) throw new Error(`Model ${req.modelId} is ${model.status}: a report is made of a finished fit (resume it first).`);
  const info = ctx.datasetInfo(model.datasetId);
  const { cases } = ctx.loadDataset(model.datasetId);
  const names = info.columns.map((c) => c.name);
  for (const c of req.redact ?? []) if (!names.includes(c)) throw new Error(`No column "${c}" to redact in dataset ${info.id} (columns: ${names.join(', ')}).`);
  const r = new Redactor(new Set(req.redact ?? []));

  // One pass over the raw rows: the data's fingerprint, and the values the redaction net must catch.
  // The same kinds given by --kind or inferred are the same data: keys sorted, and only the options the kind uses.
  const hash = createHash('sha256').update(canonicalJson(info.columns.map(effectiveSpec)));
  const redactedIdx = names.map((n, k) => (r.redacts(n) ? k : -1)).filter((k) => k >= 0);
  // Pictures share one grey scale: the largest pixel value in the data.
  const pixelIdx = (info.image?.columns ?? []).map((c) => names.indexOf(c));
  let pixelMax = 0;
  for (let start = 0; start < cases.n; start += CHUNK) {
    const rows = store.getCaseRows(ctx.project, info.id, Array.from({ length: Math.min(CHUNK, cases.n - start) }, (_, k) => start + k));
    for (const { cells } of rows) {
      hash.update(JSON.stringify(cells)).update('\n');
      for (const k of redactedIdx) if (cells[k] !== null) r.addSecret(String(cells[k]));
      for (const k of pixelIdx) pixelMax = Math.max(pixelMax, Number(cells[k]) || 0);
    }
    if (g.signal.aborted) throw new CancelledError();
  }
  const dataFingerprint = `sha256:${hash.digest('hex')}`;
  await stepped('read');

  // Feature names as the report shows them: a set or text column's items are values too.
  const itemIndex = new Map<string, number>();
  const featureName = (j: number) => {
    const f = cases.features[j];
    if (!f.item || !r.redacts(f.column)) return f.name;
    if (!itemIndex.has(f.name)) itemIndex.set(f.name, itemIndex.size + 1);
    return `${f.column}=${REDACTED} ${itemIndex.get(f.name)}`;
  };
  const byName = new Map(cases.features.map((f, j) => [f.name, j]));
  const shownFeature = (name: string) => (byName.has(name) ? featureName(byName.get(name)!) : r.redacts(name.split('=')[0]) ? REDACTED : name);
  const featureValue = (name: string, value: string | null | undefined) => {
    const j = byName.get(name);
    const column = j === undefined ? name.split('=')[0] : cases.features[j].column;
    return value === undefined || value === null ? value : r.redacts(column) ? REDACTED : value;
  };
  const idColumn = info.columns.find((c) => c.kind === 'identifier')?.name ?? null;
  const aCase = (row: number, name: string | null, label: string | null): ReportCase => ({
    row,
    name: name !== null && idColumn && r.redacts(idColumn) ? null : name,
    label: label !== null && info.labelColumn && r.redacts(info.labelColumn) ? null : label,
  });
  const nameOf = (row: number) => (cases.ids ? (cases.ids[row] ?? null) : null);
  const labelOf = (row: number) => (cases.labels ? cases.labels[row] : null);
  const labelsHidden = !!info.labelColumn && r.redacts(info.labelColumn);

  const stats = getDatasetStats(ctx, info.id);
  const columns: ReportColumn[] = stats.columns.map((c) => ({
    name: c.column,
    kind: c.kind,
    missing: c.missing,
    distinct: c.distinct,
    bins: r.redacts(c.column) ? [] : c.bins,
    more: r.redacts(c.column) ? 0 : c.more,
    redacted: r.redacts(c.column),
  }));
  if (has('data')) await stepped('data');

  const params = ctx.model(req.modelId).params as StoredParams;
  const s = ctx.summary(req.modelId);
  const image = info.image ?? null;
  // The prototypes' own rows, read once, for their pictures, items and texts.
  const protoCells = new Map(store.getCaseRows(ctx.project, info.id, model.prototypes.map((p) => p.row)).map((r) => [r.row, r.cells]));
  const contentColumns = info.columns.filter((c) => (c.kind === 'set' || c.kind === 'text') && !r.redacts(c.name));
  /** A case's set and text columns as a report shows them (not redacted ones): `key` picks the items and words to bold; a text is cut at a word after `chars`. */
  const contentOf = (cells: (string | null)[], key: (column: string, item: string) => boolean, chars: number) =>
    contentColumns.flatMap((c): ReportContent[] => {
      const cell = cells[names.indexOf(c.name)]?.trim() ?? '';
      if (!cell) return [];
      if (c.kind === 'set') {
        const items = setItems(cell, c.delimiter ?? ';');
        return [{ column: c.name, kind: 'set', items, key: items.filter((it) => key(c.name, it)) }];
      }
      const cut = cell.lastIndexOf(' ', chars);
      const text = cell.length > chars ? `${cell.slice(0, cut > 0 ? cut : chars)} …` : cell;
      const words = [...new Set(text.toLowerCase().match(TEXT_TOKEN) ?? [])];
      return [{ column: c.name, kind: 'text', text, key: words.filter((w) => key(c.name, w)) }];
    });
  const present = (value: string) => (value === 'present' || value === 'true' ? 1 : 0);
  const prototypes: ReportPrototype[] = model.prototypes.map((p) => {
    const subspace = model.features
      .map((name, j) => ({ name, j }))
      .filter(({ j }) => p.subspaceProbability[j] >= 0.5)
      .map(({ name, j }) => {
        const value = p.values[name] ?? '?';
        const v = model.featureValues[j].indexOf(value);
        return {
          feature: featureName(j),
          column: cases.features[j].column,
          probability: p.subspaceProbability[j],
          value: featureValue(name, value)!,
          phi: v >= 0 ? model.phi[p.cluster][j][v] : 0,
          overall: v >= 0 ? stats.frequency[j][v] : 0,
        };
      })
      // As the app orders them: the items the prototype has before the many it shares the absence of, then by
      // P(ω = 1), then the most distinctive first.
      .sort((a, b) => present(b.value) - present(a.value) || b.probability - a.probability || Math.abs(b.phi - b.overall) - Math.abs(a.phi - a.overall) || a.feature.localeCompare(b.feature));
    const inSubspace = (column: string, item: string) => (p.subspaceProbability[byName.get(`${column}=${item}`) ?? -1] ?? 0) >= 0.5;
    const content = contentOf(protoCells.get(p.row)!, inSubspace, REPORT_TEXT_CHARS);
    let picture: ReportPrototype['picture'] = null;
    if (image) {
      const cells = protoCells.get(p.row)!;
      const values = image.columns.map((col) => {
        const cell = cells[names.indexOf(col)];
        return r.redacts(col) || cell === null || cell.trim() === '' ? null : Number(cell);
      });
      const probability = image.columns.map((col) => {
        const j = cases.features.findIndex((f) => f.column === col);
        return j >= 0 ? p.subspaceProbability[j] : 0;
      });
      picture = { values: values.map((v) => (v === null || Number.isFinite(v) ? v : null)), probability, max: pixelMax || 1 };
    }
    return {
      ...aCase(p.row, nameOf(p.row), p.label),
      cluster: p.cluster,
      frequency: p.frequency,
      pinned: p.pinned,
      size: p.size,
      subspace,
      content,
      labelMix: labelsHidden ? [] : p.labelMix,
      picture,
    };
  });
  // The model's settings and trace, the prototypes and the clusters all come from the model read above.
  for (const part of ['model', 'prototypes', 'clusters'] as const) if (has(part)) await stepped(part);

  const evaluation = has('accuracy') ? await evaluateInWorker(ctx, req.modelId) : null;
  if (evaluation) await stepped('accuracy');

  // The audit holds the same criticisms (explainedCriticisms, 10 cases, 3 values each): computed once.
  const rawAudit = has('audit') ? await audit(ctx, { modelId: req.modelId, quasi: req.quasi, k: req.k }) : null;

  let criticisms: ReportData['criticisms'] = [];
  if (has('criticisms')) {
    const argmax = hardAssignments(s.pi, s.n, s.S);
    criticisms = (rawAudit?.criticisms ?? explainedCriticisms(s, cases.x, cases.n, cases.features, params.seed, { count: 10, top: 3 })).map((c) => ({
      ...aCase(c.row, nameOf(c.row), labelOf(c.row)),
      cluster: argmax[c.row],
      logLikelihood: c.logLikelihood,
      features: c.features.map((f) => ({ feature: shownFeature(f.feature), value: featureValue(f.feature, f.value)!, penalty: f.penalty })),
    }));
    await stepped('criticisms');
  }

  const rankings: ReportRanking[] = [];
  if (has('similar')) {
    for (const pin of store.listPins(ctx.project, req.modelId)) {
      if (g.signal.aborted) throw new CancelledError();
      const res = await similar(ctx, { modelId: req.modelId, ...pin.query, top: pin.top });
      const grades = new Map(pin.query.row === undefined ? [] : store.listJudgments(ctx.project, info.id, pin.query.row).map((j) => [j.docRow, j.grade]));
      const resultCells = new Map(contentColumns.length ? store.getCaseRows(ctx.project, info.id, res.results.map((x) => x.row)).map((c) => [c.row, c.cells]) : []);
      rankings.push({
        query: {
          case: pin.query.row === undefined ? null : aCase(pin.query.row, nameOf(pin.query.row), labelOf(pin.query.row)),
          form: pin.query.form ? Object.fromEntries(Object.entries(pin.query.form).map(([k, v]) => [k, r.value(k, v)])) : null,
        },
        ranking: res.ranking,
        pinnedAt: pin.createdAt,
        results: res.results.map((x) => {
          // Bold in its content: the items and words it shares with the query, the matches that add to its score.
          const shared = new Set(x.contributions.filter((c) => c.kind === 'matched' && c.weight > 0).map((c) => c.feature));
          return {
            ...aCase(x.row, nameOf(x.row), x.label),
            score: x.score,
            grade: grades.get(x.row) ?? null,
            content: contentOf(resultCells.get(x.row) ?? [], (column, item) => shared.has(`${column}=${item}`), REPORT_RESULT_TEXT_CHARS),
            contributions: x.contributions.map((c): SimilarContribution => ({
              ...c,
              feature: c.kind === 'matched' || c.kind === 'mismatched' ? shownFeature(c.feature) : c.feature,
              ...(c.queryValue !== undefined ? { queryValue: featureValue(c.feature, c.queryValue)! } : {}),
              ...(c.caseValue !== undefined ? { caseValue: featureValue(c.feature, c.caseValue) } : {}),
            })),
          };
        }),
      });
    }
    await stepped('similar');
  }

  let ranker: ReportData['ranker'] = null;
  if (has('ranker')) {
    const stored = store.latestRanker(ctx.project, req.modelId);
    const judgments = store.listJudgments(ctx.project, info.id);
    if (stored) {
      // Rankers stored before the report existed keep only before/after.
      const m = stored.metrics as { before: RankingMetrics; after: RankingMetrics; queries?: number; folds?: number; chosenC?: number[] };
      ranker = {
        before: m.before,
        after: m.after,
        queries: m.queries ?? new Set(judgments.map((j) => j.queryRow)).size,
        judgments: judgments.length,
        folds: m.folds ?? 0,
        chosenC: m.chosenC ?? [],
        C: stored.C,
        weights: stored.weights,
        note: `Learned ${stored.createdAt.slice(0, 10)} from the judgments then stored; ${judgments.length} judgment${judgments.length === 1 ? '' : 's'} now.`,
      };
    }
    await stepped('ranker');
  }

  let auditReport: AuditReport | null = null;
  if (rawAudit) {
    auditReport = redactAudit(rawAudit, shownFeature, featureValue, r);
    await stepped('audit');
  }

  const data: ReportData = {
    format: 'exemplar-report',
    version: 1,
    title: req.title ?? `${info.name}: model ${model.id}, ${model.params.S} prototypes`,
    createdAt: new Date().toISOString(),
    sections,
    redacted: [...r.columns],
    software: { name: 'Exemplar', version: VERSION, build: BUILD, node: process.versions.node, platform: `${process.platform}-${process.arch}` },
    reproduce: {
      dataFingerprint,
      softwareFingerprint: `sha256:${createHash('sha256').update(`Exemplar ${VERSION} ${BUILD}`).digest('hex')}`,
      commands: reproduceCommands(info, model, params),
    },
    dataset: { id: info.id, name: info.name, source: info.source, format: info.format, rows: info.rows, labelColumn: info.labelColumn, image, columns },
    model: {
      id: model.id,
      status: model.status,
      createdAt: store.listModels(ctx.project).find((m) => m.id === model.id)?.createdAt ?? null,
      params: { ...model.params },
      alpha: model.alpha,
      chains: model.chains,
      summarisedChain: model.summarisedChain,
      rhat: model.rhat,
      verdict: verdictSentence(model),
      secondsPerSweep: model.secondsPerSweep,
      traces: model.traces,
      burnIn: model.params.burnIn,
      sweeps: model.params.sweeps,
      edits: model.edits.map((e) => ({ seq: e.seq, description: describeEdit(e.edit, shownFeature), undone: e.undone })),
    },
    prototypes,
    accuracy: evaluation && { labelColumn: evaluation.labelColumn, piAccuracy: evaluation.piAccuracy, folds: evaluation.folds, unsupervisedAccuracy: evaluation.unsupervisedAccuracy },
    criticisms,
    rankings,
    ranker,
    audit: auditReport,
  };
  // The net: any free text still quoting a redacted value (a reason, a title) loses it.
  return r.scrubDeep(data);
}

/** The audit with redacted values and item names replaced, and its sentences written again from them. */
function redactAudit(a: AuditReport, shownFeature: (f: string) => string, featureValue: (f: string, v: string) => string | null | undefined, r: Redactor): AuditReport {
  if (!r.active) return a;
  const prototypes = a.prototypes.map((p) => {
    const subspace = p.subspace.map(shownFeature);
    return { ...p, subspace, warning: privacyWarning(p.cluster, p.row, p.k, a.k, [...p.quasiIdentifiers, ...subspace]) };
  });
  const identifierColumns = a.identifierColumns.map((c) => (r.redacts(c.column) ? { column: c.column, reason: c.reason.replace(/\s*\([^)]*\)/g, '') } : c));
  return {
    ...a,
    warnings: auditWarnings({ ...a, identifierColumns, prototypes }),
    identifierColumns,
    prototypes,
    criticisms: a.criticisms.map((c) => ({ ...c, features: c.features.map((f) => ({ ...f, feature: shownFeature(f.feature), value: featureValue(f.feature, f.value) ?? f.value })) })),
  };
}

function verdictSentence(m: ModelView): string {
  const v = verdict(m.rhat, m.params.chains, m.status);
  return `${v.text[0].toUpperCase()}${v.text.slice(1)}. ${v.why}`;
}

function describeEdit(e: ModelView['edits'][number]['edit'], shownFeature: (f: string) => string): string {
  if (e.kind === 'pin') return `Pinned row ${e.row} as cluster ${e.cluster}'s prototype`;
  if (e.kind === 'unpin') return `Unpinned cluster ${e.cluster}'s prototype`;
  return `${e.state === 'force' ? 'Forced' : e.state === 'forbid' ? 'Forbade' : 'Freed'} ${shownFeature(e.feature)} ${e.state === 'forbid' ? 'from' : 'in'} cluster ${e.cluster}'s subspace`;
}

/** The options of a column that its kind uses (an ignored column keeps no bins a glob gave it). */
const KIND_OPTIONS: Partial<Record<ColumnSpec['kind'], (keyof ColumnSpec)[]>> = {
  numeric: ['bins', 'edges'],
  categorical: ['missing'],
  boolean: ['missing'],
  set: ['delimiter', 'missing'],
  text: ['vocabularyCap', 'stopWords', 'minDf', 'maxDf', 'missing'],
};

function effectiveSpec(c: ColumnSpec): Partial<ColumnSpec> {
  const out: Partial<ColumnSpec> = { name: c.name, kind: c.kind, ...(c.pixel ? { pixel: c.pixel } : {}) };
  for (const k of KIND_OPTIONS[c.kind] ?? []) if (c[k] !== undefined) (out as Record<string, unknown>)[k] = c[k];
  return out;
}

/** JSON with every object's keys in sorted order. */
function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}

const quote = (s: string) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `--kind` for a column, as `exemplar import` reads it back (args.ts parseKinds). */
function kindFlag(c: ColumnSpec): string {
  const opts: string[] = [];
  if (c.edges) opts.push(`edges=${c.edges.join('|')}`);
  else if (c.bins !== undefined) opts.push(`bins=${c.bins}`);
  if (c.delimiter !== undefined) opts.push(`delimiter=${c.delimiter}`);
  if (c.vocabularyCap !== undefined) opts.push(`vocabulary=${c.vocabularyCap}`);
  if (c.minDf !== undefined) opts.push(`min-df=${c.minDf}`);
  if (c.maxDf !== undefined) opts.push(`max-df=${c.maxDf}`);
  if (c.stopWords !== undefined) opts.push(`stopwords=${Array.isArray(c.stopWords) ? c.stopWords.join('|') : c.stopWords}`);
  if (c.missing !== undefined) opts.push(`missing=${c.missing}`);
  return `${c.kind}${opts.length ? `:${opts.join(',')}` : ''}`;
}

/**
 * The commands that import the same file with the same column kinds and fit it with the same settings and
 * seed. Columns whose names share a prefix and whose kinds are equal (an image's pixels) are given as one
 * `prefix*` glob, the way they were most likely imported.
 */
export function reproduceCommands(info: DatasetInfo, m: ModelView, p: StoredParams): string[] {
  const specs = info.columns.filter((c) => c.kind !== 'label').map((c) => ({ name: c.name, flag: kindFlag(c) }));
  const kinds: string[] = [];
  const done = new Set<string>();
  for (const c of specs) {
    if (done.has(c.name)) continue;
    const prefix = /^(.*?[_.-])\d+(?:[_.-]\d+)*$/.exec(c.name)?.[1];
    const group = prefix ? specs.filter((x) => x.name.startsWith(prefix)) : [];
    // The group's most common kind as one glob, and the columns that differ (a constant pixel the importer
    // ignored) by name after it: an exact name wins over a glob.
    const tally = new Map<string, number>();
    for (const x of group) tally.set(x.flag, (tally.get(x.flag) ?? 0) + 1);
    const [common, n] = [...tally].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (prefix && n > 1 && info.columns.filter((x) => x.name.startsWith(prefix)).length === group.length) {
      kinds.push(`--kind ${quote(`${prefix}*=${common}`)}`);
      for (const x of group) if (x.flag !== common) kinds.push(`--kind ${quote(`${x.name}=${x.flag}`)}`);
      group.forEach((x) => done.add(x.name));
    } else {
      kinds.push(`--kind ${quote(`${c.name}=${c.flag}`)}`);
      done.add(c.name);
    }
  }
  // The file's own name: where it sat on the analyst's disk is not the reader's business (its fingerprint names it exactly).
  const source = quote(basename(info.source || info.name));
  const image = info.image ? ` --image ${info.image.rows}x${info.image.cols}` : '';
  const label = info.labelColumn ? ` --label ${quote(info.labelColumn)}` : '';
  const fit = [
    `exemplar fit project.exemplar --dataset 1 --prototypes ${m.params.S} --iterations ${m.params.sweeps} --burn-in ${m.params.burnIn} --seed ${m.params.seed} --chains ${m.params.chains}`,
    `--alpha ${p.alpha} --q ${p.q} --lambda ${p.lambda} --c ${p.c}${p.learnAlpha ? ' --learn-alpha' : ''}`,
  ].join(' ');
  // Each edit resampled for the sweeps it was given (recorded with it; older projects did not, and took 200).
  const edits = m.edits
    .filter((e) => !e.undone)
    .map((e) => {
      const sweeps = ` --iterations ${(e.edit as { iterations?: number }).iterations ?? 200}`;
      return e.edit.kind === 'pin'
        ? `exemplar edit project.exemplar --model 1 pin ${e.edit.cluster} ${e.edit.row}${sweeps}`
        : e.edit.kind === 'unpin'
          ? `exemplar edit project.exemplar --model 1 unpin ${e.edit.cluster}${sweeps}`
          : `exemplar edit project.exemplar --model 1 ${e.edit.state} ${e.edit.cluster} ${quote(e.edit.feature)}${sweeps}`;
    });
  // An undo resampled too: replaying the edits in force repeats their constraints, not that history.
  const note = m.edits.some((e) => e.undone) ? ['# Some edits were undone on the way; these commands repeat the edits in force, so the model they give may differ.'] : [];
  return [`exemplar import ${source} --out project.exemplar${label}${image} ${kinds.join(' ')}`, fit, ...edits, ...note];
}
