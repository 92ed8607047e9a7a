// Input checks at the transport boundary (STYLE.md: "validate every input at the transport boundary; the
// engine trusts its types"). Electron IPC (index.ts) and browser mode (serve.ts) pass every call through
// checkCall before it reaches ExemplarService, and the CLI calls it through checkedApi.
import { type AuditRequest, COLUMN_KINDS, type EditRequest, type ExemplarApi, type FitRequest, type IbcmEdit, type ImportRequest, type PredictRequest, type SimilarQuery, type SimilarRequest } from '../shared/api';
import type { ColumnKind, ColumnSpec } from '../shared/data';
import { REPORT_FORMATS, REPORT_SECTIONS, type ReportFormat, type ReportRequest, type ReportSection } from '../shared/report/types';
import { API_METHODS, type ApiMethod, isApiMethod } from '../shared/transport';

/** An input the API refuses before running anything (HTTP 400). */
export class BadRequest extends Error {}

/** A call that is well formed but clashes with the state of the project, e.g. a model already being fitted (HTTP 409). */
export class Conflict extends Error {}

/**
 * The most a single call may carry, so that one request cannot hold the service for minutes or fill its
 * memory. A caller with more splits it into several calls.
 */
export const CALL_CAPS = {
  /** Cases per `predict` (fold-in costs about 1 ms a case on a laptop core). */
  predictCases: 100_000,
  /** Queries per `similarBatch`. */
  similarQueries: 1_000,
  /** Judgments per `addJudgments`. */
  judgments: 50_000,
  /** Rows per `getCases`. */
  cases: 10_000,
} as const;

/** Who is calling: the CLI in this process may name files by path; the app (IPC, HTTP) only by an id the service gave out. */
export interface CallerOptions {
  trusted?: boolean;
}

type Args<K extends ApiMethod> = Parameters<ExemplarApi[K]>;

const fail = (message: string): never => {
  throw new BadRequest(message);
};

/** A plain object with only the given keys (any keys when null). */
function record(v: unknown, name: string, keys: readonly string[] | null): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${name} must be an object.`);
  const o = v as Record<string, unknown>;
  if (!keys) return o;
  const unknown = Object.keys(o).filter((k) => !keys.includes(k));
  if (unknown.length) fail(`${name}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected ${keys.join(', ')}).`);
  return o;
}

function int(v: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${name} must be an integer between ${min} and ${max}.`);
  return v as number;
}

/** A finite number in the open interval (lo, hi), or ≥ lo when closed. */
function num(v: unknown, name: string, lo: number, hi = Infinity, closed = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (closed ? v < lo : v <= lo) || v >= hi) fail(`${name} must be a number ${closed ? '≥' : '>'} ${lo}${hi < Infinity ? ` and < ${hi}` : ''}.`);
  return v as number;
}

function str(v: unknown, name: string, { nonEmpty = false } = {}): string {
  if (typeof v !== 'string' || (nonEmpty && !v)) fail(`${name} must be a${nonEmpty ? ' non-empty' : ''} string.`);
  return v as string;
}

function optional<T>(v: unknown, check: (v: unknown) => T): T | undefined {
  return v === undefined ? undefined : check(v);
}

const id = (v: unknown, name: string) => int(v, name, 1);

function columnSpec(v: unknown, name: string): Partial<ColumnSpec> {
  const o = record(v, name, ['name', 'kind', 'bins', 'edges', 'delimiter', 'vocabularyCap', 'stopWords', 'minDf', 'maxDf', 'missing', 'pixel']);
  if (o.kind !== undefined && !COLUMN_KINDS.includes(o.kind as ColumnKind)) fail(`${name}.kind must be one of ${COLUMN_KINDS.join(', ')}.`);
  if (o.edges !== undefined && !(Array.isArray(o.edges) && o.edges.every((e) => typeof e === 'number' && Number.isFinite(e))))
    fail(`${name}.edges must be an array of numbers.`);
  optional(o.name, (x) => str(x, `${name}.name`));
  optional(o.bins, (x) => int(x, `${name}.bins`, 1));
  optional(o.delimiter, (x) => str(x, `${name}.delimiter`, { nonEmpty: true }));
  optional(o.vocabularyCap, (x) => int(x, `${name}.vocabularyCap`, 1));
  optional(o.minDf, (x) => num(x, `${name}.minDf`, 0, Infinity, true));
  optional(o.maxDf, (x) => num(x, `${name}.maxDf`, 0, Infinity, true));
  if (o.stopWords !== undefined && o.stopWords !== 'english' && o.stopWords !== 'none' && !(Array.isArray(o.stopWords) && o.stopWords.every((w) => typeof w === 'string')))
    fail(`${name}.stopWords must be "english", "none" or a list of words.`);
  if (o.missing !== undefined && o.missing !== 'unknown' && o.missing !== 'absent') fail(`${name}.missing must be "unknown" or "absent".`);
  if (o.pixel !== undefined) {
    const p = record(o.pixel, `${name}.pixel`, ['row', 'col']);
    int(p.row, `${name}.pixel.row`, 0);
    int(p.col, `${name}.pixel.col`, 0);
  }
  return o as Partial<ColumnSpec>;
}

