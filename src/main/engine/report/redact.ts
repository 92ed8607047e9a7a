// Redaction for reports. Two layers: the report builder replaces every value of a redacted column where the
// document holds one (a prototype's values, φ's value names, a ranking's explanations, the data summary), and
// this net then scrubs any free text (warnings, reasons, titles) of the redacted columns' values, matched as
// whole words, so a sentence that quotes a value cannot leak it either.
import { REDACTED } from '../../../shared/report/types';

/** Words as the net compares them: letters, digits and the joiners of e-mail addresses and record numbers. */
const WORD = /[\p{L}\p{N}@._+-]+/gu;

const words = (s: string) => (s.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/^[._+-]+|[._+-]+$/g, '')).filter(Boolean);

/**
 * Values too plain to scrub from free text: a bare number or a one- or two-letter code would wipe row
 * numbers, counts and words out of every sentence. Such values are still removed wherever the document holds
 * them as values; only the free-text net leaves them alone.
 */
export function scrubbable(value: string): boolean {
  const v = value.trim();
  return v.length >= 3 && !/^[-+]?\d+(\.\d+)?%?$/.test(v);
}

export class Redactor {
  /** Each secret as its words joined by one space. */
  private readonly secrets = new Set<string>();
  /** The most words in a secret (the longest run of words the scan tries). */
  private longest = 0;

  constructor(readonly columns: ReadonlySet<string>) {}

  get active(): boolean {
    return this.columns.size > 0;
  }

  redacts(column: string): boolean {
    return this.columns.has(column);
  }

  /** A value of `column`: itself, or REDACTED when the column is redacted. */
  value<T extends string | null>(column: string, value: T): T | string {
    return value !== null && this.columns.has(column) ? REDACTED : value;
  }

  /** Remembers a value of a redacted column, so free text quoting it is scrubbed. */
  addSecret(value: string): void {
    if (!scrubbable(value)) return;
    const w = words(value);
    if (!w.length) return;
    this.secrets.add(w.join(' '));
    this.longest = Math.max(this.longest, w.length);
  }

  /** Free text with every remembered value, as whole words (any case), replaced by REDACTED. */
  scrub(text: string): string {
    if (!this.secrets.size || !text) return text;
    const spans: { start: number; end: number; word: string }[] = [];
    for (const m of text.matchAll(WORD)) {
      const trimmed = m[0].replace(/^[._+-]+/, '');
      const lead = m[0].length - trimmed.length;
      const word = trimmed.replace(/[._+-]+$/, '');
      if (word) spans.push({ start: m.index! + lead, end: m.index! + lead + word.length, word: word.toLowerCase() });
    }
    const cut: { start: number; end: number }[] = [];
    for (let i = 0; i < spans.length; i++) {
      // The longest run of words from here that is a secret.
      let phrase = '';
      let hit = -1;
      for (let k = i; k < Math.min(spans.length, i + this.longest); k++) {
        phrase = k === i ? spans[k].word : `${phrase} ${spans[k].word}`;
        if (this.secrets.has(phrase)) hit = k;
      }
      if (hit >= 0) {
        cut.push({ start: spans[i].start, end: spans[hit].end });
        i = hit;
      }
    }
    let out = text;
    for (let c = cut.length - 1; c >= 0; c--) out = out.slice(0, cut[c].start) + REDACTED + out.slice(cut[c].end);
    return out;
  }

  /** Every string in a JSON-like value scrubbed (keys too), the rest kept. */
  scrubDeep<T>(value: T): T {
    if (!this.secrets.size) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.scrub(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.scrub(k), walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}
