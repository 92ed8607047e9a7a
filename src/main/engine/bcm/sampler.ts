// The fast collapsed Gibbs sampler of the Bayesian Case Model: φ and π integrated out, z, p and ω sampled.
// reference.ts holds the slow, readable version of every conditional; sampler.test.ts checks the two agree
// and exact.test.ts checks both against the exact posterior of tiny models.
//
// Conditionals (n^{-ij} are counts without token ij; G_sj = Σ_v g_sjv = λV_j + λc·[peak]):
//   z:  P(z_ij = s) ∝ (n_is + α) · (n_sjv + g_sjv) / (n_sj + G_sj)                 (linear space, no log/exp)
//   p:  P(p_s = i) ∝ Π_{j: ω_sj = 1} DirMult(n_sj· | g(x_ij, 1)) / DirMult(n_sj· | g(none))   (log space)
//   ω:  P(ω_sj = b) ∝ q^b (1-q)^(1-b) · DirMult(n_sj· | g(x_{p_s j}, b))                      (log space)
// where DirMult(n | g) = Γ(Σg)/Γ(Σg + Σn) · Π_v Γ(g_v + n_v)/Γ(g_v). A prototype value that is missing
// puts no peak on the feature, so ω then follows its prior.
import { Rng } from '../rng';
import { LgammaTables } from './lgamma-table';
import { pack, unpack } from './pack';
import { arena, kernelsFor } from './zsweep';
import { learnSymmetricAlpha } from '../evaluate/alpha';
import {
  type BcmConstraints,
  type BcmData,
  type BcmParams,
  type BcmSummary,
  noConstraints,
  valueOffsets,
} from './model';

/** Sums over kept sweeps, with the layouts of BcmSampler's fields of the same names. */
interface Accumulators {
  piSum: Float64Array;
  omegaSum: Float64Array;
  phiSum: Float64Array;
  protoCounts: Map<number, number>[];
}

interface CheckpointMeta {
  sweep: number;
  alpha: number;
  kept: number;
  protoCounts: [number, number][][];
}

export class BcmSampler {
  readonly S: number;
  readonly n: number;
  readonly f: number;
  /** Total number of feature values T = Σ_j V_j. */
  readonly T: number;
  /** indexed by feature: start of feature j on a feature-value axis (length f + 1). */
  readonly off: Int32Array;
  alpha: number;
  sweep = 0;

  // State.
  /** indexed by <case, feature>: cluster of token ij, -1 where x_ij is missing. */
  readonly z: Int32Array;
  /** indexed by cluster: prototype case. */
  readonly p: Int32Array;
  /** indexed by <cluster, feature>: subspace indicator. */
  readonly omega: Uint8Array;

  // Counts derived from the state.
  /** indexed by <case, cluster>. */
  readonly nis: Int32Array;
  /** indexed by case: observed features. */
  readonly ni: Int32Array;
  /** indexed by <feature-value, cluster>. */
  readonly nsjv: Int32Array;
  /** indexed by <feature, cluster>. */
  readonly nsj: Int32Array;
  /** indexed by <feature, cluster>: the value carrying the peak λc, or -1. */
  readonly peak: Int32Array;
  /** indexed by <feature, cluster>: G_sj = Σ_v g_sjv. */
  readonly gsum: Float64Array;

  // Float mirrors of the counts, kept equal to their integer definitions (recomputed, never drifted), so the
  // z loop is three loads and two multiplications per cluster.
  /** indexed by <feature-value, cluster>: n_sjv + g_sjv. */
  private readonly numer: Float64Array;
  /** indexed by <feature, cluster>: 1 / (n_sj + G_sj). */
  private readonly invDen: Float64Array;
  /** indexed by <case, cluster>: n_is + α. */
  private readonly nisA: Float64Array;
  // The cases in a sparse form for scoring prototypes: each feature's most frequent value is its base, and a
  // case lists only the features where it differs from the base (most cases match it on most features).
  /** indexed by feature: the base value. */
  private readonly baseValue: Int32Array;
  /** indexed by case: where its differing entries start in `diffSlot` (length n + 1). */
  private readonly diffStart: Int32Array;
  /** Feature-value slots (off_j + x_ij) of the differing entries, or T + j where x_ij is missing. */
  private readonly diffSlot: Int32Array;