function importRequest(v: unknown, caller: CallerOptions): ImportRequest {
  const o = record(v, 'import request', ['path', 'file', 'name', 'overrides', 'label', 'image']);
  if (o.image !== undefined) {
    const image = record(o.image, 'image', ['rows', 'cols']);
    int(image.rows, 'image.rows', 1, 4096);
    int(image.cols, 'image.cols', 1, 4096);
  }
  // The app names a file by the id that its upload, or the user's pick in a dialog, returned: a path from
  // the page would let whoever holds the token make the service read any file of the user's.
  if (!caller.trusted && o.path !== undefined) fail('importData takes `file` (the id openDataFile returned), not a path.');
  if ((o.path === undefined) === (o.file === undefined)) fail(caller.trusted ? 'import request: give either path or file.' : 'import request: give file (the id openDataFile returned).');
  optional(o.path, (x) => str(x, 'path', { nonEmpty: true }));
  optional(o.file, (x) => str(x, 'file', { nonEmpty: true }));
  optional(o.name, (x) => str(x, 'name'));
  optional(o.label, (x) => str(x, 'label'));
  if (o.overrides !== undefined) for (const [k, spec] of Object.entries(record(o.overrides, 'overrides', null))) columnSpec(spec, `overrides["${k}"]`);
  return o as unknown as ImportRequest;
}

function fitRequest(v: unknown): FitRequest {
  const o = record(v, 'fit request', ['datasetId', 'prototypes', 'iterations', 'burnIn', 'seed', 'chains', 'checkpointEvery', 'alpha', 'q', 'lambda', 'c', 'learnAlpha']);
  id(o.datasetId, 'datasetId');
  int(o.prototypes, 'prototypes', 1);
  optional(o.iterations, (x) => int(x, 'iterations', 1));
  optional(o.burnIn, (x) => int(x, 'burnIn', 0));
  optional(o.seed, (x) => int(x, 'seed', 0, 2 ** 32 - 1));
  // Each chain is a worker thread.
  optional(o.chains, (x) => int(x, 'chains', 1, 64));
  optional(o.checkpointEvery, (x) => int(x, 'checkpointEvery', 1));
  optional(o.alpha, (x) => num(x, 'alpha', 0));
  optional(o.q, (x) => num(x, 'q', 0, 1));
  optional(o.lambda, (x) => num(x, 'lambda', 0));
  optional(o.c, (x) => num(x, 'c', 0, Infinity, true));
  if (o.learnAlpha !== undefined && typeof o.learnAlpha !== 'boolean') fail('learnAlpha must be true or false.');
  return o as unknown as FitRequest;
}

function ibcmEdit(v: unknown): IbcmEdit {
  const kind = (v as { kind?: unknown } | null)?.kind;
  if (kind === 'pin') {
    const o = record(v, 'edit', ['kind', 'cluster', 'row']);
    int(o.cluster, 'edit.cluster', 0);
    int(o.row, 'edit.row', 0);
  } else if (kind === 'unpin') {
    int(record(v, 'edit', ['kind', 'cluster']).cluster, 'edit.cluster', 0);
  } else if (kind === 'subspace') {
    const o = record(v, 'edit', ['kind', 'cluster', 'feature', 'state']);
    int(o.cluster, 'edit.cluster', 0);
    str(o.feature, 'edit.feature', { nonEmpty: true });
    if (!['force', 'forbid', 'free'].includes(o.state as string)) fail('edit.state must be force, forbid or free.');
  } else fail('edit.kind must be pin, unpin or subspace.');
  return v as IbcmEdit;
}

// Resampling after an edit keeps the second half of its sweeps, so it needs at least two (as the CLI).
const resampleIterations = (v: unknown) => optional(v, (x) => int(x, 'iterations', 2));

function editRequest(v: unknown): EditRequest {
  const o = record(v, 'edit request', ['modelId', 'edit', 'iterations']);
  id(o.modelId, 'modelId');
  ibcmEdit(o.edit);
  resampleIterations(o.iterations);
  return o as unknown as EditRequest;
}

