// Flags of the `exemplar` command: which command takes which, number checks, and help for mistakes (the
// nearest flag to a mistyped one; a flag a command would ignore is refused, not ignored).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ColumnKind, ColumnSpec } from '../../shared/data';
import { COLUMN_KINDS } from '../../shared/api';
import { nearestNames } from '../../shared/suggest';

/** ` Did you mean --a or --b?`, or '' when no name is near. */
function didYouMean(name: string, names: readonly string[], quote = (s: string) => `"${s}"`): string {
  const near = nearestNames(name, names).map(quote);
  if (!near.length) return '';
  return ` Did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]}`}?`;
}

/** A mistake in how the command was called: exit 2 with the usage. */
export class UsageError extends Error {}

export const OPTIONS = {
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  out: { type: 'string' },
  label: { type: 'string' },
  kind: { type: 'string', multiple: true },
  image: { type: 'string' },
  prototypes: { type: 'string' },
  iterations: { type: 'string' },
  extend: { type: 'string' },
  'burn-in': { type: 'string' },
  seed: { type: 'string' },
  chains: { type: 'string' },
  alpha: { type: 'string' },
  q: { type: 'string' },
  lambda: { type: 'string' },
  c: { type: 'string' },
  'learn-alpha': { type: 'boolean' },
  'checkpoint-every': { type: 'string' },
  dataset: { type: 'string' },
  model: { type: 'string' },
  case: { type: 'string', multiple: true },
  row: { type: 'string' },
  top: { type: 'string' },
  batch: { type: 'string' },
  'include-query': { type: 'boolean' },
  'model-ranking': { type: 'boolean' },
  absences: { type: 'boolean' },
  weight: { type: 'string', multiple: true },
  qrels: { type: 'string' },
  svmrank: { type: 'string' },
  export: { type: 'string' },
  port: { type: 'string' },
  quasi: { type: 'string' },
  k: { type: 'string' },
  memorization: { type: 'boolean' },
  format: { type: 'string', multiple: true },
  redact: { type: 'string' },
  sections: { type: 'string' },
  title: { type: 'string' },
  pin: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

export type Flag = keyof typeof OPTIONS;

const IMPORT_FLAGS: Flag[] = ['label', 'kind', 'image'];
const FIT_FLAGS: Flag[] = ['prototypes', 'iterations', 'burn-in', 'seed', 'chains', 'alpha', 'q', 'lambda', 'c', 'learn-alpha', 'checkpoint-every'];

/** The flags each command honours (besides --json, --verbose and --help). */
export const COMMAND_FLAGS: Record<string, Flag[]> = {
  import: ['out', ...IMPORT_FLAGS],
  fit: ['out', 'dataset', 'absences', ...IMPORT_FLAGS, ...FIT_FLAGS],
  show: ['model', 'absences'],
  resume: ['model', 'extend', 'absences'],
  predict: ['model', 'case'],
  evaluate: ['model'],
  edit: ['model', 'iterations', 'absences'],
  similar: ['model', 'row', 'case', 'batch', 'top', 'include-query', 'model-ranking', 'weight', 'pin'],
  judge: ['qrels', 'svmrank', 'dataset', 'export', 'out', 'model'],
  rank: ['model'],
  demo: [],
  serve: ['port'],
  audit: ['model', 'quasi', 'k', 'memorization'],
  report: ['model', 'format', 'out', 'redact', 'sections', 'quasi', 'k', 'title'],
};

export type Args = ReturnType<typeof parseCommandLine>;

export function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's messages ("Unknown option '--prototype'. To specify a positional argument starting with a '-'…")
    // are rewritten into one sentence with the nearest flag.
    const m = /Unknown option '(-{1,2})([^']+)'/.exec((e as Error).message);
    if (m) throw new UsageError(`Unknown flag ${m[1]}${m[2]}.${didYouMean(m[2], Object.keys(OPTIONS), (s) => `--${s}`)}`);
    const v = /Option '(--[^ ']+)[^']*' argument (missing|is ambiguous)/.exec((e as Error).message);
    if (v) throw new UsageError(`${v[1]} needs a value${v[2] === 'is ambiguous' ? ` (a value starting with -, such as a negative number, is written ${v[1]}=-1)` : ''}.`);
    throw new UsageError((e as Error).message.split('. ')[0] + '.');
  }
  const command = parsed.positionals[0];
  const allowed = command ? COMMAND_FLAGS[command] : undefined;
  if (allowed) {
    const given = Object.keys(parsed.values).filter((k) => !['json', 'verbose', 'help'].includes(k)) as Flag[];
    const refused = given.filter((k) => !allowed.includes(k));
    if (refused.length)
      throw new UsageError(
        `${command} does not take --${refused[0]}${refused[0] === 'iterations' && command === 'resume' ? ' (to run longer, give --extend N: N more sweeps)' : ''}; it takes ${
          allowed.length ? allowed.map((f) => `--${f}`).join(', ') : 'no flags'
        }.`,
      );
  }
  return parsed;
}

export function int(args: Args, name: Flag, fallback?: number, min = 0): number {
  const raw = args.values[name as 'seed'];
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required.`);
    return fallback;
  }
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, not "${raw}".`);
  return v;
}

export function optionalInt(args: Args, name: Flag, min = 0): number | undefined {
  return args.values[name as 'seed'] === undefined ? undefined : int(args, name, undefined, min);
}

/** A number flag; the range itself is checked at the API boundary, with the same message as for the app. */
export function num(args: Args, name: 'alpha' | 'q' | 'lambda' | 'c'): number | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, not "${raw}".`);
  return v;
}