  // Posterior accumulators over kept sweeps.
  kept = 0;
  /** indexed by <case, cluster>. */
  readonly piSum: Float64Array;
  /** indexed by <cluster, feature>. */
  readonly omegaSum: Float64Array;
  /** indexed by <cluster, feature-value>. */
  readonly phiSum: Float64Array;
  /** indexed by cluster: prototype case → times it was the prototype. */
  readonly protoCounts: Map<number, number>[];

  private readonly lg: LgammaTables;
  private readonly cum: Float64Array;
  /** The z sweep and the prototype scores in WebAssembly (zsweep.wat), over arrays that live in its memory. */
  private readonly sweepZWasm: () => void;
  private readonly pScoresWasm: () => void;
  /** indexed by <slot, cluster>: see pLogWeights. */
  private readonly delta: Float64Array;
  /** indexed by value: one feature's peak gains (peakGain's output). */
  private readonly gainScratch: Float64Array;
  /** indexed by feature: this case's uniforms in the z sweep. */
  private readonly uniforms: Float64Array;
  /** indexed by <cluster, case>: log-weights of every case as each cluster's prototype. */
  private readonly logw: Float64Array;

  constructor(
    readonly data: BcmData,
    readonly params: BcmParams,
    readonly rng: Rng,
    readonly constraints: BcmConstraints = noConstraints(params.S, data.f),
    init = true,
  ) {
    const { n, f } = data;
    const S = params.S;
    if (S < 1) throw new Error('BCM needs at least one cluster');
    if (S > n) throw new Error(`BCM cannot have more prototypes (${S}) than cases (${n})`);
    this.S = S;
    this.n = n;
    this.f = f;
    this.off = valueOffsets(data.V);
    this.T = this.off[f];
    this.alpha = params.alpha;
    const T = this.T;
    const sparse = sparseCases(data, this.off);
    const mem = arena({
      x: [Int32Array, n * f], z: [Int32Array, n * f], off: [Int32Array, f + 1], nis: [Int32Array, n * S], nisA: [Float64Array, n * S],
      nsjv: [Int32Array, T * S], numer: [Float64Array, T * S], nsj: [Int32Array, f * S], invDen: [Float64Array, f * S],
      gsum: [Float64Array, f * S], peak: [Int32Array, f * S], cum: [Float64Array, S], uniforms: [Float64Array, f], rng: [Uint32Array, 4],
      diffStart: [Int32Array, n + 1], diffSlot: [Int32Array, sparse.diffSlot.length], delta: [Float64Array, (T + f) * S],
      logw: [Float64Array, S * n], acc: [Float64Array, S],
    });
    const v = mem.views;
    (v.x as Int32Array).set(data.x);
    (v.off as Int32Array).set(this.off);
    this.z = v.z as Int32Array;
    this.nis = v.nis as Int32Array;
    this.nisA = v.nisA as Float64Array;
    this.nsjv = v.nsjv as Int32Array;
    this.numer = v.numer as Float64Array;
    this.nsj = v.nsj as Int32Array;
    this.invDen = v.invDen as Float64Array;
    this.gsum = v.gsum as Float64Array;
    this.peak = v.peak as Int32Array;
    this.cum = v.cum as Float64Array;
    this.uniforms = v.uniforms as Float64Array;
    this.baseValue = sparse.baseValue;
    this.diffStart = v.diffStart as Int32Array;
    this.diffStart.set(sparse.diffStart);
    this.diffSlot = v.diffSlot as Int32Array;
    this.diffSlot.set(sparse.diffSlot);
    this.delta = v.delta as Float64Array;
    this.logw = v.logw as Float64Array;
    const at = mem.at;
    const kernels = kernelsFor(mem.memory);
    const rngState = v.rng as Uint32Array;
    this.sweepZWasm = () => {
      const { lambda, c } = this.params;
      rngState.set(this.rng.s);
      kernels.sweepZ(n, f, S, this.alpha, lambda, lambda + lambda * c, at.x, at.z, at.off, at.nis, at.nisA, at.nsjv, at.numer, at.nsj, at.invDen, at.gsum, at.peak, at.cum, at.rng);
      this.rng.s.set(rngState);
    };
    this.pScoresWasm = () => kernels.pScores(n, S, at.diffStart, at.diffSlot, at.delta, at.logw, at.acc);
    this.p = new Int32Array(S);
    this.omega = new Uint8Array(S * f);
    this.ni = new Int32Array(n);
    this.piSum = new Float64Array(n * S);
    this.omegaSum = new Float64Array(S * f);
    this.phiSum = new Float64Array(S * this.T);
    this.protoCounts = Array.from({ length: S }, () => new Map<number, number>());
    this.gainScratch = new Float64Array(data.V.reduce((m, v) => Math.max(m, v), 1));
    this.lg = new LgammaTables(Math.max(n, f) + 1);
    if (init) this.initialise();
  }

