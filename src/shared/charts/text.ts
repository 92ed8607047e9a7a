// Text measured without a DOM. The charts must lay out identically in Node and in the page, so widths come
// from a fixed table of advance widths (em units, close to the system UI fonts: San Francisco, Segoe UI, Roboto)
// rather than from a font engine; they err on the wide side so truncated labels fit.

const NARROW = new Set([...`iljtfrI.,:;'|!()[]{} `]);
const WIDE = new Set([...'mwMW@%']);

/** Approximate advance width of `s` at `fontSize` px. */
export function textWidth(s: string, fontSize: number): number {
  let em = 0;
  for (const ch of s) {
    if (NARROW.has(ch)) em += 0.3;
    else if (WIDE.has(ch)) em += 0.88;
    else if (ch >= '0' && ch <= '9') em += 0.6; // tabular figures
    else if (ch >= 'A' && ch <= 'Z') em += 0.68;
    else em += 0.56;
  }
  return em * fontSize;
}

/** `s`, or as much of it as fits in `maxWidth` px followed by "…"; '' when not even one letter and "…" fit. */
export function truncate(s: string, maxWidth: number, fontSize: number): string {
  if (textWidth(s, fontSize) <= maxWidth) return s;
  const chars = [...s];
  for (let n = chars.length - 1; n >= 1; n--) {
    const t = chars.slice(0, n).join('').trimEnd() + '…';
    if (textWidth(t, fontSize) <= maxWidth) return t;
  }
  return '';
}