function predictRequest(v: unknown): PredictRequest {
  const o = record(v, 'predict request', ['modelId', 'cases']);
  id(o.modelId, 'modelId');
  if (!Array.isArray(o.cases)) fail('cases must be an array.');
  if ((o.cases as unknown[]).length > CALL_CAPS.predictCases) fail(`predict takes at most ${CALL_CAPS.predictCases} cases per call, not ${(o.cases as unknown[]).length}: split them into several calls.`);
  (o.cases as unknown[]).forEach((c, k) => {
    const cells = record(c, `cases[${k}]`, null);
    for (const [col, value] of Object.entries(cells)) if (value !== null && typeof value !== 'string') fail(`cases[${k}]["${col}"] must be a string or null.`);
  });
  return o as unknown as PredictRequest;
}

function formValues(v: unknown, name: string): Record<string, string | null> {
  const cells = record(v, name, null);
  for (const [col, value] of Object.entries(cells)) if (value !== null && typeof value !== 'string') fail(`${name}["${col}"] must be a string or null.`);
  return cells as Record<string, string | null>;
}

function similarQuery(o: Record<string, unknown>, name: string): void {
  if ((o.row === undefined) === (o.form === undefined)) fail(`${name}: give either row or form.`);
  optional(o.row, (x) => int(x, `${name}.row`, 0));
  optional(o.form, (x) => formValues(x, `${name}.form`));
}

const top = (v: unknown) => optional(v, (x) => int(x, 'top', 1, 10_000));
const flag = (v: unknown, name: string) => optional(v, (x) => (typeof x === 'boolean' ? x : fail(`${name} must be true or false.`)));

function similarRequest(v: unknown): SimilarRequest {
  const o = record(v, 'similar request', ['modelId', 'row', 'form', 'top', 'includeQuery', 'weights', 'learned']);
  id(o.modelId, 'modelId');
  similarQuery(o, 'similar request');
  top(o.top);
  flag(o.includeQuery, 'includeQuery');
  flag(o.learned, 'learned');
  if (o.weights !== undefined) for (const [f, w] of Object.entries(record(o.weights, 'weights', null))) num(w, `weights["${f}"]`, 0, Infinity, true);
  return o as unknown as SimilarRequest;
}

function similarBatch(v: unknown): Parameters<ExemplarApi['similarBatch']>[0] {
  const o = record(v, 'similar batch', ['modelId', 'queries', 'top', 'includeQuery', 'learned']);
  id(o.modelId, 'modelId');
  if (!Array.isArray(o.queries) || o.queries.length === 0) fail('queries must be a non-empty array.');
  if ((o.queries as unknown[]).length > CALL_CAPS.similarQueries) fail(`similarBatch takes at most ${CALL_CAPS.similarQueries} queries per call, not ${(o.queries as unknown[]).length}: split them into several calls.`);
  (o.queries as unknown[]).forEach((q, k) => similarQuery(record(q, `queries[${k}]`, ['row', 'form']), `queries[${k}]`));
  top(o.top);
  flag(o.includeQuery, 'includeQuery');
  flag(o.learned, 'learned');
  return o as unknown as Parameters<ExemplarApi['similarBatch']>[0];
}

function judgments(v: unknown): Parameters<ExemplarApi['addJudgments']>[0] {
  const o = record(v, 'judgments request', ['datasetId', 'judgments', 'source']);
  id(o.datasetId, 'datasetId');
  if (!Array.isArray(o.judgments)) fail('judgments must be an array.');
  if ((o.judgments as unknown[]).length > CALL_CAPS.judgments) fail(`addJudgments takes at most ${CALL_CAPS.judgments} judgments per call, not ${(o.judgments as unknown[]).length}: split them into several calls.`);
  (o.judgments as unknown[]).forEach((j, k) => {
    const r = record(j, `judgments[${k}]`, ['query', 'doc', 'grade']);
    int(r.query, `judgments[${k}].query`, 0);
    int(r.doc, `judgments[${k}].doc`, 0);
    int(r.grade, `judgments[${k}].grade`, 0, 3);
  });
  optional(o.source, (x) => str(x, 'source', { nonEmpty: true }));
  return o as unknown as Parameters<ExemplarApi['addJudgments']>[0];
}

function reimportRequest(v: unknown): Parameters<ExemplarApi['reimport']>[0] {
  const o = record(v, 'reimport request', ['datasetId', 'overrides', 'label', 'name']);
  id(o.datasetId, 'datasetId');
  optional(o.name, (x) => str(x, 'name', { nonEmpty: true }));
  optional(o.label, (x) => str(x, 'label'));
  if (o.overrides !== undefined) for (const [k, spec] of Object.entries(record(o.overrides, 'overrides', null))) columnSpec(spec, `overrides["${k}"]`);
  return o as unknown as Parameters<ExemplarApi['reimport']>[0];
}