  /** Random start: distinct prototypes, ω from its prior, z uniform; then apply the user's constraints. */
  private initialise(): void {
    const { S, n, f, rng } = this;
    const { x } = this.data;
    const chosen = new Set<number>();
    for (let s = 0; s < S; s++) {
      const pin = this.constraints.pinned[s];
      if (pin >= 0) chosen.add(pin);
    }
    for (let s = 0; s < S; s++) {
      let c = this.constraints.pinned[s];
      if (c < 0) {
        do c = rng.int(n);
        while (chosen.has(c) && chosen.size < n);
        chosen.add(c);
      }
      this.p[s] = c;
      for (let j = 0; j < f; j++) {
        const fixed = this.constraints.omega[s * f + j];
        this.omega[s * f + j] = fixed >= 0 ? fixed : rng.next() < this.params.q ? 1 : 0;
      }
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < f; j++) this.z[i * f + j] = x[i * f + j] < 0 ? -1 : rng.int(S);
    this.recount();
  }

  /** Rebuilds every count and peak from z, p and ω. */
  recount(): void {
    const { S, n, f, off } = this;
    const { x } = this.data;
    this.nis.fill(0);
    this.ni.fill(0);
    this.nsjv.fill(0);
    this.nsj.fill(0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < f; j++) {
        const s = this.z[i * f + j];
        if (s < 0) continue;
        this.nis[i * S + s]++;
        this.ni[i]++;
        this.nsjv[(off[j] + x[i * f + j]) * S + s]++;
        this.nsj[j * S + s]++;
      }
    for (let s = 0; s < S; s++) this.updatePeaks(s);
    this.refreshAlpha();
  }

  /** Recomputes n_is + α for every case (after a change of α). */
  private refreshAlpha(): void {
    for (let k = 0; k < this.nis.length; k++) this.nisA[k] = this.nis[k] + this.alpha;
  }

  private updatePeaks(s: number): void {
    const { S, f } = this;
    const { x, V } = this.data;
    const { lambda, c } = this.params;
    const pbase = this.p[s] * f;
    const off = this.off;
    for (let j = 0; j < f; j++) {
      const v = this.omega[s * f + j] ? x[pbase + j] : -1;
      const js = j * S + s;
      this.peak[js] = v;
      this.gsum[js] = lambda * V[j] + (v >= 0 ? lambda * c : 0);
      this.invDen[js] = 1 / (this.nsj[js] + this.gsum[js]);
      for (let u = 0; u < V[j]; u++) {
        const k = (off[j] + u) * S + s;
        this.numer[k] = this.nsjv[k] + (u === v ? lambda + lambda * c : lambda);
      }
    }
  }

  /** One Gibbs sweep: every z_ij, then every p_s, then every ω_sj. */
  step(): void {
    this.sampleZ();
    this.sampleP();
    for (let s = 0; s < this.S; s++) this.sampleOmega(s);
    this.sweep++;
    const { burnIn, learnAlpha: learn, thin } = this.params;
    if (learn && this.sweep <= burnIn && this.sweep % 10 === 0) {
      this.alpha = learnSymmetricAlpha(this.nis, this.n, this.S, this.alpha).alpha;
      this.refreshAlpha();
    }
    if (this.sweep > burnIn && (this.sweep - burnIn) % thin === 0) this.accumulate();
  }

