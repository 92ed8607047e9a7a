// lgΓ(base + k) for integer k in [0, max], tabulated once per base. Every Dirichlet-multinomial term of the
// collapsed BCM is lgΓ(pseudo-count + integer count), so the sampler looks them up instead of evaluating
// Lanczos sums in its inner loops.
import { lgamma } from '../special';

export class LgammaTables {
  private readonly tables = new Map<number, Float64Array>();
  constructor(private readonly max: number) {}

  /** indexed by k: lgΓ(base + k). */
  get(base: number): Float64Array {
    let t = this.tables.get(base);
    if (!t) {
      t = new Float64Array(this.max + 1);
      for (let k = 0; k <= this.max; k++) t[k] = lgamma(base + k);
      this.tables.set(base, t);
    }
    return t;
  }
}