function page(v: unknown): { offset?: number; limit?: number } | undefined {
  return optional(v, (x) => {
    const o = record(x, 'page', ['offset', 'limit']);
    optional(o.offset, (y) => int(y, 'page.offset', 0));
    optional(o.limit, (y) => int(y, 'page.limit', 1, 10_000));
    return o as { offset?: number; limit?: number };
  });
}

function rows(v: unknown): number[] {
  if (!Array.isArray(v) || v.length > CALL_CAPS.cases) fail(`rows must be an array of at most ${CALL_CAPS.cases} rows.`);
  return (v as unknown[]).map((r, k) => int(r, `rows[${k}]`, 0));
}

/**
 * One checker per API method, each turning untrusted arguments into the method's parameters. The mapped
 * type makes a new method of ExemplarApi a compile error here until it has a checker.
 */
const CHECKS: { [K in ApiMethod]: (a: unknown[], caller: CallerOptions) => Args<K> } = {
  importData: (a, caller) => [importRequest(a[0], caller)],
  listDatasets: () => [],
  getDataset: (a) => [id(a[0], 'datasetId')],
  fit: (a) => [fitRequest(a[0])],
  resume: (a) => [id(a[0], 'modelId'), optional(a[1], (o) => ({ extend: optional(record(o, 'resume options', ['extend']).extend, (x) => int(x, 'extend', 1, 10_000_000)) }))],
  listModels: () => [],
  getModel: (a) => [id(a[0], 'modelId'), optional(a[1], (o) => ({ pi: flag(record(o, 'getModel options', ['pi']).pi, 'pi') }))],
  edit: (a) => [editRequest(a[0])],
  undo: (a) => [id(a[0], 'modelId'), resampleIterations(a[1])],
  predict: (a) => [predictRequest(a[0])],
  evaluate: (a) => [id(a[0], 'modelId')],
  getCases: (a) => [id(a[0], 'datasetId'), rows(a[1])],
  similar: (a) => [similarRequest(a[0])],
  similarBatch: (a) => [similarBatch(a[0])],
  addJudgments: (a) => [judgments(a[0])],
  listJudgments: (a) => [id(a[0], 'datasetId')],
  exportJudgments: (a) => [id(a[0], 'modelId'), a[1] === 'qrels' || a[1] === 'svmrank' ? a[1] : fail('format must be qrels or svmrank.')],
  trainRanker: (a) => [id(a[0], 'modelId')],
  evaluateRanker: (a) => [id(a[0], 'modelId')],
  cancel: (a) => [str(a[0], 'jobId', { nonEmpty: true })],
  wait: (a) => [str(a[0], 'jobId', { nonEmpty: true })],
  redo: (a) => [id(a[0], 'modelId'), resampleIterations(a[1])],
  getMap: (a) => [id(a[0], 'modelId')],
  getCluster: (a) => [id(a[0], 'modelId'), int(a[1], 'cluster', 0), page(a[2])],
  getCaseDetails: (a) => [id(a[0], 'modelId'), rows(a[1])],
  searchCases: (a) => [id(a[0], 'datasetId'), str(a[1], 'text'), optional(a[2], (x) => int(x, 'limit', 1, 1000))],
  getDatasetStats: (a) => [id(a[0], 'datasetId')],
  reimport: (a) => [reimportRequest(a[0])],
  audit: (a) => [auditRequest(a[0])],
  pinRanking: (a) => {
    const o = record(a[0], 'pin request', ['modelId', 'query', 'top']);
    const query = record(o.query, 'query', ['row', 'form']);
    similarQuery(query, 'query');
    if (query.row === undefined && query.form === undefined) fail('query needs a row or a form.');
    return [{ modelId: id(o.modelId, 'modelId'), query: query as SimilarQuery, top: optional(o.top, (x) => int(x, 'top', 1, 100)) }];
  },
  listPins: (a) => [id(a[0], 'modelId')],
  unpinRanking: (a) => [id(a[0], 'pinId')],
  report: (a) => [reportRequest(a[0])],
};

