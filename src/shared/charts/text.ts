// Text measured without a DOM. The charts must lay out identically in Node and in the page, so widths come
// from a fixed table of advance widths in em rather than from a font engine. The table follows the widest
// common system UI font (DejaVu Sans, the Linux fallback; San Francisco, Segoe UI and Roboto are narrower),
// so a label cut to fit fits everywhere.

const NARROW = new Set([...`iljtfrI.,:;'|!()[]{} `]);
const WIDE = new Set([...'mwMW@%']);

/** Approximate advance width of `s` at `fontSize` px. */
export function textWidth(s: string, fontSize: number): number {
  let em = 0;
  for (const ch of s) {
    if (ch === '…') em += 1; // DejaVu's ellipsis is a full em
    else if (NARROW.has(ch)) em += 0.32;
    else if (WIDE.has(ch)) em += 0.92;
    else if (ch >= '0' && ch <= '9') em += 0.64; // tabular figures
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else em += 0.6;
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
