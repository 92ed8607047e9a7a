// Cell-level conventions shared by the readers, inference and encoding.

/** A cell after reading: trimmed text, or null when missing. */
export type Cell = string | null;

/**
 * Missing markers: an empty cell, `?` (ARFF, Weka), `NA` and `N/A` (R, spreadsheets), `null` (JSON, SQL
 * dumps); NA and null in any case. Surrounding spaces are dropped from every cell first.
 */
export function normaliseCell(raw: string): Cell {
  const s = raw.trim();
  const n = s.length;
  if (n === 0) return null;
  if (n > 4) return s;
  if (s === '?') return null;
  const l = s.toLowerCase();
  return l === 'na' || l === 'n/a' || l === 'null' ? null : s;
}

// Plain decimal numbers only: Number() would also take '0x1f', 'Infinity' and ' ' which are not data.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a cell holds, or NaN (also for a number too large for a double, such as `1e400`). */
export function parseNumber(s: string): number {
  if (!NUMBER.test(s)) return NaN;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

/** Written as a number but beyond ±1.8e308, where a double becomes Infinity: `1e400`, `-1e999`. */
export function isOutOfRange(s: string): boolean {
  return NUMBER.test(s) && !Number.isFinite(Number(s));
}

/** "not a number", or why a number-looking cell is not one; for messages. */
export function notANumber(s: string): string {
  return isOutOfRange(s) ? 'a usable number (beyond ±1.8e308, the range of a double)' : 'a number';
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 't', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'f', '0']);

/** 1 for true/yes/y/t/1, 0 for false/no/n/f/0 (any case), -1 for anything else. */
export function parseBoolean(s: string): number {
  if (s.length > 5) return -1;
  const l = s.toLowerCase();
  return TRUE_WORDS.has(l) ? 1 : FALSE_WORDS.has(l) ? 0 : -1;
}

/**
 * A dense vector cell: numbers separated by `;`, `,` or spaces, optionally in brackets (`[0.1, 0.2]`).
 * Returns null if any part is not a number.
 */
export function parseVector(s: string): number[] | null {
  const body = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  const parts = body.split(/[\s;,]+/);
  const out: number[] = [];
  for (const p of parts) {
    if (p === '') continue;
    const v = parseNumber(p);
    if (Number.isNaN(v)) return null;
    out.push(v);
  }
  return out;
}

/** Items of a set cell (shared with the app and the reports, which show them). */
export { setItems } from '../../../shared/data';
