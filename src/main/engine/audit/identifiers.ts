// Identifier-like columns: the traces that let a reader tell who a case is, and which generative models are
// found to memorise most (issue 8, "Audits"). One pass over the raw cells, in any number of chunks, with a
// reason for each column flagged. Heuristics, stated so a user can judge them: a column is flagged when most
// of its values look like one kind of identifier, or when almost every value is its own.
import type { ColumnKind } from '../../../shared/data';

export interface IdentifierFinding {
  column: string;
  reason: string;
}

/** Share of a column's known values that must look alike before the column is called by that kind. */
const SHARE = 0.5;
/** Distinct ÷ known at or above which a column is "nearly unique". */
const NEARLY_UNIQUE = 0.95;
/** Fewer known values than this say nothing about uniqueness (five cases are always five distinct ones). */
const MIN_KNOWN = 20;
/** Distinct values kept per column: beyond it the column is counted as unique so far, and memory stays bounded. */
const DISTINCT_CAP = 200_000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
// Digits with separators or a leading +: a bare integer is a count or a code, not a phone number.
const PHONE = /^\+?[\d\s().-]+$/;
const ISO_DATE = /^(1[89]|20)\d\d-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])([ T].*)?$/;
const DMY_DATE = /^(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|[12]\d|3[01])[/.-]((1[89]|20)?\d\d)$/;
// Two or three capitalised words, an initial allowed between: "Ada Lovelace", "John Q. Public".
const PERSON = /^[A-Z][a-z'’-]+(\s+[A-Z]\.?)?(\s+[A-Z][a-z'’-]+){1,2}$/;
// A code of letters then at least four digits, or digits alone of five or more: MRN-004512, A1234567, 0012345.
const RECORD = /^([A-Z]{1,4}[-#/ ]?\d{4,}|#?\d{5,})$/i;
// What de-identification tools leave behind.
const MARKER = /\[(REDACTED|REMOVED|PII|NAME|ANONYMI[SZ]ED)\]|\*{3,}|\bX{3,}\b|<(NAME|PERSON|EMAIL|PHONE|ADDRESS|DATE|ID|LOCATION|PATIENT)[^>]*>/i;
const NAME_HINT = /(^|[^a-z])(first_?name|last_?name|surname|full_?name|name|e-?mail|phone|mobile|tel|dob|birth|ssn|passport|mrn|patient|address|record)([^a-z]|$)/i;
const BIRTH_HINT = /dob|birth/i;

interface ColumnScan {
  known: number;
  distinct: Set<string>;
  overflow: boolean;
  email: number;
  phone: number;
  date: number;
  person: number;
  record: number;
  integer: number;
  decimal: number;
  marker: number;
  markerExample: string | null;
}

function digitsIn(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) k++;
  return k;
}

/** Feed raw rows (cells in column order) with `add`, then read the findings. */
export class IdentifierScan {
  private readonly scans: ColumnScan[];

  constructor(private readonly columns: { name: string; kind: ColumnKind }[]) {
    this.scans = columns.map(() => ({ known: 0, distinct: new Set(), overflow: false, email: 0, phone: 0, date: 0, person: 0, record: 0, integer: 0, decimal: 0, marker: 0, markerExample: null }));
  }

  add(cells: readonly (string | null)[]): void {
    for (let c = 0; c < this.scans.length; c++) {
      const raw = cells[c];
      if (raw === null || raw === undefined) continue;
      const v = raw.trim();
      if (!v || v === '?') continue;
      const s = this.scans[c];
      s.known++;
      if (!s.overflow) {
        s.distinct.add(v);
        if (s.distinct.size > DISTINCT_CAP) s.overflow = true;
      }
      const m = MARKER.exec(v);
      if (m) {
        s.marker++;
        s.markerExample ??= m[0];
      }
      if (v.length > 200) continue; // free text: only markers are looked for in it
      if (EMAIL.test(v)) s.email++;
      else if (ISO_DATE.test(v) || DMY_DATE.test(v)) s.date++;
      else if (PHONE.test(v) && /[\s().+-]/.test(v) && digitsIn(v) >= 7 && digitsIn(v) <= 15) s.phone++;
      else if (PERSON.test(v)) s.person++;
      if (RECORD.test(v)) s.record++;
      if (/^-?\d+$/.test(v)) s.integer++;
      else if (/^-?\d*\.\d+(e-?\d+)?$/i.test(v)) s.decimal++;
    }
  }

  findings(): IdentifierFinding[] {
    const out: IdentifierFinding[] = [];
    this.columns.forEach((col, c) => {
      const s = this.scans[c];
      const reasons: string[] = [];
      const share = (k: number) => s.known > 0 && k / s.known >= SHARE;
      const pct = (k: number) => `${Math.round((100 * k) / s.known)}%`;
      if (s.marker > 0) reasons.push(`${s.marker} value${s.marker > 1 ? 's hold' : ' holds'} a de-identification marker (${s.markerExample})`);
      if (share(s.email)) reasons.push(`${pct(s.email)} of its values are e-mail addresses`);
      if (share(s.phone)) reasons.push(`${pct(s.phone)} of its values look like phone numbers`);
      if (share(s.date)) reasons.push(`${pct(s.date)} of its values are dates${BIRTH_HINT.test(col.name) ? ' of birth' : ''}`);
      if (share(s.person)) reasons.push(`${pct(s.person)} of its values look like people's names`);
      const distinct = s.overflow ? s.known : s.distinct.size;
      const unique = s.known >= MIN_KNOWN && distinct / s.known >= NEARLY_UNIQUE;
      // Measurements with decimals are nearly unique by nature; they are quasi-identifiers, not identifiers.
      // Item lists and free text are nearly unique by nature too: in them only markers and e-mails are looked for.
      const measured = s.decimal / Math.max(1, s.known) >= SHARE || col.kind === 'set' || col.kind === 'text';
      if (unique && share(s.record)) reasons.push(`${pct(s.record)} of its values look like record numbers, ${distinct === s.known ? 'all' : 'nearly all'} distinct`);
      else if (unique && !measured) reasons.push(distinct === s.known ? `every value is unique (${distinct} of ${s.known})` : `nearly every value is unique (${distinct} distinct of ${s.known})`);
      if (!reasons.length && NAME_HINT.test(col.name) && s.known >= MIN_KNOWN && distinct / s.known >= 0.5 && !measured)
        reasons.push(`its name suggests personal data and ${distinct} of its ${s.known} values are distinct`);
      if (reasons.length) out.push({ column: col.name, reason: reasons.join('; ') });
    });
    return out;
  }
}

/** Columns a reader could combine with outside data to single someone out (Sweeney's ZIP, birth date, sex). */
const QUASI_HINT = /(^|[^a-z])(age|sex|gender|zip|zipcode|postcode|postal|birth|dob|race|ethnicity|city|county|occupation|job|marital)([^a-z]|$)/i;

/** Quasi-identifier columns the audit proposes when the user names none: by name, and date columns. */
export function proposeQuasiIdentifiers(columns: { name: string; kind: ColumnKind }[], findings: IdentifierFinding[]): string[] {
  const flagged = new Map(findings.map((f) => [f.column, f.reason]));
  return columns
    // Columns left out of the model count too: a prototype is shown with all of its raw cells.
    .filter((c) => c.kind !== 'vector' && c.kind !== 'text')
    .filter((c) => {
      const reason = flagged.get(c.name);
      // A column unique on its own already singles everyone out: it is an identifier, not a quasi-identifier.
      // A date (of birth) is the classic quasi-identifier even when nearly unique.
      if (reason && /dates/.test(reason)) return true;
      if (reason && /unique|e-mail|phone|names|record numbers/.test(reason)) return false;
      return QUASI_HINT.test(c.name);
    })
    .map((c) => c.name);
}
