// Special functions in double precision. lgamma: Lanczos (g = 7, n = 9, Numerical Recipes 3rd ed. §6.1
// coefficients as used by Boost/SciPy); digamma: recurrence to x >= 10 then the asymptotic series
// (Abramowitz & Stegun 6.3.18) through x^-12, whose first omitted term, 1/(12x^14), is below 1e-15 there.
// special.test.ts checks both against mpmath (cross-checked with SciPy; reference/special.py) over the
// whole range Exemplar uses: within 5e-15, relative above 1 and absolute below.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

export function digamma(x: number): number {
  let r = 0;
  // From x >= 6 with one term fewer the error reached 9e-12 (the first omitted term, 691/(32760x^12)).
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - (691 / 32760) * f)))));
}

/** log(Σ exp(v[k])) without overflow. */
export function logSumExp(v: ArrayLike<number>, n = v.length): number {
  let m = -Infinity;
  for (let k = 0; k < n; k++) if (v[k] > m) m = v[k];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp(v[k] - m);
  return m + Math.log(s);
}
