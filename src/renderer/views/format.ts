// Numbers and names as the views print them: tabular, short, the same everywhere.
let int: Intl.NumberFormat | undefined;

/**
 * 12,345: what Intl.NumberFormat('en', { maximumFractionDigits: 0 }) writes, built by hand for every finite
 * number below 1e21. The page's first Intl call loads ICU's locale data, 15–50 ms on the main thread; made at
 * module load (as this was) it lengthened the first task past 50 ms, and counts are printed on every view.
 */
export function count(n: number): string {
  const a = Math.abs(n);
  // NaN, ±∞ and numbers String() would write with an exponent: Intl's own words.
  if (!(a < 1e21)) return (int ??= new Intl.NumberFormat('en', { maximumFractionDigits: 0 })).format(n);
  // Intl rounds half away from zero and keeps the sign of −0 and of a negative that rounds to 0 ("-0").
  const digits = String(Math.round(a)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 || Object.is(n, -0) ? `-${digits}` : digits;
}
export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
export const pct = (x: number, digits = 0) => `${(100 * x).toFixed(digits)}%`;
export const prob = (x: number) => x.toFixed(2);
export const fixed = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** "12 s", "3 min 5 s", "1 h 4 min". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 1) return '< 1 s';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A feature as the user reads it: `ingredients=garlic` → "garlic" (the column is context), else the name. */
export function featureLabel(name: string): string {
  const k = name.indexOf('=');
  return k > 0 ? name.slice(k + 1) : name;
}

let dateTime: Intl.DateTimeFormat | undefined;

/** "Nov 30, 2026, 3:05 PM", as Date's toLocaleString('en', medium date, short time) writes it. */
export function timeAgo(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  // One formatter for every call: toLocaleString builds a new one each time (about 1 ms apiece, the first one
  // 10–20 ms), and the Fit view's model list, redrawn while a fit runs, asked for one per model.
  return (dateTime ??= new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })).format(t);
}