  /** WebAssembly normally; `useJs` runs the TypeScript loops, which it must equal bit for bit. */
  useJs = false;
  /** Protected so exact.test.ts can plant broken z steps in a subclass and show its check rejects them. */
  protected sampleZ(): void {
    if (this.useJs) this.sampleZJs();
    else this.sweepZWasm();
  }

  /** The z sweep in TypeScript: the readable form of zsweep.wat (bit-identical; sampler.test.ts). */
  sampleZJs(): void {
    const { S, n, f, z, cum, rng, uniforms } = this;
    const { x } = this.data;
    for (let i = 0; i < n; i++) {
      const base = i * f;
      rng.fill(uniforms, f); // one uniform per feature of the case, missing ones included, so draws stay aligned
      for (let j = 0; j < f; j++) {
        if (x[base + j] < 0) continue;
        this.moveToken(i, j, z[base + j], -1);
        // The first t with cum[t] > u is the number of cum values ≤ u: counted without branches, which the
        // processor cannot predict here.
        const u = uniforms[j] * this.zCumulative(i, j);
        let s = 0;
        for (let t = 0; t < S - 1; t++) s += cum[t] <= u ? 1 : 0;
        z[base + j] = s;
        this.moveToken(i, j, s, 1);
      }
    }
  }

  /** Adds (by = 1) or removes (by = -1) token ij to or from cluster s's counts, keeping the float mirrors exact. */
  private moveToken(i: number, j: number, s: number, by: 1 | -1): void {
    const { S, f, off, nis, nisA, nsjv, numer, nsj, invDen, gsum, peak, alpha } = this;
    const v = this.data.x[i * f + j];
    const lambda = this.params.lambda;
    const fv = (off[j] + v) * S;
    const js = j * S;
    nisA[i * S + s] = (nis[i * S + s] += by) + alpha;
    numer[fv + s] = (nsjv[fv + s] += by) + (peak[js + s] === v ? lambda + lambda * this.params.c : lambda);
    invDen[js + s] = 1 / ((nsj[js + s] += by) + gsum[js + s]);
  }

  /**
   * Fills cum[0..S) with the running sums of (n_is + α) · (n_sjv + g_sjv) / (n_sj + G_sj), the unnormalised
   * z conditional of token ij, which must be out of the counts; returns the total.
   */
  private zCumulative(i: number, j: number): number {
    const { S, f, off, nisA, numer, invDen, cum } = this;
    const fv = (off[j] + this.data.x[i * f + j]) * S;
    const js = j * S;
    const nb = i * S;
    let total = 0;
    for (let t = 0; t < S; t++) cum[t] = total += nisA[nb + t] * numer[fv + t] * invDen[js + t];
    return total;
  }

  /**
   * P(z_ij = s | everything else) for every cluster s, from the sums the z sweep draws from (zCumulative);
   * the state is left as it was. sampler.test.ts compares it with referenceZConditional.
   */
  zConditional(i: number, j: number): Float64Array {
    const { S, cum } = this;
    const s = this.z[i * this.f + j];
    if (s < 0) throw new Error(`x[${i}, ${j}] is missing: it has no z`);
    this.moveToken(i, j, s, -1);
    const total = this.zCumulative(i, j);
    const out = new Float64Array(S);
    for (let t = 0; t < S; t++) out[t] = (cum[t] - (t > 0 ? cum[t - 1] : 0)) / total;
    this.moveToken(i, j, s, 1);
    return out;
  }