function reportRequest(v: unknown): ReportRequest {
  const o = record(v, 'report request', ['modelId', 'formats', 'sections', 'redact', 'quasi', 'k', 'title', 'stem']);
  const names = (x: unknown, name: string, allowed?: readonly string[]) => {
    if (!Array.isArray(x) || x.length > 1000) fail(`${name} must be an array of at most 1000 names.`);
    return (x as unknown[]).map((c, i) => {
      const s = str(c, `${name}[${i}]`, { nonEmpty: true });
      if (allowed && !allowed.includes(s)) fail(`${name}[${i}] must be one of ${allowed.join(', ')}, not "${s}".`);
      return s;
    });
  };
  const formats = names(o.formats, 'formats', REPORT_FORMATS) as ReportFormat[];
  if (!formats.length) fail(`formats needs at least one of ${REPORT_FORMATS.join(', ')}.`);
  return {
    modelId: id(o.modelId, 'modelId'),
    formats,
    sections: optional(o.sections, (x) => names(x, 'sections', REPORT_SECTIONS) as ReportSection[]),
    redact: optional(o.redact, (x) => names(x, 'redact')),
    quasi: optional(o.quasi, (x) => names(x, 'quasi')),
    k: optional(o.k, (x) => int(x, 'k', 1, 1_000_000)),
    title: optional(o.title, (x) => str(x, 'title', { nonEmpty: true })),
    stem: optional(o.stem, (x) => {
      const s = str(x, 'stem', { nonEmpty: true });
      return /^[\w.-]{1,100}$/.test(s) && !s.startsWith('.') ? s : fail('stem must be a file name of letters, digits, ".", "-" and "_" (no folders).');
    }),
  };
}

function auditRequest(v: unknown): AuditRequest {
  const o = record(v, 'audit request', ['modelId', 'quasi', 'k', 'maxDiffering', 'memorization']);
  const quasi = optional(o.quasi, (q) => {
    if (!Array.isArray(q) || q.length > 1000) fail('quasi must be an array of at most 1000 column names.');
    return (q as unknown[]).map((c, i) => str(c, `quasi[${i}]`, { nonEmpty: true }));
  });
  return {
    modelId: id(o.modelId, 'modelId'),
    quasi,
    k: optional(o.k, (x) => int(x, 'k', 1, 1_000_000)),
    maxDiffering: optional(o.maxDiffering, (x) => int(x, 'maxDiffering', 0, 8)),
    memorization: optional(o.memorization, (x) => flag(x, 'memorization')),
  };
}

/** The most arguments each method takes (extra arguments are refused, not ignored). */
const ARITY: Record<ApiMethod, number> = {
  importData: 1, listDatasets: 0, getDataset: 1, fit: 1, resume: 2, listModels: 0, getModel: 2, edit: 1, undo: 2, predict: 1, evaluate: 1,
  getCases: 2, similar: 1, similarBatch: 1, addJudgments: 1, listJudgments: 1, exportJudgments: 2, trainRanker: 1, evaluateRanker: 1, cancel: 1, wait: 1,
  redo: 2, getMap: 1, getCluster: 3, getCaseDetails: 2, searchCases: 3, getDatasetStats: 1, reimport: 1, audit: 1,
  pinRanking: 1, listPins: 1, unpinRanking: 1, report: 1,
};

/**
 * Checks a call; throws BadRequest naming what is wrong. Calls from the app (IPC, HTTP) are untrusted, the
 * default; only the CLI, in this process on the user's own command line, passes `trusted`.
 */
export function checkCall(method: string, args: unknown, caller: CallerOptions = {}): { method: ApiMethod; args: unknown[] } {
  if (!isApiMethod(method)) fail(`Unknown method "${method}".`);
  const m = method as ApiMethod;
  if (!Array.isArray(args)) fail('The arguments must be a JSON array.');
  const a = args as unknown[];
  if (a.length > ARITY[m]) fail(`${m} takes at most ${ARITY[m]} argument${ARITY[m] === 1 ? '' : 's'}, not ${a.length}.`);
  return { method: m, args: CHECKS[m](a, caller) };
}

/** Calls a checked method on the service. */
export function invoke(api: ExemplarApi, call: { method: ApiMethod; args: unknown[] }): Promise<unknown> {
  return (api[call.method] as (...a: unknown[]) => Promise<unknown>).apply(api, call.args);
}

/**
 * The API with every call checked as the IPC and HTTP transports check it: the CLI's front door, so a
 * flag is refused by the same rule, with the same message, as a field from the app.
 */
export function checkedApi(api: ExemplarApi): ExemplarApi {
  return Object.fromEntries(
    API_METHODS.map((m) => [
      m,
      async (...args: unknown[]) => {
        // Trailing undefined arguments are optional ones left out (a CLI flag not given).
        while (args.length && args[args.length - 1] === undefined) args.pop();
        return invoke(api, checkCall(m, JSON.parse(JSON.stringify(args)) as unknown[], { trusted: true }));
      },
    ]),
  ) as unknown as ExemplarApi;
}
