import { describe, expect, it } from 'vitest';
import { Redactor, scrubbable } from './redact';

describe('Redactor', () => {
  const r = new Redactor(new Set(['patient', 'ward']));
  for (const v of ['Dorothea Thistlewood', 'dorothea.t@example.org', 'Ward 7B', 'A&E', '47', 'x']) r.addSecret(v);

  it('scrubs values quoted in free text as whole words, in any case, longest first', () => {
    expect(r.scrub('Row 12 is DOROTHEA   thistlewood, of ward 7b.')).toBe('Row 12 is [redacted], of [redacted].');
    expect(r.scrub('mail dorothea.t@example.org now')).toBe('mail [redacted] now');
    // Only whole words: "Dorothea" alone, or "Thistlewoodson", is another word.
    expect(r.scrub('Dorothea; Thistlewoodson')).toBe('Dorothea; Thistlewoodson');
  });

  it('leaves bare numbers and one- or two-letter codes to the structured redaction (they would wipe counts and words)', () => {
    expect(scrubbable('47')).toBe(false);
    expect(scrubbable('x')).toBe(false);
    expect(scrubbable('A&E')).toBe(true);
    expect(r.scrub('47 cases, k = 47')).toBe('47 cases, k = 47');
  });

  it('scrubs every string of a document, keys included, and replaces a redacted column’s values', () => {
    expect(r.scrubDeep({ a: ['Ward 7B', 3, null], 'Dorothea Thistlewood': true })).toEqual({ a: ['[redacted]', 3, null], '[redacted]': true });
    expect(r.value('ward', 'Ward 7B')).toBe('[redacted]');
    expect(r.value('legs', '4')).toBe('4');
    expect(r.value('ward', null)).toBeNull();
  });
});