  /**
   * Fills out[0..V_j) with log DirMult(n_sj· | peak at v) − log DirMult(n_sj· | no peak): the change in the
   * log-likelihood of feature j of cluster s when the prototype's value is v and ω_sj = 1.
   */
  peakGain(s: number, j: number, out: Float64Array): void {
    const { S, off } = this;
    const V = this.data.V[j];
    const { lambda, c } = this.params;
    const N = this.nsj[j * S + s];
    const lgL = this.lg.get(lambda);
    const lgP = this.lg.get(lambda * (1 + c));
    const lgV = this.lg.get(lambda * V);
    const lgVc = this.lg.get(lambda * V + lambda * c);
    const shared = lgVc[0] - lgVc[N] - lgV[0] + lgV[N];
    for (let v = 0; v < V; v++) {
      const nv = this.nsjv[(off[j] + v) * S + s];
      out[v] = shared + lgP[nv] - lgP[0] - lgL[nv] + lgL[0];
    }
  }

  /**
   * Log-weights (up to a constant per cluster) of every case as prototype of every cluster, indexed by
   * <cluster, case>. Prototype conditionals depend only on their own cluster's counts, so all clusters are
   * scored in one pass over the cases; a case costs one S-vector add per feature where it differs from the
   * base values (the base case's own score is a constant per cluster, which the draw ignores).
   */
  pLogWeights(): Float64Array {
    const { S, n, f, off, T, logw, baseValue, diffStart, diffSlot, delta } = this;
    const { V } = this.data;
    // delta indexed by <slot, cluster>: gain of the slot's value minus gain of the feature's base value, for
    // slots off_j + v, then T + j (missing: no peak, gain 0). Features outside a subspace have no gain.
    delta.fill(0);
    const column = this.gainScratch;
    for (let s = 0; s < S; s++)
      for (let j = 0; j < f; j++) {
        if (!this.omega[s * f + j]) continue;
        this.peakGain(s, j, column);
        const base = column[baseValue[j]];
        for (let v = 0; v < V[j]; v++) delta[(off[j] + v) * S + s] = column[v] - base;
        delta[(T + j) * S + s] = -base;
      }
    if (!this.useJs) {
      this.pScoresWasm();
      return logw;
    }
    const acc = new Float64Array(S);
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      for (let k = diffStart[i]; k < diffStart[i + 1]; k++) {
        const g = diffSlot[k] * S;
        for (let s = 0; s < S; s++) acc[s] += delta[g + s];
      }
      for (let s = 0; s < S; s++) logw[s * n + i] = acc[s];
    }
    return logw;
  }

  private sampleP(): void {
    const { S, n } = this;
    const logw = this.pLogWeights();
    for (let s = 0; s < S; s++) {
      if (this.constraints.pinned[s] >= 0) continue;
      this.p[s] = drawFromLogWeights(logw.subarray(s * n, (s + 1) * n), n, this.rng);
      this.updatePeaks(s);
    }
  }

  /** log P(ω_sj = 1 | rest) − log P(ω_sj = 0 | rest). */
  omegaLogOdds(s: number, j: number): number {
    const { q } = this.params;
    const v = this.data.x[this.p[s] * this.f + j];
    const prior = Math.log(q) - Math.log1p(-q);
    if (v < 0) return prior;
    this.peakGain(s, j, this.gainScratch);
    return prior + this.gainScratch[v];
  }

  private sampleOmega(s: number): void {
    const { f } = this;
    for (let j = 0; j < f; j++) {
      const fixed = this.constraints.omega[s * f + j];
      if (fixed >= 0) {
        this.omega[s * f + j] = fixed;
        continue;
      }
      const lo = this.omegaLogOdds(s, j);
      // P(ω = 1) = 1 / (1 + e^{-lo}), evaluated on the side that cannot overflow.
      const p1 = lo >= 0 ? 1 / (1 + Math.exp(-lo)) : Math.exp(lo) / (1 + Math.exp(lo));
      this.omega[s * f + j] = this.rng.next() < p1 ? 1 : 0;
    }
    this.updatePeaks(s);
  }

  /** log P(x, z, p, ω) with φ and π integrated out: the quantity traced per sweep. */
  logJoint(): number {
    const { S, n, f, off, alpha } = this;
    const { V } = this.data;
    const { lambda, c, q } = this.params;
    const lgA = this.lg.get(alpha);
    const lgSA = this.lg.get(S * alpha);
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += lgSA[0] - lgSA[this.ni[i]];
      for (let s = 0; s < S; s++) total += lgA[this.nis[i * S + s]] - lgA[0];
    }
    const lgL = this.lg.get(lambda);
    const lgP = this.lg.get(lambda * (1 + c));
    const logQ = Math.log(q);
    const logNotQ = Math.log1p(-q);
    for (let j = 0; j < f; j++) {
      const lgV = this.lg.get(lambda * V[j]);
      const lgVc = this.lg.get(lambda * V[j] + lambda * c);
      for (let s = 0; s < S; s++) {
        const pk = this.peak[j * S + s];
        const N = this.nsj[j * S + s];
        total += pk >= 0 ? lgVc[0] - lgVc[N] : lgV[0] - lgV[N];
        for (let v = 0; v < V[j]; v++) {
          const nv = this.nsjv[(off[j] + v) * S + s];
          total += v === pk ? lgP[nv] - lgP[0] : lgL[nv] - lgL[0];
        }
        total += this.omega[s * f + j] ? logQ : logNotQ;
      }
    }
    return total - S * Math.log(n);
  }

  /** Adds the current state to the posterior accumulators: one kept sweep. */
  accumulate(): void {
    this.addStateTo(this);
    this.kept++;
  }

  private addStateTo(acc: Accumulators): void {
    const { S, n, f, off, alpha } = this;
    const { V } = this.data;
    const lambda = this.params.lambda;
    const lc = lambda * this.params.c;
    for (let i = 0; i < n; i++) {
      const d = 1 / (this.ni[i] + S * alpha);
      for (let s = 0; s < S; s++) acc.piSum[i * S + s] += (this.nis[i * S + s] + alpha) * d;
    }
    for (let s = 0; s < S; s++) {
      for (let j = 0; j < f; j++) {
        acc.omegaSum[s * f + j] += this.omega[s * f + j];
        const pk = this.peak[j * S + s];
        const d = 1 / (this.nsj[j * S + s] + this.gsum[j * S + s]);
        for (let v = 0; v < V[j]; v++)
          acc.phiSum[s * this.T + off[j] + v] += (this.nsjv[(off[j] + v) * S + s] + (v === pk ? lambda + lc : lambda)) * d;
      }
      const m = acc.protoCounts[s];
      m.set(this.p[s], (m.get(this.p[s]) ?? 0) + 1);
    }
  }

  /**
   * Posterior summaries over the kept sweeps. With none kept yet (a chain stopped or ending during burn-in)
   * it describes the current state alone, with kept = 0, from scratch accumulators: summary() never changes
   * the chain, so the checkpoint runChain takes after it resumes exactly as an uninterrupted chain runs on.
   */
  summary(): BcmSummary {
    const { S, n, f, kept } = this;
    const acc = kept > 0 ? (this as Accumulators) : this.currentStateOnly();
    const k = 1 / Math.max(kept, 1);
    const pi = acc.piSum.map((v) => v * k);
    const sizes = new Int32Array(S);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let s = 1; s < S; s++) if (pi[i * S + s] > pi[i * S + best]) best = s;
      sizes[best]++;
    }
    const prototypes = acc.protoCounts.map((m) => {
      const ranked = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([row, c]) => ({ row, frequency: c * k }));
      return { row: ranked[0].row, frequency: ranked[0].frequency, alternatives: ranked.slice(1, 5) };
    });
    return {
      S,
      n,
      f,
      kept,
      alpha: this.alpha,
      prototypes,
      subspace: acc.omegaSum.map((v) => v * k),
      pi,
      phi: acc.phiSum.map((v) => v * k),
      offsets: this.off,
      sizes,
    };
  }

  /** Accumulators holding the current state alone, apart from the chain's own. */
  private currentStateOnly(): Accumulators {
    const { S, n, f, T } = this;
    const acc = { piSum: new Float64Array(n * S), omegaSum: new Float64Array(S * f), phiSum: new Float64Array(S * T), protoCounts: Array.from({ length: S }, () => new Map<number, number>()) };
    this.addStateTo(acc);
    return acc;
  }

  /** Everything needed to continue this chain exactly where it is. */
  checkpoint(): Uint8Array {
    const meta: CheckpointMeta = {
      sweep: this.sweep,
      alpha: this.alpha,
      kept: this.kept,
      protoCounts: this.protoCounts.map((m) => [...m.entries()]),
    };
    return pack(meta, {
      z: this.z,
      p: this.p,
      omega: this.omega,
      rng: this.rng.state(),
      piSum: this.piSum,
      omegaSum: this.omegaSum,
      phiSum: this.phiSum,
    });
  }

  static restore(data: BcmData, params: BcmParams, bytes: Uint8Array, constraints?: BcmConstraints): BcmSampler {
    const { meta, arrays } = unpack<CheckpointMeta>(bytes);
    const sampler = new BcmSampler(data, params, new Rng(arrays.rng as Uint32Array), constraints, false);
    sampler.z.set(arrays.z);
    sampler.p.set(arrays.p);
    sampler.omega.set(arrays.omega);
    sampler.piSum.set(arrays.piSum);
    sampler.omegaSum.set(arrays.omegaSum);
    sampler.phiSum.set(arrays.phiSum);
    sampler.sweep = meta.sweep;
    sampler.alpha = meta.alpha;
    sampler.kept = meta.kept;
    meta.protoCounts.forEach((entries, s) => entries.forEach(([row, c]) => sampler.protoCounts[s].set(row, c)));
    sampler.applyConstraints();
    return sampler;
  }

  /** Imposes the constraints on the current state (after an iBCM edit) and restarts the accumulators. */
  applyConstraints(): void {
    const { S, f } = this;
    for (let s = 0; s < S; s++) {
      if (this.constraints.pinned[s] >= 0) this.p[s] = this.constraints.pinned[s];
      for (let j = 0; j < f; j++) {
        const fixed = this.constraints.omega[s * f + j];
        if (fixed >= 0) this.omega[s * f + j] = fixed;
      }
    }
    this.recount();
  }

  /** Forgets the accumulated summaries, so a resample after an edit summarises only its own sweeps. */
  resetSummaries(): void {
    this.kept = 0;
    this.piSum.fill(0);
    this.omegaSum.fill(0);
    this.phiSum.fill(0);
    for (const m of this.protoCounts) m.clear();
  }
}

