import { describe, expect, it } from 'vitest';
import { count, timeAgo } from './format';

describe('count', () => {
  // The reference is Intl itself (Node's ICU), which count stands in for. Planting Math.round(n) for the
  // rounding of the magnitude turns -0.5 into "-0" (Intl: "-1") and fails here (tried).
  const intl = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
  const values = [
    0, -0, 1, -1, 0.4, -0.4, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994, 999, 1000, -1000, 1234, 12_345.5, 99_999.5,
    100_000, 1_000_000, 123_456_789, -987_654_321.49, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e20, 9.99e20, 1e21, 1e22, -1e25,
    NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE,
  ];
  for (let k = 0, x = 1; k < 400; k++, x = x * 1.37 + 0.31) values.push(x, -x, Math.floor(x), Math.floor(x) + 0.5);

  it('writes every number as Intl.NumberFormat("en", { maximumFractionDigits: 0 }) does', () => {
    for (const v of values) expect(count(v), String(v)).toBe(intl.format(v));
  });
});

describe('timeAgo', () => {
  it('writes a date as toLocaleString("en", medium date, short time) does, and leaves what is not a date', () => {
    for (const iso of ['2026-11-30T15:05:00Z', '1999-12-31T23:59:59.999Z', '2024-02-29T00:00:00Z', '2026-07-04T12:30:00+02:00', '1970-01-01T00:00:00Z'])
      expect(timeAgo(iso), iso).toBe(new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }));
    expect(timeAgo('not a date')).toBe('not a date');
  });
});
