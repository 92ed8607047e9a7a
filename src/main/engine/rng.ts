// The one source of randomness in the engine (STYLE.md: no Math.random). xoshiro128** 1.1 (Blackman & Vigna),
// seeded splitmix-style (a Weyl sequence through MurmurHash3's fmix32), with its whole state in 4 uint32 so a
// checkpoint can save and restore it and a resumed run draws exactly what an uninterrupted one would.
// rng.test.ts checks both against known answers from the published C (reference/xoshiro128ss.c).

export class Rng {
  /** xoshiro128** state: 4 × uint32. */
  readonly s = new Uint32Array(4);

  constructor(seed: number | Uint32Array) {
    if (typeof seed === 'number') {
      let x = seed >>> 0;
      for (let i = 0; i < 4; i++) {
        // Weyl step, then MurmurHash3's fmix32 finaliser
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        this.s[i] = (z ^ (z >>> 16)) >>> 0;
      }
      if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
    } else {
      this.s.set(seed);
    }
  }

  /** A copy of the state, for checkpoints. */
  state(): Uint32Array {
    return this.s.slice();
  }

  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1), 32-bit resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Fills out[0..count) with uniforms in [0, 1): the same numbers as `count` calls of next(), generated in
   * one tight loop for the sampler's inner loops.
   */
  fill(out: Float64Array, count = out.length): Float64Array {
    const st = this.s;
    let s0 = st[0], s1 = st[1], s2 = st[2], s3 = st[3];
    for (let k = 0; k < count; k++) {
      const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      out[k] = r / 4294967296;
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
    return out;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller; one of the pair is dropped to keep the state simple). */
  normal(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through the boost x·U^(1/shape). */
  gamma(shape: number): number {
    if (shape < 1) {
      let u = this.next();
      while (u === 0) u = this.next();
      return this.gamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A draw from Dirichlet(alpha), written into out. */
  dirichlet(alpha: ArrayLike<number>, out: Float64Array = new Float64Array(alpha.length)): Float64Array {
    let sum = 0;
    for (let k = 0; k < alpha.length; k++) sum += out[k] = this.gamma(alpha[k]);
    for (let k = 0; k < alpha.length; k++) out[k] /= sum;
    return out;
  }

  /** Index drawn with probability proportional to w[0..n). */
  categorical(w: ArrayLike<number>, n = w.length): number {
    let total = 0;
    for (let k = 0; k < n; k++) total += w[k];
    let u = this.next() * total;
    for (let k = 0; k < n - 1; k++) {
      u -= w[k];
      if (u < 0) return k;
    }
    return n - 1;
  }

  /** An independent stream for chain `k`, derived from this seed. */
  static forChain(seed: number, chain: number): Rng {
    return new Rng((Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(chain + 1, 0x85ebca77)) >>> 0);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
