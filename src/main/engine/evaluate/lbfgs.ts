// Limited-memory BFGS (Nocedal & Wright, Numerical Optimization 2nd ed., Algorithm 7.4 two-loop recursion,
// Algorithm 7.5 outer loop) with a backtracking Armijo line search. Deterministic: no randomness, and a
// fixed order of floating-point operations, so the same input gives the same optimum bit for bit.

/** Writes ∇f(x) into grad and returns f(x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when max |∂f/∂x_j| ≤ gradientTolerance. */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Number of correction pairs kept (m in N&W). */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

export function minimize(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { gradientTolerance = 1e-8, maxIterations = 1000, memory = 10 } = options;
  const dim = x0.length;
  const x = x0.slice();
  const g = new Float64Array(dim);
  let fx = f(x, g);
  // Correction pairs, a ring buffer indexed by <slot, coordinate>.
  const S = new Float64Array(memory * dim);
  const Y = new Float64Array(memory * dim);
  const rho = new Float64Array(memory);
  const a = new Float64Array(memory);
  let stored = 0;
  let head = 0;
  const dir = new Float64Array(dim);
  const xNew = new Float64Array(dim);
  const gNew = new Float64Array(dim);

  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(g) <= gradientTolerance) return { x, value: fx, iterations: iter, converged: true };

    // Two-loop recursion: dir = −H·g.
    for (let j = 0; j < dim; j++) dir[j] = -g[j];
    for (let t = 0; t < stored; t++) {
      const slot = (head - 1 - t + memory) % memory;
      a[slot] = rho[slot] * dot(S, slot * dim, dir, dim);
      axpy(-a[slot], Y, slot * dim, dir, dim);
    }
    if (stored > 0) {
      const last = (head - 1 + memory) % memory;
      const yy = dot(Y, last * dim, Y.subarray(last * dim, last * dim + dim), dim);
      const gamma = 1 / (rho[last] * yy);
      for (let j = 0; j < dim; j++) dir[j] *= gamma;
    }
    for (let t = stored - 1; t >= 0; t--) {
      const slot = (head - 1 - t + memory) % memory;
      const b = rho[slot] * dot(Y, slot * dim, dir, dim);
      axpy(a[slot] - b, S, slot * dim, dir, dim);
    }
    let slope = dot(g, 0, dir, dim);
    if (slope >= 0) {
      // Not a descent direction (can only follow round-off): restart from steepest descent.
      for (let j = 0; j < dim; j++) dir[j] = -g[j];
      slope = -dot(g, 0, g, dim);
      stored = 0;
    }

    // Backtracking Armijo search; the first step is scaled so it moves at most a unit distance.
    let step = stored === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Infinity;
    for (let k = 0; k < 60; k++) {
      for (let j = 0; j < dim; j++) xNew[j] = x[j] + step * dir[j];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) return { x, value: fx, iterations: iter, converged: false };

    let sy = 0;
    const base = head * dim;
    for (let j = 0; j < dim; j++) {
      S[base + j] = xNew[j] - x[j];
      Y[base + j] = gNew[j] - g[j];
      sy += S[base + j] * Y[base + j];
    }
    // Skip the update when curvature is not positive (keeps H positive definite).
    if (sy > 1e-300) {
      rho[head] = 1 / sy;
      head = (head + 1) % memory;
      stored = Math.min(stored + 1, memory);
    }
    const previous = fx;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    // Stalled in floating point: no further progress is representable.
    if (previous - fx <= 1e-16 * Math.max(1, Math.abs(fx)) && maxAbs(g) <= Math.sqrt(gradientTolerance)) {
      return { x, value: fx, iterations: iter + 1, converged: true };
    }
  }
  return { x, value: fx, iterations: maxIterations, converged: maxAbs(g) <= gradientTolerance };
}

function dot(u: Float64Array, offset: number, v: Float64Array, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += u[offset + j] * v[j];
  return s;
}

function axpy(alpha: number, u: Float64Array, offset: number, v: Float64Array, dim: number): void {
  for (let j = 0; j < dim; j++) v[j] += alpha * u[offset + j];
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let j = 0; j < v.length; j++) m = Math.max(m, Math.abs(v[j]));
  return m;
}