const KIND_OPTIONS = 'bins=N, edges=a|b, delimiter=;, vocabulary=N, min-df=N, max-df=N, stopwords=english|none|w1|w2, missing=absent|unknown';

/** `--kind COL=KIND[:opt=v,...]` → overrides for the importer (which checks the columns exist). */
export function parseKinds(specs: string[] = []): Record<string, Partial<ColumnSpec>> {
  const out: Record<string, Partial<ColumnSpec>> = {};
  for (const spec of specs) {
    const m = /^([^=]+)=([a-z]+)(?::(.*))?$/.exec(spec);
    if (!m || !COLUMN_KINDS.includes(m[2] as ColumnKind))
      throw new UsageError(
        `--kind "${spec}": expected COLUMN=KIND[:option=value,...] with KIND one of ${COLUMN_KINDS.join(', ')}.${m ? didYouMean(m[2], COLUMN_KINDS) : ''}`,
      );
    const o: Partial<ColumnSpec> = { kind: m[2] as ColumnKind };
    for (const opt of m[3] ? m[3].split(',') : []) {
      const [k, v] = opt.split('=');
      if (k === 'bins') o.bins = Number(v);
      else if (k === 'edges') o.edges = v.split('|').map(Number);
      else if (k === 'delimiter') o.delimiter = v;
      else if (k === 'vocabulary') o.vocabularyCap = Number(v);
      else if (k === 'min-df') o.minDf = Number(v);
      else if (k === 'max-df') o.maxDf = Number(v);
      else if (k === 'stopwords') o.stopWords = v === 'english' || v === 'none' ? v : v.split('|');
      else if (k === 'missing' && (v === 'absent' || v === 'unknown')) o.missing = v;
      else throw new UsageError(`--kind "${spec}": unknown option "${k}${k === 'missing' ? `=${v}` : ''}" (${KIND_OPTIONS}).`);
      if ([o.bins, o.vocabularyCap, o.minDf, o.maxDf, ...(o.edges ?? [])].some((x) => x !== undefined && !Number.isFinite(x)))
        throw new UsageError(`--kind "${spec}": option "${k}" needs a number.`);
    }
    out[m[1]] = o;
  }
  return out;
}

/** `col=value;col=value`, or a JSON object (for values holding `;`, e.g. sets), → a partly filled case. */
export function parseCase(text: string): Record<string, string | null> {
  if (text.trim().startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--case ${text}: ${(e as Error).message}`);
    }
  }
  const out: Record<string, string | null> = {};
  for (const part of text.split(';').filter(Boolean)) {
    const k = part.indexOf('=');
    if (k < 1) throw new UsageError(`--case "${text}": expected col=value;col=value.`);
    out[part.slice(0, k).trim()] = part.slice(k + 1).trim();
  }
  return out;
}