/** The sparse form of the cases used to score prototypes (see BcmSampler.pLogWeights). */
function sparseCases(data: BcmData, off: Int32Array): { baseValue: Int32Array; diffStart: Int32Array; diffSlot: Int32Array } {
  const { n, f, V, x } = data;
  const T = off[f];
  const counts = new Int32Array(T); // indexed by feature-value
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) if (x[i * f + j] >= 0) counts[off[j] + x[i * f + j]]++;
  const baseValue = new Int32Array(f);
  for (let j = 0; j < f; j++) for (let v = 1; v < V[j]; v++) if (counts[off[j] + v] > counts[off[j] + baseValue[j]]) baseValue[j] = v;
  // Two passes (count, then fill) so a large table never builds a JS array of its entries.
  const diffStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let j = 0; j < f; j++) if (x[i * f + j] !== baseValue[j]) d++;
    diffStart[i + 1] = diffStart[i] + d;
  }
  const diffSlot = new Int32Array(diffStart[n]);
  for (let i = 0, k = 0; i < n; i++)
    for (let j = 0; j < f; j++) {
      const v = x[i * f + j];
      if (v !== baseValue[j]) diffSlot[k++] = v < 0 ? T + j : off[j] + v;
    }
  return { baseValue, diffStart, diffSlot };
}

/**
 * Draws i with probability ∝ exp(logw[i]), subtracting the maximum first (log-sum-exp). The weights are
 * exponentiated in place: logw is scratch.
 */
export function drawFromLogWeights(logw: Float64Array, n: number, rng: Rng): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (logw[i] > max) max = logw[i];
  const w = logw;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i] = Math.exp(logw[i] - max);
  let u = rng.next() * total;
  for (let i = 0; i < n - 1; i++) {
    u -= w[i];
    if (u < 0) return i;
  }
  return n - 1;
}
